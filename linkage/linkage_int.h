#ifndef LINKAGE_INT_H
#define LINKAGE_INT_H

#include "core/date.h"
#include "core/db.h"
#include "rules/linkage_params.h"

/* Private to linkage/: the steps of link_run and the helpers they share. */


/*
 * SQL fragments shared by the steps.
 *
 * LK_IN_FORCE: the one meaning of "permit in force" (docs/linkage.md):
 * status valid and its dates overlapping [from, until] (both inclusive;
 * from = until = :d for "in force on D"). Every list uses it.
 *
 * LK_TEXT: the <wording> template of a key; LK_SUB replaces {name} in a
 * text with a value; LK_COLOUR_NAME: the wording of a colour code.
 */
#define LK_IN_FORCE(p, from, until) \
	"(" p ".status = 'valid' AND " p ".valid_from <= " until \
	" AND " p ".valid_to >= " from ")"
#define LK_TEXT(key) \
	"(SELECT text FROM lk_rule WHERE kind = 'text' AND value = '" key "')"
#define LK_SUB(text, name, value) \
	"replace(" text ", '{" name "}', " value ")"
#define LK_COLOUR_NAME(code) \
	"COALESCE((SELECT text FROM lk_rule WHERE kind = 'text'" \
	" AND value = 'colour-' || " code "), " code ")"

/* Fill the temp table lk_rule from params (table must exist, empty). */
int lk_fill_rules(struct db *db, const struct linkage_params *p,
		  struct strbuf *err);

/* The dates a run works with, computed in C from params. */
struct lk_dates {
	char as_of[DATE_TEXT_SIZE];
	char prev[DATE_TEXT_SIZE];          /* previous computed date, "" when none */
	int season;               /* 1 when D is in or before a season */
	char season_from[DATE_TEXT_SIZE], season_to[DATE_TEXT_SIZE];
	int pricing;              /* 1 when a snapshot applies to D */
	char snap[DATE_TEXT_SIZE], snap_prev[DATE_TEXT_SIZE];
	char applies_from[DATE_TEXT_SIZE], applies_to[DATE_TEXT_SIZE];
	int snap_prev_ok;         /* previous snapshot is under the policy */
	char level[8];            /* alert level of the emergency step */
	char month_from[DATE_TEXT_SIZE], month_until[DATE_TEXT_SIZE]; /* tax month [from, until) */
};

int lk_compute_dates(const struct linkage_params *p, int as_of,
		     struct lk_dates *d);

/* link_run after the rule set is loaded (also used by rule-set test
 * cases on a scratch database). rs must have a <linkage> section; its
 * event table gives the credit reasons their points and windows. */
struct link_summary;
struct ruleset;
int lk_run_params(struct db *db, const char *as_of, const char *alert,
		  const struct ruleset *rs, const char *sha,
		  const struct ruleset *rules, const char *run_id,
		  struct link_summary *out, struct strbuf *err);

/* A <power-case> (linkage/power_case.c, docs/power-price.md). */
int lk_power_case(xmlNodePtr node, const struct ruleset *rs, struct strbuf *err);

/* linkage_test_case (unit tests use it). */
int lk_test_case(xmlNodePtr link_case, const struct ruleset *rs,
		 struct strbuf *err);

/* The steps, in order, each set-based over the temp tables. */
int lk_entities(struct db *db, const struct lk_dates *d, struct strbuf *err);
int lk_exemptions(struct db *db, const struct lk_dates *d, long long *nex,
		  long long *nrev, struct strbuf *err);
int lk_emergency(struct db *db, struct lk_dates *d, const char *alert,
		 long long *n, struct strbuf *err);
int lk_staggered(struct db *db, const struct lk_dates *d, long long *n,
		 struct strbuf *err);
int lk_pricing(struct db *db, const struct lk_dates *d, long long *n,
	       struct strbuf *err);
int lk_tax(struct db *db, struct lk_dates *d, int months, long long *n,
	   struct strbuf *err);
int lk_credit(struct db *db, const struct lk_dates *d, long long *n,
	      struct strbuf *err);
/* The power-price settlement of the `months` complete months before D
 * (linkage/power.c, docs/power-price.md); nothing without <power-price>. */
int lk_power(struct db *db, const struct lk_dates *d, const struct ruleset *rs,
	     int months, long long *n, struct strbuf *err);

/* The statement of a step whose rows are the step's count starts with
 * LK_COUNTED (an SQL comment): the count follows the statement, not its
 * position in the array, so reordering a step cannot change what it counts. */
#define LK_COUNTED "/* counted */ "

/* Run constant SQL statements in order, binding every named parameter
 * they use from d (":d", ":prev", ":snap", ":level", ...); adds the rows
 * changed by each statement marked LK_COUNTED to *changes when not NULL. */
int lk_exec_all(struct db *db, const char *const *sql, size_t n,
		const struct lk_dates *d, long long *changes,
		struct strbuf *err);

#endif
