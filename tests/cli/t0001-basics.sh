#!/bin/sh
# The program's frame: help, version, unknown commands and options, init,
# the lock, configuration errors.
. "$(dirname "$0")/lib.sh"

check 'help lists every command' '
	$ECREDIT --help >out &&
	for c in init import rate link export verify report explain history \
		override rules simulate keygen nightly demo; do
		grep -q "^  $c " out || { echo "missing $c"; exit 1; }
	done
'

check 'every command has --help' '
	for c in init import rate link export verify report explain history \
		override rules simulate keygen nightly demo; do
		$ECREDIT $c --help >out && contains out "usage: ecredit $c" || exit 1
	done
'

check 'version names the four libraries' '
	$ECREDIT --version >out &&
	contains out "libxml2 " && contains out "OpenSSL 3" &&
	contains out "SQLite 3" && contains out "libarchive 3"
'

check 'unknown command exits 64' '
	expect_code 64 $ECREDIT frobnicate 2>err &&
	contains err "unknown command '"'"'frobnicate'"'"'"
'

check 'unknown global option exits 64' '
	expect_code 64 $ECREDIT --bogus init 2>err
'

check 'no command exits 64' '
	expect_code 64 $ECREDIT 2>err && contains err usage
'

check 'init creates, then finds it up to date' '
	$ECREDIT --db a.db init >out && contains out "created database" &&
	$ECREDIT --db a.db init >out && contains out "up to date" &&
	test "$(sqlite3 a.db "PRAGMA journal_mode")" = wal
'

check 'ECREDIT_DB picks the database' '
	ECREDIT_DB=env.db $ECREDIT init >/dev/null && test -f env.db
'

check 'config db key picks the database, relative to the config' '
	mkdir sub && printf "db = mine.db\n" >sub/c.conf &&
	$ECREDIT --config sub/c.conf init >/dev/null && test -f sub/mine.db
'

check 'a command on a missing database says run init, exit 78' '
	expect_code 78 $ECREDIT --db none.db report runs 2>err &&
	contains err "ecredit init"
'

check 'report runs on an empty ledger prints the header' '
	$ECREDIT --db a.db init >/dev/null &&
	$ECREDIT --db a.db report runs --format csv >out &&
	contains out "run_id,business_date,step,state,started,finished,counts"
'

check 'unknown report exits 64 and lists reports' '
	$ECREDIT --db a.db init >/dev/null &&
	expect_code 64 $ECREDIT --db a.db report nosuch 2>err &&
	contains err quarantine
'

check 'bad config key: exit 78 with file:line' '
	printf "db = x.db\n[inbox]\npermits = in\nbogus = 1\n" >bad.conf &&
	expect_code 78 $ECREDIT --config bad.conf init 2>err &&
	contains err "bad.conf:4: unknown key '"'"'bogus'"'"' in [inbox]"
'

check 'bad config section: exit 78 with file:line' '
	printf "[nowhere]\n" >bad.conf &&
	expect_code 78 $ECREDIT --config bad.conf init 2>err &&
	contains err "bad.conf:1: unknown section"
'

check 'missing config file: exit 78' '
	expect_code 78 $ECREDIT --config nope.conf init 2>err &&
	contains err nope.conf
'

# (init on a line of its own: `init && ( ... ) &` put init itself in the
# background, unchecked; the holder is always waited for)
check 'a second writer exits 75 naming the holder' '
	$ECREDIT --db a.db init >/dev/null
	( flock -x 9; echo 4242 >&9; sleep 3 ) 9>a.db.lock &
	holder=$!
	sleep 1
	r=0
	{ expect_code 75 $ECREDIT --db a.db init 2>err &&
	contains err "locked by another run (pid 4242)"; } || r=$?
	wait $holder
	exit $r
'

check 'readers do not need the lock' '
	$ECREDIT --db a.db init >/dev/null
	( flock -x 9; sleep 3 ) 9>a.db.lock &
	holder=$!
	sleep 1
	r=0
	$ECREDIT --db a.db report quarantine >/dev/null || r=$?
	wait $holder
	exit $r
'

done_testing
