#!/bin/sh
# ecredit link and the linkage reports on the fixture city
# (tests/fixtures/linkage/city.sql; boundaries listed there).
. "$(dirname "$0")/lib.sh"
FX=$FIXTURES/linkage

city() {
	$ECREDIT -q --db e.db init >/dev/null &&
	sqlite3 -bail e.db ".param set :rules '$TOP/rules/jiangsu-2020.xml'" \
		".read $FX/city.sql"
}

report() { # report NAME [DATE]
	$ECREDIT --db e.db report "$1" ${2:+--as-of "$2"} --format csv
}

check 'every list on 2020-11-15 is exactly as expected' '
	city &&
	$ECREDIT -q --db e.db link --as-of 2020-11-14 &&
	$ECREDIT --db e.db link --as-of 2020-11-15 >out &&
	contains out "linked 2020-11-15: exemptions 3, revocations 1, emergency 33" &&
	for r in exemptions exemption-misses revocations emergency staggered pricing \
		tax credit; do
		report $r >$r.csv && same $FX/expected/$r-2020-11-15.csv $r.csv || exit 1
	done &&
	report exemptions 2020-11-14 >ex14.csv &&
	same $FX/expected/exemptions-2020-11-14.csv ex14.csv
'

check 'each exemption condition misses alone at its boundary' '
	city && $ECREDIT -q --db e.db link --as-of 2020-11-15 &&
	report exemptions >ex.csv && report exemption-misses >miss.csv &&
	contains ex.csv "913206840000000001,企业01" &&
	contains ex.csv "913206840000000005,企业05" &&
	contains miss.csv "排放口DA001：1个有效小时浓度高于超低排放限值" &&
	contains miss.csv "有效传输率89.9%（1798/2000小时），低于90%" &&
	contains miss.csv "2019-11-17受到处罚海环罚〔2019〕04号（罚款）,EX-NOPENALTY" &&
	lacks miss.csv "企业05"
'

check 'a penalty revokes the exemption; only a false record bars it to the end of next year' '
	city && $ECREDIT -q --db e.db link --as-of 2020-11-14 &&
	report exemptions >ex14.csv && contains ex14.csv "913206840000000006" &&
	$ECREDIT -q --db e.db link --as-of 2020-11-15 &&
	report revocations >rev.csv &&
	contains rev.csv "913206840000000006,企业06,2020-11-15,2020-11-15受到处罚海环罚〔2020〕06号（罚款）,EX-NOPENALTY," &&
	lacks rev.csv "2021-12-31" &&
	sqlite3 e.db "UPDATE event SET category = '"'"'false-record'"'"' WHERE uscc = '"'"'913206840000000006'"'"'" &&
	$ECREDIT -q --db e.db link --as-of 2020-11-15 &&
	report revocations >rev.csv &&
	contains rev.csv "913206840000000006,企业06,2020-11-15,2020-11-15受到处罚海环罚〔2020〕06号（弄虚作假）,EX-NOPENALTY,2021-12-31" &&
	$ECREDIT -q --db e.db link --as-of 2020-11-16 &&
	report exemption-misses >miss.csv &&
	contains miss.csv "2021-12-31前不得列入豁免名单（2020-11-15撤销豁免）" &&
	report revocations >rev16.csv && lacks rev16.csv "913206840000000006"
'

check 'staggered season: 1 Sep plans ahead, 31 Aug does not; 31 Oct = 1 Nov' '
	city &&
	for d in 2020-08-31 2020-09-01 2020-10-31 2020-11-01; do
		$ECREDIT -q --db e.db link --as-of $d --alert red || exit 1
	done &&
	report staggered 2020-08-31 >a.csv && [ $(wc -l <a.csv) -eq 1 ] &&
	report staggered 2020-09-01 >b.csv && report staggered 2020-10-31 >c.csv &&
	report staggered 2020-11-01 >d.csv && same c.csv d.csv && same b.csv d.csv &&
	contains d.csv "913206840000000007,企业07,C3110,2020-11-01,2021-02-28,100," &&
	contains d.csv "913206840000000008,企业08,C3041,2020-11-01,2021-02-28,20,ST-SEASON ST-KEY ST-RESTRICTED"
'

check 'staggered season ends with February, 28 or 29 days' '
	city &&
	for d in 2020-02-28 2020-02-29 2020-03-01 2021-02-28 2021-03-01; do
		$ECREDIT -q --db e.db link --as-of $d || exit 1
	done &&
	report staggered 2020-02-29 >a.csv &&
	contains a.csv ",2019-11-01,2020-02-29,100," &&
	report staggered 2020-02-28 >b.csv && same a.csv b.csv &&
	report staggered 2020-03-01 >c.csv && [ $(wc -l <c.csv) -eq 1 ] &&
	report staggered 2021-02-28 >d.csv && contains d.csv ",2020-11-01,2021-02-28," &&
	report staggered 2021-03-01 >e.csv && [ $(wc -l <e.csv) -eq 1 ]
'

check 'prices: red twice pays the higher sewage charge, red once the lower' '
	city && $ECREDIT -q --db e.db link --as-of 2020-11-15 &&
	report pricing >p.csv &&
	contains p.csv "913206840000000007,企业07,red,2020-06-30,0.05,1,2020-07-01,2020-12-31,PR-RED PR-RED-2SNAP" &&
	contains p.csv "913206840000000010,企业10,red,2020-06-30,0.05,0.6,2020-07-01,2020-12-31,PR-RED" &&
	$ECREDIT -q --db e.db link --as-of 2020-06-30 &&
	report pricing 2020-06-30 >q.csv &&
	contains q.csv "913206840000000007,企业07,red,2019-12-31,0.05,1,2020-01-01,2020-06-30" &&
	lacks q.csv "企业10"
'

check 'tax: exactly 70 % and 50 % get no more than the next rate' '
	city && $ECREDIT -q --db e.db link --as-of 2020-11-15 &&
	report tax >t.csv &&
	contains t.csv "913206840000000012,DA001,a21026,2020-10,70,100,743,0,100,TX-FULL" &&
	contains t.csv "913206840000000012,DA001,a21002,2020-10,50,100,744,0,75,TX-75" &&
	contains t.csv "913206840000000012,DA001,a34013,2020-10,49.9,100,744,0,50,TX-50" &&
	contains t.csv "913206840000000012,DA001,a21005,2020-10,20.1089,100,744,1,100,TX-EXCEED"
'

check 'one alert level: only its rows' '
	city && $ECREDIT -q --db e.db link --as-of 2020-11-15 --alert orange &&
	report emergency >e.csv && contains e.csv ",orange," &&
	lacks e.csv ",yellow," && lacks e.csv ",red," &&
	contains e.csv "913206840000000007,企业07,orange,50,限产50%,EM-ORANGE-BASE EM-COLOUR-RED" &&
	contains e.csv "913206840000000011,企业11,orange,30,限产30%,EM-ORANGE-BASE EM-EXEMPT"
'

check 'linking a date again replaces its rows' '
	city && $ECREDIT -q --db e.db link --as-of 2020-11-15 &&
	report credit >a.csv &&
	$ECREDIT -q --db e.db link --as-of 2020-11-15 && report credit >b.csv &&
	same a.csv b.csv && [ $(wc -l <b.csv) -eq 13 ]
'

check 'usage errors exit 64' '
	expect_code 64 $ECREDIT --db e.db link 2>err && contains err "--as-of" &&
	expect_code 64 $ECREDIT --db e.db link --as-of 2020-11-15 --alert purple 2>err &&
	contains err "purple" &&
	expect_code 64 $ECREDIT --db e.db link --as-of 2020-13-01 2>err
'

check 'a date that is not rated is refused with the command to run' '
	city && expect_code 65 $ECREDIT --db e.db link --as-of 2020-11-20 2>err &&
	contains err "2020-11-20 is not rated: run \`ecredit rate --as-of 2020-11-20\`"
'

check 'an unrated price snapshot is rated first, or named in the error' '
	city &&
	sqlite3 e.db "DELETE FROM rate_date WHERE as_of = '"'"'2020-06-30'"'"'" &&
	if $ECREDIT --db e.db link --as-of 2020-11-15 2>err; then
		n=$(sqlite3 e.db "SELECT count(*) FROM rate_date WHERE as_of = '"'"'2020-06-30'"'"'") &&
		[ "$n" -eq 1 ]
	else
		contains err "rating the price snapshot 2020-06-30" &&
		n=$(sqlite3 e.db "SELECT count(*) FROM link_date") && [ "$n" -eq 0 ]
	fi
'

check 'a rule set without <linkage> is a configuration error' '
	city && sed "/^  <linkage>/,/^  <\/linkage>/d" "$TOP/rules/jiangsu-2020.xml" >nolink.xml &&
	sqlite3 e.db "UPDATE rule_set SET xml = readfile('"'"'nolink.xml'"'"')" &&
	expect_code 78 $ECREDIT --db e.db link --as-of 2020-11-15 2>err &&
	contains err "has no <linkage> section"
'

check 'the stored rule set is validated in full before linking' '
	city &&
	sqlite3 e.db "UPDATE rule_set SET xml = CAST('"'"'<ruleset xmlns=\"urn:ecredit:rules:1\" id=\"x\"/>'"'"' AS BLOB)" &&
	expect_code 78 $ECREDIT --db e.db link --as-of 2020-11-15 2>err &&
	contains err "stored rule set:1: not valid" &&
	sed "s/<score start=\"9\" max=\"12\"\/>/<score start=\"13\" max=\"12\"\/>/" "$TOP/rules/jiangsu-2020.xml" >bad.xml &&
	sqlite3 e.db "UPDATE rule_set SET xml = readfile('"'"'bad.xml'"'"')" &&
	expect_code 78 $ECREDIT --db e.db link --as-of 2020-11-15 2>err &&
	contains err "linking 2020-11-15: stored rule set"
'

check 'json and text reports carry the measure and the basis' '
	city && $ECREDIT -q --db e.db link --as-of 2020-11-15 &&
	$ECREDIT --db e.db report emergency --format json >e.json &&
	contains e.json "\"measure\":\"限产35%\"" &&
	$ECREDIT --db e.db report staggered >s.txt && contains s.txt "ST-GRADE-D"
'

check 'credit reasons take points and the +15-day window from the rule set that rated the date' '
	city &&
	sed "s/start-offset-days=\"0\"/start-offset-days=\"15\"/; s/type=\"fine\" points=\"-3\"/type=\"fine\" points=\"-5\"/" "$TOP/rules/jiangsu-2020.xml" >late.xml &&
	sqlite3 e.db "UPDATE rule_set SET xml = readfile('"'"'late.xml'"'"')" &&
	$ECREDIT -q --db e.db link --as-of 2020-11-15 && report credit >c.csv &&
	contains c.csv "913206840000000006,企业06,green,优先支持,,CR-GREEN" &&
	contains c.csv "-12 crime 2020-03-01 [海环罚〔2020〕91号]; -6 daily-fine 2020-04-01 [海环罚〔2020〕92号]; -5 fine 2020-10-01 [海环罚〔2020〕94号]; -4 seal-seize 2020-09-01" &&
	lacks late.xml "<deduction"
'

check 'explain shows the lists of the date, near misses included; json has a lists key' '
	city && $ECREDIT -q --db e.db link --as-of 2020-11-15 &&
	$ECREDIT --db e.db explain 913206840000000009 --as-of 2020-11-15 >out &&
	contains out "lists on 2020-11-15:" &&
	contains out "  green credit: 压缩退出 (-12 crime 2020-03-01 [海环罚〔2020〕91号];" &&
	contains out "  emergency list, red alert: 停产; basis" &&
	M=$(sed -n "2s/,.*//p" $FX/expected/exemption-misses-2020-11-15.csv) &&
	$ECREDIT --db e.db explain $M --as-of 2020-11-15 >miss &&
	contains miss "  not exempt, every condition missed: " && lacks miss "only" &&
	$ECREDIT --db e.db explain 913206840000000012 --as-of 2020-11-15 >tax &&
	contains tax "outlet DA001 a21002: mean 50 of standard 100, 744 valid means (coverage minimum 90% of the month) and 0 exceeding: tax at 75%; basis TX-75" &&
	$ECREDIT --db e.db explain 913206840000000001 --as-of 2020-11-15 --format json >ex.json &&
	python3 -c "import json; d=json.load(open(\"ex.json\")); l=d[\"lists\"]; assert l[\"as_of\"]==\"2020-11-15\" and l[\"linked\"] is True and [r[\"list\"] for r in l[\"rows\"]][0]==\"exemptions\" and l[\"rows\"][0][\"basis\"].startswith(\"EX-\"), l" &&
	$ECREDIT --db e.db explain 913206840000000001 --as-of 2020-11-14 >nol &&
	contains nol "lists on 2020-11-14:" && contains nol "not computed (run '"'"'ecredit link --as-of 2020-11-14'"'"')" &&
	$ECREDIT --db e.db explain 913206840000000001 --as-of 2020-11-14 --format json >nol.json &&
	python3 -c "import json; l=json.load(open(\"nol.json\"))[\"lists\"]; assert l=={\"as_of\":\"2020-11-14\",\"linked\":False,\"rows\":[]}, l"
'

check 'an hour flagged other than N is stored but not valid: one costs 企业01 its exemption' '
	city &&
	sqlite3 e.db "UPDATE monitoring SET flag = '"'"'M'"'"' WHERE mn = '"'"'MN01'"'"' AND start = '"'"'2020-10-01 05:00:00'"'"'" &&
	$ECREDIT -q --db e.db link --as-of 2020-11-15 && report exemptions >ex.csv &&
	report exemption-misses >miss.csv &&
	lacks ex.csv "企业01" &&
	contains miss.csv "913206840000000001,企业01,排放口DA001：有效传输率90.0%（1799/2000小时），低于90%"
'

check 'no exemption without evidence: a window mostly before the data is no pass' '
	city && $ECREDIT -q --db e.db link --as-of 2020-11-15 && report exemptions >ex.csv &&
	contains ex.csv "913206840000000001,企业01" &&
	sqlite3 e.db "DELETE FROM monitoring WHERE start < '"'"'2020-11-05 00:00:00'"'"'" &&
	$ECREDIT -q --db e.db link --as-of 2020-11-15 && report exemption-misses >miss.csv &&
	report exemptions >ex.csv && lacks ex.csv "企业01" && lacks ex.csv "企业03" &&
	contains miss.csv "913206840000000001,企业01,排放口DA001：有效传输率" &&
	contains miss.csv "排放口DA001：近90天仅264/2160小时有监测数据（12.2%），低于证据要求90%" &&
	contains miss.csv "EX-TRANSMISSION EX-EVIDENCE"
'

done_testing
