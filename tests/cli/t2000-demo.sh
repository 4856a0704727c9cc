#!/bin/sh
# `ecredit demo`: the synthetic city generator and its files.
. "$(dirname "$0")/lib.sh"

small='--enterprises 50 --outlets 10 --days 2'

check 'demo makes the inbox, config and summary' '
	$ECREDIT demo --dir city $small >out 2>err &&
	test -f city/ecredit.conf &&
	# the nightly job ran: every input moved from the inbox to done/
	d=city/done/2026-11-28 &&
	test -s $d/permits-2026-11-28.xml &&
	test -s $d/penalties-2026-11-28-utf8.csv &&
	test -s $d/penalties-2026-11-28-gb18030.csv &&
	test -s $d/hj212-2026-11-28.log &&
	test -z "$(find city/inbox -type f)" &&
	test -s city/keys/rsa.key &&
	test -s city/outbox/public-2026-11-28-1.release &&
	contains out "nightly: exit 0" &&
	contains out "packages are in '"'"'$(cd city && pwd -P)/outbox'"'"'" &&
	contains out "$(readlink -f $ECREDIT) --config $(cd city && pwd -P)/ecredit.conf verify '"'"'$(cd city && pwd -P)/outbox'"'"'/public-2026-11-28-1.tar.gz --trust trust.pem" &&
	contains out "openssl cms -verify -binary -inform DER" &&
	contains out "enterprises      50 " &&
	contains out "10 of them monitored" &&
	contains out "config: city/ecredit.conf" &&
	contains out "running: $(readlink -f $ECREDIT) --config $(cd city && pwd -P)/ecredit.conf nightly --as-of 2026-11-28" &&
	contains out "  $(readlink -f $ECREDIT) --config $(cd city && pwd -P)/ecredit.conf report runs" &&
	contains out "  ls $(cd city && pwd -P)/outbox" &&
	contains out "nightly: " &&
	contains out "next:"
'

check 'the permits file is well-formed XML in the permits namespace' '
	$ECREDIT demo --dir c --no-nightly $small >out &&
	f=c/inbox/permits/permits-2026-11-28.xml &&
	if command -v xmllint >/dev/null; then
		xmllint --noout "$f"
	elif command -v python3 >/dev/null; then
		python3 -c "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])" "$f"
	else
		tail -1 "$f" | grep -qx "</permits>"
	fi &&
	contains "$f" "<permits xmlns=\"urn:ecredit:permits:1\"" &&
	n=$(grep -c "<permit no=" "$f") &&
	grep -q "permits          $n with" out &&
	test "$(grep -c "<enterprise uscc=\"91320684\|<enterprise uscc=\"92320684" "$f")" -eq "$n" &&
	contains "$f" "town=\"" && contains "$f" "<class>key</class>" &&
	contains "$f" "kind=\"water\"" && contains "$f" "ultra-low-conc=\""
'

check 'two runs with one seed give the same files; another seed does not' '
	$ECREDIT demo --dir a --no-nightly --seed 7 $small >/dev/null &&
	$ECREDIT demo --dir b --no-nightly --seed 7 $small >/dev/null &&
	$ECREDIT demo --dir d --no-nightly --seed 8 $small >/dev/null &&
	for f in ecredit.conf inbox/permits/permits-2026-11-28.xml \
		inbox/penalties/penalties-2026-11-28-utf8.csv \
		inbox/penalties/penalties-2026-11-28-gb18030.csv \
		inbox/monitoring/hj212-2026-11-28.log; do
		cmp a/$f b/$f || exit 1
	done &&
	! cmp -s a/inbox/permits/permits-2026-11-28.xml d/inbox/permits/permits-2026-11-28.xml
'

check 'penalties: UTF-8 with BOM, and GB18030 that iconv decodes' '
	$ECREDIT demo --dir c --no-nightly $small >/dev/null &&
	head -c 3 c/inbox/penalties/penalties-2026-11-28-utf8.csv | od -An -tx1 | grep -q "ef bb bf" &&
	contains c/inbox/penalties/penalties-2026-11-28-utf8.csv "行政处罚决定书文号,统一社会信用代码,企业名称,处罚决定日期,处罚类别" &&
	lacks c/inbox/penalties/penalties-2026-11-28-gb18030.csv "行政处罚" &&
	iconv -f GB18030 -t UTF-8 c/inbox/penalties/penalties-2026-11-28-gb18030.csv >gb.txt &&
	contains gb.txt "行政处罚决定书文号,统一社会信用代码,单位名称" &&
	contains gb.txt "南通市"
'

check 'HJ 212 log: hourly and daily packets with receive stamps and CRLF' '
	$ECREDIT demo --dir c --no-nightly $small >out &&
	f=c/inbox/monitoring/hj212-2026-11-28.log &&
	test "$(grep -c "^2026-11-2[789] [0-9:.]* ##[0-9][0-9][0-9][0-9]QN=" "$f")" -gt 0 &&
	test "$(grep -c "CN=2061;" "$f")" -gt 400 &&
	test "$(grep -c "CN=2031;" "$f")" -ge 1 &&
	test "$(grep -vc "$(printf "\r")\$" "$f")" -eq 0 &&
	contains "$f" "DataTime=20261127000000;" &&
	contains "$f" "DataTime=20261128230000;" &&
	lacks "$f" "DataTime=20261126" &&
	lines=$(wc -l <"$f") && grep -q "HJ 212 packets   $lines over 2 days" out
'

check 'the config it writes is one ecredit accepts' '
	$ECREDIT demo --dir c --no-nightly $small >demo.out &&
	contains demo.out "created database '"'"'c/ecredit.db'"'"'" &&
	$ECREDIT --config c/ecredit.conf init >out && contains out "is up to date" &&
	test -f c/ecredit.db && contains c/ecredit.conf "permits = inbox/permits"
'

check 'as-of names the files and ends the data' '
	$ECREDIT demo --dir c --no-nightly $small --as-of 2026-06-30 >/dev/null &&
	test -f c/inbox/permits/permits-2026-06-30.xml &&
	contains c/inbox/monitoring/hj212-2026-06-30.log "DataTime=20260630230000;"
'

check 'a rerun replaces an earlier demo; a foreign folder is refused' '
	$ECREDIT demo --dir c --no-nightly $small >/dev/null &&
	touch c/inbox/permits/stale.xml &&
	$ECREDIT demo --dir c --no-nightly $small >/dev/null &&
	test ! -e c/inbox/permits/stale.xml &&
	mkdir other && echo keep >other/notes.txt &&
	expect_code 64 $ECREDIT demo --dir other --no-nightly $small 2>err &&
	contains err "not empty" && test -f other/notes.txt
'

check 'bad options exit 64' '
	expect_code 64 $ECREDIT demo --days 0 2>err && contains err "--days" &&
	expect_code 64 $ECREDIT demo --enterprises x 2>err &&
	expect_code 64 $ECREDIT demo --as-of 2026-13-01 2>err &&
	expect_code 64 $ECREDIT demo --seed -1 2>err &&
	expect_code 64 $ECREDIT demo extra 2>err &&
	test ! -e demo
'

check '--no-nightly does not run nightly' '
	$ECREDIT demo --dir c --no-nightly $small >out 2>err &&
	lacks out "running:" && lacks err "nightly"
'

check 'a small city fills every linkage list; about 10-20% green; near misses' '
	$ECREDIT demo --dir c --no-nightly --enterprises 500 --outlets 60 --days 90 --as-of 2026-11-03 >/dev/null &&
	contains c/inbox/penalties/penalties-2026-11-03-utf8.csv ",信用承诺," &&
	contains c/inbox/penalties/penalties-2026-11-03-utf8.csv ",表彰奖励," &&
	export ECREDIT_CONFIG=c/ecredit.conf && $ECREDIT -q init &&
	$ECREDIT -q import permits c/inbox/permits/* 2>/dev/null &&
	$ECREDIT -q import penalties c/inbox/penalties/* 2>/dev/null &&
	$ECREDIT -q import monitoring c/inbox/monitoring/* 2>/dev/null &&
	$ECREDIT rate --as-of 2026-11-03 >rate.out &&
	green=$(sed -n "s/.*: green \([0-9]*\),.*/\1/p" rate.out) &&
	test "$green" -ge 40 && test "$green" -le 110 &&
	$ECREDIT link --as-of 2026-11-03 2>/dev/null &&
	for r in exemptions exemption-misses staggered pricing tax credit; do
		test "$($ECREDIT report $r --format csv | wc -l)" -ge 2 || { echo "$r is empty"; exit 1; }
	done &&
	$ECREDIT report emergency --format csv >em.csv &&
	for a in yellow orange red; do grep -q ",$a," em.csv || exit 1; done &&
	$ECREDIT report exemption-misses --format csv >miss.csv &&
	grep -q "EX-NOPENALTY\|EX-ULTRALOW-HOURS\|EX-EVIDENCE" miss.csv &&
	grep -q "ultra-low=\"true\"" c/inbox/permits/permits-2026-11-03.xml
'

done_testing
