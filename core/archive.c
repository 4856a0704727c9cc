#include "core/common.h"
#include "core/archive.h"

#include <archive.h>
#include <archive_entry.h>

struct arc_stream {
	struct archive *a;
	char *name;
	int compressed;
};

const char *arc_library_version(void)
{
	return archive_version_details();
}

int arc_stream_open(const char *path, struct arc_stream **out,
		    struct strbuf *err)
{
	struct arc_stream *s = xcalloc(1, sizeof(*s));
	struct archive_entry *e;
	int r;

	*out = NULL;
	s->name = xstrdup(strcmp(path, "-") ? path : "(stdin)");
	s->a = archive_read_new();
	archive_read_support_filter_all(s->a);
	archive_read_support_format_raw(s->a);
	archive_read_support_format_empty(s->a);
	if (!strcmp(path, "-"))
		r = archive_read_open_fd(s->a, 0, 65536);
	else
		r = archive_read_open_filename(s->a, path, 65536);
	if (r != ARCHIVE_OK) {
		int code = archive_errno(s->a) == ENOENT ? EC_NOINPUT : EC_DATA;

		ec_error(err, code, "cannot open '%s': %s", s->name,
			 archive_error_string(s->a) ? archive_error_string(s->a)
						    : "unreadable");
		arc_stream_close(s);
		return code;
	}
	r = archive_read_next_header(s->a, &e);
	if (r == ARCHIVE_EOF) {
		/* empty input: reads as zero bytes */
	} else if (r != ARCHIVE_OK) {
		ec_error(err, EC_DATA, "cannot read '%s': %s", s->name,
			 archive_error_string(s->a) ? archive_error_string(s->a)
						    : "unreadable");
		arc_stream_close(s);
		return EC_DATA;
	}
	s->compressed = archive_filter_count(s->a) > 1;
	*out = s;
	return 0;
}

ssize_t arc_stream_read(struct arc_stream *s, void *buf, size_t len,
			struct strbuf *err)
{
	la_ssize_t n = archive_read_data(s->a, buf, len);

	if (n < 0 && archive_format(s->a) != ARCHIVE_FORMAT_EMPTY)
		return ec_error(err, EC_DATA, "'%s': %s", s->name,
				archive_error_string(s->a) ? archive_error_string(s->a)
							   : "read error");
	return n < 0 ? 0 : n;
}

int arc_stream_compressed(const struct arc_stream *s)
{
	return s->compressed;
}

void arc_stream_close(struct arc_stream *s)
{
	if (!s)
		return;
	if (s->a)
		archive_read_free(s->a);
	free(s->name);
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
