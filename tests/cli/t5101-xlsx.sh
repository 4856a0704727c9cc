#!/bin/sh
# The .xlsx beside the CSV (tax, finance, pricing): identifiers are text
# cells (an all-digit USCC would lose its last digits as a number), dates
# are dates, numbers are numbers, the header row is frozen, a second sheet
# holds the data dictionary; the bytes do not depend on the clock.
. "$(dirname "$0")/lib-export.sh"

# A long all-digit USCC: a spreadsheet reading it as a number keeps 15 digits.
DIGITS=913206841361751415

setup() {
	setup_city &&
	sqlite3 t.db "INSERT INTO enterprise VALUES ('$DIGITS', '全数字有限公司', '苏州', '东桥镇', 1, '2020-01-01');
		INSERT INTO rating (as_of, uscc, score, band_colour, colour, previous_colour, changed_on, override_id, rule_set_sha256) VALUES ('$D', '$DIGITS', 10, 'blue', 'blue', 'green', '2026-11-02', NULL, '1111111111111111111111111111111111111111111111111111111111111111');
		INSERT INTO credit VALUES ('$D', '$DIGITS', '全数字有限公司', 'blue', '正常支持', '', 'CR-BLUE');
		INSERT INTO pricing VALUES ('$D', '$DIGITS', '全数字有限公司', 'red', '2026-06-30', 0.05, 0.6, '2026-07-01', '2026-12-31', 'PR-RED');" &&
	write_conf ed25519
}

# sheet XLSX NAME: a member of the workbook on stdout
sheet() {
	python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())' "$1" "$2"
}

check 'tax, finance and pricing carry an xlsx per table, in the manifest' '
	setup && mkdir out x && $ECREDIT -q export --as-of $D --out out >/dev/null &&
	for a in out/*.tar.gz; do tar -xzf $a -C x; done &&
	for f in tax-$D-1/data/tax tax-$D-1/data/ratings tax-$D-1/data/penalties \
		tax-$D-1/data/permits finance-$D-1/data/credit \
		finance-$D-1/data/rating_changes pricing-$D-1/data/pricing; do
		test -s x/$f.xlsx &&
		grep -q "  data/$(basename $f).xlsx\$" x/$(dirname $(dirname $f))/manifest-sha256.txt
	done &&
	! ls x/public-$D-1/data/*.xlsx 2>/dev/null && ! ls x/bureau-$D-1/data/*.xlsx 2>/dev/null
'

check 'an all-digit USCC is a text cell, never a number' '
	setup && mkdir out x && $ECREDIT -q export --as-of $D --out out >/dev/null &&
	for a in out/*.tar.gz; do tar -xzf $a -C x; done &&
	for f in tax-$D-1/data/ratings finance-$D-1/data/credit pricing-$D-1/data/pricing; do
		sheet x/$f.xlsx xl/worksheets/sheet1.xml >s.xml &&
		contains s.xml "t=\"inlineStr\"><is><t>$DIGITS</t></is>" &&
		lacks s.xml "<v>$DIGITS</v>" || exit 1
	done &&
	sheet x/tax-$D-1/data/permits.xlsx xl/worksheets/sheet1.xml >p.xml &&
	contains p.xml "<t>91320500MA1XXXXX1A001P</t>"
'

check 'dates are dates, numbers numbers, the header frozen, a dictionary sheet' '
	setup && mkdir out x && $ECREDIT -q export --as-of $D --out out --channel pricing >/dev/null &&
	tar -xzf out/pricing-$D-1.tar.gz -C x && w=x/pricing-$D-1/data/pricing.xlsx &&
	sheet $w xl/worksheets/sheet1.xml >s.xml &&
	contains s.xml "state=\"frozen\"" &&
	contains s.xml "<t>电价加价（元/千瓦时）</t>" &&
	python3 - s.xml <<PY &&
import re, sys
s = open(sys.argv[1]).read()
row = re.search(r"<row r=\"2\".*?</row>", s).group(0)
cells = dict(re.findall(r"<c r=\"([A-Z]+)2\"(.*?)</c>", row))
assert "inlineStr" in cells["A"], cells["A"]             # uscc: text
assert cells["D"].startswith(" s=") and "<v>46203</v>" in cells["D"], cells["D"]  # 2026-06-30
assert "t=" not in cells["E"] and "<v>0.05</v>" in cells["E"], cells["E"]       # number
PY
	sheet $w xl/workbook.xml >wb.xml && contains wb.xml "name=\"数据字典\"" &&
	sheet $w xl/worksheets/sheet2.xml >d.xml && contains d.xml "<t>electricity_yuan_per_kwh</t>" &&
	contains d.xml "<t>元/千瓦时</t>"
'

check 'a table longer than a sheet goes on in the next sheet, header repeated' '
	setup && mkdir out x &&
	sqlite3 t.db "SELECT count(*) FROM credit WHERE as_of = '"'"'$D'"'"'" >n &&
	test "$(cat n)" -ge 3 &&
	ECREDIT_XLSX_SHEET_ROWS=2 $ECREDIT -q export --as-of $D --out out --channel finance >/dev/null &&
	tar -xzf out/finance-$D-1.tar.gz -C x && w=x/finance-$D-1/data/credit.xlsx &&
	sheet $w xl/workbook.xml >wb.xml &&
	contains wb.xml "name=\"数据\"" && contains wb.xml "name=\"数据 (3)\"" &&
	contains wb.xml "name=\"数据字典\"" &&
	sheet $w xl/worksheets/sheet2.xml >s2.xml &&
	contains s2.xml "state=\"frozen\"" && contains s2.xml "<row r=\"2\"" &&
	python3 - $w $(cat n) <<PY
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheets = sorted(n for n in z.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml", n))
rows = [len(re.findall(r"<row r=", z.read(n).decode())) - 1 for n in sheets]
# one row under the header of each data sheet; the last sheet is the dictionary
assert sum(rows[:-1]) == int(sys.argv[2]), rows
assert all(r == 1 for r in rows[:-1]), rows
PY
'

check 'two exports seconds apart give byte-identical xlsx files' '
	setup && mkdir o1 o2 x1 x2 && cp t.db t2.db &&
	$ECREDIT -q export --as-of $D --out o1 --channel tax --channel finance --channel pricing >/dev/null &&
	sleep 2 &&
	# the same data in a second database (a published package is never
	# exported again from the one that published it)
	$ECREDIT -q --db t2.db export --as-of $D --out o2 --channel tax --channel finance --channel pricing >/dev/null &&
	for c in tax finance pricing; do
		tar -xzf o1/$c-$D-1.tar.gz -C x1 && tar -xzf o2/$c-$D-1.tar.gz -C x2 &&
		same o1/$c-$D-1.tar.gz o2/$c-$D-1.tar.gz || exit 1
	done &&
	[ "$(ls x1/*/data/*.xlsx | wc -l)" -eq 8 ] &&
	for f in x1/*/data/*.xlsx; do same $f x2/${f#x1/}; done &&
	sheet x1/tax-$D-1/data/tax.xlsx docProps/core.xml >core.xml &&
	contains core.xml "2026-11-27T16:00:00Z"
'

done_testing
