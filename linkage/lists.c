#include "core/common.h"
#include "core/date.h"
#include "linkage/linkage_int.h"

/*
 * The lists that follow from the colour and the exemption list: emergency
 * reduction, staggered production, differential prices, environmental-tax
 * reductions and green-credit guidance (docs/linkage.md §2-§6). Each is
 * one INSERT ... SELECT over lk_ent and lk_rule.
 */

/*
 * Emergency: base ratio of the level; a grade rule may make the measure
 * self-determined or stop (or add points); a colour rule adds points
 * (which also ends self-determination) or stops; 100 % or more is a stop.
 * An exempt enterprise that would be limited or stopped takes the
 * exemption's (lowest) ratio instead (when it would be limited below it,
 * its own), and only then is EM-EXEMPT in the basis. Scope: enterprises
 * with a permit in force on D and at least one air outlet. The measure is
 * worded by the rule set (em-stop, em-limit, em-self).
 */
static const char *const emergency_sql[] = {
	LK_COUNTED "INSERT INTO emergency (as_of, alert, uscc, name, required_reduction_pct,"
	" measure, basis)"
	" SELECT :d, :level, uscc, name,"
	"  CASE m WHEN 'stop' THEN 100 WHEN 'limit' THEN pct END,"
	"  CASE m WHEN 'stop' THEN " LK_TEXT("em-stop")
	"   WHEN 'limit' THEN " LK_SUB(LK_TEXT("em-limit"), "pct", "printf('%g', pct)")
	"   ELSE " LK_TEXT("em-self") " END,"
	"  basis || CASE WHEN ex THEN ' ' || ex_id ELSE '' END"
	" FROM (SELECT uscc, name, ex, ex_id,"
	"   CASE WHEN ex THEN 'limit' WHEN m0 = 'limit' AND pct0 >= 100 THEN 'stop'"
	"    ELSE m0 END AS m,"
	"   CASE WHEN ex THEN CASE WHEN m0 = 'stop' THEN ex_pct"
	"    ELSE min(ex_pct, max(pct0, 0)) END ELSE max(pct0, 0) END AS pct, basis"
	"  FROM (SELECT x.uscc, x.name, e.num AS ex_pct, e.id AS ex_id,"
	"    (x.exempt AND m0 <> 'self-determined') AS ex, m0, pct0, basis"
	"   FROM (SELECT x.*,"
	"     CASE WHEN g.measure = 'stop' OR c.measure = 'stop' THEN 'stop'"
	"      WHEN g.measure = 'self-determined' AND COALESCE(c.num, 0) <= 0"
	"      THEN 'self-determined' ELSE 'limit' END AS m0,"
	"     a.num + COALESCE(g.num, 0) + COALESCE(c.num, 0) AS pct0,"
	"     a.id || COALESCE(' ' || g.id, '') || COALESCE(' ' || c.id, '') AS basis"
	"    FROM lk_ent x"
	"    JOIN lk_rule a ON a.kind = 'em-alert' AND a.value = :level"
	"    LEFT JOIN lk_rule g ON g.kind = 'em-grade' AND g.value = x.grade"
	"    LEFT JOIN lk_rule c ON c.kind = 'em-colour' AND c.value = x.colour"
	"    WHERE x.permit_ok AND x.air > 0) x"
	"   JOIN lk_rule e ON e.kind = 'em-exempt'))",
};

int lk_emergency(struct db *db, struct lk_dates *d, const char *alert,
		 long long *n, struct strbuf *err)
{
	static const char *const levels[] = { "yellow", "orange", "red" };
	int rc;

	*n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(levels); i++) {
		if (alert && strcmp(alert, levels[i]))
			continue;
		snprintf(d->level, sizeof(d->level), "%s", levels[i]);
		if ((rc = lk_exec_all(db, emergency_sql, ARRAY_SIZE(emergency_sql), d, n,
				      err)))
			return rc;
	}
	d->level[0] = '\0';
	return 0;
}

/*
 * Staggered production: key-industry enterprises with a permit in force on D,
 * not exempt; grade rule (limit or stop) + colour rule (stop or points) +
 * restricted industry + town that missed its target; 100 % is a stop,
 * shown as limit_pct 100. Enterprises left with 0 % are not in the plan.
 */
static const char *const staggered_sql[] = {
	LK_COUNTED "INSERT INTO staggered (as_of, uscc, name, industry, period_from, period_to,"
	" limit_pct, basis)"
	" SELECT :d, uscc, name, industry_code, :season_from, :season_to,"
	"  CASE WHEN stop OR pct >= 100 THEN 100 ELSE pct END, basis"
	" FROM (SELECT x.uscc, x.name, x.industry_code,"
	"   (COALESCE(g.measure = 'stop', 0) OR COALESCE(c.measure = 'stop', 0)) AS stop,"
	"   COALESCE(g.num, 0) + COALESCE(c.num, 0) +"
	"    CASE WHEN x.restricted THEN COALESCE(r.num, 0) ELSE 0 END +"
	"    CASE WHEN x.town_missed THEN COALESCE(t.num, 0) ELSE 0 END AS pct,"
	"   s.id || COALESCE(' ' || (SELECT id FROM lk_rule WHERE kind = 'key'"
	"    AND id IS NOT NULL LIMIT 1), '') ||"
	"    COALESCE(' ' || g.id, '') || COALESCE(' ' || c.id, '') ||"
	"    CASE WHEN x.restricted THEN COALESCE(' ' || r.id, '') ELSE '' END ||"
	"    CASE WHEN x.town_missed THEN COALESCE(' ' || t.id, '') ELSE '' END AS basis"
	"  FROM lk_ent x JOIN lk_rule s ON s.kind = 'st-season'"
	"  LEFT JOIN lk_rule g ON g.kind = 'st-grade' AND g.value = x.grade"
	"  LEFT JOIN lk_rule c ON c.kind = 'st-colour' AND c.value = x.colour"
	"  LEFT JOIN lk_rule r ON r.kind = 'st-restricted'"
	"  LEFT JOIN lk_rule t ON t.kind = 'st-town'"
	"  WHERE x.permit_ok AND x.key_ind AND NOT x.exempt)"
	" WHERE stop OR pct > 0",
};

int lk_staggered(struct db *db, const struct lk_dates *d, long long *n,
		 struct strbuf *err)
{
	*n = 0;
	if (!d->season)
		return 0;
	return lk_exec_all(db, staggered_sql, ARRAY_SIZE(staggered_sql), d, n, err);
}

/*
 * Prices: the colour on the snapshot before D; a consecutive rule also
 * needs the same colour on the snapshot before that (when that one falls
 * under the policy). Each figure is the largest one that applies.
 */
static const char *const pricing_sql[] = {
	LK_COUNTED "INSERT INTO pricing (as_of, uscc, name, colour, snapshot_date,"
	" electricity_yuan_per_kwh, sewage_yuan_per_m3, applies_from, applies_to, basis)"
	" SELECT :d, r.uscc, e.name, r.colour, :snap, max(s.num), max(s.num2),"
	"  :applies_from, :applies_to,"
	"  trim(COALESCE(max(CASE WHEN s.kind = 'pr-surcharge' THEN s.id END), '') ||"
	"   COALESCE(' ' || max(CASE WHEN s.kind = 'pr-repeat' THEN s.id END), ''))"
	" FROM rating r"
	" JOIN lk_rule s ON s.kind IN ('pr-surcharge', 'pr-repeat') AND s.value = r.colour"
	" LEFT JOIN rating q ON q.as_of = :snap_prev AND q.uscc = r.uscc"
	" LEFT JOIN enterprise e ON e.uscc = r.uscc"
	" WHERE r.as_of = :snap AND (s.kind = 'pr-surcharge'"
	"  OR (:snap_prev_ok AND q.colour = s.value))"
	" GROUP BY r.uscc",
};

int lk_pricing(struct db *db, const struct lk_dates *d, long long *n,
	       struct strbuf *err)
{
	*n = 0;
	if (!d->pricing)
		return 0;
	return lk_exec_all(db, pricing_sql, ARRAY_SIZE(pricing_sql), d, n, err);
}

/*
 * Tax: per outlet, pollutant and month, the mean of valid means (hourly
 * for air, daily for water; flag N; converted value when reported) against
 * the permit's concentration limit; the smallest rate whose threshold the
 * mean is strictly below; any valid mean strictly above the limit forfeits;
 * a month whose valid means cover less than the coverage share of its
 * hours (air) or days (water) gives no reduction. The outlet's permit is
 * the latest one in force during the month.
 */
static const char *const tax_sql[] = {
	"DROP TABLE IF EXISTS temp.lk_tax_outlet",
	"CREATE TEMP TABLE lk_tax_outlet (uscc TEXT NOT NULL, code TEXT NOT NULL,"
	" mn TEXT NOT NULL, cn INTEGER NOT NULL, pollutant TEXT NOT NULL,"
	" std REAL NOT NULL, PRIMARY KEY (uscc, code, pollutant)) WITHOUT ROWID",
	"INSERT OR IGNORE INTO lk_tax_outlet"
	" SELECT p.uscc, o.code, o.mn, CASE o.kind WHEN 'air' THEN 2061 ELSE 2031 END,"
	"  l.pollutant, l.conc"
	" FROM permit p JOIN outlet o ON o.permit_no = p.permit_no"
	" JOIN outlet_limit l ON l.permit_no = o.permit_no AND l.outlet_code = o.code"
	" WHERE o.mn IS NOT NULL AND l.conc > 0"
	"  AND " LK_IN_FORCE("p", ":month_from", "ec_add_days(:month_until, -1)")
	" ORDER BY p.uscc, o.code, l.pollutant, p.valid_from DESC, p.permit_no DESC",
	LK_COUNTED "INSERT INTO tax (as_of, uscc, outlet, pollutant, month, mean_conc, standard,"
	" valid_hours, exceed_hours, tax_rate_pct, basis)"
	" SELECT :d, uscc, code, pollutant, substr(:month_from, 1, 7), mean, std, n, nx,"
	"  CASE WHEN nx > 0 OR thin THEN 100 ELSE COALESCE((SELECT min(num2) FROM lk_rule"
	"   WHERE kind = 'tx-reduction' AND mean * 100 < num * std), 100) END,"
	"  CASE WHEN nx > 0 OR thin THEN trim("
	"    CASE WHEN nx > 0 THEN (SELECT id FROM lk_rule WHERE kind = 'tx-forfeit')"
	"     ELSE '' END || ' ' ||"
	"    CASE WHEN thin THEN (SELECT id FROM lk_rule WHERE kind = 'tx-coverage')"
	"     ELSE '' END)"
	"   ELSE COALESCE((SELECT id FROM lk_rule WHERE kind = 'tx-reduction'"
	"    AND mean * 100 < num * std ORDER BY num2, ord LIMIT 1),"
	"    (SELECT id FROM lk_rule WHERE kind = 'tx-full')) END"
	" FROM (SELECT a.*, a.n * 100.0 < c.num * (ec_days(:month_until) -"
	"   ec_days(:month_from)) * CASE a.cn WHEN 2061 THEN 24 ELSE 1 END AS thin"
	/* the month's valid values and their sum from mon_month (added in
	 * time order, the same number as an hour-by-hour average); the hours
	 * above the standard only on days whose largest valid value is above
	 * it (importers/monstore.h) */
	"  FROM (SELECT o.uscc, o.code, o.pollutant, o.std, o.cn,"
	"    mm.vsum / mm.n AS mean, mm.n AS n,"
	"    (SELECT count(*) FROM mon_day d CROSS JOIN mon_value m"
	"      ON m.day = d.day AND m.series = d.series"
	"     WHERE d.series = se.id AND d.day >= ec_days(:month_from)"
	"      AND d.day < ec_days(:month_until) AND d.vmax > o.std"
	"      AND m.flag = 'N' AND COALESCE(m.zs_avg, m.avg) > o.std) AS nx"
	"   FROM lk_tax_outlet o JOIN mon_series se ON se.mn = o.mn AND se.cn = o.cn"
	"    AND se.pollutant = o.pollutant"
	"   JOIN mon_month mm ON mm.series = se.id"
	"    AND mm.month = CAST(strftime('%Y%m', :month_from) AS INTEGER)"
	"   WHERE mm.n > 0) a"
	"  JOIN lk_rule c ON c.kind = 'tx-coverage')",
};

int lk_tax(struct db *db, struct lk_dates *d, int months, long long *n,
	   struct strbuf *err)
{
	int day, y, m, dd, rc;

	*n = 0;
	if (date_parse(d->as_of, &day))
		return ec_error(err, EC_INTERNAL, "bad date '%s'", d->as_of);
	date_to_ymd(day, &y, &m, &dd);
	for (int k = months; k >= 1; k--) {
		int first = date_add_months(date_from_ymd(y, m, 1), -k);

		date_format(first, d->month_from);
		date_format(date_add_months(first, 1), d->month_until);
		if ((rc = lk_exec_all(db, tax_sql, ARRAY_SIZE(tax_sql), d, n, err)))
			return rc;
	}
	d->month_from[0] = d->month_until[0] = '\0';
	return 0;
}

/*
 * Green credit: the guidance of the colour, and the active deductions of
 * the rating itself (lk_deduction: the points and windows of the rule set
 * that rated D), most points first, then the newest, each with its event
 * id.
 */
static const char *const credit_sql[] = {
	LK_COUNTED "INSERT INTO credit (as_of, uscc, name, colour, bank_guidance, reasons, basis)"
	" SELECT :d, x.uscc, x.name, x.colour, g.text,"
	"  COALESCE((SELECT group_concat(t, '; ') FROM (SELECT"
	"    printf('%d %s %s [%s]', p.points, ev.category, ev.date, ev.event_id) AS t"
	"   FROM event ev JOIN lk_deduction p ON p.category = ev.category"
	"   WHERE ev.uscc = x.uscc AND ev.date > p.act_after"
	"    AND ev.date <= p.act_until"
	"   ORDER BY p.points, ev.date DESC, ev.event_id"
	"   LIMIT (SELECT CAST(num AS INTEGER) FROM lk_rule WHERE kind = 'cr-max'))),"
	"   ''), g.id"
	" FROM lk_ent x JOIN lk_rule g ON g.kind = 'cr-guidance' AND g.value = x.colour",
};

int lk_credit(struct db *db, const struct lk_dates *d, long long *n,
	      struct strbuf *err)
{
	*n = 0;
	return lk_exec_all(db, credit_sql, ARRAY_SIZE(credit_sql), d, n, err);
}
