# Helpers for the nightly job's tests (t60xx and tests/torture.sh), sourced
# after lib.sh. A "city" is a folder with ecredit.conf, an initialised
# database, inboxes filled from tests/fixtures/nightly, keys and an outbox.
: "${BUILD:=$TOP/build}"
FAULT_SO=$BUILD/tests/faultinject.so
# The shim is built without sanitizers; let ASan accept it in front.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS
DATE=2026-11-27

# make_city DIR: a fresh city (keys made with stock openssl).
make_city() {
	# every step chained: a caller's `make_city X && ...` runs this body
	# with set -e off, so an unchained failing line would go unnoticed
	mkdir -p "$1" && (
		cd "$1" &&
		cp -R "$FIXTURES/nightly/inbox" inbox &&
		mkdir -p inbox/done inbox/rejected outbox keys &&
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -keyout keys/cms.key -out keys/cms.pem -subj /CN=ecredit-test \
			-days 3650 2>/dev/null &&
		openssl genpkey -algorithm ed25519 -out keys/ed25519.key 2>/dev/null &&
		chmod 600 keys/cms.key keys/ed25519.key &&
		cat >ecredit.conf <<-EOF &&
		db = ecredit.db
		[inbox]
		permits = inbox/permits
		penalties = inbox/penalties
		monitoring = inbox/monitoring
		done = inbox/done
		rejected = inbox/rejected
		# the fixtures are copied just before the night runs
		settle_seconds = 0
		[outbox]
		dir = outbox
		channels = tax finance pricing public bureau
		valid_days = 7
		[keys]
		cms_key = keys/cms.key
		cms_cert = keys/cms.pem
		ed25519_key = keys/ed25519.key
		[quality]
		max_quarantine_pct = 50
		EOF
		$ECREDIT --config ecredit.conf init >/dev/null
	)
}

# nightly_in DIR [ARGS...]: run the job in DIR (relative paths, so every
# trial of a test sees the same file names).
nightly_in() {
	_d=$1
	shift
	(cd "$_d" && exec $ECREDIT --config ecredit.conf nightly --as-of $DATE "$@")
}

# Why the full pipeline cannot run yet ("" when it can): a probe run on a
# scratch city; a piece still a stub says "not built yet".
pipeline_missing() {
	_p=$(mktemp -d "$TMPROOT/probe.XXXXXX")
	make_city "$_p/city" || { echo "cannot make the fixture city"; return; }
	nightly_in "$_p/city" >/dev/null 2>"$_p/err"
	grep -o "[^:]*not built yet" "$_p/err" | head -1
	rm -rf "$_p"
}

# skip DESCRIPTION REASON: a TAP skip, counted and visible.
skip() {
	_n=$((_n + 1))
	echo "ok $_n - $1 # SKIP $2"
}

# snapshot CITY OUT: everything a rerun must reproduce exactly: every
# table (without wall-clock columns), the packages' archives and releases,
# and where each input file ended up.
snapshot() {
	_db=$1/ecredit.db
	: >"$2" &&
	_tables=$(sqlite3 "$_db" "SELECT name FROM sqlite_master WHERE type = 'table'
			AND name NOT LIKE 'sqlite_%' ORDER BY name") || return 1
	for _t in $_tables; do
		_cols=$(sqlite3 "$_db" "SELECT group_concat(name, ', ') FROM pragma_table_info('$_t')
			WHERE name NOT IN ('started', 'finished', 'elapsed_ms', 'imported_at')
			AND name NOT LIKE '%\_at' ESCAPE '\\'") &&
		echo "== $_t" >>"$2" &&
		sqlite3 "$_db" "SELECT $_cols FROM \"$_t\" ORDER BY $_cols" >>"$2" || return 1
	done
	echo "== outbox" >>"$2" &&
	(cd "$1/outbox" && ls -A | LC_ALL=C sort && for _f in *.tar.gz *.release; do
		if [ -f "$_f" ]; then sha256sum "$_f" || exit 1; fi
	done) >>"$2" &&
	echo "== inputs" >>"$2" &&
	(cd "$1/inbox" && find . -type f | LC_ALL=C sort) >>"$2"
}

# integrity CITY: PRAGMA integrity_check says ok.
integrity() {
	_r=$(sqlite3 "$1/ecredit.db" "PRAGMA integrity_check")
	[ "$_r" = ok ] || { echo "integrity_check: $_r" >&2; return 1; }
}

# clean_outbox CITY [killed]: only finished package files are visible,
# and every .release names an archive with its size and hash. After a kill
# a hidden staging entry (".name...") may remain until the rerun removes
# it; after an error exit nothing may remain.
clean_outbox() {
	for _f in $(cd "$1/outbox" && ls -A); do
		case $_f in
		[a-z]*-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]-[0-9]*.tar.gz) ;;
		*.release | *.release.p7s | *.release.sm2.sig | *.release.ed25519.sig) ;;
		.*) [ "${2:-}" = killed ] || { echo "stray file in outbox: $_f" >&2; return 1; } ;;
		*) echo "stray file in outbox: $_f" >&2; return 1 ;;
		esac
	done
	for _r in "$1"/outbox/*.release; do
		[ -f "$_r" ] || continue
		_a=$(sed -n 's/^Archive: //p' "$_r")
		_h=$(sed -n 's/^Archive-SHA256: //p' "$_r")
		[ -n "$_a" ] && [ -f "$1/outbox/$_a" ] || { echo "$_r: no archive '$_a'" >&2; return 1; }
		[ "$(sha256sum <"$1/outbox/$_a" | cut -d' ' -f1)" = "$_h" ] ||
			{ echo "$_r: archive hash differs" >&2; return 1; }
	done
}

# inputs_once CITY [killed]: each fixture input is in exactly one place
# (inbox, done or rejected), and no temp file lies around (after a kill, a
# hidden one may, until the rerun).
inputs_once() {
	for _f in $(cd "$FIXTURES/nightly/inbox" && find . -type f); do
		_b=$(basename "$_f")
		_c=$(find "$1/inbox" -type f -name "$_b" | wc -l)
		[ "$_c" -eq 1 ] || { echo "input $_b found $_c times" >&2; return 1; }
	done
	if [ "${2:-}" = killed ]; then
		_s=$(find "$1/inbox" -name '*.tmp' ! -name '.*' | wc -l)
	else
		_s=$(find "$1/inbox" -name '*.tmp' | wc -l)
	fi
	[ "$_s" -eq 0 ] || { echo "temp files left in the inbox folders" >&2; return 1; }
}

# finish CITY: rerun until the run completes (at most 3 times); prints the
# last exit status. Completed runs exit 0, 1 or 65 (or say already done).
finish() {
	for _i in 1 2 3; do
		_rc=0
		nightly_in "$1" >"$1/../finish.out" 2>"$1/../finish.err" || _rc=$?
		case $_rc in
		0 | 1 | 65) echo $_rc; return 0 ;;
		esac
	done
	echo "rerun did not complete: exit $_rc" >&2
	cat "$1/../finish.err" >&2
	return 1
}

# The shared set-up of the pipeline tests: $WORK/pristine (a city, never
# run), $WORK/city (where every run happens, so paths are the same) and the
# reference: $WORK/ref.snap, $WORK/ref.rc, $WORK/ref.counts (calls of a
# clean run, from the shim). Sets MISSING when the pipeline is not built.
pipeline_setup() {
	WORK=$(mktemp -d "$TMPROOT/nightly.XXXXXX")
	MISSING=$(pipeline_missing)
	[ -n "$MISSING" ] && return 0
	make_city "$WORK/pristine" || { MISSING="cannot make the fixture city"; return 0; }
	restore
	_rc=0
	_t0=$(date +%s.%N)
	ECREDIT_FAULT_COUNT=$WORK/ref.counts LD_PRELOAD=$FAULT_SO \
		nightly_in "$WORK/city" >"$WORK/ref.out" 2>"$WORK/ref.err" || _rc=$?
	echo "$_t0 $(date +%s.%N)" | awk '{ print $2 - $1 }' >"$WORK/ref.secs"
	echo $_rc >"$WORK/ref.rc"
	snapshot "$WORK/city" "$WORK/ref.snap"
}

restore() {
	rm -rf "$WORK/city" && cp -a "$WORK/pristine" "$WORK/city"
}

# pcheck DESCRIPTION CODE: check, or skip naming the missing piece.
pcheck() {
	if [ -n "$MISSING" ]; then
		skip "$1" "pipeline not built yet:$MISSING"
	else
		check "$1" "$2"
	fi
}

# ref_count CLASS: calls of that class in the clean reference run.
ref_count() {
	sed -n "s/.*$1 \([0-9]*\).*/\1/p" "$WORK/ref.counts" | head -1
}

# spread_calls CLASS K: K call numbers spread evenly over a clean run's
spread_calls() {
	awk -v t="$(ref_count $1)" -v k="$2" \
		'BEGIN { for (i = 1; i <= k; i++) print int(t * i / (k + 1)) + 1 }'
}

# same_as_ref: the city after a (resumed) run equals the reference.
same_as_ref() {
	integrity "$WORK/city" && snapshot "$WORK/city" "$WORK/now.snap" &&
	same "$WORK/ref.snap" "$WORK/now.snap"
}

pipeline_cleanup() {
	rm -rf "$WORK"
}
