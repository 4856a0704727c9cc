#include "core/common.h"
#include "core/date.h"
#include "core/xml.h"
#include "rules/power.h"

/*
 * <power-price> (rules/power.xsd). The schema fixes the shapes; here the
 * figures become exact integers and the rules a schema cannot state are
 * checked: one markup per pollutant, bonus dates strictly increasing with
 * exactly the last one open-ended, no flag both a fault and a stop.
 */

static int bad(xmlNodePtr n, struct strbuf *err, const char *fmt, const char *what)
{
	ec_error(err, EC_CONFIG, "line %ld: power-price: ", xmlGetLineNo(n));
	strbuf_addf(err, fmt, what);
	return EC_CONFIG;
}

/* A decimal with at most two decimals, scaled by 100. */
long long power_parse_centi(const char *s, int *ok)
{
	long long v = 0;
	int frac = -1, nd = 0;

	*ok = 0;
	if (!s)
		return 0;
	while (*s == ' ')
		s++;
	for (; *s && *s != ' '; s++) {
		if (*s == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || (frac >= 0 && ++frac > 2) || v > 1000000000LL)
			return 0;
		v = v * 10 + (*s - '0');
		nd++;
	}
	if (!nd)
		return 0;
	for (int k = frac < 0 ? 0 : frac; k < 2; k++)
		v *= 10;
	*ok = 1;
	return v;
}

static void copy_attr(xmlNodePtr n, const char *name, char *out, size_t size)
{
	char *v = xml_attr(n, name);

	snprintf(out, size, "%s", v ? v : "");
	free(v);
}

static int centi_attr(xmlNodePtr n, const char *name, long long *out,
		      struct strbuf *err)
{
	char *v = xml_attr(n, name);
	int ok;

	*out = power_parse_centi(v, &ok);
	free(v);
	return ok ? 0 : bad(n, err, "%s is not a decimal with at most two decimals", name);
}

static void flags_attr(xmlNodePtr n, char *out, size_t size)
{
	char *v = xml_attr(n, "flags");
	size_t k = 0;

	for (const char *s = v ? v : ""; *s && k + 1 < size; s++)
		if (*s >= 'A' && *s <= 'Z' && !strchr(out, *s))
			out[k++] = *s, out[k] = '\0';
	out[k] = '\0';
	free(v);
}

static int parse_markup(xmlNodePtr c, struct power_params *p, struct strbuf *err)
{
	struct power_markup *m;
	char *v;

	if (p->nmarkup >= POWER_MAX_MARKUPS)
		return bad(c, err, "more than %s markups", "8");
	m = &p->markup[p->nmarkup++];
	copy_attr(c, "id", m->id, sizeof(m->id));
	copy_attr(c, "pollutant", m->pollutant, sizeof(m->pollutant));
	copy_attr(c, "control", m->control, sizeof(m->control));
	for (int i = 0; i < p->nmarkup - 1; i++)
		if (!strcmp(p->markup[i].pollutant, m->pollutant))
			return bad(c, err, "pollutant %s has two markups", m->pollutant);
	v = xml_attr(c, "ultra-low-conc");
	m->ultra_low_conc = v ? strtod(v, NULL) : 0;
	free(v);
	return centi_attr(c, "fen-per-kwh", &m->centifen, err);
}

static int parse_bonus(xmlNodePtr c, struct power_params *p, struct strbuf *err)
{
	struct power_bonus *b;
	int day, prev;

	if (p->nbonus >= POWER_MAX_BONUSES)
		return bad(c, err, "more than %s bonuses", "8");
	if (p->nbonus && !p->bonus[p->nbonus - 1].before[0])
		return bad(c, err, "%s after the open-ended bonus", "a bonus");
	b = &p->bonus[p->nbonus++];
	copy_attr(c, "id", b->id, sizeof(b->id));
	copy_attr(c, "before", b->before, sizeof(b->before));
	if (b->before[0] && date_parse(b->before, &day))
		return bad(c, err, "before '%s' is not a date", b->before);
	if (b->before[0] && p->nbonus > 1 &&
	    (date_parse(p->bonus[p->nbonus - 2].before, &prev) || prev >= day))
		return bad(c, err, "before %s is not after the previous bonus", b->before);
	return centi_attr(c, "fen-per-kwh", &b->centifen, err);
}

int power_params_parse(xmlNodePtr node, struct power_params *p, struct strbuf *err)
{
	int rc;

	memset(p, 0, sizeof(*p));
	if (!node)
		return 0;
	p->present = 1;
	for (xmlNodePtr c = node->children; c; c = c->next) {
		const char *name = (const char *)c->name;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp(name, "markup")) {
			rc = parse_markup(c, p, err);
		} else if (!strcmp(name, "bonus")) {
			rc = parse_bonus(c, p, err);
		} else if (!strcmp(name, "fine")) {
			copy_attr(c, "id", p->fine_id, sizeof(p->fine_id));
			if (!(rc = centi_attr(c, "at-multiple", &p->fine_multiple_pct, err)))
				rc = centi_attr(c, "factor", &p->fine_factor_pct, err);
		} else if (!strcmp(name, "fault")) {
			copy_attr(c, "id", p->fault_id, sizeof(p->fault_id));
			flags_attr(c, p->fault_flags, sizeof(p->fault_flags));
			rc = 0;
		} else if (!strcmp(name, "stopped")) {
			copy_attr(c, "id", p->stopped_id, sizeof(p->stopped_id));
			flags_attr(c, p->stopped_flags, sizeof(p->stopped_flags));
			rc = 0;
		} else {
			rc = 0;
		}
		if (rc)
			return rc;
	}
	if (!p->nbonus || p->bonus[p->nbonus - 1].before[0])
		return bad(node, err, "%s", "the last bonus must have no 'before'");
	for (const char *f = p->fault_flags; *f; f++)
		if (strchr(p->stopped_flags, *f))
			return bad(node, err, "flag %s is both a fault and a stop",
				   (char[2]){ *f, 0 });
	if (strchr(p->fault_flags, 'N') || strchr(p->stopped_flags, 'N'))
		return bad(node, err, "%s", "flag N (normal) cannot be a fault or a stop");
	return 0;
}

const struct power_bonus *power_bonus_for(const struct power_params *p,
					  const char *commissioned)
{
	if (!commissioned || !*commissioned)
		return NULL;
	for (int i = 0; i < p->nbonus; i++)
		if (!p->bonus[i].before[0] || strcmp(commissioned, p->bonus[i].before) < 0)
			return &p->bonus[i];
	return NULL;
}
