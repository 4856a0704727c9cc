#include "core/common.h"
#include "core/evtype.h"

const struct evtype evtypes[] = {
	{ "warning", "警告", NULL, EVTYPE_PENALTY },
	{ "order-correct", "责令改正", "责令改正违法行为", EVTYPE_PENALTY },
	{ "fine", "罚款", NULL, EVTYPE_PENALTY },
	{ "daily-fine", "按日连续处罚", "按日计罚", EVTYPE_PENALTY },
	{ "limit-production", "责令限制生产", "限制生产", EVTYPE_PENALTY },
	{ "seal-seize", "查封扣押", "查封、扣押", EVTYPE_PENALTY },
	{ "suspend-production", "责令停产整治", "停产整治", EVTYPE_PENALTY },
	{ "court-enforcement", "申请法院强制执行", "申请人民法院强制执行", EVTYPE_PENALTY },
	{ "revoke-permit", "吊销许可证", "吊销排污许可证", EVTYPE_PENALTY },
	{ "detention", "移送行政拘留", "行政拘留", EVTYPE_PENALTY },
	{ "crime", "移送涉嫌环境犯罪", "涉嫌环境犯罪|环境犯罪", EVTYPE_PENALTY },
	{ "emergency-noncompliance", "重污染天气响应不力", NULL, EVTYPE_PENALTY },
	{ "unapproved-construction", "未批先建", "未依法报批环境影响评价文件擅自开工建设", EVTYPE_PENALTY },
	{ "bypass", "私设暗管", "旁路|私设暗管或旁路|通过暗管、渗井、渗坑排放", EVTYPE_PENALTY },
	{ "hazardous-waste", "非法处置危险废物", "危险废物非法处置", EVTYPE_PENALTY },
	{ "cap-exceeded", "超总量排放", "超过重点污染物排放总量控制指标", EVTYPE_PENALTY },
	{ "no-acceptance", "未验收投产", "污染防治设施未建成或未验收即投入生产", EVTYPE_PENALTY },
	{ "major-change", "重大变动未重新环评", "重大变动未重新报批环评", EVTYPE_PENALTY },
	{ "false-record", "弄虚作假", "监测数据弄虚作假|篡改伪造监测数据", EVTYPE_PENALTY },
	{ "incident", "一般突发环境事件", "突发环境事件", EVTYPE_INCIDENT },
	{ "commitment", "信用承诺", NULL, EVTYPE_POSITIVE },
	{ "commendation", "表彰奖励", "表彰", EVTYPE_POSITIVE },
	{ "monitoring-exceedance", "在线监测超标", NULL, EVTYPE_MONITORING },
	{ "monitoring-transmission", "在线监测有效传输率不足", NULL, EVTYPE_MONITORING },
};
const int evtypes_count = (int)ARRAY_SIZE(evtypes);

static int alias_match(const char *aliases, const char *name)
{
	size_t n = strlen(name);

	while (aliases && *aliases) {
		const char *bar = strchr(aliases, '|');
		size_t len = bar ? (size_t)(bar - aliases) : strlen(aliases);

		if (len == n && !memcmp(aliases, name, n))
			return 1;
		aliases = bar ? bar + 1 : NULL;
	}
	return 0;
}

const struct evtype *evtype_by_code(const char *code)
{
	for (int i = 0; i < evtypes_count; i++)
		if (!strcmp(evtypes[i].code, code))
			return &evtypes[i];
	return NULL;
}

const struct evtype *evtype_lookup(const char *name)
{
	const struct evtype *t = evtype_by_code(name);

	if (t)
		return t;
	for (int i = 0; i < evtypes_count; i++)
		if (!strcmp(evtypes[i].zh, name) || alias_match(evtypes[i].aliases, name))
			return &evtypes[i];
	return NULL;
}
