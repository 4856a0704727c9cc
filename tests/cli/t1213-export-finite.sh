#!/bin/sh
# Issue 12: no INF or NaN reaches a package; export refuses a non-finite
# number with a clear error and publishes nothing.
. "$(dirname "$0")/lib-export.sh"

check 'a non-finite mean_conc: export exits 65 naming table, row and column' '
	setup_city && write_conf ed25519 && mkdir out &&
	sqlite3 t.db "UPDATE tax SET mean_conc = 9e999" &&
	test "$(sqlite3 t.db "SELECT mean_conc FROM tax")" = Inf &&
	expect_code 65 $ECREDIT export --as-of $D --out out >list 2>err &&
	contains err "table '"'"'tax'"'"': row 1 column '"'"'mean_conc'"'"' is not a finite number; refusing to export it" &&
	test -z "$(ls out | grep "^tax-")"
'

check 'the same city with a finite value exports' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT export --as-of $D --out out >list 2>err &&
	contains list "out/tax-$D-1.tar.gz"
'

done_testing
