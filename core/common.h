#ifndef COMMON_H
#define COMMON_H

/*
 * Included first by every source file: the system headers everybody needs,
 * the allocation wrappers, the error codes and, last, banned.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wrapper.h"
#include "core/strbuf.h"
#include "core/error.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#include "core/banned.h"

#endif
