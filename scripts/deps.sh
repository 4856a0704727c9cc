#!/bin/sh
# Install the Debian packages that building, testing and the demo need.
# As root: installs what is missing. Otherwise: prints the exact command.
# Usage: scripts/deps.sh [--test]   (--test adds the test-only packages)
set -e
pkgs="make gcc pkg-config libxml2-dev libssl-dev libsqlite3-dev libarchive-dev zlib1g-dev
libxlsxwriter-dev openssl sqlite3 tar gzip coreutils time
gettext"  # gettext: msgfmt builds the message catalogues (docs/i18n.md)
if [ "${1:-}" = "--test" ]; then
	pkgs="$pkgs libcmocka-dev clang libclang-rt-dev util-linux libxml2-utils python3"
	# a CJK font, so the page checks measure real Chinese glyphs
	[ "${ECREDIT_BROWSER_TESTS:-1}" = 1 ] && pkgs="$pkgs chromium fonts-wqy-zenhei"
fi
missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "missing Debian packages; run as root:"
	echo "  apt-get install -y$missing"
	exit 1
fi
