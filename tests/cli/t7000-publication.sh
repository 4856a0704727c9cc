#!/bin/sh
# Publication integrity (docs/export.md, "the outbox is a ledger";
# docs/operation.md): a package name, once published, never gets other
# bytes. Each case ends by checking the sha256 of every outbox file.
# Here: a typo'd database path, re-exporting, a manual export before
# nightly, future dates, the lock of a symlinked database.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-publication.sh"
publication_setup

check 'a typo'"'"'d database path: refused (78), nothing created or written' '
	city night1 && sums before &&
	sed -i "s/^db = ecredit.db/db = ecredit-typo.db/" D/ecredit.conf &&
	expect_code 78 E nightly --as-of $N1 --force 2>err &&
	contains err "database '"'"'D/ecredit-typo.db'"'"' (from the configuration'"'"'s db) does not exist" &&
	contains err "ecredit init" &&
	test ! -e D/ecredit-typo.db &&
	expect_code 78 $ECREDIT --db D/typo.db export --as-of $N1 --out D/outbox 2>err &&
	contains err "(from --db) does not exist" &&
	expect_code 78 env ECREDIT_DB=D/typo.db $ECREDIT rate --as-of $N1 2>err &&
	contains err "(from ECREDIT_DB) does not exist" &&
	test ! -e D/typo.db &&
	sums after && same before after
'

check 're-exporting after nightly: identical bytes, nothing written' '
	city night1 && sums before &&
	E export --as-of $N1 --out D/outbox --channel bureau >out &&
	contains out "bureau-$N1-1.tar.gz (already published, unchanged)" &&
	E export --as-of $N1 --out D/outbox >out &&
	test "$(grep -c "already published, unchanged" out)" = 5 &&
	sums after && same before after
'

check 'changed data: export refuses (65) naming the file; --force takes the next sequence' '
	city night1 && sums before &&
	sqlite3 D/ecredit.db "UPDATE rating SET colour = '"'"'red'"'"' WHERE as_of = '"'"'$N1'"'"'
		AND uscc = (SELECT min(uscc) FROM rating WHERE as_of = '"'"'$N1'"'"' AND colour = '"'"'green'"'"')" &&
	expect_code 65 E export --as-of $N1 --out D/outbox --channel tax 2>err &&
	contains err "D/outbox/tax-$N1-1.release'"'"' is published with other values of" &&
	contains err "Archive-SHA256" && contains err "never replaced" &&
	sums after && same before after &&
	E export --as-of $N1 --out D/outbox --channel tax --force >out &&
	contains out "D/outbox/tax-$N1-2.tar.gz" &&
	unchanged before &&
	contains D/outbox/tax-$N1-2.release "Previous-Release-SHA256: $(sha256sum <D/outbox/tax-$N1-1.release | cut -d" " -f1)"
'

check 'a manual export before nightly is not overwritten by nightly' '
	city pristine &&
	E rate --as-of $N1 >/dev/null 2>&1 && E link --as-of $N1 >/dev/null 2>&1 &&
	E export --as-of $N1 --out D/outbox >/dev/null 2>&1 &&
	test -f D/outbox/bureau-$N1-1.release && sums before &&
	E nightly --as-of $N1 >out 2>err &&
	unchanged before &&
	test -f D/outbox/bureau-$N1-2.release &&
	contains D/outbox/bureau-$N1-2.release "Run-Id: $N1.1" &&
	E verify D/outbox/bureau-$N1-1.tar.gz D/outbox/bureau-$N1-2.tar.gz \
		--trust $PW/trust.pem --state st >out 2>&1
'

check 'future dates refused (64): 2062, 9999-12-31, a five-digit year; outbox untouched' '
	city night1 && sums before &&
	expect_code 64 E nightly --as-of 2062-11-28 2>err &&
	contains err "later than tomorrow" && contains err "--allow-future" &&
	expect_code 64 E export --as-of 2062-11-28 --out D/outbox 2>err &&
	contains err "later than tomorrow" &&
	expect_code 64 E rate --as-of 2062-11-28 2>err &&
	expect_code 64 E link --as-of 2062-11-28 2>err &&
	contains err "later than tomorrow" &&
	test "$(sqlite3 D/ecredit.db "SELECT count(*) FROM rating WHERE as_of > '"'"'$N1'"'"'")" = 0 &&
	expect_code 64 E nightly --as-of 9999-12-31 --allow-future 2>err &&
	contains err "would be after 9999-12-31" &&
	expect_code 64 E export --as-of 9999-12-31 --allow-future --out D/outbox 2>err &&
	contains err "would be after 9999-12-31" &&
	expect_code 64 E nightly --as-of 10000-01-01 2>err &&
	test "$(sqlite3 D/ecredit.db "SELECT count(*) FROM run WHERE business_date > '"'"'$N1'"'"'")" = 0 &&
	test -z "$(ls D/outbox | grep -v "^[a-z]*-$N1-1\\.")" &&
	sums after && same before after
'

check 'a lock is per database file: a symlinked path gets 75 while the lock is held' '
	city night1 && sums before &&
	ln -s ecredit.db D/alias.db &&
	flock D/ecredit.db.lock sleep 4 &
	holder=$!
	sleep 0.5
	r=0
	{ expect_code 75 $ECREDIT --db D/alias.db rate --as-of $N1 2>err &&
	contains err "locked by another run" &&
	expect_code 75 $ECREDIT --db D/./alias.db export --as-of $N1 --out D/outbox 2>err; } || r=$?
	kill $holder 2>/dev/null || true
	wait $holder 2>/dev/null || true
	test $r = 0 &&
	test ! -e D/alias.db.lock &&
	sums after && same before after
'

publication_cleanup
done_testing
