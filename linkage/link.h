#ifndef LINK_H
#define LINK_H

#include <libxml/tree.h>

#include "core/db.h"

/*
 * Linkage (docs/linkage.md): turns the stored ratings, permits and
 * monitoring of as_of into the lists exemptions, revocations, emergency,
 * staggered, pricing, tax and credit, in one transaction, using the rule
 * set that rated as_of. alert: "yellow", "orange", "red", or NULL for all
 * three levels. rules: the configured rule set (`rules =` or --rules), or
 * NULL; a price snapshot that is not rated yet is rated with it, exactly
 * as `rate` would rate that date (rate_run with the same rule set).
 */
struct link_summary {
	long long exemptions, revocations, emergency, staggered, pricing, tax, credit;
	long long power; /* power-price settlement rows (docs/power-price.md) */
};

struct ruleset;
int link_run(struct db *db, const char *as_of, const char *alert,
	     const struct ruleset *rules, const char *run_id,
	     struct link_summary *out, struct strbuf *err);

/*
 * For `ecredit explain`: which lists uscc is on for as_of (NULL: the latest
 * computed date) and why, read back from the stored rows. Text: a line
 * "lists on DATE:" then one line per row with its basis ("on no list"
 * when none). json: one object {"as_of", "linked": true, "rows": [{"list",
 * "text", "basis"}]}, list being the report name (exemptions,
 * exemption-misses, revocations, emergency, staggered, pricing, tax,
 * credit). Appends to out. EC_DATA when that date has not been linked.
 */
int link_explain(struct db *db, const char *uscc, const char *as_of, int json,
		 struct strbuf *out, struct strbuf *err);

/*
 * Rule-set test cases of the linkage layer, for `rules test` (cmd/ hands
 * this to cases_run, rules/cases.h): a <link-case> or a <power-case>.
 * Returns 0 when the case passes, EC_CHECK when it fails (with the
 * difference in err), another code when the case is malformed.
 */
struct ruleset;
int linkage_test_case(xmlNodePtr link_case, const struct ruleset *rs,
		      struct strbuf *err);

#endif
