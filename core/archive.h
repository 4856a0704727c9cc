#ifndef ARCHIVE_H
#define ARCHIVE_H

#include <stddef.h>
#include <stdint.h>
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

/*
 * Limits on what a compressed input may expand to (docs/operation.md,
 * [monitoring] max_unpacked_mb and max_ratio): at most one compression
 * layer (a gzip inside a gzip is refused at open), at most max_bytes of
 * decompressed data, and no more than max_ratio decompressed bytes per
 * compressed byte once ARC_RATIO_GRACE bytes are out. Breaking one is an
 * EC_DATA error naming the limit. Zero fields take the defaults.
 */
#define ARC_DEFAULT_MAX_MB 4096
#define ARC_DEFAULT_MAX_RATIO 200
#define ARC_RATIO_GRACE (1 << 20)
struct arc_limits {
	int64_t max_bytes;
	double max_ratio;
};

/* The same stream over bytes the caller reads (read returns >0, 0 at end,
 * <0 with err set), so that the caller sees every byte (to hash them). */
typedef ssize_t (*arc_read_fn)(void *data, void *buf, size_t len,
			       struct strbuf *err);
int arc_stream_open_fn(const char *name, arc_read_fn read, void *data,
		       const struct arc_limits *lim, struct arc_stream **out,
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

/*
 * A deterministic .tar.gz writer (docs/export.md, files): pax restricted format (plain
 * ustar headers unless a name or size needs more), every member a regular
 * file of mode 0644 owned by uid/gid 0 "root", with the one mtime given;
 * gzip level 6 with no timestamp and no file name in its header. Members go
 * in the order added: the caller sorts. Writes to fd, which the caller owns
 * (and syncs). Memory stays bounded: file members are streamed.
 */
struct arc_writer;
int arc_writer_open(int fd, const char *name, int64_t mtime,
		    struct arc_writer **out, struct strbuf *err);
/* Add the file at src as member (its size is taken when added). */
int arc_writer_add_file(struct arc_writer *w, const char *member,
			const char *src, struct strbuf *err);
int arc_writer_add_data(struct arc_writer *w, const char *member,
			const void *data, size_t len, struct strbuf *err);
/* Finish the archive; frees w. */
int arc_writer_close(struct arc_writer *w, struct strbuf *err);
/* Abandon a writer after an error (NULL is fine). */
void arc_writer_free(struct arc_writer *w);

/*
 * A tar (plain or gzip) member reader that never extracts: it reports each
 * member's type, path and size and hands out its bytes. Read every member
 * and call arc_reader_next until it returns 0, so that truncation and gzip
 * errors surface (EC_DATA).
 */
enum arc_type { ARC_FILE, ARC_DIR, ARC_SYMLINK, ARC_HARDLINK, ARC_DEVICE, ARC_OTHER };

struct arc_member {
	const char *path; /* valid until the next call */
	enum arc_type type;
	int64_t size;
};

struct arc_reader;
int arc_reader_open(const char *path, struct arc_reader **out,
		    struct strbuf *err);
/* 1 member read, 0 end of archive, <0 error. */
int arc_reader_next(struct arc_reader *r, struct arc_member *m,
		    struct strbuf *err);
/* Bytes of the current member: >0, 0 at its end, <0 error. */
ssize_t arc_reader_read(struct arc_reader *r, void *buf, size_t len,
			struct strbuf *err);
void arc_reader_close(struct arc_reader *r);
const char *arc_type_name(enum arc_type t);

#endif
