#!/bin/sh
# import permits: whole files rejected (exit 65, nothing stored), hostile
# XML, missing files (exit 66).
. "$(dirname "$0")/lib.sh"
F=$FIXTURES/permits

# reject FILE TEXT: import exits 65, names TEXT, stores nothing at all.
reject() {
	$ECREDIT --db d init >/dev/null &&
	expect_code 65 $ECREDIT --db d import permits "$1" >out 2>err &&
	contains err "ecredit: error: importing '$1': " &&
	contains err "$2" &&
	test ! -s out &&
	test "$(sqlite3 d "SELECT (SELECT count(*) FROM permit) + (SELECT count(*) FROM enterprise)
		+ (SELECT count(*) FROM outlet) + (SELECT count(*) FROM quarantine)
		+ (SELECT count(*) FROM import_file)")" = 0
}

check 'not XML: exit 65, nothing stored' '
	reject $F/not-xml.txt "not-xml.txt:1: not well-formed XML"
'

check 'schema violation after a good permit: line named, nothing stored' '
	reject $F/schema-violation.xml "schema-violation.xml:23: not valid: Element '"'"'{urn:ecredit:permits:1}owner'"'"': This element is not expected"
'

check 'a value outside an enumeration rejects the file' '
	reject $F/bad-enum.xml "bad-enum.xml:23: not valid: Element '"'"'{urn:ecredit:permits:1}class'"'"': [facet '"'"'enumeration'"'"'] The value '"'"'huge'"'"'"
'

check 'a truncated file is rejected' '
	reject $F/truncated.xml "truncated.xml:21: not well-formed XML"
'

check 'another namespace is rejected' '
	reject $F/wrong-namespace.xml "wrong-namespace.xml:2: not valid: Element '"'"'{urn:ecredit:permits:2}permits'"'"'"
'

check 'a bad generated stamp is rejected' '
	sed "s/generated=\"[^\"]*\"/generated=\"yesterday\"/" $F/good.xml >g.xml &&
	reject g.xml "g.xml:2: not valid"
'

check 'a good import followed by a rejected file keeps the good one only' '
	$ECREDIT --db d init >/dev/null &&
	expect_code 65 $ECREDIT --db d import permits $F/good.xml $F/schema-violation.xml >out 2>err &&
	contains out "good.xml: read 4 = stored 4" &&
	test "$(sqlite3 d "SELECT count(*) FROM permit")" = 4 &&
	test "$(sqlite3 d "SELECT count(*) FROM import_file")" = 1
'

check 'external entity: refused, nothing read' '
	reject $F/xxe.xml "xxe.xml:2: DOCTYPE declarations are not accepted"
'

check 'billion laughs: refused' '
	reject $F/laughs.xml "laughs.xml:2: DOCTYPE declarations are not accepted"
'

check 'an empty DOCTYPE is refused too' '
	reject $F/doctype.xml "doctype.xml:3: DOCTYPE declarations are not accepted"
'

check 'an undeclared entity reference is not well-formed' '
	reject $F/entity-ref.xml "entity-ref.xml:4: not well-formed XML: Entity '"'"'xxe'"'"' not defined"
'

check '100,000-deep nesting is rejected' '
	printf "<?xml version=\"1.0\"?>\n<permits xmlns=\"urn:ecredit:permits:1\" generated=\"2026-11-28T22:00:00+08:00\">\n" >deep.xml &&
	head -c 100000 /dev/zero | tr "\\0" "Q" | sed "s/Q/<a>/g" >>deep.xml &&
	test $(grep -o "<a>" deep.xml | wc -l) -eq 100000 &&
	reject deep.xml "deep.xml:3: not valid: Element '"'"'{urn:ecredit:permits:1}a'"'"': This element is not expected"
'

check '100,000 nested permits are rejected' '
	printf "<?xml version=\"1.0\"?>\n<permits xmlns=\"urn:ecredit:permits:1\" generated=\"2026-11-28T22:00:00+08:00\">\n" >deep.xml &&
	head -c 100000 /dev/zero | tr "\\0" "Q" | sed "s/Q/<permit>/g" >>deep.xml &&
	reject deep.xml "deep.xml:3: not valid"
'

check 'a generated stamp with a 5-digit year is refused by the importer' '
	sed "s/generated=\"2026/generated=\"12026/" $F/good.xml >g.xml &&
	reject g.xml "g.xml:2: generated '"'"'12026-11-28T22:00:00+08:00'"'"' is not a date-time with a 4-digit year"
'

check 'a 100 MB text node is rejected at once' '
	{ printf "<?xml version=\"1.0\"?>\n<permits xmlns=\"urn:ecredit:permits:1\" generated=\"2026-11-28T22:00:00+08:00\">\n";
	  head -c 104857600 /dev/zero | tr "\\0" k;
	  printf "</permits>\n"; } >big.xml &&
	test $(wc -c <big.xml) -gt 104857600 &&
	reject big.xml "big.xml:3: not valid: Element '"'"'{urn:ecredit:permits:1}permits'"'"': Character content other than whitespace is not allowed"
'

check 'a 100 MB attribute value is rejected at once' '
	{ printf "<?xml version=\"1.0\"?>\n<permits xmlns=\"urn:ecredit:permits:1\" generated=\"2026-11-28T22:00:00+08:00\">\n";
	  printf "<permit no=\"91320684MA1N00002W001P\" status=\"valid\" valid-from=\"2022-01-01\" valid-to=\"2027-12-31\">\n";
	  printf "<enterprise uscc=\"91320684MA1N00002W\" name=\"";
	  head -c 104857600 /dev/zero | tr "\\0" k;
	  printf "\"/><industry code=\"C1713\"/><class>key</class></permit></permits>\n"; } >big.xml &&
	reject big.xml "big.xml: a text or attribute value longer than 1048576 bytes"
'

# libxml2 2.9's streaming validator copies simple content quadratically
# (5 s, 2 min under ASan, before its own 10 MB limit): core/xml.c stops any
# run of 1 MiB without a tag while reading.
check 'a 100 MB text node inside <class> is rejected at once' '
	{ printf "<?xml version=\"1.0\"?>\n<permits xmlns=\"urn:ecredit:permits:1\" generated=\"2026-11-28T22:00:00+08:00\">\n";
	  printf "<permit no=\"91320684MA1N00002W001P\" status=\"valid\" valid-from=\"2022-01-01\" valid-to=\"2027-12-31\">\n";
	  printf "<enterprise uscc=\"91320684MA1N00002W\" name=\"n\"/><industry code=\"C1713\"/><class>";
	  head -c 104857600 /dev/zero | tr "\\0" k;
	  printf "</class></permit></permits>\n"; } >big.xml &&
	reject big.xml "big.xml: a text or attribute value longer than 1048576 bytes"
'

check 'a missing file exits 66' '
	$ECREDIT --db d init >/dev/null &&
	expect_code 66 $ECREDIT --db d import permits nosuch.xml 2>err &&
	contains err "ecredit: error: importing '"'"'nosuch.xml'"'"': cannot open '"'"'nosuch.xml'"'"'" &&
	test "$(sqlite3 d "SELECT count(*) FROM import_file")" = 0
'

done_testing
