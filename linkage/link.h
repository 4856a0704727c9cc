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

#endif
