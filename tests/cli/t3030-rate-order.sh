#!/bin/sh
# Dates rated out of order (link rates missing snapshot dates after the
# business date) and dates rated again: the stored history (previous
# colours, changed_on, colour changes and their causes, `history`) equals
# rating the same dates in date order, without recomputing the colours of
# later dates. Fixture city: tests/fixtures/rating/city.sql.
. "$(dirname "$0")/lib.sh"

A=91320684MA1A00001A
E=91320684MA1E00005E
ALL="$A 91320684MA1B00002B 91320684MA1C00003C 91320684MA1D00004D $E 91320684MA1F00006F 91320684MA1G00007G 91320684MA1H00008H"

city() { # city DB
	$ECREDIT --db "$1" init >/dev/null && sqlite3 "$1" <"$FIXTURES/rating/city.sql"
}
rate() { # rate DB DATE...
	_db=$1
	shift
	for _d in "$@"; do
		$ECREDIT --db "$_db" rate --as-of "$_d" >/dev/null || return 1
	done
}
# The stored history of DB: rating rows, colour changes, events, and
# `history` of every enterprise.
dump() { # dump DB OUT
	sqlite3 "$1" "SELECT * FROM rating ORDER BY as_of, uscc;
		SELECT * FROM colour_change ORDER BY uscc, as_of;
		SELECT as_of, rule_set_sha256, enterprises FROM rate_date ORDER BY as_of;
		SELECT event_id, date FROM event ORDER BY 1" >"$2" &&
	for _u in $ALL; do
		$ECREDIT --db "$1" history "$_u" >h.tmp || return 1
		sed "s/ (recorded .*)$//" h.tmp >>"$2" || return 1
	done
}
q() { sqlite3 c.db "$1"; }

check 'rated out of order: the same history as in date order' '
	city o.db && rate o.db 2020-01-15 2020-03-10 2020-06-01 2020-09-01 2020-09-10 &&
	city c.db && rate c.db 2020-09-10 2020-06-01 2020-03-10 2020-01-15 2020-09-01 &&
	dump o.db a && dump c.db b && same a b &&
	test "$(q "SELECT count(*) FROM colour_change WHERE cause LIKE '"'"'first rating%'"'"'")" = 9 &&
	test "$(q "SELECT previous_colour || '"'"' '"'"' || changed_on FROM rating WHERE as_of = '"'"'2020-09-01'"'"' AND uscc = '"'"'$A'"'"'")" = "yellow 2020-03-10" &&
	$ECREDIT --db c.db history $A >h &&
	test "$(grep -c "^20" h)" = 3 &&
	contains h "2020-01-15  — -> 蓝色" && contains h "2020-03-10  蓝色 -> 黄色" &&
	contains h "score 9 -> 5; new: seal-seize 海环罚[2020]11号 (-4)" &&
	contains h "2020-09-10  黄色 -> 蓝色" && contains h "score 5 -> 9; expired: seal-seize 海环罚[2020]11号 (-4)"
'

check 'the first date rated last: later first ratings become changes or go' '
	city c.db && rate c.db 2020-06-01 && rate c.db 2020-01-15 &&
	test "$(q "SELECT count(*) FROM colour_change WHERE as_of = '"'"'2020-06-01'"'"'")" = 7 &&
	test "$(q "SELECT from_colour || '"'"' '"'"' || to_colour || '"'"' '"'"' || cause FROM colour_change WHERE as_of = '"'"'2020-06-01'"'"' AND uscc LIKE '"'"'91320684MA1D%'"'"'")" = "blue red score 9 -> 3; new: bypass 海环罚[2020]21号 (-6); veto: capped at red" &&
	test "$(q "SELECT cause FROM colour_change WHERE as_of = '"'"'2020-06-01'"'"' AND uscc LIKE '"'"'91320684MA1G%'"'"'")" = "first rating: score 9" &&
	test "$(q "SELECT count(*) FROM rating WHERE as_of = '"'"'2020-06-01'"'"' AND previous_colour IS NULL")" = 1 &&
	test "$(q "SELECT changed_on FROM rating WHERE as_of = '"'"'2020-06-01'"'"' AND uscc = '"'"'$A'"'"'")" = 2020-06-01 &&
	test "$(q "SELECT changed_on FROM rating WHERE as_of = '"'"'2020-06-01'"'"' AND uscc = '"'"'91320684MA1B00002B'"'"'")" = 2020-01-15
'

check 're-rating a middle date after an override: as if the override was there first' '
	city o.db && $ECREDIT --db o.db override $A --colour green --reason "test" --by t --from 2020-05-01 --until 2020-06-30 >/dev/null &&
	rate o.db 2020-03-10 2020-06-01 2020-09-10 &&
	city c.db && rate c.db 2020-03-10 2020-09-10 2020-06-01 &&
	$ECREDIT --db c.db override $A --colour green --reason "test" --by t --from 2020-05-01 --until 2020-06-30 >/dev/null &&
	rate c.db 2020-06-01 &&
	dump o.db a && dump c.db b && same a b &&
	$ECREDIT --db c.db history $A >h &&
	contains h "2020-06-01  黄色 -> 绿色" && contains h "2020-09-10  绿色 -> 蓝色" &&
	contains h "score 5 -> 9; expired: seal-seize 海环罚[2020]11号 (-4); override #1 no longer applies" &&
	test "$(q "SELECT previous_colour || '"'"' '"'"' || changed_on FROM rating WHERE as_of = '"'"'2020-09-10'"'"' AND uscc = '"'"'$A'"'"'")" = "green 2020-09-10"
'

check 're-rating a middle date never recomputes the later colours' '
	city c.db && rate c.db 2020-03-10 2020-06-01 2020-09-01 2020-09-10 &&
	q "SELECT as_of, uscc, score, colour FROM rating WHERE as_of > '"'"'2020-06-01'"'"' ORDER BY 1, 2" >before &&
	q "INSERT INTO event(event_id, uscc, name, category, date, source, decision_no, file_id, line) VALUES
	   ('"'"'海环罚[2020]40号'"'"', '"'"'$E'"'"', '"'"'戊纺织有限公司'"'"', '"'"'crime'"'"', '"'"'2020-05-15'"'"', '"'"'penalties'"'"', '"'"'海环罚〔2020〕40号'"'"', 1, 9)" &&
	rate c.db 2020-06-01 &&
	q "SELECT as_of, uscc, score, colour FROM rating WHERE as_of > '"'"'2020-06-01'"'"' ORDER BY 1, 2" >after && same before after &&
	test "$(q "SELECT colour FROM rating WHERE as_of = '"'"'2020-06-01'"'"' AND uscc = '"'"'$E'"'"'")" = black &&
	test "$(q "SELECT previous_colour || '"'"' '"'"' || colour || '"'"' '"'"' || changed_on FROM rating WHERE as_of = '"'"'2020-09-01'"'"' AND uscc = '"'"'$E'"'"'")" = "black green 2020-09-01" &&
	test "$(q "SELECT previous_colour || '"'"' '"'"' || changed_on FROM rating WHERE as_of = '"'"'2020-09-10'"'"' AND uscc = '"'"'$E'"'"'")" = "green 2020-09-01" &&
	test "$(q "SELECT from_colour || '"'"' '"'"' || to_colour || '"'"' '"'"' || cause FROM colour_change WHERE as_of = '"'"'2020-09-01'"'"' AND uscc = '"'"'$E'"'"'")" = "black green score -1 -> 11" &&
	test "$(q "SELECT count(*) FROM colour_change WHERE as_of = '"'"'2020-09-10'"'"' AND uscc = '"'"'$E'"'"'")" = 0 &&
	$ECREDIT --db c.db history $E >h && contains h "2020-06-01  绿色 -> 黑色" && contains h "2020-09-01  黑色 -> 绿色"
'

check 're-rating a date with nothing changed changes no stored row' '
	city c.db && rate c.db 2020-09-10 2020-03-10 2020-06-01 &&
	dump c.db a && rate c.db 2020-03-10 2020-06-01 2020-09-10 && dump c.db b && same a b
'

done_testing
