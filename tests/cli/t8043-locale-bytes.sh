#!/bin/sh
# The operator's locale changes what is printed, never what is stored or
# published (docs/i18n.md): the same city run under C and under zh_CN gives
# byte-identical packages, the same database (ledger messages, quarantine
# reasons) and the same .reason file, in English; only the terminal output
# is Chinese, with '.' decimal points. (CMS signatures are ECDSA here,
# different on every run; the .ed25519.sig files are compared.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-nightly.sh"

check 'nightly under C and under zh_CN: same packages, same database, English' '
	make_city base && cp -a base c && cp -a base zh &&
	{ LC_ALL=C nightly_in c >c.out 2>c.err || echo $? >c.rc; } &&
	{ LC_ALL=zh_CN.UTF-8 LANGUAGE=zh_CN nightly_in zh >zh.out 2>zh.err || echo $? >zh.rc; } &&
	same c.rc zh.rc &&
	contains zh.err "个输入文件被拒收" && contains c.err "input file(s) rejected" &&
	grep -E "评价：[0-9]+ 家企业.*（[0-9]+\.[0-9] 秒）" zh.err &&
	snapshot c c.snap && snapshot zh zh.snap && same c.snap zh.snap &&
	n=0 && for f in $(cd c/outbox && ls | grep -v "\.p7s$"); do
		cmp c/outbox/$f zh/outbox/$f || exit 1
		n=$((n + 1))
	done && test $n -ge 15 && # (CMS signatures by ECDSA differ run to run)
	r=inbox/rejected/2026-11-27/zz-truncated.xml.reason &&
	same c/$r zh/$r && ! grep -P "[^\x00-\x7F]" zh/$r &&
	sqlite3 zh/ecredit.db "SELECT message FROM run_step WHERE message IS NOT NULL" >msgs &&
	sqlite3 zh/ecredit.db "SELECT reason FROM quarantine" >>msgs &&
	test -s msgs && ! grep -P "[^\x00-\x7F]" msgs
'

done_testing
