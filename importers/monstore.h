#ifndef MONSTORE_H
#define MONSTORE_H

/*
 * The compact monitoring store (schema version 4, importers/schema.c;
 * docs/scaling.md, "The monitoring store"): the SQL that derives a
 * series-day row of mon_day from its values, shared by the migration, the
 * views' write triggers and the importer, and the time arithmetic that
 * goes with it. mon_value is keyed (day, series, t), so a night's import
 * appends to the newest days and leaves the stored month alone; readers
 * that need a series' hours go through mon_day (series, day) and read
 * mon_value by (day, series) for the days that can matter, joined with
 * CROSS JOIN so that SQLite keeps that order (without statistics it would
 * otherwise scan mon_value for the day range the join implies).
 */

/* Second of the day and day of a period start t (seconds since
 * 1970-01-01 on the device's clock; floor division, t may be negative). */
#define MON_SOD(t) "((" t ") % 86400 + 86400) % 86400"
#define MON_DAY(t) "((" t ") - " MON_SOD(t) ") / 86400"
#define MON_BIT(t) "(1 << (" MON_SOD(t) " / 3600))"

/* A period start t as the text 'YYYY-MM-DD HH:MM:SS' the views show. */
#define MON_START(t) "strftime('%Y-%m-%d %H:%M:%S', " t ", 'unixepoch')"
/* The first and last period start of a series (an SQL expression): its
 * first or last day, then that day's values. */
#define MON_FIRST_T(S) \
	"(SELECT min(v.t) FROM mon_value v WHERE v.series = " S \
	" AND v.day = (SELECT min(d.day) FROM mon_day d WHERE d.series = " S "))"
#define MON_LAST_T(S) \
	"(SELECT max(v.t) FROM mon_value v WHERE v.series = " S \
	" AND v.day = (SELECT max(d.day) FROM mon_day d WHERE d.series = " S "))"
/* A day number as 'YYYY-MM-DD', and 'YYYY-MM' of it. */
#define MON_DATE(d) "date((" d ") * 86400, 'unixepoch')"
#define MON_YM(d) "strftime('%Y-%m', (" d ") * 86400, 'unixepoch')"

/* series, day, hours, bad, f, vmax of the mon_value rows it is followed by
 * (a FROM and WHERE, then MON_DAY_GROUP). */
#define MON_DAY_SELECT \
	"SELECT series, day, sum(DISTINCT " MON_BIT("t") ")," \
	" coalesce(sum(DISTINCT CASE WHEN flag IS NOT 'N' THEN " MON_BIT("t") \
	" END), 0)," \
	" coalesce(sum(DISTINCT CASE WHEN flag IS 'F' THEN " MON_BIT("t") \
	" END), 0)," \
	" max(CASE WHEN flag = 'N' THEN coalesce(zs_avg, avg) END)"
#define MON_DAY_GROUP " GROUP BY day, series"

/* Write the mon_day row of series S and day D (SQL expressions) from its
 * values; one statement. */
#define MON_DAY_PUT(S, D) \
	"INSERT OR REPLACE INTO mon_day (series, day, hours, bad, f, vmax) " \
	MON_DAY_SELECT " FROM mon_value WHERE day = " D " AND series = " S \
	MON_DAY_GROUP

/* The same when values may have gone: the row goes with the last one. */
#define MON_DAY_REFRESH(S, D) \
	"DELETE FROM mon_day WHERE series = " S " AND day = " D ";" \
	MON_DAY_PUT(S, D) ";"

/* The month of a day number, YYYYMM as an integer, and the day numbers
 * its first day and the next month's first day have (plain SQLite, so that
 * the views' triggers work in the sqlite3 shell too). */
#define MON_MONTH(d) \
	"CAST(strftime('%Y%m', (" d ") * 86400, 'unixepoch') AS INTEGER)"
#define MON_MONTH_FIRST(m) \
	"CAST(julianday(printf('%04d-%02d-01', (" m ") / 100, (" m ") % 100))" \
	" - 2440587.5 AS INTEGER)"
#define MON_MONTH_NEXT(m) \
	"CAST(julianday(printf('%04d-%02d-01', (" m ") / 100, (" m ") % 100)," \
	" '+1 month') - 2440587.5 AS INTEGER)"

/* Write the mon_month row of series S and month M (SQL expressions) from
 * its values: how many are valid (flag N, with a value), their sum and the
 * start of the last one. The sum adds them in time order, day rows in
 * order and each day's values in order (a nested loop fixed by CROSS
 * JOIN), as an hour-by-hour average over the month does; one statement. */
#define MON_MONTH_PUT(S, M) \
	"INSERT OR REPLACE INTO mon_month (series, month, n, vsum, vlast)" \
	" SELECT " S ", " M ", count(x), sum(x)," \
	" max(CASE WHEN x IS NOT NULL THEN t END) FROM (SELECT v.t AS t," \
	" CASE WHEN v.flag = 'N' THEN coalesce(v.zs_avg, v.avg) END AS x" \
	" FROM mon_day d CROSS JOIN mon_value v ON v.day = d.day" \
	" AND v.series = d.series WHERE d.series = " S \
	" AND d.day >= " MON_MONTH_FIRST(M) " AND d.day < " MON_MONTH_NEXT(M) ")"

static inline long long mon_day_of(long long t)
{
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

#endif
