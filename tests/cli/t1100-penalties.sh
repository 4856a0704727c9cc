#!/bin/sh
# import penalties: headers in English and Chinese, the same decision in
# two files and two bracket styles, re-import, conflicting duplicates,
# counts that reconcile, and what is stored.
. "$(dirname "$0")/lib.sh"
P=$FIXTURES/penalties

check 'Chinese header, BOM, CRLF, three date forms' '
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties $P/zh-bom.csv >out 2>err &&
	contains out "zh-bom.csv: read 3 = stored 3 + duplicate 0 + quarantined 0 (warnings 0)" &&
	sqlite3 a.db "SELECT event_id, category, date, coalesce(fine_wan, \"none\"), source FROM event ORDER BY event_id" >ev &&
	printf "%s\n" "海环罚〔2026〕156号|fine|2026-03-05|12.5|penalties" \
		"海环罚〔2026〕157号|warning|2026-04-07|none|penalties" \
		"海环罚〔2026〕158号|suspend-production|2026-05-09|none|penalties" >want &&
	same want ev
'

check 'quoted commas, doubled quotes and newlines are kept; original number kept' '
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties $P/zh-bom.csv >/dev/null &&
	test "$(sqlite3 a.db "SELECT violation FROM event WHERE event_id LIKE \"%156号\"")" = "超标排放大气污染物,二氧化硫" &&
	test "$(sqlite3 a.db "SELECT violation FROM event WHERE event_id LIKE \"%157号\"")" = "未按规定\"公开\"环境信息" &&
	test "$(sqlite3 a.db "SELECT violation = char(24223,27700,36229,26631,10,22810,27425) FROM event WHERE event_id LIKE \"%158号\"")" = 1 &&
	test "$(sqlite3 a.db "SELECT decision_no FROM event WHERE event_id LIKE \"%156号\"")" = "海环罚〔2026〕１５６号" &&
	test "$(sqlite3 a.db "SELECT line FROM event WHERE event_id LIKE \"%158号\"")" = 4
'

check 'the same decision in two files with other brackets is one event' '
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties $P/zh-bom.csv $P/en.csv >out 2>err &&
	contains out "en.csv: read 3 = stored 2 + duplicate 1 + quarantined 0 (warnings 1)" &&
	test "$(sqlite3 a.db "SELECT count(*) FROM event")" = 5 &&
	test "$(sqlite3 a.db "SELECT count(*) FROM event WHERE event_id = \"海环罚〔2026〕156号\"")" = 1 &&
	test "$(sqlite3 a.db "SELECT event_id FROM event WHERE decision_no = \"海环罚 ( 2026 ) 201 号\"")" = "海环罚〔2026〕201号"
'

check 'English header in another order, case-insensitive categories' '
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties $P/en.csv >out 2>err &&
	contains out "read 3 = stored 3 + duplicate 0 + quarantined 0" &&
	test "$(sqlite3 a.db "SELECT group_concat(category, \" \") FROM (SELECT category FROM event ORDER BY line)")" = "fine commitment daily-fine"
'

check 're-import stores nothing twice' '
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties $P/zh-bom.csv $P/en.csv >/dev/null 2>&1 &&
	$ECREDIT --db a.db import penalties $P/zh-bom.csv $P/en.csv >out 2>err &&
	contains out "zh-bom.csv: read 3 = stored 0 + duplicate 3 + quarantined 0 (warnings 0)" &&
	contains out "en.csv: read 3 = stored 0 + duplicate 3 + quarantined 0 (warnings 0)" &&
	test "$(sqlite3 a.db "SELECT count(*) FROM event")" = 5 &&
	test ! -s err
'

check 'a bad USCC check character is stored with a warning' '
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties $P/en.csv >out 2>err &&
	contains err "line 4: uscc '"'"'91320684MA1MABCD5X'"'"' has a bad check character (expected '"'"'2'"'"'); stored" &&
	test "$(sqlite3 a.db "SELECT uscc_ok FROM enterprise WHERE uscc = \"91320684MA1MABCD5X\"")" = 0
'

check 'same number, other content: duplicate, first kept, warning names both places' '
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties $P/zh-bom.csv $P/conflict.csv >out 2>err &&
	contains out "conflict.csv: read 1 = stored 0 + duplicate 1 + quarantined 0 (warnings 1)" &&
	contains err "conflict.csv: line 2: decision '"'"'海环罚［2026］156号'"'"' is already stored from" &&
	contains err "zh-bom.csv'"'"' line 2 with a different decided_on, violation, basis" &&
	test "$(sqlite3 a.db "SELECT date FROM event WHERE event_id = \"海环罚〔2026〕156号\"")" = 2026-03-05
'

check 'enterprises get their name and earliest date' '
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties $P/zh-bom.csv $P/gb-source.csv >/dev/null &&
	test "$(sqlite3 a.db "SELECT name, first_seen, uscc_ok FROM enterprise WHERE uscc = \"91320684MA1MABCD1M\"")" = "海门某热电有限公司|2025-12-31|1" &&
	test "$(sqlite3 a.db "SELECT count(*) FROM enterprise")" = 3
'

check 'import_file records the counts and the encoding' '
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db import penalties $P/zh-bom.csv $P/bad.csv >/dev/null &&
	sqlite3 a.db "SELECT read, stored, duplicate, quarantined, extra FROM import_file ORDER BY id" >got &&
	printf "%s\n" "3|3|0|0|{\"encoding\":\"UTF-8\",\"bom\":true,\"blank\":0}" \
		"18|1|0|17|{\"encoding\":\"UTF-8\",\"bom\":false,\"blank\":3}" >want &&
	same want got
'

check 'quiet mode prints no counts' '
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT -q --db a.db import penalties $P/zh-bom.csv >out &&
	test ! -s out
'

done_testing
