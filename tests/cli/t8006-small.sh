#!/bin/sh
# The smaller points: USCC-shaped arguments, a hint when a date has no rows,
# summaries of link and rate on stdout, '-' (standard input) for every
# importer, demo commands with full paths, demo packages valid long enough.
. "$(dirname "$0")/lib.sh"

IN=$FIXTURES/nightly/inbox

check 'explain and history: "not a USCC" for something of the wrong shape' '
	$ECREDIT --db e.db init >/dev/null &&
	expect_code 64 $ECREDIT --db e.db explain 123 2>err &&
	contains err "'"'"'123'"'"' is not a USCC" && lacks err "not rated" &&
	expect_code 64 $ECREDIT --db e.db history 91320000ABCDEFGHIO 2>err &&
	contains err "is not a USCC"
'

check '- reads standard input for permits, penalties and monitoring (pipes too)' '
	$ECREDIT --db e.db init >/dev/null &&
	cat $IN/permits/2026-11-27-permits.xml | $ECREDIT --db e.db import permits - >out &&
	contains out "(stdin): read 4 = stored 4" &&
	$ECREDIT --db e.db import permits - <$IN/permits/2026-11-27-permits.xml >out &&
	contains out "(stdin): read 4 = stored 0 + duplicate 4" &&
	cat $IN/penalties/2026-11-27-penalties.csv | $ECREDIT --db e.db import penalties - >out &&
	contains out "(stdin): read 5 = stored 4" &&
	gzip -c $IN/monitoring/2026-11-27-hj212.log | $ECREDIT --db e.db import monitoring - >out &&
	contains out "(stdin): read 73 = stored 72"
'

check 'rate and link print their summaries on stdout; an empty date says which dates have rows' '
	$ECREDIT --db e.db init >/dev/null &&
	$ECREDIT --db e.db import permits $IN/permits/2026-11-27-permits.xml >/dev/null &&
	$ECREDIT --db e.db rate --as-of 2026-11-27 >out 2>err &&
	contains out "rated 4 enterprises on 2026-11-27" && test ! -s err &&
	$ECREDIT --db e.db link --as-of 2026-11-27 >out 2>err &&
	contains out "linked 2026-11-27: exemptions" && test ! -s err &&
	$ECREDIT --db e.db report ratings --as-of 2027-01-01 >out 2>err &&
	contains out "uscc" &&
	contains err "report '"'"'ratings'"'"' has no rows on 2027-01-01; rated dates: 2026-11-27" &&
	$ECREDIT --db e.db report credit --as-of 2027-01-01 >out 2>err &&
	contains err "linked dates: 2026-11-27" &&
	$ECREDIT --db e.db report ratings --as-of 2026-11-27 >out 2>err && test ! -s err
'

check 'demo: full paths in the printed commands; packages valid for years' '
	$ECREDIT demo --dir city --enterprises 40 --outlets 8 --days 2 >out 2>err &&
	exe=$(readlink -f $ECREDIT) && conf=$(cd city && pwd -P)/ecredit.conf &&
	contains out "  $exe --config $conf status" &&
	contains out "  $exe --config $conf nightly --as-of 2026-11-28" &&
	lacks out "  ecredit --config" &&
	contains city/ecredit.conf "valid_days = 3650" &&
	grep "^Valid-Until: 2036-11-2" city/outbox/public-2026-11-28-1.release &&
	cat city/keys/rsa.crt city/keys/sm2.pub city/keys/ed25519.pub >trust.pem &&
	ECREDIT_TODAY=2031-01-01 $ECREDIT verify city/outbox/public-2026-11-28-1.tar.gz --trust trust.pem >v &&
	lacks v FAILED
'

done_testing
