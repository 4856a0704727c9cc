#!/bin/sh
# Compressed monitoring logs: at most one compression layer, a cap on the
# decompressed size (monitoring.max_unpacked_mb) and on the expansion ratio
# (monitoring.max_ratio). A file breaking one is refused with 65 within
# seconds and nothing of it is stored. The bombs are made here from zeros.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-nightly.sh"
M=$FIXTURES/nightly/inbox/monitoring/2026-11-27-hj212.log

nothing_stored() {
	test "$(sqlite3 $1 "SELECT (SELECT count(*) FROM monitoring) + (SELECT count(*) FROM import_file)")" = 0
}

check 'gzip inside gzip is refused at once (65), nothing stored' '
	head -c 200000000 /dev/zero | gzip -c | gzip -c >bomb.log.gz &&
	test "$(wc -c <bomb.log.gz)" -lt 4096 &&
	$ECREDIT --db d.db init >/dev/null &&
	t0=$(date +%s) &&
	expect_code 65 timeout 20 $ECREDIT --db d.db import monitoring bomb.log.gz >out 2>err &&
	test $(($(date +%s) - t0)) -le 5 &&
	contains err "bomb.log.gz'"'"': compressed 2 times (gzip inside gzip): at most one compression layer is accepted" &&
	nothing_stored d.db
'

check 'one layer expanding more than max_ratio times is refused (65)' '
	head -c 50000000 /dev/zero | gzip -c >zeros.log.gz &&
	$ECREDIT --db d.db init >/dev/null &&
	expect_code 65 timeout 20 $ECREDIT --db d.db import monitoring zeros.log.gz >out 2>err &&
	contains err "expands more than 200 times" &&
	contains err "monitoring.max_ratio" &&
	nothing_stored d.db
'

check 'more than max_unpacked_mb decompressed is refused (65); a real log is accepted' '
	for i in $(seq 1 120); do cat $M; done | gzip -c >big.log.gz &&
	printf "db = d.db\n[monitoring]\nmax_unpacked_mb = 1\nmax_ratio = 100000\n" >c.conf &&
	$ECREDIT --config c.conf init >/dev/null &&
	expect_code 65 $ECREDIT --config c.conf import monitoring big.log.gz >out 2>err &&
	contains err "decompresses to more than 1 MiB (monitoring.max_unpacked_mb); refused" &&
	nothing_stored d.db &&
	gzip -c $M >one.log.gz &&
	$ECREDIT --config c.conf import monitoring one.log.gz >out 2>err &&
	test "$(sqlite3 d.db "SELECT count(*) FROM monitoring")" -gt 0
'

check 'the night rejects a nested archive with a reason; the rest of the night runs' '
	make_city c && rm c/inbox/permits/zz-truncated.xml &&
	head -c 200000000 /dev/zero | gzip -c | gzip -c >c/inbox/monitoring/zz-bomb.log.gz &&
	expect_code 65 timeout 60 sh -c "cd c && exec $ECREDIT --config ecredit.conf nightly --as-of 2026-11-27" >out 2>err &&
	test -f c/inbox/rejected/2026-11-27/zz-bomb.log.gz &&
	contains c/inbox/rejected/2026-11-27/zz-bomb.log.gz.reason "at most one compression layer" &&
	test "$(sqlite3 c/ecredit.db "SELECT count(*) FROM import_file WHERE path LIKE '"'"'%bomb%'"'"'")" = 0 &&
	test -f c/inbox/done/2026-11-27/2026-11-27-hj212.log
'

done_testing
