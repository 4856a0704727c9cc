#include "core/common.h"
#include "exporters/dict.h"

#define COLOURS "green 绿色, blue 蓝色, yellow 黄色, red 红色, black 黑色"
#define GRADES "A, B, B-, C, D, leading 领跑, non-leading 非领跑, none 未评级"

/* Table-specific entries first ("table.column"), then the shared ones. */
static const struct col_doc cols[] = {
	{ "penalties.name", "企业名称", "enterprise name", COL_TEXT, NULL,
	  "事件记录中的企业名称（取最大值）", NULL },
	{ "penalties.category", "事件类别", "event category", COL_CODE, NULL,
	  "信用事件类别代码，见“事件类别”代码表", "见代码表" },
	{ "penalties.events", "事件数", "events", COL_INT, "件",
	  "截至业务日期该企业该类别的事件数", ">= 1" },
	{ "permits.status", "许可证状态", "permit status", COL_CODE, NULL,
	  "排污许可证状态（全国排污许可证管理信息平台的状态）", "valid 有效 等" },
	{ "permits.outlets", "排放口数", "outlets", COL_INT, "个",
	  "该许可证登记的排放口数量", ">= 0" },
	{ "imports.read", "读取记录数", "records read", COL_INT, "条",
	  "文件中读取的记录数 = 入库 + 重复 + 隔离", ">= 0" },
	{ "quarantine.records", "隔离记录数", "records quarantined", COL_INT, "条",
	  "该文件该字段被隔离的记录数", ">= 1" },
	{ "runs.state", "步骤状态", "step state", COL_CODE, NULL,
	  "运行步骤的状态", "committed 已提交, failed 失败, running 运行中" },
	{ "exemptions.measure", "豁免措施", "measure", COL_TEXT, NULL,
	  "豁免企业在预警期间执行的措施（规则集文字）", NULL },

	/* the power-price settlement of coal power units (docs/power-price.md) */
	{ "power_price.permit_no", "排污许可证编号", "permit number", COL_ID, NULL,
	  "机组所在排放口的排污许可证编号", NULL },
	{ "power_price.unit", "机组", "unit", COL_TEXT, NULL,
	  "许可证载明的燃煤发电机组名称", NULL },
	{ "power_price.commissioned", "投运日期", "commissioned", COL_DATE, NULL,
	  "机组投入运行的日期（决定超低排放电价标准）", "YYYY-MM-DD" },
	{ "power_price.control", "环保设施", "control", COL_CODE, NULL,
	  "对应的环保电价", "desulfurization 脱硫, denitration 脱硝, dust-removal 除尘" },
	{ "power_price.limit_conc", "排放限值", "limit", COL_REAL, "mg/m³",
	  "许可证载明的排放浓度限值", "> 0" },
	{ "power_price.ultra_low_conc", "超低排放限值", "ultra-low limit", COL_REAL,
	  "mg/m³", "许可证载明的超低排放限值，未载明时取规则集数值", "> 0" },
	{ "power_price.hours", "当月小时数", "hours in month", COL_INT, "小时",
	  "结算月份的小时数", "672–744" },
	{ "power_price.exceed_hours", "超标小时数", "exceeding hours", COL_INT, "小时",
	  "有效小时均值高于排放限值的小时数（没收环保电价）", ">= 0" },
	{ "power_price.double_hours", "超标 2 倍以上小时数", "hours at twice the limit",
	  COL_INT, "小时", "小时均值达到限值 2 倍及以上的小时数（计入罚款上限）", ">= 0" },
	{ "power_price.fault_hours", "故障或缺失小时数", "fault or missing hours",
	  COL_INT, "小时", "发电期间设施或监测故障、维护、通讯中断或无数据的小时数（没收，不罚款）",
	  ">= 0" },
	{ "power_price.unknown_hours", "状态不明小时数", "hours not known", COL_INT,
	  "小时", "无监测数据且不知是否发电的小时数（不计入没收）", ">= 0" },
	{ "power_price.stopped_hours", "停运小时数", "stopped hours", COL_INT, "小时",
	  "机组停运的小时数（不结算）", ">= 0" },
	{ "power_price.kwh", "没收电量", "kWh confiscated", COL_REAL, "千瓦时",
	  "超标和故障小时的发电量；空表示缺少发电量数据", ">= 0" },
	{ "power_price.double_kwh", "2 倍超标电量", "kWh at twice the limit", COL_REAL,
	  "千瓦时", "超标 2 倍以上小时的发电量", ">= 0" },
	{ "power_price.markup_fen_per_kwh", "环保电价", "markup", COL_REAL, "分/千瓦时",
	  "该污染物对应的环保电价标准", ">= 0" },
	{ "power_price.confiscated_yuan", "没收金额", "confiscated", COL_REAL, "元",
	  "没收电量 × 环保电价，四舍五入到分；空表示电量未知", ">= 0" },
	{ "power_price.fine_ceiling_yuan", "罚款上限", "fine ceiling", COL_REAL, "元",
	  "2 倍超标电量 × 环保电价 × 5", ">= 0" },
	{ "power_price.ultra_low_hours", "超过超低限值小时数", "ultra-low hours", COL_INT,
	  "小时", "有效小时均值高于超低排放限值的小时数", ">= 0" },
	{ "power_price.bonus_hours", "没收超低电价小时数", "bonus hours", COL_INT,
	  "小时", "超低排放电价被没收的小时数（同一小时只计一次）", ">= 0" },
	{ "power_price.bonus_kwh", "超低电价没收电量", "bonus kWh", COL_REAL, "千瓦时",
	  "没收超低排放电价小时的发电量", ">= 0" },
	{ "power_price.bonus_fen_per_kwh", "超低排放电价", "ultra-low bonus", COL_REAL,
	  "分/千瓦时", "机组适用的超低排放电价；空表示非超低机组或投运日期不明", ">= 0" },
	{ "power_price.bonus_confiscated_yuan", "超低电价没收金额", "bonus confiscated",
	  COL_REAL, "元", "超低电价没收电量 × 超低排放电价", ">= 0" },
	{ "power_price.generation", "发电量数据", "generation data", COL_CODE, NULL,
	  "当月发电量数据是否完整", "complete 完整, partial 不全, missing 缺失" },
	{ "power_price.note", "说明", "note", COL_TEXT, NULL, "缺失数据等说明", NULL },
	{ "power_price_summary.units", "机组数", "units", COL_INT, "台",
	  "结算的机组数", ">= 0" },
	{ "power_price_summary.exceed_hours", "超标小时数", "exceeding hours", COL_INT,
	  "小时", "各机组各污染物超标小时数合计", ">= 0" },
	{ "power_price_summary.double_hours", "超标 2 倍以上小时数",
	  "hours at twice the limit", COL_INT, "小时", "合计", ">= 0" },
	{ "power_price_summary.fault_hours", "故障或缺失小时数", "fault or missing hours",
	  COL_INT, "小时", "合计", ">= 0" },
	{ "power_price_summary.unknown_hours", "状态不明小时数", "hours not known",
	  COL_INT, "小时", "合计", ">= 0" },
	{ "power_price_summary.confiscated_yuan", "没收金额", "confiscated", COL_REAL,
	  "元", "电量已知的各行没收金额合计", ">= 0" },
	{ "power_price_summary.fine_ceiling_yuan", "罚款上限", "fine ceiling", COL_REAL,
	  "元", "合计", ">= 0" },
	{ "power_price_summary.bonus_confiscated_yuan", "超低电价没收金额",
	  "bonus confiscated", COL_REAL, "元", "合计", ">= 0" },
	{ "power_price_summary.rows_without_kwh", "缺电量行数", "rows without kWh",
	  COL_INT, "行", "因缺少发电量未计算金额的行数", ">= 0" },
	/* system-wide monitoring gaps (docs/operation.md) */
	{ "monitoring_gaps.day", "日期", "day", COL_DATE, NULL,
	  "全系统监测缺失日（当日不评判有效传输率）", "YYYY-MM-DD" },
	{ "monitoring_gaps.monitored_outlets", "监测排放口数", "monitored outlets",
	  COL_INT, "个", "当日应有数据的排放口数", ">= 0" },
	{ "monitoring_gaps.reporting_outlets", "上报排放口数", "reporting outlets",
	  COL_INT, "个", "当日上报了小时数据的排放口数", ">= 0" },
	{ "monitoring_gaps.gap_pct", "缺失判定比例", "gap threshold", COL_REAL, "%",
	  "上报比例低于此值即为全系统缺失日（monitoring.gap_pct）", "0–100" },

	{ "uscc", "统一社会信用代码", "unified social credit code", COL_ID, NULL,
	  "企业的统一社会信用代码（GB 32100-2015），18 位；作为文本保存，不得当作数字",
	  "18 位数字或大写字母" },
	{ "name", "企业名称", "enterprise name", COL_TEXT, NULL,
	  "企业登记名称", NULL },
	{ "outlet", "排放口编号", "outlet code", COL_ID, NULL,
	  "排污许可证登记的排放口编号（如 DA001 废气、DW001 废水）", NULL },
	{ "pollutant", "污染物代码", "pollutant code", COL_CODE, NULL,
	  "HJ 212-2017 / HJ 525 污染物编码，见“污染物代码”代码表", "见代码表" },
	{ "month", "月份", "month", COL_MONTH, NULL, "统计月份", "YYYY-MM" },
	{ "mean_conc", "月均浓度", "mean concentration", COL_REAL, "mg/m³ 或 mg/L",
	  "该月有效小时均值的平均浓度（废气 mg/m³，废水 mg/L）", ">= 0" },
	{ "standard", "排放标准限值", "standard", COL_REAL, "mg/m³ 或 mg/L",
	  "许可证载明的排放浓度限值", "> 0" },
	{ "valid_hours", "有效小时数", "valid hours", COL_INT, "小时",
	  "该月有效监测小时数", ">= 0" },
	{ "exceed_hours", "超标小时数", "exceeding hours", COL_INT, "小时",
	  "该月小时均值超过限值的小时数", ">= 0" },
	{ "tax_rate_pct", "适用税额比例", "tax rate", COL_INT, "%",
	  "按《环境保护税法》第十三条适用的应纳税额比例：100 全额，75 减按 75%，50 减按 50%",
	  "50, 75, 100" },
	{ "basis", "依据", "basis", COL_TEXT, NULL,
	  "决定所依据的规则编号（空格分隔），含义见“规则”代码表", "规则编号" },
	{ "score", "信用分", "score", COL_INT, "分",
	  "环保信用评价动态分（满分 12 分，首次评价 9 分）", "<= 12" },
	{ "colour", "信用等级颜色", "colour", COL_CODE, NULL,
	  "环保信用评价结果", COLOURS },
	{ "previous_colour", "上次颜色", "previous colour", COL_CODE, NULL,
	  "上一次评价的颜色", COLOURS },
	{ "changed_on", "变化日期", "changed on", COL_DATE, NULL,
	  "颜色最近一次变化的日期", "YYYY-MM-DD" },
	{ "override", "人工调整颜色", "override colour", COL_CODE, NULL,
	  "复议、修复等人工调整后的颜色，空表示无调整", COLOURS },
	{ "override_reason", "调整原因", "override reason", COL_TEXT, NULL,
	  "人工调整的原因", NULL },
	{ "override_by", "调整人", "override by", COL_TEXT, NULL,
	  "作出人工调整的人员", NULL },
	{ "rule_set", "规则集", "rule set", COL_TEXT, NULL,
	  "评价所用规则集的编号和版本", NULL },
	{ "category", "事件类别", "event category", COL_CODE, NULL,
	  "信用事件类别代码", "见代码表" },
	{ "events", "事件数", "events", COL_INT, "件", "事件数", ">= 1" },
	{ "fine_wan", "罚款金额", "fine", COL_REAL, "万元",
	  "罚款合计", ">= 0" },
	{ "first_date", "最早日期", "first date", COL_DATE, NULL,
	  "最早一次事件的日期", "YYYY-MM-DD" },
	{ "last_date", "最近日期", "last date", COL_DATE, NULL,
	  "最近一次事件的日期", "YYYY-MM-DD" },
	{ "permit_no", "排污许可证编号", "permit number", COL_ID, NULL,
	  "排污许可证编号；作为文本保存", NULL },
	{ "town", "所在区镇", "town", COL_TEXT, NULL, "企业所在区、镇（街道）", NULL },
	{ "status", "状态", "status", COL_CODE, NULL, "状态", NULL },
	{ "valid_from", "有效期起", "valid from", COL_DATE, NULL,
	  "有效期开始日期（含）", "YYYY-MM-DD" },
	{ "valid_to", "有效期止", "valid to", COL_DATE, NULL,
	  "有效期结束日期（含）", "YYYY-MM-DD" },
	{ "industry", "行业", "industry", COL_TEXT, NULL,
	  "行业名称或国民经济行业分类（GB/T 4754-2017）代码", NULL },
	{ "class", "管理类别", "permit class", COL_CODE, NULL,
	  "排污许可管理类别", "key 重点管理, simplified 简化管理, registration 登记管理" },
	{ "grade", "绩效等级", "performance grade", COL_CODE, NULL,
	  "重污染天气应急减排绩效分级", GRADES },
	{ "bank_guidance", "信贷建议", "bank guidance", COL_TEXT, NULL,
	  "绿色信贷建议（规则集文字，按颜色）", NULL },
	{ "reasons", "原因", "reasons", COL_TEXT, NULL,
	  "当前有效的扣分事件：分值、类别、日期、事件编号", NULL },
	{ "from_colour", "原颜色", "from colour", COL_CODE, NULL, "变化前颜色", COLOURS },
	{ "to_colour", "新颜色", "to colour", COL_CODE, NULL, "变化后颜色", COLOURS },
	{ "cause", "变化原因", "cause", COL_TEXT, NULL,
	  "颜色变化的原因（分值变化、处罚、人工调整等）", NULL },
	{ "snapshot_date", "评价快照日", "snapshot date", COL_DATE, NULL,
	  "差别电价、水价所依据的评价结果日期（6 月 30 日、12 月 31 日）", "YYYY-MM-DD" },
	{ "electricity_yuan_per_kwh", "电价加价", "electricity surcharge", COL_REAL,
	  "元/千瓦时", "执行的差别电价加价标准", ">= 0" },
	{ "sewage_yuan_per_m3", "污水处理费加价", "sewage surcharge", COL_REAL,
	  "元/立方米", "执行的污水处理费加价标准", ">= 0" },
	{ "applies_from", "执行起", "applies from", COL_DATE, NULL,
	  "加价执行开始日期", "YYYY-MM-DD" },
	{ "applies_to", "执行止", "applies to", COL_DATE, NULL,
	  "加价执行结束日期", "YYYY-MM-DD" },
	{ "measure", "措施", "measure", COL_TEXT, NULL,
	  "应执行的管控措施（规则集文字）", NULL },
	{ "revoked_on", "撤销日期", "revoked on", COL_DATE, NULL,
	  "撤销豁免的日期", "YYYY-MM-DD" },
	{ "reason", "撤销原因", "reason", COL_TEXT, NULL, "撤销豁免的原因", NULL },
	{ "barred_until", "不得申请至", "barred until", COL_DATE, NULL,
	  "在此日期前不得再次申请豁免", "YYYY-MM-DD" },
	{ "alert", "预警级别", "alert level", COL_CODE, NULL,
	  "重污染天气预警级别", "yellow 黄色, orange 橙色, red 红色" },
	{ "required_reduction_pct", "减排比例", "required reduction", COL_REAL, "%",
	  "应急期间要求的减排比例；空表示停产或自主减排（见措施）", "0–100" },
	{ "period_from", "错峰起", "period from", COL_DATE, NULL,
	  "错峰生产开始日期", "YYYY-MM-DD" },
	{ "period_to", "错峰止", "period to", COL_DATE, NULL,
	  "错峰生产结束日期", "YYYY-MM-DD" },
	{ "limit_pct", "限产比例", "production limit", COL_REAL, "%",
	  "错峰期间限产比例；100 表示停产", "0–100" },
	{ "run_id", "运行编号", "run id", COL_ID, NULL,
	  "业务日期加序号，如 2026-11-28.1", NULL },
	{ "kind", "数据类别", "kind", COL_CODE, NULL, "导入文件的类别",
	  "permits 排污许可, penalties 行政处罚, monitoring 在线监测" },
	{ "source_file", "源文件", "source file", COL_TEXT, NULL, "导入的文件路径", NULL },
	{ "read", "读取记录数", "read", COL_INT, "条", "读取的记录数", ">= 0" },
	{ "stored", "入库记录数", "stored", COL_INT, "条", "入库的记录数", ">= 0" },
	{ "duplicate", "重复记录数", "duplicate", COL_INT, "条", "重复的记录数", ">= 0" },
	{ "quarantined", "隔离记录数", "quarantined", COL_INT, "条",
	  "因数据错误被隔离的记录数", ">= 0" },
	{ "field", "出错字段", "field", COL_TEXT, NULL, "被隔离记录的出错字段", NULL },
	{ "records", "记录数", "records", COL_INT, "条", "记录数", ">= 0" },
	{ "example_position", "示例位置", "example position", COL_TEXT, NULL,
	  "第一条被隔离记录的位置（行号或报文序号）", NULL },
	{ "example_reason", "示例原因", "example reason", COL_TEXT, NULL,
	  "第一条被隔离记录的原因", NULL },
	{ "command", "命令", "command", COL_TEXT, NULL, "运行的命令", NULL },
	{ "run_state", "运行状态", "run state", COL_CODE, NULL, "运行的状态",
	  "started, completed, failed" },
	{ "step", "步骤", "step", COL_TEXT, NULL, "运行步骤", NULL },
	{ "counts", "计数", "counts", COL_TEXT, NULL, "步骤的计数（JSON）", NULL },
	{ "message", "说明", "message", COL_TEXT, NULL, "步骤的说明或错误", NULL },
};

const struct col_doc *dict_column(const char *table, const char *column)
{
	static struct col_doc unknown = { NULL, NULL, NULL, COL_TEXT, NULL,
					  "（未登记的列）", NULL };
	size_t tn = strlen(table);

	for (size_t i = 0; i < ARRAY_SIZE(cols); i++) {
		const char *n = cols[i].name, *dot = strchr(n, '.');

		if (dot && ((size_t)(dot - n) != tn || strncmp(n, table, tn) ||
			    strcmp(dot + 1, column)))
			continue;
		if (!dot && strcmp(n, column))
			continue;
		return &cols[i];
	}
	unknown.name = unknown.zh = unknown.en = column;
	return &unknown;
}

const char *dict_type_zh(enum col_type t)
{
	static const char *const n[] = { "文本", "标识符（文本）", "代码", "日期",
					 "年月", "整数", "数值" };
	return n[t];
}

void dict_header(struct strbuf *sb, const struct col_doc *d, enum header_lang lang)
{
	const char *base = strchr(d->name, '.') ? strchr(d->name, '.') + 1 : d->name;

	if (lang != HEADER_EN) {
		strbuf_addstr(sb, d->zh);
		if (d->unit)
			strbuf_addf(sb, "（%s）", d->unit);
	}
	if (lang == HEADER_BOTH)
		strbuf_addch(sb, ' ');
	if (lang != HEADER_ZH)
		strbuf_addstr(sb, base);
}

static const struct code_doc pollutants[] = {
	{ "a21026", "二氧化硫 SO₂", "废气，mg/m³" },
	{ "a21002", "氮氧化物 NOx", "废气，mg/m³" },
	{ "a34013", "颗粒物（烟尘）", "废气，mg/m³" },
	{ "a24088", "非甲烷总烃", "废气，mg/m³" },
	{ "a21005", "一氧化碳 CO", "废气，mg/m³" },
	{ "a21001", "氨（氨气）NH₃", "废气，mg/m³" },
	{ "a19001", "氧气含量 O₂", "废气，%" },
	{ "a00000", "废气流量", "废气，m³/s" },
	{ "w01018", "化学需氧量 COD", "废水，mg/L" },
	{ "w21003", "氨氮 NH₃-N", "废水，mg/L" },
	{ "w21011", "总磷（以 P 计）", "废水，mg/L" },
	{ "w21001", "总氮（以 N 计）", "废水，mg/L" },
	{ "w01001", "pH 值", "废水，无量纲" },
	{ "w00000", "废水流量", "废水，L/s" },
	{ NULL, NULL, NULL },
};

static const struct code_doc colours[] = {
	{ "green", "绿色", "环保诚信企业（11–12 分）" },
	{ "blue", "蓝色", "环保良好企业（6–10 分）" },
	{ "yellow", "黄色", "环保警示企业（3–5 分）" },
	{ "red", "红色", "环保较重失信企业（1–2 分，或一票否决）" },
	{ "black", "黑色", "环保严重失信企业（0 分及以下）" },
	{ NULL, NULL, NULL },
};

static const struct code_doc grades[] = {
	{ "A", "A 级", "重污染天气应急减排绩效 A 级" },
	{ "B", "B 级", "绩效 B 级" },
	{ "B-", "B- 级", "绩效 B- 级" },
	{ "C", "C 级", "绩效 C 级" },
	{ "D", "D 级", "绩效 D 级" },
	{ "leading", "领跑", "行业绩效引领性企业（无分级行业）" },
	{ "non-leading", "非领跑", "无分级行业的非引领性企业" },
	{ "none", "未评级", "未开展绩效分级" },
	{ NULL, NULL, NULL },
};

static const struct code_doc alerts[] = {
	{ "yellow", "黄色预警", "重污染天气黄色预警" },
	{ "orange", "橙色预警", "重污染天气橙色预警" },
	{ "red", "红色预警", "重污染天气红色预警" },
	{ NULL, NULL, NULL },
};

static const struct code_doc classes[] = {
	{ "key", "重点管理", "排污许可重点管理" },
	{ "simplified", "简化管理", "排污许可简化管理" },
	{ "registration", "登记管理", "排污登记" },
	{ NULL, NULL, NULL },
};

const struct code_list dict_code_lists[] = {
	{ "污染物代码（HJ 212-2017 / HJ 525）", "pollutant", pollutants },
	{ "信用等级颜色", "colour", colours },
	{ "绩效等级", "grade", grades },
	{ "预警级别", "alert", alerts },
	{ "排污许可管理类别", "class", classes },
};
const size_t dict_code_lists_count = ARRAY_SIZE(dict_code_lists);

const char *dict_code_zh(const char *list_en, const char *code)
{
	for (size_t i = 0; i < dict_code_lists_count; i++) {
		if (strcmp(dict_code_lists[i].en, list_en))
			continue;
		for (const struct code_doc *c = dict_code_lists[i].codes; c->code; c++)
			if (!strcmp(c->code, code))
				return c->zh;
	}
	return NULL;
}

static const struct {
	const char *table, *zh, *en;
} files[] = {
	{ "tax", "环境保护税减免清单：按企业、排放口、污染物和月份的月均浓度与适用税额比例",
	  "environmental protection tax reductions per enterprise, outlet, pollutant and month" },
	{ "ratings", "业务日期的环保信用评价结果", "the ratings on the business date" },
	{ "penalties", "截至业务日期的信用事件汇总（按企业和类别）",
	  "credit events up to the business date, per enterprise and category" },
	{ "permits", "业务日期有效的排污许可证", "permits in force on the business date" },
	{ "credit", "绿色信贷建议：颜色、建议和扣分原因",
	  "green-credit guidance: colour, guidance and reasons" },
	{ "rating_changes", "自本渠道上一个发布包以来的颜色变化",
	  "colour changes since the channel's previous package" },
	{ "pricing", "差别电价、水价加价清单", "differential electricity and water prices" },
	{ "exemptions", "重污染天气应急管控豁免企业名单", "emergency-control exemption list" },
	{ "revocations", "撤销豁免的企业", "revoked exemptions" },
	{ "emergency", "重污染天气应急减排清单（按预警级别）",
	  "emergency reduction list by alert level" },
	{ "staggered", "错峰生产清单", "staggered production list" },
	{ "imports", "业务日期各次运行导入的文件及计数",
	  "files imported by the runs of the business date, with counts" },
	{ "quarantine", "被隔离记录汇总（按文件和字段，附第一条示例）",
	  "quarantined records per file and field, with the first as example" },
	{ "runs", "业务日期的运行台账", "the run ledger of the business date" },
};

const char *dict_file_zh(const char *table)
{
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		if (!strcmp(files[i].table, table))
			return files[i].zh;
	return "";
}

const char *dict_file_en(const char *table)
{
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		if (!strcmp(files[i].table, table))
			return files[i].en;
	return "";
}

int dict_needs_neutralising(const char *s)
{
	return *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' ||
	       *s == '\r';
}
