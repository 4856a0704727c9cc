#!/bin/sh
# Issue 12, point 2: a device clock reset (DataTime 2000) or a clock in 2099
# is quarantined at import, so the data horizon does not move, no
# transmission event appears for the empty months and no colour changes.
# The city is t3010's horizon city: MNK0001 reports every hour from
# 2020-01-15 to 2020-02-29. In March only one of the city's three devices
# reports, a system-wide gap by default (docs/operation.md), so the last
# rating sets gap_pct = 0 to judge MNK0001's silence.
. "$(dirname "$0")/lib.sh"
M=$FIXTURES/monitoring

horizon_city() {
	$ECREDIT --db c.db init >/dev/null && sqlite3 c.db <"$FIXTURES/rating/city.sql" &&
	sqlite3 c.db "
INSERT INTO enterprise(uscc, name, region, town, uscc_ok, first_seen) VALUES
 ('91320684MA1K0000XK', 'K', '320684', 'T', 1, '2019-06-01');
INSERT INTO permit(permit_no, uscc, status, valid_from, valid_to, class, grade, content_sha256) VALUES
 ('91320684MA1K0000XK001P', '91320684MA1K0000XK', 'valid', '2019-06-01', '2024-05-31', 'key', 'A', 'k');
INSERT INTO outlet(permit_no, code, kind, mn, ultra_low) VALUES
 ('91320684MA1K0000XK001P', 'DA001', 'air', 'MNK0001', 0);
WITH RECURSIVE h(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM h WHERE n < 24 * 46 - 1)
INSERT INTO monitoring(mn, cn, pollutant, start, avg, zs_avg, flag)
SELECT 'MNK0001', 2061, 'a21026', datetime('2020-01-15 00:00:00', '+' || n || ' hours'), 10, 10, 'N' FROM h;"
}
events() {
	sqlite3 c.db "SELECT group_concat(event_id, ' ') FROM event WHERE uscc = '91320684MA1K0000XK'"
}

check 'packets dated 2000 and 2099: quarantined; horizon, events and colour unchanged' '
	horizon_city &&
	$ECREDIT --db c.db rate --as-of 2020-02-10 >/dev/null &&
	sqlite3 c.db "SELECT colour, score FROM rating WHERE uscc = \"91320684MA1K0000XK\"" >before &&
	$ECREDIT --db c.db import monitoring $M/clock-reset.log >out 2>err &&
	contains out "read 3 = stored 1 + duplicate 0 + quarantined 2" &&
	test "$(sqlite3 c.db "SELECT min(start) || \" \" || max(start) FROM monitoring WHERE mn = \"MNK0001\"")" = \
		"2020-01-15 00:00:00 2020-02-29 23:00:00" &&
	$ECREDIT --db c.db rate --as-of 2020-02-10 >/dev/null &&
	test -z "$(events)" &&
	sqlite3 c.db "SELECT colour, score FROM rating WHERE uscc = \"91320684MA1K0000XK\"" >after &&
	same before after &&
	printf "[monitoring]\ngap_pct = 0\n" >nogap.conf &&
	$ECREDIT --config nogap.conf --db c.db rate --as-of 2020-04-10 >/dev/null &&
	test "$(events)" = "MON-TX-91320684MA1K0000XK-2020-03"
'

done_testing
