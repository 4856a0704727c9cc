#!/bin/sh
# ecredit verify against a consumer's worst days: an expired package without
# --state, a substituted archive (never decompressed), bytes after the gzip
# stream, a Signer entry that lies about the key's algorithm, and five
# verifiers sharing one state file at once.
. "$(dirname "$0")/lib-export.sh"

P=tax-$D-1
# resign KEY...: fix the release's archive size and hash, sign it again
resign() {
	sed -i -e "s/^Archive-Size: .*/Archive-Size: $(stat -c %s out/$P.tar.gz)/" \
		-e "s/^Archive-SHA256: .*/Archive-SHA256: $(sha256sum <out/$P.tar.gz | cut -c1-64)/" \
		out/$P.release &&
	for _k in "$@"; do
		case $_k in
		ed25519) openssl pkeyutl -sign -rawin -inkey $KEYS/ed25519.key \
			-in out/$P.release -out out/$P.release.ed25519.sig ;;
		rsa) openssl cms -sign -binary -outform DER -md sha256 -signer $KEYS/rsa.crt \
			-inkey $KEYS/rsa.key -in out/$P.release -out out/$P.release.p7s ;;
		esac || return 1
	done
}
# fp ALG: the fingerprint of one of the test keys
fp() {
	openssl pkey -pubin -in $KEYS/$1.pub -outform DER | sha256sum | cut -c1-64
}

check 'an expired package is refused without --state, by the real date too' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem --today 2026-12-29 out/$P.tar.gz >v &&
	contains v "$P: valid-until: FAILED: expired on 2026-12-28 (today is 2026-12-29)" &&
	contains v "$P: package: FAILED: REJECTED" &&
	$ECREDIT verify --trust $KEYS/trust.pem --today 2026-12-28 out/$P.tar.gz >v &&
	contains v "valid-until: ok: 2026-12-28 (today is 2026-12-28)" &&
	rm -r out t.db && mkdir out && setup_city &&
	sed -i "s/^valid_days = .*/valid_days = 1/" ecredit.conf &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	contains out/$P.release "Valid-Until: 2026-11-29" &&
	unset ECREDIT_TODAY &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem out/$P.tar.gz >v &&
	contains v "valid-until: FAILED: expired on 2026-11-29 (today is $(TZ=Asia/Shanghai date +%F))"
'

check '--no-expiry-check skips expiry and says so on its own line' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	$ECREDIT verify --trust $KEYS/trust.pem --today 2030-01-01 --no-expiry-check out/$P.tar.gz >v &&
	contains v "$P: valid-until: skipped: expiry NOT checked (asked not to); the release says 2026-12-28" &&
	contains v "$P: package: ok: VERIFIED" &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem --state st --today 2030-01-01 out/$P.tar.gz >v &&
	test ! -e st
'

check 'a substituted archive is never decompressed: size and hash come first' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel tax --channel finance >/dev/null &&
	cp out/finance-$D-1.tar.gz out/$P.tar.gz &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem out/$P.tar.gz >v &&
	contains v "$P: archive: FAILED: size " &&
	contains v "$P: members: skipped: not read: the archive is not the one the release names" &&
	lacks v "members: FAILED" && lacks v "members: ok" &&
	head -c $(field out/$P.release Archive-Size) /dev/zero >out/$P.tar.gz &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem out/$P.tar.gz >v &&
	contains v "$P: archive: FAILED: sha256 " &&
	contains v "$P: members: skipped: not read"
'

check 'bytes after the gzip stream are refused (and GNU tar fails on them)' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	printf "garbage" >>out/$P.tar.gz && resign ed25519 &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem out/$P.tar.gz >v &&
	contains v "$P: signed: ok" &&
	contains v "$P: archive: FAILED: 7 byte(s) after the end of the gzip stream" &&
	mkdir x && ! tar -xzf out/$P.tar.gz -C x 2>err
'

check 'a second gzip member, a plain tar and a truncated gzip are refused' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	cp out/$P.tar.gz orig.tar.gz &&
	echo more | gzip -n >>out/$P.tar.gz && resign ed25519 &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem out/$P.tar.gz >v &&
	contains v "archive: FAILED: 25 byte(s) after the end of the gzip stream" &&
	gzip -dc orig.tar.gz >out/$P.tar.gz && resign ed25519 &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem out/$P.tar.gz >v &&
	contains v "archive: FAILED: not a valid gzip stream" &&
	head -c 2000 orig.tar.gz >out/$P.tar.gz && resign ed25519 &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem out/$P.tar.gz >v &&
	contains v "archive: FAILED: the gzip stream is truncated"
'

check 'a Signer entry whose algorithm is not its key'"'"'s is refused' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	ed=$(fp ed25519) && contains out/$P.release "Signer: ed25519:$ed" &&
	sed -i "s/^Signer: .*/Signer: rsa:$ed/" out/$P.release && resign ed25519 &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem out/$P.tar.gz >v &&
	contains v "$P: signature ed25519: FAILED: made by ed25519 key $ed, which the release'"'"'s Signer does not list as ed25519:" &&
	contains v "$P: package: FAILED: REJECTED"
'

check 'an extra Signer entry naming a trusted key under another type is refused' '
	setup_city && write_conf rsa ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	ed=$(fp ed25519) &&
	sed -i "s/^Signer: .*/& ecdsa:$ed/" out/$P.release && resign rsa ed25519 &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem out/$P.tar.gz >v &&
	contains v "signature cms: ok" && contains v "signature ed25519: ok" &&
	contains v "$P: signed: FAILED: Signer entry '"'"'ecdsa'"'"' names key ${ed%${ed#????????????????}}..., which is a trusted ed25519 key" &&
	sed -i "s/ ecdsa:$ed$/ sm2:$ed/" out/$P.release && resign rsa ed25519 &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem out/$P.tar.gz >v &&
	contains v "signed: FAILED: Signer lists '"'"'sm2'"'"' but there is no sm2 signature" &&
	sed -i "s/ sm2:$ed$/ dsa:$ed/" out/$P.release && resign rsa ed25519 &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem out/$P.tar.gz >v &&
	contains v "signed: FAILED: Signer entry '"'"'dsa:$ed'"'"' is not type:fingerprint"
'

# five verifiers at once: start them all, then wait for each by its pid
check 'five concurrent verify --state of different channels are all recorded' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out >/dev/null &&
	pids= &&
	for c in tax finance pricing public bureau; do
		$ECREDIT verify --trust $KEYS/trust.pem --state st --today $D out/$c-$D-1.tar.gz >v.$c 2>&1 &
		pids="$pids $!"
	done &&
	for p in $pids; do wait $p || { echo "verify $p failed"; exit 1; }; done &&
	for c in tax finance pricing public bureau; do
		contains v.$c "$c-$D-1: package: ok: VERIFIED" &&
		contains st "$c 1 $(sha256sum <out/$c-$D-1.release | cut -c1-64) $D" || exit 1
	done &&
	test "$(grep -vc "^#" st)" -eq 5 &&
	cp st before && pids= &&
	for c in tax finance pricing public bureau; do
		$ECREDIT verify --trust $KEYS/trust.pem --state st --today $D out/$c-$D-1.tar.gz >r.$c 2>&1 &
		pids="$pids $!"
	done &&
	for p in $pids; do expect_code 1 wait $p || exit 1; done &&
	for c in tax finance pricing public bureau; do
		contains r.$c "$c-$D-1: sequence: FAILED: 1 is not after 1, the last accepted for $c: a replay" || exit 1
	done &&
	same before st && [ -z "$(ls st.tmp.* 2>/dev/null)" ]
'

check 'five concurrent verifies of one package: one accepts it, four see a replay' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel public >/dev/null &&
	pids= &&
	for i in 1 2 3 4 5; do
		$ECREDIT verify --trust $KEYS/trust.pem --state st --today $D out/public-$D-1.tar.gz >v.$i 2>&1 &
		pids="$pids $!"
	done &&
	ok=0 && for p in $pids; do wait $p && ok=$((ok + 1)) || true; done &&
	test "$ok" -eq 1 &&
	test "$(cat v.* | grep -c "package: ok: VERIFIED")" -eq 1 &&
	test "$(cat v.* | grep -c "sequence: FAILED: 1 is not after 1")" -eq 4 &&
	test "$(grep -vc "^#" st)" -eq 1
'

done_testing
