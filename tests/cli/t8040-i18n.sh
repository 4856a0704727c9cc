#!/bin/sh
# Messages in the operator's language (docs/i18n.md): Chinese under a zh_CN
# locale, also when the server has no zh_CN locale installed (the fallback
# to C.UTF-8 + LANGUAGE), English under C or without the catalogue.
# Stored text and packages: t8043; colours: t8041; the catalogue: t8042.
. "$(dirname "$0")/lib.sh"

zh() { LC_ALL=C.UTF-8 LANGUAGE=zh_CN "$@"; }

check 'an import error in Chinese with LANGUAGE=zh_CN' '
	$ECREDIT --db c.db init >/dev/null &&
	expect_code 66 zh $ECREDIT --db c.db import permits missing.xml 2>err &&
	contains err "ecredit: error: 导入 '"'"'missing.xml'"'"'：无法打开 '"'"'missing.xml'"'"'" &&
	lacks err "cannot open"
'

check 'LC_ALL=zh_CN.UTF-8 and LANG=zh_CN.UTF-8 give Chinese, installed or not' '
	$ECREDIT --db c.db init >/dev/null &&
	expect_code 66 env LC_ALL=zh_CN.UTF-8 $ECREDIT --db c.db import permits missing.xml 2>err &&
	contains err "无法打开" &&
	expect_code 66 env -u LC_ALL LANG=zh_CN.UTF-8 $ECREDIT --db c.db import permits missing.xml 2>err &&
	contains err "无法打开"
'

check 'help and usage errors in Chinese' '
	zh $ECREDIT rate --help >out &&
	contains out "用法：ecredit rate --as-of DATE" &&
	contains out "计算每家企业在 DATE 的信用评分与评价颜色" &&
	zh $ECREDIT --help >out && contains out "命令：" && contains out "退出状态：0 完成" &&
	expect_code 64 zh $ECREDIT rate 2>err && contains err "--as-of 为必填项" &&
	contains err "用法：ecredit rate" &&
	expect_code 64 zh $ECREDIT frobnicate 2>err && contains err "未知命令 '"'"'frobnicate'"'"'"
'

check 'a summary in Chinese, numbers as they were' '
	$ECREDIT --db c.db init >/dev/null && sqlite3 c.db <"$FIXTURES/rating/city.sql" &&
	zh $ECREDIT --db c.db rate --as-of 2020-03-10 >out &&
	contains out "已评价 8 家企业（2020-03-10）：绿色 1，蓝色 4，黄色 2，红色 0，黑色 1"
'

check 'English under C, and under an unknown language' '
	expect_code 64 env LC_ALL=C LANGUAGE=zh_CN $ECREDIT rate 2>err &&
	contains err "--as-of is required" &&
	expect_code 64 env LC_ALL=C.UTF-8 LANGUAGE=xx $ECREDIT rate 2>err &&
	contains err "--as-of is required"
'

check 'without the catalogue: English, no failure' '
	expect_code 64 env ECREDIT_LOCALEDIR=/nonexistent LC_ALL=C.UTF-8 LANGUAGE=zh_CN $ECREDIT rate 2>err &&
	contains err "--as-of is required"
'

done_testing
