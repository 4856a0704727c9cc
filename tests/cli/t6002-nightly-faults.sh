#!/bin/sh
# nightly under I/O faults (tests/faultinject.c, LD_PRELOAD): the Nth
# write, fsync or rename fails with ENOSPC or EIO. The run exits 74 with a
# clear message, leaves no partial package and no half-moved input, and a
# rerun without the fault ends exactly like an uninterrupted run.
# Also: two runs at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-nightly.sh"
pipeline_setup

# fault_trial SPEC: one faulty run, then a clean rerun. A fault that hits
# a write nobody needed (the run still completes) is allowed but counted.
fault_trial() {
	restore || return 1
	_rc=0
	ECREDIT_FAULT=$1 LD_PRELOAD=$FAULT_SO nightly_in $WORK/city >out 2>err || _rc=$?
	if [ $_rc = 74 ]; then
		contains err "ecredit: error: nightly 2026-11-27 (run 2026-11-27.1): " &&
		grep -E "No space left on device|disk is full|disk I/O error|Input/output error" err >/dev/null &&
		contains err "resumes it" || return 1
		echo 74 >>$WORK/fault.hits
	elif [ $_rc != "$(cat $WORK/ref.rc)" ]; then
		echo "fault $1: exit $_rc" >&2; cat err >&2; return 1
	fi
	clean_outbox $WORK/city && inputs_once $WORK/city && integrity $WORK/city &&
	finish $WORK/city >/dev/null && same_as_ref
}

pcheck 'a full disk at the Nth write: exit 74, nothing partial, rerun completes' '
	for n in $(spread_calls write 4); do fault_trial write:$n+:ENOSPC || exit 1; done
'

pcheck 'an fsync I/O error: exit 74, nothing partial, rerun completes' '
	for n in $(spread_calls fsync 3); do fault_trial fsync:$n:EIO || exit 1; done
'

pcheck 'a failing rename (file move, package publication): exit 74' '
	for n in $(seq 1 $(ref_count rename)); do fault_trial rename:$n:EIO || exit 1; done
'

pcheck 'most faults were fatal (the tests aimed inside the run)' '
	test "$(wc -l <$WORK/fault.hits)" -ge 5
'

# The second run's checks are collected in r (they were chained to `|| true`,
# which made them unable to fail; expect_code's own message goes to b.err);
# the first run is always waited for before the database is looked at.
check 'two runs at once: the second exits 75 naming the first; the first completes' '
	if [ -n "$MISSING" ]; then
		make_city $WORK/two
		d=$WORK/two
	else
		restore
		d=$WORK/city
	fi
	ECREDIT_FAULT=fsync:1:SLEEP ECREDIT_FAULT_SLEEP_MS=2500 LD_PRELOAD=$FAULT_SO \
		nightly_in $d >a.out 2>a.err &
	pid=$!
	sleep 0.8
	r=0
	{ expect_code 75 nightly_in $d >b.out 2>b.err &&
	contains b.err "locked by another run (pid" &&
	contains b.err "try again later" &&
	lacks b.err "resumes it"; } || r=$?
	first=0
	wait $pid || first=$?
	test $r = 0 || { echo "the second run, while the first held the lock:"; cat b.err; exit 1; }
	integrity $d
	if [ -z "$MISSING" ]; then
		test "$first" = "$(cat $WORK/ref.rc)" && same_as_ref
	else
		contains a.err "not built yet"
	fi
'

pipeline_cleanup
done_testing
