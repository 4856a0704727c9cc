#!/bin/sh
# The bureau's report.html in headless Chromium: it renders, the five
# sections carry an SVG chart drawn by the program and a table of the same
# numbers under it, nothing overflows at 400 or 1280 px, no external
# resources. Screenshots for review: $BUILD/cli-screens/t5104-*.png.
. "$(dirname "$0")/lib-export.sh"
. "$(dirname "$0")/lib-browser.sh"
need_browser

setup() {
	setup_city && write_conf ed25519 &&
	mkdir out x && $ECREDIT -q export --as-of $D --out out --channel bureau >/dev/null &&
	tar -xzf out/bureau-$D-1.tar.gz -C x && page=$PWD/x/bureau-$D-1/data/report.html
}

check 'report.html is in the bag and renders its five charts with tables' '
	setup &&
	grep -q "  data/report.html\$" x/bureau-$D-1/manifest-sha256.txt &&
	chrome --dump-dom "file://$page" >dom.html &&
	contains dom.html "<html lang=\"zh-CN\">" &&
	for s in colours changes quarantine-reason quarantine-source emergency imports; do
		sed -n "/<section id=\"$s\">/,/<\/section>/p" dom.html >sec &&
		contains sec "<svg class=\"chart\"" && contains sec "<caption>" || exit 1
	done &&
	[ "$(grep -c "<svg class=\"chart\"" dom.html)" -eq 6 ] &&
	lacks dom.html "<script" && lacks dom.html "http://e" && lacks dom.html "<link" &&
	lacks dom.html "src="
'

check 'the charts and tables carry the numbers of the date' '
	setup &&
	sed -n "/<section id=\"colours\">/,/<\/section>/p" $page >c &&
	contains c "<td data-label=\"颜色\"><span>绿色</span></td><td class=\"n\" data-label=\"$D\"><span>1</span></td><td class=\"n\" data-label=\"2026-11-27\"><span>0</span></td>" &&
	contains c "<td data-label=\"颜色\"><span>红色</span></td><td class=\"n\" data-label=\"$D\"><span>1</span></td>" &&
	sed -n "/<section id=\"changes\">/,/<\/section>/p" $page >ch &&
	contains ch "<span>黄色 → 红色</span></td><td class=\"n\" data-label=\"企业数\"><span>1</span>" &&
	sed -n "/<section id=\"emergency\">/,/<\/section>/p" $page >em &&
	contains em "<span>橙色预警</span></td><td class=\"n\" data-label=\"企业数\"><span>1</span>" &&
	sed -n "/<section id=\"imports\">/,/<\/section>/p" $page >im &&
	contains im "<span>行政处罚</span></td><td class=\"n\" data-label=\"读取\"><span>5</span></td><td class=\"n\" data-label=\"入库\"><span>3</span></td><td class=\"n\" data-label=\"重复\"><span>0</span></td><td class=\"n\" data-label=\"隔离\"><span>2</span>" &&
	sed -n "/<section id=\"quarantine-reason\">/,/<\/section>/p" $page >q &&
	contains q "<span>date</span></td><td class=\"n\" data-label=\"记录数\"><span>2</span>"
'

check 'at 400 and 1280 px the charts are drawn and nothing overflows' '
	setup &&
	for w in 400 1280; do
		measure "$page" $w >m &&
		[ "$(metric m inner)" -eq $w ] &&
		[ "$(metric m scroll)" -le $w ] &&
		[ "$(metric m charts)" -eq 6 ] &&
		[ "$(metric m bars)" -ge 20 ] &&
		[ "$(metric m captions)" -eq "$(metric m tables)" ] &&
		screenshot "$page" $w t5104-bureau-$w.png || exit 1
	done
'

done_testing
