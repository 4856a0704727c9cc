#!/bin/sh
# nightly: options, configuration checks made before anything runs, the
# lock, an already completed date. None of these needs the pipeline.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-nightly.sh"

# city with a real key pair (the checks compare the key with its certificate)
light_city() {
	mkdir -p inbox/permits inbox/penalties inbox/monitoring inbox/done \
		inbox/rejected outbox keys &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout keys/k.pem -out keys/c.pem -subj /CN=t6000 -days 30 2>/dev/null &&
	chmod 600 keys/k.pem &&
	cat >ecredit.conf <<-EOF &&
	db = ecredit.db
	[inbox]
	permits = inbox/permits
	penalties = inbox/penalties
	monitoring = inbox/monitoring
	done = inbox/done
	rejected = inbox/rejected
	[outbox]
	dir = outbox
	[keys]
	cms_key = keys/k.pem
	cms_cert = keys/c.pem
	EOF
	$ECREDIT --config ecredit.conf init >/dev/null &&
	echo "<x/>" >inbox/permits/p.xml
}

# nightly_78 TEXT...: the job refuses with exit 78, the message holds each
# TEXT, and nothing ran (the inbox file is still there, no run recorded).
refuses() {
	_code=$1
	shift
	expect_code "$_code" $ECREDIT --config ecredit.conf nightly --as-of 2026-11-27 2>err &&
	for _t in "$@"; do contains err "$_t" || return 1; done &&
	contains err "ecredit: error: " &&
	test -f inbox/permits/p.xml &&
	test "$(sqlite3 ecredit.db 'SELECT count(*) FROM run')" = 0
}

check 'help names the options' '
	$ECREDIT nightly --help >out && contains out "usage: ecredit nightly" &&
	contains out "--as-of"
'

check 'a bad --as-of is a usage error' '
	expect_code 64 $ECREDIT nightly --as-of 2026-02-30 2>err && contains err "bad --as-of"
'

check 'an extra argument is a usage error' '
	expect_code 64 $ECREDIT nightly extra 2>err && contains err "unexpected argument"
'

check 'no configuration: outbox.dir is not set (78)' '
	expect_code 78 $ECREDIT --db x.db nightly 2>err && contains err "outbox.dir" &&
	contains err "is not set"
'

check 'a bad config line is 78 with file and line' '
	light_city && echo "colour = red" >>ecredit.conf &&
	refuses 78 "ecredit.conf:13: unknown key"
'

check 'a private key readable by others is refused (78)' '
	light_city && chmod 644 keys/k.pem &&
	refuses 78 "keys/k.pem" "mode 0644" "chmod 600" "keys.cms_key"
'

check 'a missing key file is refused (78)' '
	light_city && rm keys/k.pem && refuses 78 "keys/k.pem" "keys.cms_key"
'

check 'no signing key at all is refused (78)' '
	light_city && sed -i "/^cms_/d" ecredit.conf && refuses 78 "no signing key"
'

check 'an unknown channel is refused (78)' '
	light_city && sed -i "s/^dir = outbox/dir = outbox\nchannels = tax radio/" ecredit.conf &&
	refuses 78 "unknown channel '"'"'radio'"'"'"
'

check 'a missing inbox is refused (78)' '
	light_city && rm -r inbox/penalties &&
	refuses 78 "inbox/penalties" "inbox.penalties"
'

check 'an inbox that is a file is refused (78)' '
	light_city && rm -r inbox/monitoring && echo x >inbox/monitoring &&
	refuses 78 "is not a folder"
'

check 'a missing outbox (or done, rejected) folder is made' '
	light_city && rmdir outbox inbox/done inbox/rejected &&
	{ $ECREDIT --config ecredit.conf nightly --as-of 2026-11-27 2>err || true; } &&
	lacks err "cannot use folder" && test -d outbox && test -d inbox/done && test -d inbox/rejected
'

check 'an outbox in a missing folder is refused (78)' '
	light_city && sed -i "s|^dir = outbox|dir = nowhere/outbox|" ecredit.conf &&
	refuses 78 "nowhere/outbox" "outbox.dir" "No such file"
'

if [ "$(id -u)" = 0 ]; then
	skip 'an unreadable inbox is refused (78)' 'running as root: permissions are not enforced'
	skip 'a read-only outbox is an I/O error (74)' 'running as root: permissions are not enforced'
else
	check 'an unreadable inbox is refused (78)' '
		light_city
		chmod 000 inbox/penalties
		r=0
		refuses 78 "inbox/penalties" "Permission denied" || r=$?
		chmod 755 inbox/penalties
		exit $r
	'
	check 'a read-only outbox is an I/O error (74)' '
		light_city
		chmod 555 outbox
		r=0
		refuses 74 "outbox" "Permission denied" || r=$?
		chmod 755 outbox
		exit $r
	'
fi

check 'an alert file with a bad level is refused (78)' '
	light_city && printf "[alert]\nfile = alert.txt\n" >>ecredit.conf &&
	echo purple >alert.txt && refuses 78 "alert.txt" "none, yellow, orange or red"
'

check 'a quarantine threshold that is not a percentage is refused (78)' '
	light_city && printf "[quality]\nmax_quarantine_pct = 120\n" >>ecredit.conf &&
	refuses 78 "max_quarantine_pct" "percentage"
'

check 'a missing database is refused (78): only init creates one, nothing runs' '
	light_city && rm ecredit.db &&
	expect_code 78 $ECREDIT --config ecredit.conf nightly --as-of 2026-11-27 2>err &&
	contains err "database '"'"'ecredit.db'"'"' (from the configuration'"'"'s db) does not exist" &&
	contains err "ecredit init" &&
	test ! -e ecredit.db && test -f inbox/permits/p.xml
'

check 'a database in a missing folder is refused (78), and nothing runs' '
	light_city && sed -i "s|^db = ecredit.db|db = nowhere/e.db|" ecredit.conf &&
	expect_code 78 $ECREDIT --config ecredit.conf nightly --as-of 2026-11-27 2>err &&
	contains err "nowhere/e.db" && test -f inbox/permits/p.xml && test ! -e nowhere
'

check 'a held lock is exit 75 at once, and nothing runs' '
	light_city
	flock ecredit.db.lock sleep 5 &
	holder=$!
	sleep 0.3
	r=0
	{ expect_code 75 $ECREDIT --config ecredit.conf nightly --as-of 2026-11-27 2>err &&
	contains err "locked by another run" && contains err "try again later" &&
	test -f inbox/permits/p.xml &&
	test "$(sqlite3 ecredit.db "SELECT count(*) FROM run")" = 0; } || r=$?
	kill $holder 2>/dev/null || true
	wait || true
	exit $r
'

check 'a completed date is not run again (exit 0, says so)' '
	light_city &&
	sqlite3 ecredit.db "INSERT INTO run (run_id, business_date, ordinal, command, state,
		started, finished) VALUES (\"2026-11-27.1\", \"2026-11-27\", 1, \"nightly\",
		\"committed\", \"2026-11-27T17:00:00Z\", \"2026-11-27T17:20:00Z\")" &&
	$ECREDIT --config ecredit.conf nightly --as-of 2026-11-27 >out 2>err &&
	contains out "2026-11-27: already done by run 2026-11-27.1" &&
	contains out "--force" && test -f inbox/permits/p.xml &&
	test "$(sqlite3 ecredit.db "SELECT count(*) FROM run")" = 1
'

check 'the business date defaults to yesterday in Asia/Shanghai' '
	light_city &&
	y=$(TZ=Asia/Shanghai date -d yesterday +%Y-%m-%d) &&
	sqlite3 ecredit.db "INSERT INTO run (run_id, business_date, ordinal, command, state,
		started) VALUES (\"$y.1\", \"$y\", 1, \"nightly\", \"committed\", \"x\")" &&
	$ECREDIT --config ecredit.conf nightly >out 2>err &&
	contains out "$y: already done by run $y.1"
'

done_testing
