#include "core/common.h"
#include "linkage/link.h"
#include "linkage/linkage_int.h"
#include "rules/ruleset.h"

/*
 * link_explain: the lists an enterprise is on, read back from the stored
 * rows (never recomputed), one readable entry per row with its basis.
 * Each query returns (list, text, basis); ?1 = as_of, ?2 = uscc, ?3 = the
 * tax coverage figure of the rule set that linked the date.
 */
static const char *const rows_sql[] = {
	"SELECT 'exemptions', printf('exempt %s to %s (%s)', valid_from, valid_to,"
	" measure), basis FROM exemption WHERE as_of = ?1 AND uscc = ?2",
	"SELECT 'exemption-misses', printf('not exempt, every condition missed: %s', reasons),"
	" basis FROM exemption_miss WHERE as_of = ?1 AND uscc = ?2",
	"SELECT 'revocations', printf('exemption withdrawn on %s: %s%s', revoked_on,"
	" reason, COALESCE('; barred until ' || barred_until, '')), basis"
	" FROM revocation WHERE as_of = ?1 AND uscc = ?2",
	"SELECT 'revocations', printf('exemption barred until %s (withdrawn on %s)',"
	" barred_until, revoked_on), basis FROM revocation WHERE uscc = ?2"
	" AND as_of < ?1 AND barred_until >= ?1",
	"SELECT 'emergency', printf('emergency list, %s alert: %s', alert, measure),"
	" basis"
	" FROM emergency WHERE as_of = ?1 AND uscc = ?2"
	" ORDER BY CASE alert WHEN 'yellow' THEN 1 WHEN 'orange' THEN 2 ELSE 3 END",
	"SELECT 'staggered', printf('staggered production %s to %s: %s', period_from,"
	" period_to, CASE WHEN limit_pct >= 100 THEN 'stop'"
	" ELSE printf('limit %g%%', limit_pct) END), basis"
	" FROM staggered WHERE as_of = ?1 AND uscc = ?2",
	"SELECT 'pricing', printf('differential prices %s to %s (colour %s on %s):"
	" electricity +%s yuan/kWh, sewage +%s yuan/m3', applies_from,"
	" applies_to, colour, snapshot_date, COALESCE(printf('%g',"
	" electricity_yuan_per_kwh), '0'), COALESCE(printf('%g', sewage_yuan_per_m3),"
	" '0')), basis FROM pricing WHERE as_of = ?1 AND uscc = ?2",
	"SELECT 'tax', printf('environmental tax %s, outlet %s %s: mean %g of standard %g,"
	" %d valid means (coverage minimum %s%% of the month) and %d exceeding:"
	" tax at %d%%', month, outlet,"
	" pollutant, round(mean_conc, 4), standard, valid_hours, ?3, exceed_hours,"
	" tax_rate_pct), basis FROM tax WHERE as_of = ?1 AND uscc = ?2"
	" ORDER BY month, outlet, pollutant",
	"SELECT 'power-price', printf('power price %s, unit %s (outlet %s) %s:"
	" %d hours above the limit %g (%d at the fine multiple), %d fault or"
	" missing while generating, %d stopped, %d not known; confiscated %s yuan"
	" (%s kWh at %s fen), fine up to %s yuan; %d ultra-low hours, bonus"
	" confiscated %s yuan; hours (day T hour) %s', month, unit, outlet,"
	" pollutant, exceed_hours, limit_conc, double_hours, fault_hours,"
	" stopped_hours, unknown_hours,"
	" COALESCE(printf('%d.%02d', confiscated_fen / 100, confiscated_fen % 100),"
	"  'not known'),"
	" COALESCE(printf('%d.%03d', confiscated_wh / 1000, confiscated_wh % 1000),"
	"  'unknown'),"
	" printf('%d.%02d', markup_centifen / 100, markup_centifen % 100),"
	" COALESCE(printf('%d.%02d', fine_ceiling_fen / 100, fine_ceiling_fen % 100),"
	"  'not known'), ultra_low_hours,"
	" COALESCE(printf('%d.%02d', bonus_confiscated_fen / 100,"
	"  bonus_confiscated_fen % 100), 'none'), evidence), basis"
	" FROM power_price WHERE as_of = ?1 AND uscc = ?2"
	" ORDER BY month, permit_no, outlet, pollutant",
	"SELECT 'credit', printf('green credit: %s%s', bank_guidance,"
	" CASE WHEN reasons <> '' THEN ' (' || reasons || ')' ELSE '' END), basis"
	" FROM credit WHERE as_of = ?1 AND uscc = ?2",
};

static void add_row(struct strbuf *out, int json, int n, const char *list,
		    const char *text, const char *basis)
{
	if (!json) {
		strbuf_addf(out, "  %s; basis %s\n", text, basis);
		return;
	}
	if (n)
		strbuf_addch(out, ',');
	strbuf_addstr(out, "{\"list\":");
	strbuf_add_json_string(out, list);
	strbuf_addstr(out, ",\"text\":");
	strbuf_add_json_string(out, text);
	strbuf_addstr(out, ",\"basis\":");
	strbuf_add_json_string(out, basis);
	strbuf_addch(out, '}');
}

/* The tax coverage figure of the rule set that linked date, as text. */
static int coverage_figure(struct db *db, const char *date, char fig[32],
			   struct strbuf *err)
{
	struct db_stmt *st = NULL;
	struct ruleset *rs = NULL;
	const struct linkage_params *p;
	int rc;

	snprintf(fig, 32, "?");
	if ((rc = db_prepare(db, "SELECT s.xml FROM link_date d JOIN rule_set s"
			     " ON s.sha256 = d.rule_set_sha256 WHERE d.as_of = ?1",
			     &st, err)))
		return rc;
	db_bind_text(st, 1, date);
	if ((rc = db_step(st, err)) < 0)
		goto out;
	if (rc == DB_ROW && !db_column_is_null(st, 0)) {
		struct strbuf ignored = STRBUF_INIT;

		/* a set that no longer loads leaves "?": explain still reads */
		if (!ruleset_load_memory(db_column_blob(st, 0), db_column_bytes(st, 0),
					 "stored rule set", &rs, &ignored) &&
		    (p = ruleset_linkage(rs)))
			for (size_t i = 0; i < p->nr; i++)
				if (!strcmp(p->rules[i].kind, "tx-coverage"))
					snprintf(fig, 32, "%g", p->rules[i].num);
		strbuf_release(&ignored);
	}
	rc = 0;
out:
	ruleset_free(rs);
	db_finalize(st);
	return rc;
}

int link_explain(struct db *db, const char *uscc, const char *as_of, int json,
		 struct strbuf *out, struct strbuf *err)
{
	char cov[32];
	struct db_stmt *st = NULL;
	char date[16] = "";
	int rc, n = 0;

	if ((rc = db_prepare(db, "SELECT max(as_of) FROM link_date"
			     " WHERE ?1 IS NULL OR as_of = ?1", &st, err)))
		goto out;
	db_bind_text(st, 1, as_of);
	if ((rc = db_step(st, err)) < 0)
		goto out;
	if (db_column_is_null(st, 0)) {
		rc = ec_error(err, EC_DATA, as_of ? "no linkage lists computed for %s"
			      : "no linkage lists computed yet%s", as_of ? as_of : "");
		goto out;
	}
	snprintf(date, sizeof(date), "%s", db_column_text(st, 0));
	db_finalize(st);
	st = NULL;
	if ((rc = coverage_figure(db, date, cov, err)))
		goto out;
	if (json) {
		strbuf_addstr(out, "{\"as_of\":");
		strbuf_add_json_string(out, date);
		strbuf_addstr(out, ",\"linked\":true,\"rows\":[");
	} else {
		strbuf_addf(out, "lists on %s:\n", date);
	}
	for (size_t i = 0; i < ARRAY_SIZE(rows_sql); i++) {
		if ((rc = db_prepare(db, rows_sql[i], &st, err)))
			goto out;
		db_bind_text(st, 1, date);
		db_bind_text(st, 2, uscc);
		if (db_bind_index(st, "?3"))
			db_bind_text(st, 3, cov);
		while ((rc = db_step(st, err)) == DB_ROW)
			add_row(out, json, n++, db_column_text(st, 0),
				db_column_text(st, 1), db_column_text(st, 2));
		if (rc < 0)
			goto out;
		db_finalize(st);
		st = NULL;
	}
	if (json)
		strbuf_addstr(out, "]}");
	else if (!n)
		strbuf_addstr(out, "  on no list\n");
	rc = 0;
out:
	db_finalize(st);
	return rc;
}
