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
