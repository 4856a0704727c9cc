#!/bin/sh
# One rule set per date: with `rules = variant.xml` in the config, the price
# snapshots `link` rates on demand and `simulate`'s current side use the
# variant, exactly as `rate` does (docs/linkage.md, docs/rating.md).
. "$(dirname "$0")/lib.sh"
FX=$FIXTURES/linkage

city() {
	$ECREDIT -q --db e.db init >/dev/null &&
	sqlite3 -bail e.db ".param set :rules '$TOP/rules/jiangsu-2020.xml'" \
		".read $FX/city.sql" &&
	# a variant that starts everybody at 11 (green) instead of 9 (blue)
	sed 's/id="jiangsu-2020"/id="variant"/; s/<score start="9"/<score start="11"/' \
		"$TOP/rules/jiangsu-2020.xml" >variant.xml &&
	printf 'db = e.db\nrules = variant.xml\n' >c.conf
}

sha() { sha256sum "$1" | cut -d" " -f1; }

check 'link rates an unrated snapshot with the configured rule set, like rate' '
	city &&
	sqlite3 e.db "DELETE FROM rating WHERE as_of = '"'"'2020-06-30'"'"';
		DELETE FROM rate_date WHERE as_of = '"'"'2020-06-30'"'"'" &&
	$ECREDIT -q --config c.conf link --as-of 2020-11-15 &&
	got=$(sqlite3 e.db "SELECT rule_set_sha256 FROM rate_date WHERE as_of = '"'"'2020-06-30'"'"'") &&
	[ "$got" = "$(sha variant.xml)" ] &&
	cp e.db linked.db &&
	sqlite3 e.db "DELETE FROM rating WHERE as_of = '"'"'2020-06-30'"'"';
		DELETE FROM rate_date WHERE as_of = '"'"'2020-06-30'"'"'" &&
	$ECREDIT -q --config c.conf rate --as-of 2020-06-30 >/dev/null &&
	sqlite3 e.db "SELECT uscc, colour, rule_set_sha256 FROM rating
		WHERE as_of = '"'"'2020-06-30'"'"' ORDER BY uscc" >by-rate.txt &&
	sqlite3 linked.db "SELECT uscc, colour, rule_set_sha256 FROM rating
		WHERE as_of = '"'"'2020-06-30'"'"' ORDER BY uscc" >by-link.txt &&
	same by-rate.txt by-link.txt && contains by-link.txt "|green|"
'

check 'without a configured rule set the snapshot gets the stored or shipped one' '
	city &&
	sqlite3 e.db "DELETE FROM rating WHERE as_of = '"'"'2020-06-30'"'"';
		DELETE FROM rate_date WHERE as_of = '"'"'2020-06-30'"'"'" &&
	$ECREDIT -q --db e.db link --as-of 2020-11-15 &&
	got=$(sqlite3 e.db "SELECT rule_set_sha256 FROM rate_date WHERE as_of = '"'"'2020-06-30'"'"'") &&
	[ "$got" != "$(sha variant.xml)" ]
'

check 'simulate: the current side of an unrated date is the configured rule set' '
	city &&
	$ECREDIT --config c.conf simulate --rules "$TOP/rules/jiangsu-2020.xml" \
		--as-of 2020-11-20 >out &&
	contains out "current: rule set variant 1" &&
	$ECREDIT --db e.db simulate --rules "$TOP/rules/jiangsu-2020.xml" \
		--as-of 2020-11-20 >out2 &&
	contains out2 "current: rule set jiangsu-2020 1"
'

done_testing
