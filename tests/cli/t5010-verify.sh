#!/bin/sh
# ecredit verify: round trips per channel and algorithm, the state file
# (replay, chain, expiry), trust, channel and unsigned packages.
. "$(dirname "$0")/lib-export.sh"

for alg in rsa ecdsa sm2 ed25519; do
	check "round trip of every channel signed with $alg alone" '
		setup_city && write_conf '$alg' && mkdir out &&
		$ECREDIT -q export --as-of $D --out out >/dev/null &&
		for c in tax finance pricing public bureau; do
			$ECREDIT verify --trust $KEYS/trust.pem out/$c-$D-1.tar.gz >v &&
			contains v "$c-$D-1: package: ok: VERIFIED" &&
			contains v "$c-$D-1: signed: ok: 1 trusted signature(s)" &&
			contains v "$c-$D-1: archive: ok" && contains v "$c-$D-1: members: ok" ||
				exit 1
		done
	'
done

check 'every signature is checked, and by .release as well as .tar.gz' '
	setup_city && write_conf rsa sm2 ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	$ECREDIT verify --trust $KEYS/trust.pem out/tax-$D-1.release >v &&
	contains v "signature cms: ok" && contains v "signature sm2: ok" &&
	contains v "signature ed25519: ok" && contains v "signed: ok: 3 trusted"
'

check 'a signature kind without a trusted key is skipped, not trusted' '
	setup_city && write_conf rsa ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	$ECREDIT verify --trust $KEYS/ed25519.pub out/tax-$D-1.release >v &&
	contains v "signature cms: skipped: no trusted cms key given" &&
	contains v "package: ok: VERIFIED" &&
	expect_code 1 $ECREDIT verify --trust $KEYS/sm2.pub out/tax-$D-1.release >v &&
	contains v "signed: FAILED: no signature verified with a trusted key"
'

check 'the state accepts a chain of packages and refuses a replay' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel pricing >/dev/null &&
	$ECREDIT -q export --as-of $D --out out --channel pricing --run-id $D.2 >/dev/null &&
	$ECREDIT verify --trust $KEYS/trust.pem --state st --today $D out/pricing-$D-1.tar.gz >v &&
	contains v "sequence: ok: 1 (first package of channel pricing)" &&
	contains st "pricing 1 $(sha256sum <out/pricing-$D-1.release | cut -c1-64) $D" &&
	$ECREDIT verify --trust $KEYS/trust.pem --state st --today $D out/pricing-$D-2.tar.gz >v &&
	contains v "sequence: ok: 2 after 1" && contains v "chain: ok" &&
	contains st "pricing 2 " &&
	cp st before &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem --state st --today $D out/pricing-$D-1.tar.gz >v 2>err &&
	contains v "sequence: FAILED: 1 is not after 2, the last accepted for pricing: a replay" &&
	contains err "1 of 1 package(s) REJECTED" && same before st
'

check 'a package that skips one breaks the chain' '
	setup_city && write_conf ed25519 && mkdir out &&
	for r in 1 2 3; do
		$ECREDIT -q export --as-of $D --out out --channel public --run-id $D.$r >/dev/null ||
			exit 1
	done &&
	$ECREDIT verify --trust $KEYS/trust.pem --state st --today $D out/public-$D-1.tar.gz >v &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem --state st --today $D out/public-$D-3.tar.gz >v &&
	contains v "chain: FAILED: Previous-Release-SHA256" &&
	contains v "sequence: ok: 3 after 1" &&
	$ECREDIT verify --trust $KEYS/trust.pem --state st --today $D out/public-$D-2.tar.gz out/public-$D-3.tar.gz >v &&
	contains st "public 3 "
'

check 'an expired release is refused with a state; today is overridable' '
	setup_city && write_conf ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem --state st --today 2026-12-29 out/tax-$D-1.tar.gz >v &&
	contains v "valid-until: FAILED: expired on 2026-12-28 (today is 2026-12-29)" &&
	[ ! -e st ] &&
	ECREDIT_TODAY=2026-12-28 $ECREDIT verify --trust $KEYS/trust.pem --state st out/tax-$D-1.tar.gz >v &&
	contains v "valid-until: ok: 2026-12-28 (today is 2026-12-28)"
'

check 'a key that did not sign is refused' '
	setup_city && write_conf ecdsa sm2 ed25519 && mkdir out other &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	for a in ecdsa sm2 ed25519; do $ECREDIT -q keygen --alg $a --out other || exit 1; done &&
	cat other/ecdsa.crt other/sm2.pub other/ed25519.pub >other.pem &&
	expect_code 1 $ECREDIT verify --trust other.pem out/tax-$D-1.tar.gz >v &&
	contains v "signature cms: FAILED: CMS signature does not verify" &&
	contains v "signature sm2: FAILED: SM2 signature does not verify with any of the 1 trusted key(s)" &&
	contains v "signature ed25519: FAILED: Ed25519 signature does not verify" &&
	contains v "package: FAILED: REJECTED"
'

check 'a package of another channel is refused' '
	setup_city && write_conf ed25519 && mkdir out fake &&
	$ECREDIT -q export --as-of $D --out out --channel tax --channel finance >/dev/null &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem --channel tax out/finance-$D-1.tar.gz >v &&
	contains v "release: FAILED: package of channel '"'"'finance'"'"', expected '"'"'tax'"'"'" &&
	for s in .tar.gz .release .release.ed25519.sig; do cp out/finance-$D-1$s fake/tax-$D-1$s || exit 1; done &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem fake/tax-$D-1.tar.gz >v &&
	contains v "release names package '"'"'finance-$D-1'"'"', the file is '"'"'tax-$D-1'"'"'"
'

check 'an unsigned package never verifies' '
	setup_city && write_conf rsa ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	rm out/*.p7s out/*.sig &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem out/tax-$D-1.tar.gz >v &&
	contains v "signed: FAILED: no signature file: an unsigned package never verifies"
'

check 'usage: no trust, no package, a trust file with a private key' '
	expect_code 64 $ECREDIT verify x.tar.gz 2>err && contains err "give --trust FILE" &&
	expect_code 64 $ECREDIT verify --trust $KEYS/trust.pem 2>err &&
	expect_code 65 $ECREDIT verify --trust $KEYS/ed25519.key x.tar.gz 2>err &&
	contains err "holds a private key" &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem missing-2026-11-28-1.tar.gz >v &&
	contains v "release: FAILED: cannot read"
'

done_testing
