#!/bin/sh
# import penalties: every quarantine reason, whole-file rejections (exit
# 65, nothing stored), missing files (exit 66), GB18030 and stdin.
. "$(dirname "$0")/lib.sh"
P=$FIXTURES/penalties
HEAD=decision_no,uscc,name,decided_on,category,violation,fine_wan,authority,basis

check 'every bad record is quarantined with line, field and reason' '
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties $P/bad.csv >out &&
	contains out "bad.csv: read 18 = stored 1 + duplicate 0 + quarantined 17 (warnings 0)" &&
	$ECREDIT --db a.db report quarantine --format csv >q &&
	contains q "source_file,position,field,reason,raw" &&
	sed "s|^[^,]*/bad.csv,||" q >got &&
	contains got "line 2,decision_no,empty," &&
	contains got "line 3,decision_no,longer than 128 bytes: " &&
	contains got "line 4,uscc,empty,\"B-3,,甲,2026-01-05,fine,,1,,\"" &&
	contains got "line 5,uscc,\"not a unified social credit code (18 characters, GB 32100-2015): '"'"'12345'"'"'\"" &&
	contains got "line 6,decided_on,\"not a date (YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日): '"'"'05/03/2026'"'"'\"" &&
	contains got "line 7,decided_on,no such day: '"'"'2026-02-30'"'"'" &&
	contains got "line 8,decided_on,year out of range: '"'"'1800-01-01'"'"'" &&
	contains got "line 9,decided_on,empty," &&
	contains got "line 10,category,empty," &&
	contains got "line 11,category,unknown category: '"'"'罚没'"'"'" &&
	contains got "line 12,category,\"derived from online monitoring data, not accepted from CSV: '"'"'monitoring-exceedance'"'"'\"" &&
	contains got "line 13,fine_wan,not a number: '"'"'12万'"'"'" &&
	contains got "line 14,fine_wan,negative amount: '"'"'-3'"'"'" &&
	contains got "line 15,,\"5 fields, the header has 9\",\"B-14," &&
	contains got "line 16,,\"10 fields, the header has 9\"" &&
	contains got "line 17,,quote inside unquoted field 6," &&
	contains got "line 18,,text after a closing quote in field 6," &&
	test "$(grep -c "^line " got)" = 17 &&
	test "$(sqlite3 a.db "SELECT event_id || \" \" || line FROM event")" = "B-OK 22"
'

check 're-importing a file with bad records quarantines nothing twice' '
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties $P/bad.csv >/dev/null &&
	$ECREDIT --db a.db import penalties $P/bad.csv >out &&
	contains out "read 18 = stored 0 + duplicate 1 + quarantined 17" &&
	test "$(sqlite3 a.db "SELECT count(*) FROM quarantine")" = 17
'

check 'NUL byte, overlong field, too many fields: quarantined, file goes on' '
	{ echo $HEAD; printf "N-1,91320684MA1MABCD1M,a\000b,2026-01-05,fine,,,,\n";
	  printf "N-2,91320684MA1MABCD1M,%s,2026-01-05,fine,,,,\n" "$(head -c 20000 /dev/zero | tr "\0" x)";
	  echo "N-3$(head -c 70 /dev/zero | sed "s/\x0/,/g")";
	  echo "N-4,91320684MA1MABCD1M,a,2026-01-05,fine,,,,"; } >n.csv &&
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties n.csv >out &&
	contains out "read 4 = stored 1 + duplicate 0 + quarantined 3" &&
	sqlite3 a.db "SELECT position || \": \" || reason || \" \" || length(raw) FROM quarantine" >got &&
	contains got "line 2: NUL byte in field 3 45" &&
	contains got "line 3: field 3 longer than 16384 bytes 4096" &&
	contains got "line 4: more than 64 fields 73"
'

check 'GB18030 file converted at test time' '
	iconv -f UTF-8 -t GB18030 $P/gb-source.csv >gb.csv &&
	! iconv -f UTF-8 -t UTF-8 gb.csv >/dev/null 2>&1 &&
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties gb.csv >out &&
	contains out "gb.csv: read 2 = stored 2 + duplicate 0 + quarantined 0" &&
	test "$(sqlite3 a.db "SELECT name || \" \" || category || \" \" || date || \" \" || fine_wan FROM event WHERE event_id = \"通环罚〔2025〕88号\"")" = "海门某热电有限公司 daily-fine 2025-12-31 100.0" &&
	test "$(sqlite3 a.db "SELECT extra FROM import_file")" = "{\"encoding\":\"GB18030\",\"bom\":false,\"blank\":0}"
'

check 'GB18030 and UTF-8 copies of one file are the same events' '
	iconv -f UTF-8 -t GB18030 $P/gb-source.csv >gb.csv &&
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties gb.csv $P/gb-source.csv >out &&
	contains out "gb-source.csv: read 2 = stored 0 + duplicate 2 + quarantined 0 (warnings 0)"
'

check 'GB18030 with a GB18030 BOM' '
	{ printf "\204\061\225\063"; iconv -f UTF-8 -t GB18030 $P/gb-source.csv; } >gbbom.csv &&
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties gbbom.csv >out &&
	contains out "read 2 = stored 2" &&
	test "$(sqlite3 a.db "SELECT extra FROM import_file")" = "{\"encoding\":\"GB18030\",\"bom\":true,\"blank\":0}"
'

check 'undecodable file: exit 65, nothing stored, reason on stderr' '
	{ cat $P/zh-bom.csv; printf "X-1,91320684MA1MABCD1M,\200\377,2026-01-05,fine,,,,\n"; } >bin.csv &&
	$ECREDIT --db a.db init >/dev/null &&
	expect_code 65 $ECREDIT --db a.db import penalties bin.csv >out 2>err &&
	contains err "ecredit: error: importing '"'"'bin.csv'"'"': cannot decode: neither UTF-8 (line 6: invalid UTF-8 byte 0x80) nor GB18030: line " &&
	test "$(sqlite3 a.db "SELECT (SELECT count(*) FROM event) + (SELECT count(*) FROM import_file) + (SELECT count(*) FROM quarantine) + (SELECT count(*) FROM enterprise)")" = 0
'

check 'UTF-16 file: exit 65 with a hint' '
	printf "\377\376d\000\n\000" >u16.csv &&
	$ECREDIT --db a.db init >/dev/null &&
	expect_code 65 $ECREDIT --db a.db import penalties u16.csv 2>err &&
	contains err "UTF-16 is not accepted"
'

check 'missing file: exit 66; the other files are still imported' '
	$ECREDIT --db a.db init >/dev/null &&
	expect_code 66 $ECREDIT --db a.db import penalties nope.csv $P/en.csv >out 2>err &&
	contains err "nope.csv" &&
	contains out "en.csv: read 3 = stored 3" &&
	test "$(sqlite3 a.db "SELECT count(*) FROM import_file")" = 1
'

check 'missing required column: exit 65 naming it' '
	echo "decision_no,uscc,name,category" >m.csv &&
	echo "A-1,91320684MA1MABCD1M,甲,fine" >>m.csv &&
	$ECREDIT --db a.db init >/dev/null &&
	expect_code 65 $ECREDIT --db a.db import penalties m.csv 2>err &&
	contains err "line 1: the header has no column '"'"'decided_on'"'"' (处罚决定日期)" &&
	test "$(sqlite3 a.db "SELECT count(*) FROM event")" = 0
'

check 'a column named twice: exit 65' '
	echo "decision_no,uscc,name,decided_on,category,行政处罚决定书文号" >m.csv &&
	$ECREDIT --db a.db init >/dev/null &&
	expect_code 65 $ECREDIT --db a.db import penalties m.csv 2>err &&
	contains err "column '"'"'decision_no'"'"' appears twice (fields 1 and 6)"
'

check 'empty file and unterminated quote: exit 65, nothing stored' '
	: >e.csv &&
	{ echo $HEAD; echo "Q-1,91320684MA1MABCD1M,a,2026-01-05,fine,,,,";
	  echo "Q-2,91320684MA1MABCD1M,\"a,2026-01-05,fine,,,,"; } >q.csv &&
	$ECREDIT --db a.db init >/dev/null &&
	expect_code 65 $ECREDIT --db a.db import penalties e.csv 2>err &&
	contains err "no header row" &&
	expect_code 65 $ECREDIT --db a.db import penalties q.csv 2>err &&
	contains err "line 3: quoted field never closed" &&
	test "$(sqlite3 a.db "SELECT count(*) FROM event")" = 0
'

check 'empty rows before the header are skipped and counted as blank' '
	printf ",,\n\n%s\nA-1,91320684MA1MABCD1M,x,2026-01-01,fine,,,,\n" $HEAD >h.csv &&
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties h.csv >out &&
	contains out "read 1 = stored 1" &&
	test "$(sqlite3 a.db "SELECT line FROM event")" = 4 &&
	test "$(sqlite3 a.db "SELECT extra FROM import_file")" = "{\"encoding\":\"UTF-8\",\"bom\":false,\"blank\":2}"
'

check 'standard input' '
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties - <$P/en.csv >out &&
	contains out "(stdin): read 3 = stored 3"
'

done_testing
