#!/bin/sh
# import permits: stored rows, duplicates, versions and history, warnings,
# every quarantine reason, reconciled counts.
. "$(dirname "$0")/lib.sh"
F=$FIXTURES/permits

check 'a good file stores every permit, report shows them' '
	$ECREDIT --db d init >/dev/null &&
	$ECREDIT --db d import permits $F/good.xml >out 2>err &&
	contains out "good.xml: read 4 = stored 4 + duplicate 0 + quarantined 0 (warnings 1)" &&
	$ECREDIT --db d report permits --format csv >rep &&
	contains rep "permit_no,uscc,name,town,industry,class,grade,valid_from,valid_to,outlets,uscc_ok" &&
	contains rep "91320684MA1N00001R001P,91320684MA1N00001R,海门某热电有限公司,三厂街道,D4411,key,A,2021-06-30,2026-06-29,2,1" &&
	contains rep "91320684MA1N00002W001P,91320684MA1N00002W,海门某纺织有限公司,包场镇,C1713,simplified,none,2022-01-01,2027-12-31,0,1" &&
	contains rep "91320684MA1N000031001P,91320684MA1N000031,海门某化工有限公司,临江镇,C2614,key,B-,2020-05-10,2025-05-09,1,0" &&
	test $(wc -l <rep) -eq 5
'

check 'outlets, limits and permit fields are stored as written' '
	$ECREDIT --db d init >/dev/null && $ECREDIT --db d import permits $F/good.xml >/dev/null 2>&1 &&
	test "$(sqlite3 d "SELECT code||kind||mn||ultra_low FROM outlet WHERE permit_no = '"'"'91320684MA1N00001R001P'"'"' ORDER BY code" | tr "\n" " ")" = \
		"DA001air010000A8900016F000169DC01 DW001water010000A8900016F000169DC10 " &&
	test "$(sqlite3 d "SELECT pollutant||'"'"'|'"'"'||conc||'"'"'|'"'"'||ultra_low_conc||'"'"'|'"'"'||annual_t FROM outlet_limit WHERE pollutant = '"'"'a21026'"'"'")" = "a21026|35.0|35.0|120.5" &&
	test "$(sqlite3 d "SELECT count(*) FROM outlet_limit")" = 5 &&
	test "$(sqlite3 d "SELECT status||issued||key_industry||guarantee||generated FROM permit WHERE permit_no = '"'"'91320684MA1N000031001P'"'"'")" = "valid2020-05-01112026-11-28T14:00:00Z" &&
	test "$(sqlite3 d "SELECT region||town FROM permit WHERE permit_no = '"'"'91320684MA1N00001R001P'"'"'")" = "320684三厂街道"
'

check 'enterprises: one row each, first seen = earliest issued/valid-from' '
	$ECREDIT --db d init >/dev/null && $ECREDIT --db d import permits $F/good.xml >/dev/null 2>&1 &&
	sqlite3 d "SELECT uscc, uscc_ok, first_seen FROM enterprise ORDER BY uscc" >ent &&
	test $(wc -l <ent) -eq 3 &&
	contains ent "91320684MA1N00001R|1|2016-06-30" &&
	contains ent "91320684MA1N00002W|1|2022-01-01" &&
	contains ent "91320684MA1N000031|0|2020-05-01"
'

check 'a USCC with a bad check character is stored with a warning' '
	$ECREDIT --db d init >/dev/null && $ECREDIT --db d import permits $F/good.xml >out 2>err &&
	contains err "ecredit: warning: $F/good.xml: line 27: permit '"'"'91320684MA1N000031001P'"'"': uscc '"'"'91320684MA1N000031'"'"' has a bad check character" &&
	test "$(sqlite3 d "SELECT warnings FROM import_file")" = 1
'

check 'importing the same file again: all duplicates, nothing new' '
	$ECREDIT --db d init >/dev/null && $ECREDIT --db d import permits $F/good.xml >/dev/null 2>&1 &&
	sqlite3 d "SELECT * FROM permit ORDER BY 1; SELECT * FROM outlet_limit" | cut -d"|" -f1-17 >before &&
	$ECREDIT --db d import permits $F/good.xml >out 2>/dev/null &&
	contains out "read 4 = stored 0 + duplicate 4 + quarantined 0" &&
	sqlite3 d "SELECT * FROM permit ORDER BY 1; SELECT * FROM outlet_limit" | cut -d"|" -f1-17 >after &&
	same before after &&
	test "$(sqlite3 d "SELECT count(*) FROM permit_history")" = 0
'

check 'same content in another order and spelling is a duplicate' '
	$ECREDIT --db d init >/dev/null && $ECREDIT --db d import permits $F/good.xml >/dev/null 2>&1 &&
	$ECREDIT --db d import permits $F/reordered.xml >out &&
	contains out "read 1 = stored 0 + duplicate 1 + quarantined 0"
'

check 'a newer version replaces the stored one; history keeps the old one' '
	$ECREDIT --db d init >/dev/null && $ECREDIT --db d import permits $F/good.xml >/dev/null 2>&1 &&
	$ECREDIT --db d import permits $F/newer.xml >out &&
	contains out "newer.xml: read 2 = stored 1 + duplicate 1 + quarantined 0" &&
	$ECREDIT --db d report permits --format csv >rep &&
	contains rep "91320684MA1N00001R001P,91320684MA1N00001R,海门某热电有限公司,三厂街道,D4411,key,B," &&
	test "$(sqlite3 d "SELECT conc FROM outlet_limit WHERE pollutant = '"'"'a21002'"'"'")" = 40.0 &&
	test "$(sqlite3 d "SELECT generated FROM permit WHERE permit_no = '"'"'91320684MA1N00001R001P'"'"'")" = 2026-12-05T08:00:00Z &&
	sqlite3 d "SELECT permit_no, file_id, replaced_by_file, json_extract(record, '"'"'\$.grade'"'"'), json_extract(record, '"'"'\$.outlets[0].limits[0].conc'"'"') FROM permit_history" >hist &&
	test "$(cat hist)" = "91320684MA1N00001R001P|1|2|A|50.0" &&
	test "$(sqlite3 d "SELECT extra FROM import_file WHERE id = 2")" = "{\"replaced\":1,\"older_to_history\":0}"
'

check 'an older version goes to history only and is counted stored' '
	$ECREDIT --db d init >/dev/null && $ECREDIT --db d import permits $F/good.xml >/dev/null 2>&1 &&
	$ECREDIT --db d import permits $F/older.xml >out &&
	contains out "older.xml: read 1 = stored 1 + duplicate 0 + quarantined 0" &&
	test "$(sqlite3 d "SELECT grade FROM permit WHERE permit_no = '"'"'91320684MA1N00001R001P'"'"'")" = A &&
	test "$(sqlite3 d "SELECT json_extract(record, '"'"'\$.grade'"'"')||json_extract(record, '"'"'\$.generated'"'"')||file_id||replaced_by_file FROM permit_history")" = "C2025-01-10T01:00:00Z21" &&
	$ECREDIT --db d import permits $F/older.xml >out &&
	contains out "older.xml: read 1 = stored 0 + duplicate 1 + quarantined 0"
'

check 'newer then older then both again: nothing twice' '
	$ECREDIT --db d init >/dev/null &&
	for f in good newer older good newer older; do
		$ECREDIT --db d import permits $F/$f.xml 2>/dev/null; done >out &&
	contains out "good.xml: read 4 = stored 0 + duplicate 4" &&
	contains out "newer.xml: read 2 = stored 0 + duplicate 2" &&
	contains out "older.xml: read 1 = stored 0 + duplicate 1" &&
	test "$(sqlite3 d "SELECT count(*) FROM permit_history")" = 2 &&
	test "$(sqlite3 d "SELECT grade FROM permit WHERE permit_no = '"'"'91320684MA1N00001R001P'"'"'")" = B
'

check 'each bad permit is quarantined with line, field and reason' '
	$ECREDIT --db d init >/dev/null &&
	$ECREDIT --db d import permits $F/bad-records.xml >out 2>err &&
	contains out "bad-records.xml: read 15 = stored 1 + duplicate 0 + quarantined 14 (warnings 1)" &&
	contains err "outlet '"'"'DW001'"'"' is kind air but its code says water" &&
	$ECREDIT --db d report quarantine --format csv | cut -d, -f2- >q &&
	contains q "\"line 5, permit 1\",valid-to,permit '"'"'91320684MA1N000043001P'"'"': valid-to '"'"'2026-13-01'"'"' is not a date (YYYY-MM-DD)" &&
	contains q "\"line 11, permit 2\",valid-to,permit '"'"'91320684MA1N000043002P'"'"': valid-to 2021-12-31 is before valid-from 2022-01-01" &&
	contains q "\"line 17, permit 3\",no,\"permit '"'"'91320684MA1N00004303P'"'"': permit number '"'"'91320684MA1N00004303P'"'"' is not a USCC, 3 digits and '"'"'P'"'"'\"" &&
	contains q "\"line 23, permit 4\",no,permit '"'"'91320684MA1N000056001P'"'"': permit number '"'"'91320684MA1N000056001P'"'"' does not begin with its enterprise'"'"'s uscc '"'"'91320684MA1N000043'"'"'" &&
	contains q "\"line 35, permit 5\",code,permit '"'"'91320684MA1N000043005P'"'"': outlet code '"'"'DA001'"'"' appears twice" &&
	contains q "\"line 40, permit 6\",uscc,permit '"'"'91320684MA1N00004006P'"'"': uscc '"'"'91320684MA1N00004'"'"' is not 18 characters of the GB 32100 alphabet" &&
	contains q "\"line 45, permit 7\",status,permit '"'"'91320684MA1N000043007P'"'"': status '"'"'lost'"'"' is not one of" &&
	contains q "\"line 57, permit 8\",pollutant,permit '"'"'91320684MA1N000043008P'"'"': outlet '"'"'DA001'"'"': pollutant '"'"'a21026'"'"' has two limits" &&
	contains q "\"line 66, permit 9\",conc,permit '"'"'91320684MA1N000043009P'"'"': conc -35 of a21026 is negative" &&
	contains q "\"line 76, permit 10\",mn,permit '"'"'91320684MA1N000043010P'"'"': outlets '"'"'DA001'"'"' and '"'"'DA002'"'"' have the same mn '"'"'3206840000001'"'"'" &&
	contains q "\"line 84, permit 11\",mn,permit '"'"'91320684MA1N000043011P'"'"': outlet '"'"'DA001'"'"': mn '"'"'MN-1'"'"' is not 7-24 letters and digits" &&
	contains q "\"line 88, permit 12\",issued,permit '"'"'91320684MA1N000043012P'"'"': issued 2027-02-01 is after valid-to 2026-12-31" &&
	contains q "\"line 94, permit 13\",issued,permit '"'"'91320684MA1N000043013P'"'"': issued '"'"'2022/01/01'"'"' is not a date" &&
	contains q "\"line 100, permit 14\",valid-from,permit '"'"'91320684MA1N000043014P'"'"': valid-from '"'"'2022-02-30'"'"' is not a date" &&
	test $(wc -l <q) -eq 15 &&
	test "$(sqlite3 d "SELECT json_extract(raw, '"'"'\$.permit_no'"'"') FROM quarantine WHERE position LIKE '"'"'%permit 9'"'"'")" = 91320684MA1N000043009P &&
	test "$(sqlite3 d "SELECT group_concat(permit_no) FROM permit")" = 91320684MA1N000069001P &&
	test "$(sqlite3 d "SELECT count(*) FROM enterprise")" = 1
'

check 'quarantined permits are not quarantined twice on re-import' '
	$ECREDIT --db d init >/dev/null &&
	$ECREDIT --db d import permits $F/bad-records.xml >/dev/null 2>&1 &&
	$ECREDIT --db d import permits $F/bad-records.xml >out 2>/dev/null &&
	contains out "read 15 = stored 0 + duplicate 1 + quarantined 14" &&
	test "$(sqlite3 d "SELECT count(*) FROM quarantine")" = 14
'

check 'counts reconcile in import_file for every file' '
	$ECREDIT --db d init >/dev/null &&
	$ECREDIT --db d import permits $F/good.xml $F/bad-records.xml $F/newer.xml $F/older.xml >out 2>/dev/null &&
	test $(grep -c "read " out) -eq 4 &&
	test "$(sqlite3 d "SELECT count(*) FROM import_file WHERE read != stored + duplicate + quarantined OR read = 0")" = 0 &&
	test "$(sqlite3 d "SELECT sum(read) FROM import_file")" = 22
'

done_testing
