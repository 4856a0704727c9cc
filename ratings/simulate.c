#include "core/common.h"
#include "ratings/engine.h"
#include "ratings/simulate.h"
#include "rules/ruleset.h"
#include "rules/store.h"

/* First pass: the current colours and scores, in USCC order. */
struct current {
	signed char *colour;
	int *score;
	size_t nr, alloc_c, alloc_s;
};

static int collect(const struct engine_row *row, void *data, struct strbuf *err)
{
	struct current *c = data;

	(void)err;
	ALLOC_GROW(c->colour, c->nr + 1, c->alloc_c);
	ALLOC_GROW(c->score, c->nr + 1, c->alloc_s);
	c->colour[c->nr] = (signed char)row->res.colour;
	c->score[c->nr] = row->res.score;
	c->nr++;
	return 0;
}

struct compare {
	struct current *cur;
	size_t i;
	struct simulate_result *out;
	struct strbuf *changed;
};

static int compare(const struct engine_row *row, void *data, struct strbuf *err)
{
	struct compare *c = data;
	int from, to = row->res.colour;

	if (c->i >= c->cur->nr)
		return ec_error(err, EC_INTERNAL, "simulate: the enterprises changed under us");
	from = c->cur->colour[c->i];
	c->out->matrix[from][to]++;
	c->out->enterprises++;
	if (from != to) {
		c->out->changed++;
		strbuf_addf(c->changed, "%s\t%s\t%s\t%s\tscore %d -> %d", row->uscc,
			    row->name, score_colour_name(from), score_colour_name(to),
			    c->cur->score[c->i], row->res.score);
		if (*row->started)
			strbuf_addf(c->changed, "; active: %s", row->started);
		if (row->res.incidents)
			strbuf_addf(c->changed, "; %d incident(s)", row->res.incidents);
		if (row->res.vetoed)
			strbuf_addf(c->changed, "; veto caps at %s",
				    score_colour_name(row->model->veto_cap));
		if (row->res.overridden)
			strbuf_addf(c->changed, "; override #%lld", row->override_id);
		strbuf_addch(c->changed, '\n');
	}
	c->i++;
	return 0;
}

int simulate_run(struct db *db, const char *as_of, const struct ruleset *rs,
		 const struct ruleset *configured, struct simulate_result *out,
		 struct strbuf *changed, struct strbuf *err)
{
	struct current cur = { 0 };
	struct compare cmp = { &cur, 0, out, changed };
	struct ruleset *own = NULL;
	const struct ruleset *now;
	struct db_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_prepare(db, "SELECT rule_set_sha256 FROM rate_date WHERE as_of = ?1",
			     &st, err)))
		return rc;
	db_bind_text(st, 1, as_of);
	rc = db_step(st, err);
	if (rc == DB_ROW)
		rc = rules_store_get(db, db_column_text(st, 0), &own, err);
	else if (rc == DB_DONE && !configured)
		rc = rules_store_effective(db, as_of, &own, err);
	else if (rc == DB_DONE)
		rc = 0;
	db_finalize(st);
	if (rc)
		goto out;
	now = own ? own : configured;
	snprintf(out->current_rule_set, sizeof(out->current_rule_set), "%s %s (%.12s)",
		 ruleset_id(now), ruleset_version(now), ruleset_sha256(now));
	/* Both passes compare with nothing (prev ""), so the reason lists
	 * every active event under the new rule set. */
	if ((rc = engine_run(db, as_of, "", now, collect, &cur, NULL, err)) ||
	    (rc = engine_run(db, as_of, "", rs, compare, &cmp, NULL, err)))
		goto out;
	if (cmp.i != cur.nr)
		rc = ec_error(err, EC_INTERNAL, "simulate: the enterprises changed under us");
out:
	free(cur.colour);
	free(cur.score);
	ruleset_free(own);
	return rc;
}
