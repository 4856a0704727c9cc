#!/bin/sh
# The tamper suite: single flipped bytes anywhere in the archive, the
# release or a signature; hand-made archives that are validly signed but
# carry '../x', an absolute path, a symlink, a duplicate, an extra member,
# a missing or changed file, or are truncated — each refused by name.
. "$(dirname "$0")/lib-export.sh"

# positions FILE N: N positions spread over FILE, first and last included
positions() {
	_s=$(stat -c %s "$1")
	awk -v s="$_s" -v n="$2" "BEGIN { for (i = 0; i < n; i++) print int(i * (s - 1) / (n - 1)) }" | sort -un
}

# Every flipped byte of one file of the package makes verify fail.
flip_suite() {
	setup_city && write_conf rsa sm2 ed25519 && mkdir out &&
	$ECREDIT -q export --as-of $D --out out --channel public >/dev/null &&
	$ECREDIT verify --trust $KEYS/trust.pem out/public-$D-1.tar.gz >/dev/null &&
	n=0 && for pos in $(positions out/public-$D-1$1 $2); do
		rm -rf t && cp -r out t && flip t/public-$D-1$1 $pos &&
		expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem t/public-$D-1.tar.gz >v ||
			{ echo "byte $pos of $1 was not caught"; exit 1; }
		grep -q FAILED v || exit 1
		n=$((n + 1))
	done && echo "$n positions" && [ "$n" -ge 20 ]
}

check 'any flipped byte of the archive is refused' 'flip_suite .tar.gz 40'
check 'any flipped byte of the release is refused' 'flip_suite .release 60'
check 'any flipped byte of the CMS signature is refused' 'flip_suite .release.p7s 60'
check 'any flipped byte of the SM2 signature is refused' 'flip_suite .release.sm2.sig 40'
check 'any flipped byte of the Ed25519 signature is refused' 'flip_suite .release.ed25519.sig 64'

# A package rebuilt from folder b/ (the unpacked bag) and re-signed with the
# real key, so that only the archive's contents are wrong. $1: tar options.
P=tax-$D-1
prepare() {
	setup_city && write_conf ed25519 && mkdir out b &&
	$ECREDIT -q export --as-of $D --out out --channel tax >/dev/null &&
	tar -xzf out/$P.tar.gz -C b
}
repack() {
	(cd b && tar -cf ../a.tar "$@") &&
	gzip -n <a.tar >out/$P.tar.gz && resign
}
resign() {
	sign_release &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem out/$P.tar.gz >v &&
	contains v "signed: ok" && contains v "archive: ok"
}
sign_release() {
	sed -i -e "s/^Archive-Size: .*/Archive-Size: $(stat -c %s out/$P.tar.gz)/" \
		-e "s/^Archive-SHA256: .*/Archive-SHA256: $(sha256sum <out/$P.tar.gz | cut -c1-64)/" \
		out/$P.release &&
	openssl pkeyutl -sign -rawin -inkey $KEYS/ed25519.key -in out/$P.release \
		-out out/$P.release.ed25519.sig
}

check 'the repacking itself is sound: an honest repack verifies' '
	prepare && (cd b && tar -cf ../a.tar $P) && gzip -n <a.tar >out/$P.tar.gz &&
	sed -i -e "s/^Archive-Size: .*/Archive-Size: $(stat -c %s out/$P.tar.gz)/" \
		-e "s/^Archive-SHA256: .*/Archive-SHA256: $(sha256sum <out/$P.tar.gz | cut -c1-64)/" \
		out/$P.release &&
	openssl pkeyutl -sign -rawin -inkey $KEYS/ed25519.key -in out/$P.release \
		-out out/$P.release.ed25519.sig &&
	$ECREDIT verify --trust $KEYS/trust.pem out/$P.tar.gz >v &&
	contains v "members: ok: 20 files"
'

check 'a member named ../x is refused' '
	prepare && echo evil >x &&
	(cd b && tar -cf ../a.tar $P && tar -rf ../a.tar -P --transform "s,.*,../x," ../x) &&
	gzip -n <a.tar >out/$P.tar.gz && resign &&
	contains v "members: FAILED: member '"'"'../x'"'"': '"'"'..'"'"' in path"
'

check 'an absolute member path is refused' '
	prepare && echo evil >x &&
	(cd b && tar -cf ../a.tar $P && tar -rf ../a.tar -P --transform "s,.*,/tmp/evil," ../x) &&
	gzip -n <a.tar >out/$P.tar.gz && resign &&
	contains v "members: FAILED: member '"'"'/tmp/evil'"'"': absolute path"
'

check 'a symbolic link is refused' '
	prepare && ln -s /etc/passwd b/$P/data/link && repack $P &&
	contains v "members: FAILED: member '"'"'$P/data/link'"'"': symbolic link refused"
'

check 'a hard link is refused' '
	prepare && ln b/$P/data/tax.csv b/$P/data/tax2.csv && repack $P &&
	contains v "hard link refused"
'

check 'a duplicate member is refused' '
	prepare && (cd b && tar -cf ../a.tar $P && tar -rf ../a.tar $P/data/tax.csv) &&
	gzip -n <a.tar >out/$P.tar.gz && resign &&
	contains v "members: FAILED: member '"'"'$P/data/tax.csv'"'"' appears twice"
'

check 'a member not in the manifest is refused' '
	prepare && echo extra >b/$P/data/extra.txt && repack $P &&
	contains v "members: FAILED: member '"'"'$P/data/extra.txt'"'"' is not in the manifest"
'

check 'a manifest entry missing from the archive is refused' '
	prepare && rm b/$P/data/tax.csv && repack $P &&
	contains v "members: FAILED: manifest entry '"'"'data/tax.csv'"'"' is missing from the archive"
'

check 'a payload file that does not match its hash is refused' '
	prepare && echo "91320500MA1XXXXX1A,DA001" >>b/$P/data/tax.csv && repack $P &&
	contains v "members: FAILED: '"'"'data/tax.csv'"'"' does not match its manifest hash"
'

check 'a changed manifest is caught by the tag manifest' '
	prepare && sed -i "s/^[0-9a-f]*  data\/tax.csv/0000000000000000000000000000000000000000000000000000000000000000  data\/tax.csv/" b/$P/manifest-sha256.txt &&
	repack $P &&
	contains v "members: FAILED: '"'"'manifest-sha256.txt'"'"' does not match its tagmanifest hash"
'

check 'a member outside the bag folder is refused' '
	prepare && echo x >b/other.txt && repack $P other.txt &&
	contains v "member '"'"'other.txt'"'"': outside the bag folder"
'

check 'a truncated archive is refused' '
	prepare && head -c 1500 out/$P.tar.gz >cut && mv cut out/$P.tar.gz && sign_release &&
	expect_code 1 $ECREDIT verify --trust $KEYS/trust.pem out/$P.tar.gz >v &&
	contains v "signed: ok" && contains v "archive: FAILED: the gzip stream is truncated" &&
	contains v "members: FAILED: archive is unreadable"
'

check 'a device node is refused' '
	prepare && (cd b && tar -cf ../a.tar $P && tar -rf ../a.tar -P --transform "s,.*,$P/data/null," /dev/null) &&
	gzip -n <a.tar >out/$P.tar.gz && resign &&
	contains v "device refused"
'

check 'a manifest entry listed twice is refused' '
	prepare && line=$(grep " bagit.txt" b/$P/tagmanifest-sha256.txt) &&
	yes "$line" | head -3000 >>b/$P/tagmanifest-sha256.txt &&
	sed -i "s/^Tagmanifest-SHA256: .*/Tagmanifest-SHA256: $(sha256sum <b/$P/tagmanifest-sha256.txt | cut -c1-64)/" \
		out/$P.release && repack $P &&
	contains v "members: FAILED: tagmanifest lists '"'"'bagit.txt'"'"' twice"
'

check 'a manifest line without its two fields is refused' '
	prepare && echo "data/tax.csv" >>b/$P/manifest-sha256.txt &&
	sed -i "s/^[0-9a-f]*  manifest-sha256.txt/$(sha256sum <b/$P/manifest-sha256.txt | cut -c1-64)  manifest-sha256.txt/" \
		b/$P/tagmanifest-sha256.txt &&
	sed -i "s/^Tagmanifest-SHA256: .*/Tagmanifest-SHA256: $(sha256sum <b/$P/tagmanifest-sha256.txt | cut -c1-64)/" \
		out/$P.release && repack $P &&
	contains v "members: FAILED: manifest: bad line"
'

check 'a member name longer than 255 bytes is refused' '
	prepare && long=$(printf "%0200d" 0) && mkdir -p b/$P/data/$long &&
	echo x >b/$P/data/$long/$long && repack $P &&
	contains v "name longer than 255 bytes"
'

done_testing
