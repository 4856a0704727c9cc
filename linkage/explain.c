#include "core/common.h"
#include "linkage/link.h"

/*
 * link_explain: the lists an enterprise is on, read back from the stored
 * rows (never recomputed), one readable line per row with its basis.
 * Each query returns one text column; ?1 = as_of, ?2 = uscc.
 */
static const char *const lines_sql[] = {
	"SELECT printf('exemption list: exempt %s to %s (%s); basis %s', valid_from,"
	" valid_to, measure, basis) FROM exemption WHERE as_of = ?1 AND uscc = ?2",
	"SELECT printf('not exempt: %s; rules %s', reasons, basis)"
	" FROM exemption_miss WHERE as_of = ?1 AND uscc = ?2",
	"SELECT printf('exemption withdrawn on %s: %s; basis %s%s', revoked_on, reason,"
	" basis, COALESCE('; barred until ' || barred_until, ''))"
	" FROM revocation WHERE as_of = ?1 AND uscc = ?2",
	"SELECT printf('exemption barred until %s (withdrawn on %s)', barred_until,"
	" revoked_on) FROM revocation WHERE uscc = ?2 AND as_of < ?1"
	" AND barred_until >= ?1",
	"SELECT printf('emergency list, %s alert: %s; basis %s', alert, measure, basis)"
	" FROM emergency WHERE as_of = ?1 AND uscc = ?2"
	" ORDER BY CASE alert WHEN 'yellow' THEN 1 WHEN 'orange' THEN 2 ELSE 3 END",
	"SELECT printf('staggered production %s to %s: %s; basis %s', period_from,"
	" period_to, CASE WHEN limit_pct >= 100 THEN 'stop'"
	" ELSE printf('limit %g%%', limit_pct) END, basis)"
	" FROM staggered WHERE as_of = ?1 AND uscc = ?2",
	"SELECT printf('differential prices %s to %s (colour %s on %s):"
	" electricity +%s yuan/kWh, sewage +%s yuan/m3; basis %s', applies_from,"
	" applies_to, colour, snapshot_date, COALESCE(printf('%g',"
	" electricity_yuan_per_kwh), '0'), COALESCE(printf('%g', sewage_yuan_per_m3),"
	" '0'), basis) FROM pricing WHERE as_of = ?1 AND uscc = ?2",
	"SELECT printf('environmental tax %s, outlet %s %s: mean %g of standard %g,"
	" %d valid and %d exceeding hours: tax at %d%%; basis %s', month, outlet,"
	" pollutant, round(mean_conc, 4), standard, valid_hours, exceed_hours,"
	" tax_rate_pct, basis) FROM tax WHERE as_of = ?1 AND uscc = ?2"
	" ORDER BY month, outlet, pollutant",
	"SELECT printf('green credit: %s%s; basis %s', bank_guidance,"
	" CASE WHEN reasons <> '' THEN ' (' || reasons || ')' ELSE '' END, basis)"
	" FROM credit WHERE as_of = ?1 AND uscc = ?2",
};

int link_explain(struct db *db, const char *uscc, const char *as_of,
		 struct strbuf *text_out, struct strbuf *err)
{
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
	strbuf_addf(text_out, "Linkage lists on %s:\n", date);
	for (size_t i = 0; i < ARRAY_SIZE(lines_sql); i++) {
		if ((rc = db_prepare(db, lines_sql[i], &st, err)))
			goto out;
		db_bind_text(st, 1, date);
		db_bind_text(st, 2, uscc);
		while ((rc = db_step(st, err)) == DB_ROW) {
			strbuf_addf(text_out, "  %s\n", db_column_text(st, 0));
			n++;
		}
		if (rc < 0)
			goto out;
		db_finalize(st);
		st = NULL;
	}
	if (!n)
		strbuf_addstr(text_out, "  on no list\n");
	rc = 0;
out:
	db_finalize(st);
	return rc;
}
