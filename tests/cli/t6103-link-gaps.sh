#!/bin/sh
# The exemption list's effective transmission leaves system-wide monitoring
# gap days out (docs/linkage.md): when every device falls silent, the
# exemptions stand; one device silent while the others report still loses
# its enterprise's exemption. On the linkage fixture city.
. "$(dirname "$0")/lib.sh"
FX=$FIXTURES/linkage

city() {
	rm -f e.db && $ECREDIT -q --db e.db init >/dev/null &&
	sqlite3 -bail e.db ".param set :rules '$TOP/rules/jiangsu-2020.xml'" \
		".read $FX/city.sql"
}
lists() { # lists OUT: the exemptions and revocations of 2020-11-15
	$ECREDIT -q --db e.db link --as-of 2020-11-14 &&
	$ECREDIT -q --db e.db link --as-of 2020-11-15 &&
	$ECREDIT --db e.db report exemptions --format csv >$1 &&
	$ECREDIT --db e.db report revocations --format csv >>$1
}

check 'every device silent for the last 10 days: a gap, 100 % stays 100 %' '
	city && sqlite3 e.db "DELETE FROM monitoring WHERE start >= '"'"'2020-11-06'"'"'" &&
	lists gap.csv &&
	contains gap.csv "913206840000000005,企业05,91320684" &&
	$ECREDIT --db e.db report exemption-misses --format csv >miss.csv &&
	lacks miss.csv "913206840000000005,企业05"
'

check 'one device silent for those days while the others report: its exemption goes' '
	city && sqlite3 e.db "DELETE FROM monitoring WHERE mn = '"'"'MN05'"'"' AND start >= '"'"'2020-11-06'"'"'" &&
	lists one.csv &&
	lacks one.csv "913206840000000005,企业05,91320684" &&
	$ECREDIT --db e.db report exemption-misses --format csv >miss.csv &&
	contains miss.csv "913206840000000005,企业05,排放口DA001：有效传输率88.9%（1920/2160小时），低于90%"
'

done_testing
