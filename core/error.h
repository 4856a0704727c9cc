#ifndef ERROR_H
#define ERROR_H

#include "core/strbuf.h"

/*
 * Error codes. Library functions return 0 on success or one of these
 * negative codes, and describe the failure in the caller's err buffer.
 * Each code is the negated exit status of docs/interfaces.md, exit codes, so the CLI layer turns
 * a code into an exit status with ec_exit_status().
 */
enum ec_code {
	EC_OK = 0,
	EC_CHECK = -1,     /* done, but a check failed */
	EC_USAGE = -64,    /* usage error */
	EC_DATA = -65,     /* input data unusable */
	EC_NOINPUT = -66,  /* input file missing */
	EC_INTERNAL = -70, /* internal error (also SQLite misuse) */
	EC_IO = -74,       /* I/O error */
	EC_TEMPFAIL = -75, /* lock held by another run */
	EC_CONFIG = -78,   /* configuration error */
};

static inline int ec_exit_status(int code)
{
	return code < 0 ? -code : code;
}

/* Replace err's text with the formatted message; returns code. */
int ec_error(struct strbuf *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Put context in front of err's message: "importing 'x': " + old. */
void ec_prefix(struct strbuf *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Describe errno for a path: "'path': No such file...". Returns EC_NOINPUT
 * for ENOENT, EC_IO otherwise. */
int ec_errno(struct strbuf *err, const char *what, const char *path);

/*
 * Messages are English where they are made and stored; the rendering in the
 * operator's language is remembered beside them (docs/i18n.md).
 * ec_addf/ec_vaddf append like strbuf_addf with a format from the catalogue
 * (what ec_error, ec_prefix and the warning helpers use); ec_l10n(text)
 * gives the remembered rendering of a recent message, or text itself.
 * Print ec_l10n(err->buf); store err->buf.
 */
void ec_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ec_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
const char *ec_l10n(const char *text);

#endif
