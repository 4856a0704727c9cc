#!/bin/sh
# ecredit keygen and export: files, contents, sequences, determinism, and
# the configuration errors.
. "$(dirname "$0")/lib-export.sh"

check 'keygen makes a 0600 key, a certificate and a public key per algorithm' '
	for a in rsa ecdsa ed25519 sm2; do
		$ECREDIT keygen --alg $a --out k 2>err &&
		[ "$(stat -c %a k/$a.key)" = 600 ] &&
		[ "$(stat -c %a k/$a.crt)" = 644 ] &&
		openssl x509 -in k/$a.crt -noout -subject >subj &&
		contains subj "ecredit $a signer" &&
		openssl pkey -pubin -in k/$a.pub -noout || exit 1
	done &&
	openssl x509 -in k/sm2.crt -noout -text >t && contains t SM2-with-SM3
'

check 'keygen refuses to replace a key and rejects unknown algorithms' '
	$ECREDIT -q keygen --alg ed25519 --out k &&
	cp k/ed25519.key before &&
	expect_code 74 $ECREDIT keygen --alg ed25519 --out k 2>err &&
	contains err "already exists" && same before k/ed25519.key &&
	expect_code 64 $ECREDIT keygen --alg dsa --out k 2>err &&
	contains err "unknown algorithm" &&
	expect_code 64 $ECREDIT keygen --alg rsa 2>err
'

check 'export writes the five channels with archive, release and signatures' '
	setup_city && write_conf rsa sm2 ed25519 && mkdir out &&
	$ECREDIT export --as-of $D --out out >list 2>err &&
	for c in tax finance pricing public bureau; do
		contains list "out/$c-$D-1.tar.gz" || exit 1
		for s in .tar.gz .release .release.p7s .release.sm2.sig .release.ed25519.sig; do
			[ -s out/$c-$D-1$s ] || { echo "missing $c $s"; exit 1; }
		done
	done &&
	[ "$(ls -A out | wc -l)" -eq 25 ] &&
	contains err "exported 5 package(s)"
'

check 'the release has every field, no clock, and repeats into bag-info' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	r=out/tax-$D-1.release &&
	for k in Package Channel Business-Date Sequence Run-Id Rule-Set Valid-Until \
		Archive Archive-Size Archive-SHA256 Tagmanifest-SHA256 \
		Previous-Release-SHA256 Records Signer; do
		[ "$(grep -c "^$k: " $r)" -eq 1 ] || { echo "field $k"; exit 1; }
	done &&
	[ "$(wc -l <$r)" -eq 14 ] &&
	contains $r "Package: tax-$D-1" && contains $r "Valid-Until: 2026-12-28" &&
	contains $r "Run-Id: $D.1" && contains $r "Previous-Release-SHA256: none" &&
	contains $r "Rule-Set: jiangsu-2020 1.0 1111111111111111" &&
	contains $r "Records: data/penalties.csv=1 data/penalties.xlsx=1 data/penalties.xml=1 data/permits.csv=1" &&
	fp=$(openssl pkey -pubin -in $KEYS/ed25519.pub -outform DER | sha256sum | cut -c1-64) &&
	contains $r "Signer: ed25519:$fp" &&
	[ "$(field $r Archive-Size)" -eq "$(stat -c %s out/tax-$D-1.tar.gz)" ] &&
	mkdir x && tar -xzf out/tax-$D-1.tar.gz -C x &&
	b=x/tax-$D-1 && contains $b/bag-info.txt "Sequence: 1" &&
	contains $b/bag-info.txt "Run-Id: $D.1" &&
	contains $b/bag-info.txt "Rule-Set-SHA256: 1111111111111111111111111111111111111111111111111111111111111111" &&
	contains $b/bag-info.txt "$(grep ^Records: $r)" &&
	contains $b/bag-info.txt "Bagging-Date: $D" &&
	[ "$(field $r Tagmanifest-SHA256)" = "$(sha256sum <$b/tagmanifest-sha256.txt | cut -c1-64)" ]
'

check 'archive members: sorted, one bag folder, root-owned, fixed mtime, gzip without time' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel public >/dev/null &&
	a=out/public-$D-1.tar.gz &&
	tar -tzf $a >names && sort names | cmp - names &&
	[ "$(cut -d/ -f1 names | sort -u)" = "public-$D-1" ] &&
	TZ=UTC tar --full-time -tvzf $a >long &&
	[ "$(awk "{print \$2, \$4, \$5}" long | sort -u)" = "root/root 2026-11-27 16:00:00" ] &&
	[ "$(awk "{print \$1}" long | sort -u)" = "-rw-r--r--" ] &&
	[ "$(od -An -tx1 -j4 -N4 $a | tr -d " ")" = 00000000 ] &&
	LC_ALL=C grep -v "^[ -~]*$" names >nonascii || true; [ ! -s nonascii ]
'

check 'payloads: XML in the channel namespace, CSV with BOM, escaped text' '
	setup_city && write_conf ed25519 && mkdir out x &&
	$ECREDIT -q export --as-of $D --out out --channel public --channel finance >/dev/null &&
	tar -xzf out/public-$D-1.tar.gz -C x && tar -xzf out/finance-$D-1.tar.gz -C x &&
	p=x/public-$D-1/data && f=x/finance-$D-1/data &&
	contains $p/exemptions.xml "<exemptions xmlns=\"urn:ecredit:export:public:1\" business-date=\"$D\"" &&
	contains $p/exemptions.xml "丙纺织 &lt;script&gt;" &&
	[ "$(head -c3 $p/exemptions.csv | od -An -tx1 | tr -d " ")" = efbbbf ] &&
	contains $p/exemptions.csv "统一社会信用代码,企业名称,排污许可证编号,所在区镇,行业,绩效等级,依据,豁免措施,有效期起,有效期止" &&
	contains $f/credit.xml "<colour>red</colour><bank_guidance>no new loans</bank_guidance>" &&
	contains $f/rating_changes.csv "91320500MA1XXXXX2B,乙钢铁 <script>alert(1)</script> & Co,2026-11-28,yellow,red"
'

check 'bureau: emergency, staggered, imports, quarantine summary and run report' '
	setup_city && write_conf ed25519 && mkdir out x &&
	$ECREDIT -q export --as-of $D --out out --channel bureau >/dev/null &&
	tar -xzf out/bureau-$D-1.tar.gz -C x && b=x/bureau-$D-1/data &&
	contains $b/quarantine.csv "$D.1,/inbox/p.csv,date,2,line 3,bad date" &&
	contains $b/imports.csv "$D.1,penalties,/inbox/p.csv,5,3,0,2" &&
	contains $b/emergency.csv "orange,91320500MA1XXXXX2B,乙钢铁,50," &&
	contains $b/run-report.json "\"counts\": {\"files\":2}" &&
	contains $b/run-report.json "\"business_date\": \"$D\""
'

check 'two exports of the same data are byte-identical' '
	setup_city && write_conf ecdsa sm2 ed25519 && mkdir o1 o2 &&
	$ECREDIT -q export --as-of $D --out o1 >/dev/null &&
	$ECREDIT -q export --as-of $D --out o2 >/dev/null &&
	for c in tax finance pricing public bureau; do
		same o1/$c-$D-1.tar.gz o2/$c-$D-1.tar.gz &&
		same o1/$c-$D-1.release o2/$c-$D-1.release &&
		same o1/$c-$D-1.release.ed25519.sig o2/$c-$D-1.release.ed25519.sig || exit 1
	done
'

check 'a new run takes the next sequence and chains to the previous release' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel finance >/dev/null &&
	$ECREDIT -q export --as-of $D --out out --channel finance --run-id $D.2 >/dev/null &&
	r2=out/finance-$D-2.release &&
	contains $r2 "Sequence: 2" && contains $r2 "Run-Id: $D.2" &&
	[ "$(field $r2 Previous-Release-SHA256)" = "$(sha256sum <out/finance-$D-1.release | cut -c1-64)" ] &&
	contains $r2 "data/rating_changes.csv=0" &&
	contains out/finance-$D-1.release "data/rating_changes.csv=2" &&
	[ "$(sqlite3 t.db "SELECT group_concat(sequence || state, \",\") FROM package WHERE channel = \"finance\"")" = "1written,2written" ]
'

check 'a reserved sequence is never given to another run' '
	setup_city && write_conf ed25519 && mkdir out &&
	sqlite3 t.db "INSERT INTO package VALUES (\"pricing\", 1, \"$D\", \"$D.9\", \"pricing-$D-1\", \"reserved\", NULL, NULL, NULL)" &&
	$ECREDIT -q export --as-of $D --out out --channel pricing >/dev/null &&
	contains out/pricing-$D-2.release "Previous-Release-SHA256: none" &&
	[ ! -e out/pricing-$D-1.release ]
'

check 'a private key readable by others is refused with exit 78' '
	setup_city && write_conf ed25519 && mkdir out &&
	cp $KEYS/ed25519.key k.key && chmod 644 k.key &&
	sed -i "s|^ed25519_key = .*|ed25519_key = $PWD/k.key|" ecredit.conf &&
	expect_code 78 $ECREDIT export --as-of $D --out out 2>err &&
	contains err "must be 0600" && [ -z "$(ls -A out)" ]
'

check 'no signing key, wrong key type, unknown channel, nothing rated' '
	setup_city && write_conf && mkdir out &&
	expect_code 78 $ECREDIT export --as-of $D --out out 2>err &&
	contains err "no signing key configured" &&
	printf "db = t.db\n[keys]\ned25519_key = %s\n" "$KEYS/sm2.key" >ecredit.conf &&
	expect_code 78 $ECREDIT export --as-of $D --out out 2>err &&
	contains err "is sm2, not a Ed25519 key" &&
	write_conf ed25519 &&
	expect_code 64 $ECREDIT export --as-of $D --out out --channel weather 2>err &&
	contains err "unknown channel" &&
	expect_code 65 $ECREDIT export --as-of 2026-11-01 --out out 2>err &&
	contains err "nothing was rated or linked for 2026-11-01" &&
	expect_code 64 $ECREDIT export --out out 2>err &&
	[ -z "$(ls -A out)" ]
'

check 'an export that fails leaves no partial package and no temporary file' '
	setup_city && write_conf ed25519 && mkdir out &&
	sqlite3 t.db "UPDATE credit SET colour = \"purple\" WHERE uscc = \"91320500MA1XXXXX2B\"" &&
	expect_code 65 $ECREDIT export --as-of $D --out out 2>err &&
	contains err "channel finance: table '"'"'credit'"'"': the export'"'"'s own XML fails its schema" &&
	ls -A out >files && lacks files finance && ! grep "^\." files &&
	[ "$(grep -c . files)" -eq 3 ]
'

check 'export makes a missing output folder, but not its parents (exit 74)' '
	setup_city && write_conf ed25519 &&
	$ECREDIT -q export --as-of $D --out fresh &&
	[ -s fresh/tax-$D-1.release ] &&
	expect_code 74 $ECREDIT export --as-of $D --out no/such/dir 2>err &&
	contains err "cannot make output folder"
'

check 'outbox.valid_days has one reader and one default: export and nightly agree' '
	test "$(grep -rln "\"valid_days\"" "$TOP"/core "$TOP"/cmd "$TOP"/nightly \
		"$TOP"/exporters --include=*.c | grep -v core/config.c)" = \
		"$TOP/exporters/export.c" &&
	setup_city && write_conf ed25519 && sed -i "/^valid_days/d" ecredit.conf &&
	mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	contains out/tax-$D-1.release "Valid-Until: 2026-12-05"
'

done_testing
