#include "core/common.h"
#include "core/fname.h"

#include <iconv.h>

/* Length of the valid UTF-8 character at s (1-4), 0 when not valid. */
static size_t utf8_char(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		return (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F))
			return 0; /* overlong, surrogate */
		return 3;
	}
	if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
			return 0;
		return 4;
	}
	return 0;
}

static int is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7F;
}

static int valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_char(p);

		if (!n)
			return 0;
		p += n;
	}
	return 1;
}

int fname_is_clean(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (is_control(*p))
			return 0;
	return valid_utf8(s);
}

/* raw as UTF-8 with invalid bytes and controls escaped. */
static void escape(struct strbuf *out, const char *raw)
{
	const unsigned char *p = (const unsigned char *)raw;

	while (*p) {
		size_t n = utf8_char(p);

		if (!n || (n == 1 && is_control(*p))) {
			strbuf_addf(out, "\\x%02X", *p);
			p++;
			continue;
		}
		strbuf_add(out, p, n);
		p += n;
	}
}

/* raw transcoded from GB18030, or -1 when it is not valid GB18030. */
static int from_gb18030(struct strbuf *out, const char *raw)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t inleft = strlen(raw), cap = inleft * 4 + 4, outleft = cap;
	char *in = (char *)raw, *buf, *o;
	int ok;

	if (cd == (iconv_t)-1)
		return -1;
	buf = xmalloc(cap + 1);
	o = buf;
	ok = iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1 && !inleft;
	iconv_close(cd);
	*o = '\0';
	if (ok && valid_utf8(buf))
		escape(out, buf);
	free(buf);
	return ok ? 0 : -1;
}

void fname_utf8(struct strbuf *out, const char *raw)
{
	if (valid_utf8(raw) || from_gb18030(out, raw))
		escape(out, raw);
}
