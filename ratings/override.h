#ifndef OVERRIDE_H
#define OVERRIDE_H

#include "core/db.h"

/*
 * Manual decisions (appeal outcomes): an override replaces an enterprise's
 * colour from a date, until a date (inclusive) or open-ended. Records are
 * never changed or deleted: an override is ended by another record
 * (colour NULL, ends_id = the override) taking effect from its date.
 * On a date, the active override with the highest id wins. The next
 * `rate` applies it; ratings name it (rating.override_id).
 */
struct override_req {
	const char *uscc;
	const char *colour;   /* green or 绿色 ...; NULL for an ending record */
	long long ends_id;    /* for an ending record */
	const char *reason;
	const char *by;
	const char *from;     /* YYYY-MM-DD */
	const char *until;    /* YYYY-MM-DD or NULL */
};

/* Validate and store; *id receives the new record's id. */
int override_add(struct db *db, const struct override_req *req, long long *id,
		 struct strbuf *err);

/* The colour history of an enterprise as text (ratings/history). */
int override_history(struct db *db, const char *uscc, struct strbuf *out,
		     struct strbuf *err);

#endif
