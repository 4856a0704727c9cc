#!/bin/sh
# explain, history, override, simulate and the ratings and events reports
# on the fixture city.
. "$(dirname "$0")/lib.sh"

city() {
	$ECREDIT --db c.db init >/dev/null && sqlite3 c.db <"$FIXTURES/rating/city.sql"
}
H=91320684MA1H00008H
D=91320684MA1D00004D
A=91320684MA1A00001A

check 'explain shows the arithmetic, events, evidence and near misses' '
	city && $ECREDIT --db c.db rate --as-of 2020-03-10 >/dev/null &&
	$ECREDIT --db c.db explain $H --as-of 2020-03-10 >out &&
	contains out "on 2020-03-10: 蓝色, score 7" &&
	contains out "score: start 9 - 1 - 1 = 7 -> band 蓝色" &&
	contains out "active   2020-02-01 monitoring-exceedance MON-EXC-$H-2020-01 -1, counts 2020-02-01 to 2020-08-01 (exclusive)" &&
	contains out "MN MNH0001 a21026 2020-01-20 11:00:00: 48.5 > limit 35" &&
	contains out "MN MNH0001 2020-02: effective transmission 69.0% < 90%" &&
	contains out "2 exceedance days in 2020-02; 3 trigger a deduction" &&
	contains out "score 7: 2 more points lost would make the band yellow"
'

check 'explain names the source file and line, the veto, and the next expiry' '
	city && $ECREDIT --db c.db rate --as-of 2020-06-01 >/dev/null &&
	$ECREDIT --db c.db explain $D >out &&
	contains out "bypass 海环罚[2020]21号 -6, counts 2020-04-01 to 2021-04-01 (exclusive), veto" &&
	contains out "source: penalties-2020.csv:5" &&
	contains out "veto: an active veto event caps the colour at 红色" &&
	contains out "the next deduction to expire ends on 2021-04-01"
'

check 'explain --format json is valid and stable' '
	city && $ECREDIT --db c.db rate --as-of 2020-09-10 >/dev/null &&
	$ECREDIT --db c.db explain $A --format json >out.json &&
	python3 -c "import json,sys; d=json.load(open(\"out.json\")); assert d[\"score\"]==9 and d[\"colour\"]==\"blue\" and d[\"previous_colour\"] is None and d[\"events\"][0][\"state\"]==\"expired\" and d[\"events\"][0][\"end\"]==\"2020-09-10\", d"
'

check 'explain of an unrated date or enterprise fails' '
	city && $ECREDIT --db c.db rate --as-of 2020-03-10 >/dev/null &&
	expect_code 65 $ECREDIT --db c.db explain $A --as-of 2020-03-11 2>err &&
	contains err "no rating on 2020-03-11"
'

check 'override: recorded, applied at the next rate, ended by a later record' '
	city && $ECREDIT --db c.db rate --as-of 2020-06-01 >/dev/null &&
	$ECREDIT --db c.db override $D --colour yellow --reason "复议决定" --by 张三 --from 2020-07-01 >out &&
	contains out "override #1: $D is yellow from 2020-07-01" &&
	$ECREDIT --db c.db rate --as-of 2020-07-01 >out && contains out "1 overrides" &&
	test "$(sqlite3 c.db "SELECT colour || '"'"' '"'"' || override_id FROM rating WHERE as_of = '"'"'2020-07-01'"'"' AND uscc = '"'"'$D'"'"'")" = "yellow 1" &&
	$ECREDIT --db c.db explain $D >out && contains out "override: override #1 by 张三 from 2020-07-01: 复议决定 -> 黄色" &&
	$ECREDIT --db c.db override $D --end 1 --reason "撤销" --by 李四 --from 2020-08-01 >out &&
	$ECREDIT --db c.db rate --as-of 2020-08-01 >/dev/null &&
	test "$(sqlite3 c.db "SELECT colour FROM rating WHERE as_of = '"'"'2020-08-01'"'"' AND uscc = '"'"'$D'"'"'")" = red &&
	test "$(sqlite3 c.db "SELECT count(*) FROM override")" = 2 &&
	expect_code 65 $ECREDIT --db c.db override $D --end 1 --reason x --by y 2>err &&
	contains err "already ended"
'

check 'override refuses unknown enterprises, colours and missing reasons' '
	city &&
	expect_code 65 $ECREDIT --db c.db override 91000000000000000X --colour red --reason r --by b 2>err &&
	expect_code 64 $ECREDIT --db c.db override $D --colour purple --reason r --by b 2>err &&
	expect_code 64 $ECREDIT --db c.db override $D --colour red --by b 2>err &&
	expect_code 64 $ECREDIT --db c.db override $D --colour red --end 1 --reason r --by b 2>err
'

check 'override until is inclusive' '
	city && $ECREDIT --db c.db override $A --colour green --reason r --by b --from 2020-03-01 --until 2020-03-31 >/dev/null &&
	$ECREDIT --db c.db rate --as-of 2020-03-31 >/dev/null && $ECREDIT --db c.db rate --as-of 2020-04-01 >/dev/null &&
	test "$(sqlite3 c.db "SELECT group_concat(colour) FROM (SELECT colour FROM rating WHERE uscc = '"'"'$A'"'"' ORDER BY as_of)")" = "green,yellow"
'

check 'history lists every change with cause and rule set' '
	city && for d in 2020-03-10 2020-06-01 2020-09-09 2020-09-10; do
		$ECREDIT --db c.db rate --as-of $d >/dev/null || exit 1; done &&
	$ECREDIT --db c.db history $A >out &&
	contains out "2020-03-10  — -> 黄色  (rule set jiangsu-2020 1)" &&
	contains out "2020-09-10  黄色 -> 蓝色  (rule set jiangsu-2020 1)" &&
	contains out "expired: seal-seize 海环罚[2020]11号 (-4)" &&
	test "$(grep -c "^2020-" out)" = 2
'

check 'simulate prints the matrix and changed enterprises, stores nothing' '
	city && $ECREDIT --db c.db rate --as-of 2020-07-01 >/dev/null &&
	sed "s/<score start=\"9\"/<score start=\"11\"/" "$TOP/rules/jiangsu-2020.xml" >new.xml &&
	sqlite3 c.db "SELECT * FROM rating; SELECT * FROM event; SELECT * FROM rule_set" >before &&
	$ECREDIT --db c.db simulate --rules new.xml --as-of 2020-07-01 >out &&
	sqlite3 c.db "SELECT * FROM rating; SELECT * FROM event; SELECT * FROM rule_set" >after &&
	same before after &&
	contains out "yellow                 0       1       3       0       0       4" &&
	contains out "3 of 9 enterprises would change colour" &&
	contains out "91320684MA1G00007G	庚新材料有限公司	blue	green	score 9 -> 11"
'

check 'report ratings and events default to the latest rated date' '
	city && $ECREDIT --db c.db rate --as-of 2020-03-10 >/dev/null &&
	$ECREDIT --db c.db rate --as-of 2020-06-01 >/dev/null &&
	$ECREDIT --db c.db report ratings --format csv >r.csv &&
	head -1 r.csv | grep -q "^uscc,name,score,colour,previous_colour,changed_on,override,rule_set" &&
	contains r.csv "$D,丁铸造有限公司,3,red,blue,2020-06-01,,jiangsu-2020 1" &&
	$ECREDIT --db c.db report events --as-of 2020-03-10 --format csv >e.csv &&
	head -1 e.csv | grep -q "^uscc,event_id,category,date,points,expires_on,source" &&
	contains e.csv "$A,海环罚[2020]11号,seal-seize,2020-03-10,-4,2020-09-10,penalties-2020.csv:2" &&
	contains e.csv "MON-TX-$H-2020-02,monitoring-transmission,2020-03-01,-1,2020-09-01,monitoring" &&
	lacks e.csv "bypass"
'

done_testing
