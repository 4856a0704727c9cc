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
 */
int explain_build(struct db *db, const char *uscc, const char *as_of, int json,
		  struct strbuf *out, struct strbuf *err);

#endif
