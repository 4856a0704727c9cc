#!/bin/sh
# make bench / make bench-quick: time the pipeline against stock tools.
#
#   sh scripts/bench.sh          city, province, nation, growth check
#   sh scripts/bench.sh quick    city only (under a minute)
#   sh scripts/bench.sh report   the last run's table again (BENCH_WRITE=1 too)
#
# Environment: BENCH_WRITE=1 writes BENCHMARKS.md; BENCH_SCALES="city
# province nation growth" picks parts (also "backfill": the province's 30
# days in one file, ~20 minutes); BENCH_DIR (default bench/) is the
# scratch folder, emptied of large files at the end; BENCH_KEEP=1 keeps it.
#
# Each step runs under /usr/bin/time -f '%e %M' (wall seconds, peak RSS
# KB). Beside it, in the same run and on the same data, the stock tool doing
# the comparable work (see docs/scaling.md for what exactly is compared).
# A step whose command is still the "not built yet" stub is printed as
# such. POSIX sh and awk only: no python.
set -u
LC_ALL=C
export LC_ALL

ROOT=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
EC="$ROOT/ecredit"
MODE=${1:-full}
W=${BENCH_DIR:-$ROOT/bench}
ASOF=2026-11-28
SEED=1
if [ "$MODE" = quick ]; then
	SCALES=${BENCH_SCALES:-city}
elif [ "$MODE" = report ]; then
	SCALES= # print (and with BENCH_WRITE=1 write) the last run's figures again
else
	SCALES=${BENCH_SCALES:-city province nation growth}
fi
# Growth check base: monitored outlets x days at 1x (then 2x, 4x, 8x of
# the outlets). Chosen so that the whole `make bench` fits in 20 minutes.
GROWTH_OUTLETS=${BENCH_GROWTH_OUTLETS:-1000}
GROWTH_DAYS=${BENCH_GROWTH_DAYS:-3}
# Days of the month stored before the nation's business day (D-29 .. D-1).
NATION_MONTH=${BENCH_NATION_MONTH:-29}
NATION_ENT=${BENCH_NATION_ENT:-1000000}
NATION_OUTLETS=${BENCH_NATION_OUTLETS:-40000}

for tool in /usr/bin/time sqlite3 openssl tar gzip sha256sum awk; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "bench: '$tool' is missing; run: sh scripts/deps.sh" >&2
		exit 1
	fi
done
[ -x "$EC" ] || { echo "bench: build first (make)" >&2; exit 1; }

mkdir -p "$W"
RES="$W/results.tsv"
GROW="$W/growth.tsv"
STORE="$W/store.tsv"
NOTES="$W/notes.txt"
if [ "$MODE" != report ]; then
	: >"$RES"
	: >"$GROW"
	: >"$STORE"
	: >"$NOTES"
	echo "$MODE ($SCALES), started $(date -u '+%Y-%m-%d %H:%M UTC')" >"$W/run.txt"
fi
T0=$(date +%s)

say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
note() { printf '%s\n' "$*" >>"$NOTES"; say "  note: $*"; }

# timed LOG cmd... : run, keep stdout/stderr in LOG.out/.err; sets
# T_RC, T_WALL, T_RSS (KB). GNU time prints "Command exited..." first
# when the status is not 0, so the figures are its last line.
timed() {
	log=$1
	shift
	/usr/bin/time -f '%e %M' -o "$log.time" "$@" >"$log.out" 2>"$log.err"
	T_RC=$?
	set -- $(tail -n 1 "$log.time")
	T_WALL=${1:-0}
	T_RSS=${2:-0}
}

# The state of one of our steps, from T_RC and its stderr.
state() {
	if [ "$T_RC" -eq 70 ] && grep -q 'not built yet' "$1.err"; then
		echo "not built"
	elif [ "$T_RC" -ne 0 ]; then
		echo "failed (exit $T_RC): $(grep -m1 'error' "$1.err" | cut -c1-120)"
	else
		echo ok
	fi
}

# result SCALE STEP RECORDS WALL RSS_KB STOCK_S TARGET STATE
result() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RES"
	say "  $2: $3 records, ${4}s, $(($5 / 1024)) MB; stock ${6}s; $8"
}

# Records read by an import, from its "read N = ..." lines.
read_count() {
	awk '{ for (i = 1; i < NF; i++) if ($i == "read") n += $(i + 1) }
	     END { print n + 0 }' "$1.out" "$1.err"
}

sql() { sqlite3 -batch "$DB" "$@"; }

# The second reference for the monitoring import: a bare framing + CRC
# pass over the same log (scripts/hj212-frame.c, standalone, no project
# code), compiled here with cc -O2.
FRAME="$W/hj212-frame"
if [ "$MODE" != report ]; then
	rm -f "$FRAME"
	cc -O2 -o "$FRAME" "$ROOT/scripts/hj212-frame.c" 2>"$W/hj212-frame.err" ||
		say "bench: cc -O2 scripts/hj212-frame.c failed, no frame+CRC reference: $(head -1 "$W/hj212-frame.err")"
fi

# Packets quarantined by an import, from its "quarantined N" lines.
quarantined_count() {
	awk '{ for (i = 1; i < NF; i++) if ($i == "quarantined") n += $(i + 1) }
	     END { print n + 0 }' "$1.out" "$1.err"
}

# frame_pass SCALE STEP PACKETS FILE... : time the bare framing + CRC pass
# over the files the import just read (a .gz through gzip -dc |); sets
# FRAME_WALL (empty when not measured) and notes its counts against the
# import's.
frame_pass() {
	fsc=$1 fstep=$2 fn=$3
	shift 3
	FRAME_WALL=
	[ -x "$FRAME" ] || return 0
	timed "$S/frame" sh -c 'f=$1; shift
		for x; do
			case $x in
			*.gz) gzip -dc -- "$x" | "$f" || exit 1 ;;
			*) "$f" "$x" || exit 1 ;;
			esac
		done' sh "$FRAME" "$@"
	if [ "$T_RC" -ne 0 ]; then
		note "$fsc $fstep: the frame+CRC pass failed (exit $T_RC): $(head -1 "$S/frame.err")"
		return 0
	fi
	FRAME_WALL=$T_WALL
	gz=
	case "$*" in *.gz*) gz=", through gzip -dc |" ;; esac
	q=$(quarantined_count "$L")
	set -- $(awk '{ for (i = 1; i < NF; i += 2) c[$i] += $(i + 1) }
		END { print c["read"] + 0, c["framed"] + 0, c["crc_ok"] + 0,
		      c["crc_modbus"] + 0, c["crc_swapped"] + 0, c["bad"] + 0 }' "$S/frame.out")
	note "$fsc $fstep: bare frame+CRC pass (scripts/hj212-frame.c, cc -O2$gz) ${FRAME_WALL}s: $1 packets read, $2 framed, $3 with the Appendix A CRC (+ $4 CRC-16/MODBUS, $5 byte-swapped), $6 bad; the import read $fn and quarantined $q, i.e. kept $((fn - q)) against $3 CRC-clean ($(($3 - fn + q)) CRC-clean packets quarantined for other reasons); ours $(awk -v n="$fn" -v w="$T_WALL_OURS" 'BEGIN { printf "%.0f", (w > 0 ? n / w : 0) }') packets/s (the issue's target: 150000), frame+CRC $(awk -v n="$1" -v w="$FRAME_WALL" 'BEGIN { printf "%.0f", (w > 0 ? n / w : 0) }') packets/s, ours/frame+CRC $(awk -v a="$T_WALL_OURS" -v b="$FRAME_WALL" 'BEGIN { printf (b > 0 ? "%.1f" : "-"), (b > 0 ? a / b : 0) }') (target 2.5)"
}

# store_size SCALE STEP : the monitoring store's pages by table (dbstat),
# one line of $STORE: scale, step, values, packets, then bytes of
# mon_value, mon_value_revision, mon_packet, mon_series (with its UNIQUE
# index), mon_day.
store_size() {
	{
		echo "SELECT count(*) FROM mon_value;"
		echo "SELECT count(*) FROM mon_packet;"
		for t in mon_value mon_value_revision mon_packet mon_series \
			sqlite_autoindex_mon_series_1 mon_day; do
			echo "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = '$t';"
		done
	} >"$S/store.sql"
	set -- $(sql ".read $S/store.sql")
	if [ $# -ne 8 ]; then
		note "$sc $step: dbstat failed, no bytes per value"
		return 0
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$sc" "$step" "$1" "$2" \
		"$3" "$4" "$5" $(($6 + $7)) "$8" >>"$STORE"
	note "$sc $step: store after the import: $1 values (mon_value rows), $2 packets; $(awk -v n="$1" -v v="$3" -v r="$4" -v p="$5" -v s=$(($6 + $7)) -v d="$8" 'BEGIN { if (n > 0) printf "bytes per value: mon_value %.1f, mon_value_revision %.1f, mon_packet %.1f, mon_series %.2f, mon_day %.2f, total %.1f (target 30)", v / n, r / n, p / n, s / n, d / n, (v + r + p + s + d) / n }')"
}

# stock_import NAME TABLE... : dump the tables our import just filled to CSV
# in the order the rows arrived (untimed), then time the sqlite3 shell
# loading them with .import into the same tables (same DDL, same keys, same
# journal settings) of a fresh database.
stock_import() {
	name=$1
	shift
	sdb="$S/stock-$name.db"
	rm -f "$sdb" "$sdb-wal" "$sdb-shm"
	# A copy of our database made just before our import: the stock
	# tool then loads into the same tables holding the same month.
	[ -n "${STOCK_BASE:-}" ] && mv "$STOCK_BASE" "$sdb"
	{
		echo "PRAGMA journal_mode=WAL;"
		echo "PRAGMA synchronous=NORMAL;"
		echo "PRAGMA cache_size=-65536;"
		[ -n "${STOCK_BASE:-}" ] || for t in "$@"; do
			sql ".schema $t" | grep -v '^CREATE INDEX'
		done
		[ -n "${STOCK_BASE:-}" ] || for t in "$@"; do
			sql ".schema $t" | grep '^CREATE INDEX'
		done
		echo "BEGIN;"
		for t in "$@"; do echo ".import --csv $S/$t.csv $t"; done
		echo "COMMIT;"
	} >"$S/stock-$name.sql"
	for t in "$@"; do
		order=rowid where=
		case $t in
		# the compact monitoring store (schema version 4): the rows
		# this import added, in arrival order (by packet id)
		mon_series) order=id where="WHERE id > $PREV_SERIES" ;;
		mon_packet) order=id where="WHERE id > $PREV_PACKET" ;;
		mon_value) order="packet, series" where="WHERE packet > $PREV_PACKET" ;;
		mon_day) order="series, day"
			where="WHERE (series, day) IN (SELECT DISTINCT series, day FROM mon_value WHERE packet > $PREV_PACKET)" ;;
		enterprise | outlet | outlet_limit) order=1 ;;
		event) order="file_id, line" ;;
		esac
		sql -csv "SELECT * FROM $t $where ORDER BY $order" >"$S/$t.csv"
		[ "$t" = mon_value ] && note "$sc $step: $(wc -l <"$S/$t.csv") values (pollutant-periods) stored from $n packets; the stock .import loads the rows it added to mon_series, mon_packet, mon_value and mon_day"
	done
	timed "$S/stock-$name" sqlite3 -batch "$sdb" ".read $S/stock-$name.sql"
	STOCK=$T_WALL
	[ "$T_RC" -eq 0 ] || STOCK="failed"
	rm -f "$sdb" "$sdb-wal" "$sdb-shm"
	for t in "$@"; do rm -f "$S/$t.csv"; done
}

# Make a city; sets D, S, CONF, DB, and the generator's counts.
generate() {
	name=$1 ent=$2 outl=$3 days=$4
	D="$W/$name"
	S="$W/$name-scratch"
	rm -rf "$D" "$S"
	mkdir -p "$S"
	CONF="$D/ecredit.conf"
	DB="$D/ecredit.db"
	say "== $name: $ent enterprises, $outl monitored outlets, $days day(s)"
	timed "$S/generate" "$EC" demo --dir "$D" --enterprises "$ent" \
		--outlets "$outl" --days "$days" --seed "$SEED" --as-of "$ASOF" \
		--no-nightly
	if [ "$T_RC" -ne 0 ]; then
		say "bench: generating $name failed:"
		cat "$S/generate.err" >&2
		exit 1
	fi
	GEN_WALL=$T_WALL
	PACKETS=$(awk '/HJ 212 packets/ { print $4 }' "$S/generate.out")
	note "$name: generated in ${GEN_WALL}s (not counted): $(grep -E "^  (permits|HJ 212|penalties) " "$S/generate.out" | tr -s " " | sed "s/^ //" | tr "\n" ";" | sed "s/;$//; s/;/; /g")"
	"$EC" --config "$CONF" init >/dev/null || exit 1
}

# The key and certificate the stock signer uses: the demo's RSA pair when
# keygen made one, else one made here with openssl (untimed).
stock_keys() {
	if [ -f "$D/keys/rsa.key" ] && [ -f "$D/keys/rsa.crt" ]; then
		SKEY="$D/keys/rsa.key"
		SCRT="$D/keys/rsa.crt"
		return
	fi
	SKEY="$W/stock.key"
	SCRT="$W/stock.crt"
	[ -f "$SKEY" ] && return
	openssl req -x509 -newkey rsa:3072 -nodes -keyout "$SKEY" -out "$SCRT" \
		-days 3650 -subj "/CN=ecredit bench" >/dev/null 2>&1
}

# ours_step SCALE STEP LOG RECORDS TARGET cmd... : time one of our commands.
ours_step() {
	sc=$1 step=$2 L=$3 n=$4 tg=$5
	shift 5
	timed "$L" "$@"
	T_WALL_OURS=$T_WALL
	T_RSS_OURS=$T_RSS
	OURS_STATE=$(state "$L")
	[ "$OURS_STATE" = ok ] || result "$sc" "$step" "$n" 0 0 - "$tg" "$OURS_STATE"
}

# The pipeline after the imports: rate, link, export, verify.
downstream() {
	sc=$1
	ent=$(sql "SELECT count(*) FROM enterprise")
	ours_step "$sc" rate "$S/rate" "$ent" 60s "$EC" --config "$CONF" rate --as-of "$ASOF"
	if [ "$OURS_STATE" = ok ]; then
		# The bare aggregate behind rating: the points of every stored
		# event, summed per enterprise, under the rule set just used.
		cat >"$S/agg.sql" <<-EOF
		SELECT e.uscc, sum(r.points) FROM event e JOIN rule_event r
		  ON r.category = e.category
		 AND r.rule_set_sha256 = (SELECT rule_set_sha256 FROM rate_date
		                          WHERE as_of = '$ASOF')
		 GROUP BY e.uscc;
		EOF
		timed "$S/stock-rate" sqlite3 -batch "$DB" ".read $S/agg.sql"
		[ "$T_RC" -eq 0 ] || T_WALL=failed
		agg=$T_WALL
		ev=$(sql "SELECT count(*) FROM event")
		# What rating reads besides the events: the hourly monitoring
		# (the stored values, grouped by series; no provenance join).
		echo "SELECT s.mn, s.pollutant, count(*), max(v.avg) FROM mon_series s JOIN mon_value v ON v.series = s.id WHERE s.cn = 2061 AND v.flag = 'N' GROUP BY s.id;" >"$S/scan.sql"
		timed "$S/stock-scan" sqlite3 -batch "$DB" ".read $S/scan.sql"
		note "$sc rate: $ev events after rating (penalties and monitoring-derived); bare aggregate ${agg}s; a bare sqlite3 scan of all stored hourly values (mon_value joined to mon_series) grouped by series ${T_WALL}s; the issue's target for rate is 60 s at nation scale"
		result "$sc" rate "$ent" "$T_WALL_OURS" "$T_RSS_OURS" "$agg" 60s ok
	fi
	ours_step "$sc" link "$S/link" "$ent" 120s "$EC" --config "$CONF" link --as-of "$ASOF"
	[ "$OURS_STATE" = ok ] &&
		result "$sc" link "$ent" "$T_WALL_OURS" "$T_RSS_OURS" - "120s" ok
	OUT="$D/bench-out"
	rm -rf "$OUT"
	mkdir -p "$OUT"
	ours_step "$sc" export "$S/export" "$ent" 1.2 "$EC" --config "$CONF" export --as-of "$ASOF" --out "$OUT"
	if [ "$OURS_STATE" = ok ]; then
		stock_keys
		stock_export
		result "$sc" export "$ent" "$T_WALL_OURS" "$T_RSS_OURS" "$STOCK" 1.2 ok
		trust="$D/keys/rsa.crt"
		ours_step "$sc" verify "$S/verify" "$ent" 1.2 "$EC" verify --trust "$trust" --today "$ASOF" "$OUT"/*.release
		if [ "$OURS_STATE" = ok ]; then
			stock_verify
			result "$sc" verify "$ent" "$T_WALL_OURS" "$T_RSS_OURS" "$STOCK" 1.2 ok
		fi
	else
		result "$sc" verify "$ent" 0 0 - 1.2 "not run (no packages)"
	fi
}

# The same packaging work by stock tools on the same files: unpack our
# archives (untimed), then time tar + gzip -6 of each bag, sha256sum of the
# payload and of the archive, and openssl cms -sign of a release file.
stock_export() {
	SX="$S/stock-export"
	rm -rf "$SX"
	mkdir -p "$SX/in" "$SX/out"
	for a in "$OUT"/*.tar.gz; do
		b=$(basename "$a" .tar.gz)
		mkdir -p "$SX/in/$b"
		tar -xzf "$a" -C "$SX/in/$b"
	done
	cat >"$SX/pack.sh" <<-EOF
	set -e
	cd "$SX/in"
	for b in *; do
		( cd "\$b" && find . -type f | sort | sed 's|^\./||' | xargs sha256sum >"$SX/out/\$b.manifest" )
		tar --sort=name --mtime=$ASOF --owner=0 --group=0 --numeric-owner \
			-cf - "\$b" | gzip -6 -n >"$SX/out/\$b.tar.gz"
		sha256sum "$SX/out/\$b.tar.gz" >"$SX/out/\$b.release"
		openssl cms -sign -binary -in "$SX/out/\$b.release" -signer "$SCRT" \
			-inkey "$SKEY" -outform DER -out "$SX/out/\$b.release.p7s" -nosmimecap
	done
	EOF
	timed "$SX/pack" sh "$SX/pack.sh"
	STOCK=$T_WALL
	[ "$T_RC" -eq 0 ] || STOCK=failed
}

# A consumer with stock tools: openssl cms -verify of each release,
# sha256sum of the archive, tar -xzf, sha256sum -c of the manifest.
stock_verify() {
	cat >"$SX/check.sh" <<-EOF
	set -e
	cd "$SX/out"
	for r in *.release; do
		b=\${r%.release}
		openssl cms -verify -binary -inform DER -content "\$r" -in "\$r.p7s" \
			-CAfile "$SCRT" -purpose any -out /dev/null 2>/dev/null
		sha256sum -c --quiet "\$r"
		rm -rf "x-\$b"; mkdir "x-\$b"
		tar -xzf "\$b.tar.gz" -C "x-\$b"
		( cd "x-\$b/\$b" && sha256sum -c --quiet "$SX/out/\$b.manifest" )
	done
	EOF
	timed "$SX/check" sh "$SX/check.sh"
	STOCK=$T_WALL
	[ "$T_RC" -eq 0 ] || { STOCK=failed; say "  stock verify failed: $(head -2 "$SX/check.err")"; }
	rm -rf "$SX"
}

# One scale: generate, import all three kinds, then the rest.
run_scale() {
	sc=$1
	generate "$@"
	import_all "$sc" "$D"/inbox/monitoring/*
	downstream "$sc"
}

import_all() {
	sc=$1
	shift
	ours_import "$sc" "import permits" permits \
		"enterprise permit outlet outlet_limit" "$D"/inbox/permits/*
	ours_import "$sc" "import penalties" penalties event "$D"/inbox/penalties/*
	ours_import "$sc" "import monitoring" monitoring \
		"mon_series mon_packet mon_value mon_day" "$@"
}

ours_import() {
	sc=$1 step=$2 kind=$3 tables=$4
	shift 4
	L="$S/$(echo "$step" | tr ' ' '-' | tr -d '(),')"
	PREV_FILE=$(sql "SELECT coalesce(max(id), 0) FROM import_file")
	if [ "$kind" = monitoring ]; then
		PREV_PACKET=$(sql "SELECT coalesce(max(id), 0) FROM mon_packet")
		PREV_SERIES=$(sql "SELECT coalesce(max(id), 0) FROM mon_series")
	fi
	timed "$L" "$EC" --config "$CONF" import "$kind" "$@"
	T_WALL_OURS=$T_WALL
	T_RSS_OURS=$T_RSS
	st=$(state "$L")
	OURS_STATE_IMPORT=$st
	if [ "$st" = ok ]; then
		n=$(read_count "$L")
		FRAME_WALL=
		if [ "$kind" = monitoring ]; then
			frame_pass "$sc" "$step" "$n" "$@"
			store_size "$sc" "$step"
		fi
		# shellcheck disable=SC2086
		stock_import "$kind" $tables
		result "$sc" "$step" "$n" "$T_WALL_OURS" "$T_RSS_OURS" "$STOCK" 1.0 ok
		[ -n "$FRAME_WALL" ] &&
			result "$sc" "$step vs frame+CRC" "$n" "$T_WALL_OURS" \
				"$T_RSS_OURS" "$FRAME_WALL" 2.5 ok
	else
		result "$sc" "$step" - 0 0 - 1.0 "$st"
	fi
}

# Province and nation: the business day hourly with the month before it
# already stored (run_month NAME ENTERPRISES OUTLETS). Importing 30 days of
# a province's packets in one file took 1,204 s by itself here (see
# `backfill`), and a nation's would take hours, so the month is made so
# (and said so in the notes):
#   1. the city is generated with two days, D-1 and D, and the log split by
#      DataTime into the two days (untimed);
#   2. day D-1 is imported by ecredit (timed: "day D-1, empty store"), and
#      day D into a copy of the store without monitoring (timed: "day D,
#      empty store", the reference for the month-stored import);
#   3. the store is filled by SQL with D-NDAYS .. D-1, each a copy of day
#      D-1's stored rows shifted by whole days: mon_value rebuilt in key
#      order (day, series, t) and swapped in, mon_value_revision and mon_day
#      rows appended, and each copied day gets its own mon_packet rows
#      (copies of day D-1's, new ids) so that provenance is stored per day
#      as a real month's would be (timed, shown as setup);
#   4. day D is imported by ecredit into the store holding the month (the
#      nightly's real situation), then rate, link, export, verify.
run_month() {
	generate "$1" "$2" "$3" 2
	sc=$1
	src=$(ls "$D"/inbox/monitoring/*)
	d1=$(echo "$ASOF" | awk -F- '{ printf "%s%s%02d", $1, $2, $3 - 1 }')
	mkdir -p "$S/days"
	case $src in *.gz) cat="gzip -dc" ;; *) cat=cat ;; esac
	$cat "$src" | awk -v d1="DataTime=$d1" -v a="$S/days/day1.log" \
		-v b="$S/days/day2.log" \
		'{ if (index($0, d1)) print > a; else print > b }'
	rm -f "$src"
	ours_import "$sc" "import permits" permits \
		"enterprise permit outlet outlet_limit" "$D"/inbox/permits/*
	ours_import "$sc" "import penalties" penalties event "$D"/inbox/penalties/*
	# The store without monitoring, for day D into an empty store.
	sql "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	cp "$DB" "$S/empty.db"
	sed "s|^db = .*|db = $S/empty.db|" "$CONF" >"$S/empty.conf"
	ours_import "$sc" "import monitoring (day D-1, empty store)" monitoring \
		"mon_series mon_packet mon_value mon_day" "$S/days/day1.log"
	EMPTY_WALL=
	if [ -s "$S/days/day2.log" ]; then
		ours_step "$sc" "import monitoring (day D, empty store)" "$S/empty-day2" - - \
			"$EC" --config "$S/empty.conf" import monitoring "$S/days/day2.log"
		if [ "$OURS_STATE" = ok ]; then
			EMPTY_WALL=$T_WALL_OURS
			result "$sc" "import monitoring (day D, empty store)" \
				"$(read_count "$S/empty-day2")" "$T_WALL_OURS" "$T_RSS_OURS" - - ok
		fi
	fi
	rm -f "$S/empty.db" "$S/empty.db-wal" "$S/empty.db-shm" "$S/empty.db.lock"
	if [ "$OURS_STATE_IMPORT" = ok ]; then
		# Fill the month: day D-1's values shifted to D-NDAYS .. D-1
		# (k = 1-NDAYS .. 0, k = 0 being day D-1 itself), day by day in
		# key order (day, series, t), appended to a new mon_value (no
		# sort, no page splits in the middle), then swapped in under the
		# same DDL. The
		# copies of day k < 0 point at their own copies of day D-1's
		# packets: id + (k + NDAYS) * P, P = the largest packet id.
		nm=$NATION_MONTH
		pmax=$(sql "SELECT coalesce(max(id), 0) FROM mon_packet")
		poff="(k.n + $nm) % $nm * $pmax"
		cols="avg, zs_avg, min, max, zs_min, zs_max, cou, flag"
		{
			# setup only: a rollback journal writes the new table once
			# (WAL would write it twice); WAL is restored at the end.
			echo "PRAGMA journal_mode=DELETE;"
			echo "PRAGMA cache_size=-262144;"
			# the views and triggers name mon_value: the rename below
			# must leave them as they are (they name the new table then)
			echo "PRAGMA legacy_alter_table=ON;"
			echo "CREATE TEMP TABLE k(n INTEGER PRIMARY KEY);"
			echo "WITH RECURSIVE c(n) AS (SELECT 1 - $nm UNION ALL"
			echo "  SELECT n + 1 FROM c WHERE n < 0) INSERT INTO k SELECT n FROM c;"
			echo "BEGIN;"
			sql "SELECT sql || ';' FROM sqlite_master WHERE type = 'table' AND name = 'mon_value'" |
				sed 's/^CREATE TABLE "\{0,1\}mon_value"\{0,1\} *(/CREATE TABLE mon_value_month (/'
			cat <<-EOF
			INSERT INTO mon_packet (id, file_id, line, received, crc_variant, qn)
			SELECT p.id + $poff, p.file_id, p.line, p.received, p.crc_variant, p.qn
			  FROM k CROSS JOIN mon_packet p WHERE k.n < 0 AND p.id <= $pmax
			 ORDER BY k.n, p.id;
			SELECT 'packets', changes();
			INSERT INTO mon_value_month (day, series, t, $cols, revision, packet)
			SELECT v.day + k.n, v.series, v.t + k.n * 86400, v.avg, v.zs_avg,
			       v.min, v.max, v.zs_min, v.zs_max, v.cou, v.flag, v.revision,
			       v.packet + $poff
			  FROM k CROSS JOIN mon_value v;
			SELECT 'rows', changes();
			INSERT INTO mon_value_revision (series, t, revision, $cols, packet,
			       replaced_by_file)
			SELECT r.series, r.t + k.n * 86400, r.revision, r.avg, r.zs_avg, r.min,
			       r.max, r.zs_min, r.zs_max, r.cou, r.flag, r.packet + $poff,
			       r.replaced_by_file
			  FROM k CROSS JOIN mon_value_revision r WHERE k.n < 0
			 ORDER BY r.series, k.n, r.t;
			INSERT INTO mon_day (series, day, hours, bad, f, vmax)
			SELECT d.series, d.day + k.n, d.hours, d.bad, d.f, d.vmax
			  FROM (SELECT DISTINCT series FROM mon_day) s
			 CROSS JOIN k CROSS JOIN mon_day d
			 WHERE d.series = s.series AND k.n < 0;
			SELECT 'days', changes();
			-- the month rows of the filled days (importers/monstore.h,
			-- mon_month): count and sum of the valid values per series
			-- and month (the bench needs their rows, not their last bit)
			DELETE FROM mon_month;
			INSERT INTO mon_month (series, month, n, vsum, vlast)
			SELECT series, month, sum(n), sum(s), max(l) FROM (
			  SELECT d.series AS series, CAST(strftime('%Y%m', d.day * 86400,
			         'unixepoch') AS INTEGER) AS month, count(x) AS n, sum(x) AS s,
			         max(CASE WHEN x IS NOT NULL THEN v.t END) AS l
			    FROM mon_day d CROSS JOIN (SELECT day, series, t, CASE WHEN
			         flag = 'N' THEN coalesce(zs_avg, avg) END AS x
			         FROM mon_value_month) v ON v.day = d.day AND v.series = d.series
			   GROUP BY d.series, d.day)
			 GROUP BY series, month;
			SELECT 'months', changes();
			DROP TABLE mon_value;
			ALTER TABLE mon_value_month RENAME TO mon_value;
			EOF
			sql "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'mon_value' AND sql IS NOT NULL"
			echo "COMMIT;"
			echo "PRAGMA legacy_alter_table=OFF;"
			echo "PRAGMA journal_mode=WAL;"
		} >"$S/fill.sql"
		rows0=$(sql "SELECT count(*) FROM mon_value")
		timed "$S/fill" sqlite3 -batch -bail "$DB" ".read $S/fill.sql"
		rows1=$(awk -F'|' '$1 == "rows" { print $2 }' "$S/fill.out")
		pk1=$(awk -F'|' '$1 == "packets" { print $2 }' "$S/fill.out")
		dy1=$(awk -F'|' '$1 == "days" { print $2 }' "$S/fill.out")
		[ "$T_RC" -eq 0 ] || say "  fill failed: $(head -3 "$S/fill.err")"
		note "$sc: the month stored: day D-1's $rows0 stored values copied to $nm days by SQL (mon_value rebuilt in key order (day, series, t) and swapped in, same DDL; same series ids; day D-1's $pmax packets copied to each earlier day under new ids, their text stamps not shifted) = ${rows1:-?} mon_value rows, ${pk1:-?} more mon_packet rows, ${dy1:-?} more mon_day rows in ${T_WALL}s (exit $T_RC); database now $(du -m "$DB" | cut -f1) MB"
		result "$sc" "(setup) store the month by SQL" "${rows1:-0}" "$T_WALL" "$T_RSS" - - "setup"
	fi
	sql "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	cp "$DB" "$S/stock-base.db"
	STOCK_BASE="$S/stock-base.db"
	step="import monitoring (day D, month stored)"
	ours_import "$sc" "$step" monitoring \
		"mon_series mon_packet mon_value mon_day" "$S/days/day2.log"
	STOCK_BASE=
	[ "$OURS_STATE_IMPORT" = ok ] && [ -n "$EMPTY_WALL" ] &&
		result "$sc" "$step vs day D into an empty store" "$n" \
			"$T_WALL_OURS" "$T_RSS_OURS" "$EMPTY_WALL" 1.5 ok
	note "$sc: for day D the stock .import loads into a copy of our database taken just before our import (same month stored, same keys)"
	# the copies for the stock side are done with: their disk (a nation's
	# is over 10 GB each) is the export's room
	rm -rf "$S/days" "$S/stock-base.db" "$S"/stock*.db "$S"/stock*.db-wal
	downstream "$sc"
}


# Backfill (not in the default run: about 20 minutes by itself): the
# province's 30 days in one HJ 212 file, imported by ecredit into an empty
# table, ours only.
run_backfill() {
	generate backfill 100000 10000 30
	"$EC" --config "$CONF" import permits "$D"/inbox/permits/* >/dev/null 2>&1
	ours_step backfill "import monitoring (30 days, one file)" "$S/backfill" - 1.0 \
		"$EC" --config "$CONF" import monitoring "$D"/inbox/monitoring/*
	[ "$OURS_STATE" = ok ] &&
		result backfill "import monitoring (30 days, one file)" \
			"$(read_count "$S/backfill")" "$T_WALL_OURS" "$T_RSS_OURS" - - ok
}

# Growth: monitoring import and rate at 1x, 2x, 4x, 8x a base volume.
run_growth() {
	say "== growth: ${GROWTH_OUTLETS} outlets x ${GROWTH_DAYS} days, times 1 2 4 8"
	for f in 1 2 4 8; do
		o=$((GROWTH_OUTLETS * f))
		generate "growth-$f" $((o * 10)) "$o" "$GROWTH_DAYS"
		"$EC" --config "$CONF" import permits "$D"/inbox/permits/* >/dev/null 2>&1
		"$EC" --config "$CONF" import penalties "$D"/inbox/penalties/* >/dev/null 2>&1
		L="$S/gmon"
		timed "$L" "$EC" --config "$CONF" import monitoring "$D"/inbox/monitoring/*
		st=$(state "$L")
		mw=- mr=- rw=- rr=- n=-
		if [ "$st" = ok ]; then
			n=$(read_count "$L")
			mw=$T_WALL mr=$T_RSS
		fi
		timed "$S/grate" "$EC" --config "$CONF" rate --as-of "$ASOF"
		[ "$(state "$S/grate")" = ok ] && rw=$T_WALL rr=$T_RSS
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$f" "$n" "$mw" "$mr" "$rw" "$rr" >>"$GROW"
		say "  ${f}x: $n packets; import ${mw}s ${mr}KB; rate ${rw}s ${rr}KB"
		rm -rf "$D" "$S"
	done
}

for sc in $SCALES; do
	case $sc in
	city) run_scale city 2000 300 30 ;;
	province) run_month province 100000 10000 ;;
	nation) run_month nation "$NATION_ENT" "$NATION_OUTLETS" ;;
	backfill) run_backfill ;;
	growth) run_growth ;;
	*) say "bench: unknown scale '$sc'"; exit 64 ;;
	esac
	[ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$D" "$S"
done
ELAPSED=$(($(date +%s) - T0))

table() {
	awk -F '\t' '
	function mb(kb) { return sprintf("%.0f", kb / 1024) }
	BEGIN {
		printf "| scale | step | records | wall s | records/s | peak RSS MB | stock/ref s | ours/ref | target | met |\n"
		printf "|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
	}
	{
		sc = $1; step = $2; n = $3; w = $4; rss = $5; st = $6; tg = $7; state = $8
		if (state != "ok" && state != "setup") {
			printf "| %s | %s | %s | %s | | | | | %s | %s |\n", sc, step, n, "-", (tg == "-" ? "" : "<= " tg), state
			next
		}
		rate = (w > 0) ? sprintf("%.0f", n / w) : "-"
		ratio = "-"; met = "-"
		if (st != "-" && st != "failed" && st + 0 == 0) {
			ratio = sprintf("> %.0f", w / 0.01); met = "no"
			if (w < 0.1) met = "n/a (under 0.1 s)"
		} else if (st != "-" && st != "failed" && st > 0) {
			ratio = sprintf("%.2f", w / st)
			met = (w / st <= tg + 0) ? "yes" : "no"
			if (w < 0.1 && st < 0.1) met = "n/a (under 0.1 s)"
		}
		# a target in seconds is absolute, whatever the reference
		if (tg ~ /s$/) met = (w + 0 <= tg + 0) ? "yes" : "no"
		if (state == "setup" || tg == "-") { tg = "-"; met = "-" }
		printf "| %s | %s | %s | %.2f | %s | %s | %s | %s | %s | %s |\n",
			sc, step, n, w, rate, mb(rss), st, ratio, (tg == "-" ? "" : "<= " tg), met
	}' "$RES"
}

# Bytes per stored value (one mon_value row), by table, from dbstat.
store_table() {
	awk -F '\t' '
	function b(x) { return sprintf("%.1f", x / n) }
	BEGIN {
		printf "| scale | after | values | packets | mon_value | mon_value_revision | mon_packet | mon_series | mon_day | total B/value | database MB (monitoring) | target | met |\n"
		printf "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"
	}
	{
		n = $3
		if (n <= 0) next
		tot = $5 + $6 + $7 + $8 + $9
		printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f | <= 30 | %s |\n",
			$1, $2, $3, $4, b($5), b($6), b($7), b($8), b($9), b(tot),
			tot / 1048576, (tot / n <= 30 ? "yes" : "no")
	}' "$STORE"
}

growth_table() {
	[ -s "$GROW" ] || return 0
	awk -F '\t' '
	function slope(col,   i, sx, sy, sxx, sxy, k, x, y) {
		k = 0
		for (i = 1; i <= m; i++) {
			if (v[i, col] == "-" || v[i, col] <= 0 || v[i, 2] == "-") continue
			x = log(v[i, 2]); y = log(v[i, col])
			sx += x; sy += y; sxx += x * x; sxy += x * y; k++
		}
		if (k < 2 || k * sxx - sx * sx == 0) return "-"
		return sprintf("%.2f", (k * sxy - sx * sy) / (k * sxx - sx * sx))
	}
	{ m++; for (i = 1; i <= NF; i++) v[m, i] = $i }
	END {
		printf "| size | packets | import s | import RSS MB | rate s | rate RSS MB |\n"
		printf "|---:|---:|---:|---:|---:|---:|\n"
		for (i = 1; i <= m; i++)
			printf "| %sx | %s | %s | %s | %s | %s |\n", v[i, 1], v[i, 2], v[i, 3],
				(v[i, 4] == "-" ? "-" : sprintf("%.0f", v[i, 4] / 1024)), v[i, 5],
				(v[i, 6] == "-" ? "-" : sprintf("%.0f", v[i, 6] / 1024))
		e = slope(3)
		printf "\nFitted exponent (log-log slope of time against packets): import %s, rate %s (1.00 = linear; the issue\047s target for the import: at most 1.1, %s).\n",
			e, slope(5), (e == "-" ? "not measured" : (e + 0 <= 1.1 ? "met" : "not met"))
	}' "$GROW"
}

machine() {
	mem=$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
	cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
	echo "- machine: $(nproc) cores, $cpu, $mem RAM, $(uname -sr)"
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
	echo "- $("$EC" --version 2>/dev/null | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
	echo "- stock: $(sqlite3 --version | cut -d' ' -f1-2), $(openssl version), $(tar --version | head -1), $(gzip --version | head -1)"
	if [ "$MODE" = report ]; then
		echo "- run: $(cat "$W/run.txt" 2>/dev/null); table printed again at $(date -u '+%H:%M UTC') from its results"
	else
		echo "- mode: $MODE ($SCALES), whole run ${ELAPSED}s"
	fi
}

report() {
	echo "## Pipeline, ours against stock tools"
	echo
	machine
	echo
	table
	echo
	echo "Records: records read for the imports (packets for monitoring), enterprises for rate, link, export and verify. Wall seconds and peak RSS from \`/usr/bin/time -f '%e %M'\`. Stock/ref: for the imports the sqlite3 shell \`.import\` of the same rows (dumped from our tables in arrival order; for monitoring the rows the import added to mon_series, mon_packet, mon_value and mon_day, by packet id) into the same DDL; for the \"vs frame+CRC\" rows a bare framing + CRC-16 pass over the same log (scripts/hj212-frame.c, \`cc -O2\`, a .gz through \`gzip -dc |\`; the issue asks for at most 2.5x, and 150,000 packets/s with storage); for the \"vs day D into an empty store\" row the same day imported by ecredit into a store without monitoring (the issue asks for at most 1.5x); for rate the bare \`SELECT uscc, sum(points) ... GROUP BY uscc\` over the stored events; for export tar + gzip -6 + sha256sum + openssl cms -sign of the same bag folders; for verify openssl cms -verify + sha256sum -c (with tar -xzf). Rate and link: the issue's targets are 60 s and 2 minutes at national scale (absolute; link has no stock counterpart)."
	if [ -s "$STORE" ]; then
		echo
		echo "## Monitoring store: bytes per value"
		echo
		echo "Pages of each table of the monitoring store (SQLite's dbstat, page size included in full) divided by the stored values (mon_value rows, one per series and period), measured right after each monitoring import; mon_series includes its UNIQUE index. The issue's target: at most 30 bytes per stored value, provenance included. For comparison, the layout before schema version 4 (one text-keyed \`monitoring\` row per value, provenance in every row) took about 137-142 bytes per value (previous BENCHMARKS.md)."
		echo
		store_table
	fi
	if [ -s "$GROW" ]; then
		echo
		echo "## Growth check"
		echo
		echo "Monitoring import and rate at 1x, 2x, 4x, 8x a base of ${GROWTH_OUTLETS} monitored outlets (10 enterprises per outlet) x ${GROWTH_DAYS} days of hourly data."
		echo
		growth_table
	fi
	if [ -s "$NOTES" ]; then
		echo
		echo "## Notes"
		echo
		sed 's/^/- /' "$NOTES"
	fi
}

echo
report
if [ "${BENCH_WRITE:-0}" = 1 ]; then
	{
		echo "# Benchmarks"
		echo
		echo "Written by \`make bench BENCH_WRITE=1\` (scripts/bench.sh); what is compared and how is in docs/scaling.md."
		echo
		report
	} >"$ROOT/BENCHMARKS.md"
	echo
	echo "wrote BENCHMARKS.md"
fi
[ "${BENCH_KEEP:-0}" = 1 ] || [ "$MODE" = report ] || rm -rf "$W"/hj212-frame.err "$W"/*-scratch "$W"/city "$W"/province "$W"/nation "$W"/backfill "$W"/growth-*
