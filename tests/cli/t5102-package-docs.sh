#!/bin/sh
# Every package describes itself: README.txt (Chinese, then English) with the
# publisher of [publisher], business date, run and a stock-tool recipe that
# fails on any tampering; dictionary.csv covering every column of every CSV;
# codes.csv; the channel's XSD, against which its XML files validate.
. "$(dirname "$0")/lib-export.sh"

publisher() {
	cat >>ecredit.conf <<'CONF'
[publisher]
name = 苏州市生态环境局
code = 11320500014160367U
address = 苏州市姑苏区三香路 1 号
phone = 0512-68000000
email = xy@sthjj.suzhou.example.cn
objection = 自公布之日起 15 个工作日内向法规处书面提出
CONF
}

setup() {
	setup_city && write_conf ed25519 && publisher &&
	sqlite3 t.db "UPDATE rule_set SET xml = readfile('$TOP/rules/jiangsu-2020.xml')" &&
	mkdir out x && $ECREDIT -q export --as-of $D --out out >/dev/null &&
	for a in out/*.tar.gz; do tar -xzf $a -C x; done
}

check 'all five packages carry README, dictionary, codes and their XSD' '
	setup &&
	for c in tax finance pricing public bureau; do
		d=x/$c-$D-1/data &&
		for f in README.txt dictionary.csv codes.csv $c.xsd; do
			test -s $d/$f &&
			grep -q "  data/$f\$" x/$c-$D-1/manifest-sha256.txt || exit 1
		done &&
		lacks out/$c-$D-1.release "README" &&
		contains $d/README.txt "发布机构：苏州市生态环境局" &&
		contains $d/README.txt "统一社会信用代码（组织机构代码）：11320500014160367U" &&
		contains $d/README.txt "异议受理：自公布之日起 15 个工作日内向法规处书面提出" &&
		contains $d/README.txt "业务日期：$D" &&
		contains $d/README.txt "运行编号：$D.1" &&
		contains $d/README.txt "发布包：$c-$D-1" &&
		contains $d/README.txt "English" &&
		contains $d/README.txt "Issued by: 苏州市生态环境局" || exit 1
	done &&
	contains x/public-$D-1/data/README.txt "苏大气办〔2019〕1号" &&
	contains x/tax-$D-1/data/README.txt "a24088       非甲烷总烃" &&
	contains x/tax-$D-1/data/README.txt "EX-COLOUR            环保信用评价为绿色或蓝色" &&
	contains x/tax-$D-1/data/README.txt "fine                       罚款" &&
	contains x/finance-$D-1/data/codes.csv "grade,leading,引领性（领跑）" &&
	contains x/tax-$D-1/data/codes.csv "pollutant,a24088,非甲烷总烃"
'

check 'bag-info.txt names the publisher' '
	setup && b=x/tax-$D-1/bag-info.txt &&
	contains $b "Source-Organization: 苏州市生态环境局" &&
	contains $b "Organization-Code: 11320500014160367U" &&
	contains $b "Organization-Address: 苏州市姑苏区三香路 1 号" &&
	contains $b "Contact-Phone: 0512-68000000" &&
	contains $b "Contact-Email: xy@sthjj.suzhou.example.cn" &&
	contains $b "Objection-Address: 自公布之日起" &&
	$ECREDIT verify --trust $KEYS/trust.pem out/tax-$D-1.tar.gz >v &&
	contains v "VERIFIED"
'

check 'the dictionary covers every column of every CSV, with names and types' '
	setup &&
	python3 - x <<PY
import csv, glob, os, sys
n = 0
for d in glob.glob(sys.argv[1] + "/*/data"):
    rows = list(csv.reader(open(d + "/dictionary.csv", encoding="utf-8-sig")))[1:]
    for f in glob.glob(d + "/*.csv"):
        b = os.path.basename(f)
        if b in ("dictionary.csv", "codes.csv"):
            continue
        head = next(csv.reader(open(f, encoding="utf-8-sig")))
        doc = [r for r in rows if r[0] == b]
        assert len(doc) == len(head), (f, len(doc), len(head))
        for r, h in zip(doc, head):
            assert h.startswith(r[1]), (f, h, r)            # Chinese name
            assert r[2] and r[3] and r[4] and r[6], r        # column, English, type, meaning
            assert r[6] != "（未登记的列）", (f, r)
            n += 1
assert n > 60, n
PY
'

check 'every XML file validates against the XSD in its own package' '
	setup &&
	for c in tax finance pricing public bureau; do
		for f in x/$c-$D-1/data/*.xml; do
			xmllint --noout --nonet --schema x/$c-$D-1/data/$c.xsd $f 2>>log || exit 1
		done
	done &&
	n=$(ls x/*/data/*.xml | wc -l) && [ "$n" -ge 17 ] &&
	[ "$(grep -c "validates" log)" -eq "$n" ]
'

check 'the README recipe passes on the package and each step fails on tampering' '
	setup && cp $KEYS/ed25519.pub out/ed25519.pub && P=tax-$D-1 &&
	sed -n "/^四、/,/^五、/p" x/$P/data/README.txt | sed -n "s/^    //p" |
		grep -v "openssl cms\|openssl dgst" >recipe.sh &&
	[ "$(wc -l <recipe.sh)" -eq 5 ] &&
	(cd out && sh -e ../recipe.sh) >ok.log 2>&1 &&
	contains ok.log "$P.tar.gz: OK" && contains ok.log "Signature Verified Successfully" &&
	sed -n 2p recipe.sh >step1 && sed -n 3p recipe.sh >step2 &&
	cp -r out bad1 && flip bad1/$P.tar.gz 100 &&
	! (cd bad1 && X=$P && . ../step1) >/dev/null 2>&1 &&
	cp -r out bad2 && sed -i "s/^Valid-Until: .*/Valid-Until: 2099-01-01/" bad2/$P.release &&
	(cd bad2 && X=$P && . ../step1) >/dev/null 2>&1 &&
	! (cd bad2 && X=$P && . ../step2) >/dev/null 2>&1 &&
	cp -r x/$P bag && echo x >>bag/data/tax.csv &&
	! (cd bag && sha256sum -c manifest-sha256.txt) >/dev/null 2>&1 &&
	cp -r x/$P bag2 && echo "Extra: x" >>bag2/bag-info.txt &&
	(cd bag2 && sha256sum -c manifest-sha256.txt) >/dev/null 2>&1 &&
	! (cd bag2 && sha256sum -c tagmanifest-sha256.txt) >/dev/null 2>&1
'

check 'without [publisher] the packages say so; a bad csv_header is a config error' '
	setup_city && write_conf ed25519 && mkdir out x &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	tar -xzf out/tax-$D-1.tar.gz -C x &&
	contains x/tax-$D-1/data/README.txt "发布机构：（未配置）" &&
	contains x/tax-$D-1/bag-info.txt "Source-Organization: ecredit" &&
	printf "csv_header = fr\n" >>ecredit.conf &&
	expect_code 78 $ECREDIT -q export --as-of $D --out out2 --channel tax 2>err &&
	contains err "csv_header" && contains err "ecredit.conf:"
'

check 'outbox.csv_header = en or both gives English headers' '
	setup_city && write_conf ed25519 && printf "csv_header = en\n" >>ecredit.conf &&
	mkdir out x && $ECREDIT -q export --as-of $D --out out --channel pricing >/dev/null &&
	tar -xzf out/pricing-$D-1.tar.gz -C x &&
	contains x/pricing-$D-1/data/pricing.csv "uscc,name,colour,snapshot_date,electricity_yuan_per_kwh" &&
	sed -i "s/csv_header = en/csv_header = both/" ecredit.conf && rm -rf out x t.db &&
	mkdir out x && setup_city &&
	$ECREDIT -q export --as-of $D --out out --channel pricing >/dev/null &&
	tar -xzf out/pricing-$D-1.tar.gz -C x &&
	contains x/pricing-$D-1/data/pricing.csv "统一社会信用代码 uscc,企业名称 name,信用等级颜色 colour"
'

done_testing
