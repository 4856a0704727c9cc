#include "core/common.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/embed.h"
#include "core/evtype.h"
#include "core/xml.h"
#include "rules/linkage_params.h"
#include "rules/power.h"
#include "rules/ruleset.h"

#include <fcntl.h>
#include <unistd.h>

#define RULESET_SCHEMA "rules/ruleset.xsd"

struct ruleset {
	char *name;
	char *xml;
	size_t xml_len;
	char sha256[SHA256_HEX_SIZE];
	char *id, *version;
	char effective_from[DATE_TEXT_SIZE];
	xmlDocPtr doc;
	struct score_model model;
	int start_offset_days;
	struct score_rule *rules;
	int nr_rules;
	size_t alloc_rules;
	struct ruleset_monitoring monitoring;
	char *tx_classes;
	struct ruleset_bound *bounds;
	size_t nr_bounds, alloc_bounds;
	xmlNodePtr tests;
	struct linkage_params *linkage;
	struct power_params power;
};

static int node_line(xmlNodePtr n)
{
	return n ? (int)xmlGetLineNo(n) : 0;
}

/* Fail naming file and line; an invalid rule set is a configuration error. */
__attribute__((format(printf, 4, 5)))
static int bad(const struct ruleset *rs, xmlNodePtr n, struct strbuf *err,
	       const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (node_line(n) > 0)
		ec_error(err, EC_CONFIG, "%s:%d: %s", rs->name, node_line(n), msg.buf);
	else
		ec_error(err, EC_CONFIG, "%s: %s", rs->name, msg.buf);
	strbuf_release(&msg);
	return EC_CONFIG;
}

static int is_element(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       (!name || !strcmp((const char *)n->name, name));
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
		if (is_element(n, name))
			return n;
	return NULL;
}

/* An integer attribute (the schema has checked its lexical form). */
static int int_attr(xmlNodePtr n, const char *name, int *has, int *out)
{
	char *v = xml_attr(n, name);
	char *end;
	long l;

	*out = 0;
	if (has)
		*has = v != NULL;
	if (!v)
		return has ? 0 : -1;
	errno = 0;
	l = strtol(v, &end, 10);
	if (errno || *end || end == v || l < INT_MIN / 2 || l > INT_MAX / 2) {
		free(v);
		return -1;
	}
	free(v);
	*out = (int)l;
	return 0;
}

static int date_attr(const struct ruleset *rs, xmlNodePtr n, const char *name,
		     int *out, struct strbuf *err)
{
	char *v = xml_attr(n, name);
	int rc = 0;

	if (!v || date_parse(v, out))
		rc = bad(rs, n, err, "bad %s '%s' (want a real YYYY-MM-DD date)",
			 name, v ? v : "");
	free(v);
	return rc;
}

static int parse_bands(struct ruleset *rs, xmlNodePtr bands, struct strbuf *err)
{
	struct score_model *m = &rs->model;
	xmlNodePtr at[COLOUR_COUNT] = { NULL };
	int rc = 0;

	for (xmlNodePtr b = bands->children; b; b = b->next) {
		char *name;
		int c;

		if (!is_element(b, "band"))
			continue;
		name = xml_attr(b, "colour");
		c = score_colour_parse(name);
		free(name);
		if (c < 0)
			return bad(rs, b, err, "unknown colour");
		if (at[c])
			return bad(rs, b, err, "colour '%s' has two bands (first on line %d)",
				   score_colour_name(c), node_line(at[c]));
		at[c] = b;
		if (int_attr(b, "min", &m->band_has_min[c], &m->band_min[c]) ||
		    int_attr(b, "max", &m->band_has_max[c], &m->band_max[c]))
			return bad(rs, b, err, "bad band bound");
		if (m->band_has_min[c] && m->band_has_max[c] &&
		    m->band_min[c] > m->band_max[c])
			return bad(rs, b, err, "band '%s' is empty (min %d > max %d)",
				   score_colour_name(c), m->band_min[c], m->band_max[c]);
	}
	for (int c = 0; c < COLOUR_COUNT; c++)
		if (!at[c])
			return bad(rs, bands, err, "no band for colour '%s'",
				   score_colour_name(c));
	/* Best colour on top; each band starts right above the next one. */
	if (m->band_has_max[COLOUR_GREEN] && m->band_max[COLOUR_GREEN] < m->max)
		return bad(rs, at[COLOUR_GREEN], err,
			   "gap: scores %d to %d have no colour (green ends at %d)",
			   m->band_max[COLOUR_GREEN] + 1, m->max, m->band_max[COLOUR_GREEN]);
	if (m->band_has_min[COLOUR_BLACK])
		return bad(rs, at[COLOUR_BLACK], err,
			   "gap: scores below %d have no colour (black needs no min)",
			   m->band_min[COLOUR_BLACK]);
	for (int c = 1; c < COLOUR_COUNT && !rc; c++) {
		const char *upper = score_colour_name(c - 1), *lower = score_colour_name(c);

		if (!m->band_has_max[c])
			rc = bad(rs, at[c], err,
				 "overlap: band '%s' has no max, so it overlaps '%s'",
				 lower, upper);
		else if (!m->band_has_min[c - 1])
			rc = bad(rs, at[c - 1], err,
				 "overlap: band '%s' has no min, so it overlaps '%s'",
				 upper, lower);
		else if (m->band_min[c - 1] > m->band_max[c] + 1)
			rc = bad(rs, at[c], err,
				 "gap: scores %d to %d have no colour (between '%s' and '%s')",
				 m->band_max[c] + 1, m->band_min[c - 1] - 1, lower, upper);
		else if (m->band_min[c - 1] <= m->band_max[c])
			rc = bad(rs, at[c], err,
				 "overlap: score %d is in both '%s' and '%s'",
				 m->band_max[c], lower, upper);
	}
	return rc;
}

/* <bound pollutant max unit/> under <monitoring>: each pollutant once
 * (the schema checks the forms and ranges). */
static int parse_bounds(struct ruleset *rs, xmlNodePtr mon, struct strbuf *err)
{
	for (xmlNodePtr n = mon ? mon->children : NULL; n; n = n->next) {
		char *code, *max, *end;
		double v;

		if (!is_element(n, "bound"))
			continue;
		code = xml_attr(n, "pollutant");
		max = xml_attr(n, "max");
		v = max ? strtod(max, &end) : 0;
		free(max);
		for (size_t i = 0; code && i < rs->nr_bounds; i++)
			if (!strcmp(rs->bounds[i].pollutant, code)) {
				free(code);
				return bad(rs, n, err, "bound for pollutant '%s' given twice",
					   rs->bounds[i].pollutant);
			}
		if (!code || !(v > 0)) {
			free(code);
			return bad(rs, n, err, "bad bound");
		}
		ALLOC_GROW(rs->bounds, rs->nr_bounds + 1, rs->alloc_bounds);
		rs->bounds[rs->nr_bounds].pollutant = code;
		rs->bounds[rs->nr_bounds++].max = v;
	}
	return 0;
}

static int parse_events(struct ruleset *rs, xmlNodePtr events, struct strbuf *err)
{
	for (xmlNodePtr e = events->children; e; e = e->next) {
		struct score_rule *r;
		char *type, *effect;
		const struct score_rule *dup;

		if (!is_element(e, "event"))
			continue;
		type = xml_attr(e, "type");
		if (!type || !evtype_by_code(type)) {
			int rc = bad(rs, e, err,
				     "unknown event type '%s' (not in the catalogue core/evtype.c)",
				     type ? type : "");
			free(type);
			return rc;
		}
		if ((dup = ruleset_rule(rs, type))) {
			int rc = bad(rs, e, err, "event type '%s' is listed twice (first on line %d)",
				     type, dup->line);
			free(type);
			return rc;
		}
		ALLOC_GROW(rs->rules, (size_t)rs->nr_rules + 1, rs->alloc_rules);
		r = &rs->rules[rs->nr_rules++];
		memset(r, 0, sizeof(*r));
		r->type = type;
		r->line = node_line(e);
		if (int_attr(e, "points", NULL, &r->points) ||
		    int_attr(e, "months", NULL, &r->months) || r->months < 1)
			return bad(rs, e, err, "bad points or months");
		effect = xml_attr(e, "effect");
		if (effect && !strcmp(effect, "veto"))
			r->effect = EFFECT_VETO;
		else if (effect && !strcmp(effect, "incident"))
			r->effect = EFFECT_INCIDENT;
		free(effect);
	}
	return 0;
}

static int parse_tests(struct ruleset *rs, xmlNodePtr tests, struct strbuf *err)
{
	int rc, day;

	for (xmlNodePtr c = tests ? tests->children : NULL; c; c = c->next) {
		if (!is_element(c, "case"))
			continue;
		if ((rc = date_attr(rs, c, "as-of", &day, err)))
			return rc;
		for (xmlNodePtr e = c->children; e; e = e->next) {
			if (is_element(e, "event")) {
				char *type = xml_attr(e, "type");

				if (!type || !ruleset_rule(rs, type)) {
					rc = bad(rs, e, err, "event type '%s' is not in this rule set",
						 type ? type : "");
					free(type);
					return rc;
				}
				free(type);
				if ((rc = date_attr(rs, e, "date", &day, err)))
					return rc;
			} else if (is_element(e, "override")) {
				if ((rc = date_attr(rs, e, "from", &day, err)))
					return rc;
				if (xmlHasProp(e, (const xmlChar *)"until") &&
				    (rc = date_attr(rs, e, "until", &day, err)))
					return rc;
			}
		}
	}
	return 0;
}

static int colour_attr(const struct ruleset *rs, xmlNodePtr n, const char *name,
		       int *out, struct strbuf *err)
{
	char *v = xml_attr(n, name);

	*out = score_colour_parse(v);
	free(v);
	return *out < 0 ? bad(rs, n, err, "bad colour in '%s'", name) : 0;
}

static int parse_model(struct ruleset *rs, struct strbuf *err)
{
	xmlNodePtr root = xmlDocGetRootElement(rs->doc), n;
	char *v;
	int rc, day;

	rs->id = xml_attr(root, "id");
	rs->version = xml_attr(root, "version");
	if ((rc = date_attr(rs, root, "effective-from", &day, err)))
		return rc;
	date_format(day, rs->effective_from);

	n = child(root, "score");
	if (int_attr(n, "start", NULL, &rs->model.start) ||
	    int_attr(n, "max", NULL, &rs->model.max))
		return bad(rs, n, err, "bad score");
	if (rs->model.start > rs->model.max)
		return bad(rs, n, err, "start %d is above max %d", rs->model.start,
			   rs->model.max);
	if ((rc = parse_bands(rs, child(root, "bands"), err)))
		return rc;
	n = child(root, "window");
	if (int_attr(n, "start-offset-days", NULL, &rs->start_offset_days))
		return bad(rs, n, err, "bad start-offset-days");
	n = child(root, "effects");
	if ((rc = colour_attr(rs, child(n, "veto"), "cap", &rs->model.veto_cap, err)))
		return rc;
	if (int_attr(child(n, "incident"), "steps", NULL, &rs->model.incident_steps))
		return bad(rs, n, err, "bad incident steps");
	if ((rc = parse_events(rs, child(root, "events"), err)))
		return rc;
	n = child(root, "monitoring");
	if (int_attr(child(n, "exceedance"), "min-days", NULL,
		     &rs->monitoring.exceed_min_days))
		return bad(rs, n, err, "bad min-days");
	v = xml_attr(child(n, "transmission"), "min-percent");
	rs->monitoring.tx_min_percent = v ? strtod(v, NULL) : 0;
	free(v);
	rs->tx_classes = xml_attr(child(n, "transmission"), "classes");
	rs->monitoring.tx_classes = rs->tx_classes ? rs->tx_classes : "";
	if ((rc = parse_bounds(rs, n, err)))
		return rc;
	rs->tests = child(root, "tests");
	return parse_tests(rs, rs->tests, err);
}

int ruleset_load_memory(const char *xml, size_t len, const char *name,
			struct ruleset **out, struct strbuf *err)
{
	struct ruleset *rs = xcalloc(1, sizeof(*rs));
	int rc;

	*out = NULL;
	rs->name = xstrdup(name);
	if (len > RULESET_MAX_BYTES) {
		rc = ec_error(err, EC_CONFIG, "%s: rule set larger than %d bytes", name,
			      RULESET_MAX_BYTES);
		goto out;
	}
	rs->xml = xmalloc(len + 1);
	memcpy(rs->xml, xml, len);
	rs->xml[len] = '\0';
	rs->xml_len = len;
	sha256_hex(xml, len, rs->sha256);
	if ((rc = xml_parse_memory(xml, len, name, &rs->doc, err)) ||
	    (rc = xml_validate(rs->doc, RULESET_SCHEMA, name, err))) {
		if (rc == EC_DATA)
			rc = EC_CONFIG;
		goto out;
	}
	if ((rc = parse_model(rs, err)))
		goto out;
	{
		xmlNodePtr root = xmlDocGetRootElement(rs->doc);

		if ((rc = linkage_params_parse(child(root, "linkage"), &rs->linkage, err))) {
			ec_prefix(err, "%s: linkage: ", name);
			if (rc == EC_DATA)
				rc = EC_CONFIG;
			goto out;
		}
		if ((rc = power_params_parse(child(root, "power-price"), &rs->power, err))) {
			ec_prefix(err, "%s: ", name);
			goto out;
		}
	}
out:
	if (rc) {
		ruleset_free(rs);
		return rc;
	}
	*out = rs;
	return 0;
}

int ruleset_load_file(const char *path, struct ruleset **out, struct strbuf *err)
{
	struct strbuf buf = STRBUF_INIT;
	char chunk[65536];
	ssize_t n;
	int fd, rc = 0;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ec_errno(err, "cannot open rule set", path);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = ec_errno(err, "cannot read rule set", path);
			goto out;
		}
		if (buf.len + (size_t)n > RULESET_MAX_BYTES) {
			rc = ec_error(err, EC_CONFIG, "%s: rule set larger than %d bytes",
				      path, RULESET_MAX_BYTES);
			goto out;
		}
		strbuf_add(&buf, chunk, (size_t)n);
	}
	rc = ruleset_load_memory(buf.buf, buf.len, path, out, err);
out:
	close(fd);
	strbuf_release(&buf);
	return rc;
}

int ruleset_load_default(struct ruleset **out, struct strbuf *err)
{
	const struct embedded_file *f = embedded_find(RULESET_DEFAULT);

	*out = NULL;
	if (!f)
		return ec_error(err, EC_INTERNAL, "the default rule set is not built in");
	return ruleset_load_memory((const char *)f->data, f->size, RULESET_DEFAULT,
				   out, err);
}

void ruleset_free(struct ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->nr_bounds; i++)
		free((char *)rs->bounds[i].pollutant);
	free(rs->bounds);
	for (int i = 0; i < rs->nr_rules; i++)
		free((char *)rs->rules[i].type);
	free(rs->rules);
	linkage_params_free(rs->linkage);
	if (rs->doc)
		xmlFreeDoc(rs->doc);
	free(rs->tx_classes);
	free(rs->id);
	free(rs->version);
	free(rs->xml);
	free(rs->name);
	free(rs);
}

const struct ruleset_bound *ruleset_bounds(const struct ruleset *rs, size_t *n)
{
	*n = rs->nr_bounds;
	return rs->bounds;
}

const char *ruleset_id(const struct ruleset *rs) { return rs->id ? rs->id : ""; }
const char *ruleset_version(const struct ruleset *rs) { return rs->version ? rs->version : ""; }
const char *ruleset_sha256(const struct ruleset *rs) { return rs->sha256; }
const char *ruleset_effective_from(const struct ruleset *rs) { return rs->effective_from; }
const struct linkage_params *ruleset_linkage(const struct ruleset *rs) { return rs->linkage; }
const struct power_params *ruleset_power(const struct ruleset *rs) { return &rs->power; }
const char *ruleset_name(const struct ruleset *rs) { return rs->name; }
const struct score_model *ruleset_model(const struct ruleset *rs) { return &rs->model; }
int ruleset_start_offset_days(const struct ruleset *rs) { return rs->start_offset_days; }
int ruleset_rule_count(const struct ruleset *rs) { return rs->nr_rules; }
xmlNodePtr ruleset_tests_node(const struct ruleset *rs) { return rs->tests; }

const char *ruleset_xml(const struct ruleset *rs, size_t *len)
{
	*len = rs->xml_len;
	return rs->xml;
}

const struct score_rule *ruleset_rule_at(const struct ruleset *rs, int i)
{
	return i >= 0 && i < rs->nr_rules ? &rs->rules[i] : NULL;
}

const struct score_rule *ruleset_rule(const struct ruleset *rs, const char *type)
{
	for (int i = 0; i < rs->nr_rules; i++)
		if (!strcmp(rs->rules[i].type, type))
			return &rs->rules[i];
	return NULL;
}

int ruleset_max_months(const struct ruleset *rs)
{
	int m = 0;

	for (int i = 0; i < rs->nr_rules; i++)
		if (rs->rules[i].months > m)
			m = rs->rules[i].months;
	return m;
}

const struct ruleset_monitoring *ruleset_monitoring(const struct ruleset *rs)
{
	return &rs->monitoring;
}
