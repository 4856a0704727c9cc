#include "core/common.h"
#include "core/date.h"
#include "core/xml.h"
#include "rules/linkage_params.h"

/*
 * The <linkage> section of a rule set (rules/linkage.xsd, docs/linkage.md).
 * rules/ruleset.c validates the document against the schema first; this
 * parser still checks every figure it uses, so a stored rule set read back
 * by link_run is held to the same rules, and each message names the line.
 *
 * Rule elements map to lk_rule rows through the table below: one row per
 * value of the element's list attribute (grades, colours, levels).
 */
#define RULES_NS "urn:ecredit:rules:1"

enum vtype { V_NONE, V_COLOUR, V_GRADE, V_LEVEL };

/* The rules whose checks differ from the plain ones. */
enum lk_special {
	LK_PLAIN,
	LK_FIGURE_OR_MEASURE, /* a figure or a measure, not both (em/st grade, colour) */
	LK_SURCHARGE,         /* electricity, sewage or both; with a measure: pr-repeat */
	LK_REPEATABLE,        /* may be given more than once (tax reductions) */
};

struct elem_spec {
	const char *section, *elem, *kind;
	const char *list_attr;
	enum vtype list_type;
	const char *num_attr;   /* NULL: none */
	int num_required;
	double lo, hi;
	const char *num2_attr;
	int num2_required;
	double lo2, hi2;
	const char *measure_attr;
	const char *measures;   /* allowed, '|' around each */
	int has_id;
	int text;               /* element text goes to text */
	enum lk_special special;
};

static const struct elem_spec specs[] = {
	{ .section = "exemption", .elem = "measure", .kind = "ex-measure",
	  .text = 1 },
	{ .section = "exemption", .elem = "colour", .kind = "ex-colour",
	  .list_attr = "colours", .list_type = V_COLOUR, .has_id = 1 },
	{ .section = "exemption", .elem = "permit", .kind = "ex-permit",
	  .has_id = 1 },
	{ .section = "exemption", .elem = "industrial-policy",
	  .kind = "ex-policy", .has_id = 1 },
	{ .section = "exemption", .elem = "no-penalty", .kind = "ex-nopenalty",
	  .num_attr = "months", .num_required = 1, .lo = 1, .hi = 120,
	  .has_id = 1 },
	{ .section = "exemption", .elem = "grade", .kind = "ex-grade",
	  .list_attr = "grades", .list_type = V_GRADE, .has_id = 1 },
	{ .section = "exemption", .elem = "guarantee-grade",
	  .kind = "ex-guarantee", .list_attr = "grades", .list_type = V_GRADE,
	  .has_id = 1 },
	{ .section = "exemption", .elem = "ultra-low", .kind = "ex-ultralow",
	  .has_id = 1 },
	{ .section = "exemption", .elem = "ultra-low-hours",
	  .kind = "ex-hours",
	  .num_attr = "days", .num_required = 1, .lo = 1, .hi = 366,
	  .has_id = 1 },
	{ .section = "exemption", .elem = "transmission",
	  .kind = "ex-transmission",
	  .num_attr = "days", .num_required = 1, .lo = 1, .hi = 366,
	  .num2_attr = "min-pct", .num2_required = 1, .lo2 = 0, .hi2 = 100,
	  .has_id = 1 },
	{ .section = "exemption", .elem = "evidence", .kind = "ex-evidence",
	  .num_attr = "min-pct", .num_required = 1, .lo = 0, .hi = 100,
	  .has_id = 1 },
	{ .section = "exemption", .elem = "bar", .kind = "ex-bar",
	  .num_attr = "following-years", .num_required = 1, .lo = 0, .hi = 10,
	  .measure_attr = "on", .measures = "|penalty|false-record|",
	  .has_id = 1 },
	{ .section = "emergency", .elem = "alert", .kind = "em-alert",
	  .list_attr = "level", .list_type = V_LEVEL,
	  .num_attr = "base-pct", .num_required = 1, .lo = 0, .hi = 100,
	  .has_id = 1 },
	{ .section = "emergency", .elem = "grade", .kind = "em-grade",
	  .list_attr = "grades", .list_type = V_GRADE,
	  .num_attr = "add-pct", .num_required = 0, .lo = -100, .hi = 100,
	  .measure_attr = "measure", .measures = "|self-determined|stop|",
	  .has_id = 1, .special = LK_FIGURE_OR_MEASURE },
	{ .section = "emergency", .elem = "colour", .kind = "em-colour",
	  .list_attr = "colours", .list_type = V_COLOUR,
	  .num_attr = "add-pct", .num_required = 0, .lo = -100, .hi = 100,
	  .measure_attr = "measure", .measures = "|stop|", .has_id = 1,
	  .special = LK_FIGURE_OR_MEASURE },
	{ .section = "emergency", .elem = "exempt", .kind = "em-exempt",
	  .num_attr = "pct", .num_required = 1, .lo = 0, .hi = 100,
	  .has_id = 1 },
	{ .section = "staggered", .elem = "grade", .kind = "st-grade",
	  .list_attr = "grades", .list_type = V_GRADE,
	  .num_attr = "limit-pct", .num_required = 0, .lo = 0, .hi = 100,
	  .measure_attr = "measure", .measures = "|stop|", .has_id = 1,
	  .special = LK_FIGURE_OR_MEASURE },
	{ .section = "staggered", .elem = "colour", .kind = "st-colour",
	  .list_attr = "colours", .list_type = V_COLOUR,
	  .num_attr = "add-pct", .num_required = 0, .lo = 0, .hi = 100,
	  .measure_attr = "measure", .measures = "|stop|", .has_id = 1,
	  .special = LK_FIGURE_OR_MEASURE },
	{ .section = "staggered", .elem = "restricted",
	  .kind = "st-restricted",
	  .num_attr = "add-pct", .num_required = 1, .lo = 0, .hi = 100,
	  .has_id = 1 },
	{ .section = "staggered", .elem = "town-missed", .kind = "st-town",
	  .num_attr = "add-pct", .num_required = 1, .lo = 0, .hi = 100,
	  .has_id = 1 },
	{ .section = "pricing", .elem = "surcharge", .kind = "pr-surcharge",
	  .list_attr = "colour", .list_type = V_COLOUR,
	  .num_attr = "electricity", .num_required = 0, .lo = 0, .hi = 100,
	  .num2_attr = "sewage", .num2_required = 0, .lo2 = 0, .hi2 = 1000,
	  .measure_attr = "consecutive", .measures = "|2|", .has_id = 1,
	  .special = LK_SURCHARGE },
	{ .section = "tax", .elem = "reduction", .kind = "tx-reduction",
	  .num_attr = "below-pct", .num_required = 1, .lo = 0, .hi = 100,
	  .num2_attr = "rate-pct", .num2_required = 1, .lo2 = 0, .hi2 = 100,
	  .has_id = 1, .special = LK_REPEATABLE },
	{ .section = "tax", .elem = "forfeit", .kind = "tx-forfeit",
	  .has_id = 1 },
	{ .section = "tax", .elem = "coverage", .kind = "tx-coverage",
	  .num_attr = "min-pct", .num_required = 1, .lo = 0, .hi = 100,
	  .has_id = 1 },
	{ .section = "credit", .elem = "guidance", .kind = "cr-guidance",
	  .list_attr = "colour", .list_type = V_COLOUR, .has_id = 1,
	  .text = 1 },
};

/* The keys of <wording> the lists use (linkage_int.h, docs/linkage.md). */
static const char *const wording_keys[] = {
	"colour-green", "colour-blue", "colour-yellow", "colour-red", "colour-black",
	"ex-bar", "ex-colour", "ex-permit", "ex-policy", "ex-penalty", "ex-grade",
	"ex-grade-guarantee", "ex-no-air", "ex-not-ultralow", "ex-hours",
	"ex-transmission", "ex-transmission-none", "ex-evidence", "ex-not-rated",
	"em-stop", "em-limit", "em-self",
};

static const char *const colours[] = { "green", "blue", "yellow", "red", "black" };
static const char *const grades[] = { "A", "B", "B-", "C", "D", "leading",
				      "non-leading", "none" };
static const char *const levels[] = { "yellow", "orange", "red" };

static int in_list(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v, list[i]))
			return 1;
	return 0;
}

static int is_elem(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       !strcmp((const char *)n->ns->href, RULES_NS) &&
	       (!name || !strcmp((const char *)n->name, name));
}

static int line_of(xmlNodePtr n)
{
	return (int)xmlGetLineNo(n);
}

static int bad(struct strbuf *err, xmlNodePtr n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad(struct strbuf *err, xmlNodePtr n, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	ec_error(err, EC_CONFIG, "line %d: <%s>: %s", line_of(n),
		 (const char *)n->name, msg.buf);
	strbuf_release(&msg);
	return EC_CONFIG;
}

static struct lk_rule *add_rule(struct linkage_params *p, const char *kind,
				const char *id, const char *value, int line)
{
	struct lk_rule *r;

	ALLOC_GROW(p->rules, p->nr + 1, p->alloc);
	r = &p->rules[p->nr++];
	memset(r, 0, sizeof(*r));
	r->kind = xstrdup(kind);
	r->id = id ? xstrdup(id) : NULL;
	r->value = value ? xstrdup(value) : NULL;
	r->line = line;
	return r;
}

/* A number attribute in [lo, hi]; absent is fine unless required. */
static int num_attr(xmlNodePtr n, const char *name, int required, double lo,
		    double hi, double *out, int *has, struct strbuf *err)
{
	char *v = xml_attr(n, name), *end;
	int rc = 0;

	*has = 0;
	if (!v) {
		if (required)
			return bad(err, n, "missing %s", name);
		return 0;
	}
	errno = 0;
	*out = strtod(v, &end);
	if (!*v || *end || errno || !(*out >= lo && *out <= hi))
		rc = bad(err, n, "%s '%s' is not a number in [%g, %g]", name, v, lo, hi);
	else
		*has = 1;
	free(v);
	return rc;
}

static int int_attr(xmlNodePtr n, const char *name, int lo, int hi, int *out,
		    struct strbuf *err)
{
	double v;
	int has, rc = num_attr(n, name, 1, lo, hi, &v, &has, err);

	if (rc)
		return rc;
	if (v != (int)v)
		return bad(err, n, "%s must be a whole number", name);
	*out = (int)v;
	return 0;
}

static int value_ok(enum vtype t, const char *v)
{
	switch (t) {
	case V_COLOUR:
		return in_list(v, colours, ARRAY_SIZE(colours));
	case V_GRADE:
		return in_list(v, grades, ARRAY_SIZE(grades));
	case V_LEVEL:
		return in_list(v, levels, ARRAY_SIZE(levels));
	case V_NONE:
		break;
	}
	return 1;
}

static int count_kind(const struct linkage_params *p, const char *kind,
		      const char *value)
{
	int n = 0;

	for (size_t i = 0; i < p->nr; i++)
		if (!strcmp(p->rules[i].kind, kind) &&
		    (!value || (p->rules[i].value && !strcmp(p->rules[i].value, value))))
			n++;
	return n;
}

static int parse_rule(struct linkage_params *p, const struct elem_spec *s,
		      xmlNodePtr n, struct strbuf *err)
{
	char *id = NULL, *list = NULL, *measure = NULL, *text = NULL;
	double num = 0, num2 = 0;
	int has = 0, has2 = 0, rc = 0;
	const char *v, *kind = s->kind;

	if (s->has_id && !(id = xml_attr(n, "id"))) {
		rc = bad(err, n, "missing id");
		goto out;
	}
	if (s->num_attr &&
	    (rc = num_attr(n, s->num_attr, s->num_required, s->lo, s->hi, &num, &has, err)))
		goto out;
	if (s->num2_attr &&
	    (rc = num_attr(n, s->num2_attr, s->num2_required, s->lo2, s->hi2, &num2, &has2, err)))
		goto out;
	if (s->measure_attr && (measure = xml_attr(n, s->measure_attr))) {
		struct strbuf want = STRBUF_INIT;
		int ok;

		strbuf_addf(&want, "|%s|", measure);
		ok = strstr(s->measures, want.buf) != NULL;
		strbuf_release(&want);
		if (!ok) {
			rc = bad(err, n, "%s '%s' is not one of %s", s->measure_attr,
				 measure, s->measures);
			goto out;
		}
	}
	if (s->special == LK_FIGURE_OR_MEASURE && !has == !measure) {
		rc = bad(err, n, "give either %s or %s", s->num_attr, s->measure_attr);
		goto out;
	}
	if (s->special == LK_SURCHARGE && !has && !has2) {
		rc = bad(err, n, "give electricity, sewage or both");
		goto out;
	}
	if (s->text) {
		xmlChar *t = xmlNodeGetContent(n);

		text = xstrdup(t ? (const char *)t : "");
		xmlFree(t);
		if (!*text) {
			rc = bad(err, n, "empty text");
			goto out;
		}
	}
	if (s->list_attr && !(list = xml_attr(n, s->list_attr))) {
		rc = bad(err, n, "missing %s", s->list_attr);
		goto out;
	}
	if (s->special == LK_SURCHARGE && measure)
		kind = "pr-repeat";
	if (!list && s->special != LK_REPEATABLE && count_kind(p, kind, NULL)) {
		rc = bad(err, n, "given twice");
		goto out;
	}
	v = list;
	do {
		char *one = NULL;
		struct lk_rule *r;

		if (list) {
			size_t len;

			v += strspn(v, " \t\r\n");
			len = strcspn(v, " \t\r\n");
			if (!len)
				break;
			one = xstrndup(v, len);
			v += len;
			if (!value_ok(s->list_type, one) || count_kind(p, kind, one)) {
				rc = bad(err, n, "%s: '%s' is unknown or listed twice",
					 s->list_attr, one);
				free(one);
				goto out;
			}
		}
		r = add_rule(p, kind, id, one, line_of(n));
		free(one);
		r->measure = measure ? xstrdup(measure) : NULL;
		r->text = text ? xstrdup(text) : NULL;
		r->num = num;
		r->has_num = has;
		r->num2 = num2;
		r->has_num2 = has2;
	} while (list);
out:
	free(id);
	free(list);
	free(measure);
	free(text);
	return rc;
}

/* GB/T 4754: a section letter A..T and up to four digits. */
static int industry_code_ok(const char *c)
{
	size_t n = strlen(c);

	if (n < 1 || n > 5 || c[0] < 'A' || c[0] > 'T')
		return 0;
	for (size_t i = 1; i < n; i++)
		if (c[i] < '0' || c[i] > '9')
			return 0;
	return 1;
}

/* <key-industries>, <restricted-industries>, <towns-missed-target> */
static int parse_list(struct linkage_params *p, xmlNodePtr sec, const char *kind,
		      struct strbuf *err)
{
	char *id = xml_attr(sec, "id");
	int rc = 0;

	for (xmlNodePtr c = sec->children; c; c = c->next) {
		char *code = NULL, *name = NULL;
		struct lk_rule *r;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp(kind, "town")) {
			xmlChar *t = xmlNodeGetContent(c);

			code = xstrdup(t ? (const char *)t : "");
			xmlFree(t);
			if (!is_elem(c, "town") || !*code) {
				free(code);
				rc = bad(err, c, "expected a non-empty <town>");
				goto out;
			}
		} else {
			code = xml_attr(c, "code");
			name = xml_attr(c, "name");
			if (!is_elem(c, "industry") || !code || !industry_code_ok(code)) {
				rc = bad(err, c, "expected <industry code=\"C31\" name=...>"
					 " with a GB/T 4754 code, got '%s'", code ? code : "");
				free(code);
				free(name);
				goto out;
			}
		}
		if (count_kind(p, kind, code)) {
			rc = bad(err, c, "'%s' listed twice", code);
			free(code);
			free(name);
			goto out;
		}
		r = add_rule(p, kind, id, code, line_of(c));
		r->text = name;
		free(code);
	}
out:
	free(id);
	return rc;
}

/* <wording>: <text key="...">template</text>, each key once, then
 * <basis id="...">description</basis>, each rule id once (kind
 * "basis-text", checked against the rule ids in check_complete). */
static int parse_wording(struct linkage_params *p, xmlNodePtr sec,
			 struct strbuf *err)
{
	for (xmlNodePtr c = sec->children; c; c = c->next) {
		int text = is_elem(c, "text");
		const char *kind = text ? "text" : "basis-text";
		char *key;
		xmlChar *t;
		struct lk_rule *r;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((!text && !is_elem(c, "basis")) ||
		    !(key = xml_attr(c, text ? "key" : "id")))
			return bad(err, c, "expected <text key=...> or <basis id=...>");
		if ((text && !in_list(key, wording_keys, ARRAY_SIZE(wording_keys))) ||
		    count_kind(p, kind, key)) {
			bad(err, c, "'%s' is unknown or given twice", key);
			free(key);
			return EC_CONFIG;
		}
		t = xmlNodeGetContent(c);
		r = add_rule(p, kind, NULL, key, line_of(c));
		r->text = xstrdup(t ? (const char *)t : "");
		xmlFree(t);
		free(key);
		if (!*r->text)
			return bad(err, c, "empty text");
	}
	return 0;
}

static int month_day(xmlNodePtr n, const char *attr, int *m, int *d,
		     struct strbuf *err)
{
	char *v = xml_attr(n, attr);
	int rc = 0, days;
	char buf[16];

	if (!v)
		return bad(err, n, "missing %s", attr);
	/* check against a leap year so 02-29 is caught below */
	snprintf(buf, sizeof(buf), "2001-%s", v);
	if (strlen(v) != 5 || date_parse(buf, &days))
		rc = bad(err, n, "%s '%s' is not MM-DD (and not 02-29)", attr, v);
	else
		date_to_ymd(days, &(int){ 0 }, m, d);
	free(v);
	return rc;
}

static int parse_section_attrs(struct linkage_params *p, xmlNodePtr sec,
			       struct strbuf *err)
{
	const char *name = (const char *)sec->name;
	char *v = NULL, *id = NULL;
	int rc = 0, n;

	if (!strcmp(name, "exemption")) {
		if ((rc = int_attr(sec, "valid-months", 1, 120, &n, err)))
			goto out;
		add_rule(p, "ex-valid", NULL, NULL, line_of(sec))->num = n;
	} else if (!strcmp(name, "staggered")) {
		if ((rc = month_day(sec, "from", &p->season_from_m, &p->season_from_d, err)) ||
		    (rc = month_day(sec, "until", &p->season_until_m, &p->season_until_d, err)) ||
		    (rc = int_attr(sec, "lead-days", 0, 366, &p->season_lead_days, err)))
			goto out;
		if (!(id = xml_attr(sec, "id"))) {
			rc = bad(err, sec, "missing id");
			goto out;
		}
		add_rule(p, "st-season", id, NULL, line_of(sec));
	} else if (!strcmp(name, "pricing")) {
		if (!(v = xml_attr(sec, "first-snapshot")) ||
		    date_parse(v, &p->first_snapshot)) {
			rc = bad(err, sec, "first-snapshot '%s' is not a date", v ? v : "");
			goto out;
		}
	} else if (!strcmp(name, "tax")) {
		if ((rc = int_attr(sec, "months", 1, 12, &p->tax_months, err)))
			goto out;
		if (!(id = xml_attr(sec, "id"))) {
			rc = bad(err, sec, "missing id");
			goto out;
		}
		add_rule(p, "tx-full", id, NULL, line_of(sec));
	} else if (!strcmp(name, "credit")) {
		if ((rc = int_attr(sec, "max-reasons", 0, 20, &n, err)))
			goto out;
		add_rule(p, "cr-max", NULL, NULL, line_of(sec))->num = n;
	}
out:
	free(v);
	free(id);
	return rc;
}

static int parse_snapshot(struct linkage_params *p, xmlNodePtr n, struct strbuf *err)
{
	int m, d, rc;

	if (p->nsnap == (int)ARRAY_SIZE(p->snap_m))
		return bad(err, n, "at most %d snapshots", (int)ARRAY_SIZE(p->snap_m));
	if ((rc = month_day(n, "day", &m, &d, err)))
		return rc;
	for (int i = 0; i < p->nsnap; i++)
		if (p->snap_m[i] * 100 + p->snap_d[i] >= m * 100 + d)
			return bad(err, n, "snapshots must be listed in calendar order");
	p->snap_m[p->nsnap] = m;
	p->snap_d[p->nsnap++] = d;
	return 0;
}

/* What every rule set must give (the XSD says the same). */
static int check_complete(const struct linkage_params *p, xmlNodePtr linkage,
			  struct strbuf *err)
{
	static const char *const once[] = {
		"ex-valid", "ex-measure", "ex-colour", "ex-permit", "ex-policy",
		"ex-nopenalty", "ex-grade", "ex-ultralow", "ex-hours",
		"ex-transmission", "ex-evidence", "ex-bar", "em-exempt",
		"st-season", "tx-full", "tx-coverage", "cr-max",
	};

	for (size_t i = 0; i < ARRAY_SIZE(once); i++)
		if (!count_kind(p, once[i], NULL))
			return bad(err, linkage, "no %s rule", once[i]);
	for (size_t i = 0; i < ARRAY_SIZE(levels); i++)
		if (!count_kind(p, "em-alert", levels[i]))
			return bad(err, linkage, "no <alert level=\"%s\">", levels[i]);
	for (size_t i = 0; i < ARRAY_SIZE(wording_keys); i++)
		if (!count_kind(p, "text", wording_keys[i]))
			return bad(err, linkage, "no <text key=\"%s\"> in <wording>",
				   wording_keys[i]);
	for (size_t i = 0; i < ARRAY_SIZE(colours); i++)
		if (!count_kind(p, "cr-guidance", colours[i]))
			return bad(err, linkage, "no <guidance colour=\"%s\">", colours[i]);
	if (!p->nsnap || !p->first_snapshot)
		return bad(err, linkage, "no <pricing> snapshots");
	/* rule ids name one rule each */
	for (size_t i = 0; i < p->nr; i++)
		for (size_t j = i + 1; j < p->nr; j++)
			if (p->rules[i].id && p->rules[j].id &&
			    !strcmp(p->rules[i].id, p->rules[j].id) &&
			    !(!strcmp(p->rules[i].kind, "key") &&
			      !strcmp(p->rules[j].kind, "key")) &&
			    (p->rules[i].line != p->rules[j].line ||
			     strcmp(p->rules[i].kind, p->rules[j].kind)))
				return ec_error(err, EC_CONFIG,
						"line %d: rule id '%s' already used on line %d",
						p->rules[j].line, p->rules[j].id,
						p->rules[i].line);
	/* every rule id is described once, every description names a rule */
	for (size_t i = 0; i < p->nr; i++) {
		const struct lk_rule *r = &p->rules[i];

		if (r->id && !count_kind(p, "basis-text", r->id))
			return ec_error(err, EC_CONFIG, "line %d: rule '%s' has no"
					" <basis id=\"%s\"> in <wording>", r->line, r->id, r->id);
		if (!strcmp(r->kind, "basis-text")) {
			size_t j;

			for (j = 0; j < p->nr; j++)
				if (p->rules[j].id && !strcmp(p->rules[j].id, r->value))
					break;
			if (j == p->nr)
				return ec_error(err, EC_CONFIG, "line %d: <basis id=\"%s\">"
						" names no rule", r->line, r->value);
		}
	}
	return 0;
}

static const char *const sections[] = {
	"key-industries", "restricted-industries", "towns-missed-target",
	"exemption", "emergency", "staggered", "pricing", "tax", "credit",
	"wording",
};

int linkage_params_parse(xmlNodePtr linkage, struct linkage_params **out,
			 struct strbuf *err)
{
	struct linkage_params *p = xcalloc(1, sizeof(*p));
	int rc = 0, seen[ARRAY_SIZE(sections)] = { 0 };

	*out = NULL;
	if (!linkage)
		goto done;
	p->present = 1;
	if (!is_elem(linkage, "linkage")) {
		rc = bad(err, linkage, "expected <linkage> in " RULES_NS);
		goto out;
	}
	for (xmlNodePtr sec = linkage->children; sec; sec = sec->next) {
		const char *name;
		size_t k;

		if (sec->type != XML_ELEMENT_NODE)
			continue;
		name = (const char *)sec->name;
		for (k = 0; k < ARRAY_SIZE(sections); k++)
			if (is_elem(sec, sections[k]))
				break;
		if (k == ARRAY_SIZE(sections)) {
			rc = bad(err, sec, "unknown section");
			goto out;
		}
		if (seen[k]++) {
			rc = bad(err, sec, "given twice");
			goto out;
		}
		if (k < 3) {
			static const char *const kinds[] = { "key", "restricted", "town" };

			if ((rc = parse_list(p, sec, kinds[k], err)))
				goto out;
			continue;
		}
		if (!strcmp(name, "wording")) {
			if ((rc = parse_wording(p, sec, err)))
				goto out;
			continue;
		}
		if ((rc = parse_section_attrs(p, sec, err)))
			goto out;
		for (xmlNodePtr n = sec->children; n; n = n->next) {
			size_t i;

			if (n->type != XML_ELEMENT_NODE)
				continue;
			if (!strcmp(name, "pricing") && is_elem(n, "snapshot")) {
				if ((rc = parse_snapshot(p, n, err)))
					goto out;
				continue;
			}
			for (i = 0; i < ARRAY_SIZE(specs); i++)
				if (!strcmp(specs[i].section, name) &&
				    is_elem(n, specs[i].elem))
					break;
			if (i == ARRAY_SIZE(specs)) {
				rc = bad(err, n, "unknown rule in <%s>", name);
				goto out;
			}
			if ((rc = parse_rule(p, &specs[i], n, err)))
				goto out;
		}
	}
	for (size_t k = 0; k < ARRAY_SIZE(sections); k++)
		if (!seen[k]) {
			rc = bad(err, linkage, "missing <%s>", sections[k]);
			goto out;
		}
	if ((rc = check_complete(p, linkage, err)))
		goto out;
done:
	*out = p;
	p = NULL;
out:
	linkage_params_free(p);
	return rc;
}

void linkage_params_free(struct linkage_params *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nr; i++) {
		free(p->rules[i].kind);
		free(p->rules[i].id);
		free(p->rules[i].value);
		free(p->rules[i].measure);
		free(p->rules[i].text);
	}
	free(p->rules);
	free(p);
}
