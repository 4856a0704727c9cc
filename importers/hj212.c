#include "core/common.h"
#include "core/date.h"
#include "importers/hj212.h"

#include <math.h>

/*
 * Both CRCs use the reflected polynomial 0xA001; crc_table[i] is eight
 * shift rounds applied to i. Appendix A feeds the byte into the HIGH half
 * (reg = (reg >> 8) ^ byte, then eight rounds), so one step is a table
 * lookup of that byte; MODBUS feeds it into the low half.
 */
static const uint16_t crc_table[256] = {
	0x0000, 0xc0c1, 0xc181, 0x0140, 0xc301, 0x03c0, 0x0280, 0xc241,
	0xc601, 0x06c0, 0x0780, 0xc741, 0x0500, 0xc5c1, 0xc481, 0x0440,
	0xcc01, 0x0cc0, 0x0d80, 0xcd41, 0x0f00, 0xcfc1, 0xce81, 0x0e40,
	0x0a00, 0xcac1, 0xcb81, 0x0b40, 0xc901, 0x09c0, 0x0880, 0xc841,
	0xd801, 0x18c0, 0x1980, 0xd941, 0x1b00, 0xdbc1, 0xda81, 0x1a40,
	0x1e00, 0xdec1, 0xdf81, 0x1f40, 0xdd01, 0x1dc0, 0x1c80, 0xdc41,
	0x1400, 0xd4c1, 0xd581, 0x1540, 0xd701, 0x17c0, 0x1680, 0xd641,
	0xd201, 0x12c0, 0x1380, 0xd341, 0x1100, 0xd1c1, 0xd081, 0x1040,
	0xf001, 0x30c0, 0x3180, 0xf141, 0x3300, 0xf3c1, 0xf281, 0x3240,
	0x3600, 0xf6c1, 0xf781, 0x3740, 0xf501, 0x35c0, 0x3480, 0xf441,
	0x3c00, 0xfcc1, 0xfd81, 0x3d40, 0xff01, 0x3fc0, 0x3e80, 0xfe41,
	0xfa01, 0x3ac0, 0x3b80, 0xfb41, 0x3900, 0xf9c1, 0xf881, 0x3840,
	0x2800, 0xe8c1, 0xe981, 0x2940, 0xeb01, 0x2bc0, 0x2a80, 0xea41,
	0xee01, 0x2ec0, 0x2f80, 0xef41, 0x2d00, 0xedc1, 0xec81, 0x2c40,
	0xe401, 0x24c0, 0x2580, 0xe541, 0x2700, 0xe7c1, 0xe681, 0x2640,
	0x2200, 0xe2c1, 0xe381, 0x2340, 0xe101, 0x21c0, 0x2080, 0xe041,
	0xa001, 0x60c0, 0x6180, 0xa141, 0x6300, 0xa3c1, 0xa281, 0x6240,
	0x6600, 0xa6c1, 0xa781, 0x6740, 0xa501, 0x65c0, 0x6480, 0xa441,
	0x6c00, 0xacc1, 0xad81, 0x6d40, 0xaf01, 0x6fc0, 0x6e80, 0xae41,
	0xaa01, 0x6ac0, 0x6b80, 0xab41, 0x6900, 0xa9c1, 0xa881, 0x6840,
	0x7800, 0xb8c1, 0xb981, 0x7940, 0xbb01, 0x7bc0, 0x7a80, 0xba41,
	0xbe01, 0x7ec0, 0x7f80, 0xbf41, 0x7d00, 0xbdc1, 0xbc81, 0x7c40,
	0xb401, 0x74c0, 0x7580, 0xb541, 0x7700, 0xb7c1, 0xb681, 0x7640,
	0x7200, 0xb2c1, 0xb381, 0x7340, 0xb101, 0x71c0, 0x7080, 0xb041,
	0x5000, 0x90c1, 0x9181, 0x5140, 0x9301, 0x53c0, 0x5280, 0x9241,
	0x9601, 0x56c0, 0x5780, 0x9741, 0x5500, 0x95c1, 0x9481, 0x5440,
	0x9c01, 0x5cc0, 0x5d80, 0x9d41, 0x5f00, 0x9fc1, 0x9e81, 0x5e40,
	0x5a00, 0x9ac1, 0x9b81, 0x5b40, 0x9901, 0x59c0, 0x5880, 0x9841,
	0x8801, 0x48c0, 0x4980, 0x8941, 0x4b00, 0x8bc1, 0x8a81, 0x4a40,
	0x4e00, 0x8ec1, 0x8f81, 0x4f40, 0x8d01, 0x4dc0, 0x4c80, 0x8c41,
	0x4400, 0x84c1, 0x8581, 0x4540, 0x8701, 0x47c0, 0x4680, 0x8641,
	0x8201, 0x42c0, 0x4380, 0x8341, 0x4100, 0x81c1, 0x8081, 0x4040,
};

uint16_t hj212_crc(const void *data, size_t len)
{
	const unsigned char *p = data;
	unsigned int reg = 0xffff;

	for (size_t i = 0; i < len; i++)
		reg = crc_table[(reg >> 8) ^ p[i]];
	return (uint16_t)reg;
}

uint16_t hj212_crc_modbus(const void *data, size_t len)
{
	const unsigned char *p = data;
	unsigned int reg = 0xffff;

	for (size_t i = 0; i < len; i++)
		reg = (reg >> 8) ^ crc_table[(reg ^ p[i]) & 0xff];
	return (uint16_t)reg;
}

const char *hj212_crc_kind_name(enum hj212_crc_kind k)
{
	switch (k) {
	case HJ212_CRC_MODBUS:
		return "modbus";
	case HJ212_CRC_SWAPPED:
		return "swapped";
	default:
		return NULL;
	}
}

/* ---- small helpers over slices ---- */

static int str_is(struct hj212_str s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n == n && !memcmp(s.p, lit, n);
}

static int all_digits(struct hj212_str s, size_t min, size_t max)
{
	if (s.n < min || s.n > max)
		return 0;
	for (size_t i = 0; i < s.n; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return 0;
	return 1;
}

static unsigned digits_value(struct hj212_str s)
{
	unsigned v = 0;

	for (size_t i = 0; i < s.n; i++)
		v = v * 10 + (unsigned)(s.p[i] - '0');
	return v;
}

static int is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int fail(struct hj212_error *e, const char *field, const char *reason)
{
	e->field = field;
	e->reason = reason;
	return -1;
}

static int failf(struct hj212_error *e, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int failf(struct hj212_error *e, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
	va_end(ap);
	return fail(e, field, e->detail);
}

/* ---- the header ---- */

struct header_key {
	const char *name;
	size_t off;
};

static const struct header_key header_keys[] = {
	{ "QN", offsetof(struct hj212_packet, qn) },
	{ "ST", offsetof(struct hj212_packet, st) },
	{ "CN", offsetof(struct hj212_packet, cn) },
	{ "PW", offsetof(struct hj212_packet, pw) },
	{ "MN", offsetof(struct hj212_packet, mn) },
	{ "Flag", offsetof(struct hj212_packet, flag) },
	{ "PNUM", offsetof(struct hj212_packet, pnum) },
	{ "PNO", offsetof(struct hj212_packet, pno) },
};

static int header_field(struct hj212_packet *p, const char *tok, size_t n,
			struct hj212_error *e)
{
	const char *eq = memchr(tok, '=', n);
	struct hj212_str key, val;

	if (!eq)
		return fail(e, NULL, "header field without '='");
	key.p = tok;
	key.n = (size_t)(eq - tok);
	val.p = eq + 1;
	val.n = n - key.n - 1;
	for (size_t i = 0; i < ARRAY_SIZE(header_keys); i++) {
		struct hj212_str *slot;

		if (!str_is(key, header_keys[i].name))
			continue;
		slot = (struct hj212_str *)((char *)p + header_keys[i].off);
		if (slot->p)
			return fail(e, header_keys[i].name, "header field repeated");
		*slot = val;
		return 0;
	}
	return 0; /* unknown header keys are ignored */
}

static int check_header(struct hj212_packet *p, struct hj212_error *e)
{
	if (!p->mn.p || !p->mn.n)
		return fail(e, "MN", "missing MN");
	if (p->mn.n > HJ212_MAX_MN)
		return failf(e, "MN", "MN longer than %d characters", HJ212_MAX_MN);
	for (size_t i = 0; i < p->mn.n; i++)
		if (!is_alnum(p->mn.p[i]) && p->mn.p[i] != '-' && p->mn.p[i] != '_')
			return fail(e, "MN", "MN has a character other than letters, digits, '-', '_'");
	if (!p->cn.p || !p->cn.n)
		return fail(e, "CN", "missing CN");
	if (!all_digits(p->cn, 4, 4))
		return fail(e, "CN", "CN is not 4 digits");
	if (p->qn.p && !all_digits(p->qn, 1, 20))
		return fail(e, "QN", "QN is not a number");
	if (p->st.p && !all_digits(p->st, 1, 4))
		return fail(e, "ST", "ST is not a number");
	if (p->flag.p) {
		if (!all_digits(p->flag, 1, 3) || digits_value(p->flag) > 255)
			return fail(e, "Flag", "Flag is not a number 0-255");
		p->has_flag = 1;
		p->flag_value = digits_value(p->flag);
		p->version = p->flag_value >> 2;
		p->split = (p->flag_value >> 1) & 1;
		/* Other version bits: the fields are read as 2017 ones (the
		 * version number is kept in p->version), and the caller
		 * counts a warning. */
		if (p->version != 0 && p->version != 1 && p->version != 8)
			p->tolerated |= HJ212_TOL_FLAG_VERSION;
	}
	if (p->split) {
		if (!p->pnum.p || !p->pno.p)
			return fail(e, "PNUM", "split packet (Flag bit 1) without PNUM and PNO");
		if (!all_digits(p->pnum, 1, 4) || !all_digits(p->pno, 1, 4))
			return fail(e, "PNUM", "PNUM or PNO is not a number");
		p->pnum_value = digits_value(p->pnum);
		p->pno_value = digits_value(p->pno);
		if (p->pnum_value < 1 || p->pnum_value > HJ212_MAX_PNUM)
			return failf(e, "PNUM", "PNUM=%u outside 1-%d",
				     p->pnum_value, HJ212_MAX_PNUM);
		if (p->pno_value < 1 || p->pno_value > p->pnum_value)
			return failf(e, "PNO", "PNO=%u outside 1-%u", p->pno_value,
				     p->pnum_value);
	}
	return 0;
}

static int is_blank_char(char c)
{
	return c == ' ' || c == '\t';
}

/* The first DataTime= at a field boundary of the CP area (blanks before
 * and after it skipped). */
static void find_datatime(struct hj212_packet *p)
{
	const char *s = p->cp.p, *end = p->cp.p + p->cp.n;

	while (s < end) {
		const char *hit = memmem(s, (size_t)(end - s), "DataTime=", 9);
		const char *v, *b;

		if (!hit)
			return;
		for (b = hit; b > p->cp.p && is_blank_char(b[-1]); b--)
			;
		if (b == p->cp.p || b[-1] == ';' || b[-1] == ',') {
			v = hit + 9;
			p->datatime.p = v;
			while (v < end && *v != ';' && *v != ',')
				v++;
			while (v > p->datatime.p && is_blank_char(v[-1]))
				v--;
			p->datatime.n = (size_t)(v - p->datatime.p);
			if (b != hit || (v < end && *v != ';' && *v != ','))
				p->tolerated |= HJ212_TOL_CP_SPACE;
			return;
		}
		s = hit + 1;
	}
}

/* A blank next to a ';', ',', '=' or either end of the CP area (which
 * hj212_cp_next drops). */
static int blanks_in_cp(struct hj212_str cp)
{
	const char *s = cp.p, *end = cp.p + cp.n;

	for (const char *b; s < end; s = b + 1) {
		const char *t = memchr(s, '\t', (size_t)(end - s));

		b = memchr(s, ' ', (size_t)((t ? t : end) - s));
		if (!b && !(b = t))
			return 0;
		if (b == cp.p || b + 1 == end || strchr(";,=", b[-1]) ||
		    strchr(";,=", b[1]) || is_blank_char(b[1]) ||
		    is_blank_char(b[-1]))
			return 1;
	}
	return 0;
}

int hj212_parse(const char *line, size_t len, struct hj212_packet *p,
		struct hj212_error *e)
{
	const char *hh, *rest, *seg;
	size_t rlen, seglen, pos;
	int h[4];

	memset(p, 0, sizeof(*p));
	e->field = NULL;
	e->reason = NULL;
	e->detail[0] = '\0';
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	hh = memmem(line, len, "##", 2);
	if (!hh)
		return fail(e, NULL, "no packet header '##'");
	p->stamp.p = line;
	p->stamp.n = (size_t)(hh - line);
	while (p->stamp.n && (*p->stamp.p == ' ' || *p->stamp.p == '\t')) {
		p->stamp.p++;
		p->stamp.n--;
	}
	while (p->stamp.n && (p->stamp.p[p->stamp.n - 1] == ' ' ||
			      p->stamp.p[p->stamp.n - 1] == '\t'))
		p->stamp.n--;
	if (p->stamp.n > HJ212_MAX_STAMP)
		return failf(e, "stamp", "receive stamp longer than %d bytes",
			     HJ212_MAX_STAMP);
	rest = hh + 2;
	rlen = len - (size_t)(rest - line);
	if (rlen < 8)
		return fail(e, "LLLL", "packet too short for length and CRC");
	for (int i = 0; i < 4; i++)
		if (rest[i] < '0' || rest[i] > '9')
			return fail(e, "LLLL", "length field is not 4 digits");
	p->length = (unsigned)((rest[0] - '0') * 1000 + (rest[1] - '0') * 100 +
			       (rest[2] - '0') * 10 + (rest[3] - '0'));
	seg = rest + 4;
	seglen = rlen - 8;
	p->segment.p = seg;
	p->segment.n = seglen;
	if (seglen != p->length)
		return failf(e, "LLLL",
			     "length field says %u, data segment has %zu bytes",
			     p->length, seglen);
	for (int i = 0; i < 4; i++)
		if ((h[i] = hexval(seg[seglen + (size_t)i])) < 0)
			return fail(e, "CRC", "CRC is not 4 hex digits");
	p->crc_sent = (uint16_t)(h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3]);
	p->crc_calc = hj212_crc(seg, seglen);
	if (p->crc_sent == p->crc_calc)
		p->crc = HJ212_CRC_OK;
	else if (p->crc_sent == hj212_crc_modbus(seg, seglen))
		p->crc = HJ212_CRC_MODBUS;
	else if (p->crc_sent == (uint16_t)(p->crc_calc << 8 | p->crc_calc >> 8))
		p->crc = HJ212_CRC_SWAPPED;
	else
		return failf(e, "CRC", "CRC mismatch: packet says %04X, data gives %04X",
			     p->crc_sent, p->crc_calc);

	for (pos = 0; pos < seglen;) {
		const char *tok = seg + pos, *semi;

		if (seglen - pos >= 3 && !memcmp(tok, "CP=", 3))
			break;
		semi = memchr(tok, ';', seglen - pos);
		if (!semi)
			return fail(e, "CP", "no CP=&&...&& data area");
		if (header_field(p, tok, (size_t)(semi - tok), e))
			return -1;
		pos = (size_t)(semi - seg) + 1;
	}
	if (pos >= seglen)
		return fail(e, "CP", "no CP=&&...&& data area");
	if (seglen - pos < 7 || memcmp(seg + pos + 3, "&&", 2) ||
	    memcmp(seg + seglen - 2, "&&", 2))
		return fail(e, "CP", "CP data area not framed by '&&' ... '&&'");
	p->cp.p = seg + pos + 5;
	p->cp.n = seglen - pos - 7;
	if (check_header(p, e))
		return -1;
	find_datatime(p);
	if (blanks_in_cp(p->cp))
		p->tolerated |= HJ212_TOL_CP_SPACE;
	if (p->datatime.p) {
		char tmp[20];

		if (hj212_datatime(p->datatime, tmp))
			return fail(e, "DataTime",
				    "DataTime is not a valid YYYYMMDDhhmmss"
				    " (or YYYYMMDDhhmmssSSS)");
		if (p->datatime.n == 17)
			p->tolerated |= HJ212_TOL_DATATIME_MS;
	}
	return 0;
}

/* ---- the CP data area ---- */

static const struct {
	const char *name;
	enum hj212_suffix suf;
} suffixes[] = {
	{ "Rtd", HJ212_SUF_RTD },     { "Min", HJ212_SUF_MIN },
	{ "Avg", HJ212_SUF_AVG },     { "Max", HJ212_SUF_MAX },
	{ "Cou", HJ212_SUF_COU },     { "ZsRtd", HJ212_SUF_ZSRTD },
	{ "ZsMin", HJ212_SUF_ZSMIN }, { "ZsAvg", HJ212_SUF_ZSAVG },
	{ "ZsMax", HJ212_SUF_ZSMAX }, { "Flag", HJ212_SUF_FLAG },
};

const char *hj212_suffix_name(enum hj212_suffix s)
{
	for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++)
		if (suffixes[i].suf == s)
			return suffixes[i].name;
	return s == HJ212_SUF_NONE ? "" : "other";
}

/* The hot path: called for every field of every packet. */
static enum hj212_suffix suffix_of(struct hj212_str x)
{
	const char *p = x.p;

	switch (x.n) {
	case 3:
		if (!memcmp(p, "Avg", 3)) return HJ212_SUF_AVG;
		if (!memcmp(p, "Min", 3)) return HJ212_SUF_MIN;
		if (!memcmp(p, "Max", 3)) return HJ212_SUF_MAX;
		if (!memcmp(p, "Rtd", 3)) return HJ212_SUF_RTD;
		if (!memcmp(p, "Cou", 3)) return HJ212_SUF_COU;
		break;
	case 4:
		if (!memcmp(p, "Flag", 4)) return HJ212_SUF_FLAG;
		break;
	case 5:
		if (p[0] != 'Z' || p[1] != 's')
			break;
		if (!memcmp(p + 2, "Avg", 3)) return HJ212_SUF_ZSAVG;
		if (!memcmp(p + 2, "Min", 3)) return HJ212_SUF_ZSMIN;
		if (!memcmp(p + 2, "Max", 3)) return HJ212_SUF_ZSMAX;
		if (!memcmp(p + 2, "Rtd", 3)) return HJ212_SUF_ZSRTD;
		break;
	}
	return HJ212_SUF_OTHER;
}

int hj212_cp_next(struct hj212_str *it, struct hj212_field *f,
		  struct hj212_error *e)
{
	const char *s = it->p, *end = it->p + it->n, *tok, *tend, *eq, *dash;

again:
	while (s < end && (*s == ';' || *s == ','))
		s++;
	if (s >= end) {
		it->p = end;
		it->n = 0;
		return 0;
	}
	tok = s;
	while (s < end && *s != ';' && *s != ',')
		s++;
	it->p = s;
	it->n = (size_t)(end - s);
	memset(f, 0, sizeof(*f));
	/* " a21026-Avg = 1.5 " reads as "a21026-Avg=1.5" (f->blanks set) */
	tend = s;
	while (tok < tend && is_blank_char(*tok))
		tok++, f->blanks = 1;
	while (tend > tok && is_blank_char(tend[-1]))
		tend--, f->blanks = 1;
	if (tok == tend) {
		/* only blanks between two separators: nothing there */
		goto again;
	}
	eq = memchr(tok, '=', (size_t)(tend - tok));
	if (!eq)
		return fail(e, "CP", "CP field without '='");
	f->value.p = eq + 1;
	f->value.n = (size_t)(tend - eq - 1);
	f->code.p = tok;
	f->code.n = (size_t)(eq - tok);
	while (f->value.n && is_blank_char(*f->value.p))
		f->value.p++, f->value.n--, f->blanks = 1;
	while (f->code.n && is_blank_char(f->code.p[f->code.n - 1]))
		f->code.n--, f->blanks = 1;
	eq = f->code.p + f->code.n;
	dash = NULL;
	for (const char *c = tok; c < eq; c++)
		if (*c == '-')
			dash = c;
	if (!dash)
		return 1;
	f->code.n = (size_t)(dash - tok);
	f->suffix.p = dash + 1;
	f->suffix.n = (size_t)(eq - dash - 1);
	f->suf = suffix_of(f->suffix);
	return 1;
}

int hj212_number(struct hj212_str s, double *out)
{
	char buf[40], *end;
	size_t i = 0, digits = 0, mant_end;

	if (s.n == 0 || s.n >= sizeof(buf))
		return -1;
	if (s.p[i] == '-' || s.p[i] == '+')
		i++;
	while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9')
		i++, digits++;
	if (i < s.n && s.p[i] == '.')
		for (i++; i < s.n && s.p[i] >= '0' && s.p[i] <= '9'; i++)
			digits++;
	if (!digits)
		return -1;
	mant_end = i;
	if (i < s.n && (s.p[i] == 'e' || s.p[i] == 'E')) {
		size_t d = 0;

		i++;
		if (i < s.n && (s.p[i] == '-' || s.p[i] == '+'))
			i++;
		for (; i < s.n && s.p[i] >= '0' && s.p[i] <= '9'; i++)
			d++;
		if (!d)
			return -1;
	}
	if (i != s.n)
		return -1;
	if (i == mant_end && digits <= 15) {
		/* Exact mantissa over an exact power of ten: one correctly
		 * rounded division gives what strtod gives (Clinger). */
		static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
			1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
		int64_t mant = 0;
		int frac = -1;

		for (size_t k = 0; k < s.n; k++) {
			if (s.p[k] == '.')
				frac = 0;
			else if (s.p[k] >= '0' && s.p[k] <= '9') {
				mant = mant * 10 + (s.p[k] - '0');
				frac += frac >= 0;
			}
		}
		*out = (double)mant / pow10[frac > 0 ? frac : 0];
		if (s.p[0] == '-')
			*out = -*out;
		return 0;
	}
	memcpy(buf, s.p, s.n);
	buf[s.n] = '\0';
	errno = 0;
	*out = strtod(buf, &end);
	if (end != buf + s.n || !isfinite(*out))
		return -1;
	return 0;
}

int hj212_datatime_secs(struct hj212_str s, char out[20], long long *secs)
{
	static const unsigned char at[6] = { 0, 4, 6, 8, 10, 12 };
	const char *p = s.p;

	if (!all_digits(s, 14, 14) && !all_digits(s, 17, 17))
		return -1;
	/* before 1970 is below zero */
	if (date_time_at(p, at, secs) || *secs < 0)
		return -1;
	memcpy(out, p, 4);
	out[4] = '-';
	memcpy(out + 5, p + 4, 2);
	out[7] = '-';
	memcpy(out + 8, p + 6, 2);
	out[10] = ' ';
	memcpy(out + 11, p + 8, 2);
	out[13] = ':';
	memcpy(out + 14, p + 10, 2);
	out[16] = ':';
	memcpy(out + 17, p + 12, 2);
	out[19] = '\0';
	return 0;
}

int hj212_datatime(struct hj212_str s, char out[20])
{
	long long secs;

	return hj212_datatime_secs(s, out, &secs);
}

/*
 * HJ/T 212-2005 codes with a certain HJ 212-2017 counterpart. The one table
 * of them; codes not listed are kept as sent (never guessed).
 */
static const struct {
	const char *code2005, *code2017;
} codes_2005[] = {
	{ "01", "a34013" },  /* particulate (烟尘) */
	{ "02", "a21026" },  /* SO2 */
	{ "03", "a21002" },  /* NOx */
	{ "04", "a21005" },  /* CO */
	{ "B02", "a00000" }, /* flue gas flow */
	{ "S01", "a19001" }, /* O2 */
	{ "B01", "w00000" }, /* waste water flow */
	{ "001", "w01001" }, /* pH */
	{ "011", "w01018" }, /* COD */
	{ "060", "w21003" }, /* ammonia nitrogen */
};

const char *hj212_code_2005(struct hj212_str code)
{
	for (size_t i = 0; i < ARRAY_SIZE(codes_2005); i++)
		if (str_is(code, codes_2005[i].code2005))
			return codes_2005[i].code2017;
	return NULL;
}
