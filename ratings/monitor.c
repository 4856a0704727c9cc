#include "core/common.h"
#include "core/date.h"
#include "importers/monstore.h"
#include "ratings/monitor.h"
#include "rules/ruleset.h"

#define EXCEED "monitoring-exceedance"
#define TRANSMIT "monitoring-transmission"

int monitor_setup(struct db *db, struct strbuf *err)
{
	return db_exec(db,
		"CREATE TEMP TABLE IF NOT EXISTS mon_event ("
		"  event_id TEXT PRIMARY KEY, uscc TEXT NOT NULL,"
		"  category TEXT NOT NULL, date TEXT NOT NULL, violation TEXT"
		") WITHOUT ROWID;"
		"CREATE TEMP TABLE IF NOT EXISTS mon_evidence ("
		"  event_id TEXT NOT NULL, mn TEXT NOT NULL, pollutant TEXT NOT NULL,"
		"  start TEXT NOT NULL, value REAL, limit_value REAL,"
		"  PRIMARY KEY (event_id, mn, pollutant, start)) WITHOUT ROWID;"
		"CREATE TEMP TABLE IF NOT EXISTS mon_hours ("
		"  uscc TEXT, ym TEXT, day TEXT, mn TEXT, pollutant TEXT,"
		"  start TEXT, value REAL, lim REAL);"
		"CREATE TEMP TABLE IF NOT EXISTS mon_window ("
		"  ym TEXT PRIMARY KEY, m_from TEXT, m_to TEXT, hours INTEGER);"
		"CREATE TEMP TABLE IF NOT EXISTS tx_stat ("
		"  permit_no TEXT, code TEXT, ym TEXT, valid INTEGER, stopped INTEGER,"
		"  PRIMARY KEY (permit_no, code, ym)) WITHOUT ROWID;"
		"DELETE FROM temp.mon_event; DELETE FROM temp.mon_evidence;"
		"DELETE FROM temp.mon_hours; DELETE FROM temp.mon_window;"
		"DELETE FROM temp.tx_stat;",
		err);
}

static int first_of_month(int day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	return date_from_ymd(y, m, 1);
}

void monitor_window(int as_of, const struct ruleset *rs, int *from, int *to)
{
	const struct score_rule *e = ruleset_rule(rs, EXCEED);
	const struct score_rule *t = ruleset_rule(rs, TRANSMIT);
	int months = 0;

	if (e && e->months > months)
		months = e->months;
	if (t && t->months > months)
		months = t->months;
	*to = first_of_month(as_of);
	/* An event for month M is dated M+1/1 and counts for `months` months
	 * from that date plus the offset: older months cannot matter. */
	*from = months ? first_of_month(date_add_months(
				 as_of - ruleset_start_offset_days(rs), -(months + 1)))
		       : *to;
}

static int fill_months(struct db *db, int from, int to, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(db,
			     "INSERT INTO temp.mon_window(ym, m_from, m_to, hours)"
			     " VALUES (?1, ?2, ?3, ?4)",
			     &st, err)))
		return rc;
	for (int m = from; m < to && !rc; m = date_add_months(m, 1)) {
		char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];
		struct strbuf f = STRBUF_INIT, t = STRBUF_INIT;
		int y, mo, d;

		date_format(m, a);
		date_format(date_add_months(m, 1), b);
		date_to_ymd(m, &y, &mo, &d);
		strbuf_addf(&f, "%s 00:00:00", a);
		strbuf_addf(&t, "%s 00:00:00", b);
		db_bind_textn(st, 1, a, 7);
		db_bind_text(st, 2, f.buf);
		db_bind_text(st, 3, t.buf);
		db_bind_int64(st, 4, (int64_t)date_days_in_month(y, mo) * 24);
		rc = db_run(st, err);
		strbuf_release(&f);
		strbuf_release(&t);
	}
	db_finalize(st);
	return rc;
}

static int run_bound(struct db *db, const char *sql, const char *from,
		     const char *to, long long n, const char *text,
		     struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc, i;

	if ((rc = db_prepare(db, sql, &st, err)))
		return rc;
	if ((i = db_bind_index(st, ":from")))
		db_bind_text(st, i, from);
	if ((i = db_bind_index(st, ":to")))
		db_bind_text(st, i, to);
	if ((i = db_bind_index(st, ":n")))
		db_bind_int64(st, i, n);
	if ((i = db_bind_index(st, ":text")))
		db_bind_text(st, i, text);
	rc = db_run(st, err);
	db_finalize(st);
	return rc;
}

static int exceedance(struct db *db, const char *from, const char *to,
		      int min_days, struct strbuf *err)
{
	int rc;

	if ((rc = run_bound(db,
		/* only the days whose largest valid value is above the
		 * limit can hold such an hour: read those days' hours */
		"INSERT INTO temp.mon_hours(uscc, ym, day, mn, pollutant, start, value, lim)"
		" SELECT uscc, substr(start, 1, 7), substr(start, 1, 10), mn, pollutant,"
		"  start, value, lim FROM (SELECT p.uscc, o.mn, l.pollutant,"
		"  " MON_START("v.t") " AS start, coalesce(v.zs_avg, v.avg) AS value,"
		"  l.conc AS lim"
		" FROM outlet o JOIN permit p ON p.permit_no = o.permit_no"
		" JOIN outlet_limit l ON l.permit_no = o.permit_no AND l.outlet_code = o.code"
		" JOIN mon_series s ON s.mn = o.mn AND s.cn = 2061"
		"  AND s.pollutant = l.pollutant"
		" JOIN mon_day d ON d.series = s.id AND d.day >= ec_days(substr(:from, 1, 10))"
		"  AND d.day < ec_days(substr(:to, 1, 10)) AND d.vmax > l.conc"
		" CROSS JOIN mon_value v ON v.day = d.day AND v.series = s.id"
		" WHERE o.mn IS NOT NULL AND l.conc IS NOT NULL AND v.flag = 'N'"
		"  AND coalesce(v.zs_avg, v.avg) > l.conc)",
		from, to, 0, NULL, err)))
		return rc;
	if ((rc = run_bound(db,
		"INSERT INTO temp.mon_event(event_id, uscc, category, date, violation)"
		" SELECT 'MON-EXC-' || uscc || '-' || ym, uscc, '" EXCEED "',"
		"  ec_add_months(ym || '-01', 1),"
		"  count(DISTINCT day) || ' days in ' || ym || ' with valid hours above"
		" the permit limit (' || count(DISTINCT mn || pollutant || start) || ' hours)'"
		" FROM temp.mon_hours GROUP BY uscc, ym HAVING count(DISTINCT day) >= :n",
		NULL, NULL, min_days, NULL, err)))
		return rc;
	return db_exec(db,
		"INSERT OR IGNORE INTO temp.mon_evidence"
		" SELECT e.event_id, h.mn, h.pollutant, h.start, h.value, h.lim"
		" FROM temp.mon_hours h JOIN temp.mon_event e"
		"  ON e.event_id = 'MON-EXC-' || h.uscc || '-' || h.ym",
		err);
}

/*
 * The data horizon of a device (docs/rating.md): the first day on which it
 * sent hourly data (CN 2061, any pollutant, any flag) in at least
 * MONITOR_HORIZON_HOURS distinct clock hours. One stray packet (a clock
 * reset to 2000-01-01, a test packet) cannot move it: that day has one
 * hour. Read from the day rows of the store (importers/monstore.h): from
 * the first stored day on, one day at a time, the OR of its series' hour
 * masks; when too few, jump to the next stored day after it.
 */
static double gap_pct = MONITOR_DEFAULT_GAP_PCT;

void monitor_set_gap_pct(double pct)
{
	gap_pct = pct;
}

double monitor_gap_pct(void)
{
	return gap_pct;
}

/* the hourly series of the devices (of one enterprise, or all) */
static const char devser_sql[] =
	"INSERT OR IGNORE INTO temp.mon_devser(mn, series)"
	" SELECT s.mn, s.id FROM (SELECT DISTINCT o.mn"
	"  FROM outlet o JOIN permit p ON p.permit_no = o.permit_no"
	"  WHERE o.mn IS NOT NULL AND (?1 IS NULL OR p.uscc = ?1)) d"
	" JOIN mon_series s ON s.mn = d.mn AND s.cn = 2061";

/* the first stored day of a device at or after day ?2 */
static const char next_sql[] =
	"SELECT min((SELECT min(d.day) FROM mon_day d WHERE d.series = p.series"
	"  AND d.day >= ?2)) FROM temp.mon_devser p WHERE p.mn = ?1";

/* the distinct clock hours of a device on day ?2 */
static const char hours_sql[] =
	"SELECT ec_bits(ec_bit_or(d.hours)) FROM temp.mon_devser p"
	" JOIN mon_day d ON d.series = p.series AND d.day = ?2 WHERE p.mn = ?1";

/* its first stored hour */
static const char first_sql[] =
	"SELECT " MON_START("min(" MON_FIRST_T("p.series") ")")
	" FROM temp.mon_devser p WHERE p.mn = ?1";

struct horizon_walk {
	struct db_stmt *next, *hours, *first, *ins;
};

static int walk_device(struct horizon_walk *w, const char *mn, struct strbuf *err)
{
	char day[DATE_TEXT_SIZE] = "", first[32] = "";
	long long after = LLONG_MIN, d = 0;
	int rc, enough = 0;

	db_bind_text(w->first, 1, mn);
	if ((rc = db_step(w->first, err)) == DB_ROW &&
	    !db_column_is_null(w->first, 0))
		snprintf(first, sizeof(first), "%s", db_column_text(w->first, 0));
	db_reset(w->first);
	if (rc < 0)
		return rc;
	while (first[0]) {
		db_bind_text(w->next, 1, mn);
		db_bind_int64(w->next, 2, after);
		rc = db_step(w->next, err);
		enough = rc == DB_ROW && !db_column_is_null(w->next, 0);
		if (enough)
			d = db_column_int64(w->next, 0);
		db_reset(w->next);
		if (rc < 0)
			return rc;
		if (!enough)
			break; /* no more data */
		db_bind_text(w->hours, 1, mn);
		db_bind_int64(w->hours, 2, d);
		rc = db_step(w->hours, err);
		enough = rc == DB_ROW &&
			 db_column_int64(w->hours, 0) >= MONITOR_HORIZON_HOURS;
		db_reset(w->hours);
		if (rc < 0)
			return rc;
		if (enough)
			break;
		after = d + 1;
	}
	if (enough && d >= INT_MIN && d <= INT_MAX)
		date_format((int)d, day);
	db_bind_text(w->ins, 1, mn);
	db_bind_text(w->ins, 2, first[0] ? first : NULL);
	db_bind_text(w->ins, 3, day[0] ? day : NULL);
	return db_run(w->ins, err);
}

int monitor_devices(struct db *db, const char *uscc, struct strbuf *err)
{
	struct horizon_walk w = { 0 };
	struct db_stmt *st = NULL, *mns = NULL;
	int rc;

	if ((rc = db_exec(db,
		"CREATE TEMP TABLE IF NOT EXISTS mon_devser ("
		"  mn TEXT, series INTEGER, PRIMARY KEY (mn, series)) WITHOUT ROWID;"
		"CREATE TEMP TABLE IF NOT EXISTS mon_device ("
		"  mn TEXT PRIMARY KEY, first TEXT, horizon TEXT) WITHOUT ROWID;"
		"DELETE FROM temp.mon_devser; DELETE FROM temp.mon_device;",
		err)))
		return rc;
	if ((rc = db_prepare(db, devser_sql, &st, err)))
		return rc;
	db_bind_text(st, 1, uscc);
	rc = db_run(st, err);
	db_finalize(st);
	if (rc || (rc = db_prepare(db, next_sql, &w.next, err)) ||
	    (rc = db_prepare(db, hours_sql, &w.hours, err)) ||
	    (rc = db_prepare(db, first_sql, &w.first, err)) ||
	    (rc = db_prepare(db, "INSERT INTO temp.mon_device(mn, first, horizon)"
			     " VALUES (?1, ?2, ?3)", &w.ins, err)) ||
	    (rc = db_prepare(db, "SELECT DISTINCT mn FROM temp.mon_devser ORDER BY mn",
			     &mns, err)))
		goto out;
	while ((rc = db_step(mns, err)) == DB_ROW)
		if ((rc = walk_device(&w, db_column_text(mns, 0), err)))
			goto out;
	if (rc > 0)
		rc = 0;
out:
	db_finalize(w.next);
	db_finalize(w.hours);
	db_finalize(w.first);
	db_finalize(w.ins);
	db_finalize(mns);
	return rc;
}

/*
 * System-wide gap days (docs/rating.md): on day d, the monitored outlets
 * are those whose device's horizon is on or before d; d is a gap when
 * there are some and fewer than gap_pct % of them sent any hourly data
 * that day. Needs monitor_devices.
 */
int monitor_gaps(struct db *db, int from, int to, struct strbuf *err)
{
	char f[DATE_TEXT_SIZE], t[DATE_TEXT_SIZE];
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_exec(db,
		"CREATE TEMP TABLE IF NOT EXISTS mon_gap (day TEXT PRIMARY KEY,"
		"  outlets INTEGER, reporting INTEGER, gap INTEGER) WITHOUT ROWID;"
		"DELETE FROM temp.mon_gap;", err)))
		return rc;
	if (from >= to)
		return 0;
	date_format(from, f);
	date_format(to, t);
	if ((rc = db_prepare(db,
		"INSERT INTO temp.mon_gap(day, outlets, reporting, gap)"
		" WITH RECURSIVE days(d) AS (SELECT ?1 UNION ALL"
		"  SELECT ec_add_days(d, 1) FROM days WHERE ec_add_days(d, 1) < ?2),"
		" rep(day, n) AS MATERIALIZED (SELECT " MON_DATE("dn") ", count(*)"
		"  FROM (SELECT DISTINCT"
		"   o.permit_no, o.code, d.day AS dn"
		/* device by device: its outlets, its series, their days */
		"  FROM temp.mon_device v CROSS JOIN outlet o ON o.mn = v.mn"
		"  CROSS JOIN temp.mon_devser p ON p.mn = v.mn"
		"  CROSS JOIN mon_day d ON d.series = p.series"
		"   AND d.day >= max(ec_days(?1), ec_days(v.horizon))"
		"   AND d.day < ec_days(?2)) GROUP BY dn),"
		/* monitored outlets by horizon, then summed up to each day
		 * (counting the outlets once per day took 5 s of a province's
		 * rating, 45 s of a nation's) */
		" hz(horizon, n) AS MATERIALIZED (SELECT v.horizon, count(*)"
		"  FROM temp.mon_device v JOIN outlet o ON o.mn = v.mn"
		"  WHERE v.horizon IS NOT NULL GROUP BY v.horizon),"
		" mon(d, n) AS (SELECT days.d, (SELECT coalesce(sum(hz.n), 0) FROM hz"
		"  WHERE hz.horizon <= days.d) FROM days)"
		" SELECT mon.d, mon.n, coalesce(rep.n, 0),"
		"  mon.n > 0 AND 100.0 * coalesce(rep.n, 0) < ?3 * mon.n"
		" FROM mon LEFT JOIN rep ON rep.day = mon.d",
		&st, err)))
		return rc;
	db_bind_text(st, 1, f);
	db_bind_text(st, 2, t);
	db_bind_double(st, 3, gap_pct);
	rc = db_run(st, err);
	db_finalize(st);
	return rc;
}

/* One enterprise-month of transmission results, flushed as one event. */
struct tx_group {
	struct strbuf uscc, ym, text;
	int failing;
};

static int tx_flush(struct db *db, struct tx_group *g, struct db_stmt *ins,
		    struct strbuf *err)
{
	int rc = 0;

	if (g->failing) {
		struct strbuf id = STRBUF_INIT, date = STRBUF_INIT;

		strbuf_addf(&id, "MON-TX-%s-%s", g->uscc.buf, g->ym.buf);
		strbuf_addf(&date, "%s-01", g->ym.buf);
		db_bind_text(ins, 1, id.buf);
		db_bind_text(ins, 2, g->uscc.buf);
		db_bind_text(ins, 3, date.buf);
		db_bind_text(ins, 4, g->text.buf);
		rc = db_run(ins, err);
		strbuf_release(&id);
		strbuf_release(&date);
	}
	(void)db;
	g->failing = 0;
	strbuf_reset(&g->text);
	return rc;
}

static int transmission(struct db *db, const char *from, const char *to,
			const struct ruleset_monitoring *mp, struct strbuf *err)
{
	struct db_stmt *sel = NULL, *ins = NULL, *ev = NULL;
	struct tx_group g = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, 0 };
	int rc;

	if ((rc = run_bound(db,
		/* per outlet and day, the OR of its series' hour masks: an
		 * hour is valid when every pollutant's flag is N */
		"INSERT INTO temp.tx_stat(permit_no, code, ym, valid, stopped)"
		" SELECT permit_no, code, " MON_YM("day") ", sum(ec_bits(hours & ~bad)),"
		"  sum(ec_bits(f)) FROM ("
		"  SELECT o.permit_no, o.code, d.day, ec_bit_or(d.hours) AS hours,"
		"   ec_bit_or(d.bad) AS bad, ec_bit_or(d.f) AS f"
		"  FROM outlet o JOIN permit p ON p.permit_no = o.permit_no"
		"  JOIN mon_series s ON s.mn = o.mn AND s.cn = 2061"
		"  JOIN mon_day d ON d.series = s.id"
		"   AND d.day >= ec_days(substr(:from, 1, 10))"
		"   AND d.day < ec_days(substr(:to, 1, 10))"
		"  WHERE o.mn IS NOT NULL"
		"   AND instr(' ' || :text || ' ', ' ' || p.class || ' ') > 0"
		"   AND d.day NOT IN (SELECT ec_days(day) FROM temp.mon_gap WHERE gap)"
		"  GROUP BY o.permit_no, o.code, d.day)"
		" GROUP BY permit_no, code, " MON_YM("day"),
		from, to, 0, mp->tx_classes, err)))
		goto out;
	if ((rc = db_prepare(db,
		"SELECT p.uscc, mo.ym, o.code, o.mn, mo.hours - 24 * (SELECT count(*)"
		"   FROM temp.mon_gap g WHERE g.gap AND substr(g.day, 1, 7) = mo.ym),"
		"  coalesce(t.valid, 0), coalesce(t.stopped, 0)"
		" FROM outlet o JOIN permit p ON p.permit_no = o.permit_no"
		" JOIN temp.mon_device h ON h.mn = o.mn"
		" JOIN temp.mon_window mo ON mo.m_from >= h.horizon"
		" LEFT JOIN temp.tx_stat t ON t.permit_no = o.permit_no"
		"  AND t.code = o.code AND t.ym = mo.ym"
		" WHERE o.mn IS NOT NULL"
		"  AND instr(' ' || ?1 || ' ', ' ' || p.class || ' ') > 0"
		" ORDER BY p.uscc, mo.ym, o.permit_no, o.code",
		&sel, err)) ||
	    (rc = db_prepare(db,
		"INSERT INTO temp.mon_event(event_id, uscc, category, date, violation)"
		" VALUES (?1, ?2, '" TRANSMIT "', ec_add_months(?3, 1), ?4)",
		&ins, err)) ||
	    (rc = db_prepare(db,
		"INSERT OR IGNORE INTO temp.mon_evidence"
		" VALUES ('MON-TX-' || ?1 || '-' || ?2, ?3, 'transmission', ?2, ?4, ?5)",
		&ev, err)))
		goto out;
	db_bind_text(sel, 1, mp->tx_classes);
	while ((rc = db_step(sel, err)) == DB_ROW) {
		const char *uscc = db_column_text(sel, 0), *ym = db_column_text(sel, 1);
		long long hours = db_column_int64(sel, 4) - db_column_int64(sel, 6);
		double pct;

		if (strcmp(uscc, g.uscc.buf) || strcmp(ym, g.ym.buf)) {
			if ((rc = tx_flush(db, &g, ins, err)))
				goto out;
			strbuf_reset(&g.uscc);
			strbuf_addstr(&g.uscc, uscc);
			strbuf_reset(&g.ym);
			strbuf_addstr(&g.ym, ym);
		}
		if (hours <= 0)
			continue; /* stopped the whole month */
		pct = 100.0 * (double)db_column_int64(sel, 5) / (double)hours;
		if (pct >= mp->tx_min_percent)
			continue;
		strbuf_addf(&g.text, "%soutlet %s: effective transmission %.1f%% (%lld of %lld hours) below %g%% in %s",
			    g.failing ? "; " : "", db_column_text(sel, 2), pct,
			    (long long)db_column_int64(sel, 5), hours, mp->tx_min_percent, ym);
		g.failing = 1;
		db_bind_text(ev, 1, uscc);
		db_bind_text(ev, 2, ym);
		db_bind_text(ev, 3, db_column_text(sel, 3));
		db_bind_double(ev, 4, pct);
		db_bind_double(ev, 5, mp->tx_min_percent);
		if ((rc = db_run(ev, err)))
			goto out;
	}
	if (rc < 0)
		goto out;
	rc = tx_flush(db, &g, ins, err);
out:
	db_finalize(sel);
	db_finalize(ins);
	db_finalize(ev);
	strbuf_release(&g.uscc);
	strbuf_release(&g.ym);
	strbuf_release(&g.text);
	return rc;
}

int monitor_compute(struct db *db, int as_of, const struct ruleset *rs,
		    long long *events, struct strbuf *err)
{
	char f[DATE_TEXT_SIZE], t[DATE_TEXT_SIZE];
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	int rc, lo, hi;

	*events = 0;
	if ((rc = monitor_setup(db, err)))
		return rc;
	monitor_window(as_of, rs, &lo, &hi);
	if (lo >= hi)
		return 0;
	date_format(lo, f);
	date_format(hi, t);
	strbuf_addf(&from, "%s 00:00:00", f);
	strbuf_addf(&to, "%s 00:00:00", t);
	if ((rc = fill_months(db, lo, hi, err)))
		goto out;
	if (ruleset_rule(rs, TRANSMIT) &&
	    ((rc = monitor_devices(db, NULL, err)) ||
	     (rc = monitor_gaps(db, lo, hi, err))))
		goto out;
	if (ruleset_rule(rs, EXCEED) &&
	    (rc = exceedance(db, from.buf, to.buf,
			     ruleset_monitoring(rs)->exceed_min_days, err)))
		goto out;
	if (ruleset_rule(rs, TRANSMIT) &&
	    (rc = transmission(db, from.buf, to.buf, ruleset_monitoring(rs), err)))
		goto out;
	{
		int64_t n = 0;

		rc = db_query_int64(db, "SELECT count(*) FROM temp.mon_event", NULL,
				    NULL, &n, err);
		*events = n;
	}
out:
	strbuf_release(&from);
	strbuf_release(&to);
	return rc;
}

int monitor_store(struct db *db, int as_of, const struct ruleset *rs,
		  struct strbuf *err)
{
	char stored_from[DATE_TEXT_SIZE], stored_to[DATE_TEXT_SIZE];
	struct db_stmt *st = NULL;
	int rc, lo, hi;

	/* The events of the months just computed are dated from the month
	 * after the first one up to the first day of as_of's month. */
	monitor_window(as_of, rs, &lo, &hi);
	if (lo >= hi)
		return 0;
	date_format(date_add_months(lo, 1), stored_from);
	date_format(hi, stored_to);
	if ((rc = db_prepare(db,
		"DELETE FROM event_evidence WHERE event_id IN (SELECT event_id"
		" FROM event WHERE source = 'monitoring' AND date >= ?1 AND date <= ?2)",
		&st, err)))
		return rc;
	db_bind_text(st, 1, stored_from);
	db_bind_text(st, 2, stored_to);
	rc = db_run(st, err);
	db_finalize(st);
	if (rc || (rc = db_prepare(db,
		"DELETE FROM event WHERE source = 'monitoring' AND date >= ?1 AND date <= ?2",
		&st, err)))
		return rc;
	db_bind_text(st, 1, stored_from);
	db_bind_text(st, 2, stored_to);
	rc = db_run(st, err);
	db_finalize(st);
	if (rc)
		return rc;
	return db_exec(db,
		"INSERT INTO event(event_id, uscc, name, category, date, violation, source)"
		" SELECT e.event_id, e.uscc, en.name, e.category, e.date, e.violation,"
		"  'monitoring'"
		" FROM temp.mon_event e LEFT JOIN enterprise en ON en.uscc = e.uscc;"
		"INSERT INTO event_evidence(event_id, mn, pollutant, start, value, limit_value)"
		" SELECT event_id, mn, pollutant, start, value, limit_value"
		" FROM temp.mon_evidence;",
		err);
}

int monitor_tx_progress(struct db *db, const char *uscc, int as_of,
			const struct ruleset *rs, struct strbuf *lines,
			struct strbuf *err)
{
	const struct ruleset_monitoring *mp = ruleset_monitoring(rs);
	char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	struct db_stmt *st = NULL;
	int rc, start = first_of_month(as_of);
	long long elapsed = (long long)(as_of + 1 - start) * 24;

	if (!ruleset_rule(rs, TRANSMIT))
		return 0;
	if ((rc = monitor_devices(db, uscc, err)))
		return rc;
	date_format(start, a);
	date_format(as_of + 1, b);
	strbuf_addf(&from, "%s 00:00:00", a);
	strbuf_addf(&to, "%s 00:00:00", b);
	if ((rc = db_prepare(db,
		"SELECT o.code, o.mn,"
		" (SELECT coalesce(sum(ec_bits(hours & ~bad)), 0) FROM (SELECT"
		"   ec_bit_or(d.hours) AS hours, ec_bit_or(d.bad) AS bad"
		"  FROM mon_series s JOIN mon_day d ON d.series = s.id"
		"   AND d.day >= ec_days(substr(?2, 1, 10)) AND d.day < ec_days(substr(?3, 1, 10))"
		"  WHERE s.mn = o.mn AND s.cn = 2061 GROUP BY d.day)),"
		" (SELECT coalesce(sum(ec_bits(f)), 0) FROM (SELECT ec_bit_or(d.f) AS f"
		"  FROM mon_series s JOIN mon_day d ON d.series = s.id"
		"   AND d.day >= ec_days(substr(?2, 1, 10)) AND d.day < ec_days(substr(?3, 1, 10))"
		"  WHERE s.mn = o.mn AND s.cn = 2061 GROUP BY d.day))"
		" FROM permit p JOIN outlet o ON o.permit_no = p.permit_no"
		" JOIN temp.mon_device h ON h.mn = o.mn"
		" WHERE p.uscc = ?1 AND h.horizon <= ?2"
		"  AND instr(' ' || ?4 || ' ', ' ' || p.class || ' ') > 0"
		" ORDER BY o.code, o.permit_no", &st, err)))
		goto out;
	db_bind_text(st, 1, uscc);
	db_bind_text(st, 2, from.buf);
	db_bind_text(st, 3, to.buf);
	db_bind_text(st, 4, mp->tx_classes);
	while ((rc = db_step(st, err)) == DB_ROW) {
		long long valid = db_column_int64(st, 2);
		long long hours = elapsed - db_column_int64(st, 3);
		double pct;

		if (hours <= 0)
			continue;
		pct = 100.0 * (double)valid / (double)hours;
		if (pct >= mp->tx_min_percent)
			continue;
		strbuf_addf(lines, "outlet %s (MN %s) so far this month: %.1f%% effective"
			    " transmission (%lld of %lld hours); below %g%% at month end"
			    " triggers a deduction\n", db_column_text(st, 0),
			    db_column_text(st, 1), pct, valid, hours, mp->tx_min_percent);
	}
	if (rc > 0)
		rc = 0;
out:
	db_finalize(st);
	strbuf_release(&from);
	strbuf_release(&to);
	return rc;
}

int monitor_data_horizon(struct db *db, struct strbuf *out, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	strbuf_reset(out);
	if ((rc = monitor_devices(db, NULL, err)) ||
	    (rc = db_prepare(db, "SELECT min(horizon) FROM temp.mon_device", &st, err)))
		return rc;
	if ((rc = db_step(st, err)) == DB_ROW && !db_column_is_null(st, 0))
		strbuf_addf(out, "%s 00:00:00", db_column_text(st, 0));
	db_finalize(st);
	return rc < 0 ? rc : 0;
}
