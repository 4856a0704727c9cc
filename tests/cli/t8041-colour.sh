#!/bin/sh
# Colour names and alert levels accepted in Chinese and English wherever
# they are an argument (override --colour, link --alert, alert.level and
# the alert file); what is stored and passed on is the English name.
. "$(dirname "$0")/lib.sh"

city() {
	$ECREDIT --db c.db init >/dev/null && sqlite3 c.db <"$FIXTURES/rating/city.sql"
}
D=91320684MA1A00001A

check 'override --colour 绿色 / 绿 / green: stored as green, applied by rate' '
	city &&
	$ECREDIT --db c.db override $D --colour 绿色 --reason 复议决定 --by 张三 --from 2020-07-01 >out &&
	contains out "override #1: $D is green from 2020-07-01" &&
	$ECREDIT --db c.db override $D --colour 黑 --reason 复议决定 --by 张三 --from 2020-08-01 >out &&
	$ECREDIT --db c.db override $D --colour red --reason 复议决定 --by 张三 --from 2020-09-01 >out &&
	test "$(sqlite3 c.db "SELECT group_concat(colour, \" \") FROM override")" = "green black red" &&
	$ECREDIT --db c.db rate --as-of 2020-07-01 >/dev/null &&
	test "$(sqlite3 c.db "SELECT colour FROM rating WHERE uscc = '"'"'$D'"'"' AND as_of = '"'"'2020-07-01'"'"'")" = green
'

check 'override: the Chinese name printed back under zh_CN' '
	city &&
	LANGUAGE=zh_CN $ECREDIT --db c.db override $D --colour 蓝色 --reason x --by y --from 2020-07-01 >out &&
	contains out "人工决定 #1：$D 为 蓝色，自 2020-07-01 起" &&
	test "$(sqlite3 c.db "SELECT colour FROM override")" = blue
'

check 'override: an unknown colour is refused in either language' '
	city &&
	expect_code 64 $ECREDIT --db c.db override $D --colour 紫色 --reason x --by y 2>err &&
	contains err "bad colour '"'"'紫色'"'"'" && contains err "绿色" &&
	expect_code 64 $ECREDIT --db c.db override $D --colour Green --reason x --by y 2>err &&
	expect_code 64 $ECREDIT --db c.db override $D --colour 绿色色 --reason x --by y 2>err &&
	test "$(sqlite3 c.db "SELECT count(*) FROM override")" = 0
'

check 'link --alert 橙色 is --alert orange; 紫色 is refused' '
	city && $ECREDIT --db c.db rate --as-of 2020-03-10 >/dev/null &&
	cp c.db d.db &&
	$ECREDIT --db c.db link --as-of 2020-03-10 --alert 橙色 2>e1 &&
	$ECREDIT --db d.db link --as-of 2020-03-10 --alert orange 2>e2 &&
	same e1 e2 && test "$(sqlite3 c.db "SELECT count(*) FROM emergency")" -gt 0 &&
	sqlite3 c.db "SELECT * FROM emergency" >l1 &&
	sqlite3 d.db "SELECT * FROM emergency" >l2 && same l1 l2 &&
	expect_code 64 $ECREDIT --db c.db link --as-of 2020-03-10 --alert 紫色 2>err &&
	contains err "unknown alert level" &&
	expect_code 64 $ECREDIT --db c.db link --as-of 2020-03-10 --alert 无 2>err
'

. "$(dirname "$0")/lib-nightly.sh"

check 'alert.level = 红色 and an alert file saying 橙色预警' '
	make_city city &&
	printf "[alert]\nlevel = 红色\n" >>city/ecredit.conf &&
	{ nightly_in city >out 2>err || true; } &&
	contains out "link (alert red)" &&
	make_city city2 && echo "橙色预警 (市应急办 12 月 1 日)" >city2/alert.txt &&
	printf "[alert]\nfile = alert.txt\n" >>city2/ecredit.conf &&
	{ nightly_in city2 >out 2>err || true; } &&
	contains out "link (alert orange)" &&
	make_city city3 && echo 紫色 >city3/alert.txt &&
	printf "[alert]\nfile = alert.txt\n" >>city3/ecredit.conf &&
	expect_code 78 nightly_in city3 >out 2>err &&
	contains err "must start with none, yellow, orange or red"
'

done_testing
