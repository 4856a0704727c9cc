#!/bin/sh
# nightly --dry-run: which files it would import (with sizes), which steps
# would run for which date, which packages it would write; the database and
# every folder stay byte-identical.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-nightly.sh"

# tree DIR: every entry with its type, mode, size and content hash
tree() {
	(cd "$1" && find . -printf '%y %m %s %p\n' | LC_ALL=C sort &&
		find . -type f -exec sha256sum {} + | LC_ALL=C sort)
}

check 'a fresh city: the plan, and nothing changed' '
	make_city city &&
	tree city >before &&
	(cd city && $ECREDIT --config ecredit.conf nightly --as-of $DATE --dry-run) >out 2>err &&
	tree city >after && same before after &&
	contains out "nightly $DATE (dry run): would start run $DATE.1" &&
	contains out "import permits inbox/permits/2026-11-27-permits.xml (2785 bytes)" &&
	contains out "import monitoring inbox/monitoring/2026-11-27-hj212.log (15822 bytes)" &&
	contains out "rate: rate every enterprise on $DATE" &&
	contains out "link: compute the linkage lists on $DATE (alert all levels, from default)" &&
	contains out "export tax: outbox/tax-$DATE-1.tar.gz, tax-$DATE-1.release, tax-$DATE-1.release.p7s, tax-$DATE-1.release.ed25519.sig" &&
	contains out "export bureau: outbox/bureau-$DATE-1.tar.gz"
'

check 'no database yet: would create it; still nothing changed' '
	make_city city &&
	rm city/ecredit.db city/ecredit.db.lock && rm -r city/outbox &&
	tree city >before &&
	(cd city && $ECREDIT --config ecredit.conf nightly --as-of $DATE --dry-run) >out &&
	tree city >after && same before after &&
	contains out "would create database" && contains out "export public: outbox/public-$DATE-1.tar.gz"
'

check 'after a completed night: already done; the next date gets sequence 2' '
	make_city city &&
	expect_code 65 nightly_in city >/dev/null 2>&1 &&
	cp "$FIXTURES/nightly/inbox/penalties/2026-11-27-penalties.csv" city/inbox/penalties/late.csv &&
	tree city >before &&
	(cd city && $ECREDIT --config ecredit.conf nightly --as-of $DATE --dry-run) >out &&
	contains out "already done; nothing would run" &&
	(cd city && $ECREDIT --config ecredit.conf nightly --as-of 2026-11-28 --dry-run) >out &&
	(cd city && $ECREDIT --config ecredit.conf nightly --as-of $DATE --force --dry-run) >out2 &&
	tree city >after && same before after &&
	contains out "would start run 2026-11-28.1" &&
	contains out "import penalties inbox/penalties/late.csv (1030 bytes)" &&
	contains out "export tax: outbox/tax-2026-11-28-2.tar.gz" &&
	contains out2 "would start run $DATE.2"
'

# After a kill the -wal file holds committed data, so the dry run reads it
# the ordinary way; SQLite then rebuilds its -shm index (shared memory, no
# data). Everything else, the database and its -wal included, is unchanged.
check 'after a kill: would resume the run, skipping what it committed' '
	make_city city &&
	ECREDIT_FAULT=rename:2:KILL LD_PRELOAD=$FAULT_SO expect_code 137 sh -c "cd city && exec $ECREDIT --config ecredit.conf nightly --as-of $DATE" >/dev/null 2>&1 &&
	tree city | grep -v "ecredit.db-shm" >before &&
	(cd city && $ECREDIT --config ecredit.conf nightly --as-of $DATE --dry-run) >out &&
	tree city | grep -v "ecredit.db-shm" >after && same before after &&
	contains out "would resume run $DATE.1" &&
	contains out "zz-truncated.xml (91 bytes): rejected before, would only be moved to the rejected folder" &&
	contains out "penalties/2026-11-27-penalties.csv (1030 bytes)" && lacks out "2026-11-27-permits.xml"
'

check 'a generation inbox (coal power units) is planned by its name' '
	$ECREDIT -q demo --dir g --enterprises 30 --outlets 4 --days 2 --no-nightly >/dev/null 2>&1 &&
	$ECREDIT --config g/ecredit.conf nightly --dry-run --as-of 2026-11-28 >out 2>&1 &&
	contains out "import generation g/inbox/generation/generation-2026-11-28.csv" &&
	lacks out "(null)"
'

done_testing
