# Shell library for CLI tests (git's t/test-lib.sh, much smaller).
# A test file sources this, calls `check 'description' 'shell code'` for each
# case and ends with `done_testing`. Each case runs in its own subshell in a
# fresh scratch folder $T with the binary as $ECREDIT; it passes when the
# code exits 0, and fails as soon as any line of it fails (set -e; proved by
# t0000-harness.sh). One shell rule still applies: in `a && b`, a failing `a`
# stops the case only when the line is its last, so chain every line of a case
# with && or give each command a line of its own. Output is TAP.
set -u
: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${ECREDIT:=$TOP/ecredit}"
: "${TMPROOT:=${TMPDIR:-/tmp}}"
FIXTURES=$TOP/tests/fixtures
_n=0
_failed=0
_base=$(mktemp -d "$TMPROOT/cli.XXXXXX")
unset ECREDIT_DB ECREDIT_CONFIG
# Messages in English whatever the developer's locale; t804x choose others.
# The catalogue of this build (docs/i18n.md).
LC_ALL=C.UTF-8
export LC_ALL
unset LANGUAGE LC_MESSAGES
ECREDIT_LOCALEDIR=${BUILD:-$TOP/build}/locale
export ECREDIT_LOCALEDIR

check() {
	_n=$((_n + 1))
	T=$_base/$_n
	mkdir -p "$T"
	# The case runs as a plain statement, not as the condition of an `if`:
	# there the shell ignores `set -e` and only the last command would count.
	# (nor as the left side of `||`, for the same reason).
	(
		cd "$T" || exit 1
		set -e
		eval "$2"
	) >"$_base/$_n.log" 2>&1
	_rc=$?
	if [ "$_rc" -eq 0 ]; then
		echo "ok $_n - $1"
	else
		echo "not ok $_n - $1"
		sed 's/^/#   /' "$_base/$_n.log" | tail -25
		_failed=$((_failed + 1))
	fi
}

# expect_code N CMD...: run CMD, succeed when it exits with N.
expect_code() {
	_want=$1
	shift
	_got=0
	"$@" || _got=$?
	if [ "$_got" -ne "$_want" ]; then
		echo "expected exit $_want, got $_got: $*" >&2
		return 1
	fi
}

# contains FILE TEXT: FILE has a line containing TEXT (fixed string).
contains() {
	if ! grep -qF -- "$2" "$1"; then
		echo "'$1' lacks '$2'; it has:" >&2
		head -40 "$1" >&2
		return 1
	fi
}

lacks() {
	if grep -qF -- "$2" "$1"; then
		echo "'$1' has '$2' and should not" >&2
		return 1
	fi
}

# same FILE1 FILE2: identical content
same() {
	if ! cmp -s "$1" "$2"; then
		diff -u "$1" "$2" | head -40 >&2
		return 1
	fi
}

done_testing() {
	echo "1..$_n"
	rm -rf "$_base"
	[ "$_failed" -eq 0 ]
}
