#include "core/common.h"
#include "exporters/channel.h"
#include "exporters/html.h"
#include "exporters/ruletext.h"

/*
 * Channel "public" (public disclosure): the emergency-control exemption
 * list with the published columns of docs/linkage.md §1, the revocations, and
 * index.html: a self-contained page for citizens (exporters/html.c) saying
 * who publishes the list, for which date, what it means and on which legal
 * basis, how to object, and the lists with the plain-language text of the
 * rules behind each entry. It works without script; a few lines of inline
 * script add a search box.
 */
#define EXEMPTIONS_SQL                                                        \
	"SELECT uscc, name, permit_no, town, industry, grade, basis, measure,"  \
	" valid_from, valid_to FROM exemption WHERE as_of = ?1 ORDER BY uscc"
#define REVOCATIONS_SQL                                                       \
	"SELECT uscc, name, revoked_on, reason, basis, barred_until"          \
	" FROM revocation WHERE as_of = ?1 ORDER BY revoked_on, uscc"

static const struct table_def tables[] = {
	{ "exemptions", EXEMPTIONS_SQL, NULL },
	{ "revocations", REVOCATIONS_SQL, NULL },
	{ NULL, NULL, NULL },
};

static const char *const exemption_heads[] = {
	"序号", "企业名称", "统一社会信用代码", "排污许可证编号", "所在区镇",
	"行业", "绩效等级", "豁免依据", "豁免措施", "有效期",
};
static const char *const revocation_heads[] = {
	"序号", "企业名称", "统一社会信用代码", "撤销日期", "撤销原因", "依据",
	"不得申请至",
};

/* A cell: class (or NULL), its label for the narrow layout (data-label),
 * the text in one <span> so that the narrow layout keeps it together. */
static void cell(struct strbuf *sb, const char *cls, const char *label,
		 const char *s)
{
	int id = cls && !strcmp(cls, "id");

	strbuf_addstr(sb, "<td");
	if (cls && !id)
		strbuf_addf(sb, " class=\"%s\"", cls);
	strbuf_addf(sb, " data-label=\"%s\"><span%s>", label, id ? " class=\"id\"" : "");
	export_add_text(sb, *s ? s : "—");
	strbuf_addstr(sb, "</span></td>");
}

static void date_cell(struct strbuf *sb, const char *label, const char *from,
		      const char *to)
{
	strbuf_addf(sb, "<td data-label=\"%s\"><span>", label);
	if (*from)
		html_date(sb, from);
	if (*from || *to)
		strbuf_addstr(sb, " 至 ");
	if (*to)
		html_date(sb, to);
	if (!*from && !*to)
		strbuf_addstr(sb, "—");
	strbuf_addstr(sb, "</span></td>");
}

static void one_date_cell(struct strbuf *sb, const char *label, const char *d)
{
	strbuf_addf(sb, "<td data-label=\"%s\"><span>", label);
	if (*d)
		html_date(sb, d);
	else
		strbuf_addstr(sb, "—");
	strbuf_addstr(sb, "</span></td>");
}

/* The basis in plain language: one item per rule id, the rule set's text
 * with the id after it; an id without text stays bare. */
static void basis_cell(struct export_ctx *ctx, struct strbuf *sb,
		       const char *label, const char *ids)
{
	const char *p = ids;
	char *id;

	strbuf_addf(sb, "<td class=\"basis\" data-label=\"%s\"><ul>", label);
	while ((id = rule_ids_next(&p)) != NULL) {
		const char *t = rule_text(ctx->rt, "rule", id);

		strbuf_addstr(sb, "<li>");
		if (t) {
			export_add_text(sb, t);
			strbuf_addstr(sb, " <span class=\"rid\">");
			export_add_text(sb, id);
			strbuf_addstr(sb, "</span>");
		} else {
			export_add_text(sb, id);
		}
		strbuf_addstr(sb, "</li>");
		free(id);
	}
	strbuf_addstr(sb, "</ul></td>");
}

static void head_row(struct strbuf *sb, const char *caption,
		     const char *const *heads, size_t n)
{
	strbuf_addf(sb, "<caption>%s</caption>\n<thead><tr>", caption);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "<th scope=\"col\">%s</th>", heads[i]);
	strbuf_addstr(sb, "</tr></thead>\n<tbody>\n");
}

static void exemption_row(struct export_ctx *ctx, struct strbuf *sb,
			  struct db_stmt *st)
{
	const char *const *h = exemption_heads;

	cell(sb, "name", h[1], db_column_text(st, 1));
	cell(sb, "id", h[2], db_column_text(st, 0));
	cell(sb, "id", h[3], db_column_text(st, 2));
	cell(sb, "s", h[4], db_column_text(st, 3));
	cell(sb, "s", h[5], db_column_text(st, 4));
	cell(sb, "s", h[6], html_code_name(ctx, "grade", db_column_text(st, 5)));
	basis_cell(ctx, sb, h[7], db_column_text(st, 6));
	cell(sb, NULL, h[8], db_column_text(st, 7));
	date_cell(sb, h[9], db_column_text(st, 8), db_column_text(st, 9));
}

static void revocation_row(struct export_ctx *ctx, struct strbuf *sb,
			   struct db_stmt *st)
{
	const char *const *h = revocation_heads;

	cell(sb, "name", h[1], db_column_text(st, 1));
	cell(sb, "id", h[2], db_column_text(st, 0));
	one_date_cell(sb, h[3], db_column_text(st, 2));
	cell(sb, NULL, h[4], db_column_text(st, 3));
	basis_cell(ctx, sb, h[5], db_column_text(st, 4));
	one_date_cell(sb, h[6], db_column_text(st, 5));
}

/* One table of the page; rows streamed from sql; "无" when empty. */
static int html_table(struct export_ctx *ctx, struct sink *s, const char *sql,
		      int exemption, int64_t *rows, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	size_t ncol = exemption ? ARRAY_SIZE(exemption_heads)
				: ARRAY_SIZE(revocation_heads);
	int64_t n = 0;
	int rc;

	if ((rc = db_prepare(ctx->db, sql, &st, err)))
		return rc;
	db_bind_text(st, 1, ctx->as_of);
	strbuf_addf(&s->buf, "<table id=\"%s\">\n",
		    exemption ? "exemptions" : "revocations");
	if (exemption)
		head_row(&s->buf, "豁免企业名单", exemption_heads, ncol);
	else
		head_row(&s->buf, "撤销豁免的企业", revocation_heads, ncol);
	while ((rc = db_step(st, err)) == DB_ROW) {
		strbuf_addf(&s->buf, "<tr><td class=\"n\" data-label=\"序号\"><span>%lld</span></td>",
			    (long long)++n);
		if (exemption)
			exemption_row(ctx, &s->buf, st);
		else
			revocation_row(ctx, &s->buf, st);
		strbuf_addstr(&s->buf, "</tr>\n");
		if ((rc = sink_flush(s, 0, err)))
			break;
	}
	db_finalize(st);
	if (rc < 0)
		return rc;
	if (!n)
		strbuf_addf(&s->buf, "<tr><td class=\"none\" colspan=\"%zu\">无</td></tr>\n",
			    ncol);
	strbuf_addstr(&s->buf, "</tbody>\n</table>\n");
	*rows += n;
	return 0;
}

static void paragraph(struct strbuf *sb, const char *head, const char *text)
{
	strbuf_addf(sb, "<h2>%s</h2>\n<p>", head);
	export_add_text(sb, text);
	strbuf_addstr(sb, "</p>\n");
}

static const char *text_or(const struct export_ctx *ctx, const char *kind,
			   const char *fallback)
{
	const char *t = rule_text(ctx->rt, kind, "public");

	return t ? t : fallback;
}

/* Search as you type, for long lists. The page works without it: the box
 * is made by the script itself, so without script there is no dead box. */
static const char find_script[] =
	"<script>\n(function () {\n"
	"  var main = document.querySelector(\"main\"), first = document.getElementById(\"lists\");\n"
	"  if (!main || !first || !document.querySelectorAll) return;\n"
	"  var box = document.createElement(\"input\");\n"
	"  box.type = \"search\"; box.className = \"find\";\n"
	"  box.placeholder = \"按企业名称、统一社会信用代码或区镇查找\";\n"
	"  box.setAttribute(\"aria-label\", \"查找企业\");\n"
	"  main.insertBefore(box, first);\n"
	"  box.addEventListener(\"input\", function () {\n"
	"    var q = box.value.replace(/^\\s+|\\s+$/g, \"\").toLowerCase();\n"
	"    var rows = document.querySelectorAll(\"tbody tr\");\n"
	"    for (var i = 0; i < rows.length; i++) {\n"
	"      if (rows[i].querySelector(\"td.none\")) continue;\n"
	"      rows[i].hidden = q !== \"\" && rows[i].textContent.toLowerCase().indexOf(q) < 0;\n"
	"    }\n  });\n})();\n</script>\n";

static int write_index(struct export_ctx *ctx, struct strbuf *err)
{
	const char *title = text_or(ctx, "title", "应急管控豁免企业名单");
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
	html_begin(&s.buf, ctx, title, NULL);
	strbuf_addstr(&s.buf, "</header>\n<main>\n");
	paragraph(&s.buf, "名单说明",
		  text_or(ctx, "meaning", "本名单列出业务日期符合应急管控豁免条件的企业，"
					  "以及撤销豁免的企业。"));
	paragraph(&s.buf, "法律依据", text_or(ctx, "legal-basis", "（规则集未提供）"));
	paragraph(&s.buf, "异议方式",
		  ctx->pub->objection ? ctx->pub->objection
				      : "如对名单有异议，请向发布机构提出。");
	strbuf_addf(&s.buf, "<h2 id=\"lists\">豁免企业（%lld 家）</h2>\n", (long long)nex);
	if ((rc = html_table(ctx, &s, EXEMPTIONS_SQL, 1, &rows, err)))
		goto out;
	strbuf_addf(&s.buf, "<h2>撤销豁免（%lld 家）</h2>\n", (long long)nrev);
	if ((rc = html_table(ctx, &s, REVOCATIONS_SQL, 0, &rows, err)))
		goto out;
	strbuf_addstr(&s.buf, "</main>\n<footer><p class=\"note\">“依据”列为所依据规则的"
			      "文字说明，灰色字为规则编号。本页随签名发布包发布，"
			      "数据以发布包中的 exemptions.xml 为准。</p></footer>\n");
	strbuf_addstr(&s.buf, find_script);
	html_end(&s.buf);
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
