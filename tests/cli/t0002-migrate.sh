#!/bin/sh
# Migrations: an old database is brought to the current schema without
# losing anything, and a newer one is refused. Fixtures: tests/fixtures/core
# (README): a version-1 and a version-3 database, the latter with what its
# monitoring tables read as under version 3.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-monitoring.sh"

v1=$FIXTURES/core/schema-v1.sql

count() {
	sqlite3 "$1" "SELECT (SELECT count(*) FROM enterprise) || ' ' ||
		(SELECT count(*) FROM permit) || ' ' || (SELECT count(*) FROM monitoring)
		|| ' ' || (SELECT count(*) FROM rating) || ' ' || (SELECT count(*) FROM package)
		|| ' ' || (SELECT count(*) FROM run_step)"
}

# The version-3 fixture (tests/fixtures/core/README): what its monitoring
# tables read as under version 3, saved by the version-3 binary.
C=$FIXTURES/core
v3=$C/schema-v3.sql.gz
: "${BUILD:=$TOP/build}"
FAULT_SO=$BUILD/tests/faultinject.so
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

load_v3() {
	gunzip -c "$v3" | sqlite3 "$1" &&
	test "$(sqlite3 "$1" "PRAGMA user_version")" = 3
}

# views DB PREFIX: PREFIX.m and PREFIX.r, the two monitoring relations
views() {
	sqlite3 "$1" "SELECT * FROM monitoring ORDER BY mn, cn, pollutant, start" >"$2.m" &&
	sqlite3 "$1" "SELECT * FROM monitoring_revision
		ORDER BY mn, cn, pollutant, start, revision" >"$2.r"
}

# same_as_v3 PREFIX: the relations read what version 3 stored
same_as_v3() {
	gunzip -c "$C/v3-monitoring.txt.gz" >v3.m &&
	same v3.m "$1.m" && same "$C/v3-monitoring_revision.txt" "$1.r"
}

# every table but the two monitoring ones, whole
others() {
	for _t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'mon%' ORDER BY name"); do
		sqlite3 "$1" ".dump $_t" || return 1
	done >"$2"
}

check 'a version 1 database migrates to the current version, data intact' '
	sqlite3 old.db <"$v1" &&
	test "$(sqlite3 old.db "PRAGMA user_version")" = 1 &&
	before=$(count old.db) &&
	sqlite3 old.db "SELECT * FROM rating ORDER BY uscc" >ratings.before &&
	expect_code 78 $ECREDIT --db old.db report ratings 2>err &&
	contains err "run '"'"'ecredit init'"'"' to migrate" &&
	$ECREDIT --db old.db init >out &&
	contains out "migrated database '"'"'old.db'"'"' from schema version 1 to 4" &&
	test "$(sqlite3 old.db "PRAGMA user_version")" = 4 &&
	test "$(count old.db)" = "$before" &&
	sqlite3 old.db "SELECT * FROM rating ORDER BY uscc" >ratings.after &&
	same ratings.before ratings.after &&
	sqlite3 old.db "PRAGMA index_list(import_file)" >idx &&
	contains idx import_file_run &&
	sqlite3 old.db "PRAGMA index_list(package)" >pidx && contains pidx package_run &&
	test "$(sqlite3 old.db "PRAGMA integrity_check")" = ok
'

check 'the migrated database works: reports and a new rating' '
	sqlite3 old.db <"$v1" && $ECREDIT --db old.db init >/dev/null &&
	$ECREDIT --db old.db report ratings --format csv >r.csv &&
	test "$(wc -l <r.csv)" -eq 13 &&
	$ECREDIT --db old.db rate --as-of 2026-11-29 >out 2>&1 &&
	contains out "rated 12 enterprises on 2026-11-29"
'

check 'a version 3 database migrates to 4: monitoring reads the same, byte for byte' '
	load_v3 old.db &&
	views old.db before &&
	same_as_v3 before &&
	others old.db others.before &&
	test "$(sqlite3 old.db "SELECT count(*) FROM monitoring")" = 1367 &&
	test "$(sqlite3 old.db "SELECT count(*) FROM monitoring_revision")" = 4 &&
	expect_code 78 $ECREDIT --db old.db report monitoring 2>err &&
	contains err "has schema version 3, this program needs 4" &&
	$ECREDIT --db old.db init >out &&
	contains out "migrated database '"'"'old.db'"'"' from schema version 3 to 4" &&
	test "$(sqlite3 old.db "PRAGMA user_version")" = 4 &&
	test "$(sqlite3 old.db "SELECT group_concat(type || \" \" || name, \", \") FROM
		(SELECT type, name FROM sqlite_master WHERE name LIKE \"monitoring%\"
		AND type IN (\"table\", \"view\") ORDER BY name)")" = \
		"view monitoring, view monitoring_revision" &&
	test "$(sqlite3 old.db "SELECT count(*) FROM mon_value")" = 1367 &&
	test "$(sqlite3 old.db "SELECT count(*) FROM mon_value_revision")" = 4 &&
	views old.db after &&
	same_as_v3 after &&
	others old.db others.after &&
	same others.before others.after &&
	$ECREDIT --db old.db report monitoring --format csv >mon.csv &&
	gunzip -c "$C/v3-report-monitoring.csv.gz" >want.csv &&
	same want.csv mon.csv &&
	$ECREDIT --db old.db report unmatched --format csv >unm.csv &&
	same "$C/v3-report-unmatched.csv" unm.csv &&
	test "$(sqlite3 old.db "PRAGMA integrity_check")" = ok
'

check 'the migrated day aggregates (mon_day) are what the values make' '
	load_v3 old.db && $ECREDIT --db old.db init >/dev/null &&
	test "$(sqlite3 old.db "SELECT count(*) FROM mon_day")" -gt 50 &&
	day_check old.db
'

check 'the migrated database keeps working: old logs are duplicates, a change a revision' '
	load_v3 old.db && $ECREDIT --db old.db init >/dev/null &&
	printf "[monitoring]\naccept_crc = modbus swapped\nstore_minute = yes\n" >c.conf &&
	for l in good revise variants real cr-only late-correction late-original late-nostamp; do
		$ECREDIT --config c.conf --db old.db import monitoring $FIXTURES/monitoring/$l.log \
			>>imp 2>/dev/null || exit 1
	done &&
	test "$(grep -c "stored 0 + duplicate [1-9][0-9]* + quarantined 0" imp)" = 8 &&
	views old.db again && same_as_v3 again &&
	$ECREDIT --config c.conf --db old.db import monitoring $C/v3-revise.log >out 2>err &&
	contains out "read 1 = stored 1 + duplicate 0 + quarantined 0" &&
	contains err "1 packets revised 1 earlier values" &&
	test "$(sqlite3 old.db "SELECT avg, zs_avg, revision, qn FROM monitoring
		WHERE mn = \"010000A8900016F000000002\" AND pollutant = \"a21026\"
		AND start = \"2026-11-27 10:00:00\"")" = "14.0|18.5|1|20261128020000000" &&
	test "$(sqlite3 old.db "SELECT count(*) FROM monitoring_revision")" = 5 &&
	test "$(sqlite3 old.db "SELECT avg, zs_avg, revision, received, qn FROM monitoring_revision
		WHERE mn = \"010000A8900016F000000002\"")" = \
		"12.73|15.75|0|2026-11-27 11:02:40.784|20261127110239784" &&
	test "$(sqlite3 old.db "SELECT vmax FROM mon_day d JOIN mon_series s ON s.id = d.series
		WHERE s.mn = \"010000A8900016F000000002\" AND s.pollutant = \"a21026\" AND s.cn = 2061
		AND d.day = CAST(strftime(\"%s\", \"2026-11-27\") AS INTEGER) / 86400")" = 18.5 &&
	day_check old.db &&
	test "$(sqlite3 old.db "PRAGMA integrity_check")" = ok
'

# kill_at N: kill the migration of a copy of base.db before its Nth write;
# the database must be version 3 as it was (or version 4 when the kill came
# after the commit), and `init` again must end where ref.db ended.
kill_at() {
	rm -rf k.db k.db-wal k.db-shm look && cp base.db k.db && mkdir look &&
	_rc=0 &&
	{ ECREDIT_FAULT=write:$1:KILL LD_PRELOAD=$FAULT_SO $ECREDIT --db k.db init \
		>kout 2>&1 || _rc=$?; } &&
	{ [ "$_rc" -eq 137 ] || { echo "write $1: exit $_rc, not killed" >&2; return 1; }; } &&
	cp k.db* look/ && _v=$(sqlite3 look/k.db "PRAGMA user_version") &&
	echo "write $1 of $writes: killed at version $_v" &&
	views look/k.db kv &&
	same_as_v3 kv &&
	case $_v in
	3) test "$(sqlite3 look/k.db "SELECT type FROM sqlite_master WHERE name = \"monitoring\"")" = table &&
	   test "$(sqlite3 look/k.db "SELECT count(*) FROM sqlite_master WHERE name IN
		('mon_series', 'mon_packet', 'mon_value', 'mon_value_revision', 'mon_day')")" = 0 &&
	   echo "write $1: version 3 tables as they were, none of version 4" ;;
	4) test "$(sqlite3 look/k.db "SELECT type FROM sqlite_master WHERE name = \"monitoring\"")" = view &&
	   echo "write $1: committed before the kill, the views in place" ;;
	*) echo "write $1: version $_v" >&2; false ;;
	esac &&
	$ECREDIT --db k.db init >kout2 &&
	{ if [ "$_v" = 3 ]; then contains kout2 "from schema version 3 to 4";
	  else contains kout2 "is up to date (schema version 4)"; fi; } &&
	views k.db k && same ref.m k.m && same ref.r k.r &&
	sqlite3 k.db ".dump mon%" >k.dump && same ref.dump k.dump &&
	test "$(sqlite3 k.db "PRAGMA integrity_check")" = ok
}

check 'a migration killed part way (fault shim) resumes: init again ends as an unbroken one' '
	test -f "$FAULT_SO" &&
	load_v3 base.db && cp base.db ref.db &&
	ECREDIT_FAULT_COUNT=ref.counts LD_PRELOAD=$FAULT_SO $ECREDIT --db ref.db init >/dev/null &&
	writes=$(awk "{ print \$2 }" ref.counts) &&
	echo "a clean migration: $(cat ref.counts)" &&
	test "$writes" -ge 20 &&
	views ref.db ref && same_as_v3 ref &&
	sqlite3 ref.db ".dump mon%" >ref.dump &&
	for n in 1 $((writes / 4)) $((writes / 2)) $((writes * 3 / 4)) $((writes * 7 / 8)) $((writes - 1)); do
		kill_at $n >>kills || { cat kills; echo "write $n: failed" >&2; exit 1; }
	done &&
	cat kills &&
	contains kills "killed at version 3" && contains kills "killed at version 4"
'

check 'a fresh database is created at the current version' '
	$ECREDIT --db new.db init >out &&
	test "$(sqlite3 new.db "PRAGMA user_version")" = 4
'

check 'a database from a newer ecredit is refused, not touched (exit 65)' '
	$ECREDIT --db new.db init >/dev/null &&
	sqlite3 new.db "PRAGMA user_version=99" &&
	expect_code 65 $ECREDIT --db new.db init 2>err &&
	contains err "schema version 99 is newer than this program" &&
	test "$(sqlite3 new.db "PRAGMA user_version")" = 99
'

check 'a file that is not a database is refused' '
	echo "hello" >junk.db &&
	expect_code 65 $ECREDIT --db junk.db init 2>err &&
	contains err junk.db
'

done_testing
