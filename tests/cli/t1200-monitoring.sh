#!/bin/sh
# import monitoring: HJ 212 packet logs (docs/importers-monitoring.md, importers/monitoring.c).
# Fixtures come from tests/fixtures/monitoring/gen.py.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-monitoring.sh"
M=$FIXTURES/monitoring

check 'a good log: every packet stored, counts reconcile' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/good.log >out 2>err &&
	contains out "good.log: read 11 = stored 11 + duplicate 0 + quarantined 0 (warnings 1)" &&
	contains err "8 packets come from MNs that match no permit outlet yet" &&
	test "$(sqlite3 d.db "SELECT count(*) FROM monitoring")" = 56 &&
	test "$(sqlite3 d.db "SELECT extra FROM import_file")" = \
	"{\"hour\":7,\"day\":1,\"minute\":1,\"realtime\":1,\"other\":1,\"values\":56,\"revised_packets\":0,\"revised_values\":0,\"unknown_mn\":8,\"split_joined\":1,\"crc_modbus\":0,\"crc_swapped\":0,\"v2005\":1,\"v2025\":1,\"v_other\":0,\"older_packets\":0,\"older_values\":0,\"minute_stored\":false}"
'

check 'report monitoring shows hour and day rows with their values' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/good.log >/dev/null 2>&1 &&
	$ECREDIT --db d.db report monitoring --format csv >out &&
	contains out "uscc,outlet,mn,pollutant,period,start,avg,zs_avg,min,max,flag" &&
	contains out ",,88888880000001,a21026,hour,2024-03-01 09:00:00,12.5,20.1,10,15,N" &&
	contains out ",,88888880000001,a34013,day,2024-02-29 00:00:00,4.1,6.6,3,5.2,N" &&
	lacks out ",minute," && lacks out ",realtime,"
'

check 'stamp kept, split packet joined, long segment, 2005 codes mapped' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/good.log >/dev/null 2>&1 &&
	test "$(sqlite3 d.db "SELECT received FROM monitoring WHERE mn=\"88888880000001\" AND start=\"2024-03-01 09:00:00\" LIMIT 1")" = "2024-03-01 10:00:05" &&
	test "$(sqlite3 d.db "SELECT group_concat(pollutant) FROM (SELECT pollutant FROM monitoring WHERE start=\"2024-03-01 11:00:00\" ORDER BY 1)")" = "a21002,a21026,a34013" &&
	test "$(sqlite3 d.db "SELECT count(*) FROM monitoring WHERE start=\"2024-03-01 12:00:00\" AND cou=4.5 AND zs_max=3.6")" = 40 &&
	test "$(sqlite3 d.db "SELECT group_concat(pollutant || \"=\" || avg) FROM (SELECT pollutant, avg FROM monitoring WHERE mn=\"MN00007\" AND start=\"2024-03-01 09:00:00\" ORDER BY 1)")" = "a00000=12000.0,a21002=22.0,a21026=11.0,a34013=3.0"
'

check 're-import: all duplicates, nothing stored twice' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/good.log >/dev/null 2>&1 &&
	$ECREDIT --db d.db import monitoring $M/good.log >out 2>/dev/null &&
	contains out "read 11 = stored 0 + duplicate 11 + quarantined 0" &&
	test "$(sqlite3 d.db "SELECT count(*) FROM monitoring")" = 56
'

check 'a changed value is a revision; the old one is kept; a stale copy is a duplicate' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/good.log >/dev/null 2>&1 &&
	$ECREDIT --db d.db import monitoring $M/revise.log >out 2>err &&
	contains out "read 1 = stored 1 + duplicate 0 + quarantined 0" &&
	contains err "1 packets revised 1 earlier values" &&
	test "$(sqlite3 d.db "SELECT avg, revision FROM monitoring WHERE mn=\"88888880000001\" AND pollutant=\"a21002\" AND start=\"2024-03-01 09:00:00\"")" = "31.0|1" &&
	test "$(sqlite3 d.db "SELECT avg, revision FROM monitoring_revision")" = "30.2|0" &&
	$ECREDIT --db d.db import monitoring $M/good.log >out 2>/dev/null &&
	contains out "read 11 = stored 0 + duplicate 11 + quarantined 0" &&
	test "$(sqlite3 d.db "SELECT avg FROM monitoring WHERE mn=\"88888880000001\" AND pollutant=\"a21002\" AND start=\"2024-03-01 09:00:00\"")" = "31.0"
'

check 'report revisions: the superseded value beside the one that stands, with both packets' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/good.log >/dev/null 2>&1 &&
	$ECREDIT --db d.db report revisions --format csv >none &&
	test "$(wc -l <none)" -eq 1 &&
	contains none "uscc,outlet,mn,pollutant,period,start,revision,avg,zs_avg,min,max,cou,flag,qn,received,file,line,replaced_by,current_revision,current_avg" &&
	$ECREDIT --db d.db import monitoring $M/revise.log >/dev/null 2>&1 &&
	$ECREDIT --db d.db report revisions --format csv >out &&
	test "$(wc -l <out)" -eq 2 &&
	sed -n 2p out >row &&
	contains row ",,88888880000001,a21002,hour,2024-03-01 09:00:00,0,30.2," &&
	contains row "$M/good.log," &&
	contains row ",$M/revise.log,1,31,49,N," &&
	$ECREDIT --db d.db import monitoring $M/good.log >/dev/null 2>&1 &&
	$ECREDIT --db d.db report revisions --format csv >again &&
	same out again &&
	test "$(sqlite3 d.db "SELECT count(*) FROM mon_packet")" = \
		"$(sqlite3 d.db "SELECT count(DISTINCT packet) FROM (SELECT packet FROM mon_value UNION ALL SELECT packet FROM mon_value_revision)")"
'

check 'the day rows follow every import: new days, more hours of a stored day, a revision' '
	$ECREDIT demo --dir c --no-nightly --enterprises 20 --outlets 6 --days 3 >/dev/null &&
	gzip -dc c/inbox/monitoring/*.log* 2>/dev/null >all.log || cp c/inbox/monitoring/*.log all.log &&
	n=$(wc -l <all.log) &&
	test "$n" -gt 300 &&
	awk "NR % 2" all.log >odd.log && awk "NR % 2 == 0" all.log >even.log &&
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring odd.log >/dev/null 2>&1 &&
	day_check d.db &&
	$ECREDIT --db d.db import monitoring even.log >/dev/null 2>&1 &&
	day_check d.db &&
	$ECREDIT --db d.db import monitoring $M/good.log >/dev/null 2>&1 &&
	$ECREDIT --db d.db import monitoring $M/revise.log >/dev/null 2>&1 &&
	test "$(sqlite3 d.db "SELECT count(*) FROM mon_value_revision")" = 1 &&
	day_check d.db &&
	$ECREDIT --db e.db init >/dev/null &&
	$ECREDIT --db e.db import monitoring all.log >/dev/null 2>&1 &&
	$ECREDIT --db e.db import monitoring $M/good.log >/dev/null 2>&1 &&
	$ECREDIT --db e.db import monitoring $M/revise.log >/dev/null 2>&1 &&
	q="SELECT s.mn, s.cn, s.pollutant, d.day, d.hours, d.bad, d.f, d.vmax FROM mon_day d JOIN mon_series s ON s.id = d.series ORDER BY 1, 2, 3, 4" &&
	sqlite3 d.db "$q" >d.days &&
	sqlite3 e.db "$q" >e.days &&
	same d.days e.days &&
	test "$(wc -l <d.days)" -gt 50
'

check 'gzip file and stdin read the same' '
	$ECREDIT --db d.db init >/dev/null &&
	gzip -c $M/good.log >g.log.gz &&
	$ECREDIT --db d.db import monitoring g.log.gz >out 2>/dev/null &&
	contains out "g.log.gz: read 11 = stored 11" &&
	$ECREDIT --db e.db init >/dev/null &&
	$ECREDIT --db e.db import monitoring - <$M/good.log >out 2>/dev/null &&
	contains out "(stdin): read 11 = stored 11" &&
	sqlite3 d.db "SELECT * FROM monitoring ORDER BY 1,2,3,4" | cut -d"|" -f1-14 >a &&
	sqlite3 e.db "SELECT * FROM monitoring ORDER BY 1,2,3,4" | cut -d"|" -f1-14 >b &&
	same a b
'

check 'truncated gzip: exit 65, nothing stored' '
	$ECREDIT --db d.db init >/dev/null &&
	gzip -c $M/good.log >full.gz &&
	head -c 600 full.gz >cut.gz &&
	expect_code 65 $ECREDIT --db d.db import monitoring cut.gz >out 2>err &&
	contains err "importing '"'"'cut.gz'"'"'" &&
	test "$(sqlite3 d.db "SELECT count(*) FROM monitoring")" = 0 &&
	test "$(sqlite3 d.db "SELECT count(*) FROM import_file")" = 0 &&
	$ECREDIT --db d.db import monitoring full.gz >out 2>/dev/null &&
	contains out "read 11 = stored 11 + duplicate 0 + quarantined 0"
'

check 'every quarantine reason, with packet number and field' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/bad.log >out 2>/dev/null &&
	contains out "read 22 = stored 1 + duplicate 0 + quarantined 21 (warnings 2: flag-version 1, other 1)" &&
	$ECREDIT --db d.db report quarantine --format csv | cut -d, -f2- | cut -c1-90 >q &&
	contains q "packet 1,,no packet header" &&
	contains q "packet 2,LLLL,\"length field says 99, data segment has 180 bytes\"" &&
	contains q "packet 3,CRC,\"CRC mismatch: packet says" &&
	contains q "packet 4,CRC,\"CRC is CRC-16/MODBUS, not HJ 212 Appendix A\"" &&
	contains q "packet 5,CRC,CRC is HJ 212 Appendix A with its bytes swapped" &&
	contains q "packet 6,MN,missing MN" &&
	contains q "packet 7,CN,missing CN" &&
	contains q "packet 8,DataTime,missing DataTime" &&
	contains q "packet 9,DataTime,DataTime is not a valid YYYYMMDDhhmmss" &&
	contains q "packet 10,CP,CP field without" &&
	contains q "packet 11,a21026-Avg,bad number '"'"'abc'"'"'" &&
	contains q "packet 12,a21026-Avg,field given twice" &&
	contains q "packet 13,a21026-Flag,bad data flag" &&
	contains q "packet 14,CP,no pollutant values" &&
	lacks q "packet 15," &&
	contains q "packet 16,PNUM,split packet (Flag bit 1) without PNUM and PNO" &&
	contains q "packet 17,CP,no CP=&&...&& data area" &&
	contains q "packet 18,,line longer than 10240 bytes" &&
	contains q "packet 19,PNO,split packet incomplete at end of file: have 1 of PNUM=3 parts" &&
	contains q "packet 20,PNO,PNO=3 outside 1-2" &&
	contains q "packet 21,a2#026-Avg,bad pollutant code" &&
	contains q "packet 22,CN,CN is not 4 digits" &&
	test "$(sqlite3 d.db "SELECT count(*) FROM monitoring")" = 1
'

check 're-importing a bad log does not quarantine twice' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/bad.log >/dev/null 2>&1 &&
	$ECREDIT --db d.db import monitoring $M/bad.log >out 2>/dev/null &&
	contains out "read 22 = stored 0 + duplicate 1 + quarantined 21" &&
	test "$(sqlite3 d.db "SELECT count(*) FROM quarantine")" = 21
'

check 'MODBUS and swapped CRCs stored and marked when the config accepts them' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/variants.log >out 2>/dev/null &&
	contains out "read 2 = stored 0 + duplicate 0 + quarantined 2" &&
	printf "[monitoring]\naccept_crc = modbus swapped\n" >c.conf &&
	$ECREDIT --db e.db --config c.conf init >/dev/null &&
	$ECREDIT --db e.db --config c.conf import monitoring $M/variants.log >out 2>/dev/null &&
	contains out "read 2 = stored 2 + duplicate 0 + quarantined 0" &&
	test "$(sqlite3 e.db "SELECT group_concat(DISTINCT crc_variant) FROM monitoring")" = "modbus,swapped" &&
	printf "[monitoring]\naccept_crc = modbus\n" >m.conf &&
	$ECREDIT --db f.db --config m.conf init >/dev/null &&
	$ECREDIT --db f.db --config m.conf import monitoring $M/variants.log >out 2>/dev/null &&
	contains out "read 2 = stored 1 + duplicate 0 + quarantined 1"
'

check 'store_minute keeps minute and real-time values' '
	printf "[monitoring]\nstore_minute = yes\n" >c.conf &&
	$ECREDIT --db d.db --config c.conf init >/dev/null &&
	$ECREDIT --db d.db --config c.conf import monitoring $M/good.log >out 2>/dev/null &&
	contains out "read 11 = stored 11" &&
	test "$(sqlite3 d.db "SELECT count(*) FROM monitoring WHERE cn=2051")" = 1 &&
	test "$(sqlite3 d.db "SELECT avg || \"/\" || zs_avg FROM monitoring WHERE cn=2011")" = "12.1/19.0"
'

check 'unknown MN first, its permit later: report shows the uscc' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/good.log >/dev/null 2>&1 &&
	$ECREDIT --db d.db report unmatched --format csv >u &&
	contains u "88888880000001,9,2024-02-29 00:00:00,2024-03-01 11:00:00" &&
	sqlite3 d.db "INSERT INTO permit (permit_no, uscc, status, valid_from, valid_to, content_sha256) VALUES (\"91130200699229617X001P\", \"91130200699229617X\", \"valid\", \"2020-01-01\", \"2030-01-01\", \"x\"); INSERT INTO outlet (permit_no, code, kind, mn) VALUES (\"91130200699229617X001P\", \"DA001\", \"air\", \"88888880000001\")" &&
	$ECREDIT --db d.db report monitoring --format csv >out &&
	contains out "91130200699229617X,DA001,88888880000001,a21026,hour,2024-03-01 09:00:00,12.5" &&
	$ECREDIT --db d.db report unmatched --format csv >u &&
	lacks u 88888880000001 && contains u MN00007 &&
	$ECREDIT --db d.db import monitoring $M/revise.log >/dev/null 2>err &&
	lacks err "match no permit outlet"
'

check 'CRLF, LF, no final newline and blank lines read alike' '
	$ECREDIT --db d.db init >/dev/null &&
	grep -v "^\$" $M/good.log | tr -d "\r" | head -c -1 >lf.log &&
	$ECREDIT --db d.db import monitoring lf.log >out 2>/dev/null &&
	contains out "read 11 = stored 11 + duplicate 0 + quarantined 0"
'

done_testing
