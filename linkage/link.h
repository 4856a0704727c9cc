#ifndef LINK_H
#define LINK_H

#include "core/db.h"

/*
 * Linkage (SPEC §4, DOMAIN §3): turns the stored ratings, permits and
 * monitoring of as_of into the lists exemptions, revocations, emergency,
 * staggered, pricing, tax and credit, in one transaction, using the rule
 * set that rated as_of. alert: "yellow", "orange", "red", or NULL for all
 * three levels.
 */
struct link_summary {
	long long exemptions, revocations, emergency, staggered, pricing, tax, credit;
};

int link_run(struct db *db, const char *as_of, const char *alert,
	     const char *run_id, struct link_summary *out, struct strbuf *err);

/*
 * For `ecredit explain`: which lists uscc is on for as_of (NULL: the latest
 * computed date) and why, as readable lines appended to text_out. An
 * enterprise on no list gets a line saying so. EC_DATA when nothing has
 * been linked yet.
 */
int link_explain(struct db *db, const char *uscc, const char *as_of,
		 struct strbuf *text_out, struct strbuf *err);

#endif
