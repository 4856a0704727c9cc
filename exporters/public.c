#include "core/common.h"
#include "core/report.h"
#include "exporters/channel.h"

/*
 * Channel "public" (public disclosure): the emergency-control exemption
 * list with the published columns of DOMAIN §3.1, the revocations, and
 * index.html, a plain HTML5 page (no script) readable in any browser.
 */
#define EXEMPTIONS_SQL                                                        \
	"SELECT uscc, name, permit_no, town, industry, grade, basis, measure,"  \
	" valid_from, valid_to FROM exemption WHERE as_of = ?1 ORDER BY uscc"
#define REVOCATIONS_SQL                                                       \
	"SELECT uscc, name, revoked_on, reason, basis, barred_until"          \
	" FROM revocation WHERE as_of = ?1 ORDER BY revoked_on, uscc"

static const struct table_def tables[] = {
	{ "exemptions", EXEMPTIONS_SQL },
	{ "revocations", REVOCATIONS_SQL },
	{ NULL, NULL },
};

static const char *const exemption_heads[] = {
	"序号", "企业名称", "统一社会信用代码", "排污许可证编号", "所在区镇",
	"行业", "绩效等级", "豁免依据", "豁免措施", "有效期",
};
static const char *const revocation_heads[] = {
	"序号", "企业名称", "统一社会信用代码", "撤销日期", "撤销原因", "依据",
	"不得申请至",
};

static void cell(struct strbuf *sb, const char *s)
{
	strbuf_addstr(sb, "<td>");
	export_add_text(sb, s);
	strbuf_addstr(sb, "</td>");
}

static void head_row(struct strbuf *sb, const char *const *heads, size_t n)
{
	strbuf_addstr(sb, "<thead><tr>");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "<th scope=\"col\">%s</th>", heads[i]);
	strbuf_addstr(sb, "</tr></thead>\n<tbody>\n");
}

/* One table of the page; rows streamed from sql. exemption: 1 for the
 * exemption columns, 0 for revocations. */
static int html_table(struct export_ctx *ctx, struct sink *s, const char *sql,
		      int exemption, int64_t *rows, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int64_t n = 0;
	int rc;

	if ((rc = db_prepare(ctx->db, sql, &st, err)))
		return rc;
	db_bind_text(st, 1, ctx->as_of);
	strbuf_addf(&s->buf, "<table id=\"%s\">\n",
		    exemption ? "exemptions" : "revocations");
	if (exemption)
		head_row(&s->buf, exemption_heads, ARRAY_SIZE(exemption_heads));
	else
		head_row(&s->buf, revocation_heads, ARRAY_SIZE(revocation_heads));
	while ((rc = db_step(st, err)) == DB_ROW) {
		strbuf_addf(&s->buf, "<tr><td>%lld</td>", (long long)++n);
		if (exemption) {
			const char *from = db_column_text(st, 8);
			const char *to = db_column_text(st, 9);

			cell(&s->buf, db_column_text(st, 1)); /* 企业名称 */
			cell(&s->buf, db_column_text(st, 0)); /* 统一社会信用代码 */
			for (int c = 2; c <= 7; c++)
			        cell(&s->buf, db_column_text(st, c));
			strbuf_addstr(&s->buf, "<td>");
			export_add_text(&s->buf, from);
			if (*from || *to)
				strbuf_addstr(&s->buf, " 至 ");
			export_add_text(&s->buf, to);
			strbuf_addstr(&s->buf, "</td>");
		} else {
			cell(&s->buf, db_column_text(st, 1));
			cell(&s->buf, db_column_text(st, 0));
			for (int c = 2; c <= 5; c++)
				cell(&s->buf, db_column_text(st, c));
		}
		strbuf_addstr(&s->buf, "</tr>\n");
		if ((rc = sink_flush(s, 0, err)))
			break;
	}
	db_finalize(st);
	if (rc < 0)
		return rc;
	strbuf_addstr(&s->buf, "</tbody>\n</table>\n");
	*rows += n;
	return 0;
}

static int write_index(struct export_ctx *ctx, struct strbuf *err)
{
	struct sink s;
	int64_t rows = 0, nex = 0, nrev = 0;
	int rc;

	if ((rc = db_query_int64(ctx->db,
				 "SELECT count(*) FROM exemption WHERE as_of = ?1",
				 ctx->as_of, NULL, &nex, err)) ||
	    (rc = db_query_int64(ctx->db,
				 "SELECT count(*) FROM revocation WHERE as_of = ?1",
				 ctx->as_of, NULL, &nrev, err)))
		return rc;
	if ((rc = sink_open(ctx, "index.html", &s, err)))
		return rc;
	strbuf_addf(&s.buf,
		    "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>应急管控豁免企业名单（%s）</title>\n"
		    "<style>body{font-family:sans-serif;margin:1em}"
		    "table{border-collapse:collapse;margin-bottom:2em}"
		    "th,td{border:1px solid #999;padding:.2em .5em;text-align:left}"
		    "th{background:#eee}</style>\n</head>\n<body>\n"
		    "<h1>应急管控豁免企业名单</h1>\n<p>业务日期：%s<br>\n规则集：",
		    ctx->as_of, ctx->as_of);
	export_add_text(&s.buf, ctx->rule_set);
	strbuf_addstr(&s.buf, "<br>\n运行编号：");
	export_add_text(&s.buf, ctx->run_id);
	strbuf_addf(&s.buf, "</p>\n<h2>豁免企业（%lld 家）</h2>\n", (long long)nex);
	if ((rc = html_table(ctx, &s, EXEMPTIONS_SQL, 1, &rows, err)))
		goto out;
	strbuf_addf(&s.buf, "<h2>撤销豁免（%lld 家）</h2>\n", (long long)nrev);
	if ((rc = html_table(ctx, &s, REVOCATIONS_SQL, 0, &rows, err)))
		goto out;
	strbuf_addstr(&s.buf, "<p>本页由 ecredit 生成，数据以签名发布包为准。</p>\n"
			      "</body>\n</html>\n");
	rc = sink_close(ctx, &s, rows, err);
out:
	sink_abort(&s);
	if (rc)
		ec_prefix(err, "index.html: ");
	return rc;
}

const struct exporter exporter_public = {
	"public", "public disclosure: exemptions, revocations, index.html", tables,
	write_index, 0,
};
