#include "core/common.h"
#include "exporters/channel.h"
#include "exporters/dict.h"
#include "exporters/html.h"
#include "exporters/ruletext.h"
#include "exporters/svg.h"

/*
 * The bureau's page, data/report.html: for the business date, charts drawn
 * here as inline SVG (exporters/svg.c) with the numbers in a table under
 * each — colour distribution beside the previous rated date, colour
 * changes since then, quarantined records by reason (field) and by source,
 * the emergency list by alert level, and the import counts. No script, no
 * external resources; only data of the date, so a rerun gives the same
 * bytes.
 */
static const char *const colour_code[] = { "green", "blue", "yellow", "red", "black" };
static const char *const colour_fill[] = { "#2e9d48", "#2f6fd6", "#e8c21e", "#d93025",
					   "#222222" };

struct page {
	struct export_ctx *ctx;
	struct sink *s;
	char prev[16]; /* previous rated date, "" for none */
};

static void th_row(struct strbuf *sb, const char *caption, const char *const *h,
		   size_t n)
{
	strbuf_addstr(sb, "<table class=\"keep\">\n<caption>");
	export_add_text(sb, caption);
	strbuf_addstr(sb, "</caption>\n<thead><tr>");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "<th scope=\"col\">%s</th>", h[i]);
	strbuf_addstr(sb, "</tr></thead>\n<tbody>\n");
}

static void td(struct strbuf *sb, const char *label, const char *v, int number)
{
	strbuf_addf(sb, "<td%s data-label=\"%s\"><span>", number ? " class=\"n\"" : "",
		    label);
	export_add_text(sb, v);
	strbuf_addstr(sb, "</span></td>");
}

static void td_num(struct strbuf *sb, const char *label, double v)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.15g", v);
	td(sb, label, buf, 1);
}

static void table_end(struct strbuf *sb, size_t rows, size_t ncol)
{
	if (!rows)
		strbuf_addf(sb, "<tr><td class=\"none\" colspan=\"%zu\">无</td></tr>\n", ncol);
	strbuf_addstr(sb, "</tbody>\n</table>\n");
}

/* Rows of sql (?1 = business date, ?2 = previous rated date): column 0 the
 * label, then up to SVG_MAX_SERIES numbers. */
static int chart_rows(struct page *pg, const char *sql, struct svg_chart *c,
		      void (*label)(struct strbuf *, const char *), struct strbuf *err)
{
	struct db_stmt *st = NULL;
	struct strbuf l = STRBUF_INIT;
	int rc;

	if ((rc = db_prepare(pg->ctx->db, sql, &st, err)))
		return rc;
	db_bind_text(st, 1, pg->ctx->as_of);
	db_bind_text(st, 2, pg->prev);
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct svg_row *r;

		strbuf_reset(&l);
		if (label)
			label(&l, db_column_text(st, 0));
		else
			strbuf_addstr(&l, db_column_text(st, 0));
		r = svg_add_row(c, l.buf);

		for (int k = 1; k < db_column_count(st) && k <= SVG_MAX_SERIES; k++)
			r->v[k - 1] = db_column_double(st, k);
	}
	db_finalize(st);
	strbuf_release(&l);
	return rc < 0 ? rc : 0;
}

static void chart_table(struct strbuf *sb, const struct svg_chart *c,
			const char *caption, const char *first)
{
	const char *h[SVG_MAX_SERIES + 1];

	h[0] = first;
	for (size_t s = 0; s < c->nseries; s++)
		h[s + 1] = c->series[s];
	th_row(sb, caption, h, c->nseries + 1);
	for (size_t i = 0; i < c->nr; i++) {
		strbuf_addstr(sb, "<tr>");
		td(sb, first, c->rows[i].label, 0);
		for (size_t s = 0; s < c->nseries; s++)
			td_num(sb, c->series[s], c->rows[i].v[s]);
		strbuf_addstr(sb, "</tr>\n");
	}
	table_end(sb, c->nr, c->nseries + 1);
}

static void section(struct page *pg, const char *id, const char *head,
		    const char *note, struct svg_chart *c, const char *first)
{
	struct strbuf *sb = &pg->s->buf;

	strbuf_addf(sb, "<section id=\"%s\">\n<h2>%s</h2>\n", id, head);
	if (note) {
		strbuf_addstr(sb, "<p class=\"note\">");
		export_add_text(sb, note);
		strbuf_addstr(sb, "</p>\n");
	}
	strbuf_addstr(sb, "<figure>\n");
	svg_chart_write(sb, c);
	strbuf_addstr(sb, "<figcaption>");
	export_add_text(sb, c->title);
	strbuf_addstr(sb, "</figcaption>\n</figure>\n");
	chart_table(sb, c, c->title, first);
	strbuf_addstr(sb, "</section>\n");
}

static const char *colour_zh(const char *code)
{
	const char *zh = dict_code_zh("colour", code);

	return zh ? zh : code;
}

static void alert_label(struct strbuf *sb, const char *code)
{
	const char *zh = dict_code_zh("alert", code);

	strbuf_addstr(sb, zh ? zh : code);
}

static void kind_label(struct strbuf *sb, const char *code)
{
	strbuf_addstr(sb, !strcmp(code, "permits") ? "排污许可" : !strcmp(code, "penalties")
		      ? "行政处罚" : !strcmp(code, "monitoring") ? "在线监测" : code);
}

static int colours(struct page *pg, struct strbuf *err)
{
	const char *series[] = { pg->ctx->as_of, *pg->prev ? pg->prev : "（无上期）" };
	const char *fill[] = { "#555555", "#bbbbbb" };
	struct svg_chart c = { "信用等级颜色分布（家）", series, fill, 2, NULL, 0, 0 };
	int rc = 0;

	for (size_t i = 0; i < ARRAY_SIZE(colour_code); i++) {
		struct svg_row *r = svg_add_row(&c, colour_zh(colour_code[i]));
		int64_t n = 0, p = 0;

		r->fill = colour_fill[i];
		if ((rc = db_query_int64(pg->ctx->db, "SELECT count(*) FROM rating"
					 " WHERE as_of = ?1 AND colour = ?2",
					 pg->ctx->as_of, colour_code[i], &n, err)) ||
		    (rc = db_query_int64(pg->ctx->db, "SELECT count(*) FROM rating"
					 " WHERE as_of = ?1 AND colour = ?2",
					 pg->prev, colour_code[i], &p, err)))
			break;
		r->v[0] = (double)n;
		r->v[1] = (double)p;
	}
	if (!rc)
		section(pg, "colours", "信用等级颜色分布",
			"业务日期与上一个评价日期各颜色的企业数。", &c, "颜色");
	svg_chart_release(&c);
	return rc;
}

/* "yellow>red" -> "黄色 → 红色"; ">blue" (first rating) -> "（首次） → 蓝色" */
static void change_label(struct strbuf *sb, const char *s)
{
	const char *arrow = strchr(s, '>');

	if (!arrow) {
		strbuf_addstr(sb, s);
		return;
	}
	if (arrow == s) {
		strbuf_addstr(sb, "（首次）");
	} else {
		char *from = xstrndup(s, (size_t)(arrow - s));

		strbuf_addstr(sb, colour_zh(from));
		free(from);
	}
	strbuf_addf(sb, " → %s", colour_zh(arrow + 1));
}

static int changes(struct page *pg, struct strbuf *err)
{
	const char *series[] = { "企业数" };
	const char *fill[] = { "#6a51a3" };
	struct svg_chart c = { "颜色变化（家）", series, fill, 1, NULL, 0, 0 };
	int rc = chart_rows(pg,
			    "SELECT coalesce(from_colour, '') || '>' || to_colour, count(*)"
			    " FROM colour_change WHERE as_of <= ?1 AND as_of > ?2"
			    " GROUP BY from_colour, to_colour ORDER BY count(*) DESC,"
			    " from_colour, to_colour",
			    &c, change_label, err);

	if (!rc)
		section(pg, "changes", "颜色变化",
			"上一个评价日期之后至业务日期发生的颜色变化，按原颜色和新颜色统计。",
			&c, "变化");
	svg_chart_release(&c);
	return rc;
}

#define RUNS_OF_DATE                                                          \
	" FROM quarantine q JOIN import_file f ON f.id = q.file_id"            \
	" JOIN run r ON r.run_id = f.run_id WHERE r.business_date = ?1"         \
	" AND ?2 = ?2"

static int quarantine(struct page *pg, struct strbuf *err)
{
	const char *series[] = { "记录数" };
	const char *fill[] = { "#b15928" };
	struct svg_chart a = { "隔离记录：按原因（出错字段）", series, fill, 1, NULL, 0, 0 };
	struct svg_chart b = { "隔离记录：按数据来源", series, fill, 1, NULL, 0, 0 };
	int rc;

	if (!(rc = chart_rows(pg, "SELECT coalesce(q.field, '（整条记录）'), count(*)"
			      RUNS_OF_DATE " GROUP BY 1 ORDER BY 2 DESC, 1", &a, NULL, err)) &&
	    !(rc = chart_rows(pg, "SELECT f.kind, count(*)" RUNS_OF_DATE
			      " GROUP BY 1 ORDER BY 2 DESC, 1", &b, kind_label, err))) {
		section(pg, "quarantine-reason", "隔离记录（按原因）",
			"业务日期各次运行中因数据错误被隔离的记录，按出错字段统计；"
			"明细见 quarantine.csv。", &a, "原因");
		section(pg, "quarantine-source", "隔离记录（按来源）", NULL, &b, "来源");
	}
	svg_chart_release(&a);
	svg_chart_release(&b);
	return rc;
}

static int emergency(struct page *pg, struct strbuf *err)
{
	const char *series[] = { "企业数" };
	const char *fill[] = { "#e6550d" };
	struct svg_chart c = { "应急减排清单：按预警级别（家）", series, fill, 1, NULL, 0, 0 };
	int rc = chart_rows(pg,
			    "SELECT alert, count(*) FROM emergency WHERE as_of = ?1"
			    " AND ?2 = ?2 GROUP BY alert ORDER BY CASE alert"
			    " WHEN 'yellow' THEN 1 WHEN 'orange' THEN 2 ELSE 3 END",
			    &c, alert_label, err);

	if (!rc)
		section(pg, "emergency", "应急减排清单", "各预警级别下列入应急减排清单的企业数；"
			"明细见 emergency.csv。", &c, "预警级别");
	svg_chart_release(&c);
	return rc;
}

static int imports(struct page *pg, struct strbuf *err)
{
	const char *series[] = { "读取", "入库", "重复", "隔离" };
	const char *fill[] = { "#777777", "#2e9d48", "#9ecae1", "#d93025" };
	struct svg_chart c = { "导入记录数（按数据类别）", series, fill, 4, NULL, 0, 0 };
	int rc = chart_rows(pg,
			    "SELECT f.kind, sum(f.read), sum(f.stored), sum(f.duplicate),"
			    " sum(f.quarantined) FROM import_file f JOIN run r"
			    " ON r.run_id = f.run_id WHERE r.business_date = ?1"
			    " AND ?2 = ?2 GROUP BY f.kind ORDER BY f.kind",
			    &c, kind_label, err);

	if (!rc)
		section(pg, "imports", "数据导入", "业务日期各次运行导入的记录数；"
			"读取 = 入库 + 重复 + 隔离。明细见 imports.csv。", &c, "数据类别");
	svg_chart_release(&c);
	return rc;
}

static int previous_date(struct page *pg, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	pg->prev[0] = '\0';
	if ((rc = db_prepare(pg->ctx->db, "SELECT max(as_of) FROM rate_date"
			     " WHERE as_of < ?1", &st, err)))
		return rc;
	db_bind_text(st, 1, pg->ctx->as_of);
	rc = db_step(st, err);
	if (rc == DB_ROW && !db_column_is_null(st, 0))
		snprintf(pg->prev, sizeof(pg->prev), "%s", db_column_text(st, 0));
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

static const char page_css[] =
	"figure{margin:.5em 0}svg.chart{width:100%;max-width:600px;height:auto;"
	"display:block}figcaption{font-size:.9em;color:#444}"
	"nav a{margin-right:1em;white-space:nowrap}"
	"table.keep{width:auto;min-width:40%}"
	"@media (max-width:720px){table.keep{display:table;width:100%}"
	"table.keep caption{display:table-caption}"
	"table.keep thead{position:static;display:table-header-group}"
	"table.keep tbody{display:table-row-group}"
	"table.keep tr{display:table-row;border:0;margin:0;padding:0}"
	"table.keep th,table.keep td{display:table-cell;width:auto;"
	"border:1px solid #999;padding:.2em .4em}"
	"table.keep td::before{content:none}table.keep td.n{text-align:right}}";

int bureau_write_page(struct export_ctx *ctx, struct strbuf *err)
{
	const char *title = rule_text(ctx->rt, "title", "bureau");
	struct sink s;
	struct page pg = { ctx, &s, "" };
	int rc;

	if (!title)
		title = "环保信用与联动管理运行报告";
	if ((rc = previous_date(&pg, err)) || (rc = sink_open(ctx, "report.html", &s, err)))
		return rc;
	html_begin(&s.buf, ctx, title, page_css);
	strbuf_addstr(&s.buf, "<nav><a href=\"#colours\">颜色分布</a><a href=\"#changes\">"
			      "颜色变化</a><a href=\"#quarantine-reason\">隔离记录</a>"
			      "<a href=\"#emergency\">应急减排</a><a href=\"#imports\">"
			      "数据导入</a></nav>\n</header>\n<main>\n");
	if ((rc = colours(&pg, err)) || (rc = changes(&pg, err)) ||
	    (rc = quarantine(&pg, err)) || (rc = emergency(&pg, err)) ||
	    (rc = imports(&pg, err)))
		goto out;
	strbuf_addstr(&s.buf, "</main>\n");
	html_end(&s.buf);
	rc = sink_close(ctx, &s, 0, err);
out:
	sink_abort(&s);
	if (rc)
		ec_prefix(err, "report.html: ");
	return rc;
}
