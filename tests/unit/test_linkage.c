#include "unit.h"
#include "core/date.h"
#include "core/db.h"
#include "core/embed.h"
#include "core/xml.h"
#include "linkage/link.h"
#include "linkage/linkage_int.h"
#include "rules/ruleset.h"

/* The <linkage> element of a rule set's XML, through the params parser
 * alone (no schema), so the parser's own checks are tested. */
static int params_from_xml(const char *xml, size_t len, const char *name,
			   struct linkage_params **out, struct strbuf *err)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr linkage = NULL;
	int rc;

	*out = NULL;
	if ((rc = xml_parse_memory(xml, len, name, &doc, err)))
		return rc;
	for (xmlNodePtr c = xmlDocGetRootElement(doc)->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "linkage"))
			linkage = c;
	rc = linkage ? linkage_params_parse(linkage, out, err)
		     : ec_error(err, EC_CONFIG, "%s: no <linkage> section", name);
	xmlFreeDoc(doc);
	return rc;
}

static struct ruleset *default_rules(void)
{
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = NULL;

	if (ruleset_load_default(&rs, &err))
		fail_msg("%s", err.buf);
	strbuf_release(&err);
	return rs;
}

/* The shipped rule set's <linkage>, parsed. */
static struct linkage_params *default_params(void)
{
	const struct embedded_file *f = embedded_find("rules/jiangsu-2020.xml");
	struct strbuf err = STRBUF_INIT;
	struct linkage_params *p = NULL;

	assert_non_null(f);
	if (params_from_xml((const char *)f->data, f->size, "jiangsu-2020.xml", &p, &err))
		fail_msg("%s", err.buf);
	strbuf_release(&err);
	return p;
}

static void shipped_rule_set_parses(void **state)
{
	struct linkage_params *p = default_params();

	(void)state;
	assert_true(p->present);
	{
		const struct embedded_file *f = embedded_find("rules/jiangsu-2020.xml");
		struct strbuf err = STRBUF_INIT;
		xmlDocPtr doc = NULL;

		/* the shipped rule set is valid against the (large) schema */
		assert_int_equal(xml_parse_memory((const char *)f->data, f->size, "j.xml",
						  &doc, &err), 0);
		if (xml_validate(doc, "rules/ruleset.xsd", "j.xml", &err))
			fail_msg("%s", err.buf);
		xmlFreeDoc(doc);
		strbuf_release(&err);
	}
	assert_int_equal(p->season_from_m, 11);
	assert_int_equal(p->season_until_m, 3);
	assert_int_equal(p->nsnap, 2);
	assert_int_equal(p->tax_months, 1);
	linkage_params_free(p);
	linkage_params_free(NULL);
}

/* Parse a <linkage> made from the shipped one with one substitution. */
static int parse_edited(const char *from, const char *to, struct strbuf *err)
{
	const struct embedded_file *f = embedded_find("rules/jiangsu-2020.xml");
	struct strbuf xml = STRBUF_INIT;
	struct linkage_params *p = NULL;
	const char *hit;
	int rc;

	strbuf_add(&xml, f->data, f->size);
	hit = strstr(xml.buf, from);
	assert_non_null(hit);
	{
		size_t at = (size_t)(hit - xml.buf), n = strlen(from);
		struct strbuf out = STRBUF_INIT;

		strbuf_add(&out, xml.buf, at);
		strbuf_addstr(&out, to);
		strbuf_addstr(&out, xml.buf + at + n);
		rc = params_from_xml(out.buf, out.len, "edited.xml", &p, err);
		strbuf_release(&out);
	}
	linkage_params_free(p);
	strbuf_release(&xml);
	return rc;
}

static void bad_figures_are_refused_with_a_line(void **state)
{
	static const char *const edits[][3] = {
		{ "base-pct=\"40\"", "base-pct=\"140\"", "base-pct '140'" },
		{ "base-pct=\"40\"", "base-pct=\"forty\"", "not a number" },
		{ "grades=\"D\" measure=\"stop\"/><!-- official -->",
		  "grades=\"D A\" measure=\"stop\"/>", "'A' is unknown or listed twice" },
		{ "from=\"11-01\"", "from=\"02-29\"", "not MM-DD" },
		{ "<snapshot day=\"06-30\"/>", "<snapshot day=\"12-31\"/>", "calendar order" },
		{ "<forfeit id=\"TX-EXCEED\"/>", "<forfeit id=\"TX-75\"/>",
		  "rule id 'TX-75' already used" },
		{ "<tax id=\"TX-FULL\" months=\"1\">", "<tax id=\"TX-FULL\" months=\"1\"><nonsense/>",
		  "unknown rule in <tax>" },
		{ "<alert id=\"EM-RED-BASE\" level=\"red\" base-pct=\"50\"/>", "",
		  "no <alert level=\"red\">" },
		{ "<credit max-reasons=\"4\">", "<credit max-reasons=\"4\"><deduction category=\"fine\" points=\"3\" months=\"6\"/>",
		  "unknown rule in <credit>" },
		{ "<industry code=\"C31\"", "<industry code=\"c31\"", "GB/T 4754" },
		{ "<colour id=\"EM-COLOUR-RED\" colours=\"red\" add-pct=\"10\"/>",
		  "<colour id=\"EM-COLOUR-RED\" colours=\"red\"/>", "give either add-pct or measure" },
		{ "<evidence id=\"EX-EVIDENCE\" min-pct=\"90\"/>", "", "no ex-evidence rule" },
		{ "<evidence id=\"EX-EVIDENCE\" min-pct=\"90\"/>",
		  "<evidence id=\"EX-EVIDENCE\" min-pct=\"190\"/>", "min-pct '190'" },
		{ "<coverage id=\"TX-COVERAGE\" min-pct=\"90\"/>", "", "no tx-coverage rule" },
		{ "<text key=\"em-self\">", "<text key=\"em-selfish\">",
		  "'em-selfish' is unknown or given twice" },
		{ "<text key=\"em-self\">自主采取减排措施</text>", "",
		  "no <text key=\"em-self\"> in <wording>" },
		{ "<basis id=\"TX-COVERAGE\">", "<basis id=\"TX-NONE\">x</basis><basis id=\"TX-COVERAGE\">",
		  "<basis id=\"TX-NONE\"> names no rule" },
		{ "<basis id=\"EX-EVIDENCE\">", "<basis id=\"EX-EVIDENCE-OLD\">",
		  "rule 'EX-EVIDENCE' has no <basis id=\"EX-EVIDENCE\">" },
	};
	struct strbuf err = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(edits); i++) {
		strbuf_reset(&err);
		assert_int_equal(parse_edited(edits[i][0], edits[i][1], &err), EC_CONFIG);
		if (!strstr(err.buf, edits[i][2]) || !strstr(err.buf, "line "))
			fail_msg("edit %zu: '%s' lacks '%s'", i, err.buf, edits[i][2]);
	}
	strbuf_reset(&err);
	assert_int_equal(params_from_xml("<ruleset xmlns=\"urn:ecredit:rules:1\"/>", 38,
					     "x.xml", &(struct linkage_params *){ NULL }, &err),
			 EC_CONFIG);
	assert_non_null(strstr(err.buf, "no <linkage> section"));
	strbuf_release(&err);
}

static void season_and_snapshot_dates(void **state)
{
	struct linkage_params *p = default_params();
	static const struct {
		const char *d;
		int season;
		const char *from, *to, *snap, *prev;
	} cases[] = {
		{ "2020-08-31", 0, "", "", "2020-06-30", "2019-12-31" },
		{ "2020-09-01", 1, "2020-11-01", "2021-02-28", "2020-06-30", "2019-12-31" },
		{ "2020-10-31", 1, "2020-11-01", "2021-02-28", "2020-06-30", "2019-12-31" },
		{ "2020-11-01", 1, "2020-11-01", "2021-02-28", "2020-06-30", "2019-12-31" },
		{ "2020-02-29", 1, "2019-11-01", "2020-02-29", "2019-12-31", "2019-06-30" },
		{ "2020-03-01", 0, "", "", "2019-12-31", "2019-06-30" },
		{ "2021-01-01", 1, "2020-11-01", "2021-02-28", "2020-12-31", "2020-06-30" },
		{ "2020-12-31", 1, "2020-11-01", "2021-02-28", "2020-06-30", "2019-12-31" },
		{ "2020-07-01", 0, "", "", "2020-06-30", "2019-12-31" },
		{ "2020-06-30", 0, "", "", "2019-12-31", "2019-06-30" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct lk_dates d = { 0 };
		int day;

		assert_int_equal(date_parse(cases[i].d, &day), 0);
		lk_compute_dates(p, day, &d);
		assert_int_equal(d.season, cases[i].season);
		if (d.season) {
			assert_string_equal(d.season_from, cases[i].from);
			assert_string_equal(d.season_to, cases[i].to);
		}
		assert_true(d.pricing);
		assert_string_equal(d.snap, cases[i].snap);
		assert_string_equal(d.snap_prev, cases[i].prev);
	}
	{
		struct lk_dates d = { 0 };
		int day;

		/* before the policy: no snapshot applies; the first one has no
		 * previous one under the policy */
		assert_int_equal(date_parse("2019-06-30", &day), 0);
		lk_compute_dates(p, day, &d);
		assert_false(d.pricing);
		assert_int_equal(date_parse("2019-07-01", &day), 0);
		lk_compute_dates(p, day, &d);
		assert_true(d.pricing);
		assert_false(d.snap_prev_ok);
		assert_string_equal(d.applies_to, "2019-12-31");
	}
	linkage_params_free(p);
}

static xmlDocPtr cases_doc(void)
{
	const char *top = getenv("TOP");
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT;
	xmlDocPtr doc = NULL;

	strbuf_addf(&path, "%s/tests/fixtures/linkage/link-cases.xml", top ? top : ".");
	if (xml_parse_file(path.buf, &doc, &err))
		fail_msg("%s", err.buf);
	strbuf_release(&path);
	strbuf_release(&err);
	return doc;
}

static void link_cases_pass(void **state)
{
	struct ruleset *p = default_rules();
	xmlDocPtr doc = cases_doc();
	struct strbuf err = STRBUF_INIT;
	int n = 0;

	(void)state;
	for (xmlNodePtr c = xmlDocGetRootElement(doc)->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		strbuf_reset(&err);
		if (lk_test_case(c, p, &err))
			fail_msg("case %d: %s", n + 1, err.buf);
		n++;
	}
	assert_int_equal(n, 8);
	xmlFreeDoc(doc);
	ruleset_free(p);
	strbuf_release(&err);
}

static void failing_link_case_says_why(void **state)
{
	static const char xml[] =
		"<link-case xmlns=\"urn:ecredit:rules:1\">\n"
		"<given as-of=\"2020-11-15\" colour=\"yellow\" grade=\"C\"/>\n"
		"<expect list=\"emergency\" alert=\"red\" measure=\"limit 50%\"/>\n"
		"</link-case>\n";
	static const char xml2[] =
		"<link-case xmlns=\"urn:ecredit:rules:1\">\n"
		"<given as-of=\"2020-11-15\" colour=\"yellow\"/>\n"
		"<expect list=\"staggered\" limit_pct=\"30\"/>\n"
		"<expect list=\"nowhere\"/>\n"
		"</link-case>\n";
	struct ruleset *p = default_rules();
	struct strbuf err = STRBUF_INIT;
	xmlDocPtr doc = NULL;

	(void)state;
	assert_int_equal(xml_parse_memory(xml, sizeof(xml) - 1, "case", &doc, &err), 0);
	assert_int_equal(lk_test_case(xmlDocGetRootElement(doc), p, &err), EC_CHECK);
	assert_string_equal(err.buf, "line 3: emergency: measure is '限产55%',"
			    " expected 'limit 50%'");
	xmlFreeDoc(doc);
	assert_int_equal(xml_parse_memory(xml2, sizeof(xml2) - 1, "case", &doc, &err), 0);
	assert_int_equal(lk_test_case(xmlDocGetRootElement(doc), p, &err), EC_CHECK);
	assert_non_null(strstr(err.buf, "expected a row, got none"));
	assert_int_equal(lk_test_case(xmlDocGetRootElement(doc), NULL, &err), EC_CONFIG);
	xmlFreeDoc(doc);
	ruleset_free(p);
	strbuf_release(&err);
}

static void exec_sql(struct db *db, const char *sql)
{
	struct strbuf err = STRBUF_INIT;

	if (db_exec(db, sql, &err))
		fail_msg("%s: %s", sql, err.buf);
	strbuf_release(&err);
}

/* link_run end to end: the stored rule set, the lists, explain. */
static void link_run_and_explain(void **state)
{
	const struct embedded_file *f = embedded_find("rules/jiangsu-2020.xml");
	struct strbuf err = STRBUF_INIT, text = STRBUF_INIT;
	struct link_summary s;
	struct db_stmt *st = NULL;
	struct db *db = NULL;

	(void)state;
	assert_int_equal(db_open(":memory:", DB_OPEN_CREATE, &db, &err), 0);
	assert_int_equal(db_migrate(db, NULL, NULL, &err), 0);
	assert_int_equal(link_explain(db, "X", NULL, 0, &text, &err), EC_DATA);
	assert_int_equal(db_prepare(db, "INSERT INTO rule_set (sha256, id, version, effective_from, xml, loaded_at) VALUES ('sha', 'j', '1',"
				    " '2019-01-01', ?, 'now')", &st, &err), 0);
	db_bind_blob(st, 1, f->data, f->size);
	assert_int_equal(db_run(st, &err), 0);
	db_finalize(st);
	exec_sql(db, "INSERT INTO enterprise VALUES ('U1', '某厂', NULL, '三厂街道', 1,"
		 " '2019-01-01');"
		 "INSERT INTO permit (permit_no, uscc, status, valid_from, valid_to,"
		 " industry_code, grade, content_sha256) VALUES ('U1001P', 'U1', 'valid',"
		 " '2019-01-01', '2025-01-01', 'C3120', 'C', 'x');"
		 "INSERT INTO outlet (permit_no, code, kind, mn, ultra_low) VALUES ('U1001P', 'DA001', 'air', 'MN1', 0);"
		 "INSERT INTO rate_date VALUES ('2020-11-15', 'sha', NULL, 1);"
		 "INSERT INTO rate_date VALUES ('2020-06-30', 'sha', NULL, 1);"
		 "INSERT INTO rate_date VALUES ('2019-12-31', 'sha', NULL, 1);"
		 "INSERT INTO rating (as_of, uscc, score, band_colour, colour, previous_colour, changed_on, override_id, rule_set_sha256) VALUES ('2020-11-15', 'U1', 4, 'yellow', 'yellow',"
		 " NULL, NULL, NULL, 'sha');"
		 "INSERT INTO rating (as_of, uscc, score, band_colour, colour, previous_colour, changed_on, override_id, rule_set_sha256) VALUES ('2020-06-30', 'U1', 2, 'red', 'red',"
		 " NULL, NULL, NULL, 'sha');");
	assert_int_equal(link_run(db, "2020-11-15", "red", NULL, "2020-11-15.1", &s, &err), 0);
	assert_int_equal(s.emergency, 1);
	assert_int_equal(s.staggered, 1);
	assert_int_equal(s.pricing, 1);
	assert_int_equal(s.credit, 1);
	assert_int_equal(s.exemptions, 0);
	assert_int_equal(link_explain(db, "U1", NULL, 0, &text, &err), 0);
	assert_string_equal(text.buf,
		"lists on 2020-11-15:\n"
		"  emergency list, red alert: 限产55%; basis EM-RED-BASE EM-COLOUR-YELLOW\n"
		"  staggered production 2020-11-01 to 2021-02-28: limit 30%; basis"
		" ST-SEASON ST-KEY ST-GRADE-C\n"
		"  differential prices 2020-07-01 to 2020-12-31 (colour red on 2020-06-30):"
		" electricity +0.05 yuan/kWh, sewage +0.6 yuan/m3; basis PR-RED\n"
		"  green credit: 审慎审查; basis CR-YELLOW\n");
	strbuf_reset(&text);
	assert_int_equal(link_explain(db, "U1", "2020-11-15", 1, &text, &err), 0);
	assert_non_null(strstr(text.buf, "{\"as_of\":\"2020-11-15\",\"linked\":true,\"rows\":["
				 "{\"list\":\"emergency\",\"text\":\"emergency list, red alert: 限产55%\","
				 "\"basis\":\"EM-RED-BASE EM-COLOUR-YELLOW\"},"));
	strbuf_reset(&text);
	assert_int_equal(link_explain(db, "NOBODY", "2020-11-15", 0, &text, &err), 0);
	assert_non_null(strstr(text.buf, "on no list"));
	assert_int_equal(link_explain(db, "U1", "2020-11-16", 0, &text, &err), EC_DATA);
	assert_int_equal(link_run(db, "2020-11-15", "purple", NULL, NULL, &s, &err), EC_USAGE);
	assert_int_equal(link_run(db, "2020-11-16", NULL, NULL, NULL, &s, &err), EC_DATA);
	assert_non_null(strstr(err.buf, "2020-11-16 is not rated"));
	db_close(db);
	strbuf_release(&err);
	strbuf_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_rule_set_parses),
		cmocka_unit_test(bad_figures_are_refused_with_a_line),
		cmocka_unit_test(season_and_snapshot_dates),
		cmocka_unit_test(link_cases_pass),
		cmocka_unit_test(failing_link_case_says_why),
		cmocka_unit_test(link_run_and_explain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
