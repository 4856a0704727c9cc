#ifndef UNIT_H
#define UNIT_H

/*
 * Included by every unit test: cmocka needs these headers first, then the
 * project's common header. Tests print TAP (CMOCKA_MESSAGE_OUTPUT=TAP is
 * set by tests/run.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/common.h"

/* A fresh temporary directory for a test; caller frees the path. */
char *unit_tmpdir(void);

#endif
