#ifndef ENGINE_H
#define ENGINE_H

#include "core/db.h"
#include "rules/score.h"

struct ruleset;

/*
 * The rating computation shared by `rate` (which stores), `simulate`
 * (which does not) and `explain`. Set-based: monitoring events are derived
 * with a few SQL statements (ratings/monitor.h), then one query aggregates
 * the active events per enterprise with plain date comparisons (the rule
 * set's windows are turned into per-type date thresholds first, see
 * score_active_after) and joins enterprises, the previous rating and the
 * active overrides; C makes one pass over its rows, ordered by USCC.
 */
struct engine_row {
	const struct score_model *model;
	const char *uscc;
	const char *name;
	struct score_result res;
	int points;            /* sum of active points */
	int prev_colour;       /* -1: not rated on the previous date */
	int prev_score;
	long long prev_override_id;
	const char *prev_changed_on; /* "" when none */
	long long override_id; /* 0: none */
	const char *started;   /* active events that began after the previous date */
	const char *expired;   /* events whose window ended since then */
};

typedef int (*engine_fn)(const struct engine_row *row, void *data,
			 struct strbuf *err);

/*
 * Rate every enterprise first seen on or before as_of. prev is the
 * previous rated date (for previous colours and causes) or NULL.
 * mon_events (may be NULL) receives the number of monitoring events.
 */
int engine_run(struct db *db, const char *as_of, const char *prev,
	       const struct ruleset *rs, engine_fn fn, void *data,
	       long long *mon_events, struct strbuf *err);

/*
 * The colour changes on as_of relative to prev (an earlier rated date),
 * from what is stored, recomputing nothing: fn gets every enterprise rated
 * on as_of whose stored colour differs from its colour on prev (or that was
 * not rated on prev), with both dates' stored scores, colours and override
 * ids, and the events that started and expired between the two dates under
 * rs (the set that rated as_of), as engine_run would have given them had
 * prev been rated first. Used when a date is rated after later dates.
 */
int engine_recause(struct db *db, const char *as_of, const char *prev,
		   const struct ruleset *rs, engine_fn fn, void *data,
		   struct strbuf *err);

/* Why the colour is what it is compared with the previous rating. */
void engine_cause(const struct engine_row *row, struct strbuf *out);

/* The latest rated date before as_of into out (empty when none). */
int engine_previous_date(struct db *db, const char *as_of, struct strbuf *out,
			 struct strbuf *err);

#endif
