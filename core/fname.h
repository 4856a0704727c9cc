#ifndef FNAME_H
#define FNAME_H

#include "core/strbuf.h"

/*
 * A file name as valid UTF-8, for everything that stores or prints it
 * (import_file.path, the run ledger, reports, packages). Names are bytes:
 * a name that is valid UTF-8 is kept as is; one that is valid GB18030 (a
 * Windows machine in China wrote it) is transcoded; anything else has each
 * byte that is not part of a valid UTF-8 character written as "\xNN".
 * Control characters (C0 and DEL) are written as "\xNN" in every case, so
 * the name is safe in a terminal, a CSV cell and an XML text. The raw
 * bytes stay the name to open the file with.
 */
void fname_utf8(struct strbuf *out, const char *raw);

/* 1 when s is valid UTF-8 without control characters. */
int fname_is_clean(const char *s);

#endif
