#ifndef ARCHIVE_H
#define ARCHIVE_H

#include <stddef.h>
#include <sys/types.h>

#include "core/strbuf.h"

/*
 * The libarchive wrapper: the only file that calls libarchive. Reading
 * never extracts to disk. (Names are arc_* so as not to collide with
 * libarchive's own archive_*.)
 */
const char *arc_library_version(void);

/*
 * A byte stream from a plain or compressed file (gzip, and whatever
 * libarchive's filters recognise), or from standard input for "-".
 * Truncated or corrupt compressed data is an EC_DATA error from
 * arc_stream_read; the plain-file case reads the file as is.
 */
struct arc_stream;
int arc_stream_open(const char *path, struct arc_stream **out,
		    struct strbuf *err);
/* Bytes read (>0), 0 at end, <0 on error. */
ssize_t arc_stream_read(struct arc_stream *s, void *buf, size_t len,
			struct strbuf *err);
/* 1 when the input was compressed. */
int arc_stream_compressed(const struct arc_stream *s);
void arc_stream_close(struct arc_stream *s);

/*
 * A gzip file writer, deterministic (no timestamp, no name in the gzip
 * header), for large generated logs. arc_gzip_close finishes the stream,
 * reports any error and always frees g.
 */
struct arc_gzip;
int arc_gzip_open(const char *path, struct arc_gzip **out, struct strbuf *err);
int arc_gzip_write(struct arc_gzip *g, const void *buf, size_t len,
		   struct strbuf *err);
int arc_gzip_close(struct arc_gzip *g, struct strbuf *err);

#endif
