#include "core/common.h"
#include "core/date.h"
#include "core/evtype.h"
#include "synth/synthInt.h"

#include <iconv.h>

/*
 * Penalties and other credit events, docs/importers-penalties.md: about 8 per 100
 * enterprises over the two years before the business date, split between
 * a UTF-8 file (with BOM) and a GB18030 file (as exported by an older
 * office system), with Chinese headers.
 */

static const struct {
	const char *code;
	int weight; /* per mille */
	const char *violation, *basis;
	int fined;
} categories[] = {
	{ "fine", 420, "超标排放大气污染物", "《中华人民共和国大气污染防治法》第九十九条第二项", 1 },
	{ "order-correct", 110, "未按规定开展自行监测", "《排污许可管理条例》第三十六条", 0 },
	{ "warning", 70, "未按规定公开环境信息", "《企业环境信息依法披露管理办法》第二十八条", 0 },
	{ "limit-production", 35, "超过水污染物排放标准排放", "《中华人民共和国水污染防治法》第八十三条第二项", 1 },
	{ "seal-seize", 35, "未按规定运行污染防治设施", "《中华人民共和国环境保护法》第二十五条", 0 },
	{ "suspend-production", 25, "无证排污", "《排污许可管理条例》第三十三条", 1 },
	{ "daily-fine", 15, "拒不改正超标排放行为", "《中华人民共和国环境保护法》第五十九条", 1 },
	{ "court-enforcement", 15, "逾期不履行行政处罚决定", "《中华人民共和国行政强制法》第五十三条", 0 },
	{ "emergency-noncompliance", 20, "重污染天气应急期间未落实减排措施", "《中华人民共和国大气污染防治法》第一百零八条", 1 },
	{ "unapproved-construction", 20, "未依法报批环境影响评价文件擅自开工建设", "《中华人民共和国环境影响评价法》第三十一条", 1 },
	{ "no-acceptance", 10, "配套环境保护设施未经验收即投入生产", "《建设项目环境保护管理条例》第二十三条", 1 },
	{ "major-change", 5, "建设项目发生重大变动未重新报批", "《中华人民共和国环境影响评价法》第二十四条", 1 },
	{ "hazardous-waste", 10, "危险废物未按规定贮存处置", "《中华人民共和国固体废物污染环境防治法》第一百一十二条", 1 },
	{ "bypass", 5, "通过暗管逃避监管排放水污染物", "《中华人民共和国水污染防治法》第八十三条第三项", 1 },
	{ "false-record", 5, "篡改自动监测数据", "《中华人民共和国大气污染防治法》第九十九条第三项", 1 },
	{ "cap-exceeded", 3, "超过重点污染物排放总量控制指标排放", "《中华人民共和国环境保护法》第六十条", 1 },
	{ "revoke-permit", 2, "拒不停止排污", "《排污许可管理条例》第三十三条", 0 },
	{ "detention", 5, "通过暗管逃避监管排放污染物", "《中华人民共和国环境保护法》第六十三条", 0 },
	{ "crime", 3, "非法排放有毒物质严重污染环境", "《中华人民共和国刑法》第三百三十八条", 0 },
	{ "incident", 7, "突发环境事件", "《突发环境事件应急管理办法》第三十八条", 0 },
};

/*
 * The positive events, drawn per enterprise rather than from the penalty
 * stream: about 35% of enterprises signed a credit commitment (信用承诺;
 * one in ten of them more than a year ago, so it has lapsed), and 40% of
 * the signers (3% of the others) were commended (表彰奖励), nearly all
 * within the year. With both active, an enterprise without deductions
 * scores 11: about one in seven ends green.
 */
#define COMMIT_PER_100 35
#define COMMEND_SIGNED_PER_100 40
#define COMMEND_OTHER_PER_100 3
static const struct {
	const char *code, *violation, *basis, *prefix;
} positives[] = {
	{ "commitment", "签署环保信用承诺书", "《江苏省企事业环保信用评价办法》", "海环信诺" },
	{ "commendation", "环境治理先进单位", "《江苏省企事业环保信用评价办法》", "海环表" },
};

static const char header_utf8[] =
	"\xEF\xBB\xBF行政处罚决定书文号,统一社会信用代码,企业名称,处罚决定日期,"
	"处罚类别,违法行为类型,罚款金额（万元）,处罚机关,处罚依据\n";
static const char header_gb[] =
	"行政处罚决定书文号,统一社会信用代码,单位名称,处罚决定日期,"
	"处罚类别,违法行为类型,罚款金额（万元）,处罚机关,处罚依据\r\n";

struct row {
	char decision[96];
	const char *uscc, *name, *category, *violation, *basis, *authority;
	char date[48];
	char fine[16];
};

struct out {
	struct synth_file *f;
	struct strbuf sb;
	iconv_t cd; /* (iconv_t)-1 for UTF-8 */
	const char *eol;
	long rows;
};

static int pick_category(struct synth_rng *r)
{
	int total = 0, x;

	for (size_t i = 0; i < ARRAY_SIZE(categories); i++)
		total += categories[i].weight;
	x = (int)synth_rng_below(r, (uint64_t)total);
	for (size_t i = 0; i < ARRAY_SIZE(categories); i++) {
		x -= categories[i].weight;
		if (x < 0)
			return (int)i;
	}
	return 0;
}

static void format_date(char *out, size_t size, int day, int style)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	if (style == 0)
		snprintf(out, size, "%04d-%02d-%02d", y, m, d);
	else if (style == 1)
		snprintf(out, size, "%04d/%02d/%02d", y, m, d);
	else
		snprintf(out, size, "%04d年%d月%d日", y, m, d);
}

static void format_decision(char *out, size_t size, const char *prefix, int year,
			    long number, int halfwidth)
{
	if (halfwidth)
		snprintf(out, size, "%s[%d]%ld号", prefix, year, number);
	else
		snprintf(out, size, "%s〔%d〕%ld号", prefix, year, number);
}

/* Append text to o's buffer, converted to o's encoding. */
static int add_converted(struct out *o, const char *text, size_t len,
			 struct strbuf *err)
{
	char *in = (char *)text, *outp;
	size_t outleft = len * 2 + 16;

	if (o->cd == (iconv_t)-1) {
		strbuf_add(&o->sb, text, len);
		return 0;
	}
	strbuf_grow(&o->sb, outleft);
	outp = o->sb.buf + o->sb.len;
	iconv(o->cd, NULL, NULL, NULL, NULL);
	if (iconv(o->cd, &in, &len, &outp, &outleft) == (size_t)-1)
		return ec_error(err, EC_INTERNAL, "cannot convert to GB18030: %s",
				strerror(errno));
	strbuf_setlen(&o->sb, (size_t)(outp - o->sb.buf));
	return 0;
}

static int emit(struct out *o, const struct row *r, struct strbuf *line,
		struct strbuf *err)
{
	const char *fields[9] = { r->decision, r->uscc, r->name, r->date,
				  r->category, r->violation, r->fine,
				  r->authority, r->basis };
	int rc;

	strbuf_reset(line);
	for (int i = 0; i < 9; i++) {
		if (i)
			strbuf_addch(line, ',');
		strbuf_add_csv_field(line, fields[i]);
	}
	strbuf_addstr(line, o->eol);
	o->rows++;
	if ((rc = add_converted(o, line->buf, line->len, err)))
		return rc;
	if (o->sb.len >= 1 << 16) {
		rc = synth_file_write(o->f, o->sb.buf, o->sb.len, err);
		strbuf_reset(&o->sb);
	}
	return rc;
}

static void make_row(const struct synth_city *c, long k, struct synth_ent *e,
		     struct row *row, int *halfwidth, int *year, long *number,
		     const char **prefix, int *day)
{
	struct synth_rng r;
	long who;
	int cat, date_style, month, mday;
	const struct evtype *t;

	synth_rng_init(&r, c->seed, TAG_EVENT, (uint64_t)k, 0);
	/* half the events fall on the monitored (heavier) enterprises */
	if (c->monitored_ents && synth_rng_below(&r, 2) == 0)
		who = (long)synth_rng_below(&r, (uint64_t)c->monitored_ents);
	else
		who = (long)synth_rng_below(&r, (uint64_t)c->enterprises);
	synth_enterprise(c, who, e);
	cat = pick_category(&r);
	t = evtype_by_code(categories[cat].code);
	*day = c->as_of - (int)synth_rng_below(&r, 730);
	date_style = (int)synth_rng_below(&r, 20);
	date_style = date_style < 12 ? 0 : date_style < 17 ? 1 : 2;
	format_date(row->date, sizeof(row->date), *day, date_style);
	date_to_ymd(*day, year, &month, &mday);
	*halfwidth = synth_rng_below(&r, 10) < 3;
	*number = 100 + k;
	*prefix = !strcmp(categories[cat].code, "incident") ? "海环事" : "海环罚";
	format_decision(row->decision, sizeof(row->decision), *prefix, *year,
			*number, *halfwidth);
	row->uscc = e->uscc;
	row->name = e->name;
	/* one in twenty files writes the English code */
	row->category = synth_rng_below(&r, 20) == 0 ? t->code : t->zh;
	row->violation = categories[cat].violation;
	row->basis = categories[cat].basis;
	row->authority = synth_rng_below(&r, 10) ? "南通市海门生态环境局"
						 : "南通市生态环境局";
	if (categories[cat].fined)
		snprintf(row->fine, sizeof(row->fine), "%d.%d",
			 1 + (int)synth_rng_below(&r, 50), (int)synth_rng_below(&r, 10));
	else
		snprintf(row->fine, sizeof(row->fine), "%s",
			 synth_rng_below(&r, 2) ? "—" : "");
}

/*
 * The positive events of enterprise i: kind 0 commitment, 1 commendation.
 * Returns 0 when the enterprise has none of that kind; decided from one
 * hash, so the enterprise itself is computed only when it has one.
 */
static int positive_day(const struct synth_city *c, long i, int kind, int *day)
{
	uint64_t h = synth_hash(c->seed, TAG_EVENT, (uint64_t)i, 1000);
	int signed_ = (int)(h % 100) < COMMIT_PER_100;
	unsigned x = (unsigned)((h >> 8) % 100), late = (unsigned)((h >> 16) % 10);

	if (kind == 0) {
		if (!signed_)
			return 0;
		*day = c->as_of - (late == 0 ? 366 + (int)((h >> 24) % 240)
					     : (int)((h >> 24) % 340));
		return 1;
	}
	if (x >= (signed_ ? COMMEND_SIGNED_PER_100 : COMMEND_OTHER_PER_100))
		return 0;
	*day = c->as_of - (int)((h >> 40) % 330);
	return 1;
}

static void make_positive(const struct synth_city *c, const struct synth_ent *e,
			  int kind, int day, struct row *row, int *halfwidth,
			  int *year, long *number, const char **prefix)
{
	struct synth_rng r;
	int month, mday;

	synth_rng_init(&r, c->seed, TAG_EVENT, (uint64_t)e->index, 1001 + (uint64_t)kind);
	date_to_ymd(day, year, &month, &mday);
	format_date(row->date, sizeof(row->date), day, (int)synth_rng_below(&r, 3));
	*halfwidth = synth_rng_below(&r, 10) < 3;
	*number = 1 + e->index;
	*prefix = positives[kind].prefix;
	format_decision(row->decision, sizeof(row->decision), *prefix, *year,
			*number, *halfwidth);
	row->uscc = e->uscc;
	row->name = e->name;
	row->category = synth_rng_below(&r, 20) == 0 ? positives[kind].code
			: evtype_by_code(positives[kind].code)->zh;
	row->violation = positives[kind].violation;
	row->basis = positives[kind].basis;
	row->authority = "南通市海门生态环境局";
	snprintf(row->fine, sizeof(row->fine), "%s", synth_rng_below(&r, 2) ? "—" : "");
}

/* Every 50th row of a file, from the 41st, is broken on purpose: at most
 * one row in 41 (2.4%), under the demo's 5% data-quality threshold. */
static void break_row(struct row *row, long n)
{
	if (n % 100 == 40)
		row->category = "通报批评"; /* not a credit event type */
	else
		snprintf(row->date, sizeof(row->date), "%s",
			 n % 200 == 90 ? "2026-02-30" : "2025年13月5日");
}

int synth_write_penalties(const struct synth_city *c, const char *utf8_path,
			  const char *gb_path, struct synth_summary *sum,
			  struct strbuf *err)
{
	struct out u = { NULL, STRBUF_INIT, (iconv_t)-1, "\n", 0 };
	struct out g = { NULL, STRBUF_INIT, (iconv_t)-1, "\r\n", 0 };
	long events = c->enterprises * 8 / 100;
	struct strbuf line = STRBUF_INIT;
	struct synth_ent e;
	int rc;

	if (events < 3)
		events = 3;
	g.cd = iconv_open("GB18030", "UTF-8");
	if (g.cd == (iconv_t)-1) {
		rc = ec_error(err, EC_INTERNAL, "iconv cannot convert to GB18030: %s",
			      strerror(errno));
		goto out;
	}
	if ((rc = synth_file_open(utf8_path, 0, &u.f, err)) ||
	    (rc = synth_file_open(gb_path, 0, &g.f, err)))
		goto out;
	if ((rc = add_converted(&u, header_utf8, strlen(header_utf8), err)) ||
	    (rc = add_converted(&g, header_gb, strlen(header_gb), err)))
		goto out;
	/* penalties first (k < events), then the positive events of each
	 * enterprise (k - events = 2 * enterprise + kind) */
	for (long k = 0; k < events + 2 * c->enterprises; k++) {
		struct row row;
		const char *prefix;
		int halfwidth, year, day;
		long number;
		struct synth_rng r;
		struct out *o;
		int broken = 0;

		if (k < events) {
			make_row(c, k, &e, &row, &halfwidth, &year, &number, &prefix, &day);
		} else {
			long i = (k - events) / 2;
			int kind = (int)((k - events) % 2);

			if (!positive_day(c, i, kind, &day))
				continue;
			synth_enterprise(c, i, &e);
			make_positive(c, &e, kind, day, &row, &halfwidth, &year, &number,
				      &prefix);
		}
		synth_rng_init(&r, c->seed, TAG_EVENT, (uint64_t)k, 1);
		o = synth_rng_below(&r, 10) < 6 ? &u : &g;
		if (o->rows % 50 == 40) {
			break_row(&row, o->rows);
			sum->penalty_bad_rows++;
			broken = 1;
		}
		if ((rc = emit(o, &row, &line, err)))
			goto out;
		sum->penalty_rows++;
		/* every 25th UTF-8 row is also in the GB18030 file, with the
		 * other bracket style and another date form */
		if (o == &u && u.rows % 25 == 6 && !broken) {
			format_decision(row.decision, sizeof(row.decision), prefix,
					year, number, !halfwidth);
			format_date(row.date, sizeof(row.date), day, 2);
			if ((rc = emit(&g, &row, &line, err)))
				goto out;
			sum->penalty_rows++;
			sum->penalty_duplicates++;
		}
	}
	if ((rc = synth_file_write(u.f, u.sb.buf, u.sb.len, err)) ||
	    (rc = synth_file_write(g.f, g.sb.buf, g.sb.len, err)))
		goto out;
	sum->penalty_rows_utf8 = u.rows;
	sum->penalty_rows_gb18030 = g.rows;
out:
	{
		int rc2 = synth_file_close(u.f, !rc, rc ? NULL : err);

		if (!rc)
			rc = rc2;
		rc2 = synth_file_close(g.f, !rc, rc ? NULL : err);
		if (!rc)
			rc = rc2;
	}
	if (g.cd != (iconv_t)-1)
		iconv_close(g.cd);
	strbuf_release(&u.sb);
	strbuf_release(&g.sb);
	strbuf_release(&line);
	return rc;
}
