#!/bin/sh
# Publication integrity, continued (docs/operation.md): a restored backup
# is refused and recovered with `ecredit adopt`; a backdated --force needs
# --reissue and says so in its .release; a failed night repeats its
# failure. Each case ends by checking the sha256 of every outbox file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-publication.sh"
publication_setup

check 'restored backup: refused (65) before importing; adopt; night 2 again chains after' '
	city night1 && night2_input &&
	E nightly --as-of $N2 >/dev/null 2>&1 &&
	test -f D/outbox/bureau-$N2-2.release && sums before &&
	cp D/backup.db D/ecredit.db && rm -f D/ecredit.db-wal D/ecredit.db-shm &&
	night2_input &&
	expect_code 65 E nightly --as-of $N2 2>err &&
	contains err "holds package '"'"'bureau-$N2-2'"'"', which database '"'"'D/ecredit.db'"'"' does not know" &&
	contains err "ecredit adopt" && lacks err "resumes it" &&
	test -f D/inbox/penalties/penalties-$N2-again.csv &&
	test "$(sqlite3 D/ecredit.db "SELECT count(*) FROM run WHERE business_date = '"'"'$N2'"'"'")" = 0 &&
	expect_code 65 E export --as-of $N1 --out D/outbox 2>err &&
	contains err "does not know" &&
	sums after && same before after &&
	E adopt >out && contains out "adopted 5 package(s)" &&
	E adopt >out && contains out "adopted 0 package(s)" &&
	rm D/inbox/penalties/penalties-$N2-again.csv &&
	E nightly --as-of $N2 >out 2>err &&
	unchanged before &&
	test -f D/outbox/bureau-$N2-3.release &&
	contains D/outbox/bureau-$N2-3.release "Previous-Release-SHA256: $(sha256sum <D/outbox/bureau-$N2-2.release | cut -d" " -f1)" &&
	E verify D/outbox/bureau-$N1-1.tar.gz D/outbox/bureau-$N2-2.tar.gz \
		D/outbox/bureau-$N2-3.tar.gz --trust $PW/trust.pem --state st >v 2>&1 &&
	E verify D/outbox/tax-$N1-1.tar.gz D/outbox/tax-$N2-2.tar.gz \
		--trust $PW/trust.pem --state st >v 2>&1
'

check 'adopt refuses an outbox package whose archive is not the one its release names' '
	city night1 && E nightly --as-of $N2 >/dev/null 2>&1 &&
	cp D/backup.db D/ecredit.db && rm -f D/ecredit.db-wal D/ecredit.db-shm &&
	printf x >>D/outbox/tax-$N2-2.tar.gz && sums before &&
	expect_code 65 E adopt 2>err &&
	contains err "tax-$N2-2.tar.gz" && contains err "not adopting" &&
	test "$(sqlite3 D/ecredit.db "SELECT count(*) FROM package WHERE business_date = '"'"'$N2'"'"'")" = 0 &&
	sums after && same before after
'

check 'backdated --force and export refused (64); --reissue marks Reissue-Of-Newest' '
	city night1 && E nightly --as-of $N2 >/dev/null 2>&1 && sums before &&
	expect_code 64 E nightly --as-of $N1 --force 2>err &&
	contains err "business date $N1 is older than $N2, the newest published for channel" &&
	contains err "--reissue" &&
	expect_code 64 E export --as-of $N1 --out D/outbox 2>err &&
	contains err "older than $N2" &&
	test "$(sqlite3 D/ecredit.db "SELECT count(*) FROM run WHERE business_date = '"'"'$N1'"'"'")" = 1 &&
	sums after && same before after &&
	E nightly --as-of $N1 --force --reissue >out 2>err &&
	unchanged before &&
	contains D/outbox/tax-$N1-3.release "Reissue-Of-Newest: $N2" &&
	contains D/outbox/tax-$N1-3.release "Business-Date: $N1" &&
	E verify D/outbox/tax-$N1-3.tar.gz --trust $PW/trust.pem >v 2>&1 &&
	contains v VERIFIED
'

check 'a failed night (data quality, exit 1) repeats exit 1 and its message when run again' '
	city pristine &&
	sed -i "s/^max_quarantine_pct = .*/max_quarantine_pct = 0/" D/ecredit.conf &&
	expect_code 1 E nightly --as-of $N1 >out1 2>err1 &&
	contains err1 "over quality.max_quarantine_pct" && sums before &&
	expect_code 1 E nightly --as-of $N1 >out2 2>err2 &&
	contains err2 "over quality.max_quarantine_pct" &&
	contains out2 "already done by run $N1.1" &&
	contains out2 "over the quarantine threshold" &&
	sums after && same before after
'

publication_cleanup
done_testing
