#!/bin/sh
# The harness itself: a check fails when any of its lines fails, not only
# the last one (a case run as the condition of an `if` would ignore set -e).
. "$(dirname "$0")/lib.sh"

# inner BODY: run one check with BODY through a fresh copy of the harness
# and print its TAP output.
inner() {
	printf '%s\n' ". \"$TOP/tests/cli/lib.sh\"" "check 'inner' '$1'" \
		'done_testing' >inner.sh
	sh inner.sh >out 2>&1 || true
}

check 'a failing middle line fails the check' '
	inner "false
	true" &&
	contains out "not ok 1 - inner"
'

check 'a failing command inside a helper function fails it' '
	inner "f() { false; true; }
	f
	true" &&
	contains out "not ok 1 - inner"
'

check 'a case whose lines all succeed passes' '
	inner "true
	true" &&
	contains out "ok 1 - inner" && lacks out "not ok"
'

check 'the output of a failed case is shown' '
	inner "echo visible-reason >&2
	false
	true" &&
	contains out "visible-reason"
'
done_testing
