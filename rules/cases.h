#ifndef CASES_H
#define CASES_H

#include "core/strbuf.h"

struct ruleset;

/*
 * `ecredit rules test`: the test cases a rule set carries in <tests>.
 * A <case> gives events, overrides and a date and expects a score and a
 * colour; it is computed with rules/score.c exactly as the engine does.
 * A <link-case> is handed to linkage_test_case (linkage/params.h).
 *
 * Appends one TAP line per case to out ("ok 3 - name", or "not ok 4 -
 * name: expected ..., got ..."), then the plan "1..N". Returns 0 when all
 * pass, EC_CHECK when any fails.
 */
int cases_run(const struct ruleset *rs, struct strbuf *out, int *passed,
	      int *failed);

#endif
