#ifndef SIMULATE_H
#define SIMULATE_H

#include "core/db.h"
#include "rules/score.h"

struct ruleset;

/*
 * `ecredit simulate`: rate everybody on as_of with another rule set and
 * store nothing. "Current" is what `rate --as-of` would use without
 * --rules: the rule set of the stored rating on as_of when there is one,
 * else the configured set (`rules =`, passed as configured, may be NULL),
 * else the installed set effective on as_of, else the default.
 * matrix[current][new] counts enterprises; changed lists those whose
 * colour differs, one line each: "USCC<TAB>name<TAB>cur<TAB>new<TAB>reason".
 */
struct simulate_result {
	long long matrix[COLOUR_COUNT][COLOUR_COUNT];
	long long enterprises, changed;
	char current_rule_set[128];
};

int simulate_run(struct db *db, const char *as_of, const struct ruleset *rs,
		 const struct ruleset *configured, struct simulate_result *out,
		 struct strbuf *changed, struct strbuf *err);

#endif
