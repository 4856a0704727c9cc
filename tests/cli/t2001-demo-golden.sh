#!/bin/sh
# A demo city (600 enterprises, 60 monitored outlets, 95 days: monitoring
# events, exemptions, near misses, tax, power price) gives the same reports,
# explanations and package contents as the schema-3 release did before the
# compact monitoring store (tests/fixtures/demo/make-golden.sh, docs/scaling.md).
. "$(dirname "$0")/lib.sh"

check 'reports, explanations and packages are what the schema-3 release published' '
	sh $FIXTURES/demo/outputs.sh $ECREDIT "$T" >got &&
	test "$(wc -l <got)" -gt 70 &&
	same $FIXTURES/demo/golden.sha256 got
'

done_testing
