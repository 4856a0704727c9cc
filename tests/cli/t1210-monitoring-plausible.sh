#!/bin/sh
# import monitoring, issue 12: what devices really send is read (with a
# warning of its kind), what cannot be true is quarantined with its reason,
# and of two values for one hour the one sent later stays current.
# Fixtures: tests/fixtures/monitoring/gen.py.
. "$(dirname "$0")/lib.sh"
M=$FIXTURES/monitoring
q() { sqlite3 d.db "$1"; }

check 'real packets: 17-digit DataTime, Flag=8, blanks in CP; warnings by kind' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/real.log >out 2>err &&
	contains out "read 3 = stored 3 + duplicate 0 + quarantined 0 (warnings 4: datatime-ms 1, flag-version 1, cp-space 1, other 1)" &&
	contains err "packet 1: DataTime=20210305003817000 has milliseconds; read to the second" &&
	contains err "packet 2: unknown protocol version 2 in Flag=8; read as HJ 212-2017" &&
	test "$(q "SELECT group_concat(start, \",\") FROM (SELECT start FROM monitoring ORDER BY 1)")" = \
		"2021-03-05 00:38:17,2021-03-05 01:00:00,2021-03-05 02:00:00" &&
	test "$(q "SELECT avg FROM monitoring WHERE start = \"2021-03-05 02:00:00\"")" = 12.5 &&
	q "SELECT extra FROM import_file" >x && contains x "\"v_other\":1"
'

check 'implausible DataTime (clock reset, 2099, beyond the tolerance) quarantined' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/implausible.log >out 2>err &&
	contains out "read 6 = stored 2 + duplicate 0 + quarantined 4" &&
	$ECREDIT --db d.db report quarantine --format csv >r &&
	contains r "packet 2,DataTime,implausible time: DataTime 2000-01-01 00:00:00 is 9828 days before the receive stamp (horizon 3650 days)" &&
	contains r "packet 3,DataTime,implausible time: DataTime 2099-01-01 00:00:00 is 631965 hours after the receive stamp (tolerance 24 hours)" &&
	contains r "packet 4,DataTime,implausible time: DataTime 2026-11-29 02:00:00 is 25 hours after the receive stamp" &&
	contains r "packet 6,DataTime,implausible time: DataTime 2099-01-01 01:00:00" &&
	contains r "after the file" &&
	test "$(q "SELECT min(start) || \" \" || max(start) FROM monitoring")" = "2026-11-28 00:00:00 2026-11-28 23:00:00"
'

check 'the plausibility figures come from the config' '
	$ECREDIT --db d.db init >/dev/null &&
	printf "[monitoring]\nfuture_tolerance_hours = 1  # tight\nmax_age_days = 36500\n" >c.conf &&
	$ECREDIT --config c.conf --db d.db import monitoring $M/implausible.log >out 2>err &&
	contains out "read 6 = stored 2 + duplicate 0 + quarantined 4" &&
	$ECREDIT --db d.db report quarantine --format csv >r &&
	lacks r "packet 2," &&
	contains r "packet 5,DataTime,implausible time: DataTime 2026-11-28 23:00:00 is 22 hours after the receive stamp (tolerance 1 hours)" &&
	printf "[monitoring]\nmax_age_days = 0\n" >bad.conf &&
	expect_code 78 $ECREDIT --config bad.conf --db d.db import monitoring $M/real.log 2>err &&
	contains err "bad.conf:2"
'

check 'negative and overflowing values quarantined; flue temperature may be negative' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/values.log >out 2>err &&
	contains out "read 7 = stored 3 + duplicate 0 + quarantined 4" &&
	$ECREDIT --db d.db report quarantine --format csv >r &&
	contains r "packet 2,a34013-ZsAvg,implausible value -500: a34013 cannot be negative" &&
	contains r "packet 7,a21026-Avg,implausible value 3e+06: above the physical bound 2.86e+06 of a21026 (rule set)" &&
	contains r "packet 3,a21026-Avg,implausible value 1e+308: beyond 1e+12" &&
	contains r "packet 4,a21026-Avg,implausible value 1e+308" &&
	test "$(q "SELECT avg FROM monitoring WHERE pollutant = \"a01012\"")" = -5.5 &&
	test "$(q "SELECT count(*) FROM monitoring WHERE avg > 1e12 OR avg < 0 AND pollutant != \"a01012\"")" = 0
'

check 'the physical bounds come from the rule set of the config' '
	$ECREDIT --db d.db init >/dev/null &&
	sed "s/pollutant=\"a21026\" max=\"2860000\"/pollutant=\"a21026\" max=\"4000000\"/; s/pollutant=\"a34013\" max=\"100000\"/pollutant=\"a34013\" max=\"4\"/" \
		$TOP/rules/jiangsu-2020.xml >r.xml &&
	$ECREDIT rules check r.xml >/dev/null &&
	printf "rules = r.xml\n" >c.conf &&
	$ECREDIT --config c.conf --db d.db import monitoring $M/values.log >out 2>err &&
	contains out "read 7 = stored 3 + duplicate 0 + quarantined 4" &&
	$ECREDIT --db d.db report quarantine --format csv >r &&
	lacks r "packet 7," &&
	contains r "packet 1,a34013-Avg,implausible value 4.5: above the physical bound 4 of a34013 (rule set)" &&
	printf "<x/>" >bad.xml && printf "rules = bad.xml\n" >b.conf &&
	expect_code 78 $ECREDIT --config b.conf --db d.db import monitoring $M/values.log 2>err &&
	contains err "rule set '"'"'bad.xml'"'"': bad.xml:1: not valid"
'

check 'revisions follow the data: a late original never replaces its correction' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/late-correction.log >out 2>&1 &&
	$ECREDIT --db d.db import monitoring $M/late-original.log >out 2>err &&
	contains out "read 1 = stored 1 + duplicate 0 + quarantined 0" &&
	contains err "1 packets carry 1 values older than the stored ones" &&
	test "$(q "SELECT avg, revision, qn FROM monitoring")" = "20.0|1|20261128030000000" &&
	test "$(q "SELECT avg, revision, replaced_by_file FROM monitoring_revision")" = "10.0|0|1" &&
	$ECREDIT --db d.db import monitoring $M/late-original.log >out 2>&1 &&
	contains out "read 1 = stored 0 + duplicate 1" &&
	$ECREDIT --db d.db import monitoring $M/late-nostamp.log >out 2>&1 &&
	test "$(q "SELECT avg, revision FROM monitoring")" = "30.0|2" &&
	test "$(q "SELECT group_concat(avg) FROM (SELECT avg FROM monitoring_revision ORDER BY revision)")" = "10.0,20.0"
'

check 'in import order the other way round the correction replaces the original' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/late-original.log >out 2>&1 &&
	$ECREDIT --db d.db import monitoring $M/late-correction.log >out 2>err &&
	contains err "1 packets revised 1 earlier values" &&
	test "$(q "SELECT avg, revision FROM monitoring")" = "20.0|1"
'

check 'CR-only line ends: one packet per line, plain and gzip' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/cr-only.log >out 2>&1 &&
	contains out "read 3 = stored 3 + duplicate 0 + quarantined 0" &&
	tr "\r" "\n" <$M/cr-only.log | sed "s/\$/\r/" | gzip -c >crlf.log.gz &&
	$ECREDIT --db d.db import monitoring crlf.log.gz >out 2>&1 &&
	contains out "read 3 = stored 0 + duplicate 3 + quarantined 0" &&
	test "$(q "SELECT count(*) FROM monitoring")" = 3
'

done_testing
