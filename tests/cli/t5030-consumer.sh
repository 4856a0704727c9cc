#!/bin/sh
# The consumer path with stock tools only, exactly as docs/export.md shows
# it: openssl for each signature, sha256sum for the archive, tar, and
# sha256sum -c inside the bag.
. "$(dirname "$0")/lib-export.sh"

for alg in rsa ecdsa; do
	check "openssl cms -verify accepts the $alg CMS signature" '
		setup_city && write_conf '$alg' && mkdir out &&
		$ECREDIT -q export --as-of $D --out out --channel finance >/dev/null &&
		cp $KEYS/'$alg'.crt ca.pem && X=out/finance-$D-1 &&
		openssl cms -verify -binary -inform DER -content $X.release -in $X.release.p7s \
			-CAfile ca.pem -purpose any -out /dev/null 2>err &&
		contains err "Verification successful"
	'
done

check 'openssl dgst -sm3 accepts the SM2 signature with the distinguishing ID' '
	setup_city && write_conf sm2 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel pricing >/dev/null &&
	openssl x509 -in $KEYS/sm2.crt -pubkey -noout >pub.pem && X=out/pricing-$D-1 &&
	openssl dgst -sm3 -verify pub.pem -signature $X.release.sm2.sig \
		-sigopt distid:1234567812345678 $X.release >out.txt &&
	contains out.txt "Verified OK" &&
	expect_code 1 openssl dgst -sm3 -verify pub.pem -signature $X.release.sm2.sig \
		-sigopt distid:8765432187654321 $X.release >out.txt
'

check 'openssl pkeyutl accepts the Ed25519 signature' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel public >/dev/null &&
	cp $KEYS/ed25519.pub ed.pub && X=out/public-$D-1 &&
	openssl pkeyutl -verify -rawin -pubin -inkey ed.pub -in $X.release \
		-sigfile $X.release.ed25519.sig >out.txt &&
	contains out.txt "Signature Verified Successfully"
'

check 'sha256sum, tar -xzf and sha256sum -c inside the bag' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out >/dev/null &&
	for c in tax finance pricing public bureau; do
		X=out/$c-$D-1 &&
		[ "$(sha256sum $X.tar.gz | cut -d" " -f1)" = "$(sed -n "s/^Archive-SHA256: //p" $X.release)" ] &&
		rm -rf empty && mkdir empty && tar -xzf $X.tar.gz -C empty &&
		(cd empty/$c-$D-1 && sha256sum -c manifest-sha256.txt >../ok &&
		 sha256sum -c tagmanifest-sha256.txt >>../ok) &&
		! grep -v ": OK$" empty/ok || exit 1
	done
'

check 'the stock tools notice a changed release' '
	setup_city && write_conf rsa ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	X=out/tax-$D-1 && sed -i "s/^Sequence: 1/Sequence: 9/" $X.release &&
	expect_code 4 openssl cms -verify -binary -inform DER -content $X.release \
		-in $X.release.p7s -CAfile $KEYS/rsa.crt -purpose any -out /dev/null 2>err &&
	expect_code 1 openssl pkeyutl -verify -rawin -pubin -inkey $KEYS/ed25519.pub \
		-in $X.release -sigfile $X.release.ed25519.sig >out.txt
'

done_testing
