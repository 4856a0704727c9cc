# Checks of the monitoring store (importers/monstore.h), after lib.sh.

# day_check DB: mon_day is what the values make, counted here from the view
# (an hour's bit, hours not N, hours F, the largest valid value) and not
# with importers/monstore.h's arithmetic; mon_month the valid values' count,
# sum and last start per series and month; and no value lacks its day's bit.
day_check() {
	sqlite3 "$1" "SELECT s.mn, s.cn, s.pollutant, date(d.day * 86400, 'unixepoch'),
		d.hours, d.bad, d.f, d.vmax FROM mon_day d JOIN mon_series s ON s.id = d.series
		ORDER BY 1, 2, 3, 4" >day.got &&
	sqlite3 "$1" "SELECT mn, cn, pollutant, date(start),
		sum(DISTINCT 1 << CAST(strftime('%H', start) AS INTEGER)),
		coalesce(sum(DISTINCT CASE WHEN flag IS NOT 'N'
			THEN 1 << CAST(strftime('%H', start) AS INTEGER) END), 0),
		coalesce(sum(DISTINCT CASE WHEN flag IS 'F'
			THEN 1 << CAST(strftime('%H', start) AS INTEGER) END), 0),
		max(CASE WHEN flag = 'N' THEN coalesce(zs_avg, avg) END)
		FROM monitoring GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4" >day.want &&
	test -s day.want &&
	same day.want day.got &&
	sqlite3 "$1" "SELECT s.mn, s.cn, s.pollutant, m.month, m.n, m.vsum, m.vlast
		FROM mon_month m JOIN mon_series s ON s.id = m.series
		WHERE m.n > 0 ORDER BY 1, 2, 3, 4" >month.got &&
	sqlite3 "$1" "SELECT mn, cn, pollutant, CAST(strftime('%Y%m', start) AS INTEGER),
		count(*), sum(coalesce(zs_avg, avg)), max(CAST(strftime('%s', start) AS INTEGER))
		FROM (SELECT * FROM monitoring WHERE flag = 'N'
			AND coalesce(zs_avg, avg) IS NOT NULL ORDER BY mn, cn, pollutant, start)
		GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4" >month.want &&
	same month.want month.got &&
	test "$(sqlite3 "$1" "SELECT count(*) FROM mon_value v LEFT JOIN mon_day d
		ON d.series = v.series AND d.day * 86400 <= v.t AND v.t < d.day * 86400 + 86400
		WHERE d.series IS NULL OR d.hours & (1 << ((v.t - d.day * 86400) / 3600)) = 0")" = 0
}
