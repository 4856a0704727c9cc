#ifndef STRBUF_H
#define STRBUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable byte buffer, always NUL-terminated (git strbuf.h).
 *
 * Invariants: buf is never NULL (it points at a shared empty string until
 * the first allocation), buf[len] == '\0', len < alloc once allocated.
 * A strbuf may hold NUL bytes; len is the truth.
 *
 * Error buffers: library functions take a `struct strbuf *err` owned by the
 * caller and fill it with one line (no trailing newline) when they fail;
 * err may be NULL when the caller does not want the message.
 */
struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* Give the buffer to the caller (who frees it); sb is reset. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
#define strbuf_reset(sb) strbuf_setlen((sb), 0)

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Insert at position pos. */
void strbuf_insert(struct strbuf *sb, size_t pos, const void *data, size_t len);
void strbuf_insertf(struct strbuf *sb, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void strbuf_trim(struct strbuf *sb);

/* Append s with XML (and HTML) special characters escaped. */
void strbuf_add_xml_escaped(struct strbuf *sb, const char *s);
/* Append s as a JSON string literal, quotes included. */
void strbuf_add_json_string(struct strbuf *sb, const char *s);

/* Length of the valid UTF-8 sequence at p (1-4, NUL-terminated text), 0
 * when invalid; U+FFFE and U+FFFF count as invalid (not XML characters).
 * The reports (core/report.c) and the packages (exporters/table.c) repair
 * text with it, so what they write is valid UTF-8 and valid XML. */
size_t utf8_char_len(const unsigned char *p);
/* Append s as one CSV field (RFC 4180: quoted when it needs to be). */
void strbuf_add_csv_field(struct strbuf *sb, const char *s);

#endif
