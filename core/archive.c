#include "core/common.h"
#include "core/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <pthread.h>

/*
 * Read-ahead: arc_stream_read's first call starts a thread that reads and
 * decompresses the input (and runs the caller's reader, which hashes it)
 * into ARC_AHEAD_BLOCKS blocks while the caller parses the previous ones,
 * so a .gz import uses the second core (docs/scaling.md). The thread owns
 * the libarchive handle and the limits from then on; a block carries
 * bytes, the end (0) or an error (its code and message), which the caller
 * gets in order. arc_stream_close stops and joins the thread. When no
 * thread can be started the reads are made in the caller's thread.
 */
#define ARC_AHEAD_BLOCKS 4
#define ARC_AHEAD_SIZE (256 << 10)

struct arc_block {
	char *buf;
	ssize_t n;   /* bytes, 0 at the end, < 0 an error (message in err) */
	size_t off;  /* bytes of it the caller has taken */
	struct strbuf err;
};

struct arc_stream {
	struct archive *a;
	char *name;
	int compressed;
	/* the caller's reader (arc_stream_open_fn), else NULL */
	arc_read_fn read;
	void *read_data;
	struct strbuf read_err; /* its error, passed on by arc_stream_read */
	int read_failed;
	char *rbuf;
	/* limits and what came out so far */
	struct arc_limits lim;
	int64_t out;
	/* read-ahead: 0 not started, 1 running, -1 reading in the caller */
	int ahead, stop;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct arc_block blk[ARC_AHEAD_BLOCKS];
	unsigned head, count; /* the caller's block; blocks filled */
};

const char *arc_library_version(void)
{
	return archive_version_details();
}

static la_ssize_t stream_cb_read(struct archive *a, void *data,
				 const void **buf)
{
	struct arc_stream *s = data;
	ssize_t n = s->read(s->read_data, s->rbuf, 65536, &s->read_err);

	*buf = s->rbuf;
	if (n < 0) {
		s->read_failed = 1;
		archive_set_error(a, EIO, "%s", s->read_err.buf);
		return ARCHIVE_FATAL;
	}
	return n;
}

static void set_limits(struct arc_stream *s, const struct arc_limits *lim)
{
	s->lim.max_bytes = lim && lim->max_bytes > 0
				   ? lim->max_bytes
				   : (int64_t)ARC_DEFAULT_MAX_MB << 20;
	s->lim.max_ratio = lim && lim->max_ratio > 0 ? lim->max_ratio
						     : ARC_DEFAULT_MAX_RATIO;
}

static const char *arc_why(struct arc_stream *s, const char *dflt)
{
	if (s->read_failed && s->read_err.len)
		return s->read_err.buf;
	return archive_error_string(s->a) ? archive_error_string(s->a) : dflt;
}

/* After the open: the first header, and the number of layers. */
static int stream_start(struct arc_stream *s, int r, struct strbuf *err)
{
	struct archive_entry *e;
	int code;

	if (r != ARCHIVE_OK) {
		code = archive_errno(s->a) == ENOENT ? EC_NOINPUT : EC_DATA;
		if (s->read_failed)
			code = EC_IO;
		ec_error(err, code, "cannot open '%s': %s", s->name,
			 arc_why(s, "unreadable"));
		return code;
	}
	/* filter 0 is the innermost decoder (its output is the data), the
	 * last one is the file itself ("none"): more than two filters is
	 * compression inside compression, the shape of a decompression bomb */
	if (archive_filter_count(s->a) > 2)
		return ec_error(err, EC_DATA,
				"'%s': compressed %d times (%s inside %s): at most"
				" one compression layer is accepted",
				s->name, archive_filter_count(s->a) - 1,
				archive_filter_name(s->a, 0),
				archive_filter_name(s->a, 1));
	r = archive_read_next_header(s->a, &e);
	if (r == ARCHIVE_EOF) {
		/* empty input: reads as zero bytes */
	} else if (r != ARCHIVE_OK) {
		code = s->read_failed ? EC_IO : EC_DATA;
		ec_error(err, code, "cannot read '%s': %s", s->name,
			 arc_why(s, "unreadable"));
		return code;
	}
	s->compressed = archive_filter_count(s->a) > 1;
	return 0;
}

static struct arc_stream *stream_new(const char *name,
				     const struct arc_limits *lim)
{
	struct arc_stream *s = xcalloc(1, sizeof(*s));

	s->name = xstrdup(name);
	strbuf_init(&s->read_err, 0);
	set_limits(s, lim);
	s->a = archive_read_new();
	archive_read_support_filter_all(s->a);
	archive_read_support_format_raw(s->a);
	archive_read_support_format_empty(s->a);
	return s;
}

int arc_stream_open(const char *path, struct arc_stream **out,
		    struct strbuf *err)
{
	struct arc_stream *s = stream_new(strcmp(path, "-") ? path : "(stdin)", NULL);
	int r, rc;

	*out = NULL;
	if (!strcmp(path, "-"))
		r = archive_read_open_fd(s->a, 0, 65536);
	else
		r = archive_read_open_filename(s->a, path, 65536);
	if ((rc = stream_start(s, r, err))) {
		arc_stream_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

int arc_stream_open_fn(const char *name, arc_read_fn read, void *data,
		       const struct arc_limits *lim, struct arc_stream **out,
		       struct strbuf *err)
{
	struct arc_stream *s = stream_new(name, lim);
	int r, rc;

	*out = NULL;
	s->read = read;
	s->read_data = data;
	s->rbuf = xmalloc(65536);
	r = archive_read_open(s->a, s, NULL, stream_cb_read, NULL);
	if ((rc = stream_start(s, r, err))) {
		arc_stream_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* The caps on a compressed stream, checked after each block. */
static int check_limits(struct arc_stream *s, struct strbuf *err)
{
	int64_t in;

	if (s->out > s->lim.max_bytes)
		return ec_error(err, EC_DATA,
				"'%s': decompresses to more than %lld MiB"
				" (monitoring.max_unpacked_mb); refused",
				s->name, (long long)(s->lim.max_bytes >> 20));
	in = archive_filter_bytes(s->a, -1);
	if (s->out > ARC_RATIO_GRACE && in > 0 &&
	    (double)s->out > s->lim.max_ratio * (double)in)
		return ec_error(err, EC_DATA,
				"'%s': expands more than %g times (%lld bytes from"
				" %lld; monitoring.max_ratio); refused",
				s->name, s->lim.max_ratio, (long long)s->out,
				(long long)in);
	return 0;
}

/* One read from libarchive, in whichever thread reads. */
static ssize_t read_direct(struct arc_stream *s, void *buf, size_t len,
			   struct strbuf *err)
{
	la_ssize_t n = archive_read_data(s->a, buf, len);

	if (n < 0 && s->read_failed)
		return ec_error(err, EC_IO, "'%s': %s", s->name, s->read_err.buf);
	if (n < 0 && archive_format(s->a) != ARCHIVE_FORMAT_EMPTY)
		return ec_error(err, EC_DATA, "'%s': %s", s->name,
				arc_why(s, "read error"));
	if (n > 0 && s->compressed) {
		int rc;

		s->out += n;
		if ((rc = check_limits(s, err)))
			return rc;
	}
	return n < 0 ? 0 : n;
}

static void *ahead_main(void *arg)
{
	struct arc_stream *s = arg;
	unsigned tail = 0;

	for (;;) {
		struct arc_block *b = &s->blk[tail];

		pthread_mutex_lock(&s->mu);
		while (s->count == ARC_AHEAD_BLOCKS && !s->stop)
			pthread_cond_wait(&s->cv, &s->mu);
		if (s->stop) {
			pthread_mutex_unlock(&s->mu);
			break;
		}
		pthread_mutex_unlock(&s->mu);
		/* block tail is not among the filled ones: ours alone */
		b->off = 0;
		b->n = read_direct(s, b->buf, ARC_AHEAD_SIZE, &b->err);
		pthread_mutex_lock(&s->mu);
		s->count++;
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
		if (b->n <= 0)
			break; /* the end, or an error: nothing more to read */
		tail = (tail + 1) % ARC_AHEAD_BLOCKS;
	}
	return NULL;
}

static void ahead_start(struct arc_stream *s)
{
	s->ahead = -1;
	if (pthread_mutex_init(&s->mu, NULL))
		return;
	if (pthread_cond_init(&s->cv, NULL)) {
		pthread_mutex_destroy(&s->mu);
		return;
	}
	for (int i = 0; i < ARC_AHEAD_BLOCKS; i++) {
		s->blk[i].buf = xmalloc(ARC_AHEAD_SIZE);
		strbuf_init(&s->blk[i].err, 0);
	}
	if (pthread_create(&s->thread, NULL, ahead_main, s)) {
		for (int i = 0; i < ARC_AHEAD_BLOCKS; i++) {
			free(s->blk[i].buf);
			strbuf_release(&s->blk[i].err);
		}
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->mu);
		return;
	}
	s->ahead = 1;
}

ssize_t arc_stream_read(struct arc_stream *s, void *buf, size_t len,
			struct strbuf *err)
{
	struct arc_block *b;
	size_t c;

	if (!s->ahead)
		ahead_start(s);
	if (s->ahead < 0)
		return read_direct(s, buf, len, err);
	pthread_mutex_lock(&s->mu);
	while (!s->count)
		pthread_cond_wait(&s->cv, &s->mu);
	pthread_mutex_unlock(&s->mu);
	b = &s->blk[s->head];
	if (b->n < 0) { /* the same error on every later call */
		if (err) {
			strbuf_reset(err);
			strbuf_add(err, b->err.buf, b->err.len);
		}
		return b->n;
	}
	if (b->n == 0)
		return 0;
	c = (size_t)b->n - b->off;
	if (c > len)
		c = len;
	memcpy(buf, b->buf + b->off, c);
	b->off += c;
	if (b->off == (size_t)b->n) {
		pthread_mutex_lock(&s->mu);
		s->head = (s->head + 1) % ARC_AHEAD_BLOCKS;
		s->count--;
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
	}
	return (ssize_t)c;
}

int arc_stream_compressed(const struct arc_stream *s)
{
	return s->compressed;
}

void arc_stream_close(struct arc_stream *s)
{
	if (!s)
		return;
	if (s->ahead > 0) {
		pthread_mutex_lock(&s->mu);
		s->stop = 1;
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->thread, NULL);
		for (int i = 0; i < ARC_AHEAD_BLOCKS; i++) {
			free(s->blk[i].buf);
			strbuf_release(&s->blk[i].err);
		}
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->mu);
	}
	if (s->a)
		archive_read_free(s->a);
	free(s->name);
	free(s->rbuf);
	strbuf_release(&s->read_err);
	free(s);
}

struct arc_gzip {
	struct archive *a;
	char *path;
};

static int gzip_fail(struct arc_gzip *g, struct strbuf *err, const char *what)
{
	const char *why = archive_error_string(g->a);

	return ec_error(err, EC_IO, "%s '%s': %s", what, g->path,
			why ? why : "write error");
}

int arc_gzip_open(const char *path, struct arc_gzip **out, struct strbuf *err)
{
	struct arc_gzip *g = xcalloc(1, sizeof(*g));
	struct archive_entry *e = NULL;
	int rc = 0;

	*out = NULL;
	g->path = xstrdup(path);
	g->a = archive_write_new();
	if (archive_write_add_filter_gzip(g->a) != ARCHIVE_OK ||
	    archive_write_set_format_raw(g->a) != ARCHIVE_OK ||
	    archive_write_set_options(g->a, "gzip:!timestamp,gzip:compression-level=1") != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(g->a, 65536) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(g->a, 1) != ARCHIVE_OK) {
		rc = gzip_fail(g, err, "cannot set up gzip for");
		goto out;
	}
	if (archive_write_open_filename(g->a, path) != ARCHIVE_OK) {
		rc = gzip_fail(g, err, "cannot create");
		goto out;
	}
	e = archive_entry_new();
	archive_entry_set_pathname(e, "data");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	if (archive_write_header(g->a, e) != ARCHIVE_OK) {
		rc = gzip_fail(g, err, "cannot write");
		goto out;
	}
out:
	archive_entry_free(e);
	if (rc) {
		archive_write_free(g->a);
		free(g->path);
		free(g);
		return rc;
	}
	*out = g;
	return 0;
}

int arc_gzip_write(struct arc_gzip *g, const void *buf, size_t len,
		   struct strbuf *err)
{
	const char *p = buf;

	while (len) {
		la_ssize_t n = archive_write_data(g->a, p, len);

		if (n <= 0)
			return gzip_fail(g, err, "cannot write");
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int arc_gzip_close(struct arc_gzip *g, struct strbuf *err)
{
	int rc = 0;

	if (!g)
		return 0;
	if (archive_write_close(g->a) != ARCHIVE_OK)
		rc = gzip_fail(g, err, "cannot finish");
	archive_write_free(g->a);
	free(g->path);
	free(g);
	return rc;
}

/* ---- deterministic writer ---- */

struct arc_writer {
	struct archive *a;
	struct archive_entry *e;
	char *name;
	int64_t mtime;
};

static int writer_fail(struct arc_writer *w, struct strbuf *err, const char *what)
{
	return ec_error(err, EC_IO, "writing '%s': %s: %s", w->name, what,
			archive_error_string(w->a) ? archive_error_string(w->a)
						   : "archive error");
}

int arc_writer_open(int fd, const char *name, int64_t mtime,
		    struct arc_writer **out, struct strbuf *err)
{
	struct arc_writer *w = xcalloc(1, sizeof(*w));
	int rc = 0;

	*out = NULL;
	w->name = xstrdup(name);
	w->mtime = mtime;
	w->a = archive_write_new();
	w->e = archive_entry_new();
	if (archive_write_set_format_pax_restricted(w->a) != ARCHIVE_OK ||
	    archive_write_add_filter_gzip(w->a) != ARCHIVE_OK ||
	    /* no mtime in the gzip header ("!timestamp"), default level 6 */
	    archive_write_set_filter_option(w->a, "gzip", "timestamp", NULL) != ARCHIVE_OK ||
	    archive_write_set_filter_option(w->a, "gzip", "compression-level", "6") != ARCHIVE_OK ||
	    archive_write_open_fd(w->a, fd) != ARCHIVE_OK) {
		rc = writer_fail(w, err, "cannot start");
		arc_writer_free(w);
		return rc;
	}
	*out = w;
	return 0;
}

static int writer_header(struct arc_writer *w, const char *member, int64_t size,
			 struct strbuf *err)
{
	archive_entry_clear(w->e);
	archive_entry_set_pathname(w->e, member);
	archive_entry_set_filetype(w->e, AE_IFREG);
	archive_entry_set_perm(w->e, 0644);
	archive_entry_set_size(w->e, size);
	archive_entry_set_mtime(w->e, (time_t)w->mtime, 0);
	archive_entry_set_uid(w->e, 0);
	archive_entry_set_gid(w->e, 0);
	archive_entry_set_uname(w->e, "root");
	archive_entry_set_gname(w->e, "root");
	if (archive_write_header(w->a, w->e) != ARCHIVE_OK)
		return writer_fail(w, err, member);
	return 0;
}

int arc_writer_add_data(struct arc_writer *w, const char *member,
			const void *data, size_t len, struct strbuf *err)
{
	int rc = writer_header(w, member, (int64_t)len, err);

	if (rc)
		return rc;
	if (len && archive_write_data(w->a, data, len) != (la_ssize_t)len)
		return writer_fail(w, err, member);
	return 0;
}

int arc_writer_add_file(struct arc_writer *w, const char *member,
			const char *src, struct strbuf *err)
{
	char buf[65536];
	int64_t left;
	FILE *f = fopen(src, "rb");
	int rc = 0;

	if (!f)
		return ec_errno(err, "cannot read", src);
	if (fseeko(f, 0, SEEK_END) || (left = ftello(f)) < 0 || fseeko(f, 0, SEEK_SET)) {
		rc = ec_errno(err, "cannot read", src);
		goto out;
	}
	if ((rc = writer_header(w, member, left, err)))
		goto out;
	while (left > 0) {
		size_t n = fread(buf, 1, sizeof(buf), f);

		if (n == 0) {
			rc = ferror(f) ? ec_errno(err, "cannot read", src)
				       : ec_error(err, EC_IO, "'%s' shrank while archived", src);
			goto out;
		}
		if ((int64_t)n > left)
			n = (size_t)left;
		if (archive_write_data(w->a, buf, n) != (la_ssize_t)n) {
			rc = writer_fail(w, err, member);
			goto out;
		}
		left -= (int64_t)n;
	}
out:
	fclose(f);
	return rc;
}

int arc_writer_close(struct arc_writer *w, struct strbuf *err)
{
	int rc = 0;

	if (archive_write_close(w->a) != ARCHIVE_OK)
		rc = writer_fail(w, err, "cannot finish");
	arc_writer_free(w);
	return rc;
}

void arc_writer_free(struct arc_writer *w)
{
	if (!w)
		return;
	archive_write_free(w->a);
	archive_entry_free(w->e);
	free(w->name);
	free(w);
}

/* ---- member reader ---- */

struct arc_reader {
	struct archive *a;
	char *name;
};

static int reader_fail(struct arc_reader *r, struct strbuf *err)
{
	return ec_error(err, EC_DATA, "'%s': %s", r->name,
			archive_error_string(r->a) ? archive_error_string(r->a)
						   : "unreadable archive");
}

int arc_reader_open(const char *path, struct arc_reader **out,
		    struct strbuf *err)
{
	struct arc_reader *r = xcalloc(1, sizeof(*r));
	int rc;

	*out = NULL;
	r->name = xstrdup(path);
	r->a = archive_read_new();
	archive_read_support_filter_gzip(r->a);
	archive_read_support_format_tar(r->a);
	if (archive_read_open_filename(r->a, path, 65536) != ARCHIVE_OK) {
		rc = archive_errno(r->a) == ENOENT ? EC_NOINPUT : EC_DATA;
		ec_error(err, rc, "cannot open '%s': %s", path,
			 archive_error_string(r->a) ? archive_error_string(r->a)
						    : "unreadable");
		arc_reader_close(r);
		return rc;
	}
	*out = r;
	return 0;
}

int arc_reader_next(struct arc_reader *r, struct arc_member *m,
		    struct strbuf *err)
{
	struct archive_entry *e;
	int rc = archive_read_next_header(r->a, &e);

	if (rc == ARCHIVE_EOF)
		return 0;
	if (rc != ARCHIVE_OK) /* warnings too: a damaged header is not trusted */
		return reader_fail(r, err);
	m->path = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
	m->size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
	if (archive_entry_hardlink(e))
		m->type = ARC_HARDLINK;
	else
		switch (archive_entry_filetype(e)) {
		case AE_IFREG: m->type = ARC_FILE; break;
		case AE_IFDIR: m->type = ARC_DIR; break;
		case AE_IFLNK: m->type = ARC_SYMLINK; break;
		case AE_IFCHR:
		case AE_IFBLK: m->type = ARC_DEVICE; break;
		default: m->type = ARC_OTHER;
		}
	return 1;
}

ssize_t arc_reader_read(struct arc_reader *r, void *buf, size_t len,
			struct strbuf *err)
{
	la_ssize_t n = archive_read_data(r->a, buf, len);

	if (n < 0)
		return reader_fail(r, err);
	return n;
}

void arc_reader_close(struct arc_reader *r)
{
	if (!r)
		return;
	archive_read_free(r->a);
	free(r->name);
	free(r);
}

const char *arc_type_name(enum arc_type t)
{
	static const char *const names[] = { "file", "directory", "symbolic link",
					     "hard link", "device", "special file" };

	return names[t];
}
