#include "core/common.h"
#include "core/date.h"
#include "core/uscc.h"
#include "synth/synthInt.h"

/*
 * The city model: random streams, Haimen's towns, the industry mix and
 * enterprise i as a pure function of (seed, i).
 */

/* ---- random numbers ---- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

uint64_t synth_hash(uint64_t seed, uint32_t tag, uint64_t a, uint64_t b)
{
	uint64_t x = seed ^ ((uint64_t)tag << 56);
	uint64_t h = splitmix64(&x);

	x = h ^ a;
	h = splitmix64(&x);
	x = h ^ (b * 0xD1B54A32D192ED03ULL);
	return splitmix64(&x);
}

void synth_rng_init(struct synth_rng *r, uint64_t seed, uint32_t tag,
		    uint64_t a, uint64_t b)
{
	uint64_t x = synth_hash(seed, tag, a, b);

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t synth_rng_next(struct synth_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t synth_rng_below(struct synth_rng *r, uint64_t n)
{
	/* the bias of a plain modulo is below 2^-40 for our n: fine here */
	return synth_rng_next(r) % n;
}

double synth_rng_unit(struct synth_rng *r)
{
	return (double)(synth_rng_next(r) >> 11) * 0x1.0p-53;
}

/* ---- towns and industries ---- */

/* Haimen's streets, towns and parks (the seed's 区镇), with weights. */
static const struct {
	const char *name;
	int weight;
} towns[] = {
	{ "海门街道", 12 }, { "三厂街道", 10 }, { "滨江街道", 7 },
	{ "临江镇", 9 }, { "三星镇", 10 }, { "常乐镇", 8 },
	{ "悦来镇", 6 }, { "正余镇", 5 }, { "包场镇", 5 },
	{ "余东镇", 5 }, { "四甲镇", 6 }, { "海门港新区", 6 },
	{ "海门工业园区", 8 }, { "海门经济技术开发区", 9 },
};

/* Limit sets (mg/m3 for air, mg/L for water); ultra-low per docs/linkage.md. */
enum { L_NONE = -1, L_POWER, L_STEEL, L_CEMENT, L_GLASS, L_FOUNDRY, L_VOC,
       L_DYEING, L_PLATING, L_SEWAGE, L_AIR, L_WATER, L_COUNT };
static const struct limit_set {
	int n;
	struct synth_limit l[4];
} limit_sets[L_COUNT] = {
	[L_POWER] = { 3, { { "a21026", 50, 35, 0 }, { "a21002", 100, 50, 0 },
			   { "a34013", 20, 10, 0 } } },
	[L_STEEL] = { 3, { { "a21026", 180, 35, 0 }, { "a21002", 300, 50, 0 },
			   { "a34013", 40, 10, 0 } } },
	[L_CEMENT] = { 3, { { "a34013", 20, 0, 0 }, { "a21026", 100, 0, 0 },
			    { "a21002", 320, 0, 0 } } },
	[L_GLASS] = { 3, { { "a34013", 30, 0, 0 }, { "a21026", 400, 0, 0 },
			   { "a21002", 700, 0, 0 } } },
	[L_FOUNDRY] = { 2, { { "a34013", 30, 0, 0 }, { "a21002", 300, 0, 0 } } },
	[L_VOC] = { 2, { { "a24088", 60, 0, 0 }, { "a34013", 20, 0, 0 } } },
	[L_DYEING] = { 4, { { "w01018", 200, 0, 0 }, { "w21003", 20, 0, 0 },
			    { "w21001", 30, 0, 0 }, { "w21011", 1.5, 0, 0 } } },
	[L_PLATING] = { 4, { { "w01018", 80, 0, 0 }, { "w21003", 15, 0, 0 },
			     { "w21001", 20, 0, 0 }, { "w21011", 1, 0, 0 } } },
	[L_SEWAGE] = { 4, { { "w01018", 50, 0, 0 }, { "w21003", 5, 0, 0 },
			    { "w21001", 15, 0, 0 }, { "w21011", 0.5, 0, 0 } } },
	[L_AIR] = { 2, { { "a34013", 20, 0, 0 }, { "a24088", 60, 0, 0 } } },
	[L_WATER] = { 2, { { "w01018", 500, 0, 0 }, { "w21003", 45, 0, 0 } } },
};

/* GB/T 4754-2017 codes; weights are per mille of enterprises (general)
 * and of monitored enterprises; the key flag follows 环办大气函〔2020〕340号. */
static const struct industry_row {
	struct synth_industry ind;
	int air, water;
} industries[] = {
	{ { "D4411", "火力发电", "热电", 1, 4, 90, PROFILE_AIR, 1, 0 }, L_POWER, L_NONE },
	{ { "D4430", "热力生产和供应", "热力", 0, 6, 50, PROFILE_AIR, 1, 0 }, L_POWER, L_NONE },
	{ { "C3120", "炼钢", "钢铁", 1, 3, 40, PROFILE_AIR, 1, 0 }, L_STEEL, L_NONE },
	{ { "C3130", "钢压延加工", "金属材料", 1, 8, 25, PROFILE_AIR, 0, 0 }, L_FOUNDRY, L_NONE },
	{ { "C3011", "水泥制造", "水泥", 1, 4, 45, PROFILE_AIR, 0, 0 }, L_CEMENT, L_NONE },
	{ { "C3041", "平板玻璃制造", "玻璃", 1, 3, 25, PROFILE_AIR, 0, 0 }, L_GLASS, L_NONE },
	{ { "C3391", "黑色金属铸造", "铸造", 1, 25, 45, PROFILE_AIR, 0, 0 }, L_FOUNDRY, L_NONE },
	{ { "C2614", "有机化学原料制造", "化工", 1, 20, 90, PROFILE_BOTH, 0, 0 }, L_VOC, L_WATER },
	{ { "C2631", "化学农药制造", "农化", 1, 6, 30, PROFILE_BOTH, 0, 0 }, L_VOC, L_WATER },
	{ { "C2641", "涂料制造", "涂料", 1, 10, 30, PROFILE_AIR, 0, 0 }, L_VOC, L_NONE },
	{ { "C2662", "专项化学用品制造", "精细化工", 1, 10, 30, PROFILE_BOTH, 0, 0 }, L_VOC, L_WATER },
	{ { "C1711", "棉纺纱加工", "纺织", 0, 60, 5, PROFILE_AIR, 0, 0 }, L_AIR, L_NONE },
	{ { "C1713", "棉印染精加工", "印染", 0, 25, 90, PROFILE_WATER, 0, 0 }, L_AIR, L_DYEING },
	{ { "C1752", "化纤织物染整精加工", "染整", 0, 15, 50, PROFILE_WATER, 0, 0 }, L_AIR, L_DYEING },
	{ { "C1762", "针织或钩针编织物印染精加工", "针织印染", 0, 10, 30, PROFILE_WATER, 0, 0 }, L_AIR, L_DYEING },
	{ { "C1771", "床上用品制造", "家纺", 0, 220, 0, PROFILE_AIR, 0, 0 }, L_AIR, L_NONE },
	{ { "C1810", "机织服装制造", "服饰", 0, 80, 0, PROFILE_AIR, 0, 0 }, L_AIR, L_NONE },
	{ { "C2710", "化学药品原料药制造", "制药", 1, 8, 40, PROFILE_BOTH, 0, 0 }, L_VOC, L_WATER },
	{ { "C2720", "化学药品制剂制造", "药业", 1, 8, 15, PROFILE_BOTH, 0, 0 }, L_VOC, L_WATER },
	{ { "C2761", "生物药品制造", "生物", 1, 6, 15, PROFILE_WATER, 0, 0 }, L_VOC, L_WATER },
	{ { "C3360", "金属表面处理及热处理加工", "电镀", 1, 15, 45, PROFILE_WATER, 0, 0 }, L_AIR, L_PLATING },
	{ { "C2319", "包装装潢及其他印刷", "包装印刷", 1, 35, 20, PROFILE_AIR, 0, 0 }, L_VOC, L_NONE },
	{ { "C2110", "木质家具制造", "家具", 1, 40, 15, PROFILE_AIR, 0, 0 }, L_VOC, L_NONE },
	{ { "C2130", "金属家具制造", "家具", 1, 20, 5, PROFILE_AIR, 0, 0 }, L_VOC, L_NONE },
	{ { "C2922", "塑料板、管、型材制造", "塑业", 0, 60, 5, PROFILE_AIR, 0, 0 }, L_AIR, L_NONE },
	{ { "C3311", "金属结构制造", "钢结构", 0, 90, 5, PROFILE_AIR, 0, 0 }, L_AIR, L_NONE },
	{ { "C3670", "汽车零部件及配件制造", "汽车配件", 1, 70, 10, PROFILE_AIR, 0, 0 }, L_VOC, L_NONE },
	{ { "C3442", "泵及真空设备制造", "机械", 0, 150, 0, PROFILE_AIR, 0, 0 }, L_AIR, L_NONE },
	{ { "C1330", "饲料加工", "饲料", 0, 30, 0, PROFILE_AIR, 0, 0 }, L_AIR, L_NONE },
	{ { "D4620", "污水处理及其再生利用", "水务", 0, 3, 120, PROFILE_WATER, 0, 0 }, L_NONE, L_SEWAGE },
};

static const char first_chars[][4] = {
	"华", "恒", "鑫", "宏", "瑞", "海", "东", "新", "永", "金", "天",
	"盛", "嘉", "泰", "德", "明", "通", "利", "兴", "富", "龙", "安",
	"宝", "中", "长", "正", "佳", "欣", "源", "康", "江", "叠",
};
static const char second_chars[][4] = {
	"宇", "达", "信", "润", "丰", "昌", "发", "隆", "光", "辉", "诚",
	"成", "远", "力", "美", "祥", "和", "邦", "荣", "业", "茂", "益",
	"鸿", "锦", "腾", "越", "石", "桥",
};

static const char *const name_places[5] = { "海门市", "海门", "南通", "江苏",
					     "南通海门" };

static int pick_weighted_industry(struct synth_rng *r, int monitored)
{
	int total = 0, x;

	for (size_t i = 0; i < ARRAY_SIZE(industries); i++)
		total += monitored ? industries[i].ind.monitored_weight
				   : industries[i].ind.weight;
	x = (int)synth_rng_below(r, (uint64_t)total);
	for (size_t i = 0; i < ARRAY_SIZE(industries); i++) {
		x -= monitored ? industries[i].ind.monitored_weight
			       : industries[i].ind.weight;
		if (x < 0)
			return (int)i;
	}
	return 0;
}

static const char *pick_town(struct synth_rng *r)
{
	int total = 0, x;

	for (size_t i = 0; i < ARRAY_SIZE(towns); i++)
		total += towns[i].weight;
	x = (int)synth_rng_below(r, (uint64_t)total);
	for (size_t i = 0; i < ARRAY_SIZE(towns); i++) {
		x -= towns[i].weight;
		if (x < 0)
			return towns[i].name;
	}
	return towns[0].name;
}

/* ---- identifiers ---- */

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* GB 11714 organisation-code check character over 8 characters. */
static char org_check(const char *s8)
{
	static const int w[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0, c;

	for (int i = 0; i < 8; i++) {
		int v = s8[i] >= 'A' ? s8[i] - 'A' + 10 : s8[i] - '0';

		sum += v * w[i];
	}
	c = 11 - sum % 11;
	return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

/*
 * 18 characters: 9 (registered by market regulation) + 1 company / 2
 * individual business, the region, a 9-character organisation code, the
 * check character. The organisation code is a bijection of i (two styles:
 * old numeric codes and the post-2015 "MA" codes), so codes never repeat.
 */
static void make_uscc(const struct synth_city *c, long i, int individual,
		      char out[20])
{
	char org[10];
	uint64_t h = synth_hash(c->seed, TAG_ENTERPRISE, (uint64_t)i, 7), n;

	if (h % 5 < 2) { /* 7919 is prime to 10^8 and to 31^6: bijections */
		n = ((uint64_t)i * 7919ULL + 13570000ULL) % 100000000ULL;
		for (int k = 7; k >= 0; k--, n /= 10)
			org[k] = (char)('0' + n % 10);
	} else {
		n = ((uint64_t)i * 7919ULL + 4321ULL) % 887503681ULL;
		org[0] = 'M';
		org[1] = 'A';
		for (int k = 7; k >= 2; k--, n /= 31)
			org[k] = uscc_alphabet[n % 31];
	}
	org[8] = org_check(org);
	org[9] = '\0';
	snprintf(out, 20, "9%c%.6s%s", individual ? '2' : '1', c->region, org);
	out[17] = uscc_check_char(out);
	out[18] = '\0';
}

/* Deterministic, sparse: about 1 in 331 codes has a wrong check character. */
static int uscc_is_broken(long i)
{
	return i % 331 == 7;
}

/* ---- the model ---- */

void synth_city_init(struct synth_city *c, const struct synth_options *opt)
{
	memset(c, 0, sizeof(*c));
	c->seed = opt->seed;
	c->enterprises = opt->enterprises > 0 ? opt->enterprises : 1;
	c->outlets = opt->outlets > 0 ? opt->outlets : 0;
	if (c->outlets > c->enterprises * 6)
		c->outlets = c->enterprises * 6;
	c->monitored_ents = (c->outlets + 1) / 2;
	if (c->monitored_ents > c->enterprises)
		c->monitored_ents = c->enterprises;
	c->as_of = opt->as_of;
	c->days = opt->days > 0 ? opt->days : 1;
	c->region = opt->region ? opt->region : "320684";
}

void synth_monitored_range(const struct synth_city *c, long i, long *first,
			   long *count)
{
	long m = c->monitored_ents, q, rem;

	if (i >= m || m == 0) {
		*first = 0;
		*count = 0;
		return;
	}
	q = c->outlets / m;
	rem = c->outlets % m;
	*first = i * q + (i < rem ? i : rem);
	*count = q + (i < rem);
}

static void make_mn(const struct synth_city *c, long j, char out[48])
{
	uint64_t h = synth_hash(c->seed, TAG_OUTLET, (uint64_t)j, 1);

	switch (h % 20) {
	case 0: case 1: case 2: /* 20 characters */
		snprintf(out, 48, "A%.6sHB%011ld", c->region, j % 100000000000L);
		break;
	case 3: case 4: case 5: case 6: case 7: case 8: case 9: /* 24, hex */
		snprintf(out, 48, "010000A8900016F0%08X", (unsigned)j);
		break;
	default: /* 14 digits */
		snprintf(out, 48, "%.6s%08ld", c->region, j % 100000000L);
		break;
	}
}

/* Ultra-low emission limits (docs/linkage.md): SO2 35, NOx 50, particulate 10
 * mg/m3; other pollutants keep their permit limit. */
static double ultra_low_conc(const char *pollutant)
{
	return !strcmp(pollutant, "a21026") ? 35 : !strcmp(pollutant, "a21002") ? 50
	       : !strcmp(pollutant, "a34013") ? 10 : 0;
}

static void add_outlet(struct synth_ent *e, const struct industry_row *row,
		       int water, long mon_index, const struct synth_city *c,
		       struct synth_rng *r)
{
	struct synth_outlet *o = &e->outlets[e->noutlets];
	int set = water ? row->water : row->air, n = 0;

	if (set == L_NONE)
		set = water ? L_WATER : L_AIR;
	for (int k = 0; k < e->noutlets; k++)
		n += e->outlets[k].water == water;
	memset(o, 0, sizeof(*o));
	snprintf(o->code, sizeof(o->code), "D%c%03d", water ? 'W' : 'A', n + 1);
	o->water = water;
	o->monitored = mon_index >= 0;
	o->index = mon_index;
	if (o->monitored)
		make_mn(c, mon_index, o->mn);
	/* four in five power and steel air outlets have been retrofitted, and
	 * so have the plants of the enterprises that chose ultra-low */
	o->ultra_low = !water && (e->ultra_low || (row->ind.ultra_low &&
						     synth_rng_below(r, 5) < 4));
	o->nlimits = limit_sets[set].n;
	/* a thermal power plant's monitored chimney is a coal power unit; its
	 * commissioning date and size come from a hash (the shared random
	 * stream is left as it was, so the rest of the city does not move) */
	if (!water && o->monitored && !strcmp(row->ind.code, "D4411")) {
		uint64_t h = synth_hash(c->seed, TAG_OUTLET, (uint64_t)mon_index, 77);
		static const int mw[] = { 300, 330, 600, 660, 1000 };

		snprintf(o->unit, sizeof(o->unit), "%d号机组", n + 1);
		snprintf(o->commissioned, sizeof(o->commissioned), "%04d-%02d-%02d",
			 2004 + (int)(h % 19), 1 + (int)((h >> 8) % 12),
			 1 + (int)((h >> 16) % 28));
		o->capacity_mw = mw[(h >> 24) % ARRAY_SIZE(mw)];
	}
	for (int k = 0; k < o->nlimits; k++) {
		o->limits[k] = limit_sets[set].l[k];
		if (o->ultra_low && o->limits[k].ultra_low_conc == 0)
			o->limits[k].ultra_low_conc = ultra_low_conc(o->limits[k].pollutant);
		if (!o->ultra_low)
			o->limits[k].ultra_low_conc = 0;
		if (!strcmp(e->class_, "key") && k < 2)
			o->limits[k].annual_t =
				(double)(10 + synth_rng_below(r, 3000)) / 10.0;
	}
	e->noutlets++;
}

static const char *pick_grade(struct synth_rng *r, const struct synth_ent *e)
{
	unsigned x = (unsigned)synth_rng_below(r, 100);

	if (!strcmp(e->class_, "registration"))
		return "none";
	/* the large plants with online monitoring are graded better */
	if (e->ind->key_industry)
		return x < (e->monitored ? 20u : 6u) ? "A" : x < 24 ? "B" : x < 34 ? "B-"
			: x < 90 ? "C" : "D";
	return x < (e->monitored ? 12u : 4u) ? "leading" : x < 60 ? "non-leading" : "none";
}

void synth_enterprise(const struct synth_city *c, long i, struct synth_ent *e)
{
	struct synth_rng r;
	const struct industry_row *row;
	long first, count;
	int monitored = i < c->monitored_ents, individual, suffix;
	unsigned x;

	synth_rng_init(&r, c->seed, TAG_ENTERPRISE, (uint64_t)i, 0);
	memset(e, 0, sizeof(*e));
	e->index = i;
	row = &industries[pick_weighted_industry(&r, monitored)];
	e->ind = &row->ind;
	e->town = pick_town(&r);
	x = (unsigned)synth_rng_below(&r, 100);
	if (monitored)
		e->class_ = "key";
	else if (e->ind->key_industry)
		e->class_ = x < 20 ? "key" : x < 75 ? "simplified" : "registration";
	else
		e->class_ = x < 4 ? "key" : x < 45 ? "simplified" : "registration";
	individual = !monitored && !strcmp(e->class_, "registration") &&
		     synth_rng_below(&r, 4) == 0;

	make_uscc(c, i, individual, e->uscc);
	e->uscc_ok = !uscc_is_broken(i);
	if (!e->uscc_ok) /* a typo in the registry: the next character */
		e->uscc[17] = uscc_alphabet[(strchr(uscc_alphabet, e->uscc[17]) -
					     uscc_alphabet + 1) % 31];

	suffix = (int)synth_rng_below(&r, 20);
	snprintf(e->name, sizeof(e->name), "%s%s%s%s%s",
		 individual ? "海门市" : name_places[synth_rng_below(&r, 5)],
		 first_chars[synth_rng_below(&r, ARRAY_SIZE(first_chars))],
		 second_chars[synth_rng_below(&r, ARRAY_SIZE(second_chars))],
		 e->ind->word,
		 individual ? "加工厂" : suffix < 2 ? "股份有限公司" :
		 suffix < 3 ? "有限责任公司" : "有限公司");

	e->monitored = monitored;
	e->grade = pick_grade(&r, e);
	/* most grade A and leading enterprises run ultra-low plants (every
	 * air outlet retrofitted, with ultra-low limits in the permit) */
	e->ultra_low = (!strcmp(e->grade, "A") || !strcmp(e->grade, "leading")) &&
		       synth_rng_below(&r, 10) < 8;
	if (!strcmp(e->ind->code, "D4411") || !strcmp(e->ind->code, "D4430") ||
	    !strcmp(e->ind->code, "D4620"))
		e->guarantee = synth_rng_below(&r, 10) < 7;
	else if (e->ind->code[1] == '2' && e->ind->code[2] == '7')
		e->guarantee = synth_rng_below(&r, 5) == 0;
	else
		e->guarantee = synth_rng_below(&r, 50) == 0;

	/* five-year permits issued over the last five years and a bit, so
	 * that about one in thirty has lapsed on the business date */
	e->issued = c->as_of - 30 - (int)synth_rng_below(&r, 5 * 365 + 60);
	e->valid_from = e->issued;
	e->valid_to = date_add_months(e->issued, 60) - 1;
	e->second_permit = !strcmp(e->class_, "key") && synth_rng_below(&r, 40) == 0 &&
			   !e->ultra_low;

	synth_monitored_range(c, i, &first, &count);
	for (long k = 0; k < count && e->noutlets < SYNTH_MAX_OUTLETS; k++) {
		int water = e->ind->profile == PROFILE_WATER ||
			    (e->ind->profile == PROFILE_BOTH && k % 2 == 1);

		add_outlet(e, row, water, first + k, c, &r);
	}
	if (strcmp(e->class_, "registration")) {
		int extra = (int)synth_rng_below(&r, !strcmp(e->class_, "key") ? 3 : 2) +
			    (count == 0);

		for (int k = 0; k < extra && e->noutlets < SYNTH_MAX_OUTLETS; k++) {
			int water = e->ind->profile == PROFILE_WATER && k == 0;

			/* an ultra-low plant with online monitoring monitors
			 * every air outlet */
			if (!water && e->ultra_low && count > 0)
				continue;
			add_outlet(e, row, water, -1, c, &r);
		}
	}
}
