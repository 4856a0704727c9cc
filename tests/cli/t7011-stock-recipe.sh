#!/bin/sh
# The stock-tool recipe, run exactly as docs/export.md shows it and as
# `demo` prints it, on an honest package and on packages tampered with at
# each step: it must exit non-zero and never print its OK line, with the
# step that caught the tampering named by its tool's output.
. "$(dirname "$0")/lib.sh"

X=public-2026-11-28-1
W=$(mktemp -d "$TMPROOT/t7011.XXXXXX")
O=$W/city/outbox
K=$W/city/keys
# one demo city for the whole file; its outbox as published is kept in orig
$ECREDIT demo --dir "$W/city" --enterprises 50 --outlets 10 --days 2 >"$W/demo.out" 2>&1 &&
	cp -r "$O" "$W/orig"
# the recipes: the demo's printed lines; the docs' block with our folders
sed -n '/or with stock tools only/,/^$/p' "$W/demo.out" | sed -e '1d' -e '/^$/d' -e 's/^  //' >"$W/demo.sh"
sed -n '/^OUTBOX=/,/every stock-tool check passed")$/p' "$TOP/docs/export.md" |
	sed -e "s|^OUTBOX=.*|OUTBOX='$O'|" -e "s|^K=.*|K='$K'|" -e "s|^X=.*|X=$X|" >"$W/docs.sh"

# restore: the outbox as published
restore() {
	rm -rf "$O" && cp -r "$W/orig" "$O"
}

# recipes OK|FAIL: run both recipes; output in demo.out and docs.out
recipes() {
	for _r in demo docs; do
		_rc=0
		sh "$W/$_r.sh" >$_r.out 2>&1 || _rc=$?
		if [ "$1" = OK ]; then
			if [ $_rc -ne 0 ] || ! grep -q "^$X: OK, every stock-tool check passed$" $_r.out; then
				echo "the $_r recipe failed (exit $_rc) on an honest package:" && cat $_r.out
				return 1
			fi
		elif [ $_rc -eq 0 ] || grep -q "check passed" $_r.out; then
			echo "the $_r recipe passed a tampered package:" && cat $_r.out
			return 1
		fi
	done
}

# resign: the release takes the archive's size and hash and is signed
# again with all three of the producer's keys (an insider's tampering)
resign() {
	sed -i -e "s/^Archive-Size: .*/Archive-Size: $(stat -c %s "$O/$X.tar.gz")/" \
		-e "s/^Archive-SHA256: .*/Archive-SHA256: $(sha256sum <"$O/$X.tar.gz" | cut -c1-64)/" \
		"$O/$X.release" &&
	sign_cms && sign_sm2 &&
	openssl pkeyutl -sign -rawin -inkey "$K/ed25519.key" -in "$O/$X.release" \
		-out "$O/$X.release.ed25519.sig"
}
sign_cms() {
	openssl cms -sign -binary -outform DER -md sha256 -signer "$K/rsa.crt" \
		-inkey "$K/rsa.key" -in "$O/$X.release" -out "$O/$X.release.p7s"
}
sign_sm2() {
	openssl dgst -sm3 -sign "$K/sm2.key" -sigopt distid:1234567812345678 \
		-out "$O/$X.release.sm2.sig" "$O/$X.release"
}

# repack: the archive rebuilt from folder b/ (its bag changed by the caller)
repack() {
	(cd b && tar -cf - $X) | gzip -n >"$O/$X.tar.gz"
}
unpack() {
	mkdir b && tar -xzf "$O/$X.tar.gz" -C b
}

check 'the demo printed the recipe; it is the docs'"'"' recipe, and both pass an honest package' '
	contains "$W/demo.out" "nightly: exit 0" &&
	contains "$W/demo.sh" "(cd '"'"'$O'"'"' && X=$X && K='"'"'$K'"'"' &&" &&
	tail -n +2 "$W/demo.sh" >demo.steps && tail -n +5 "$W/docs.sh" >docs.steps &&
	test "$(wc -l <demo.steps)" -eq 9 && same demo.steps docs.steps &&
	restore && recipes OK &&
	contains demo.out "CMS Verification successful" && contains demo.out "Verified OK" &&
	contains demo.out "Signature Verified Successfully" && contains demo.out "$X.tar.gz: OK" &&
	contains demo.out "tagmanifest-sha256.txt: OK"
'

check 'a changed release: the first signature step fails' '
	restore && sed -i "s/^Sequence: 1/Sequence: 9/" "$O/$X.release" &&
	recipes FAIL && contains demo.out "Verification failure" && lacks demo.out "Verified OK"
'

check 'a changed release signed again with one stolen key: the next signature step fails' '
	restore && sed -i "s/^Sequence: 1/Sequence: 9/" "$O/$X.release" && sign_cms &&
	recipes FAIL && contains demo.out "CMS Verification successful" &&
	contains demo.out "Verification failure" && lacks demo.out "Verified OK" &&
	sign_sm2 && recipes FAIL && contains docs.out "Verified OK" &&
	contains docs.out "Signature Verification Failure" && lacks docs.out "tar.gz: OK"
'

check 'a flipped byte of the archive: the checksum step fails' '
	restore && b=$(od -An -tu1 -j 100 -N1 "$O/$X.tar.gz" | tr -d " ") &&
	printf "$(printf "\\\\%03o" $((b ^ 1)))" | dd of="$O/$X.tar.gz" bs=1 seek=100 count=1 conv=notrunc 2>/dev/null &&
	! cmp -s "$O/$X.tar.gz" "$W/orig/$X.tar.gz" &&
	recipes FAIL && contains demo.out "Signature Verified Successfully" &&
	contains demo.out "$X.tar.gz: FAILED" && contains docs.out "$X.tar.gz: FAILED"
'

check 'another package'"'"'s archive under this name: the checksum step fails' '
	restore && cp "$O/tax-2026-11-28-1.tar.gz" "$O/$X.tar.gz" &&
	recipes FAIL && contains demo.out "$X.tar.gz: FAILED" && lacks demo.out "tagmanifest"
'

check 'bytes after the gzip stream, signed by an insider: tar fails' '
	restore && printf "garbage" >>"$O/$X.tar.gz" && resign &&
	recipes FAIL && contains demo.out "$X.tar.gz: OK" &&
	lacks demo.out "tagmanifest-sha256.txt: OK" && lacks docs.out "tagmanifest-sha256.txt: OK"
'

check 'a bag made consistent but not the release'"'"'s tag manifest: the tag step fails' '
	restore && unpack && echo "x" >>b/$X/data/exemptions.csv &&
	(cd b/$X && sha256sum data/* >manifest-sha256.txt &&
	 sha256sum bagit.txt bag-info.txt manifest-sha256.txt >tagmanifest-sha256.txt) &&
	repack && resign &&
	recipes FAIL && contains demo.out "$X.tar.gz: OK" &&
	contains demo.out "tagmanifest-sha256.txt: FAILED" && contains docs.out "tagmanifest-sha256.txt: FAILED" &&
	lacks demo.out "data/exemptions.csv: FAILED"
'

check 'a changed data file, release signed again: the manifest step fails' '
	restore && unpack && echo "x" >>b/$X/data/exemptions.csv && repack && resign &&
	recipes FAIL && contains demo.out "$X.tar.gz: OK" &&
	contains demo.out "tagmanifest-sha256.txt: OK" &&
	contains demo.out "data/exemptions.csv: FAILED" && contains docs.out "data/exemptions.csv: FAILED"
'

check 'a file the manifests do not list, release signed again: the listing step fails' '
	restore && unpack && echo "x" >b/$X/data/extra.csv && repack && resign &&
	recipes FAIL && contains demo.out "tagmanifest-sha256.txt: OK" &&
	lacks demo.out "FAILED" && contains demo.out "> data/extra.csv" &&
	contains docs.out "> data/extra.csv"
'

check 'a file the manifests list but the archive lacks: a step fails' '
	restore && unpack && rm b/$X/data/index.html && repack && resign &&
	recipes FAIL && contains demo.out "tagmanifest-sha256.txt: OK" &&
	contains demo.out "data/index.html"
'

rm -rf "$W"
done_testing
