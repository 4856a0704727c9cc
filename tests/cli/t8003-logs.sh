#!/bin/sh
# Logs: off a terminal every line starts with an ISO 8601 time in +08:00 and
# the job's last line names its exit status; -v adds the steps with counts
# and times, -q prints errors only. On a terminal: no stamps, and progress
# lines that are cleared before anything else is printed. `report runs`:
# readable text, structured JSON.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-nightly.sh"

STAMP='^20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+08:00 '

# every_line_stamped FILE: each line starts with the stamp
every_line_stamped() {
	test -s "$1" && ! grep -v "$STAMP" "$1"
}

check 'off a terminal: every line stamped, the exit status last' '
	make_city city &&
	expect_code 65 nightly_in city >out 2>err &&
	every_line_stamped out && every_line_stamped err &&
	tail -1 err | grep "${STAMP}ecredit nightly $DATE: exit 65 (input files rejected) after" &&
	contains err "import permits 2026-11-27-permits.xml: read 4" &&
	lacks err "steps of run"
'

check 'the stamp is Asia/Shanghai time whatever TZ says' '
	make_city city &&
	before=$(TZ=UTC0 date -d "+8 hours" +%Y-%m-%dT%H:%M) &&
	TZ=America/New_York expect_code 64 $ECREDIT nightly --bogus 2>err &&
	after=$(TZ=UTC0 date -d "+8 hours" +%Y-%m-%dT%H:%M) &&
	stamp=$(head -1 err | cut -c1-16) &&
	{ [ "$stamp" = "$before" ] || [ "$stamp" = "$after" ]; } &&
	every_line_stamped err
'

check '-v: per-step counts and times; -q: errors only' '
	make_city city &&
	(cd city && expect_code 65 $ECREDIT --config ecredit.conf -v nightly --as-of $DATE) >out 2>err &&
	contains err "steps of run $DATE.1:" &&
	grep "  rate  *committed  *[0-9.]*s  enterprises 4, green 0, blue 3" err &&
	grep "  import:penalties:2026-11-27-penalties.csv  *committed .*read 5, stored 4" err &&
	make_city c2 &&
	(cd c2 && $ECREDIT --config ecredit.conf -q nightly --as-of $DATE --force) >out 2>err || true
	test ! -s out &&
	lacks err "import permits" && lacks err warning &&
	contains err "1 input file(s) rejected" && contains err "exit 65" &&
	make_city c3 && rm c3/inbox/permits/zz-truncated.xml &&
	(cd c3 && $ECREDIT --config ecredit.conf -q nightly --as-of $DATE) >out 2>err &&
	test ! -s out && test ! -s err
'

check 'on a terminal: no stamps; progress within a file, cleared before warnings' '
	command -v script >/dev/null || { echo "no script(1)"; exit 0; }
	$ECREDIT demo --dir d --no-nightly --enterprises 300 --outlets 100 --days 20 >/dev/null 2>&1 &&
	$ECREDIT --db p.db init >/dev/null &&
	script -qec "$ECREDIT --db p.db import monitoring d/inbox/monitoring/hj212-2026-11-28.log" /dev/null >tty.out &&
	lacks tty.out "+08:00 " &&
	grep -a "hj212-2026-11-28.log: [0-9.]* [kM]B of [0-9.]* MB ([0-9]*%), [0-9]* records, [0-9]* records/s" tty.out &&
	cr=$(printf "\r") &&
	grep -a "ecredit: warning: .*match no permit outlet" tty.out &&
	! grep -a "records/s[^$cr]*ecredit: warning" tty.out &&
	! grep -a "records/s[^$cr]*hj212-2026-11-28.log: read" tty.out
'

check 'report runs: text without JSON, JSON with nested counts' '
	make_city city &&
	expect_code 65 nightly_in city >/dev/null 2>&1 &&
	(cd city && $ECREDIT --config ecredit.conf report runs) >runs.txt &&
	lacks runs.txt "{\"" &&
	grep "^$DATE.1 *$DATE *import:penalties:2026-11-27-penalties.csv *committed *[0-9.]*  outcome done, read 5, stored 4, duplicate 0, quarantined 1" runs.txt &&
	grep "export:tax .*channel tax, packages 1, tax-$DATE-1.tar.gz" runs.txt &&
	(cd city && $ECREDIT --config ecredit.conf report runs --format json) >runs.json &&
	python3 -c "
import json, sys
rows = json.load(open(\"runs.json\"))
for r in rows:
    assert isinstance(r[\"counts\"], dict), r
    for v in r[\"counts\"].values():
        assert not (isinstance(v, str) and v.startswith(\"{\")), r
assert rows[0][\"exit_code\"] == 65 and rows[0][\"command\"] == \"nightly\"
assert [r for r in rows if r[\"step\"] == \"rate\"][0][\"counts\"][\"enterprises\"] == 4
"
'

done_testing
