# Shared by the export tests (t50xx): keys made once per test file, a tiny
# city seeded into a fresh database, configurations per algorithm.
. "$(dirname "$0")/lib.sh"
# Keys are shared by the test files of one run (RSA key generation is slow).
KEYS=$TMPROOT/export-keys
if [ ! -s "$KEYS/trust.pem" ]; then
	rm -rf "$KEYS" && mkdir -p "$KEYS" || exit 1
	for _a in rsa ecdsa ed25519 sm2; do
		$ECREDIT -q keygen --alg $_a --out "$KEYS" || exit 1
	done
	cat "$KEYS/rsa.crt" "$KEYS/ecdsa.crt" "$KEYS/sm2.pub" "$KEYS/ed25519.pub" \
		>"$KEYS/trust.pem"
fi
D=2026-11-28
# verify always checks Valid-Until (D + 30 days): "today" for the packages
# of these tests is the day after D, whatever the real date.
ECREDIT_TODAY=2026-11-29
export ECREDIT_TODAY

# setup_city: database t.db in the current folder with the export fixture
setup_city() {
	$ECREDIT --db t.db init >/dev/null &&
	sqlite3 t.db <"$FIXTURES/export/seed.sql"
}

# write_conf ALG...: ecredit.conf signing with the given algorithms
write_conf() {
	{
		echo "db = t.db"
		echo "[keys]"
		for _a in "$@"; do
			case $_a in
			rsa | ecdsa) echo "cms_key = $KEYS/$_a.key"
				echo "cms_cert = $KEYS/$_a.crt" ;;
			sm2) echo "sm2_key = $KEYS/sm2.key"
				echo "sm2_cert = $KEYS/sm2.crt" ;;
			ed25519) echo "ed25519_key = $KEYS/ed25519.key" ;;
			esac
		done
		echo "[outbox]"
		echo "valid_days = 30"
	} >ecredit.conf
}

# flip FILE POS: invert the lowest bit of the byte at POS (the escape is
# the format itself, so a new byte of \n or \0 is written too, not lost to
# command substitution), and make sure the byte changed
flip() {
	_b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ') && [ -n "$_b" ] &&
	# shellcheck disable=SC2059
	printf "\\$(printf %03o $((_b ^ 1)))" |
		dd of="$1" bs=1 seek="$2" count=1 conv=notrunc 2>/dev/null &&
	[ "$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')" = $((_b ^ 1)) ]
}

# field FILE KEY: a .release field's value
field() {
	sed -n "s/^$2: //p" "$1"
}
