# The kill trial of t6003 and tests/torture.sh (after lib-nightly.sh and
# pipeline_setup). kill_trial SPEC:
#   CLASS:N:KILL|KILLAFTER   SIGKILL from the fault shim at that call
#   random:K                 K runs in a row, each killed at a random moment
# then reruns until the run completes and compares with the reference.
# Each trial is logged in $WORK/trials.log.
_seq=0

random_delay() {
	_seq=$((_seq + 1))
	awk -v max="$(cat $WORK/ref.secs)" -v s="$(od -An -N4 -tu4 /dev/urandom)" \
		'BEGIN { srand(s); printf "%.3f\n", 0.02 + rand() * max }'
}

kill_trial() {
	restore || return 1
	_first=""
	case $1 in
	random:*)
		for _k in $(seq 1 ${1#random:}); do
			_d=$(random_delay)
			_r=0
			(cd $WORK/city && exec timeout -s KILL $_d $ECREDIT --config ecredit.conf \
				nightly --as-of $DATE) >/dev/null 2>&1 || _r=$?
			_first="$_first ${_d}s:$_r"
		done
		;;
	*)
		_r=0
		ECREDIT_FAULT=$1 LD_PRELOAD=$FAULT_SO nightly_in $WORK/city \
			>/dev/null 2>$WORK/kill.err || _r=$?
		_first=$_r
		case $_r in
		137 | 0 | 1 | 65) ;;
		*) echo "$1: exit $_r" >&2; cat $WORK/kill.err >&2; return 1 ;;
		esac
		;;
	esac
	echo "$1 first:$_first" >>$WORK/trials.log
	if ! { integrity $WORK/city && inputs_once $WORK/city killed &&
		clean_outbox $WORK/city killed && finish $WORK/city >/dev/null && same_as_ref; }; then
		echo "FAILED trial $1 (first run:$_first)" >&2
		echo "FAILED $1" >>$WORK/trials.log
		return 1
	fi
}
