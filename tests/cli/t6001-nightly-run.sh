#!/bin/sh
# nightly on the fixture city: the whole job, its summary, files moved,
# packages written, a completed date, --force, the data-quality threshold,
# the alert file, determinism of two uninterrupted runs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-nightly.sh"
pipeline_setup

pcheck 'the whole job runs; a truncated file is rejected (65)' '
	test "$(cat $WORK/ref.rc)" = 65 &&
	contains $WORK/ref.err "1 input file(s) rejected" &&
	o=$WORK/ref.out &&
	contains $o "nightly 2026-11-27: run 2026-11-27.1 completed" &&
	contains $o "import: 4 files (1 rejected): read " &&
	contains $o "problem: permits/zz-truncated.xml: " &&
	contains $o "rate: " && contains $o "绿色 green" &&
	contains $o "link (alert all): exemptions " &&
	for c in tax finance pricing public bureau; do
		contains $o "outbox/$c-2026-11-27-1.tar.gz" || exit 1
	done
'

pcheck 'input files moved to done and rejected, with a reason' '
	grep -q "^./done/2026-11-27/2026-11-27-permits.xml$" $WORK/ref.snap &&
	grep -q "^./done/2026-11-27/2026-11-27-penalties.csv$" $WORK/ref.snap &&
	grep -q "^./done/2026-11-27/2026-11-27-hj212.log$" $WORK/ref.snap &&
	grep -q "^./rejected/2026-11-27/zz-truncated.xml$" $WORK/ref.snap &&
	grep -q "^./rejected/2026-11-27/zz-truncated.xml.reason$" $WORK/ref.snap &&
	! grep -q "^./permits/" $WORK/ref.snap
'

pcheck 'every step is in the ledger and report runs shows it' '
	restore && { nightly_in $WORK/city >/dev/null 2>&1 || true; } &&
	(cd $WORK/city && $ECREDIT --config ecredit.conf report runs --format csv) >runs &&
	for s in import:permits:2026-11-27-permits.xml import rate link report \
		export:tax export:bureau; do
		grep "2026-11-27.1,2026-11-27,$s,committed" runs >/dev/null ||
			{ echo "no committed $s"; cat runs; exit 1; }
	done
'

pcheck 'the run report is in the bureau package' '
	mkdir x && tar -xzf $WORK/city/outbox/bureau-2026-11-27-1.tar.gz -C x &&
	grep -rl "zz-truncated.xml" x >/dev/null && grep -rl "2026-11-27.1" x >/dev/null
'

pcheck 'a completed date is skipped; --force runs it again with new sequences' '
	restore
	nightly_in $WORK/city >out 2>err || true
	nightly_in $WORK/city >out 2>err && contains out "already done by run 2026-11-27.1" &&
	nightly_in $WORK/city --force >out 2>err &&
	contains out "run 2026-11-27.2 completed" &&
	test -f $WORK/city/outbox/tax-2026-11-27-2.tar.gz &&
	contains $WORK/city/outbox/tax-2026-11-27-2.release "Run-Id: 2026-11-27.2"
'

pcheck 'a file over the quarantine threshold: run completes, exit 1, says which' '
	restore && rm $WORK/city/inbox/permits/zz-truncated.xml &&
	sed -i "s/max_quarantine_pct = 50/max_quarantine_pct = 10/" $WORK/city/ecredit.conf &&
	expect_code 1 nightly_in $WORK/city >out 2>err &&
	contains out "completed" &&
	contains out "problem: penalties/2026-11-27-penalties.csv: 1 of 5 records quarantined (20.00%)" &&
	contains err "over quality.max_quarantine_pct" &&
	mkdir x && tar -xzf $WORK/city/outbox/bureau-2026-11-27-1.tar.gz -C x &&
	grep -rl "2026-11-27-penalties.csv" x >/dev/null
'

pcheck 'the alert file picks the level' '
	restore && echo red >$WORK/city/alert.txt &&
	printf "[alert]\nfile = alert.txt\nlevel = yellow\n" >>$WORK/city/ecredit.conf &&
	expect_code 65 nightly_in $WORK/city >out 2>err && contains out "link (alert red)"
'

pcheck 'two uninterrupted runs give the same database and packages' '
	restore && expect_code 65 nightly_in $WORK/city >/dev/null 2>&1 &&
	same_as_ref
'

pcheck 'without a terminal: one line per step on stderr' '
	contains $WORK/ref.err "import permits 2026-11-27-permits.xml: read " &&
	contains $WORK/ref.err "rate: " && lacks $WORK/ref.err "ETA"
'

pipeline_cleanup
done_testing
