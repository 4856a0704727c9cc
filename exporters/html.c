#include "core/common.h"
#include "exporters/dict.h"
#include "exporters/html.h"
#include "exporters/ruletext.h"

/* Narrow screens (< 720 px): every table row becomes a card, each cell a
 * "label: value" line (the label from data-label), so nothing runs off the
 * right edge and a name gets the whole width. */
static const char base_css[] =
	"*{box-sizing:border-box}"
	"body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",\"PingFang SC\","
	"sans-serif;margin:0 auto;padding:1em;max-width:1400px;line-height:1.5;"
	"color:#222;background:#fff}"
	"h1{font-size:1.5em;margin:.3em 0}h2{font-size:1.2em;margin:1.5em 0 .5em}"
	"dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;"
	"margin:.5em 0}dl.meta dt{font-weight:bold}dl.meta dd{margin:0;"
	"overflow-wrap:anywhere}"
	".d{white-space:nowrap}.id{font-family:monospace;font-size:.85em;white-space:nowrap}"
	"table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}"
	"caption{text-align:left;font-weight:bold;padding:.3em 0}"
	"th,td{border:1px solid #999;padding:.3em .5em;text-align:left;"
	"vertical-align:top;overflow-wrap:anywhere}"
	"th{background:#e8eef4;white-space:nowrap}td.n{text-align:right}"
	"td.s{min-width:4.5em}td.none{text-align:center}"
	"td.name{min-width:15em}td.basis{min-width:13em}"
	"td.basis ul{margin:0;padding-left:1.1em}.rid{color:#666;font-size:.85em;"
	"white-space:nowrap}"
	".note{color:#444;font-size:.95em}"
	"input.find{font:inherit;width:100%;max-width:30em;padding:.4em;margin:.5em 0}"
	"tr[hidden]{display:none}"
	"@media print{input.find{display:none}}"
	"@media (max-width:720px){"
	"table,thead,tbody,tr,th,td,caption{display:block;width:100%}td.s{min-width:0}"
	"thead{position:absolute;left:-9999px}"
	"tr{border:1px solid #999;margin:0 0 .8em;padding:.3em .5em}"
	"td{border:0;padding:.15em 0;display:grid;grid-template-columns:8em 1fr;"
	"gap:.5em;min-width:0}td.name,td.basis{min-width:0}"
	"td::before{content:attr(data-label);font-weight:bold;color:#444}"
	"td.name{display:block;font-weight:bold;font-size:1.05em;padding:.2em 0}"
	"td.name::before{content:none}body{padding:.6em}"
	"td.n{text-align:left}td.none{display:block;text-align:left}"
	"td.none::before{content:none}"
	".id{white-space:normal;overflow-wrap:anywhere}"
	"dl.meta{grid-template-columns:1fr}dl.meta dd{margin-bottom:.3em}}"
	"@media print{body{max-width:none;padding:0;font-size:10pt}"
	"tr{break-inside:avoid}thead{display:table-header-group}"
	"th{background:#ddd}a{color:#000;text-decoration:none}}";

void html_end(struct strbuf *sb)
{
	strbuf_addstr(sb, "</body>\n</html>\n");
}

void html_date(struct strbuf *sb, const char *date)
{
	strbuf_addstr(sb, "<span class=\"d\">");
	export_add_text(sb, date);
	strbuf_addstr(sb, "</span>");
}

static void meta(struct strbuf *sb, const char *label, const char *v)
{
	strbuf_addf(sb, "<dt>%s</dt><dd>", label);
	export_add_text(sb, v && *v ? v : "（未配置）");
	strbuf_addstr(sb, "</dd>\n");
}

static void html_publisher(struct strbuf *sb, const struct export_ctx *ctx)
{
	const struct export_publisher *p = ctx->pub;

	strbuf_addstr(sb, "<dl class=\"meta\">\n");
	meta(sb, "发布机构", p->name);
	if (p->code)
		meta(sb, "统一社会信用代码", p->code);
	strbuf_addstr(sb, "<dt>发布日期</dt><dd>");
	html_date(sb, ctx->as_of);
	strbuf_addstr(sb, "</dd>\n<dt>业务日期</dt><dd>");
	html_date(sb, ctx->as_of);
	strbuf_addstr(sb, "（数据截至当日）</dd>\n");
	if (p->address)
		meta(sb, "地址", p->address);
	if (p->phone)
		meta(sb, "联系电话", p->phone);
	if (p->email)
		meta(sb, "电子邮箱", p->email);
	meta(sb, "发布包", ctx->package);
	meta(sb, "运行编号", ctx->run_id);
	meta(sb, "规则集", ctx->rule_set);
	strbuf_addstr(sb, "</dl>\n");
}

void html_begin(struct strbuf *sb, const struct export_ctx *ctx, const char *title,
		const char *css)
{
	struct strbuf t = STRBUF_INIT;

	strbuf_addf(&t, "%s（%s）", title, ctx->as_of);
	strbuf_addstr(sb, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
			  "<meta charset=\"utf-8\">\n"
			  "<meta name=\"viewport\" content=\"width=device-width, "
			  "initial-scale=1\">\n<title>");
	export_add_text(sb, t.buf);
	strbuf_addf(sb, "</title>\n<style>%s%s</style>\n</head>\n<body>\n", base_css,
		    css ? css : "");
	strbuf_addstr(sb, "<header>\n<h1>");
	export_add_text(sb, title);
	strbuf_addstr(sb, "</h1>\n");
	html_publisher(sb, ctx);
	strbuf_release(&t);
}

const char *html_code_name(const struct export_ctx *ctx, const char *list,
			   const char *code)
{
	const char *t = rule_text(ctx->rt, list, code);

	if (!t)
		t = dict_code_zh(list, code);
	return t ? t : code;
}
