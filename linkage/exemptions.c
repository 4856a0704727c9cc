#include "core/common.h"
#include "linkage/linkage_int.h"

/*
 * The enterprises of D (lk_ent) and the exemption list (docs/linkage.md §1).
 *
 * lk_ent: one row per enterprise rated on D, with its main permit (the one
 * valid on D with the latest valid_from, else the latest one), its air
 * outlets on permits valid on D, and the industry and town flags.
 *
 * lk_fail: one row per exemption condition an enterprise misses, with the
 * rule id and a readable reason. The monitoring conditions (hours above
 * the ultra-low limit, effective transmission) are checked only for the
 * enterprises that pass every other condition, and for those exempt on the
 * previous date (so a revocation names every reason), which keeps the scan
 * of monitoring to the few outlets that matter. The windows start no
 * earlier than the permit and the system's data horizon (the first day of
 * stored monitoring, :horizon): hours from before the system existed are
 * not counted as missing; a device connected later still has its missing
 * hours counted.
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
	"   guarantee, (status = 'valid' AND valid_from <= :d AND valid_to >= :d) AS ok"
	"   FROM permit)) p ON p.uscc = r.uscc AND p.rn = 1"
	" WHERE r.as_of = :d",
	"UPDATE lk_ent SET air = a.n, air_not_ul = a.not_ul"
	" FROM (SELECT p.uscc, count(*) AS n,"
	"   group_concat(CASE WHEN o.ultra_low = 0 THEN o.code END, ' ') AS not_ul"
	"  FROM permit p JOIN outlet o ON o.permit_no = p.permit_no"
	"  WHERE o.kind = 'air' AND p.status = 'valid' AND p.valid_from <= :d"
	"   AND p.valid_to >= :d GROUP BY p.uscc) a"
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

static const char *const fail_sql[] = {
	"CREATE TEMP TABLE lk_fail (uscc TEXT NOT NULL, ord INTEGER NOT NULL,"
	" rule TEXT NOT NULL, reason TEXT NOT NULL, bar INTEGER NOT NULL DEFAULT 0)",
	"CREATE INDEX temp.lk_fail_uscc ON lk_fail(uscc)",
	"INSERT INTO lk_fail SELECT x.uscc, 0, r.id,"
	"  'barred until ' || max(v.barred_until) || ' (revoked on ' ||"
	"  max(v.revoked_on) || ')', 0"
	" FROM lk_ent x JOIN revocation v ON v.uscc = x.uscc AND v.as_of < :d"
	"  AND v.barred_until >= :d"
	" JOIN lk_rule r ON r.kind = 'ex-bar' GROUP BY x.uscc",
	"INSERT INTO lk_fail SELECT x.uscc, 1, r.id, 'colour ' || x.colour, 0"
	" FROM lk_ent x JOIN (SELECT DISTINCT id FROM lk_rule WHERE kind = 'ex-colour') r"
	" WHERE x.colour NOT IN (SELECT value FROM lk_rule WHERE kind = 'ex-colour')",
	"INSERT INTO lk_fail SELECT x.uscc, 2, r.id, 'no permit valid on ' || :d, 0"
	" FROM lk_ent x JOIN lk_rule r ON r.kind = 'ex-permit' WHERE NOT x.permit_ok",
	"INSERT INTO lk_fail SELECT x.uscc, 3, r.id,"
	"  'restricted industry ' || x.industry_code, 0"
	" FROM lk_ent x JOIN lk_rule r ON r.kind = 'ex-policy' WHERE x.restricted",
	"INSERT INTO lk_fail SELECT x.uscc, 4, n.id, 'penalty ' || ev.event_id ||"
	"  ' (' || ev.category || ') on ' || ev.date,"
	"  (b.measure = 'penalty' OR ev.category = 'false-record')"
	" FROM lk_ent x JOIN event ev ON ev.uscc = x.uscc"
	" JOIN lk_penalty_cat c ON c.category = ev.category"
	" JOIN lk_rule n ON n.kind = 'ex-nopenalty' JOIN lk_rule b ON b.kind = 'ex-bar'"
	" WHERE ev.source = 'penalties' AND ev.date <= :d"
	"  AND ev.date > ec_add_months(:d, -CAST(n.num AS INTEGER))",
	"INSERT INTO lk_fail SELECT x.uscc, 5, r.id, 'grade ' || x.grade ||"
	"  CASE WHEN x.guarantee THEN ' (guarantee class)' ELSE '' END, 0"
	" FROM lk_ent x JOIN (SELECT DISTINCT id FROM lk_rule WHERE kind = 'ex-grade') r"
	" WHERE x.grade NOT IN (SELECT value FROM lk_rule WHERE kind = 'ex-grade')"
	"  AND NOT (x.guarantee AND x.grade IN"
	"   (SELECT value FROM lk_rule WHERE kind = 'ex-guarantee'))",
	"INSERT INTO lk_fail SELECT x.uscc, 6, r.id, CASE WHEN x.air = 0"
	"  THEN 'no air outlet' ELSE 'air outlet not ultra-low: ' || x.air_not_ul END, 0"
	" FROM lk_ent x JOIN lk_rule r ON r.kind = 'ex-ultralow'"
	" WHERE x.permit_ok AND (x.air = 0 OR x.air_not_ul IS NOT NULL)",
	/* the monitoring windows, per air outlet of the candidates */
	"CREATE TEMP TABLE lk_mo (uscc TEXT NOT NULL, permit_no TEXT NOT NULL,"
	" code TEXT NOT NULL, mn TEXT, ws_hours TEXT NOT NULL, ws_tr TEXT NOT NULL,"
	" until TEXT NOT NULL)",
	"INSERT INTO lk_mo SELECT x.uscc, o.permit_no, o.code, o.mn,"
	"  max(ec_add_days(:d, 1 - CAST(h.num AS INTEGER)), p.valid_from,"
	"   COALESCE(:horizon, '')),"
	"  max(ec_add_days(:d, 1 - CAST(t.num AS INTEGER)), p.valid_from,"
	"   COALESCE(:horizon, '')),"
	"  ec_add_days(:d, 1)"
	" FROM lk_ent x JOIN permit p ON p.uscc = x.uscc AND p.status = 'valid'"
	"  AND p.valid_from <= :d AND p.valid_to >= :d"
	" JOIN outlet o ON o.permit_no = p.permit_no AND o.kind = 'air'"
	" JOIN lk_rule h ON h.kind = 'ex-hours' JOIN lk_rule t ON t.kind = 'ex-transmission'"
	" WHERE NOT EXISTS (SELECT 1 FROM lk_fail f WHERE f.uscc = x.uscc)"
	"  OR x.uscc IN (SELECT uscc FROM exemption WHERE as_of = :prev)",
	/* a valid hour strictly above the ultra-low limit (else the limit) */
	"INSERT INTO lk_fail SELECT m.uscc, 7, r.id, 'outlet ' || m.code || ': ' ||"
	"  count(*) || ' valid hour(s) above the ultra-low limit, first ' ||"
	"  min(h.start), 0"
	" FROM lk_mo m JOIN outlet_limit l ON l.permit_no = m.permit_no"
	"  AND l.outlet_code = m.code"
	" JOIN monitoring h ON h.mn = m.mn AND h.cn = 2061 AND h.pollutant = l.pollutant"
	"  AND h.start >= m.ws_hours AND h.start < m.until"
	" JOIN lk_rule r ON r.kind = 'ex-hours'"
	" WHERE h.flag = 'N' AND COALESCE(h.zs_avg, h.avg) >"
	"  COALESCE(l.ultra_low_conc, l.conc)"
	" GROUP BY m.uscc, m.permit_no, m.code",
	/* effective transmission = hours with every pollutant N
	 * / (hours in the window - hours flagged F) */
	"INSERT INTO lk_fail SELECT uscc, 8, id,"
	"  printf('outlet %s: effective transmission %.1f%% (%d of %d hours), below %g%%',"
	"   code, 100.0 * good / denom, good, denom, num2), 0"
	" FROM (SELECT m.uscc, m.code, r.id, r.num2, COALESCE(s.good, 0) AS good,"
	"   (ec_days(m.until) - ec_days(m.ws_tr)) * 24 - COALESCE(s.f, 0) AS denom"
	"  FROM lk_mo m JOIN lk_rule r ON r.kind = 'ex-transmission'"
	"  LEFT JOIN (SELECT permit_no, code, sum(all_n AND NOT any_f) AS good,"
	"    sum(any_f) AS f"
	"   FROM (SELECT m2.permit_no, m2.code, h.start,"
	"     min(COALESCE(h.flag, '') = 'N') AS all_n,"
	"     max(COALESCE(h.flag, '') = 'F') AS any_f"
	"    FROM lk_mo m2 JOIN monitoring h ON h.mn = m2.mn AND h.cn = 2061"
	"     AND h.start >= m2.ws_tr AND h.start < m2.until"
	"    GROUP BY m2.permit_no, m2.code, h.start)"
	"   GROUP BY permit_no, code) s"
	"   ON s.permit_no = m.permit_no AND s.code = m.code)"
	" WHERE denom > 0 AND good * 100.0 < num2 * denom",
};

static const char *const list_sql[] = {
	"INSERT INTO exemption (as_of, uscc, name, permit_no, town, industry, grade,"
	" basis, measure, valid_from, valid_to)"
	" SELECT :d, x.uscc, x.name, x.permit_no, x.town, x.industry_code, x.grade,"
	"  (SELECT group_concat(id, ' ') FROM (SELECT id FROM lk_rule"
	"   WHERE kind IN ('ex-colour', 'ex-permit', 'ex-policy', 'ex-nopenalty',"
	"    'ex-ultralow', 'ex-hours', 'ex-transmission')"
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
	 * penalty, a bar or the outlets keep the enterprise off the list */
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
	"INSERT INTO revocation (as_of, uscc, name, revoked_on, reason, basis,"
	" barred_until)"
	" SELECT :d, p.uscc, p.name, :d,"
	"  COALESCE((SELECT group_concat(reason, '; ') FROM (SELECT reason FROM lk_fail f"
	"   WHERE f.uscc = p.uscc ORDER BY ord, reason)), 'not rated on ' || :d),"
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
	    (rc = lk_exec_all(db, list_sql, 1, d, nex, err)) ||
	    (rc = lk_exec_all(db, list_sql + 1, ARRAY_SIZE(list_sql) - 1, d, NULL, err)))
		return rc;
	if (!*d->prev)
		return 0;
	return lk_exec_all(db, revoke_sql, ARRAY_SIZE(revoke_sql), d, nrev, err);
}
