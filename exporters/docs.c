#include "core/common.h"
#include "core/embed.h"
#include "core/evtype.h"
#include "exporters/channel.h"
#include "exporters/dict.h"
#include "exporters/ruletext.h"

/*
 * Every package describes itself (docs/export.md, "Package contents"):
 *   data/README.txt      Chinese, then English: what the package is, who
 *                        issued it, business date and run, how to verify it
 *                        with stock tools, the files, the data dictionary
 *                        and the code lists;
 *   data/dictionary.csv  the data dictionary, one row per file and column;
 *   data/codes.csv       the code lists (pollutants, colours, grades, alert
 *                        levels, permit classes, event categories, rules);
 *   data/<channel>.xsd   the schema of the package's XML files.
 * They are in the manifest like every payload file, but not in Records.
 */

struct doc_file {
	const char *name, *zh, *en;
};

/* Files an exporter writes besides its tables. */
static const struct doc_file extra_files[] = {
	{ "index.html", "公示网页：名单、依据、异议方式（浏览器打开）",
	  "the public page: lists, basis, how to object (open in a browser)" },
	{ "report.html", "运行报告网页：颜色分布、变化、隔离、应急清单、导入计数（含图表）",
	  "the bureau's report page with charts" },
	{ "run-report.json", "运行台账（JSON，不含时钟时间）",
	  "the run ledger as JSON, without wall-clock times" },
};

static void line(struct strbuf *sb, const char *label, const char *v)
{
	strbuf_addf(sb, "%s%s\n", label, v && *v ? v : "（未配置）");
}

static int has_file(const struct export_ctx *ctx, const char *base)
{
	for (size_t i = 0; i < ctx->nr; i++)
		if (!strcmp(ctx->files[i].name + strlen("data/"), base))
			return 1;
	return 0;
}

static const char *pick(const struct export_ctx *ctx, const char *kind,
			const char *fallback)
{
	const char *t = rule_text(ctx->rt, kind, ctx->channel);

	return t ? t : fallback;
}

static void verify_recipe(struct strbuf *sb, const struct export_ctx *ctx)
{
	const char *x = ctx->package;

	strbuf_addf(sb,
		    "    X=%s\n"
		    "    sed -n 's/^Archive-SHA256: \\(.*\\)$/\\1  '$X'.tar.gz/p' $X.release | sha256sum -c -\n"
		    "    openssl pkeyutl -verify -rawin -pubin -inkey ed25519.pub -in $X.release -sigfile $X.release.ed25519.sig\n"
		    "    openssl cms -verify -binary -inform DER -content $X.release -in $X.release.p7s -CAfile ca.pem -purpose any -out /dev/null\n"
		    "    openssl dgst -sm3 -verify sm2.pub -signature $X.release.sm2.sig -sigopt distid:1234567812345678 $X.release\n"
		    "    mkdir check && tar -xzf $X.tar.gz -C check && cd check/$X\n"
		    "    sha256sum -c manifest-sha256.txt && sha256sum -c tagmanifest-sha256.txt\n",
		    x);
}

/* Column names of a table: prepare its statement, never step it. */
static int table_columns(struct export_ctx *ctx, const struct table_def *t,
			 struct db_stmt **st, struct strbuf *err)
{
	return export_table_prepare(ctx->db, t, st, err);
}

static void dict_table_zh(struct strbuf *sb, const char *table, struct db_stmt *st)
{
	for (int c = 0; c < db_column_count(st); c++) {
		const struct col_doc *d = dict_column(table, db_column_name(st, c));

		strbuf_addf(sb, "  %-s（%s）\n      类型：%s", d->zh, db_column_name(st, c),
			    dict_type_zh(d->type));
		if (d->unit)
			strbuf_addf(sb, "；单位：%s", d->unit);
		strbuf_addf(sb, "\n      含义：%s\n", d->meaning);
		if (d->values)
			strbuf_addf(sb, "      取值：%s\n", d->values);
	}
}

static void codes_zh(struct strbuf *sb, const struct export_ctx *ctx)
{
	size_t i;
	const char *id, *text;

	for (i = 0; i < dict_code_lists_count; i++) {
		const struct code_list *l = &dict_code_lists[i];

		strbuf_addf(sb, "\n%s（%s）\n", l->title, l->en);
		for (const struct code_doc *c = l->codes; c->code; c++) {
			const char *zh = c->zh;

			if (!strcmp(l->en, "grade") && rule_text(ctx->rt, "grade", c->code))
				zh = rule_text(ctx->rt, "grade", c->code);
			strbuf_addf(sb, "  %-12s %s；%s\n", c->code, zh, c->note);
		}
	}
	strbuf_addstr(sb, "\n事件类别（event category）\n");
	for (int k = 0; k < evtypes_count; k++)
		strbuf_addf(sb, "  %-26s %s\n", evtypes[k].code, evtypes[k].zh);
	strbuf_addstr(sb, "\n规则编号（rule id，“依据”列的取值；文字取自规则集）\n");
	for (i = 0; rule_texts_rule(ctx->rt, i, &id, &text); i++)
		strbuf_addf(sb, "  %-20s %s\n", id, text);
	if (!i)
		strbuf_addstr(sb, "  （本规则集未提供规则文字，见规则集文件）\n");
}

static int write_readme(struct export_ctx *ctx, const struct exporter *ex,
			struct strbuf *err)
{
	const struct export_publisher *p = ctx->pub;
	struct strbuf sb = STRBUF_INIT;
	struct sink s;
	int rc;

	if ((rc = sink_open(ctx, "README.txt", &s, err)))
		return rc;
	strbuf_addf(&sb, "%s\n%s\n\n", pick(ctx, "title", "环保信用信息发布包"),
		    ctx->package);
	strbuf_addstr(&sb, "一、基本信息\n");
	line(&sb, "发布机构：", p->name);
	line(&sb, "统一社会信用代码（组织机构代码）：", p->code);
	line(&sb, "地址：", p->address);
	line(&sb, "联系电话：", p->phone);
	line(&sb, "电子邮箱：", p->email);
	line(&sb, "异议受理：", p->objection);
	strbuf_addf(&sb, "发布包：%s（渠道 %s）\n业务日期：%s\n运行编号：%s\n规则集：%s\n\n",
		    ctx->package, ctx->channel, ctx->as_of, ctx->run_id, ctx->rule_set);
	strbuf_addf(&sb, "二、内容说明\n%s\n\n依据：%s\n\n",
		    pick(ctx, "meaning", "（规则集未提供说明）"),
		    pick(ctx, "legal-basis", "（规则集未提供依据）"));
	strbuf_addstr(&sb, "三、文件清单（data/ 目录）\n");
	for (const struct table_def *t = ex->tables; t->name; t++)
		strbuf_addf(&sb, "  %s.xml / %s.csv%s  %s\n", t->name, t->name,
			    ctx->xlsx ? " / .xlsx" : "", dict_file_zh(t->name));
	for (size_t i = 0; i < ARRAY_SIZE(extra_files); i++)
		if (has_file(ctx, extra_files[i].name))
			strbuf_addf(&sb, "  %s  %s\n", extra_files[i].name, extra_files[i].zh);
	strbuf_addf(&sb,
		    "  README.txt  本说明\n"
		    "  dictionary.csv  数据字典（每个文件每一列）\n"
		    "  codes.csv  代码表\n"
		    "  %s.xsd  XML 文件的模式（XML Schema），可用 xmllint --schema 校验\n\n",
		    ctx->channel);
	strbuf_addstr(&sb,
		      "XML 文件保存原始值；CSV 文件为 UTF-8（带 BOM）、逗号分隔、CRLF 换行，"
		      "首行为中文列名（单位在括号内）。为防止电子表格把文字当作公式执行，"
		      "CSV 中以 =、+、-、@、制表符或回车开头的文字单元格前加一个英文单引号 '，"
		      "使用数据时去掉这个单引号即得原值（XML 中无此单引号）。");
	if (ctx->xlsx)
		strbuf_addstr(&sb, "xlsx 文件中统一社会信用代码、许可证编号等标识符为文本单元格，"
				   "日期为日期单元格，数值为数值单元格；第二张工作表为数据字典。");
	strbuf_addstr(&sb, "\n\n四、校验方法（只需 sha256sum、openssl、tar）\n"
			   "发布包由 .tar.gz、.release 及其签名组成。依次执行下列命令，"
			   "任何一步失败（退出码非零）即说明发布包不可信：\n"
			   "1. 归档文件的 SHA-256 与 .release 的 Archive-SHA256 一致；\n"
			   "2. .release 的签名有效（按所用算法任选其一，公钥或证书向发布机构索取）；\n"
			   "3. 解包后每个文件与 BagIt 清单一致。\n\n");
	verify_recipe(&sb, ctx);
	strbuf_addstr(&sb, "\n五、数据字典\n");
	for (const struct table_def *t = ex->tables; t->name; t++) {
		struct db_stmt *st = NULL;

		if ((rc = table_columns(ctx, t, &st, err)))
			goto out;
		strbuf_addf(&sb, "\n%s.csv / %s.xml：%s\n", t->name, t->name,
			    dict_file_zh(t->name));
		dict_table_zh(&sb, t->name, st);
		db_finalize(st);
	}
	strbuf_addstr(&sb, "\n六、代码表\n");
	codes_zh(&sb, ctx);

	strbuf_addf(&sb, "\n\nEnglish\n=======\n"
		    "Package %s of channel '%s' (%s): %s.\n"
		    "Issued by: %s (code %s). Objections: %s.\n"
		    "Business date %s, run %s, rule set %s.\n\n",
		    ctx->package, ctx->channel, ex->summary,
		    pick(ctx, "title", ""), p->name ? p->name : "(not configured)",
		    p->code ? p->code : "-", p->objection ? p->objection : "-",
		    ctx->as_of, ctx->run_id, ctx->rule_set);
	strbuf_addstr(&sb, "Files in data/:\n");
	for (const struct table_def *t = ex->tables; t->name; t++)
		strbuf_addf(&sb, "  %s.xml, %s.csv%s: %s\n", t->name, t->name,
			    ctx->xlsx ? ", .xlsx" : "", dict_file_en(t->name));
	for (size_t i = 0; i < ARRAY_SIZE(extra_files); i++)
		if (has_file(ctx, extra_files[i].name))
			strbuf_addf(&sb, "  %s: %s\n", extra_files[i].name, extra_files[i].en);
	strbuf_addf(&sb,
		    "  dictionary.csv: every column with its Chinese and English name,"
		    " type, unit, meaning and allowed values; codes.csv: the code lists;"
		    " %s.xsd: the schema of the XML files.\n\n"
		    "The XML files hold the original values. CSV files are UTF-8 with a"
		    " BOM, CRLF, with a Chinese header row (outbox.csv_header = en or both"
		    " for English); a text cell starting with = + - @, a tab or CR gets a"
		    " leading apostrophe so that no spreadsheet runs it as a formula —"
		    " drop it to get the original value.\n\n"
		    "To verify (every step exits non-zero when anything was changed):"
		    " the archive's SHA-256 against Archive-SHA256 of the .release, the"
		    " signature over the .release (one of the three, by algorithm), then"
		    " the BagIt manifests, as in section 四 above.\n",
		    ctx->channel);
	strbuf_add(&s.buf, sb.buf, sb.len);
	rc = sink_close(ctx, &s, 0, err);
	if (!rc)
		ctx->files[ctx->nr - 1].doc = 1;
out:
	sink_abort(&s);
	strbuf_release(&sb);
	return rc;
}

static void csv_row(struct strbuf *sb, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(sb, ',');
		export_add_csv(sb, v[i] ? v[i] : "");
	}
	strbuf_addstr(sb, "\r\n");
}

static int write_dictionary(struct export_ctx *ctx, const struct exporter *ex,
			    struct strbuf *err)
{
	static const char *const head[] = { "文件 file", "列名 column_zh", "英文列名 column",
					    "英文名称 name_en", "类型 type", "单位 unit",
					    "含义 meaning", "取值 values" };
	struct sink s;
	int64_t n = 0;
	int rc;

	if ((rc = sink_open(ctx, "dictionary.csv", &s, err)))
		return rc;
	sink_add(&s, "\xEF\xBB\xBF", 3);
	csv_row(&s.buf, head, ARRAY_SIZE(head));
	for (const struct table_def *t = ex->tables; t->name; t++) {
		struct db_stmt *st = NULL;
		struct strbuf file = STRBUF_INIT;

		if ((rc = table_columns(ctx, t, &st, err)))
			goto out;
		strbuf_addf(&file, "%s.csv", t->name);
		for (int c = 0; c < db_column_count(st); c++) {
			const struct col_doc *d = dict_column(t->name, db_column_name(st, c));
			const char *v[] = { file.buf, d->zh, db_column_name(st, c), d->en,
					    dict_type_zh(d->type), d->unit, d->meaning,
					    d->values };

			csv_row(&s.buf, v, ARRAY_SIZE(v));
			n++;
		}
		strbuf_release(&file);
		db_finalize(st);
	}
	rc = sink_close(ctx, &s, n, err);
	if (!rc)
		ctx->files[ctx->nr - 1].doc = 1;
out:
	sink_abort(&s);
	return rc;
}

static int write_codes(struct export_ctx *ctx, struct strbuf *err)
{
	static const char *const head[] = { "代码表 list", "代码 code", "名称 name",
					    "说明 note" };
	const char *id, *text;
	struct sink s;
	int64_t n = 0;
	int rc;

	if ((rc = sink_open(ctx, "codes.csv", &s, err)))
		return rc;
	sink_add(&s, "\xEF\xBB\xBF", 3);
	csv_row(&s.buf, head, ARRAY_SIZE(head));
	for (size_t i = 0; i < dict_code_lists_count; i++) {
		const struct code_list *l = &dict_code_lists[i];

		for (const struct code_doc *c = l->codes; c->code; c++, n++) {
			const char *zh = rule_text(ctx->rt, l->en, c->code);
			const char *v[] = { l->en, c->code, zh ? zh : c->zh, c->note };

			csv_row(&s.buf, v, ARRAY_SIZE(v));
		}
	}
	for (int k = 0; k < evtypes_count; k++, n++) {
		const char *v[] = { "event-category", evtypes[k].code, evtypes[k].zh, "" };

		csv_row(&s.buf, v, ARRAY_SIZE(v));
	}
	for (size_t i = 0; rule_texts_rule(ctx->rt, i, &id, &text); i++, n++) {
		const char *v[] = { "rule", id, text, "" };

		csv_row(&s.buf, v, ARRAY_SIZE(v));
	}
	rc = sink_close(ctx, &s, n, err);
	if (!rc)
		ctx->files[ctx->nr - 1].doc = 1;
	sink_abort(&s);
	return rc;
}

static int write_schema(struct export_ctx *ctx, struct strbuf *err)
{
	struct strbuf name = STRBUF_INIT, base = STRBUF_INIT;
	const struct embedded_file *f;
	struct sink s;
	int rc;

	strbuf_addf(&name, "exporters/%s.xsd", ctx->channel);
	strbuf_addf(&base, "%s.xsd", ctx->channel);
	f = embedded_find(name.buf);
	if (!f) {
		rc = ec_error(err, EC_INTERNAL, "no embedded schema '%s'", name.buf);
		goto out;
	}
	if ((rc = sink_open(ctx, base.buf, &s, err)))
		goto out;
	sink_add(&s, f->data, f->size);
	rc = sink_close(ctx, &s, 0, err);
	if (!rc)
		ctx->files[ctx->nr - 1].doc = 1;
	sink_abort(&s);
out:
	strbuf_release(&name);
	strbuf_release(&base);
	return rc;
}

int export_docs(struct export_ctx *ctx, const struct exporter *ex,
		struct strbuf *err)
{
	int rc;

	if ((rc = write_schema(ctx, err)) || (rc = write_dictionary(ctx, ex, err)) ||
	    (rc = write_codes(ctx, err)) || (rc = write_readme(ctx, ex, err)))
		ec_prefix(err, "package description: ");
	return rc;
}
