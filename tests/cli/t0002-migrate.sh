#!/bin/sh
# Migrations: an old database is brought to the current schema without
# losing anything, and a newer one is refused.
. "$(dirname "$0")/lib.sh"

v1=$FIXTURES/core/schema-v1.sql

count() {
	sqlite3 "$1" "SELECT (SELECT count(*) FROM enterprise) || ' ' ||
		(SELECT count(*) FROM permit) || ' ' || (SELECT count(*) FROM monitoring)
		|| ' ' || (SELECT count(*) FROM rating) || ' ' || (SELECT count(*) FROM package)
		|| ' ' || (SELECT count(*) FROM run_step)"
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
