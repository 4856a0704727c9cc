#!/bin/sh
# The whole suite: unit tests (cmocka, TAP), CLI tests (tests/cli/t*.sh,
# TAP), and the fuzz corpora replayed through gcc-built targets.
# Environment: ECREDIT (the binary), BUILD (the build folder).
# Ends with one line "N passed, N failed"; exits non-zero on any failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
: "${ECREDIT:=$top/ecredit}"
: "${BUILD:=$top/build}"
export ECREDIT BUILD TOP="$top"
export CMOCKA_MESSAGE_OUTPUT=TAP
TMPROOT=${TMPDIR:-/tmp}/ecredit-tests.$$
mkdir -p "$TMPROOT"
export TMPROOT
pass=0
fail=0
failed_names=""

# count TAP lines of one program's output; $1 = label, output in $TMPROOT/out
tally() {
	p=$(grep -c '^ok ' "$TMPROOT/out")
	f=$(grep -c '^not ok ' "$TMPROOT/out")
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or exited non-zero without saying why
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -ne 0 ]; then
		failed_names="$failed_names $1"
		echo "FAIL $1"
		grep -v '^ok ' "$TMPROOT/out" | head -40
	else
		echo "ok   $1 ($p)"
	fi
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	(cd "$TMPROOT" && "$t") >"$TMPROOT/out" 2>&1
	tally "unit/$name" $?
done

for t in "$top"/tests/cli/t[0-9]*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	sh "$t" >"$TMPROOT/out" 2>&1
	tally "cli/$name" $?
done

for r in "$BUILD"/tests/replay_fuzz_*; do
	[ -x "$r" ] || continue
	name=${r##*/replay_}
	corpus="$top/tests/fuzz/corpus/$name"
	[ -d "$corpus" ] || continue
	# shellcheck disable=SC2046
	find "$corpus" -type f | sort | xargs "$r" >"$TMPROOT/out" 2>&1
	tally "fuzz/$name" $?
done

rm -rf "$TMPROOT"
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
