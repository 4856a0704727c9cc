#ifndef POWER_H
#define POWER_H

#include <libxml/tree.h>

#include "core/date.h"
#include "core/strbuf.h"

/*
 * The <power-price> section of a rule set (rules/power.xsd,
 * docs/power-price.md): environmental electricity price markups of coal
 * power units, the ultra-low bonus, and which data flags mean a fault or a
 * stop. Money figures are exact: hundredths of a fen per kWh.
 */
#define POWER_MAX_MARKUPS 8
#define POWER_MAX_BONUSES 8

struct power_markup {
	char id[64];
	char pollutant[8];       /* HJ 212-2017 code, e.g. a21026 */
	char control[24];        /* desulfurization | denitration | dust-removal */
	long long centifen;      /* per kWh: 150 = 1.5 fen */
	double ultra_low_conc;   /* default ultra-low limit, mg/m3 */
};

struct power_bonus {
	char id[64];
	char before[DATE_TEXT_SIZE];       /* units commissioned before this day; "" last */
	long long centifen;
};

struct power_params {
	int present;
	struct power_markup markup[POWER_MAX_MARKUPS];
	int nmarkup;
	struct power_bonus bonus[POWER_MAX_BONUSES];
	int nbonus;
	char fine_id[64];
	long long fine_multiple_pct; /* 200 = twice the limit */
	long long fine_factor_pct;   /* 500 = five times */
	char fault_id[64], fault_flags[32];   /* e.g. "DMBCT" */
	char stopped_id[64], stopped_flags[32];
};

/* Parse <power-price> (NULL: absent, p->present = 0). The document was
 * validated against the schema; this checks what it cannot, naming the
 * line. EC_CONFIG on a bad section. */
int power_params_parse(xmlNodePtr node, struct power_params *p, struct strbuf *err);

/* The bonus of a unit commissioned on `commissioned` (YYYY-MM-DD); NULL
 * when the date is unknown (NULL or empty). */
const struct power_bonus *power_bonus_for(const struct power_params *p,
					  const char *commissioned);

/* "1.5" (fen, from hundredths) -> exact value; centifen must be >= 0. */
long long power_parse_centi(const char *s, int *ok);

#endif
