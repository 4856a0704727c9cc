#ifndef CASES_H
#define CASES_H

#include <libxml/tree.h>

#include "core/strbuf.h"

struct ruleset;

/*
 * Runs one <link-case>: 0 when it passes, EC_CHECK when it fails (the
 * difference in err), another code when the case is malformed. The linkage
 * layer provides it (linkage_test_case); cmd/ hands it in, so rules/ stays
 * a leaf over core/.
 */
typedef int (*cases_link_fn)(xmlNodePtr link_case, const struct ruleset *rs,
			     struct strbuf *err);

/*
 * `ecredit rules test`: the test cases a rule set carries in <tests>.
 * A <case> gives events, overrides and a date and expects a score and a
 * colour; it is computed with rules/score.c exactly as the engine does.
 * A <link-case> is handed to link_case; with link_case NULL it fails with
 * a message saying linkage cases cannot run here.
 *
 * Appends one TAP line per case to out ("ok 3 - name", or "not ok 4 -
 * name: expected ..., got ..."), then the plan "1..N". Returns 0 when all
 * pass, EC_CHECK when any fails.
 */
int cases_run(const struct ruleset *rs, cases_link_fn link_case, struct strbuf *out,
	      int *passed, int *failed);

#endif
