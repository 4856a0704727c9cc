#include "core/common.h"
#include "core/date.h"
#include "core/report.h"
#include "core/xml.h"
#include "linkage/linkage_int.h"
#include "rules/ruleset.h"

/*
 * Rule-set test cases for the power-price settlement (docs/power-price.md):
 *
 *   <power-case name="..." month="2026-10" pollutant="a21026" limit="100"
 *               ultra-low-conc="35" ultra-low="true" commissioned="2015-12-31"
 *               value="20" kwh="300000">
 *     <hour at="1" value="100.1"/>          hour index in the month, from 0
 *     <hour at="2" flag="D"/>
 *     <hour at="3" missing="true"/>          no monitoring data that hour
 *     <hour at="4" kwh="0"/>                 the unit stood still
 *     <hour at="5" no-kwh="true"/>           no generation row that hour
 *     <expect exceed_hours="1" confiscated_yuan="450.00"/>
 *   </power-case>
 *
 * One unit on a scratch in-memory database: every hour of the month has a
 * flag-N value `value` of `pollutant` and, when `kwh` is given, a
 * generation row of `kwh` (without it the unit-month has no generation),
 * except as the <hour>s say. The settlement runs with the rule set's
 * figures, and each attribute of <expect> names a column of
 * `ecredit report power-price` for that pollutant (empty = NULL).
 */
#define PC_USCC "91320684CASE00000X"
#define PC_PERMIT PC_USCC "001P"
#define PC_MN "CASEPOWERMN"

struct pc {
	char *month, *pollutant, *limit, *ul, *commissioned, *value, *kwh;
	int ultra_low;
};

static int run(struct db *db, const char *sql, const char *const *v, int n,
	       struct strbuf *err)
{
	return db_run_text(db, sql, v, n, err);
}

static int build(struct db *db, const struct pc *c, struct strbuf *err)
{
	const char *ent[] = { PC_USCC, c->month };
	const char *out[] = { c->ultra_low ? "1" : "0", c->commissioned };
	const char *lim[] = { c->pollutant, c->limit, c->ul };
	const char *mon[] = { c->month, c->pollutant, c->value };
	const char *gen[] = { c->month, c->kwh };
	int rc;

	if ((rc = run(db, "INSERT INTO enterprise (uscc, name, uscc_ok, first_seen)"
		      " VALUES (?1, 'power case', 1, ?2 || '-01')", ent, 2, err)) ||
	    (rc = run(db, "INSERT INTO permit (permit_no, uscc, status, valid_from,"
		      " valid_to, industry_code, content_sha256) VALUES (?1 || '001P', ?1,"
		      " 'valid', ec_add_months(?2 || '-01', -12), ec_add_months(?2 || '-01', 12),"
		      " 'D4411', 'case')", ent, 2, err)) ||
	    (rc = run(db, "INSERT INTO outlet (permit_no, code, kind, mn, ultra_low, unit,"
		      " commissioned) VALUES ('" PC_PERMIT "', 'DA001', 'air', '" PC_MN "',"
		      " ?1, '1号机组', ?2)", out, 2, err)) ||
	    (rc = run(db, "INSERT INTO outlet_limit (permit_no, outlet_code, pollutant, conc,"
		      " ultra_low_conc) VALUES ('" PC_PERMIT "', 'DA001', ?1, ?2, ?3)",
		      lim, 3, err)))
		return rc;
	/* every hour of the month: the case's value, flag N */
	if ((rc = run(db, "WITH RECURSIVE h(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM h"
		      " WHERE n + 1 < 24 * (julianday(ec_add_months(?1 || '-01', 1))"
		      "  - julianday(?1 || '-01')))"
		      " INSERT INTO monitoring (mn, cn, pollutant, start, avg, flag)"
		      " SELECT '" PC_MN "', 2061, ?2, ec_add_days(?1 || '-01', n / 24) ||"
		      " printf(' %02d:00:00', n % 24), CAST(?3 AS REAL), 'N' FROM h",
		      mon, 3, err)))
		return rc;
	if (c->kwh &&
	    (rc = run(db, "WITH RECURSIVE h(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM h"
		      " WHERE n + 1 < 24 * (julianday(ec_add_months(?1 || '-01', 1))"
		      "  - julianday(?1 || '-01')))"
		      " INSERT INTO generation (mn, hour, wh)"
		      " SELECT '" PC_MN "', ec_add_days(?1 || '-01', n / 24) ||"
		      " printf(' %02d:00:00', n % 24), CAST(round(?2 * 1000) AS INTEGER)"
		      " FROM h", gen, 2, err)))
		return rc;
	return 0;
}

/* One <hour>: change the monitoring and generation rows of that hour. */
static int apply_hour(struct db *db, const struct pc *c, xmlNodePtr n,
		      struct strbuf *err)
{
	char *at = xml_attr(n, "at"), *value = xml_attr(n, "value");
	char *flag = xml_attr(n, "flag"), *kwh = xml_attr(n, "kwh");
	char *missing = xml_attr(n, "missing"), *nokwh = xml_attr(n, "no-kwh");
	const char *key[] = { c->month, at, c->pollutant, value, flag, kwh };
	char *end = NULL;
	long h = at ? strtol(at, &end, 10) : -1;
	int rc = 0;

	if (!at || *end || h < 0 || h >= 31 * 24) {
		rc = ec_error(err, EC_CONFIG, "line %ld: <hour> needs at= (0 to 743)",
			      xmlGetLineNo(n));
		goto out;
	}
#define HOUR_START "ec_add_days(?1 || '-01', CAST(?2 AS INTEGER) / 24) ||" \
	" printf(' %02d:00:00', CAST(?2 AS INTEGER) % 24)"
	if (missing && !strcmp(missing, "true"))
		rc = run(db, "DELETE FROM monitoring WHERE start = " HOUR_START
			 " AND pollutant = ?3", key, 3, err);
	else if (value || flag)
		rc = run(db, "UPDATE monitoring SET avg = COALESCE(CAST(?4 AS REAL), avg),"
			 " flag = COALESCE(?5, flag) WHERE start = " HOUR_START
			 " AND pollutant = ?3", key, 5, err);
	if (!rc && nokwh && !strcmp(nokwh, "true"))
		rc = run(db, "DELETE FROM generation WHERE hour = " HOUR_START, key, 2, err);
	else if (!rc && kwh)
		rc = run(db, "INSERT OR REPLACE INTO generation (mn, hour, wh) VALUES ('"
			 PC_MN "', " HOUR_START ", CAST(round(?6 * 1000) AS INTEGER))",
			 key, 6, err);
#undef HOUR_START
out:
	free(at);
	free(value);
	free(flag);
	free(kwh);
	free(missing);
	free(nokwh);
	return rc;
}

static int check_expect(struct db *db, const struct pc *c, const char *as_of,
			xmlNodePtr n, struct strbuf *err)
{
	const struct report_def *def = report_find("power-price");
	struct strbuf sql = STRBUF_INIT;
	struct db_stmt *st = NULL;
	int rc, line = (int)xmlGetLineNo(n);

	if (!def)
		return ec_error(err, EC_INTERNAL, "no power-price report");
	strbuf_addf(&sql, "SELECT * FROM (%s) WHERE pollutant = :pollutant", def->sql);
	if ((rc = db_prepare(db, sql.buf, &st, err)))
		goto out;
	db_bind_text(st, db_bind_index(st, ":as_of"), as_of);
	db_bind_text(st, db_bind_index(st, ":pollutant"), c->pollutant);
	if ((rc = db_step(st, err)) != DB_ROW) {
		rc = rc < 0 ? rc : ec_error(err, EC_CHECK, "line %d: no settlement row", line);
		goto out;
	}
	rc = 0;
	for (xmlAttrPtr a = n->properties; a && !rc; a = a->next) {
		const char *name = (const char *)a->name;
		char *want = xml_attr(n, name);
		int col;

		for (col = 0; col < db_column_count(st); col++)
			if (!strcmp(db_column_name(st, col), name))
				break;
		if (col == db_column_count(st))
			rc = ec_error(err, EC_CONFIG, "line %d: power-price has no column '%s'",
				      line, name);
		else if (strcmp(want, db_column_text(st, col)))
			rc = ec_error(err, EC_CHECK, "line %d: %s is '%s', expected '%s'", line,
				      name, db_column_text(st, col), want);
		free(want);
	}
out:
	db_finalize(st);
	strbuf_release(&sql);
	return rc;
}

int lk_power_case(xmlNodePtr node, const struct ruleset *rs, struct strbuf *err)
{
	struct pc c = { 0 };
	struct lk_dates d = { 0 };
	struct db *db = NULL;
	char *ul = xml_attr(node, "ultra-low");
	long long n = 0;
	int rc, day;

	c.month = xml_attr(node, "month");
	c.pollutant = xml_attr(node, "pollutant");
	c.limit = xml_attr(node, "limit");
	c.ul = xml_attr(node, "ultra-low-conc");
	c.commissioned = xml_attr(node, "commissioned");
	c.value = xml_attr(node, "value");
	c.kwh = xml_attr(node, "kwh");
	c.ultra_low = ul && !strcmp(ul, "true");
	if (!c.month || strlen(c.month) != 7 || !c.pollutant || !c.limit || !c.value) {
		rc = ec_error(err, EC_CONFIG, "line %ld: <power-case> needs month (YYYY-MM),"
			      " pollutant, limit and value", xmlGetLineNo(node));
		goto out;
	}
	snprintf(d.as_of, sizeof(d.as_of), "%s-01", c.month);
	if (date_parse(d.as_of, &day)) {
		rc = ec_error(err, EC_CONFIG, "line %ld: month '%s' is not a month",
			      xmlGetLineNo(node), c.month);
		goto out;
	}
	date_format(date_add_months(day, 1), d.as_of);
	if ((rc = db_open(":memory:", DB_OPEN_CREATE, &db, err)) ||
	    (rc = db_migrate(db, NULL, NULL, err)) ||
	    (rc = build(db, &c, err)))
		goto out;
	for (xmlNodePtr h = node->children; h; h = h->next)
		if (h->type == XML_ELEMENT_NODE && !strcmp((const char *)h->name, "hour") &&
		    (rc = apply_hour(db, &c, h, err)))
			goto out;
	if ((rc = lk_power(db, &d, rs, 1, &n, err)))
		goto out;
	for (xmlNodePtr e = node->children; e; e = e->next)
		if (e->type == XML_ELEMENT_NODE && !strcmp((const char *)e->name, "expect") &&
		    (rc = check_expect(db, &c, d.as_of, e, err)))
			goto out;
out:
	db_close(db);
	free(ul);
	free(c.month);
	free(c.pollutant);
	free(c.limit);
	free(c.ul);
	free(c.commissioned);
	free(c.value);
	free(c.kwh);
	return rc;
}
