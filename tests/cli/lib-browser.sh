# Headless Chromium for the page checks (t5103, t5104). Sourced after
# lib-export.sh. Chromium is required unless ECREDIT_BROWSER_TESTS=0.
#
# need_browser: returns 1 (and the file should stop) when the tests are
# switched off; fails the file when chromium is missing otherwise.
need_browser() {
	if command -v chromium >/dev/null 2>&1; then
		return 0
	fi
	if [ "${ECREDIT_BROWSER_TESTS:-1}" = 0 ]; then
		echo "# skipped: chromium is not installed and ECREDIT_BROWSER_TESTS=0"
		done_testing
		exit 0
	fi
	check 'chromium is installed (or ECREDIT_BROWSER_TESTS=0 to skip)' 'false'
	done_testing
	exit 1
}

# Screenshots are kept for review here (not in the scratch folder).
SHOTS=${BUILD:-$TOP/build}/cli-screens
mkdir -p "$SHOTS"

chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$PWD/profile" --allow-file-access-from-files \
		--virtual-time-budget=5000 "$@" 2>>chrome.log
}

# measure PAGE WIDTH: load PAGE in an iframe WIDTH px wide (a headless
# window cannot be narrower than 500 px) and print, one per line:
#   scroll=<document scrollWidth> client=<clientWidth> inner=<innerWidth>
#   names=<most lines any td.name takes> datebreaks=<.d spans on two lines>
#   captions=<tables with a caption> tables=<tables> charts=<svg.chart drawn>
#   bars=<rect elements in charts>
measure() {
	cp "$1" page.html &&
	cat >frame.html <<HTML &&
<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="page.html" style="width:${2}px;height:900px;border:0"></iframe>
<pre id="out"></pre>
<script>
document.getElementById("f").addEventListener("load", function () {
  var w = this.contentWindow, d = w.document, e = d.documentElement, names = 0,
      breaks = 0, charts = 0;
  d.querySelectorAll("td.name span").forEach(function (s) {
    var lh = parseFloat(w.getComputedStyle(s).lineHeight);
    names = Math.max(names, Math.round(s.getBoundingClientRect().height / lh));
  });
  d.querySelectorAll(".d").forEach(function (s) {
    if (s.getClientRects().length > 1) breaks++;
  });
  d.querySelectorAll("svg.chart").forEach(function (s) {
    var r = s.getBoundingClientRect();
    if (r.width > 100 && r.height > 30 && r.right <= e.clientWidth + 1) charts++;
  });
  document.getElementById("out").textContent = [
    "scroll=" + e.scrollWidth, "client=" + e.clientWidth, "inner=" + w.innerWidth,
    "names=" + names, "datebreaks=" + breaks,
    "captions=" + d.querySelectorAll("table > caption").length,
    "tables=" + d.querySelectorAll("table").length, "charts=" + charts,
    "bars=" + d.querySelectorAll("svg.chart rect").length].join("\n");
});
</script></body></html>
HTML
	chrome --window-size=1400,1000 --dump-dom "file://$PWD/frame.html" >frame.dom &&
	sed -n '/<pre id="out">/,/<\/pre>/p' frame.dom | sed 's/<[^>]*>//g' | grep "="
}

# metric FILE NAME: a value printed by measure
metric() {
	sed -n "s/^$2=//p" "$1"
}

# screenshot PAGE WIDTH NAME: a full-height PNG for review
screenshot() {
	chrome --window-size="$2,2400" --screenshot="$SHOTS/$3" "file://$1" >/dev/null
}

# search PAGE TEXT: type TEXT into the page's search box; prints the visible
# and the hidden rows of the exemption table.
search() {
	cp "$1" page.html &&
	cat >find.html <<HTML &&
<!DOCTYPE html><html><body>
<iframe id="f" src="page.html" style="width:800px;height:600px"></iframe><pre id="out"></pre>
<script>
document.getElementById("f").addEventListener("load", function () {
  var d = this.contentWindow.document, box = d.querySelector("input.find"), shown = 0, hidden = 0;
  box.value = "$2";
  box.dispatchEvent(new Event("input"));
  d.querySelectorAll("#exemptions tbody tr").forEach(function (r) {
    if (r.hidden) hidden++; else shown++;
  });
  document.getElementById("out").textContent = shown + " " + hidden;
});
</script></body></html>
HTML
	chrome --window-size=1000,800 --dump-dom "file://$PWD/find.html" >find.dom &&
	sed -n 's/.*<pre id="out">\([0-9]* [0-9]*\)<\/pre>.*/\1/p' find.dom
}

# noscript PAGE: load PAGE with script disabled (a sandboxed iframe) and
# print the search boxes, the exemption table's rows and the rows shown.
noscript() {
	cp "$1" page.html &&
	cat >noscript.html <<'HTML' &&
<!DOCTYPE html><html><body>
<iframe id="f" sandbox="allow-same-origin" src="page.html" style="width:800px;height:600px"></iframe><pre id="out"></pre>
<script>
document.getElementById("f").addEventListener("load", function () {
  var d = this.contentWindow.document, rows = d.querySelectorAll("#exemptions tr"), shown = 0;
  rows.forEach(function (r) { if (r.getClientRects().length) shown++; });
  document.getElementById("out").textContent = "boxes=" + d.querySelectorAll("input").length +
    " rows=" + rows.length + " shown=" + shown;
});
</script></body></html>
HTML
	chrome --window-size=1000,800 --dump-dom "file://$PWD/noscript.html" >noscript.dom &&
	sed -n 's/.*<pre id="out">\([^<]*\)<\/pre>.*/\1/p' noscript.dom
}
