#include "core/common.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/uscc.h"
#include "core/xml.h"
#include "importers/permit_store.h"

#include <ctype.h>
#include <math.h>

/*
 * Permit records (docs/importers-permits.md).
 *
 * The file is read with the streaming reader of core/xml.c, validated
 * against importers/permits.xsd while it is read. One <permit> at a time is
 * gathered from the reader's events into struct permit (never a tree of the
 * whole file, never even a tree of one permit), checked, and stored; memory
 * is bounded by the schema's limits on one permit (999 outlets of 64 limits,
 * short strings). A well-formedness or schema error anywhere rejects the
 * file (EC_DATA; import_file rolls back what was stored from it).
 *
 * Versions: a permit version is (permit number, sha256 of its canonical
 * JSON). The canonical JSON leaves out where the record came from (file,
 * line, generated stamp) and sorts outlets by code and limits by pollutant,
 * so the same content re-exported in another order or file is a duplicate.
 * See permit_store_upsert() for the replacement rule.
 */

#define PERMIT_NO_LEN (USCC_LEN + 4)
#define MAX_OUTLETS 999 /* as the schema; checked again here */
#define MAX_LIMITS 64
#define MAX_TEXT 128    /* element text (class, grade, guarantee) */

static const char *const limit_attr[3] = { "conc", "ultra-low-conc", "annual-t" };
static const char *const known_status[] = { "valid", "suspended", "revoked",
					    "cancelled", "expired" };

/* ---- reading one permit from the stream ---- */

/* The attribute's value with surrounding white space removed (the schema
 * types are tokens), or NULL when absent. */
static char *attr(xmlTextReaderPtr r, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
	const char *s, *e;
	char *out;

	if (!v)
		return NULL;
	s = (const char *)v;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	out = xstrndup(s, (size_t)(e - s));
	xmlFree(v);
	return out;
}


static int bool_attr(xmlTextReaderPtr r, const char *name)
{
	char *v = attr(r, name);
	int b = permit_is_true(v);

	free(v);
	return b;
}

static long node_line(xmlTextReaderPtr r)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(r);
	long line = n ? xmlGetLineNo(n) : -1;

	/* libxml2 stores element lines in 16 bits: past 65534 ask the parser,
	 * which is at most one buffer ahead. */
	if (line <= 0 || line >= 65535)
		line = xmlTextReaderGetParserLineNumber(r);
	return line;
}

static void read_outlet(xmlTextReaderPtr r, struct permit *p)
{
	struct permit_outlet *o;

	ALLOC_GROW(p->outlets, p->nr + 1, p->alloc);
	o = &p->outlets[p->nr++];
	memset(o, 0, sizeof(*o));
	o->code = attr(r, "code");
	o->kind = attr(r, "kind");
	o->mn = attr(r, "mn");
	o->ultra_low = bool_attr(r, "ultra-low");
	o->unit = attr(r, "unit");
	o->commissioned = attr(r, "commissioned");
	o->line = node_line(r);
}

static void read_limit(xmlTextReaderPtr r, struct permit_outlet *o)
{
	struct permit_limit *l;

	ALLOC_GROW(o->limits, o->nr + 1, o->alloc);
	l = &o->limits[o->nr++];
	memset(l, 0, sizeof(*l));
	l->pollutant = attr(r, "pollutant");
	for (int k = 0; k < 3; k++)
		l->value[k] = attr(r, limit_attr[k]);
	l->line = node_line(r);
}

static int too_many(const char *name, const struct permit *p, const char *what,
		    struct strbuf *err)
{
	return ec_error(err, EC_DATA, "%s:%ld: permit '%s': more than %d %s", name,
			p->line, p->no ? p->no : "?",
			!strcmp(what, "outlets") ? MAX_OUTLETS : MAX_LIMITS, what);
}

/*
 * The reader is on a <permit> start tag: gather the permit up to its end
 * tag. Returns 0, or a negative code when the file is unusable.
 */
static int read_permit(struct xml_reader *xr, const char *name,
		       struct permit *p, struct strbuf *err)
{
	xmlTextReaderPtr r = xml_reader_handle(xr);
	struct strbuf *text = NULL;
	int rc;

	p->line = node_line(r);
	p->no = attr(r, "no");
	p->status = attr(r, "status");
	p->issued = attr(r, "issued");
	p->valid_from = attr(r, "valid-from");
	p->valid_to = attr(r, "valid-to");
	if (xmlTextReaderIsEmptyElement(r))
		return 0; /* the schema refuses it; the next read says so */
	while ((rc = xml_reader_next(xr, err)) == 1) {
		int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
		const char *el = (const char *)xmlTextReaderConstLocalName(r);

		if (type == XML_READER_TYPE_END_ELEMENT && depth == 1)
			return 0;
		if (type == XML_READER_TYPE_END_ELEMENT && depth == 2)
			text = NULL;
		if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
		     type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) &&
		    text && depth == 3) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			size_t n = v ? strlen(v) : 0;

			if (text->len + n <= MAX_TEXT)
				strbuf_add(text, v, n);
		}
		if (type != XML_READER_TYPE_ELEMENT || !el)
			continue;
		if (depth == 2 && !strcmp(el, "enterprise")) {
			p->uscc = attr(r, "uscc");
			p->name = attr(r, "name");
			p->region = attr(r, "region");
			p->town = attr(r, "town");
			p->enterprise_line = node_line(r);
		} else if (depth == 2 && !strcmp(el, "industry")) {
			p->industry_code = attr(r, "code");
			p->industry_name = attr(r, "name");
			p->key_industry = bool_attr(r, "key-industry");
		} else if (depth == 2 && !strcmp(el, "class")) {
			text = &p->class_;
		} else if (depth == 2 && !strcmp(el, "grade")) {
			text = &p->grade;
		} else if (depth == 2 && !strcmp(el, "guarantee")) {
			text = &p->guarantee;
		} else if (depth == 2 && !strcmp(el, "outlet")) {
			if (p->nr >= MAX_OUTLETS)
				return too_many(name, p, "outlets", err);
			read_outlet(r, p);
		} else if (depth == 3 && !strcmp(el, "limit") && p->nr) {
			if (p->outlets[p->nr - 1].nr >= MAX_LIMITS)
				return too_many(name, p, "limits in an outlet", err);
			read_limit(r, &p->outlets[p->nr - 1]);
		}
		if (xmlTextReaderIsEmptyElement(r) && depth == 2)
			text = NULL;
	}
	if (rc == 0)
		return ec_error(err, EC_DATA, "%s: document ends inside a permit", name);
	return rc;
}

/* ---- checks ---- */

struct problem {
	const char *field;
	long line;
	struct strbuf reason;
};

__attribute__((format(printf, 4, 5)))
static int bad(struct problem *pr, const char *field, long line, const char *fmt, ...)
{
	va_list ap;

	pr->field = field;
	pr->line = line;
	va_start(ap, fmt);
	strbuf_vaddf(&pr->reason, fmt, ap);
	va_end(ap);
	return 1;
}

static int check_date(struct problem *pr, const struct permit *p,
		      const char *field, const char *value, int *days)
{
	if (date_parse(value, days))
		return bad(pr, field, p->line, "%s '%s' is not a date (YYYY-MM-DD)",
			   field, value);
	return 0;
}

static int well_formed_mn(const char *mn)
{
	size_t n = strlen(mn);

	if (n < 7 || n > 24)
		return 0;
	for (const char *c = mn; *c; c++)
		if (!(*c >= '0' && *c <= '9') && !(*c >= 'A' && *c <= 'Z') &&
		    !(*c >= 'a' && *c <= 'z'))
			return 0;
	return 1;
}

static int check_number(struct problem *pr, struct permit_limit *l, int k)
{
	char *end;

	if (!l->value[k])
		return 0;
	errno = 0;
	l->num[k] = strtod(l->value[k], &end);
	if (*end || end == l->value[k] || errno || !isfinite(l->num[k]))
		return bad(pr, limit_attr[k], l->line, "%s '%s' is not a number",
			   limit_attr[k], l->value[k]);
	if (l->num[k] < 0)
		return bad(pr, limit_attr[k], l->line, "%s %s of %s is negative",
			   limit_attr[k], l->value[k], l->pollutant);
	return 0;
}

/* A coal power unit (docs/power-price.md) sits behind an air outlet with a
 * device; its commissioning date, when given, is a real date. */
static int check_unit(struct problem *pr, const struct permit_outlet *o)
{
	int day;

	if (o->commissioned && !o->unit)
		return bad(pr, "commissioned", o->line,
			   "outlet '%s': commissioned without a unit", o->code);
	if (!o->unit)
		return 0;
	if (strcmp(o->kind, "air"))
		return bad(pr, "unit", o->line,
			   "outlet '%s': a power unit on a %s outlet (only air)",
			   o->code, o->kind);
	if (!o->mn)
		return bad(pr, "unit", o->line,
			   "outlet '%s': power unit '%s' without an mn (no data to"
			   " settle it)", o->code, o->unit);
	if (o->commissioned && date_parse(o->commissioned, &day))
		return bad(pr, "commissioned", o->line,
			   "outlet '%s': commissioned '%s' is not a date (YYYY-MM-DD)",
			   o->code, o->commissioned);
	return 0;
}

static int check_outlets(struct problem *pr, struct permit *p)
{
	for (size_t i = 0; i < p->nr; i++) {
		struct permit_outlet *o = &p->outlets[i];

		for (size_t j = 0; j < i; j++) {
			if (!strcmp(p->outlets[j].code, o->code))
				return bad(pr, "code", o->line,
					   "outlet code '%s' appears twice", o->code);
			if (o->mn && p->outlets[j].mn && !strcmp(p->outlets[j].mn, o->mn))
				return bad(pr, "mn", o->line,
					   "outlets '%s' and '%s' have the same mn '%s'",
					   p->outlets[j].code, o->code, o->mn);
		}
		if (o->mn && !well_formed_mn(o->mn))
			return bad(pr, "mn", o->line,
				   "outlet '%s': mn '%s' is not 7-24 letters and digits",
				   o->code, o->mn);
		if (check_unit(pr, o))
			return 1;
		for (size_t j = 0; j < o->nr; j++) {
			struct permit_limit *l = &o->limits[j];

			for (size_t k = 0; k < j; k++)
				if (!strcmp(o->limits[k].pollutant, l->pollutant))
					return bad(pr, "pollutant", l->line,
						   "outlet '%s': pollutant '%s' has two limits",
						   o->code, l->pollutant);
			for (int k = 0; k < 3; k++)
				if (check_number(pr, l, k))
					return 1;
		}
	}
	return 0;
}

/* USCC (alphabet only: the check character is the enterprise's business),
 * 3 digits, 'P'. */
static int permit_no_well_formed(const char *no)
{
	char uscc[USCC_LEN + 1];

	if (strlen(no) != PERMIT_NO_LEN)
		return 0;
	memcpy(uscc, no, USCC_LEN);
	uscc[USCC_LEN] = '\0';
	return uscc_well_formed(uscc) && isdigit((unsigned char)no[18]) &&
	       isdigit((unsigned char)no[19]) && isdigit((unsigned char)no[20]) &&
	       no[21] == 'P';
}

/* 0 when the permit can be stored, 1 with pr filled when it is quarantined. */
static int check_permit(struct problem *pr, struct permit *p)
{
	int from, to, issued;
	size_t i;

	if (!uscc_well_formed(p->uscc))
		return bad(pr, "uscc", p->enterprise_line,
			   "uscc '%s' is not 18 characters of the GB 32100 alphabet",
			   p->uscc);
	if (!permit_no_well_formed(p->no))
		return bad(pr, "no", p->line,
			   "permit number '%s' is not a USCC, 3 digits and 'P'", p->no);
	if (strncmp(p->no, p->uscc, USCC_LEN))
		return bad(pr, "no", p->line,
			   "permit number '%s' does not begin with its enterprise's uscc '%s'",
			   p->no, p->uscc);
	for (i = 0; i < ARRAY_SIZE(known_status); i++)
		if (!strcmp(p->status, known_status[i]))
			break;
	if (i == ARRAY_SIZE(known_status))
		return bad(pr, "status", p->line,
			   "status '%s' is not one of valid suspended revoked cancelled expired",
			   p->status);
	if ((p->issued && check_date(pr, p, "issued", p->issued, &issued)) ||
	    check_date(pr, p, "valid-from", p->valid_from, &from) ||
	    check_date(pr, p, "valid-to", p->valid_to, &to))
		return 1;
	if (to < from)
		return bad(pr, "valid-to", p->line, "valid-to %s is before valid-from %s",
			   p->valid_to, p->valid_from);
	if (p->issued && issued > to)
		return bad(pr, "issued", p->line, "issued %s is after valid-to %s",
			   p->issued, p->valid_to);
	return check_outlets(pr, p);
}

static void warn_about(struct import_ctx *ctx, const struct permit *p)
{
	if (!uscc_valid(p->uscc))
		import_warn(ctx, "line %ld: permit '%s': uscc '%s' has a bad check"
			    " character (GB 32100-2015); stored anyway",
			    p->enterprise_line, p->no, p->uscc);
	for (size_t i = 0; i < p->nr; i++) {
		const struct permit_outlet *o = &p->outlets[i];
		const char *says = !strncmp(o->code, "DA", 2)   ? "air"
				   : !strncmp(o->code, "DW", 2) ? "water"
								: NULL;

		if (says && strcmp(says, o->kind))
			import_warn(ctx, "line %ld: permit '%s': outlet '%s' is kind %s"
				    " but its code says %s",
				    o->line, p->no, o->code, o->kind, says);
	}
}

static int complete(const struct permit *p)
{
	return p->no && p->status && p->valid_from && p->valid_to && p->uscc &&
	       p->name && p->industry_code && p->class_.len;
}

static int handle_permit(struct import_ctx *ctx, struct permit_store *s,
			 struct permit *p, const char *generated, long long ordinal,
			 struct strbuf *err)
{
	struct problem pr = { NULL, 0, STRBUF_INIT };
	struct strbuf json = STRBUF_INIT, pos = STRBUF_INIT;
	char hash[SHA256_HEX_SIZE];
	const char *seen;
	int issued, from, rc = 0;

	ctx->counts.read++;
	if (!complete(p)) {
		/* the schema refuses such a permit; never store half of one */
		rc = ec_error(err, EC_DATA, "%s:%ld: permit is incomplete", ctx->name,
			      p->line);
		goto out;
	}
	strbuf_trim(&p->class_);
	strbuf_trim(&p->grade);
	strbuf_trim(&p->guarantee);
	if (check_permit(&pr, p)) {
		permit_json(p, NULL, &json);
		strbuf_addf(&pos, "line %ld, permit %lld", pr.line, ordinal);
		strbuf_insertf(&pr.reason, 0, "permit '%s': ", p->no);
		rc = import_quarantine(ctx, pos.buf, pr.field, pr.reason.buf, json.buf,
				       json.len, err);
		goto out;
	}
	permit_json(p, NULL, &json);
	sha256_hex(json.buf, json.len, hash);
	warn_about(ctx, p);
	seen = p->valid_from;
	if (p->issued && !date_parse(p->issued, &issued) &&
	    !date_parse(p->valid_from, &from) && issued < from)
		seen = p->issued;
	if ((rc = import_upsert_enterprise(ctx, p->uscc, p->name, p->region, p->town,
					   seen, err)))
		goto out;
	rc = permit_store_upsert(s, ctx, p, hash, generated, err);
out:
	strbuf_release(&pr.reason);
	strbuf_release(&json);
	strbuf_release(&pos);
	return rc;
}

static int permits_run(struct import_ctx *ctx, struct strbuf *err)
{
	struct xml_reader *xr = NULL;
	struct permit_store *s = NULL;
	long long ordinal = 0, replaced, older;
	struct permit p = { 0 };
	char generated[PERMIT_STAMP_SIZE] = "";
	int rc;

	permit_clear(&p);
	if ((rc = import_open_xml(ctx, "importers/permits.xsd", &xr, err)) ||
	    (rc = permit_store_open(ctx->db, &s, err)))
		goto out;
	while ((rc = xml_reader_next(xr, err)) == 1) {
		xmlTextReaderPtr r = xml_reader_handle(xr);
		const char *el = (const char *)xmlTextReaderConstLocalName(r);
		int depth = xmlTextReaderDepth(r);

		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || !el)
			continue;
		if (depth == 0) {
			char *g = attr(r, "generated");

			if (!g || permit_stamp_utc(g, generated)) {
				rc = ec_error(err, EC_DATA,
					      "%s:%ld: generated '%s' is not a date-time"
					      " with a 4-digit year",
					      ctx->name, node_line(r), g ? g : "");
				free(g);
				goto out;
			}
			free(g);
		} else if (depth == 1 && !strcmp(el, "permit")) {
			if (!generated[0]) {
				rc = ec_error(err, EC_DATA, "%s: no generated stamp", ctx->name);
				goto out;
			}
			permit_clear(&p);
			ordinal++;
			if ((rc = read_permit(xr, ctx->name, &p, err)) ||
			    (rc = handle_permit(ctx, s, &p, generated, ordinal, err)))
				goto out;
		}
	}
	if (rc == 0) {
		permit_store_tally(s, &replaced, &older);
		snprintf(ctx->extra, sizeof(ctx->extra),
			 "{\"replaced\":%lld,\"older_to_history\":%lld}", replaced,
			 older);
	}
out:
	permit_clear(&p);
	strbuf_release(&p.class_);
	strbuf_release(&p.grade);
	strbuf_release(&p.guarantee);
	permit_store_close(s);
	xml_reader_close(xr);
	return rc;
}

const struct importer importer_permits = { "permits", permits_run };
