#!/bin/sh
# The public page in headless Chromium at 400 px and 1280 px: no horizontal
# overflow, names on at most three lines, dates never broken, a caption per
# table, "无" for an empty list; it says who publishes, when, what the list
# means, its legal basis, how to object, and the basis in plain words.
# Screenshots for review: $BUILD/cli-screens/t5103-*.png.
. "$(dirname "$0")/lib-export.sh"
. "$(dirname "$0")/lib-browser.sh"
need_browser

# The fixture city with the shipped rule set's wording, a [publisher] and
# exemptions with long names and real rule ids.
setup() {
	setup_city && write_conf ed25519 &&
	sqlite3 t.db "UPDATE rule_set SET xml = readfile('$TOP/rules/jiangsu-2020.xml');
		UPDATE exemption SET basis = 'EX-COLOUR EX-PERMIT EX-POLICY EX-NOPENALTY EX-GRADE EX-ULTRALOW EX-ULTRALOW-HOURS EX-TRANSMISSION';
		INSERT INTO exemption SELECT as_of, '91320500MA1XXXXX' || n, '江苏省苏州市吴中经济技术开发区长桥街道某某新材料科技股份有限公司第' || n || '分公司',
		  '91320500MA1XXXXX' || n || '001P', '吴中经济技术开发区长桥街道', '黑色金属冶炼和压延加工业', 'B', basis, measure, valid_from, valid_to
		  FROM exemption, (SELECT 10 AS n UNION SELECT 11 UNION SELECT 12) WHERE uscc = '91320500MA1XXXXX1A';
		UPDATE revocation SET basis = 'EX-NOPENALTY EX-BAR';" &&
	cat >>ecredit.conf <<'CONF' &&
[publisher]
name = 苏州市生态环境局
code = 11320500014160367U
objection = 自公布之日起 15 个工作日内向苏州市生态环境局法规处书面提出（三香路 1 号，0512-68000000）
CONF
	mkdir out x && $ECREDIT -q export --as-of $D --out out --channel public >/dev/null &&
	tar -xzf out/public-$D-1.tar.gz -C x && page=$PWD/x/public-$D-1/data/index.html
}

check 'it says who, when, what, on which basis and how to object' '
	setup &&
	chrome --dump-dom "file://$page" >dom.html &&
	contains dom.html "<html lang=\"zh-CN\">" &&
	contains dom.html "<title>重污染天气应急管控豁免企业名单（$D）</title>" &&
	contains dom.html "<dt>发布机构</dt><dd>苏州市生态环境局</dd>" &&
	contains dom.html "<dt>发布日期</dt><dd><span class=\"d\">$D</span></dd>" &&
	contains dom.html "<dt>业务日期</dt>" &&
	contains dom.html "<h2>名单说明</h2>" && contains dom.html "免予执行应急停产和错峰生产" &&
	contains dom.html "<h2>法律依据</h2>" && contains dom.html "苏大气办〔2019〕1号" &&
	contains dom.html "<h2>异议方式</h2>" && contains dom.html "向苏州市生态环境局法规处书面提出" &&
	contains dom.html "<li>环保信用评价为绿色或蓝色 <span class=\"rid\">EX-COLOUR</span></li>" &&
	contains dom.html "<span>引领性（领跑）</span>" &&
	contains dom.html "@media print" &&
	lacks dom.html "http://" && lacks dom.html "https://" && lacks dom.html "<link" &&
	[ "$(grep -c "<script" dom.html)" -eq 1 ] && lacks dom.html "src="
'

check 'without script the lists are all there; with it the search box filters' '
	setup &&
	[ "$(noscript "$page")" = "boxes=0 rows=6 shown=6" ] &&
	[ "$(search "$page" 第11分公司)" = "1 4" ] &&
	[ "$(search "$page" 91320500MA1XXXXX3C)" = "1 4" ] &&
	[ "$(search "$page" 无此企业)" = "0 5" ] &&
	[ "$(search "$page" "")" = "5 0" ]
'

check 'at 400 px: no horizontal overflow, names on at most 3 lines, dates whole' '
	setup && measure "$page" 400 >m &&
	[ "$(metric m inner)" -eq 400 ] &&
	[ "$(metric m scroll)" -le 400 ] &&
	[ "$(metric m scroll)" -le "$(metric m client)" ] &&
	[ "$(metric m names)" -ge 1 ] && [ "$(metric m names)" -le 3 ] &&
	[ "$(metric m datebreaks)" -eq 0 ] &&
	[ "$(metric m captions)" -eq 2 ] && [ "$(metric m tables)" -eq 2 ] &&
	screenshot "$page" 400 t5103-public-400.png && test -s "$SHOTS/t5103-public-400.png"
'

check 'at 1280 px: no horizontal overflow, names on at most 3 lines, dates whole' '
	setup && measure "$page" 1280 >m &&
	[ "$(metric m inner)" -eq 1280 ] &&
	[ "$(metric m scroll)" -le 1280 ] &&
	[ "$(metric m names)" -ge 1 ] && [ "$(metric m names)" -le 3 ] &&
	[ "$(metric m datebreaks)" -eq 0 ] &&
	screenshot "$page" 1280 t5103-public-1280.png && test -s "$SHOTS/t5103-public-1280.png"
'

check 'an empty list says 无 under its caption' '
	setup_city && write_conf ed25519 && sqlite3 t.db "DELETE FROM revocation" &&
	mkdir out x && $ECREDIT -q export --as-of $D --out out --channel public >/dev/null &&
	tar -xzf out/public-$D-1.tar.gz -C x &&
	chrome --dump-dom "file://$PWD/x/public-$D-1/data/index.html" >dom.html &&
	sed -n "/<table id=\"revocations\">/,/<\/table>/p" dom.html >rev &&
	contains rev "<caption>撤销豁免的企业</caption>" &&
	contains rev "<td class=\"none\" colspan=\"7\">无</td>" &&
	contains dom.html "<h2>撤销豁免（0 家）</h2>"
'

done_testing
