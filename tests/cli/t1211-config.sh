#!/bin/sh
# The configuration file (core/config.c), issue 12: inline comments, keys
# and sections given twice, and every ini example of README.md and docs/
# read as written.
. "$(dirname "$0")/lib.sh"
M=$FIXTURES/monitoring

# examples DIR: each ```ini block of README.md and docs/*.md as DIR/N.ini
examples() {
	mkdir -p "$1" &&
	awk -v dir="$1" '
		/^```ini/ { n++; f = dir "/" n ".ini"; printf "" >f; next }
		/^```/ && f { close(f); f = ""; next }
		f { print >>f }
	' "$TOP"/README.md "$TOP"/docs/*.md &&
	ls "$1"/*.ini >/dev/null
}

check 'every ini example in README.md and docs/ parses as written' '
	examples ex &&
	n=0 &&
	for f in ex/*.ini; do
		n=$((n + 1)) &&
		d=city$n && mkdir $d && cp $f $d/ecredit.conf &&
		r=$(sed -n "s/^rules *= *\([^ #;]*\).*/\1/p" $f) &&
		if [ -n "$r" ]; then
			mkdir -p $d/$(dirname $r) && cp $TOP/rules/jiangsu-2020.xml $d/$r
		fi
		$ECREDIT --config $d/ecredit.conf init >out 2>err ||
			{ echo "$f: init failed"; cat err; exit 1; }
		if grep -q "^db *=" $d/ecredit.conf; then
			test -f $d/ecredit.db || { ls $d; exit 1; }
		fi
		$ECREDIT --config $d/ecredit.conf --db $d/x.db init >/dev/null &&
		$ECREDIT --config $d/ecredit.conf --db $d/x.db import monitoring $M/real.log >out 2>err ||
			{ echo "$f: import failed"; cat err; exit 1; }
	done &&
	test $n -ge 2
'

check 'inline comments after a blank, with # or ;' '
	printf "db = my.db   # the database\n[keys]  # signing\ned25519_key = k.pem ; mine\n[monitoring] ;x\naccept_crc = modbus\t# CRC\nstore_minute = yes#not a comment\n" >c.conf &&
	$ECREDIT --config c.conf init >/dev/null &&
	test -f my.db &&
	expect_code 78 $ECREDIT --config c.conf import monitoring $M/real.log 2>err &&
	contains err "c.conf:6: '"'"'yes#not a comment'"'"' is not a boolean"
'

check 'a key set twice and a section given twice are refused with file:line' '
	printf "db = a.db\n[monitoring]\nstore_minute = no\nstore_minute = yes\n" >k.conf &&
	expect_code 78 $ECREDIT --config k.conf init 2>err &&
	contains err "k.conf:4: key '"'"'store_minute'"'"' set twice (first at line 3)" &&
	printf "[monitoring]\nstore_minute = no\n[alert]\nlevel = none\n[monitoring]\naccept_crc = modbus\n" >s.conf &&
	expect_code 78 $ECREDIT --config s.conf --db d.db init 2>err &&
	contains err "s.conf:5: section '"'"'[monitoring]'"'"' appears twice (first at line 1)" &&
	printf "db = a.db\ndb = b.db\n" >t.conf &&
	expect_code 78 $ECREDIT --config t.conf init 2>err &&
	contains err "t.conf:2: key '"'"'db'"'"' set twice" &&
	test ! -f a.db && test ! -f b.db
'

done_testing
