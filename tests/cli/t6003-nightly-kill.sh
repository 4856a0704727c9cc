#!/bin/sh
# nightly killed with SIGKILL (a handful of trials; `make torture` runs
# many more with tests/torture.sh): at commit points (the Nth fsync), just
# before and just after a file move or a package publication (the Nth
# rename), and at a random moment. The rerun must finish the work:
# integrity_check ok, the same rows, the same packages byte for byte.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-nightly.sh"
. "$(dirname "$0")/lib-kill.sh"
pipeline_setup

pcheck 'killed at commit points, then resumed: same result' '
	for n in $(spread_calls fsync 3); do kill_trial "fsync:$n:KILL" || exit 1; done
'

pcheck 'killed around file moves and package publication: same result' '
	r=$(ref_count rename)
	kill_trial "rename:1:KILLAFTER" && kill_trial "rename:$(( (r + 1) / 2 )):KILL" &&
	kill_trial "rename:$r:KILL"
'

pcheck 'killed at a random moment, twice in a row: same result' '
	kill_trial "random:1" && kill_trial "random:2"
'

pipeline_cleanup
done_testing
