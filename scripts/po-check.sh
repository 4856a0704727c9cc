#!/bin/sh
# po-check.sh FRESH.pot LANG...: the message catalogues are complete.
# FRESH.pot is the template just extracted from the sources (`make po-check`
# makes it). Fails, saying what to do, when po/ecredit.pot differs from it
# in its messages, when a po/LANG.po lacks a translation of one of them or
# has a fuzzy or untranslated entry, or when msgfmt --check rejects it.
# docs/i18n.md describes the workflow. PO_DIR: the catalogues (default po/
# of this tree; the tests point it at altered copies).
set -u
fresh=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
cd "$(dirname "$0")/.." || exit 1
: "${PO_DIR:=po}"
for t in msgcmp msgfmt; do
	command -v $t >/dev/null ||
		{ echo "$t is missing: run scripts/deps.sh (Debian package gettext)" >&2; exit 1; }
done
bad=0
if ! msgcmp --use-untranslated $PO_DIR/ecredit.pot "$fresh" 2>/dev/null ||
	! msgcmp --use-untranslated "$fresh" $PO_DIR/ecredit.pot 2>/dev/null; then
	echo "$PO_DIR/ecredit.pot is out of date with the sources: run 'make po'" >&2
	msgcmp --use-untranslated $PO_DIR/ecredit.pot "$fresh" 2>&1 | head -20 >&2
	msgcmp --use-untranslated "$fresh" $PO_DIR/ecredit.pot 2>&1 | head -20 >&2
	bad=1
fi
for l in "$@"; do
	po=$PO_DIR/$l.po
	if ! msgfmt --check -o /dev/null "$po"; then
		echo "$po: msgfmt --check fails" >&2
		bad=1
	fi
	stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$po" 2>&1)
	case $stats in
	*fuzzy* | *untranslated*)
		echo "$po: $stats: translate them and remove the fuzzy marks (docs/i18n.md)" >&2
		msgattrib --only-fuzzy "$po" 2>/dev/null | grep '^msgid' | head -20 >&2
		msgattrib --untranslated "$po" 2>/dev/null | grep '^msgid' | head -20 >&2
		bad=1 ;;
	esac
	if ! msgcmp "$po" "$fresh" >/dev/null 2>&1; then
		echo "$po: messages of the sources are missing or untranslated: run 'make po' and translate" >&2
		msgcmp "$po" "$fresh" 2>&1 | head -20 >&2
		bad=1
	fi
	[ $bad -eq 0 ] && echo "$po: $stats"
done
exit $bad
