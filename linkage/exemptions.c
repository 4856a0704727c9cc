#include "core/common.h"
#include "importers/monstore.h"
#include "linkage/linkage_int.h"

/*
 * The enterprises of D (lk_ent) and the exemption list (docs/linkage.md §1).
 *
 * lk_ent: one row per enterprise rated on D, with its main permit (the one
 * in force on D with the latest valid_from, else the latest one), its air
 * outlets on permits in force on D, and the industry and town flags.
 *
 * lk_fail: one row per exemption condition an enterprise misses, with the
 * rule id and the reason in the rule set's wording. The monitoring
 * conditions (hours above the ultra-low limit, effective transmission,
 * evidence) are read for every enterprise that could be listed or is a
 * near miss (colour, permit, policy and grade pass) and for those exempt on
 * the previous date, so a near miss or a revocation names every condition
 * that failed. The windows are the last N days up to D, whole: an hour the
 * system holds no data for is missing, and a window needs a minimum share
 * of stored hours (evidence) before it can support an exemption.
 */
static const char *const entities_sql[] = {
	"CREATE TEMP TABLE lk_ent (uscc TEXT PRIMARY KEY, name TEXT, town TEXT,"
	" colour TEXT, permit_no TEXT, permit_ok INTEGER NOT NULL, permit_to TEXT,"
	" industry_code TEXT, grade TEXT NOT NULL, guarantee INTEGER NOT NULL,"
	" air INTEGER NOT NULL DEFAULT 0, air_not_ul TEXT,"
	" key_ind INTEGER NOT NULL DEFAULT 0, restricted INTEGER NOT NULL DEFAULT 0,"
	" town_missed INTEGER NOT NULL DEFAULT 0, exempt INTEGER NOT NULL DEFAULT 0)"
	" WITHOUT ROWID",
	"INSERT INTO lk_ent (uscc, name, town, colour, permit_no, permit_ok, permit_to,"
	" industry_code, grade, guarantee)"
	" SELECT r.uscc, e.name, e.town, r.colour, p.permit_no, COALESCE(p.ok, 0),"
	"  p.valid_to, p.industry_code, COALESCE(NULLIF(p.grade, ''), 'none'),"
	"  COALESCE(p.guarantee, 0)"
	" FROM rating r LEFT JOIN enterprise e ON e.uscc = r.uscc"
	" LEFT JOIN (SELECT *, row_number() OVER (PARTITION BY uscc"
	"   ORDER BY ok DESC, valid_from DESC, permit_no DESC) AS rn"
	"  FROM (SELECT permit_no, uscc, valid_from, valid_to, industry_code, grade,"
	"   guarantee, " LK_IN_FORCE("permit", ":d", ":d") " AS ok"
	"   FROM permit)) p ON p.uscc = r.uscc AND p.rn = 1"
	" WHERE r.as_of = :d",
	"UPDATE lk_ent SET air = a.n, air_not_ul = a.not_ul"
	" FROM (SELECT p.uscc, count(*) AS n,"
	"   group_concat(CASE WHEN o.ultra_low = 0 THEN o.code END, ' ') AS not_ul"
	"  FROM permit p JOIN outlet o ON o.permit_no = p.permit_no"
	"  WHERE o.kind = 'air' AND " LK_IN_FORCE("p", ":d", ":d")
	"  GROUP BY p.uscc) a"
	" WHERE a.uscc = lk_ent.uscc",
	/* a listed code matches every code that starts with it */
	"UPDATE lk_ent SET"
	" key_ind = EXISTS (SELECT 1 FROM lk_rule k WHERE k.kind = 'key' AND k.value IN"
	"  (substr(industry_code, 1, 1), substr(industry_code, 1, 2),"
	"   substr(industry_code, 1, 3), substr(industry_code, 1, 4),"
	"   substr(industry_code, 1, 5))),"
	" restricted = EXISTS (SELECT 1 FROM lk_rule k WHERE k.kind = 'restricted'"
	"  AND k.value IN (substr(industry_code, 1, 1), substr(industry_code, 1, 2),"
	"   substr(industry_code, 1, 3), substr(industry_code, 1, 4),"
	"   substr(industry_code, 1, 5))),"
	" town_missed = EXISTS (SELECT 1 FROM lk_rule t WHERE t.kind = 'town'"
	"  AND t.value = lk_ent.town)"
	" WHERE industry_code IS NOT NULL OR town IS NOT NULL",
};

int lk_entities(struct db *db, const struct lk_dates *d, struct strbuf *err)
{
	return lk_exec_all(db, entities_sql, ARRAY_SIZE(entities_sql), d, NULL, err);
}

/*
 * lk_fail.ord, the order of the conditions in a reason list: 0 bar,
 * 1 colour, 2 permit, 3 policy, 4 penalty, 5 grade, 6 ultra-low outlets,
 * 7 hours above the ultra-low limit, 8 transmission, 9 evidence. Here the
 * conditions read from the register (no monitoring).
 */
static const char *const fail_sql[] = {
	"CREATE TEMP TABLE lk_fail (uscc TEXT NOT NULL, ord INTEGER NOT NULL,"
	" rule TEXT NOT NULL, reason TEXT NOT NULL, bar INTEGER NOT NULL DEFAULT 0)",
	"CREATE INDEX temp.lk_fail_uscc ON lk_fail(uscc)",
	"INSERT INTO lk_fail SELECT x.uscc, 0, r.id,"
	"  " LK_SUB(LK_SUB(LK_TEXT("ex-bar"), "until", "max(v.barred_until)"),
		     "revoked", "max(v.revoked_on)") ", 0"
	" FROM lk_ent x JOIN revocation v ON v.uscc = x.uscc AND v.as_of < :d"
	"  AND v.barred_until >= :d"
	" JOIN lk_rule r ON r.kind = 'ex-bar' GROUP BY x.uscc",
	"INSERT INTO lk_fail SELECT x.uscc, 1, r.id,"
	"  " LK_SUB(LK_TEXT("ex-colour"), "colour", LK_COLOUR_NAME("x.colour")) ", 0"
	" FROM lk_ent x JOIN (SELECT DISTINCT id FROM lk_rule WHERE kind = 'ex-colour') r"
	" WHERE x.colour NOT IN (SELECT value FROM lk_rule WHERE kind = 'ex-colour')",
	"INSERT INTO lk_fail SELECT x.uscc, 2, r.id,"
	"  " LK_SUB(LK_TEXT("ex-permit"), "date", ":d") ", 0"
	" FROM lk_ent x JOIN lk_rule r ON r.kind = 'ex-permit' WHERE NOT x.permit_ok",
	"INSERT INTO lk_fail SELECT x.uscc, 3, r.id,"
	"  " LK_SUB(LK_TEXT("ex-policy"), "industry", "x.industry_code") ", 0"
	" FROM lk_ent x JOIN lk_rule r ON r.kind = 'ex-policy' WHERE x.restricted",
	"INSERT INTO lk_fail SELECT x.uscc, 4, n.id,"
	"  " LK_SUB(LK_SUB(LK_SUB(LK_TEXT("ex-penalty"), "date", "ev.date"),
			    "event", "ev.event_id"), "category", "c.zh") ","
	"  (b.measure = 'penalty' OR ev.category = 'false-record')"
	" FROM lk_ent x JOIN event ev ON ev.uscc = x.uscc"
	" JOIN lk_penalty_cat c ON c.category = ev.category"
	" JOIN lk_rule n ON n.kind = 'ex-nopenalty' JOIN lk_rule b ON b.kind = 'ex-bar'"
	" WHERE ev.source = 'penalties' AND ev.date <= :d"
	"  AND ev.date > ec_add_months(:d, -CAST(n.num AS INTEGER))",
	"INSERT INTO lk_fail SELECT x.uscc, 5, r.id,"
	"  " LK_SUB("CASE WHEN x.guarantee THEN " LK_TEXT("ex-grade-guarantee")
		     " ELSE " LK_TEXT("ex-grade") " END", "grade", "x.grade") ", 0"
	" FROM lk_ent x JOIN (SELECT DISTINCT id FROM lk_rule WHERE kind = 'ex-grade') r"
	" WHERE x.grade NOT IN (SELECT value FROM lk_rule WHERE kind = 'ex-grade')"
	"  AND NOT (x.guarantee AND x.grade IN"
	"   (SELECT value FROM lk_rule WHERE kind = 'ex-guarantee'))",
	"INSERT INTO lk_fail SELECT x.uscc, 6, r.id, CASE WHEN x.air = 0"
	"  THEN " LK_TEXT("ex-no-air") " ELSE "
	LK_SUB(LK_TEXT("ex-not-ultralow"), "outlets", "x.air_not_ul") " END, 0"
	" FROM lk_ent x JOIN lk_rule r ON r.kind = 'ex-ultralow'"
	" WHERE x.permit_ok AND (x.air = 0 OR x.air_not_ul IS NOT NULL)",
};

/*
 * The monitoring windows, per air outlet of the enterprises that could be
 * listed or near-missed (no failed colour, permit, policy or grade) or were
 * exempt on the previous date. lk_mo: the outlet and its windows
 * [ws_hours, until) and [ws_tr, until); lk_mo_stat: per outlet, the stored
 * hours of each window, the hours with every pollutant flagged N and those
 * with an F flag in the transmission window.
 */
static const char *const window_sql[] = {
	"CREATE TEMP TABLE lk_mo (uscc TEXT NOT NULL, permit_no TEXT NOT NULL,"
	" code TEXT NOT NULL, mn TEXT, ws_hours TEXT NOT NULL, ws_tr TEXT NOT NULL,"
	" until TEXT NOT NULL)",
	"INSERT INTO lk_mo SELECT x.uscc, o.permit_no, o.code, o.mn,"
	"  ec_add_days(:d, 1 - CAST(h.num AS INTEGER)),"
	"  ec_add_days(:d, 1 - CAST(t.num AS INTEGER)), ec_add_days(:d, 1)"
	" FROM lk_ent x JOIN permit p ON p.uscc = x.uscc"
	"  AND " LK_IN_FORCE("p", ":d", ":d")
	" JOIN outlet o ON o.permit_no = p.permit_no AND o.kind = 'air'"
	" JOIN lk_rule h ON h.kind = 'ex-hours' JOIN lk_rule t ON t.kind = 'ex-transmission'"
	" WHERE NOT EXISTS (SELECT 1 FROM lk_fail f WHERE f.uscc = x.uscc"
	"   AND f.ord IN (1, 2, 3, 5))"
	"  OR x.uscc IN (SELECT uscc FROM exemption WHERE as_of = :prev)",
	"CREATE TEMP TABLE lk_mo_stat (uscc TEXT NOT NULL, permit_no TEXT NOT NULL,"
	" code TEXT NOT NULL, hours_h INTEGER NOT NULL, stored_h INTEGER NOT NULL,"
	" hours_t INTEGER NOT NULL, stored_t INTEGER NOT NULL, good INTEGER NOT NULL,"
	" f INTEGER NOT NULL)",
	/* system-wide gap days (ratings/monitor.h, temp.mon_gap) count
	 * neither way: not in the hours of a window, not among its data */
	"INSERT INTO lk_mo_stat SELECT m.uscc, m.permit_no, m.code,"
	"  (ec_days(m.until) - ec_days(m.ws_hours)) * 24"
	"   - 24 * (SELECT count(*) FROM temp.mon_gap g WHERE g.gap"
	"    AND g.day >= m.ws_hours AND g.day < m.until),"
	"  COALESCE(sum(CASE WHEN s.day >= ec_days(m.ws_hours) THEN ec_bits(s.hours) END), 0),"
	"  (ec_days(m.until) - ec_days(m.ws_tr)) * 24"
	"   - 24 * (SELECT count(*) FROM temp.mon_gap g WHERE g.gap"
	"    AND g.day >= m.ws_tr AND g.day < m.until),"
	"  COALESCE(sum(CASE WHEN s.day >= ec_days(m.ws_tr) THEN ec_bits(s.hours) END), 0),"
	"  COALESCE(sum(CASE WHEN s.day >= ec_days(m.ws_tr)"
	"   THEN ec_bits(s.hours & ~s.bad & ~s.f) END), 0),"
	"  COALESCE(sum(CASE WHEN s.day >= ec_days(m.ws_tr) THEN ec_bits(s.f) END), 0)"
	/* per outlet and day, the OR of the hour masks of its device's
	 * series (importers/monstore.h): the hours stored, those with some
	 * flag other than N, those with an F */
	" FROM lk_mo m LEFT JOIN (SELECT m2.permit_no, m2.code, d.day,"
	"   ec_bit_or(d.hours) AS hours, ec_bit_or(d.bad) AS bad, ec_bit_or(d.f) AS f"
	"  FROM lk_mo m2 JOIN mon_series se ON se.mn = m2.mn AND se.cn = 2061"
	"  JOIN mon_day d ON d.series = se.id"
	"   AND d.day >= ec_days(min(m2.ws_hours, m2.ws_tr)) AND d.day < ec_days(m2.until)"
	"   AND d.day NOT IN (SELECT ec_days(day) FROM temp.mon_gap WHERE gap)"
	"  GROUP BY m2.permit_no, m2.code, d.day) s"
	"  ON s.permit_no = m.permit_no AND s.code = m.code"
	" GROUP BY m.uscc, m.permit_no, m.code",
};

/* The monitoring conditions, each outlet on its own. */
static const char *const monitoring_fail_sql[] = {
	/* a valid hour strictly above the ultra-low limit (else the limit) */
	"INSERT INTO lk_fail SELECT m.uscc, 7, r.id,"
	"  " LK_SUB(LK_SUB(LK_SUB(LK_TEXT("ex-hours"), "outlet", "m.code"),
			    "count", "count(*)"), "first", MON_START("min(h.t)")) ", 0"
	" FROM lk_mo m JOIN outlet_limit l ON l.permit_no = m.permit_no"
	"  AND l.outlet_code = m.code"
	" JOIN mon_series se ON se.mn = m.mn AND se.cn = 2061"
	"  AND se.pollutant = l.pollutant"
	/* only days whose largest valid value is above the limit */
	" JOIN mon_day d ON d.series = se.id AND d.day >= ec_days(m.ws_hours)"
	"  AND d.day < ec_days(m.until)"
	"  AND d.vmax > COALESCE(l.ultra_low_conc, l.conc)"
	" CROSS JOIN mon_value h ON h.day = d.day AND h.series = se.id"
	" JOIN lk_rule r ON r.kind = 'ex-hours'"
	" WHERE h.flag = 'N' AND COALESCE(h.zs_avg, h.avg) >"
	"  COALESCE(l.ultra_low_conc, l.conc)"
	" GROUP BY m.uscc, m.permit_no, m.code",
	/* effective transmission = hours with every pollutant N
	 * / (hours in the window - hours flagged F); a window of F hours
	 * only has no ratio, and that is no pass */
	"INSERT INTO lk_fail SELECT s.uscc, 8, r.id, CASE WHEN s.hours_t - s.f <= 0"
	"  THEN " LK_SUB(LK_SUB(LK_TEXT("ex-transmission-none"), "outlet", "s.code"),
			  "days", "CAST(r.num AS INTEGER)")
	"  ELSE " LK_SUB(LK_SUB(LK_SUB(LK_SUB(LK_SUB(LK_TEXT("ex-transmission"),
		"outlet", "s.code"), "pct", "printf('%.1f', 100.0 * s.good / (s.hours_t - s.f))"),
		"good", "s.good"), "hours", "s.hours_t - s.f"), "min", "printf('%g', r.num2)")
	"  END, 0"
	" FROM lk_mo_stat s JOIN lk_rule r ON r.kind = 'ex-transmission'"
	/* (a window of gap days only is not judged here: EX-EVIDENCE fails it) */
	" WHERE s.hours_t > 0 AND (s.hours_t - s.f <= 0"
	"  OR s.good * 100.0 < r.num2 * (s.hours_t - s.f))",
	/* evidence: stored hours / hours of each window (one reason when both
	 * windows are the same) */
	"INSERT INTO lk_fail SELECT DISTINCT s.uscc, 9, e.id,"
	"  " LK_SUB(LK_SUB(LK_SUB(LK_SUB(LK_SUB(LK_SUB(LK_TEXT("ex-evidence"),
		"outlet", "s.code"), "days", "w.hours / 24"), "stored", "w.stored"),
		"hours", "w.hours"), "pct", "printf('%.1f', 100.0 * w.stored / w.hours)"),
		"min", "printf('%g', e.num)") ", 0"
	" FROM lk_mo_stat s JOIN lk_rule e ON e.kind = 'ex-evidence'"
	" JOIN (SELECT permit_no, code, hours_h AS hours, stored_h AS stored FROM lk_mo_stat"
	"  UNION SELECT permit_no, code, hours_t, stored_t FROM lk_mo_stat) w"
	"  ON w.permit_no = s.permit_no AND w.code = s.code"
	/* a window of gap days only holds no evidence: 0 of 0 is no pass */
	" WHERE w.hours <= 0 OR w.stored * 100.0 < e.num * w.hours",
};

static const char *const list_sql[] = {
	LK_COUNTED "INSERT INTO exemption (as_of, uscc, name, permit_no, town, industry, grade,"
	" basis, measure, valid_from, valid_to)"
	" SELECT :d, x.uscc, x.name, x.permit_no, x.town, x.industry_code, x.grade,"
	"  (SELECT group_concat(id, ' ') FROM (SELECT id FROM lk_rule"
	"   WHERE kind IN ('ex-colour', 'ex-permit', 'ex-policy', 'ex-nopenalty',"
	"    'ex-ultralow', 'ex-hours', 'ex-transmission', 'ex-evidence')"
	"    OR (kind = 'ex-grade' AND value = x.grade)"
	"    OR (kind = 'ex-guarantee' AND value = x.grade AND x.guarantee AND x.grade"
	"     NOT IN (SELECT value FROM lk_rule WHERE kind = 'ex-grade'))"
	"   GROUP BY id ORDER BY min(ord))),"
	"  (SELECT text FROM lk_rule WHERE kind = 'ex-measure'), x.vf,"
	"  min(x.permit_to, ec_add_days(ec_add_months(x.vf,"
	"   (SELECT CAST(num AS INTEGER) FROM lk_rule WHERE kind = 'ex-valid')), -1))"
	" FROM (SELECT x.*, COALESCE((SELECT e.valid_from FROM exemption e"
	"   WHERE e.as_of = :prev AND e.uscc = x.uscc AND e.valid_to >= :d), :d) AS vf"
	"  FROM lk_ent x WHERE NOT EXISTS (SELECT 1 FROM lk_fail f"
	"   WHERE f.uscc = x.uscc)) x",
	"UPDATE lk_ent SET exempt = 1"
	" WHERE uscc IN (SELECT uscc FROM exemption WHERE as_of = :d)",
	/* near misses: colour, permit, policy and grade qualify, yet a
	 * penalty, a bar, the outlets or their monitoring keep the
	 * enterprise off the list; every failed condition is listed */
	"INSERT INTO exemption_miss (as_of, uscc, name, reasons, basis)"
	" SELECT :d, x.uscc, x.name,"
	"  (SELECT group_concat(reason, '; ') FROM (SELECT reason FROM lk_fail f"
	"   WHERE f.uscc = x.uscc ORDER BY ord, reason)),"
	"  (SELECT group_concat(rule, ' ') FROM (SELECT rule FROM lk_fail f"
	"   WHERE f.uscc = x.uscc GROUP BY rule ORDER BY min(ord)))"
	" FROM lk_ent x WHERE EXISTS (SELECT 1 FROM lk_fail f WHERE f.uscc = x.uscc)"
	"  AND NOT EXISTS (SELECT 1 FROM lk_fail f WHERE f.uscc = x.uscc"
	"   AND f.ord IN (1, 2, 3, 5))",
};

/* Exempt on the previous computed date, not any more: revoked on D, with
 * every reason; a penalty (or only a false record, per the rule set)
 * bars the enterprise for the rest of the year and the following years. */
static const char *const revoke_sql[] = {
	LK_COUNTED "INSERT INTO revocation (as_of, uscc, name, revoked_on, reason, basis,"
	" barred_until)"
	" SELECT :d, p.uscc, p.name, :d,"
	"  COALESCE((SELECT group_concat(reason, '; ') FROM (SELECT reason FROM lk_fail f"
	"   WHERE f.uscc = p.uscc ORDER BY ord, reason)),"
	"   " LK_SUB(LK_TEXT("ex-not-rated"), "date", ":d") "),"
	"  COALESCE((SELECT group_concat(rule, ' ') FROM (SELECT rule FROM lk_fail f"
	"   WHERE f.uscc = p.uscc GROUP BY rule ORDER BY min(ord))),"
	"   (SELECT id FROM lk_rule WHERE kind = 'ex-colour' LIMIT 1)),"
	"  CASE WHEN EXISTS (SELECT 1 FROM lk_fail f WHERE f.uscc = p.uscc AND f.bar)"
	"   THEN printf('%04d-12-31', CAST(substr(:d, 1, 4) AS INTEGER) +"
	"    (SELECT CAST(num AS INTEGER) FROM lk_rule WHERE kind = 'ex-bar')) END"
	" FROM exemption p WHERE p.as_of = :prev AND NOT EXISTS (SELECT 1 FROM exemption n"
	"  WHERE n.as_of = :d AND n.uscc = p.uscc)",
};

int lk_exemptions(struct db *db, const struct lk_dates *d, long long *nex,
		  long long *nrev, struct strbuf *err)
{
	int rc;

	*nex = *nrev = 0;
	if ((rc = lk_exec_all(db, fail_sql, ARRAY_SIZE(fail_sql), d, NULL, err)) ||
	    (rc = lk_exec_all(db, window_sql, ARRAY_SIZE(window_sql), d, NULL, err)) ||
	    (rc = lk_exec_all(db, monitoring_fail_sql, ARRAY_SIZE(monitoring_fail_sql),
			      d, NULL, err)) ||
	    (rc = lk_exec_all(db, list_sql, ARRAY_SIZE(list_sql), d, nex, err)))
		return rc;
	if (!*d->prev)
		return 0;
	return lk_exec_all(db, revoke_sql, ARRAY_SIZE(revoke_sql), d, nrev, err);
}
