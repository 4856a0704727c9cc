#!/bin/sh
# The rating engine on the fixture city (tests/fixtures/rating/city.sql):
# colours on several dates, expiry day and the day before, monitoring
# events, previous colours and causes, determinism.
. "$(dirname "$0")/lib.sh"

city() {
	$ECREDIT --db c.db init >/dev/null && sqlite3 c.db <"$FIXTURES/rating/city.sql"
}
colour() { # colour USCC-letter DATE
	sqlite3 c.db "SELECT score || ' ' || colour FROM rating WHERE as_of = '$2' AND uscc LIKE '91320684MA1$1%'"
}

check 'colours on 2020-03-10' '
	city && $ECREDIT --db c.db rate --as-of 2020-03-10 >out &&
	contains out "rated 8 enterprises on 2020-03-10: green 1, blue 4, yellow 2, red 0, black 1" &&
	test "$(colour A 2020-03-10)" = "5 yellow" && test "$(colour B 2020-03-10)" = "3 yellow" &&
	test "$(colour C 2020-03-10)" = "-3 black" && test "$(colour E 2020-03-10)" = "11 green" &&
	test "$(colour H 2020-03-10)" = "7 blue" && test -z "$(colour G 2020-03-10)"
'

check 'seal-seize expiry: the day before and the day of' '
	city && $ECREDIT --db c.db rate --as-of 2020-09-09 >/dev/null &&
	$ECREDIT --db c.db rate --as-of 2020-09-10 >out &&
	test "$(colour A 2020-09-09)" = "5 yellow" && test "$(colour A 2020-09-10)" = "9 blue" &&
	contains out "1 changed colour" &&
	test "$(sqlite3 c.db "SELECT from_colour, to_colour, cause FROM colour_change WHERE as_of = '"'"'2020-09-10'"'"'")" = "yellow|blue|score 5 -> 9; expired: seal-seize 海环罚[2020]11号 (-4)"
'

check 'daily-fine expires after 12 months; veto and incident on 2020-06-01' '
	city && $ECREDIT --db c.db rate --as-of 2021-01-14 >/dev/null &&
	$ECREDIT --db c.db rate --as-of 2021-01-15 >/dev/null &&
	test "$(colour B 2021-01-14)" = "3 yellow" && test "$(colour B 2021-01-15)" = "9 blue" &&
	$ECREDIT --db c.db rate --as-of 2020-06-01 >/dev/null &&
	test "$(colour D 2020-06-01)" = "3 red" && test "$(colour F 2020-06-01)" = "6 yellow" &&
	test "$(colour G 2020-06-01)" = "9 blue"
'

check 'monitoring events: ids, dates, evidence; only whole months before the date' '
	city && $ECREDIT --db c.db rate --as-of 2020-02-29 >/dev/null &&
	test "$(sqlite3 c.db "SELECT event_id || '"'"' '"'"'  || date FROM event WHERE source = '"'"'monitoring'"'"'")" = "MON-EXC-91320684MA1H00008H-2020-01 2020-02-01" &&
	test "$(sqlite3 c.db "SELECT count(*) FROM event_evidence")" = 4 &&
	test "$(colour H 2020-02-29)" = "8 blue" &&
	$ECREDIT --db c.db rate --as-of 2020-03-01 >/dev/null &&
	test "$(colour H 2020-03-01)" = "7 blue" &&
	sqlite3 c.db "SELECT violation FROM event WHERE event_id = '"'"'MON-TX-91320684MA1H00008H-2020-02'"'"'" >v &&
	contains v "effective transmission 69.0% (480 of 696 hours) below 90%" &&
	test "$(sqlite3 c.db "SELECT count(*) FROM event WHERE uscc LIKE '"'"'91320684MA1J%'"'"'")" = 0
'

check 'rating the same date twice gives the same rows' '
	city && $ECREDIT --db c.db rate --as-of 2020-03-01 >/dev/null &&
	$ECREDIT --db c.db rate --as-of 2020-06-01 >/dev/null &&
	sqlite3 c.db "SELECT * FROM rating ORDER BY as_of, uscc; SELECT * FROM colour_change ORDER BY uscc, as_of; SELECT event_id, date FROM event ORDER BY 1" >a &&
	$ECREDIT --db c.db rate --as-of 2020-06-01 >/dev/null &&
	sqlite3 c.db "SELECT * FROM rating ORDER BY as_of, uscc; SELECT * FROM colour_change ORDER BY uscc, as_of; SELECT event_id, date FROM event ORDER BY 1" >b &&
	same a b
'

check 'a past date uses only data up to that date' '
	city && $ECREDIT --db c.db rate --as-of 2020-06-01 >/dev/null &&
	$ECREDIT --db c.db rate --as-of 2020-02-15 >/dev/null &&
	test "$(colour H 2020-02-15)" = "8 blue" && test "$(colour A 2020-02-15)" = "9 blue"
'

check 'previous colour and changed_on carry over' '
	city && $ECREDIT --db c.db rate --as-of 2020-03-10 >/dev/null &&
	$ECREDIT --db c.db rate --as-of 2020-06-01 >/dev/null &&
	test "$(sqlite3 c.db "SELECT previous_colour || '"'"' '"'"' || changed_on FROM rating WHERE as_of = '"'"'2020-06-01'"'"' AND uscc LIKE '"'"'91320684MA1A%'"'"'")" = "yellow 2020-03-10" &&
	test "$(sqlite3 c.db "SELECT previous_colour || '"'"' '"'"' || changed_on FROM rating WHERE as_of = '"'"'2020-06-01'"'"' AND uscc LIKE '"'"'91320684MA1D%'"'"'")" = "blue 2020-06-01"
'

check 'rate --rules stores the set; the +15-day window applies' '
	city && sed "s/start-offset-days=\"0\"/start-offset-days=\"15\"/" "$TOP/rules/jiangsu-2020.xml" >late.xml &&
	$ECREDIT --db c.db rate --as-of 2020-03-24 --rules late.xml >/dev/null &&
	$ECREDIT --db c.db rate --as-of 2020-03-25 --rules late.xml >/dev/null &&
	test "$(colour A 2020-03-24)" = "9 blue" && test "$(colour A 2020-03-25)" = "5 yellow" &&
	test "$(sqlite3 c.db "SELECT count(*) FROM rule_set")" = 1 &&
	test "$(sqlite3 c.db "SELECT DISTINCT rule_set_sha256 FROM rating")" = "$(sha256sum late.xml | cut -c1-64)"
'

check 'rate needs --as-of and a real date' '
	city && expect_code 64 $ECREDIT --db c.db rate 2>err &&
	expect_code 64 $ECREDIT --db c.db rate --as-of 2020-02-30 2>err
'

check 'an invalid --rules file exits 78 and stores nothing' '
	city && echo "<ruleset/>" >bad.xml &&
	expect_code 78 $ECREDIT --db c.db rate --as-of 2020-03-10 --rules bad.xml 2>err &&
	test "$(sqlite3 c.db "SELECT count(*) FROM rating")" = 0
'

check 'rules install: rate picks the installed set from its effective date' '
	city && sed "s/effective-from=\"2020-01-01\"/effective-from=\"2020-06-01\"/; s/type=\"seal-seize\" points=\"-4\"/type=\"seal-seize\" points=\"-8\"/; s/version=\"1\"/version=\"2\"/" "$TOP/rules/jiangsu-2020.xml" >v2.xml &&
	$ECREDIT --db c.db rules install v2.xml >out && contains out "installed rule set jiangsu-2020 version 2" &&
	$ECREDIT --db c.db rate --as-of 2020-05-31 >/dev/null && $ECREDIT --db c.db rate --as-of 2020-06-01 >/dev/null &&
	test "$(colour A 2020-05-31)" = "5 yellow" && test "$(colour A 2020-06-01)" = "1 red" &&
	$ECREDIT --db c.db history 91320684MA1A00001A >h && contains h "(rule set jiangsu-2020 2)"
'

# K: key-class outlet whose device was connected on 2020-01-15 (the data
# horizon), reported every hour until 2020-02-29, then fell silent.
horizon_city() {
	city && sqlite3 c.db "
INSERT INTO enterprise(uscc, name, region, town, uscc_ok, first_seen) VALUES
 ('91320684MA1K0000XK', '壬热电有限公司', '320684', '三厂街道', 1, '2019-06-01');
INSERT INTO permit(permit_no, uscc, status, valid_from, valid_to, class, grade, content_sha256) VALUES
 ('91320684MA1K0000XK001P', '91320684MA1K0000XK', 'valid', '2019-06-01', '2024-05-31', 'key', 'A', 'k');
INSERT INTO outlet(permit_no, code, kind, mn, ultra_low) VALUES
 ('91320684MA1K0000XK001P', 'DA001', 'air', 'MNK0001', 0),
 ('91320684MA1J00009J001P', 'DW002', 'water', 'MNI0002', 0);
WITH RECURSIVE h(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM h WHERE n < 24 * 46 - 1)
INSERT INTO monitoring(mn, cn, pollutant, start, avg, zs_avg, flag)
SELECT 'MNK0001', 2061, 'a21026', datetime('2020-01-15 00:00:00', '+' || n || ' hours'), 10, 10, 'N' FROM h;
-- a second device of J, reporting all along: with I it keeps half of the
-- outlets reporting, so K falling silent is not a system-wide gap
INSERT INTO monitoring(mn, cn, pollutant, start, avg, flag)
SELECT 'MNI0002', cn, pollutant, start, avg, flag FROM monitoring WHERE mn = 'MNI0001';"
}

check 'transmission: months before the data horizon are not judged; a silent month is' '
	horizon_city && $ECREDIT --db c.db rate --as-of 2020-02-10 >/dev/null &&
	test "$(sqlite3 c.db "SELECT count(*) FROM event WHERE uscc = '"'"'91320684MA1K0000XK'"'"'")" = 0 &&
	$ECREDIT --db c.db rate --as-of 2020-04-10 >/dev/null &&
	test "$(sqlite3 c.db "SELECT event_id FROM event WHERE uscc = '"'"'91320684MA1K0000XK'"'"'")" = "MON-TX-91320684MA1K0000XK-2020-03" &&
	sqlite3 c.db "SELECT violation FROM event WHERE uscc = '"'"'91320684MA1K0000XK'"'"'" >v &&
	contains v "effective transmission 0.0% (0 of 744 hours) below 90% in 2020-03"
'

check 'transmission: a device connected on the first hour of a month is judged for it' '
	horizon_city && sqlite3 c.db "DELETE FROM monitoring WHERE mn = '"'"'MNK0001'"'"' AND start < '"'"'2020-02-01'"'"' OR start >= '"'"'2020-02-20'"'"' AND mn = '"'"'MNK0001'"'"'" &&
	$ECREDIT --db c.db rate --as-of 2020-03-01 >/dev/null &&
	sqlite3 c.db "SELECT violation FROM event WHERE uscc = '"'"'91320684MA1K0000XK'"'"'" >v &&
	contains v "effective transmission 65.5% (456 of 696 hours) below 90% in 2020-02"
'

check 'explain: transmission so far this month is a near miss' '
	horizon_city && $ECREDIT --db c.db rate --as-of 2020-02-29 >/dev/null &&
	$ECREDIT --db c.db explain 91320684MA1K0000XK >out && lacks out "so far this month" &&
	sqlite3 c.db "DELETE FROM monitoring WHERE mn = '"'"'MNK0001'"'"' AND start >= '"'"'2020-02-26 09:00:00'"'"'" &&
	$ECREDIT --db c.db rate --as-of 2020-02-29 >/dev/null &&
	$ECREDIT --db c.db explain 91320684MA1K0000XK >out &&
	contains out "outlet DA001 (MN MNK0001) so far this month: 87.5% effective transmission (609 of 696 hours); below 90% at month end triggers a deduction" &&
	$ECREDIT --db c.db rate --as-of 2020-01-31 >/dev/null &&
	$ECREDIT --db c.db explain 91320684MA1K0000XK --as-of 2020-01-31 >out && lacks out "so far this month"
'

done_testing
