#!/bin/sh
# Missing data is not held against enterprises: a stray packet cannot move
# a device's data horizon; on a system-wide gap day (fewer than
# monitoring.gap_pct % of the monitored outlets sent hourly data)
# transmission is not judged, the night says so, exits 1 and the bureau
# package records it; one outlet falling silent alone is still judged.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-nightly.sh"

# gap_city DIR PCT: the fixture city where all four devices reported every
# hour of 2026-11-26, and on the 27th only two of them (50 %).
gap_city() {
	make_city $1 && rm $1/inbox/permits/zz-truncated.xml &&
	grep -v "MN=010000000000000008900018" $1/inbox/monitoring/2026-11-27-hj212.log >$1/m &&
	mv $1/m $1/inbox/monitoring/2026-11-27-hj212.log &&
	printf "[monitoring]\ngap_pct = %s\n" $2 >>$1/ecredit.conf &&
	sqlite3 $1/ecredit.db "
WITH RECURSIVE h(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM h WHERE n < 23),
 d(mn) AS (VALUES ('010000000000000008900016'), ('010000000000000008900017'),
  ('010000000000000008900018'), ('010000000000000008900019'))
INSERT INTO monitoring(mn, cn, pollutant, start, avg, flag)
SELECT d.mn, 2061, 'a21026', datetime('2026-11-26 00:00:00', '+' || n || ' hours'), 10, 'N'
FROM d, h;"
}

check 'exactly gap_pct % of outlets reporting is not a gap (exit 0)' '
	gap_city c 50 &&
	nightly_in c >out 2>err &&
	lacks err "monitoring gap" && lacks out "data: monitoring gap" &&
	mkdir x && tar -xzf c/outbox/bureau-2026-11-27-1.tar.gz -C x &&
	test "$(wc -l <x/bureau-2026-11-27-1/data/monitoring_gaps.csv)" = 1
'

check 'just below gap_pct % is a gap: warning naming the day, exit 1, in the bureau package' '
	gap_city c 50.5 &&
	expect_code 1 nightly_in c >out 2>err &&
	contains err "monitoring gap on 2026-11-27: 2 of 4 monitored outlets sent hourly data, below monitoring.gap_pct = 50.5%; transmission is not judged for that day" &&
	contains err "data quality: 0 expected inbox(es) empty, 1 monitoring gap day(s)" &&
	contains out "data: monitoring gap on 2026-11-27: 2 of 4 outlets reported (below 50.5%)" &&
	mkdir x && tar -xzf c/outbox/bureau-2026-11-27-1.tar.gz -C x &&
	contains x/bureau-2026-11-27-1/data/monitoring_gaps.csv "2026-11-27.1,2026-11-27,4,2,50.5" &&
	contains x/bureau-2026-11-27-1/data/run-report.json "\"gaps\":[{\"day\":\"2026-11-27\",\"outlets\":4,\"reporting\":2}]" &&
	(cd c && $ECREDIT --config ecredit.conf verify outbox/bureau-2026-11-27-1.tar.gz --trust keys/cms.pem --today 2026-11-28 >/dev/null)
'

city() {
	$ECREDIT --db c.db init >/dev/null && sqlite3 c.db <"$FIXTURES/rating/city.sql"
}
tx_events() {
	sqlite3 c.db "SELECT event_id FROM event WHERE event_id LIKE 'MON-TX-%' ORDER BY 1" | tr '\n' ' '
}

check 'an hour is valid only when every pollutant is N; hours flagged F are not expected' '
	city &&
	sqlite3 c.db "UPDATE monitoring SET flag = '"'"'M'"'"' WHERE mn = '"'"'MNH0001'"'"' AND pollutant = '"'"'a21002'"'"' AND start >= '"'"'2020-01-10'"'"' AND start < '"'"'2020-01-15'"'"'" &&
	$ECREDIT --db c.db rate --as-of 2020-03-10 >/dev/null &&
	test "$(tx_events)" = "MON-TX-91320684MA1H00008H-2020-01 MON-TX-91320684MA1H00008H-2020-02 " &&
	test "$(sqlite3 c.db "SELECT violation FROM event WHERE event_id = '"'"'MON-TX-91320684MA1H00008H-2020-01'"'"'")" = \
		"outlet DA001: effective transmission 83.7% (623 of 744 hours) below 90% in 2020-01" &&
	rm c.db && city &&
	sqlite3 c.db "UPDATE monitoring SET flag = '"'"'F'"'"' WHERE mn = '"'"'MNH0001'"'"' AND start >= '"'"'2020-01-10'"'"' AND start < '"'"'2020-01-15'"'"';
		UPDATE monitoring SET flag = '"'"'M'"'"' WHERE mn = '"'"'MNH0001'"'"' AND pollutant = '"'"'a21002'"'"' AND start >= '"'"'2020-01-15'"'"' AND start < '"'"'2020-01-16 12:00:00'"'"'" &&
	$ECREDIT --db c.db rate --as-of 2020-03-10 >/dev/null &&
	test "$(tx_events)" = "MON-TX-91320684MA1H00008H-2020-02 "
'

check 'one outlet silent while the others report is judged; every outlet silent is a gap' '
	city && $ECREDIT --db c.db rate --as-of 2020-03-10 >/dev/null &&
	test "$(tx_events)" = "MON-TX-91320684MA1H00008H-2020-02 " &&
	rm c.db && city &&
	sqlite3 c.db "DELETE FROM monitoring WHERE mn = '"'"'MNI0001'"'"' AND start >= '"'"'2020-02-21'"'"'" &&
	$ECREDIT --db c.db rate --as-of 2020-03-10 >/dev/null &&
	test -z "$(tx_events)" &&
	test "$(sqlite3 c.db "SELECT colour FROM rating WHERE uscc = '"'"'91320684MA1H00008H'"'"'")" = blue
'

# I also reports every hour of 2019-12, so that H (were its horizon moved
# back) would be silent alone then, not in a system-wide gap.
dec_city() {
	city && sqlite3 c.db "
WITH RECURSIVE h(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM h WHERE n < 743)
INSERT INTO monitoring(mn, cn, pollutant, start, avg, flag)
SELECT 'MNI0001', 2061, 'w01018', datetime('2019-12-01 00:00:00', '+' || n || ' hours'), 30, 'N' FROM h;"
}

check 'one stray hourly packet from 2000 moves neither the horizon nor a colour' '
	dec_city && $ECREDIT --db c.db rate --as-of 2020-03-10 >/dev/null &&
	sqlite3 c.db "SELECT uscc, score, colour FROM rating; SELECT event_id FROM event ORDER BY 1" >before &&
	rm c.db && dec_city &&
	sqlite3 c.db "INSERT INTO monitoring(mn, cn, pollutant, start, avg, flag) VALUES
 ('"'"'MNH0001'"'"', 2061, '"'"'a21026'"'"', '"'"'2000-01-01 00:00:00'"'"', 20, '"'"'N'"'"'),
 ('"'"'MNH0001'"'"', 2061, '"'"'a21026'"'"', '"'"'2019-12-01 05:00:00'"'"', 20, '"'"'N'"'"')" &&
	$ECREDIT --db c.db rate --as-of 2020-03-10 >/dev/null &&
	sqlite3 c.db "SELECT uscc, score, colour FROM rating; SELECT event_id FROM event ORDER BY 1" >after &&
	same before after
'

done_testing
