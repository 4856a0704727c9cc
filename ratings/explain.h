#ifndef EXPLAIN_H
#define EXPLAIN_H

#include "core/db.h"

/*
 * `ecredit explain`: why an enterprise has its stored colour on a date,
 * recomputed from the stored events with the stored rule set that
 * produced the rating: the score arithmetic, every event with its points,
 * window and source (file and line, decision number, or the monitoring
 * hours behind it), incidents, veto, override, and the rules that came
 * close without firing. as_of NULL: the latest rated date.
 * Text is for the enterprise; JSON keys are stable (docs/rating.md).
 *
 * The linkage lists the enterprise is on come from a higher layer: the
 * caller passes the function that renders them (cmd/ passes link_explain),
 * so ratings/ does not depend on linkage/. It returns EC_DATA when the date
 * was not linked; NULL leaves the lists out.
 */
typedef int (*explain_lists_fn)(struct db *db, const char *uscc, const char *as_of,
				int json, struct strbuf *out, struct strbuf *err);

int explain_build(struct db *db, const char *uscc, const char *as_of, int json,
		  explain_lists_fn lists, struct strbuf *out, struct strbuf *err);

#endif
