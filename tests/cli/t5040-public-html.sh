#!/bin/sh
# The public page in a real browser: headless Chromium parses index.html;
# the DOM has the tables, the Chinese headers, and a <script> in a field
# is text, not an element (the page's one script is its own search box). Skipped (and said so) when chromium is absent.
. "$(dirname "$0")/lib-export.sh"

if ! command -v chromium >/dev/null 2>&1; then
	echo "# skipped: chromium is not installed (apt-get install chromium)"
	done_testing
	exit 0
fi

check 'headless chromium shows the exemption and revocation tables' '
	setup_city && write_conf ed25519 && mkdir out x &&
	$ECREDIT -q export --as-of $D --out out --channel public >/dev/null &&
	tar -xzf out/public-$D-1.tar.gz -C x &&
	timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$PWD/profile" \
		--dump-dom "file://$PWD/x/public-$D-1/data/index.html" >dom.html 2>chrome.log &&
	contains dom.html "<title>应急管控豁免企业名单（$D）</title>" &&
	for h in 序号 企业名称 统一社会信用代码 排污许可证编号 所在区镇 行业 绩效等级 豁免依据 豁免措施 有效期; do
		contains dom.html "<th scope=\"col\">$h</th>" || exit 1
	done &&
	sed -n "/<table id=\"exemptions\">/,/<\/table>/p" dom.html >ex &&
	[ "$(grep -o "<tr>" ex | wc -l)" -eq 3 ] &&
	sed -n "/<table id=\"revocations\">/,/<\/table>/p" dom.html >rev &&
	[ "$(grep -o "<tr>" rev | wc -l)" -eq 2 ] &&
	contains ex "data-label=\"排污许可证编号\"><span class=\"id\">91320500MA1XXXXX1A001P</span></td>" &&
	contains ex "<span class=\"d\">2026-11-28</span> 至 <span class=\"d\">2027-11-27</span>" &&
	contains ex "<span>领跑</span>" &&
	contains dom.html "丙纺织 &lt;script&gt;alert(\"x\")&lt;/script&gt;" &&
	[ "$(grep -c "<script" dom.html)" -eq 1 ] && lacks dom.html "alert(\"x\")</script>" &&
	contains dom.html "jiangsu-2020 1.0"
'

check 'the page is plain HTML5: doctype, language, charset, only its own script' '
	setup_city && write_conf ed25519 && mkdir out x &&
	$ECREDIT -q export --as-of $D --out out --channel public >/dev/null &&
	tar -xzf out/public-$D-1.tar.gz -C x && h=x/public-$D-1/data/index.html &&
	[ "$(head -1 $h)" = "<!DOCTYPE html>" ] &&
	contains $h "<html lang=\"zh-CN\">" && contains $h "<meta charset=\"utf-8\">" &&
	[ "$(grep -c "<script" $h)" -eq 1 ] && lacks $h "onload=" && lacks $h " src="
'

done_testing
