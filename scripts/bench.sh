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
NOTES="$W/notes.txt"
if [ "$MODE" != report ]; then
	: >"$RES"
	: >"$GROW"
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
		monitoring) order="file_id, packet, pollutant"
			where="WHERE file_id > $PREV_FILE" ;;
		enterprise | outlet | outlet_limit) order=1 ;;
		event) order="file_id, line" ;;
		esac
		sql -csv "SELECT * FROM $t $where ORDER BY $order" >"$S/$t.csv"
		[ "$t" = monitoring ] && note "$sc $step: $(wc -l <"$S/$t.csv") values (pollutant-periods) stored from $n packets"
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
	ours_step "$sc" rate "$S/rate" "$ent" 3.0 "$EC" --config "$CONF" rate --as-of "$ASOF"
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
		# What rating reads besides the events: the hourly monitoring.
		echo "SELECT mn, pollutant, count(*), max(avg) FROM monitoring WHERE cn = 2061 AND flag = 'N' GROUP BY mn, pollutant;" >"$S/scan.sql"
		timed "$S/stock-scan" sqlite3 -batch "$DB" ".read $S/scan.sql"
		note "$sc rate: $ev events after rating (penalties and monitoring-derived); bare aggregate ${agg}s; a bare sqlite3 scan of all stored hourly monitoring grouped by series ${T_WALL}s"
		result "$sc" rate "$ent" "$T_WALL_OURS" "$T_RSS_OURS" "$agg" 3.0 ok
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
	ours_import "$sc" "import monitoring" monitoring monitoring "$@"
}

ours_import() {
	sc=$1 step=$2 kind=$3 tables=$4
	shift 4
	L="$S/$(echo "$step" | tr ' ' '-')"
	PREV_FILE=$(sql "SELECT coalesce(max(id), 0) FROM import_file")
	timed "$L" "$EC" --config "$CONF" import "$kind" "$@"
	T_WALL_OURS=$T_WALL
	T_RSS_OURS=$T_RSS
	st=$(state "$L")
	OURS_STATE_IMPORT=$st
	if [ "$st" = ok ]; then
		n=$(read_count "$L")
		# shellcheck disable=SC2086
		stock_import "$kind" $tables
		result "$sc" "$step" "$n" "$T_WALL_OURS" "$T_RSS_OURS" "$STOCK" 1.0 ok
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
#   2. day D-1 is imported by ecredit (timed: "day D-1, empty table");
#   3. the table is rebuilt by SQL holding D-29 .. D-1, each a copy of day
#      D-1's stored rows shifted by whole days, written in key order
#      (timed, shown as setup);
#   4. day D is imported by ecredit into the table holding the month (the
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
	ours_import "$sc" "import monitoring (day D-1, empty table)" monitoring \
		monitoring "$S/days/day1.log"
	if [ "$OURS_STATE_IMPORT" = ok ]; then
		# Rebuild the table in key order (appends, no sort): for each
		# series (mn, cn, pollutant) in key order, day D-1's hours shifted
		# to D-NDAYS .. D-1; then swap it in. Same DDL, same indexes.
		{
			# setup only: a rollback journal writes the new table once
			# (WAL would write it twice); WAL is restored at the end.
			echo "PRAGMA journal_mode=DELETE;"
			echo "PRAGMA cache_size=-262144;"
			echo "CREATE TEMP TABLE k(n INTEGER PRIMARY KEY);"
			echo "WITH RECURSIVE c(n) AS (SELECT 1 - $NATION_MONTH UNION ALL"
			echo "  SELECT n + 1 FROM c WHERE n < 0) INSERT INTO k SELECT n FROM c;"
			echo "BEGIN;"
			sql ".schema monitoring" | grep -v '^CREATE INDEX' |
				sed 's/^CREATE TABLE monitoring /CREATE TABLE monitoring_month /'
			cat <<-EOF
			INSERT INTO monitoring_month
			SELECT m.mn, m.cn, m.pollutant, datetime(m.start, k.n || ' days'),
			       m.avg, m.zs_avg, m.min, m.max, m.zs_min, m.zs_max, m.cou,
			       m.flag, m.revision, m.crc_variant, m.received, m.file_id,
			       m.packet
			  FROM (SELECT DISTINCT mn, cn, pollutant FROM monitoring) s
			 CROSS JOIN k CROSS JOIN monitoring m
			 WHERE m.mn = s.mn AND m.cn = s.cn AND m.pollutant = s.pollutant;
			SELECT 'rows', changes();
			DROP TABLE monitoring;
			ALTER TABLE monitoring_month RENAME TO monitoring;
			EOF
			sql ".schema monitoring" | grep '^CREATE INDEX'
			echo "COMMIT;"
			echo "PRAGMA journal_mode=WAL;"
		} >"$S/fill.sql"
		rows0=$(sql "SELECT count(*) FROM monitoring")
		timed "$S/fill" sqlite3 -batch "$DB" ".read $S/fill.sql"
		rows1=$(awk -F'|' '$1 == "rows" { print $2 }' "$S/fill.out")
		note "$sc: the month stored: day D-1's $rows0 stored values copied to $NATION_MONTH days by SQL (table rebuilt in key order) = ${rows1:-?} rows in ${T_WALL}s (exit $T_RC); database now $(du -m "$DB" | cut -f1) MB"
		result "$sc" "(setup) store the month by SQL" "${rows1:-0}" "$T_WALL" "$T_RSS" - - "setup"
	fi
	sql "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	cp "$DB" "$S/stock-base.db"
	STOCK_BASE="$S/stock-base.db"
	ours_import "$sc" "import monitoring (day D, month stored)" monitoring \
		monitoring "$S/days/day2.log"
	STOCK_BASE=
	note "$sc: for day D the stock .import loads into a copy of our database taken just before our import (same month stored, same keys)"
	rm -rf "$S/days"
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
		printf "| scale | step | records | wall s | records/s | peak RSS MB | stock s | ours/stock | target | met |\n"
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
		} else if (tg ~ /s$/) {
			met = (w + 0 <= tg + 0) ? "yes" : "no"
		}
		if (state == "setup") { tg = "-"; met = "-" }
		printf "| %s | %s | %s | %.2f | %s | %s | %s | %s | %s | %s |\n",
			sc, step, n, w, rate, mb(rss), st, ratio, (tg == "-" ? "" : "<= " tg), met
	}' "$RES"
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
		printf "\nFitted exponent (log-log slope of time against packets): import %s, rate %s (1.00 = linear).\n",
			slope(3), slope(5)
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
	echo "Records: records read for the imports (packets for monitoring), enterprises for rate, link, export and verify. Wall seconds and peak RSS from \`/usr/bin/time -f '%e %M'\`. Stock: the sqlite3 shell \`.import\` of the same rows (dumped from our tables in arrival order) into the same DDL; for rate the bare \`SELECT uscc, sum(points) ... GROUP BY uscc\` over the stored events; for export tar + gzip -6 + sha256sum + openssl cms -sign of the same bag folders; for verify openssl cms -verify + sha256sum -c (with tar -xzf). Link has no stock counterpart; its target is the issue's 2 minutes at national scale."
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
[ "${BENCH_KEEP:-0}" = 1 ] || [ "$MODE" = report ] || rm -rf "$W"/*-scratch "$W"/city "$W"/province "$W"/nation "$W"/backfill "$W"/growth-*
