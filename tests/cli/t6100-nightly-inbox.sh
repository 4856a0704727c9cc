#!/bin/sh
# The night's inbox checks: entries that are not regular files, file names
# that are not UTF-8, files still being written (inbox.settle_seconds), an
# expected inbox that is empty (inbox.expected), and their config keys.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-nightly.sh"

# set_key KEY VALUE: replace a key's line in the city's config.
set_key() {
	sed -i "s|^$1 = .*|$1 = $2|" ecredit.conf && grep -q "^$1 = $2\$" ecredit.conf
}
# add_key KEY VALUE: a new line in [inbox] (after settle_seconds).
add_key() {
	sed -i "/^settle_seconds = /a $1 = $2" ecredit.conf && grep -q "^$1 = $2\$" ecredit.conf
}

check 'entries that are not files: a warning naming each, every night; never followed' '
	make_city c && m=c/inbox/monitoring &&
	ln -s /etc/passwd $m/link.log && mkdir $m/folder.log && mkfifo $m/pipe.log &&
	rm c/inbox/permits/zz-truncated.xml &&
	nightly_in c >out 2>err &&
	contains err "3 entries of inbox '"'"'inbox/monitoring'"'"' not read (not regular files, never followed)" &&
	contains err "\"name\":\"link.log\",\"type\":\"symbolic link\"" &&
	contains err "\"name\":\"folder.log\",\"type\":\"folder\"" &&
	contains err "\"name\":\"pipe.log\",\"type\":\"named pipe (FIFO)\"" &&
	contains out "inbox: monitoring/link.log is a symbolic link, not a file: not read" &&
	contains out "inbox: monitoring/pipe.log is a named pipe (FIFO), not a file: not read" &&
	test -L $m/link.log && test -d $m/folder.log && test -p $m/pipe.log &&
	test "$(sqlite3 c/ecredit.db "SELECT count(*) FROM import_file WHERE path LIKE '"'"'%passwd%'"'"' OR path LIKE '"'"'%link%'"'"'")" = 0 &&
	test "$(sqlite3 c/ecredit.db "SELECT json_array_length(counts, '"'"'\$.not_files'"'"') FROM run_step WHERE step = '"'"'import'"'"'")" = 3 &&
	nightly_in c --force >out2 2>err2 &&
	contains err2 "3 entries of inbox" &&
	contains out2 "inbox: monitoring/folder.log is a folder, not a file: not read"
'

check 'a GB18030 (GBK) file name is stored as UTF-8: run report and imports.csv stay valid UTF-8' '
	make_city c && p=c/inbox/penalties &&
	gbk=$(printf "\\264\\246\\267\\243.csv") &&
	mv $p/2026-11-27-penalties.csv "$p/$gbk" &&
	rm c/inbox/permits/zz-truncated.xml &&
	nightly_in c >out 2>err &&
	contains err "import penalties 处罚.csv: read 5" &&
	test -f "c/inbox/done/2026-11-27/$gbk" &&
	test "$(sqlite3 c/ecredit.db "SELECT count(*) FROM import_file WHERE path = '"'"'inbox/penalties/处罚.csv'"'"'")" = 1 &&
	mkdir x && tar -xzf c/outbox/bureau-2026-11-27-1.tar.gz -C x &&
	for f in run-report.json imports.csv imports.xml runs.csv; do
		iconv -f UTF-8 -t UTF-8 x/bureau-2026-11-27-1/data/$f >/dev/null ||
			{ echo "$f is not UTF-8"; exit 1; }
	done &&
	contains x/bureau-2026-11-27-1/data/run-report.json "处罚.csv" &&
	contains x/bureau-2026-11-27-1/data/imports.csv "inbox/penalties/处罚.csv"
'

check 'a name that is neither UTF-8 nor GB18030 is escaped (\xNN), the file still imported' '
	make_city c && p=c/inbox/penalties &&
	bad=$(printf "p\\377\\001.csv") &&
	mv $p/2026-11-27-penalties.csv "$p/$bad" &&
	nightly_in c >out 2>err || true
	test -f "c/inbox/done/2026-11-27/$bad" &&
	test "$(sqlite3 c/ecredit.db "SELECT path FROM import_file WHERE kind = '"'"'penalties'"'"'")" = "inbox/penalties/p\\xFF\\x01.csv" &&
	iconv -f UTF-8 -t UTF-8 out >/dev/null
'

check 'a file modified within inbox.settle_seconds is left for the next night, with a note' '
	make_city c && (cd c && set_key settle_seconds 3600) &&
	rm c/inbox/permits/zz-truncated.xml &&
	touch -d "2 hours ago" c/inbox/*/* && touch c/inbox/penalties/2026-11-27-penalties.csv &&
	nightly_in c >out 2>err &&
	test -f c/inbox/penalties/2026-11-27-penalties.csv &&
	test -f c/inbox/done/2026-11-27/2026-11-27-hj212.log &&
	contains err "import penalties 2026-11-27-penalties.csv: modified " &&
	contains err "within inbox.settle_seconds = 3600: it may still be written; left for the next night" &&
	contains out "problem: penalties/2026-11-27-penalties.csv: modified " &&
	test "$(sqlite3 c/ecredit.db "SELECT count(*) FROM import_file WHERE kind = '"'"'penalties'"'"'")" = 0 &&
	touch -d "2 hours ago" c/inbox/penalties/2026-11-27-penalties.csv &&
	(cd c && expect_code 1 $ECREDIT --config ecredit.conf nightly --as-of 2026-11-28 >../out2 2>../err2) &&
	test -f c/inbox/done/2026-11-28/2026-11-27-penalties.csv &&
	contains err2 "no monitoring file to import tonight"
'

check 'an expected inbox without a file is a warning and exit 1; inbox.expected = none is quiet' '
	make_city c && rm c/inbox/monitoring/* c/inbox/permits/zz-truncated.xml &&
	expect_code 1 nightly_in c >out 2>err &&
	contains err "no monitoring file to import tonight in '"'"'inbox/monitoring'"'"' (inbox.expected lists it)" &&
	contains err "data quality: 1 expected inbox(es) empty" &&
	contains out "data: no monitoring file tonight (inbox.expected)" &&
	(cd c && add_key expected none) &&
	nightly_in c --force >out 2>err &&
	lacks err "no monitoring file" &&
	make_city d && rm d/inbox/permits/* &&
	(cd d && add_key expected "permits, monitoring") &&
	expect_code 1 nightly_in d >out 2>err &&
	contains err "no permits file to import tonight" &&
	lacks err "no monitoring file"
'

check 'the new keys are checked up front (78, file:line)' '
	make_city c && cd c &&
	set_key settle_seconds -1 && expect_code 78 $ECREDIT --config ecredit.conf nightly --as-of 2026-11-27 2>err &&
	contains err "ecredit.conf:9: '"'"'-1'"'"' for '"'"'settle_seconds'"'"'" &&
	set_key settle_seconds 0 && add_key expected "monitoring, faxes" &&
	expect_code 78 $ECREDIT --config ecredit.conf nightly --as-of 2026-11-27 2>err &&
	contains err "unknown inbox kind '"'"'faxes'"'"'" &&
	set_key expected monitoring && printf "[monitoring]\\ngap_pct = 101\\n" >>ecredit.conf &&
	expect_code 78 $ECREDIT --config ecredit.conf nightly --as-of 2026-11-27 2>err &&
	contains err "monitoring.gap_pct" &&
	expect_code 78 $ECREDIT --config ecredit.conf rate --as-of 2026-11-27 2>err &&
	sed -i "s/^gap_pct = 101/max_ratio = 1/" ecredit.conf &&
	expect_code 78 $ECREDIT --config ecredit.conf nightly --as-of 2026-11-27 2>err &&
	contains err "monitoring.max_ratio"
'

check 'the night applies the physical bounds of the rule set, as import does' '
	make_city c &&
	rm c/inbox/permits/zz-truncated.xml &&
	cp "$FIXTURES/monitoring/values.log" c/inbox/monitoring/values.log &&
	nightly_in c >out 2>err || true
	$ECREDIT --db c/ecredit.db report quarantine --format csv >r &&
	contains r "implausible value 3e+06: above the physical bound 2.86e+06 of a21026 (rule set)"
'

done_testing
