#include "core/common.h"
#include "importers/csv.h"

#include <iconv.h>

#define CHUNK 65536

/* ---- strict UTF-8, one byte at a time (so chunks may split characters) */

struct utf8_state {
	unsigned need;         /* continuation bytes still expected */
	unsigned char lo, hi;  /* allowed range of the next one */
};

static int utf8_step(struct utf8_state *s, unsigned char c)
{
	if (s->need) {
		if (c < s->lo || c > s->hi)
			return -1;
		s->lo = 0x80;
		s->hi = 0xBF;
		s->need--;
		return 0;
	}
	s->lo = 0x80;
	s->hi = 0xBF;
	if (c < 0x80)
		return 0;
	if (c < 0xC2)
		return -1; /* stray continuation byte or overlong lead */
	if (c < 0xE0) {
		s->need = 1;
	} else if (c < 0xF0) {
		s->need = 2;
		if (c == 0xE0)
			s->lo = 0xA0; /* overlong */
		else if (c == 0xED)
			s->hi = 0x9F; /* surrogates */
	} else if (c < 0xF5) {
		s->need = 3;
		if (c == 0xF0)
			s->lo = 0x90; /* overlong */
		else if (c == 0xF4)
			s->hi = 0x8F; /* above U+10FFFF */
	} else {
		return -1;
	}
	return 0;
}

int csv_utf8_valid(const char *s, size_t len)
{
	struct utf8_state u = { 0, 0x80, 0xBF };

	for (size_t i = 0; i < len; i++)
		if (utf8_step(&u, (unsigned char)s[i]))
			return 0;
	return u.need == 0;
}

const char *csv_encoding_name(enum csv_encoding enc)
{
	return enc == CSV_GB18030 ? "GB18030" : "UTF-8";
}

/* ---- decoder: raw bytes of FILE -> valid UTF-8 in chunks */

struct decoder {
	FILE *f;
	const char *name;
	enum csv_encoding enc;
	iconv_t cd;
	struct utf8_state u8;
	int eof, started;
	long line;        /* newlines in the input consumed so far */
	size_t in_len;    /* undecoded bytes waiting in in[] (GB18030) */
	size_t out_len;   /* decoded bytes in out[] */
	char in[CHUNK];
	char out[2 * CHUNK];
};

static int decoder_init(struct decoder *d, FILE *f, const char *name,
			enum csv_encoding enc, struct strbuf *err)
{
	memset(d, 0, sizeof(*d));
	d->f = f;
	d->name = name;
	d->enc = enc;
	d->cd = (iconv_t)-1;
	d->u8.lo = 0x80;
	d->u8.hi = 0xBF;
	if (enc == CSV_GB18030) {
		d->cd = iconv_open("UTF-8", "GB18030");
		if (d->cd == (iconv_t)-1)
			return ec_error(err, EC_INTERNAL,
					"iconv cannot convert GB18030: %s",
					strerror(errno));
	}
	return 0;
}

static void decoder_release(struct decoder *d)
{
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	d->cd = (iconv_t)-1;
}

static long count_newlines(const char *p, size_t n)
{
	long k = 0;

	for (const char *e = p + n; (p = memchr(p, '\n', (size_t)(e - p))); p++)
		k++;
	return k;
}

static int read_more(struct decoder *d, char *buf, size_t room, size_t *got,
		     struct strbuf *err)
{
	*got = fread(buf, 1, room, d->f);
	if (*got < room) {
		if (ferror(d->f))
			return ec_error(err, EC_IO, "'%s': read error: %s", d->name,
					strerror(errno));
		d->eof = 1;
	}
	return 0;
}

static int fill_utf8(struct decoder *d, struct strbuf *err)
{
	size_t got;
	int rc;

	if ((rc = read_more(d, d->out, CHUNK, &got, err)))
		return rc;
	for (size_t i = 0; i < got; i++) {
		if (d->out[i] == '\n')
			d->line++;
		if (utf8_step(&d->u8, (unsigned char)d->out[i]))
			return ec_error(err, EC_DATA,
					"line %ld: invalid UTF-8 byte 0x%02x",
					d->line + 1, (unsigned char)d->out[i]);
	}
	if (d->eof && d->u8.need)
		return ec_error(err, EC_DATA,
				"line %ld: UTF-8 character cut off at the end",
				d->line + 1);
	d->out_len = got;
	return 0;
}

static int fill_gb18030(struct decoder *d, struct strbuf *err)
{
	d->out_len = 0;
	while (!d->out_len) {
		char *ip = d->in, *op = d->out;
		size_t il, ol = sizeof(d->out), got = 0, r;
		int rc;

		if (!d->eof &&
		    (rc = read_more(d, d->in + d->in_len, CHUNK - d->in_len, &got, err)))
			return rc;
		d->in_len += got;
		if (!d->in_len)
			return 0;
		il = d->in_len;
		r = iconv(d->cd, &ip, &il, &op, &ol);
		d->line += count_newlines(d->in, (size_t)(ip - d->in));
		if (r == (size_t)-1 && errno == EILSEQ)
			return ec_error(err, EC_DATA,
					"line %ld: invalid GB18030 byte 0x%02x",
					d->line + 1, (unsigned char)*ip);
		if (r == (size_t)-1 && errno == EINVAL && d->eof)
			return ec_error(err, EC_DATA,
					"line %ld: GB18030 character cut off at the end",
					d->line + 1);
		memmove(d->in, ip, il);
		d->in_len = il;
		d->out_len = (size_t)(op - d->out);
	}
	return 0;
}

/* Decode the next chunk into d->out: 1 with bytes, 0 at the end, <0 error. */
static int decoder_fill(struct decoder *d, struct strbuf *err)
{
	int rc;

	d->out_len = 0;
	if (d->eof && !d->in_len)
		return 0;
	rc = d->enc == CSV_GB18030 ? fill_gb18030(d, err) : fill_utf8(d, err);
	if (rc)
		return rc;
	return d->out_len > 0;
}

/* Decode the whole stream, discarding the text. */
static int decode_all(FILE *f, const char *name, enum csv_encoding enc,
		      struct strbuf *err)
{
	struct decoder *d = xmalloc(sizeof(*d));
	int rc;

	if ((rc = decoder_init(d, f, name, enc, err)))
		goto out;
	while ((rc = decoder_fill(d, err)) > 0)
		;
out:
	decoder_release(d);
	free(d);
	return rc;
}

int csv_detect(FILE *f, const char *name, enum csv_encoding *enc, int *bom,
	       struct strbuf *err)
{
	struct strbuf why_utf8 = STRBUF_INIT;
	unsigned char head[4] = { 0 };
	size_t n;
	int rc;

	*enc = CSV_UTF8;
	n = fread(head, 1, sizeof(head), f);
	rewind(f);
	*bom = (n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3)) ||
	       (n >= 4 && !memcmp(head, "\x84\x31\x95\x33", 4));
	if (n >= 2 && (!memcmp(head, "\xFF\xFE", 2) || !memcmp(head, "\xFE\xFF", 2))) {
		rc = ec_error(err, EC_DATA,
			      "UTF-16 is not accepted: save the file as UTF-8"
			      " or GB18030");
		goto out;
	}
	rc = decode_all(f, name, CSV_UTF8, &why_utf8);
	rewind(f);
	if (rc != EC_DATA) {
		if (rc)
			ec_error(err, rc, "%s", why_utf8.buf);
		goto out;
	}
	rc = decode_all(f, name, CSV_GB18030, err);
	rewind(f);
	if (rc == EC_DATA)
		ec_prefix(err, "cannot decode: neither UTF-8 (%s) nor GB18030: ",
			  why_utf8.buf);
	else if (!rc)
		*enc = CSV_GB18030;
out:
	strbuf_release(&why_utf8);
	return rc;
}

/* ---- the RFC 4180 state machine */

enum csv_state { S_START, S_UNQUOTED, S_QUOTED, S_QUOTE };

struct csv_reader {
	struct decoder dec;
	size_t pos;            /* next byte in dec.out */
	int at_eof;
	long line;             /* current line (1-based) */
	long blank;
	/* the record being read */
	enum csv_state state;
	int skip_lf;           /* a record ended at a CR: skip the LF of a CRLF */
	long start_line, quote_line;
	size_t rec_bytes;      /* bytes of input in the record so far */
	size_t field_start;    /* offset of the current field in data */
	size_t nfields;
	size_t offs[CSV_MAX_FIELDS];
	size_t lens[CSV_MAX_FIELDS];
	const char *ptrs[CSV_MAX_FIELDS];
	struct strbuf data;    /* values, each NUL-terminated */
	struct strbuf raw;     /* text of the record, up to CSV_RAW_KEEP */
	char problem[160];
};

struct csv_reader *csv_open(FILE *f, const char *name, enum csv_encoding enc)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));
	struct strbuf err = STRBUF_INIT;

	/* iconv_open for GB18030 only fails if glibc lacks the module;
	 * csv_detect found it, so keep the message for csv_next. */
	if (decoder_init(&r->dec, f, name, enc, &err))
		r->at_eof = -1;
	strbuf_release(&err);
	strbuf_init(&r->data, 1024);
	strbuf_init(&r->raw, 1024);
	r->line = 1;
	return r;
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	decoder_release(&r->dec);
	strbuf_release(&r->data);
	strbuf_release(&r->raw);
	free(r);
}

long csv_blank_lines(const struct csv_reader *r)
{
	return r->blank;
}

static void problem(struct csv_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void problem(struct csv_reader *r, const char *fmt, ...)
{
	va_list ap;

	if (r->problem[0])
		return; /* the first one says most */
	va_start(ap, fmt);
	vsnprintf(r->problem, sizeof(r->problem), fmt, ap);
	va_end(ap);
}

static void begin_record(struct csv_reader *r)
{
	strbuf_reset(&r->data);
	strbuf_reset(&r->raw);
	r->state = S_START;
	r->start_line = r->line;
	r->rec_bytes = 0;
	r->field_start = 0;
	r->nfields = 0;
	r->problem[0] = '\0';
}

static void add_byte(struct csv_reader *r, char c)
{
	if (c == '\0') {
		problem(r, "NUL byte in field %zu", r->nfields + 1);
		return;
	}
	if (r->data.len - r->field_start >= CSV_MAX_FIELD) {
		problem(r, "field %zu longer than %d bytes", r->nfields + 1,
			CSV_MAX_FIELD);
		return;
	}
	if (r->data.len >= CSV_MAX_RECORD) {
		problem(r, "record longer than %d bytes", CSV_MAX_RECORD);
		return;
	}
	strbuf_addch(&r->data, c);
}

static void end_field(struct csv_reader *r)
{
	if (r->nfields >= CSV_MAX_FIELDS) {
		problem(r, "more than %d fields", CSV_MAX_FIELDS);
		strbuf_setlen(&r->data, r->field_start);
		return;
	}
	r->offs[r->nfields] = r->field_start;
	r->lens[r->nfields] = r->data.len - r->field_start;
	r->nfields++;
	strbuf_addch(&r->data, '\0');
	r->field_start = r->data.len;
}

/* Cut raw text back to a character boundary and drop the line end. */
static void finish_raw(struct csv_reader *r)
{
	size_t n = r->raw.len;

	while (n && (r->raw.buf[n - 1] == '\n' || r->raw.buf[n - 1] == '\r'))
		n--;
	while (n && !csv_utf8_valid(r->raw.buf, n))
		n--;
	strbuf_setlen(&r->raw, n);
}

/* Feed one byte; 1 when it ended a record. */
static int feed(struct csv_reader *r, char c)
{
	if (r->skip_lf) {
		r->skip_lf = 0;
		if (c == '\n')
			return 0; /* CRLF: the record ended at its CR */
	}
	r->rec_bytes++;
	if (r->raw.len < CSV_RAW_KEEP && c != '\0')
		strbuf_addch(&r->raw, c);
	if (c == '\n')
		r->line++;
	switch (r->state) {
	case S_QUOTED:
		if (c == '"')
			r->state = S_QUOTE;
		else
			add_byte(r, c);
		return 0;
	case S_QUOTE:
		if (c == '"') {
			add_byte(r, '"');
			r->state = S_QUOTED;
			return 0;
		}
		break;
	case S_START:
		if (c == '"') {
			r->state = S_QUOTED;
			r->quote_line = r->line;
			return 0;
		}
		break;
	case S_UNQUOTED:
		break;
	}
	/* outside quotes */
	if (c == ',') {
		end_field(r);
		r->state = S_START;
		return 0;
	}
	if (c == '\n') {
		end_field(r);
		return 1;
	}
	if (c == '\r') {
		/* CR alone (old Mac files) or the CR of a CRLF */
		end_field(r);
		r->line++;
		r->skip_lf = 1;
		return 1;
	}
	if (r->state == S_QUOTE)
		problem(r, "text after a closing quote in field %zu", r->nfields + 1);
	else if (c == '"')
		problem(r, "quote inside unquoted field %zu", r->nfields + 1);
	r->state = S_UNQUOTED;
	add_byte(r, c);
	return 0;
}

static int is_blank(const struct csv_reader *r)
{
	return r->nfields == 1 && r->lens[0] == 0 && r->raw.len == 0 &&
	       !r->problem[0];
}

int csv_next(struct csv_reader *r, struct csv_record *rec, struct strbuf *err)
{
	int rc;

	if (r->at_eof < 0)
		return ec_error(err, EC_INTERNAL, "iconv cannot convert GB18030");
	memset(rec, 0, sizeof(*rec));
again:
	begin_record(r);
	for (;;) {
		int done = 0;

		if (r->pos == r->dec.out_len) {
			if (r->at_eof)
				return 0;
			if ((rc = decoder_fill(&r->dec, err)) < 0)
				return rc;
			r->pos = 0;
			if (!rc) {
				r->at_eof = 1;
				if (!r->rec_bytes)
					return 0;
				if (r->state == S_QUOTED)
					return ec_error(err, EC_DATA,
							"line %ld: quoted field never"
							" closed", r->quote_line);
				end_field(r); /* last line without a line end */
				break;
			}
			if (!r->dec.started) {
				r->dec.started = 1;
				if (r->dec.out_len >= 3 &&
				    !memcmp(r->dec.out, "\xEF\xBB\xBF", 3))
					r->pos = 3;
				continue;
			}
		}
		while (r->pos < r->dec.out_len && !done)
			done = feed(r, r->dec.out[r->pos++]);
		if (done)
			break;
	}
	finish_raw(r);
	if (is_blank(r)) {
		r->blank++;
		goto again;
	}
	for (size_t i = 0; i < r->nfields; i++)
		r->ptrs[i] = r->data.buf + r->offs[i];
	rec->line = r->start_line;
	rec->nfields = r->nfields;
	rec->field = r->ptrs;
	rec->len = r->lens;
	rec->raw = r->raw.buf;
	rec->raw_len = r->raw.len;
	rec->problem = r->problem[0] ? r->problem : NULL;
	return 1;
}
