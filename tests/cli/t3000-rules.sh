#!/bin/sh
# Rule sets: the shipped set passes its own cases; check refuses bad sets
# naming the line (exit 78); a failing case exits 1.
. "$(dirname "$0")/lib.sh"
RS=$TOP/rules/jiangsu-2020.xml

check 'the shipped rule set passes all its cases' '
	$ECREDIT rules test "$RS" >out &&
	contains out "# $RS: 75 passed, 0 failed" && lacks out "not ok"
'

check 'rules check names id, version and sha256' '
	$ECREDIT rules check "$RS" >out &&
	contains out "valid rule set jiangsu-2020 version 1, effective from 2020-01-01" &&
	contains out "$(sha256sum "$RS" | cut -c1-64)"
'

check 'a gap between bands is refused with its line' '
	sed "s/<band colour=\"yellow\" min=\"3\" max=\"5\"\/>/<band colour=\"yellow\" min=\"3\" max=\"4\"\/>/" "$RS" >gap.xml &&
	expect_code 78 $ECREDIT rules check gap.xml 2>err &&
	contains err "gap.xml:$(grep -n "colour=\"yellow\" min=\"3\"" gap.xml | cut -d: -f1): gap: scores 5 to 5"
'

check 'an overlap between bands is refused' '
	sed "s/<band colour=\"blue\" min=\"6\"/<band colour=\"blue\" min=\"5\"/" "$RS" >ov.xml &&
	expect_code 78 $ECREDIT rules check ov.xml 2>err && contains err "overlap: score 5"
'

check 'an unknown event type is refused with its line' '
	sed "s/type=\"warning\" points/type=\"parking-ticket\" points/" "$RS" >ut.xml &&
	expect_code 78 $ECREDIT rules check ut.xml 2>err &&
	contains err "ut.xml:$(grep -n parking-ticket ut.xml | cut -d: -f1): unknown event type '"'"'parking-ticket'"'"'"
'

check 'a bad date is refused with its line' '
	sed "s/effective-from=\"2020-01-01\"/effective-from=\"2020-02-30\"/" "$RS" >bd.xml &&
	expect_code 78 $ECREDIT rules check bd.xml 2>err && contains err "bad effective-from '"'"'2020-02-30'"'"'"
'

check 'a type listed twice is refused' '
	sed "s/type=\"order-correct\"/type=\"warning\"/" "$RS" >dup.xml &&
	expect_code 78 $ECREDIT rules check dup.xml 2>err && contains err "listed twice"
'

check 'schema errors are configuration errors' '
	sed "s/<score start=\"9\" max=\"12\"\/>//" "$RS" >ns.xml &&
	expect_code 78 $ECREDIT rules check ns.xml 2>err && contains err "not valid"
'

check 'a failing case exits 1 and says why' '
	sed "s/type=\"fine\" points=\"-3\"/type=\"fine\" points=\"-4\"/" "$RS" >f.xml &&
	expect_code 1 $ECREDIT rules test f.xml >out &&
	contains out "not ok 3 - row fine: -3 (none)" && contains out "expected 6 blue, got 5 yellow"
'

check 'missing file exits 66' '
	expect_code 66 $ECREDIT rules check nope.xml 2>err
'

check 'usage errors exit 64' '
	expect_code 64 $ECREDIT rules frob "$RS" 2>err
'

done_testing
