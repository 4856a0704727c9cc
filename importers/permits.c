#include "core/common.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/uscc.h"
#include "core/xml.h"
#include "importers/importer.h"

#include <ctype.h>
#include <math.h>

/*
 * Permit records (SPEC §2.1, docs/importers-permits.md).
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
 * See upsert() for the replacement rule.
 */

#define PERMIT_NO_LEN (USCC_LEN + 4)
#define MAX_OUTLETS 999 /* as the schema; checked again here */
#define MAX_LIMITS 64
#define MAX_TEXT 128    /* element text (class, grade, guarantee) */

struct limit {
	char *pollutant;
	char *value[3]; /* conc, ultra-low-conc, annual-t as written */
	double num[3];
	long line;
};

struct outlet {
	char *code, *kind, *mn;
	int ultra_low;
	long line;
	struct limit *limits;
	size_t nr, alloc;
};

struct permit {
	long line, ordinal;
	char *no, *status, *issued, *valid_from, *valid_to;
	char *uscc, *name, *region, *town;
	long enterprise_line;
	char *industry_code, *industry_name;
	int key_industry;
	struct strbuf class_, grade, guarantee;
	struct outlet *outlets;
	size_t nr, alloc;
};

static const char *const limit_attr[3] = { "conc", "ultra-low-conc", "annual-t" };
static const char *const known_status[] = { "valid", "suspended", "revoked",
					    "cancelled", "expired" };

static void permit_clear(struct permit *p)
{
	for (size_t i = 0; i < p->nr; i++) {
		struct outlet *o = &p->outlets[i];

		for (size_t j = 0; j < o->nr; j++) {
			free(o->limits[j].pollutant);
			for (int k = 0; k < 3; k++)
				free(o->limits[j].value[k]);
		}
		free(o->limits);
		free(o->code);
		free(o->kind);
		free(o->mn);
	}
	free(p->outlets);
	free(p->no);
	free(p->status);
	free(p->issued);
	free(p->valid_from);
	free(p->valid_to);
	free(p->uscc);
	free(p->name);
	free(p->region);
	free(p->town);
	free(p->industry_code);
	free(p->industry_name);
	strbuf_release(&p->class_);
	strbuf_release(&p->grade);
	strbuf_release(&p->guarantee);
	memset(p, 0, sizeof(*p));
	strbuf_init(&p->class_, 0);
	strbuf_init(&p->grade, 0);
	strbuf_init(&p->guarantee, 0);
}

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

static int is_true(const char *s)
{
	return s && (!strcmp(s, "true") || !strcmp(s, "1"));
}

static int bool_attr(xmlTextReaderPtr r, const char *name)
{
	char *v = attr(r, name);
	int b = is_true(v);

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
	struct outlet *o;

	ALLOC_GROW(p->outlets, p->nr + 1, p->alloc);
	o = &p->outlets[p->nr++];
	memset(o, 0, sizeof(*o));
	o->code = attr(r, "code");
	o->kind = attr(r, "kind");
	o->mn = attr(r, "mn");
	o->ultra_low = bool_attr(r, "ultra-low");
	o->line = node_line(r);
}

static void read_limit(xmlTextReaderPtr r, struct outlet *o)
{
	struct limit *l;

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

static int check_number(struct problem *pr, struct limit *l, int k)
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

static int check_outlets(struct problem *pr, struct permit *p)
{
	for (size_t i = 0; i < p->nr; i++) {
		struct outlet *o = &p->outlets[i];

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
		for (size_t j = 0; j < o->nr; j++) {
			struct limit *l = &o->limits[j];

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

/* ---- canonical form ---- */

static void json_field(struct strbuf *sb, const char *key, const char *value)
{
	if (sb->len && sb->buf[sb->len - 1] != '{')
		strbuf_addch(sb, ',');
	strbuf_add_json_string(sb, key);
	strbuf_addch(sb, ':');
	if (value)
		strbuf_add_json_string(sb, value);
	else
		strbuf_addstr(sb, "null");
}

static void json_int(struct strbuf *sb, const char *key, long long v)
{
	json_field(sb, key, NULL);
	strbuf_setlen(sb, sb->len - 4);
	strbuf_addf(sb, "%lld", v);
}

static void json_number(struct strbuf *sb, const char *key, const char *text, double v)
{
	json_field(sb, key, NULL);
	if (text) {
		strbuf_setlen(sb, sb->len - 4);
		strbuf_addf(sb, "%.15g", v);
	}
}

static int outlet_cmp(const void *a, const void *b)
{
	return strcmp(((const struct outlet *)a)->code, ((const struct outlet *)b)->code);
}

static int limit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct limit *)a)->pollutant,
		      ((const struct limit *)b)->pollutant);
}

static const char *grade_of(const struct permit *p)
{
	return p->grade.len ? p->grade.buf : "none";
}

/*
 * The permit as one JSON object: the canonical form hashed into
 * content_sha256 (generated == NULL), the raw text of a quarantined permit,
 * and the record kept in permit_history (with generated). Keys and order
 * match the JSON that upsert() makes in SQL from the stored rows.
 */
static void permit_json(struct permit *p, const char *generated, struct strbuf *sb)
{
	qsort(p->outlets, p->nr, sizeof(*p->outlets), outlet_cmp);
	strbuf_addch(sb, '{');
	json_field(sb, "permit_no", p->no);
	json_field(sb, "uscc", p->uscc);
	json_field(sb, "name", p->name);
	json_field(sb, "region", p->region);
	json_field(sb, "town", p->town);
	json_field(sb, "status", p->status);
	json_field(sb, "issued", p->issued);
	json_field(sb, "valid_from", p->valid_from);
	json_field(sb, "valid_to", p->valid_to);
	json_field(sb, "industry_code", p->industry_code);
	json_field(sb, "industry_name", p->industry_name);
	json_int(sb, "key_industry", p->key_industry);
	json_field(sb, "class", p->class_.buf);
	json_field(sb, "grade", grade_of(p));
	json_int(sb, "guarantee", is_true(p->guarantee.buf));
	if (generated)
		json_field(sb, "generated", generated);
	json_field(sb, "outlets", NULL);
	strbuf_setlen(sb, sb->len - 4);
	strbuf_addch(sb, '[');
	for (size_t i = 0; i < p->nr; i++) {
		struct outlet *o = &p->outlets[i];

		qsort(o->limits, o->nr, sizeof(*o->limits), limit_cmp);
		strbuf_addstr(sb, i ? ",{" : "{");
		json_field(sb, "code", o->code);
		json_field(sb, "kind", o->kind);
		json_field(sb, "mn", o->mn);
		json_int(sb, "ultra_low", o->ultra_low);
		json_field(sb, "limits", NULL);
		strbuf_setlen(sb, sb->len - 4);
		strbuf_addch(sb, '[');
		for (size_t j = 0; j < o->nr; j++) {
			struct limit *l = &o->limits[j];

			strbuf_addstr(sb, j ? ",{" : "{");
			json_field(sb, "pollutant", l->pollutant);
			json_number(sb, "conc", l->value[0], l->num[0]);
			json_number(sb, "ultra_low_conc", l->value[1], l->num[1]);
			json_number(sb, "annual_t", l->value[2], l->num[2]);
			strbuf_addch(sb, '}');
		}
		strbuf_addstr(sb, "]}");
	}
	strbuf_addstr(sb, "]}");
}

/*
 * xs:dateTime to UTC 'YYYY-MM-DDTHH:MM:SSZ' (fractions of a second are
 * dropped; no zone means Asia/Shanghai). Only 4-digit years. 0 or -1.
 */
#define STAMP_SIZE 21
static int num(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*out = *out * 10 + (s[i] - '0');
	}
	return 0;
}

static void put2(char *p, int v, char after)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	p[2] = after;
}

static int normalise_stamp(const char *s, char out[STAMP_SIZE])
{
	int y, mo, d, h, mi, sec, oh = 8, om = 0, sign = 1, secs;
	char date[DATE_TEXT_SIZE];
	long long t, days;
	const char *z;

	if (strlen(s) < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || num(s, 4, &y) || num(s + 5, 2, &mo) ||
	    num(s + 8, 2, &d) || num(s + 11, 2, &h) || num(s + 14, 2, &mi) ||
	    num(s + 17, 2, &sec) || !date_valid_ymd(y, mo, d) || h > 24 || mi > 59 ||
	    sec > 59 || (h == 24 && (mi || sec)))
		return -1;
	z = s + 19;
	if (*z == '.')
		for (z++; isdigit((unsigned char)*z); z++)
			;
	if (*z == 'Z') {
		oh = 0;
		z++;
	} else if (*z == '+' || *z == '-') {
		sign = *z == '-' ? -1 : 1;
		if (strlen(z) != 6 || z[3] != ':' || num(z + 1, 2, &oh) ||
		    num(z + 4, 2, &om) || oh > 14 || om > 59)
			return -1;
		z += 6;
	}
	if (*z)
		return -1;
	t = (long long)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	    sign * (oh * 3600 + om * 60);
	days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	t -= days * 86400;
	date_format((int)days, date);
	secs = (int)t;
	if (strlen(date) != DATE_TEXT_SIZE - 1)
		return -1;
	memcpy(out, date, DATE_TEXT_SIZE - 1);
	out[10] = 'T';
	put2(out + 11, secs / 3600, ':');
	put2(out + 14, secs / 60 % 60, ':');
	put2(out + 17, secs % 60, 'Z');
	out[STAMP_SIZE - 1] = '\0';
	return 0;
}

/* ---- storing ---- */

struct stmts {
	struct db_stmt *current, *in_history, *history_of_current, *history_new,
		*del_limits, *del_outlets, *ins_permit, *ins_outlet, *ins_limit;
};

struct tally {
	long long replaced, older, ordinal;
};

static int prepare(struct db *db, struct stmts *s, struct strbuf *err)
{
	int rc;

	if ((rc = db_prepare(db,
			     "SELECT content_sha256, coalesce(generated, ''), file_id"
			     " FROM permit WHERE permit_no = ?1",
			     &s->current, err)) ||
	    (rc = db_prepare(db,
			     "SELECT 1 FROM permit_history"
			     " WHERE permit_no = ?1 AND content_sha256 = ?2",
			     &s->in_history, err)) ||
	    (rc = db_prepare(db,
			     "INSERT OR IGNORE INTO permit_history (permit_no,"
			     " content_sha256, record, file_id, replaced_by_file)"
			     " SELECT p.permit_no, p.content_sha256, json_object("
			     " 'permit_no', p.permit_no, 'uscc', p.uscc, 'name', p.name,"
			     " 'region', p.region, 'town', p.town, 'status', p.status,"
			     " 'issued', p.issued, 'valid_from', p.valid_from,"
			     " 'valid_to', p.valid_to, 'industry_code', p.industry_code,"
			     " 'industry_name', p.industry_name,"
			     " 'key_industry', p.key_industry, 'class', p.class,"
			     " 'grade', p.grade, 'guarantee', p.guarantee,"
			     " 'generated', p.generated, 'outlets', json(("
			     "  SELECT json_group_array(json_object('code', o.code,"
			     "  'kind', o.kind, 'mn', o.mn, 'ultra_low', o.ultra_low,"
			     "  'limits', json((SELECT json_group_array(json_object("
			     "   'pollutant', l.pollutant, 'conc', l.conc,"
			     "   'ultra_low_conc', l.ultra_low_conc, 'annual_t', l.annual_t))"
			     "   FROM outlet_limit l WHERE l.permit_no = o.permit_no"
			     "   AND l.outlet_code = o.code))))"
			     "  FROM outlet o WHERE o.permit_no = p.permit_no))),"
			     " p.file_id, ?2 FROM permit p WHERE p.permit_no = ?1",
			     &s->history_of_current, err)) ||
	    (rc = db_prepare(db,
			     "INSERT OR IGNORE INTO permit_history (permit_no,"
			     " content_sha256, record, file_id, replaced_by_file)"
			     " VALUES (?1, ?2, ?3, ?4, ?5)",
			     &s->history_new, err)) ||
	    (rc = db_prepare(db, "DELETE FROM outlet_limit WHERE permit_no = ?1",
			     &s->del_limits, err)) ||
	    (rc = db_prepare(db, "DELETE FROM outlet WHERE permit_no = ?1",
			     &s->del_outlets, err)) ||
	    (rc = db_prepare(db,
			     "INSERT OR REPLACE INTO permit (permit_no, uscc, name, region,"
			     " town, status, issued, valid_from, valid_to, industry_code,"
			     " industry_name, key_industry, class, grade, guarantee,"
			     " generated, content_sha256, file_id, line) VALUES (?1, ?2,"
			     " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
			     " ?16, ?17, ?18, ?19)",
			     &s->ins_permit, err)) ||
	    (rc = db_prepare(db,
			     "INSERT INTO outlet (permit_no, code, kind, mn, ultra_low)"
			     " VALUES (?1, ?2, ?3, ?4, ?5)",
			     &s->ins_outlet, err)) ||
	    (rc = db_prepare(db,
			     "INSERT INTO outlet_limit (permit_no, outlet_code, pollutant,"
			     " conc, ultra_low_conc, annual_t) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			     &s->ins_limit, err)))
		return rc;
	return 0;
}

static void finalize(struct stmts *s)
{
	db_finalize(s->current);
	db_finalize(s->in_history);
	db_finalize(s->history_of_current);
	db_finalize(s->history_new);
	db_finalize(s->del_limits);
	db_finalize(s->del_outlets);
	db_finalize(s->ins_permit);
	db_finalize(s->ins_outlet);
	db_finalize(s->ins_limit);
}

static void bind_number(struct db_stmt *st, int idx, const struct limit *l, int k)
{
	if (l->value[k])
		db_bind_double(st, idx, l->num[k]);
	else
		db_bind_null(st, idx);
}

/* Replace the stored rows of p (permit, outlets, limits) with p. */
static int store(struct import_ctx *ctx, struct stmts *s, const struct permit *p,
		 const char *hash, const char *generated, struct strbuf *err)
{
	struct db_stmt *st = s->ins_permit;
	int rc;

	db_bind_text(s->del_limits, 1, p->no);
	db_bind_text(s->del_outlets, 1, p->no);
	if ((rc = db_run(s->del_limits, err)) || (rc = db_run(s->del_outlets, err)))
		return rc;
	db_bind_text(st, 1, p->no);
	db_bind_text(st, 2, p->uscc);
	db_bind_text(st, 3, p->name);
	db_bind_text(st, 4, p->region);
	db_bind_text(st, 5, p->town);
	db_bind_text(st, 6, p->status);
	db_bind_text(st, 7, p->issued);
	db_bind_text(st, 8, p->valid_from);
	db_bind_text(st, 9, p->valid_to);
	db_bind_text(st, 10, p->industry_code);
	db_bind_text(st, 11, p->industry_name);
	db_bind_int64(st, 12, p->key_industry);
	db_bind_text(st, 13, p->class_.buf);
	db_bind_text(st, 14, grade_of(p));
	db_bind_int64(st, 15, is_true(p->guarantee.buf));
	db_bind_text(st, 16, generated);
	db_bind_text(st, 17, hash);
	db_bind_int64(st, 18, ctx->file_id);
	db_bind_int64(st, 19, p->line);
	if ((rc = db_run(st, err)))
		return rc;
	for (size_t i = 0; i < p->nr; i++) {
		const struct outlet *o = &p->outlets[i];

		db_bind_text(s->ins_outlet, 1, p->no);
		db_bind_text(s->ins_outlet, 2, o->code);
		db_bind_text(s->ins_outlet, 3, o->kind);
		db_bind_text(s->ins_outlet, 4, o->mn);
		db_bind_int64(s->ins_outlet, 5, o->ultra_low);
		if ((rc = db_run(s->ins_outlet, err)))
			return rc;
		for (size_t j = 0; j < o->nr; j++) {
			db_bind_text(s->ins_limit, 1, p->no);
			db_bind_text(s->ins_limit, 2, o->code);
			db_bind_text(s->ins_limit, 3, o->limits[j].pollutant);
			for (int k = 0; k < 3; k++)
				bind_number(s->ins_limit, 4 + k, &o->limits[j], k);
			if ((rc = db_run(s->ins_limit, err)))
				return rc;
		}
	}
	return 0;
}

/*
 * The replacement rule. A version already stored as current is a
 * duplicate. Otherwise, against the stored version of the same number:
 *   - none stored: store it;
 *   - the incoming file's generated stamp is newer than or equal to the
 *     stored one's: the stored version goes to permit_history, the incoming
 *     one replaces it (counted stored) -- unless the incoming version is
 *     already in history and its stamp is not strictly newer (a file
 *     imported again: duplicate);
 *   - older: the incoming version only goes to permit_history (counted
 *     stored), or is a duplicate when history already has it.
 */
static int upsert(struct import_ctx *ctx, struct stmts *s, struct permit *p,
		  const char *hash, const char *generated, struct tally *t,
		  struct strbuf *err)
{
	char cur_hash[SHA256_HEX_SIZE] = "", cur_gen[STAMP_SIZE] = "";
	int64_t cur_file = 0;
	int rc, in_history, cmp;

	db_bind_text(s->current, 1, p->no);
	rc = db_step(s->current, err);
	if (rc == DB_ROW) {
		snprintf(cur_hash, sizeof(cur_hash), "%s", db_column_text(s->current, 0));
		snprintf(cur_gen, sizeof(cur_gen), "%s", db_column_text(s->current, 1));
		cur_file = db_column_int64(s->current, 2);
	}
	db_reset(s->current);
	if (rc < 0)
		return rc;
	if (rc == DB_ROW && !strcmp(cur_hash, hash)) {
		ctx->counts.duplicate++;
		return 0;
	}
	if (rc == DB_DONE) {
		ctx->counts.stored++;
		return store(ctx, s, p, hash, generated, err);
	}
	db_bind_text(s->in_history, 1, p->no);
	db_bind_text(s->in_history, 2, hash);
	in_history = db_step(s->in_history, err);
	db_reset(s->in_history);
	if (in_history < 0)
		return in_history;
	cmp = strcmp(generated, cur_gen);
	if (in_history == DB_ROW && cmp <= 0) {
		ctx->counts.duplicate++;
		return 0;
	}
	ctx->counts.stored++;
	if (cmp >= 0) {
		t->replaced++;
		db_bind_text(s->history_of_current, 1, p->no);
		db_bind_int64(s->history_of_current, 2, ctx->file_id);
		if ((rc = db_run(s->history_of_current, err)))
			return rc;
		return store(ctx, s, p, hash, generated, err);
	} else {
		struct strbuf record = STRBUF_INIT;

		t->older++;
		permit_json(p, generated, &record);
		db_bind_text(s->history_new, 1, p->no);
		db_bind_text(s->history_new, 2, hash);
		db_bind_text(s->history_new, 3, record.buf);
		db_bind_int64(s->history_new, 4, ctx->file_id);
		db_bind_int64(s->history_new, 5, cur_file);
		rc = db_run(s->history_new, err);
		strbuf_release(&record);
		return rc;
	}
}

static void warn_about(struct import_ctx *ctx, const struct permit *p)
{
	if (!uscc_valid(p->uscc))
		import_warn(ctx, "line %ld: permit '%s': uscc '%s' has a bad check"
			    " character (GB 32100-2015); stored anyway",
			    p->enterprise_line, p->no, p->uscc);
	for (size_t i = 0; i < p->nr; i++) {
		const struct outlet *o = &p->outlets[i];
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

static int handle_permit(struct import_ctx *ctx, struct stmts *s, struct permit *p,
			 const char *generated, struct tally *t, struct strbuf *err)
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
		strbuf_addf(&pos, "line %ld, permit %lld", pr.line, t->ordinal);
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
	rc = upsert(ctx, s, p, hash, generated, t, err);
out:
	strbuf_release(&pr.reason);
	strbuf_release(&json);
	strbuf_release(&pos);
	return rc;
}

static int permits_run(struct import_ctx *ctx, struct strbuf *err)
{
	struct xml_reader *xr = NULL;
	struct stmts s = { 0 };
	struct tally t = { 0 };
	struct permit p = { 0 };
	char generated[STAMP_SIZE] = "";
	int rc;

	permit_clear(&p);
	if ((rc = xml_reader_open(ctx->path, "importers/permits.xsd", &xr, err)) ||
	    (rc = prepare(ctx->db, &s, err)))
		goto out;
	while ((rc = xml_reader_next(xr, err)) == 1) {
		xmlTextReaderPtr r = xml_reader_handle(xr);
		const char *el = (const char *)xmlTextReaderConstLocalName(r);
		int depth = xmlTextReaderDepth(r);

		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || !el)
			continue;
		if (depth == 0) {
			char *g = attr(r, "generated");

			if (!g || normalise_stamp(g, generated)) {
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
			t.ordinal++;
			if ((rc = read_permit(xr, ctx->name, &p, err)) ||
			    (rc = handle_permit(ctx, &s, &p, generated, &t, err)))
				goto out;
		}
	}
	if (rc == 0)
		snprintf(ctx->extra, sizeof(ctx->extra),
			 "{\"replaced\":%lld,\"older_to_history\":%lld}", t.replaced,
			 t.older);
out:
	permit_clear(&p);
	strbuf_release(&p.class_);
	strbuf_release(&p.grade);
	strbuf_release(&p.guarantee);
	finalize(&s);
	xml_reader_close(xr);
	return rc;
}

const struct importer importer_permits = { "permits", permits_run };
