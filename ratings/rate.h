#ifndef RATE_H
#define RATE_H

#include "core/crypto.h"
#include "core/db.h"

struct ruleset;

/*
 * The rating engine (docs/rating.md, semantics). rate_run computes and stores every
 * enterprise's score and colour on as_of, in one transaction, recording
 * the rule set (stored in the database) that produced it.
 * rs may be NULL: then the stored set effective on as_of is used, or the
 * shipped default when none is stored.
 */
struct rate_summary {
	long long enterprises;
	long long by_colour[5]; /* green blue yellow red black */
	long long changed;      /* colour differs from the previous rating */
	long long overrides;
	char rule_set_sha256[SHA256_HEX_SIZE];
};

int rate_run(struct db *db, const char *as_of, const struct ruleset *rs,
	     const char *run_id, struct rate_summary *out, struct strbuf *err);

#endif
