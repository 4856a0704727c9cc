#ifndef CSV_H
#define CSV_H

#include <stdio.h>

#include "core/strbuf.h"

/*
 * A streaming RFC 4180 reader for the CSV importers, with the text
 * encoding detected and converted on the way in.
 *
 * Encodings: UTF-8 (with or without BOM) or GB18030. csv_detect() reads
 * the whole stream once in bounded memory: strictly valid UTF-8 (no
 * overlong forms, surrogates or code points above U+10FFFF) is UTF-8;
 * otherwise the stream must decode as GB18030 with iconv; otherwise it is
 * undecodable (EC_DATA) and the caller rejects the file whole. The reader
 * decodes again while parsing and fails with EC_DATA if the bytes no longer
 * decode (the file changed), so every byte it hands out is valid UTF-8.
 * A leading U+FEFF (UTF-8 or GB18030 BOM) is dropped.
 *
 * Records: fields separated by ',', records by LF, CRLF or CR alone
 * outside quotes (issue 12: a file saved with CR line ends);
 * a quoted field may hold commas, newlines and doubled quotes (""). A
 * record's number is the line on which it starts. Empty lines are skipped
 * (and counted). Memory is bounded: a field longer than CSV_MAX_FIELD, a
 * record longer than CSV_MAX_RECORD or with more than CSV_MAX_FIELDS fields
 * is still read to its end, but handed out with `problem` set and its
 * values cut, so the caller quarantines it. The same goes for a NUL byte,
 * a quote inside an unquoted field and text after a closing quote. A quoted
 * field still open at the end of the stream makes csv_next fail with
 * EC_DATA: no record boundary after it can be trusted.
 */
#define CSV_MAX_FIELD 16384  /* bytes of one field value */
#define CSV_MAX_RECORD 65536 /* bytes of the values of one record */
#define CSV_MAX_FIELDS 64    /* fields of one record */
#define CSV_RAW_KEEP 4096    /* bytes of raw record text kept (quarantine) */

enum csv_encoding { CSV_UTF8, CSV_GB18030 };

/* Read f to its end, decide its encoding, and rewind it. name is for
 * messages. EC_DATA when the stream is neither UTF-8 nor GB18030, EC_IO on
 * a read error. *bom is set when the stream starts with a byte-order mark. */
int csv_detect(FILE *f, const char *name, enum csv_encoding *enc, int *bom,
	       struct strbuf *err);
const char *csv_encoding_name(enum csv_encoding enc);

/* One record, valid until the next csv_next or csv_close. */
struct csv_record {
	long line;           /* line on which the record starts (1-based) */
	size_t nfields;
	const char **field;  /* NUL-terminated UTF-8 values */
	const size_t *len;   /* their lengths */
	const char *raw;     /* the record's text, up to CSV_RAW_KEEP bytes, */
	size_t raw_len;      /*   cut on a character boundary, no NUL bytes */
	const char *problem; /* NULL, or why the record is malformed */
};

struct csv_reader;

/* Read f (positioned at its start) in encoding enc; f stays the caller's. */
struct csv_reader *csv_open(FILE *f, const char *name, enum csv_encoding enc);
/* 1 with a record, 0 at the end, or a negative EC_* code with err set. */
int csv_next(struct csv_reader *r, struct csv_record *rec, struct strbuf *err);
/* Empty lines skipped so far. */
long csv_blank_lines(const struct csv_reader *r);
void csv_close(struct csv_reader *r);

/* 1 when s[0..len) is strictly valid UTF-8. */
int csv_utf8_valid(const char *s, size_t len);

#endif
