#!/bin/sh
# make torture: the nightly job killed with SIGKILL at many points and hit
# by I/O faults, each time followed by clean reruns that must end exactly
# like an uninterrupted run (integrity_check ok, the same rows, the same
# packages byte for byte, every input file in exactly one place).
# TRIALS (default 60) sets the number of kill trials; a few fault trials
# come on top. Prints TAP and a closing line with the figures.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
: "${TRIALS:=60}"
: "${TMPROOT:=${TMPDIR:-/tmp}}"
export TOP TMPROOT
. "$TOP/tests/cli/lib.sh"
. "$TOP/tests/cli/lib-nightly.sh"
. "$TOP/tests/cli/lib-kill.sh"
pipeline_setup
if [ -n "$MISSING" ]; then
	echo "torture: cannot run, the pipeline is not built yet:$MISSING" >&2
	exit 1
fi
echo "# reference run: exit $(cat $WORK/ref.rc), $(cat $WORK/ref.secs)s, calls: $(cat $WORK/ref.counts | head -1)"

specs=$WORK/specs
: >"$specs"
# every file move and package publication, killed before and after
r=$(ref_count rename)
for n in $(seq 1 "$r"); do
	echo "rename:$n:KILL" >>"$specs"
	echo "rename:$n:KILLAFTER" >>"$specs"
done
# commit points and writes, spread over the run
k=$(( (TRIALS - 2 * r) / 3 ))
[ "$k" -lt 5 ] && k=5
for n in $(spread_calls fsync "$k"); do echo "fsync:$n:KILL" >>"$specs"; done
for n in $(spread_calls write "$k"); do echo "write:$n:KILL" >>"$specs"; done
# random moments, some twice in a row (the resumed run killed as well)
while [ "$(wc -l <"$specs")" -lt "$TRIALS" ]; do
	echo "random:1" >>"$specs"
	echo "random:2" >>"$specs"
done

for spec in $(cat "$specs"); do
	check "kill $spec, rerun" "kill_trial $spec"
done

# I/O faults: exit 74 with the reason, nothing partial, rerun completes
fault() {
	restore
	_rc=0
	ECREDIT_FAULT=$1 LD_PRELOAD=$FAULT_SO nightly_in $WORK/city >/dev/null 2>$WORK/f.err || _rc=$?
	case $_rc in
	74) grep -q "ecredit: error: " $WORK/f.err || return 1 ;;
	"$(cat $WORK/ref.rc)") ;;
	*) echo "exit $_rc" >&2; cat $WORK/f.err >&2; return 1 ;;
	esac
	clean_outbox $WORK/city && inputs_once $WORK/city && integrity $WORK/city &&
		finish $WORK/city >/dev/null && same_as_ref
}
for n in $(spread_calls write 6); do check "write:$n+:ENOSPC, rerun" "fault write:$n+:ENOSPC"; done
for n in $(spread_calls fsync 4); do check "fsync:$n:EIO, rerun" "fault fsync:$n:EIO"; done

trials=$(wc -l <"$WORK/trials.log")
failed=$(grep -c '^FAILED' "$WORK/trials.log")
echo "# torture: $trials kill trials, $failed failed; $((_n - $(wc -l <"$specs"))) fault trials"
grep '^FAILED' "$WORK/trials.log" | sed 's/^/# /'
pipeline_cleanup
done_testing
