#!/bin/sh
# A demo city linked before, during and after its monitoring data and
# across the season boundaries follows docs/linkage.md: no exemption
# without evidence, revocations that name the evidence, the staggered plan
# from 61 days before 1 November to the end of February.
. "$(dirname "$0")/lib.sh"

# data: 90 days of hourly packets, 2026-08-31 .. 2026-11-28
setup() {
	$ECREDIT demo --dir c --no-nightly --enterprises 500 --outlets 60 \
		--days 90 --as-of 2026-11-28 >/dev/null &&
	export ECREDIT_CONFIG=c/ecredit.conf && $ECREDIT -q init &&
	$ECREDIT -q import permits c/inbox/permits/* 2>/dev/null &&
	$ECREDIT -q import penalties c/inbox/penalties/* 2>/dev/null &&
	$ECREDIT -q import monitoring c/inbox/monitoring/* 2>/dev/null
}

link() { # link DATE
	$ECREDIT -q rate --allow-future --as-of "$1" >/dev/null && $ECREDIT -q link --allow-future --as-of "$1"
}

rows() { # rows REPORT DATE: data rows
	echo $(($($ECREDIT report "$1" --as-of "$2" --format csv | wc -l) - 1))
}

check 'before, during and after the data: exemptions only with evidence' '
	setup &&
	for d in 2026-08-15 2026-10-15 2026-11-28 2026-12-20 2027-03-15; do
		link $d || exit 1
	done &&
	# before the data: nothing stored in the window, nobody exempt
	[ "$(rows exemptions 2026-08-15)" -eq 0 ] &&
	$ECREDIT report exemption-misses --as-of 2026-08-15 --format csv >m1.csv &&
	contains m1.csv "近90天仅0/2160小时有监测数据（0.0%），低于证据要求90%" &&
	# 46 of 90 days stored: still no evidence
	[ "$(rows exemptions 2026-10-15)" -eq 0 ] &&
	$ECREDIT report exemption-misses --as-of 2026-10-15 --format csv >m2.csv &&
	grep -q "近90天仅1[01][0-9][0-9]/2160小时有监测数据" m2.csv &&
	# the whole window stored: a meaningful list, valid from the date
	n=$(rows exemptions 2026-11-28) && [ "$n" -gt 0 ] &&
	$ECREDIT report exemptions --as-of 2026-11-28 --format csv >ex.csv &&
	contains ex.csv ",2026-11-28,2027-11-27" && lacks ex.csv ",2026-10-15," &&
	# 22 days after every device stopped: a system-wide gap, held against
	# nobody (docs/linkage.md): the exemptions stay
	[ "$(rows exemptions 2026-12-20)" -eq "$n" ] &&
	[ "$(rows revocations 2026-12-20)" -eq 0 ] &&
	# a whole window of gap days holds no evidence: every exemption goes,
	# and the reason names the evidence, not the enterprise
	[ "$(rows exemptions 2027-03-15)" -eq 0 ] &&
	[ "$(rows revocations 2027-03-15)" -eq "$n" ] &&
	$ECREDIT report revocations --as-of 2027-03-15 --format csv >rev.csv &&
	contains rev.csv "低于证据要求90%" && lacks rev.csv "EX-TRANSMISSION" &&
	[ "$(grep -c "EX-EVIDENCE" rev.csv)" -eq "$n" ]
'

check 'the staggered plan: 62 days before 1 November none, 61 days the season; March none' '
	setup &&
	for d in 2026-08-31 2026-09-01 2027-02-28 2027-03-01; do link $d || exit 1; done &&
	[ "$(rows staggered 2026-08-31)" -eq 0 ] &&
	n=$(rows staggered 2026-09-01) && [ "$n" -gt 0 ] &&
	$ECREDIT report staggered --as-of 2026-09-01 --format csv >s.csv &&
	contains s.csv ",2026-11-01,2027-02-28," &&
	$ECREDIT report staggered --as-of 2027-02-28 --format csv >t.csv &&
	contains t.csv ",2026-11-01,2027-02-28," &&
	[ "$(rows staggered 2027-03-01)" -eq 0 ]
'

done_testing
