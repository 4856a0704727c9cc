#include "core/common.h"

int ec_error(struct strbuf *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	strbuf_reset(err);
	va_start(ap, fmt);
	strbuf_vaddf(err, fmt, ap);
	va_end(ap);
	return code;
}

void ec_prefix(struct strbuf *err, const char *fmt, ...)
{
	struct strbuf pre = STRBUF_INIT;
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&pre, fmt, ap);
	va_end(ap);
	strbuf_insert(err, 0, pre.buf, pre.len);
	strbuf_release(&pre);
}

int ec_errno(struct strbuf *err, const char *what, const char *path)
{
	int e = errno;

	return ec_error(err, e == ENOENT ? EC_NOINPUT : EC_IO, "%s '%s': %s", what,
			path, strerror(e));
}
