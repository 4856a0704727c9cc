#!/bin/sh
# The message catalogue (docs/i18n.md): po/ecredit.pot is current with the
# sources, po/zh_CN.po translates every message (no fuzzy or untranslated
# entry, msgfmt --check clean), and the checker catches each way to fail.
. "$(dirname "$0")/lib.sh"
: "${BUILD:=$TOP/build}"

command -v msgcmp >/dev/null || { skip 'catalogue checks' 'gettext tools missing (scripts/deps.sh)'; done_testing; exit; }

check 'make po-check: the .pot is current and zh_CN.po complete' '
	make -s --no-print-directory -C "$TOP" B="$BUILD" po-check >out 2>&1 &&
	contains out "po/zh_CN.po: " && lacks out "fuzzy" && lacks out "untranslated" &&
	test -s "$BUILD/po/fresh.pot"
'

check 'the .pot covers the printers, the table texts and the central functions' '
	p="$TOP/po/ecredit.pot" &&
	contains $p "msgid \"compute every enterprise'"'"'s score and colour on DATE\"" &&
	contains $p "msgid \"one row per permit\"" &&
	contains $p "msgid \"cannot open '"'"'%s'"'"': %s\"" &&
	contains $p "msgid \"--as-of is required\"" &&
	contains $p "msgid \"bad colour" &&
	lacks $p "msgid \"%s\""
'

check 'the checker fails on a stale .pot, a fuzzy and an untranslated entry' '
	fresh="$BUILD/po/fresh.pot" &&
	mkdir po && cp "$TOP"/po/*.po "$TOP"/po/ecredit.pot po/ &&
	PO_DIR=$PWD/po sh "$TOP/scripts/po-check.sh" "$fresh" zh_CN >out 2>&1 &&
	printf "\nmsgid \"a message nobody translated\"\nmsgstr \"\"\n" >>po/ecredit.pot &&
	expect_code 1 env PO_DIR=$PWD/po sh "$TOP/scripts/po-check.sh" "$fresh" zh_CN 2>err &&
	contains err "out of date" &&
	cp "$TOP"/po/ecredit.pot po/ &&
	sed "0,/^msgid \"unknown error\"/s//#, fuzzy\nmsgid \"unknown error\"/" "$TOP/po/zh_CN.po" >po/zh_CN.po &&
	expect_code 1 env PO_DIR=$PWD/po sh "$TOP/scripts/po-check.sh" "$fresh" zh_CN 2>err &&
	contains err "fuzzy" &&
	sed "/^msgid \"unknown error\"/{n;s/.*/msgstr \"\"/}" "$TOP/po/zh_CN.po" >po/zh_CN.po &&
	expect_code 1 env PO_DIR=$PWD/po sh "$TOP/scripts/po-check.sh" "$fresh" zh_CN 2>err &&
	contains err "untranslated"
'

check 'msgfmt --check catches a translation that changes a printf directive' '
	fresh="$BUILD/po/fresh.pot" &&
	mkdir po && cp "$TOP"/po/ecredit.pot po/ &&
	sed "/^msgid \"unknown format '"'"'%s'"'"'\"/{n;s/.*/msgstr \"未知格式 %d\"/}" "$TOP/po/zh_CN.po" >po/zh_CN.po &&
	expect_code 1 env PO_DIR=$PWD/po sh "$TOP/scripts/po-check.sh" "$fresh" zh_CN 2>err &&
	contains err "msgfmt --check fails"
'

done_testing
