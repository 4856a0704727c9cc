#!/bin/sh
# Issue 12: line ends and text hygiene. A CR-only penalties CSV imports its
# rows; a control character in a CSV text field quarantines the record,
# naming the field; every report format stays valid whatever was stored,
# and text output shows control characters escaped.
. "$(dirname "$0")/lib.sh"
P=$FIXTURES/penalties
M=$FIXTURES/monitoring

check 'a CR-only penalties CSV imports its rows like the LF one' '
	$ECREDIT --db a.db init >/dev/null && $ECREDIT --db b.db init >/dev/null &&
	$ECREDIT --db a.db import penalties $P/cr-only.csv >out 2>/dev/null &&
	contains out "cr-only.csv: read 3 = stored 3 + duplicate 0 + quarantined 0" &&
	$ECREDIT --db b.db import penalties $P/en.csv >/dev/null 2>&1 &&
	sqlite3 a.db "SELECT event_id, uscc, name, date, violation, fine_wan, line FROM event ORDER BY 1" >a &&
	sqlite3 b.db "SELECT event_id, uscc, name, date, violation, fine_wan, line FROM event ORDER BY 1" >b &&
	same a b
'

check 'control characters in CSV text fields: record quarantined, field named' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import penalties $P/control.csv >out 2>/dev/null &&
	contains out "control.csv: read 6 = stored 2 + duplicate 0 + quarantined 4" &&
	$ECREDIT --db d.db report quarantine --format csv >q &&
	contains q "line 2,name,control character U+0001 at byte 5" &&
	contains q "line 3,name,control character U+001B at byte 1" &&
	contains q "line 4,decision_no,control character U+007F at byte 6" &&
	contains q "line 5,authority,control character U+0009 at byte 3" &&
	test "$(sqlite3 d.db "SELECT event_id || \"|\" || name FROM event ORDER BY 1" | tr "\n" " ")" = "CTL-5|ACME CTL-6|ACME " &&
	test "$(sqlite3 d.db "SELECT count(*) FROM event WHERE violation = \"line one\" || char(10) || \"line two\"")" = 1
'

check 'report quarantine: text escaped, csv/json/xml valid whatever was stored' '
	$ECREDIT --db d.db init >/dev/null &&
	$ECREDIT --db d.db import monitoring $M/hostile-text.log >/dev/null 2>&1 &&
	$ECREDIT --db d.db import penalties $P/control.csv >/dev/null 2>&1 &&
	$ECREDIT --db d.db report quarantine >t &&
	contains t "garbage \\x01\\x1b[31mred\\x1b[0m" &&
	! grep -q "$(printf "\033")" t &&
	iconv -f UTF-8 -t UTF-8 t >/dev/null &&
	$ECREDIT --db d.db report quarantine --format xml >x.xml &&
	xmllint --noout x.xml &&
	contains x.xml "&lt;&amp;&gt;" &&
	$ECREDIT --db d.db report quarantine --format json >j.json &&
	python3 -c "import json,sys; r=json.load(open(\"j.json\", encoding=\"utf-8\")); sys.exit(0 if len(r) == 6 else 1)" &&
	$ECREDIT --db d.db report quarantine --format csv >c.csv &&
	iconv -f UTF-8 -t UTF-8 c.csv >/dev/null &&
	python3 -c "import csv,sys; r=list(csv.reader(open(\"c.csv\", encoding=\"utf-8\", newline=\"\"))); sys.exit(0 if len(r) == 7 else 1)"
'

check 'a HJ 212 receive stamp with control characters is quarantined' '
	$ECREDIT --db d.db init >/dev/null &&
	printf "\033[2J " >s.log && tail -n 1 $M/late-correction.log | sed "s/^2026-11-28 03:00:00 //" >>s.log &&
	$ECREDIT --db d.db import monitoring s.log >out 2>/dev/null &&
	contains out "read 1 = stored 0 + duplicate 0 + quarantined 1" &&
	$ECREDIT --db d.db report quarantine --format csv >q &&
	contains q "packet 1,stamp,control character or invalid UTF-8 in the receive stamp"
'

done_testing
