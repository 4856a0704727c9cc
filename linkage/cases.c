#include "core/common.h"
#include "core/date.h"
#include "core/evtype.h"
#include "core/xml.h"
#include "linkage/link.h"
#include "linkage/linkage_int.h"
#include "ratings/monitor.h"
#include "rules/ruleset.h"

/*
 * Rule-set test cases for the linkage figures (docs/linkage.md):
 *
 *   <link-case name="...">
 *     <given as-of="2020-11-15" colour="red" grade="C" industry="C3110"
 *            town="..." guarantee="false" air-outlet="true" ultra-low="false"
 *            device="true" clean-hours="false" permit-status="valid"
 *            snapshot-colour="red" previous-snapshot-colour="red"/>
 *     <event category="fine" date="2020-05-01"/>
 *     <gap from="2020-10-01 00:00:00" until="2020-10-04 00:00:00"/>
 *     <hour at="2020-11-10 03:00:00" value="36"/>
 *     <expect list="emergency" alert="orange" measure="限产50%"/>
 *     <expect list="exemptions" absent="true"/>
 *   </link-case>
 *
 * <gap> removes the clean hours in [from, until); <hour> sets the value
 * of one of them (after the gaps).
 *
 * The case builds one enterprise on a scratch in-memory database and runs
 * the real link steps with the rule set's figures, then compares each
 * <expect>: every attribute other than list, alert and absent names a
 * column of that list's row (numbers compare as numbers).
 */
#define CASE_USCC "91320684CASE00000X"

static const char *const list_sql[][2] = {
	{ "exemptions", "SELECT * FROM exemption WHERE as_of = ?1 AND uscc = ?2" },
	{ "exemption-misses", "SELECT * FROM exemption_miss WHERE as_of = ?1"
			      " AND uscc = ?2" },
	{ "revocations", "SELECT * FROM revocation WHERE as_of = ?1 AND uscc = ?2" },
	{ "emergency", "SELECT * FROM emergency WHERE as_of = ?1 AND uscc = ?2"
		       " AND alert = ?3" },
	{ "staggered", "SELECT * FROM staggered WHERE as_of = ?1 AND uscc = ?2" },
	{ "pricing", "SELECT * FROM pricing WHERE as_of = ?1 AND uscc = ?2" },
	{ "credit", "SELECT * FROM credit WHERE as_of = ?1 AND uscc = ?2" },
	{ "tax", "SELECT * FROM tax WHERE as_of = ?1 AND uscc = ?2" },
};

struct given {
	char *as_of, *colour, *grade, *industry, *town, *snap, *snap_prev, *status;
	int guarantee, air, ultra_low, clean, device;
};

static int flag(xmlNodePtr n, const char *name, int dflt)
{
	char *v = xml_attr(n, name);
	int r = v ? !strcmp(v, "true") : dflt;

	free(v);
	return r;
}

/* The enterprise of the case, with a permit valid a year either side. */
static int build(struct db *db, const struct given *g, const struct lk_dates *d,
		 struct strbuf *err)
{
	const char *ent[] = { CASE_USCC, g->town, g->as_of };
	const char *rat[] = { g->as_of, CASE_USCC, g->colour };
	const char *per[] = { CASE_USCC, g->as_of, g->industry, g->grade,
			      g->guarantee ? "1" : "0", g->status ? g->status : "valid" };
	const char *out[] = { g->ultra_low ? "1" : "0", g->device ? "CASEMN" : NULL };
	const char *hrs[] = { g->as_of };
	int rc;

	if ((rc = db_run_text(db, "INSERT INTO enterprise (uscc, name, region, town, uscc_ok,"
			   " first_seen) VALUES (?1, 'link case', NULL, ?2, 1, ?3)", ent, 3, err)) ||
	    (rc = db_run_text(db, "INSERT INTO rate_date (as_of, rule_set_sha256, enterprises)"
			   " VALUES (?1, 'case', 1)",
			   rat, 1, err)) ||
	    (rc = db_run_text(db, "INSERT INTO rating (as_of, uscc, score, band_colour, colour,"
			   " rule_set_sha256) VALUES (?1, ?2, 0, ?3, ?3, 'case')", rat, 3, err)) ||
	    (rc = db_run_text(db, "INSERT INTO permit (permit_no, uscc, status, valid_from,"
			   " valid_to, industry_code, grade, guarantee, content_sha256)"
			   " VALUES (?1 || '001P', ?1, ?6, ec_add_months(?2, -12),"
			   " ec_add_months(?2, 12), ?3, ?4, ?5, 'case')", per, 6, err)))
		return rc;
	if (g->air &&
	    ((rc = db_run_text(db, "INSERT INTO outlet (permit_no, code, kind, mn, ultra_low) VALUES ('" CASE_USCC "001P',"
			    " 'DA001', 'air', ?2, ?1)", out, 2, err)) ||
	     (rc = db_run_text(db, "INSERT INTO outlet_limit (permit_no, outlet_code, pollutant, conc, ultra_low_conc, annual_t)"
			    " VALUES ('" CASE_USCC "001P',"
			    " 'DA001', 'a21026', 35, 35, NULL)", NULL, 0, err))))
		return rc;
	/* every hour of the last year valid and far below the limits */
	if (g->air && g->clean &&
	    (rc = db_run_text(db, "WITH RECURSIVE h(n) AS (SELECT 0 UNION ALL"
			   " SELECT n + 1 FROM h WHERE n < 366 * 24)"
			   " INSERT INTO monitoring (mn, cn, pollutant, start, avg, flag)"
			   " SELECT 'CASEMN', 2061, 'a21026', ec_add_days(?1, -(n / 24)) ||"
			   " printf(' %02d:00:00', n % 24), 10, 'N' FROM h",
			   hrs, 1, err)))
		return rc;
	/* the snapshots count as rated, so the case never calls the rating */
	for (int k = 0; k < 2 && d->pricing; k++) {
		const char *date = k ? d->snap_prev : d->snap;
		const char *colour = k ? g->snap_prev : g->snap;
		const char *s[] = { date, CASE_USCC, colour };

		if (k && !d->snap_prev_ok)
			break;
		if ((rc = db_run_text(db, "INSERT INTO rate_date (as_of, rule_set_sha256, enterprises)"
			   " VALUES (?1, 'case', 1)",
				   s, 1, err)) ||
		    (colour &&
		     (rc = db_run_text(db, "INSERT INTO rating (as_of, uscc, score, band_colour,"
				    " colour, rule_set_sha256) VALUES (?1, ?2, 0, ?3, ?3, 'case')", s, 3, err))))
			return rc;
	}
	return 0;
}

static int add_event(struct db *db, xmlNodePtr n, int seq, struct strbuf *err)
{
	char *cat = xml_attr(n, "category"), *date = xml_attr(n, "date");
	char id[32];
	const char *v[] = { id, CASE_USCC, cat, date };
	int day, rc;

	snprintf(id, sizeof(id), "case-%d", seq);
	if (!cat || !evtype_by_code(cat) || !date || date_parse(date, &day))
		rc = ec_error(err, EC_CONFIG, "line %d: <event> needs a known category"
			      " and a date", (int)xmlGetLineNo(n));
	else
		rc = db_run_text(db, "INSERT INTO event (event_id, uscc, category, date,"
			      " source) VALUES (?1, ?2, ?3, ?4, 'penalties')", v, 4, err);
	free(cat);
	free(date);
	return rc;
}

/* <gap from until>: no stored hours in [from, until); <hour at value>:
 * one hour's value. */
static int edit_hours(struct db *db, xmlNodePtr n, struct strbuf *err)
{
	int gap = !strcmp((const char *)n->name, "gap");
	char *a = xml_attr(n, gap ? "from" : "at"), *b = xml_attr(n, gap ? "until" : "value");
	const char *v[] = { a, b };
	int rc;

	if (!a || !b)
		rc = ec_error(err, EC_CONFIG, "line %d: <%s> needs %s", (int)xmlGetLineNo(n),
			      (const char *)n->name, gap ? "from and until" : "at and value");
	else if (gap)
		rc = db_run_text(db, "DELETE FROM monitoring WHERE mn = 'CASEMN'"
				 " AND start >= ?1 AND start < ?2", v, 2, err);
	else
		rc = db_run_text(db, "UPDATE monitoring SET avg = CAST(?2 AS REAL)"
				 " WHERE mn = 'CASEMN' AND start = ?1", v, 2, err);
	free(a);
	free(b);
	return rc;
}

static int same_value(const char *want, const char *got)
{
	char *e1, *e2;
	double a, b;

	if (!strcmp(want, got))
		return 1;
	a = strtod(want, &e1);
	b = strtod(got, &e2);
	return *want && *got && !*e1 && !*e2 && a == b;
}

static int check_expect(struct db *db, const char *as_of, xmlNodePtr n,
			struct strbuf *err)
{
	char *list = xml_attr(n, "list"), *alert = xml_attr(n, "alert");
	int absent = flag(n, "absent", 0), rc = 0, line = (int)xmlGetLineNo(n);
	struct db_stmt *st = NULL;
	size_t i;

	for (i = 0; list && i < ARRAY_SIZE(list_sql); i++)
		if (!strcmp(list, list_sql[i][0]))
			break;
	if (!list || i == ARRAY_SIZE(list_sql)) {
		rc = ec_error(err, EC_CONFIG, "line %d: <expect> needs list= one of"
			      " exemptions exemption-misses revocations emergency staggered"
			      " pricing credit tax",
			      line);
		goto out;
	}
	if ((rc = db_prepare(db, list_sql[i][1], &st, err)))
		goto out;
	db_bind_text(st, 1, as_of);
	db_bind_text(st, 2, CASE_USCC);
	db_bind_text(st, 3, alert ? alert : "yellow");
	if ((rc = db_step(st, err)) < 0)
		goto out;
	if (absent || rc == DB_DONE) {
		rc = (absent == (rc == DB_DONE)) ? 0 :
			ec_error(err, EC_CHECK, "line %d: %s: expected %s row, got %s", line,
				 list, absent ? "no" : "a", absent ? "one" : "none");
		goto out;
	}
	rc = 0;
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		const char *name = (const char *)a->name;
		char *want;
		int col;

		if (!strcmp(name, "list") || !strcmp(name, "alert") || !strcmp(name, "absent"))
			continue;
		for (col = 0; col < db_column_count(st); col++)
			if (!strcmp(db_column_name(st, col), name))
				break;
		if (col == db_column_count(st)) {
			rc = ec_error(err, EC_CONFIG, "line %d: %s has no column '%s'", line,
				      list, name);
			goto out;
		}
		want = xml_attr(n, name);
		if (!same_value(want, db_column_text(st, col)))
			rc = ec_error(err, EC_CHECK, "line %d: %s: %s is '%s', expected '%s'",
				      line, list, name, db_column_text(st, col), want);
		free(want);
		if (rc)
			goto out;
	}
out:
	db_finalize(st);
	free(list);
	free(alert);
	return rc;
}

static void given_free(struct given *g)
{
	free(g->as_of);
	free(g->colour);
	free(g->grade);
	free(g->industry);
	free(g->town);
	free(g->snap);
	free(g->snap_prev);
	free(g->status);
}

int linkage_test_case(xmlNodePtr link_case, const struct ruleset *rs,
		      struct strbuf *err)
{
	if (!strcmp((const char *)link_case->name, "power-case"))
		return lk_power_case(link_case, rs, err);
	return lk_test_case(link_case, rs, err);
}

int lk_test_case(xmlNodePtr link_case, const struct ruleset *rs,
		 struct strbuf *err)
{
	const struct linkage_params *p = rs ? ruleset_linkage(rs) : NULL;
	struct given g = { 0 };
	struct lk_dates d = { 0 };
	struct link_summary sum;
	xmlNodePtr given = NULL;
	struct db *db = NULL;
	int rc, day, seq = 0;

	for (xmlNodePtr c = link_case->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "given"))
			given = c;
	if (!p || !p->present) {
		rc = ec_error(err, EC_CONFIG, "the rule set has no <linkage> section");
		goto out;
	}
	if (!given) {
		rc = ec_error(err, EC_CONFIG, "line %d: <link-case> needs <given>",
			      (int)xmlGetLineNo(link_case));
		goto out;
	}
	g.as_of = xml_attr(given, "as-of");
	g.colour = xml_attr(given, "colour");
	g.grade = xml_attr(given, "grade");
	g.industry = xml_attr(given, "industry");
	g.town = xml_attr(given, "town");
	g.snap = xml_attr(given, "snapshot-colour");
	g.snap_prev = xml_attr(given, "previous-snapshot-colour");
	g.status = xml_attr(given, "permit-status");
	g.guarantee = flag(given, "guarantee", 0);
	g.air = flag(given, "air-outlet", 1);
	g.ultra_low = flag(given, "ultra-low", 0);
	g.clean = flag(given, "clean-hours", 0);
	g.device = flag(given, "device", 1);
	if (!g.as_of || date_parse(g.as_of, &day) || !g.colour) {
		rc = ec_error(err, EC_CONFIG, "line %d: <given> needs as-of and colour",
			      (int)xmlGetLineNo(given));
		goto out;
	}
	snprintf(d.as_of, sizeof(d.as_of), "%s", g.as_of);
	lk_compute_dates(p, day, &d);
	if ((rc = db_open(":memory:", DB_OPEN_CREATE, &db, err)) ||
	    (rc = db_migrate(db, NULL, NULL, err)) ||
	    (rc = build(db, &g, &d, err)))
		goto out;
	for (xmlNodePtr c = link_case->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "event") &&
		    (rc = add_event(db, c, ++seq, err)))
			goto out;
	for (xmlNodePtr c = link_case->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (!strcmp((const char *)c->name, "gap") ||
						    !strcmp((const char *)c->name, "hour")) &&
		    (rc = edit_hours(db, c, err)))
			goto out;
	/* the case is one enterprise in a city of its own: its silent hours are
	 * its own, never a system-wide gap (docs/linkage.md) */
	{
		double gap_pct = monitor_gap_pct();

		monitor_set_gap_pct(0);
		rc = lk_run_params(db, g.as_of, NULL, rs, "case", NULL, NULL, &sum, err);
		monitor_set_gap_pct(gap_pct);
		if (rc)
			goto out;
	}
	for (xmlNodePtr c = link_case->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "expect") &&
		    (rc = check_expect(db, g.as_of, c, err)))
			goto out;
out:
	given_free(&g);
	db_close(db);
	return rc;
}
