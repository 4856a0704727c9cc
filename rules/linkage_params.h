#ifndef LINKAGE_PARAMS_H
#define LINKAGE_PARAMS_H

#include <libxml/tree.h>

#include "core/strbuf.h"

/*
 * The parsed <linkage> section of a rule set (rules/linkage.xsd,
 * docs/linkage.md): every figure the linkage lists use, owned by rules/
 * like the rest of the rule set. linkage/ computes the lists in SQL; the
 * figures reach SQL through the temporary table lk_rule (one row per rule
 * and matched value, filled from these params by lk_fill_rules), so the
 * SQL holds meanings and the rule set holds every figure.
 *
 * lk_rule(kind, id, value, measure, num, num2, text, ord):
 *   kind     what the row is: "key", "restricted", "town", "ex-colour",
 *            "em-alert", "st-grade", "pr-surcharge", "tx-reduction", ...
 *            (see rules/linkage_params.c for the full list and docs/linkage.md)
 *   id       the rule id written into the basis column
 *   value    the matched value (grade, colour, industry code, town, level)
 *   measure  "stop", "self-determined", "consecutive", "penalty", ...
 *   num/num2 the figures (percentages, months, days, yuan)
 *   ord      document order, for stable basis lists
 */
struct lk_rule {
	char *kind;
	char *id;
	char *value;
	char *measure;
	char *text;
	double num, num2;
	int has_num, has_num2;
	int line;
};

struct linkage_params {
	int present;              /* 0: the rule set has no <linkage> */
	struct lk_rule *rules;
	size_t nr, alloc;
	/* date figures used in C (season, snapshots, tax months) */
	int season_from_m, season_from_d;   /* first day of the season */
	int season_until_m, season_until_d; /* first day after the season */
	int season_lead_days;               /* plan this many days before */
	int snap_m[4], snap_d[4], nsnap;    /* month-days of the snapshots */
	int first_snapshot;                 /* day number */
	int tax_months;                     /* complete months before D */
};

/* Parse <linkage> (NULL: absent, ->present 0). rules/ruleset.c validates the
 * whole rule set against rules/ruleset.xsd first; this checks every figure
 * again and what a schema cannot say, naming the line. */
int linkage_params_parse(xmlNodePtr linkage, struct linkage_params **out,
			 struct strbuf *err);
void linkage_params_free(struct linkage_params *p);

#endif
