#!/bin/sh
# ecredit status: how the last runs ended (completed, failed with its exit
# code, interrupted after a kill, running with the lock holder's pid), what
# each business date has, horizons, inbox and warnings; text and JSON.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-nightly.sh"

jq_ok() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $2" "$1"; }

check 'a completed run: exit code, per date imported, rated, linked, exported' '
	make_city city &&
	expect_code 65 nightly_in city >out 2>err &&
	(cd city && $ECREDIT --config ecredit.conf status) >st &&
	contains st "$DATE.1" && contains st "completed (exit 65" &&
	contains st "1 file(s) rejected" &&
	contains st "$DATE  imported 4 file(s) (1 rejected, 82 records, 2 quarantined); rated 4; linked; exported bureau finance pricing public tax" &&
	contains st "monitoring  3 devices, data from 2026-11-27 00:00:00 to 2026-11-27 23:00:00" &&
	contains st "penalties   4 penalty events, data from 2026-11-01 to 2026-11-22" &&
	contains st "inbox/permits: 0 file(s) waiting" &&
	contains st "completed with exit code 65" &&
	(cd city && $ECREDIT --config ecredit.conf status --format json) >st.json &&
	jq_ok st.json "r=d[\"runs\"][0]; assert r[\"outcome\"]==\"completed\" and r[\"exit_code\"]==65, r
e=[x for x in d[\"dates\"] if x[\"date\"]==\"$DATE\"][0]
assert e[\"imported\"]==dict(files=4,rejected=1,read=82,quarantined=2), e
assert e[\"rated\"]==dict(enterprises=4) and e[\"linked\"] is not None, e
assert e[\"exported\"][\"channels\"]==[\"bureau\",\"finance\",\"pricing\",\"public\",\"tax\"], e
assert d[\"horizons\"][\"monitoring\"][\"count\"]==3
assert d[\"lock\"][\"held\"] is False"
'

check 'a failed run: failed with its exit code, the step, a resume hint with --config' '
	make_city city &&
	rm city/inbox/permits/zz-truncated.xml &&
	ECREDIT_FAULT=rename:1:EIO LD_PRELOAD=$FAULT_SO expect_code 74 nightly_in city >out 2>err &&
	contains err "--config $PWD/city/ecredit.conf nightly --as-of $DATE" &&
	(cd city && $ECREDIT --config ecredit.conf status) >st &&
	contains st "failed with exit code 74, " &&
	contains st "cannot move '"'"'inbox/permits/2026-11-27-permits.xml'"'"'" &&
	contains st "the newest nightly run $DATE.1 failed" &&
	contains st "--config $PWD/city/ecredit.conf nightly --as-of $DATE" &&
	(cd city && $ECREDIT --config ecredit.conf status --format json) >st.json &&
	jq_ok st.json "r=d[\"runs\"][0]; assert r[\"outcome\"]==\"failed\" and r[\"exit_code\"]==74 and \"cannot move\" in r[\"message\"], r
assert len(d[\"warnings\"])==1"
'

check 'a killed run: interrupted, no lock holder; the rerun completes it' '
	make_city city &&
	ECREDIT_FAULT=fsync:4:KILL LD_PRELOAD=$FAULT_SO expect_code 137 sh -c "cd city && exec $ECREDIT --config ecredit.conf nightly --as-of $DATE" >out 2>err &&
	(cd city && $ECREDIT --config ecredit.conf status) >st &&
	contains st "interrupted (unfinished, nobody holds the lock)" &&
	contains st "the newest nightly run $DATE.1 was interrupted" &&
	contains st "not locked" &&
	(cd city && $ECREDIT --config ecredit.conf status --format json) >st.json &&
	jq_ok st.json "r=d[\"runs\"][0]; assert r[\"outcome\"]==\"interrupted\" and r[\"exit_code\"] is None, r" &&
	expect_code 65 nightly_in city >out 2>err &&
	(cd city && $ECREDIT --config ecredit.conf status) >st &&
	contains st "completed (exit 65" && lacks st interrupted
'

check 'a running night: running, with the lock holder'"'"'s pid' '
	make_city city &&
	(ECREDIT_FAULT=fsync:4:SLEEP ECREDIT_FAULT_SLEEP_MS=4000 LD_PRELOAD=$FAULT_SO \
		nightly_in city >out 2>err) &
	pid=$! &&
	for i in 1 2 3 4 5 6 7 8 9 10; do
		(cd city && $ECREDIT --config ecredit.conf status --format json) >st.json || true
		grep -q "\"running\"" st.json && break
		sleep 0.3
	done &&
	(cd city && $ECREDIT --config ecredit.conf status) >st &&
	wait $pid || true
	contains st "running (lock held by pid" &&
	jq_ok st.json "r=d[\"runs\"][0]; assert r[\"outcome\"]==\"running\" and r[\"pid\"]>0, r
assert d[\"lock\"][\"held\"] is True"
'

check 'waiting and refused inbox entries' '
	make_city city &&
	echo x >city/inbox/permits/.partial.tmp &&
	mkdir city/inbox/penalties/sub &&
	(cd city && $ECREDIT --config ecredit.conf status) >st &&
	contains st "inbox/permits: 2 file(s) waiting (2876 bytes); 1 entr(ies) refused (hidden, not a regular file): .partial.tmp" &&
	contains st "inbox/penalties: 1 file(s) waiting (1030 bytes); 1 entr(ies) refused (hidden, not a regular file): sub" &&
	contains st "none yet" &&
	expect_code 64 $ECREDIT status --format xml
'

done_testing
