#ifndef RULES_STORE_H
#define RULES_STORE_H

#include "core/crypto.h"
#include "core/db.h"

struct ruleset;

/*
 * Stored rule sets: every rule set that rated a date is kept in the
 * database (rule_set, with the XML bytes and their sha256, and rule_event),
 * so a date's rating and lists can always be explained with the exact set
 * that made them (docs/rating.md). One home for storing and loading them;
 * rate, link, explain, simulate and `rules install` all come here.
 */

/* Store rs; installed = 1 makes it selectable by date. */
int rules_store_save(struct db *db, const struct ruleset *rs, int installed,
		     struct strbuf *err);
/* The set for as_of: the installed set with the latest effective-from on or
 * before as_of, else the shipped default. */
int rules_store_effective(struct db *db, const char *as_of, struct ruleset **out,
			  struct strbuf *err);
/* A stored set by sha256 (EC_DATA when absent). */
int rules_store_get(struct db *db, const char *sha256, struct ruleset **out,
		    struct strbuf *err);
/* The set that rated as_of, validated in full, and its sha256: EC_DATA when
 * the date is not rated, EC_CONFIG when its set is not stored. */
int rules_store_rated(struct db *db, const char *as_of, char sha[SHA256_HEX_SIZE],
		      struct ruleset **out, struct strbuf *err);

#endif
