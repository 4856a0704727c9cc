#include "core/common.h"
#include "core/date.h"
#include "core/xml.h"
#include "rules/cases.h"
#include "rules/ruleset.h"

static int day_attr(xmlNodePtr n, const char *name, int def)
{
	char *v = xml_attr(n, name);
	int day = def;

	if (v && date_parse(v, &day))
		day = def;
	free(v);
	return day;
}

static int long_attr(xmlNodePtr n, const char *name, int def)
{
	char *v = xml_attr(n, name);
	long l = def;

	if (v)
		l = strtol(v, NULL, 10);
	free(v);
	return (int)l;
}

/* Evaluate one <case>; fills got and returns 1 when it matches. */
static int run_case(const struct ruleset *rs, xmlNodePtr c, struct strbuf *why)
{
	int as_of = day_attr(c, "as-of", 0);
	int offset = long_attr(c, "start-offset-days", ruleset_start_offset_days(rs));
	int sum = 0, incidents = 0, vetoes = 0, override = -1;
	int want_score = long_attr(c, "expect-score", 0), want_colour;
	struct score_result res;
	char *v;

	v = xml_attr(c, "expect-colour");
	want_colour = score_colour_parse(v);
	free(v);
	for (xmlNodePtr e = c->children; e; e = e->next) {
		if (e->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)e->name, "event")) {
			const struct score_rule *r;

			v = xml_attr(e, "type");
			r = v ? ruleset_rule(rs, v) : NULL;
			free(v);
			if (!r || !score_active(day_attr(e, "date", 0), offset, r->months, as_of))
				continue;
			sum += r->points;
			incidents += r->effect == EFFECT_INCIDENT;
			vetoes += r->effect == EFFECT_VETO;
		} else if (!strcmp((const char *)e->name, "override")) {
			int from = day_attr(e, "from", 0), until = day_attr(e, "until", INT_MAX);

			if (from <= as_of && as_of <= until) {
				v = xml_attr(e, "colour");
				override = score_colour_parse(v);
				free(v);
			}
		}
	}
	score_apply(ruleset_model(rs), sum, incidents, vetoes, override, &res);
	if (res.score == want_score && res.colour == want_colour)
		return 1;
	strbuf_addf(why, "expected %d %s, got %d %s", want_score,
		    score_colour_name(want_colour), res.score,
		    score_colour_name(res.colour));
	return 0;
}

int cases_run(const struct ruleset *rs, cases_link_fn link_case, struct strbuf *out,
	      int *passed, int *failed)
{
	struct strbuf why = STRBUF_INIT;
	xmlNodePtr tests = ruleset_tests_node(rs);
	int n = 0;

	*passed = *failed = 0;
	for (xmlNodePtr c = tests ? tests->children : NULL; c; c = c->next) {
		char *name;
		int ok;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		strbuf_reset(&why);
		if (!strcmp((const char *)c->name, "case")) {
			ok = run_case(rs, c, &why);
			name = xml_attr(c, "name");
		} else if (!strcmp((const char *)c->name, "link-case") ||
			   !strcmp((const char *)c->name, "power-case")) {
			int rc = link_case ? link_case(c, rs, &why)
				 : ec_error(&why, EC_INTERNAL,
					    "linkage test cases cannot run here");

			ok = rc == 0;
			name = xml_attr(c, "name");
		} else {
			continue;
		}
		n++;
		if (ok) {
			(*passed)++;
			strbuf_addf(out, "ok %d - %s\n", n, name ? name : "");
		} else {
			(*failed)++;
			strbuf_addf(out, "not ok %d - %s (line %ld): %s\n", n,
				    name ? name : "", xmlGetLineNo(c), why.buf);
		}
		free(name);
	}
	strbuf_addf(out, "1..%d\n", n);
	strbuf_release(&why);
	return *failed ? EC_CHECK : 0;
}
