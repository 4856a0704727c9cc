#ifndef MONSTORE_H
#define MONSTORE_H

/*
 * The compact monitoring store (schema version 4, importers/schema.c;
 * docs/scaling.md, "The monitoring store"): the SQL that derives a
 * series-day row of mon_day from its values, shared by the migration, the
 * views' write triggers and the importer, and the time arithmetic that
 * goes with it. Readers that need the hours of a month go through mon_day
 * first and read mon_value only for the days that can matter.
 */

/* Second of the day and day of a period start t (seconds since
 * 1970-01-01 on the device's clock; floor division, t may be negative). */
#define MON_SOD(t) "((" t ") % 86400 + 86400) % 86400"
#define MON_DAY(t) "((" t ") - " MON_SOD(t) ") / 86400"
#define MON_BIT(t) "(1 << (" MON_SOD(t) " / 3600))"

/* A period start t as the text 'YYYY-MM-DD HH:MM:SS' the views show. */
#define MON_START(t) "strftime('%Y-%m-%d %H:%M:%S', " t ", 'unixepoch')"
/* A day number as 'YYYY-MM-DD', and 'YYYY-MM' of it. */
#define MON_DATE(d) "date((" d ") * 86400, 'unixepoch')"
#define MON_YM(d) "strftime('%Y-%m', (" d ") * 86400, 'unixepoch')"

/* series, day, hours, bad, f, vmax of the mon_value rows it is followed by
 * (a FROM and WHERE, then MON_DAY_GROUP). */
#define MON_DAY_SELECT \
	"SELECT series, " MON_DAY("t") ", sum(DISTINCT " MON_BIT("t") ")," \
	" coalesce(sum(DISTINCT CASE WHEN flag IS NOT 'N' THEN " MON_BIT("t") \
	" END), 0)," \
	" coalesce(sum(DISTINCT CASE WHEN flag IS 'F' THEN " MON_BIT("t") \
	" END), 0)," \
	" max(CASE WHEN flag = 'N' THEN coalesce(zs_avg, avg) END)"
#define MON_DAY_GROUP " GROUP BY series, " MON_DAY("t")

/* Write the mon_day row of series S and day D (SQL expressions) from its
 * values; one statement. */
#define MON_DAY_PUT(S, D) \
	"INSERT OR REPLACE INTO mon_day (series, day, hours, bad, f, vmax) " \
	MON_DAY_SELECT " FROM mon_value WHERE series = " S \
	" AND t >= (" D ") * 86400 AND t < (" D ") * 86400 + 86400" \
	MON_DAY_GROUP

/* The same when values may have gone: the row goes with the last one. */
#define MON_DAY_REFRESH(S, D) \
	"DELETE FROM mon_day WHERE series = " S " AND day = " D ";" \
	MON_DAY_PUT(S, D) ";"

static inline long long mon_day_of(long long t)
{
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

#endif
