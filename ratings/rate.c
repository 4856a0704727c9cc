#include "core/common.h"
#include "core/date.h"
#include "ratings/engine.h"
#include "ratings/monitor.h"
#include "ratings/rate.h"
#include "rules/ruleset.h"
#include "rules/store.h"

struct store_ctx {
	const char *as_of;
	const struct ruleset *rs;
	struct db_stmt *rating, *change;
	struct strbuf cause;
	struct rate_summary *sum;
};

static int store_change(struct store_ctx *c, const struct engine_row *row,
			struct strbuf *err);

static int store_row(const struct engine_row *row, void *data, struct strbuf *err)
{
	struct store_ctx *c = data;
	const char *colour = score_colour_name(row->res.colour);
	int changed = row->prev_colour != row->res.colour;
	int rc;

	db_bind_text(c->rating, 1, c->as_of);
	db_bind_text(c->rating, 2, row->uscc);
	db_bind_int64(c->rating, 3, row->res.score);
	db_bind_text(c->rating, 4, score_colour_name(row->res.band));
	db_bind_text(c->rating, 5, colour);
	if (row->prev_colour >= 0)
		db_bind_text(c->rating, 6, score_colour_name(row->prev_colour));
	else
		db_bind_null(c->rating, 6);
	/* changed_on: this date when the colour changed, else carried over */
	db_bind_text(c->rating, 7, changed || !*row->prev_changed_on
				   ? c->as_of : row->prev_changed_on);
	if (row->override_id)
		db_bind_int64(c->rating, 8, row->override_id);
	else
		db_bind_null(c->rating, 8);
	db_bind_text(c->rating, 9, ruleset_sha256(c->rs));
	db_bind_int64(c->rating, 10, row->res.incidents);
	db_bind_int64(c->rating, 11, row->res.vetoed);
	if ((rc = db_run(c->rating, err)))
		return rc;
	c->sum->enterprises++;
	c->sum->by_colour[row->res.colour]++;
	if (row->res.overridden)
		c->sum->overrides++;
	if (!changed)
		return 0;
	if (row->prev_colour >= 0)
		c->sum->changed++;
	return store_change(c, row, err);
}

static int store_change(struct store_ctx *c, const struct engine_row *row,
			struct strbuf *err)
{
	const char *colour = score_colour_name(row->res.colour);

	engine_cause(row, &c->cause);
	db_bind_text(c->change, 1, row->uscc);
	db_bind_text(c->change, 2, c->as_of);
	if (row->prev_colour >= 0)
		db_bind_text(c->change, 3, score_colour_name(row->prev_colour));
	else
		db_bind_null(c->change, 3);
	db_bind_text(c->change, 4, colour);
	db_bind_text(c->change, 5, c->cause.buf);
	db_bind_text(c->change, 6, ruleset_sha256(c->rs));
	db_bind_int64(c->change, 7, row->res.score);
	if (row->prev_colour >= 0)
		db_bind_int64(c->change, 8, row->prev_score);
	else
		db_bind_null(c->change, 8);
	return db_run(c->change, err);
}

static int clear_date(struct db *db, const char *as_of, struct strbuf *err)
{
	static const char *const sql[] = {
		"DELETE FROM rating WHERE as_of = ?1",
		"DELETE FROM colour_change WHERE as_of = ?1",
		"DELETE FROM rate_date WHERE as_of = ?1",
	};
	int rc = 0;

	for (size_t i = 0; i < ARRAY_SIZE(sql) && !rc; i++)
		rc = db_run_text(db, sql[i], &as_of, 1, err);
	return rc;
}

static int store_recaused(const struct engine_row *row, void *data, struct strbuf *err)
{
	return store_change(data, row, err);
}

/* The first rated date after `after` into date (empty when none). */
static int next_date(struct db *db, const char *after, struct strbuf *date,
		     struct strbuf *sha, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	strbuf_reset(date);
	strbuf_reset(sha);
	if ((rc = db_prepare(db, "SELECT as_of, rule_set_sha256 FROM rate_date"
			     " WHERE as_of > ?1 ORDER BY as_of LIMIT 1", &st, err)))
		return rc;
	db_bind_text(st, 1, after);
	if ((rc = db_step(st, err)) == DB_ROW) {
		strbuf_addstr(date, db_column_text(st, 0));
		strbuf_addstr(sha, db_column_text(st, 1));
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* Run a two-date UPDATE (?1 the earlier date, ?2 the later); *n = rows. */
static int run_pair(struct db *db, const char *sql, const char *prev,
		    const char *date, int64_t *n, struct strbuf *err)
{
	const char *p[] = { prev, date };
	int rc = db_run_text(db, sql, p, 2, err);

	*n = db_changes(db);
	return rc;
}

#define PREV_COLOUR "(SELECT p.colour FROM rating p WHERE p.as_of = ?1 AND p.uscc = rating.uscc)"
/* changed_on as rate_run stores it: carried over while the colour stays. */
#define CARRIED "coalesce((SELECT p.changed_on FROM rating p WHERE p.as_of = ?1" \
	" AND p.uscc = rating.uscc AND p.colour = rating.colour), rating.as_of)"

/*
 * as_of was rated after later dates (or again): make the next rated date
 * follow it as if the dates had been rated in order. Its scores and
 * colours stay as they were stored (and exported); its previous colours,
 * colour changes (with causes rebuilt relative to as_of) and changed_on
 * follow as_of, and changed_on is carried on through the later dates
 * while their colour is unchanged. One UPDATE per date, set-based.
 */
static int rebase_next(struct db *db, const char *as_of, const struct ruleset *rs,
		       struct db_stmt *change, struct strbuf *err)
{
	struct store_ctx n = { 0 };
	struct strbuf date = STRBUF_INIT, sha = STRBUF_INIT, prev = STRBUF_INIT;
	struct ruleset *own = NULL;
	struct db_stmt *st = NULL;
	int64_t changes;
	int rc;

	strbuf_init(&n.cause, 0);
	if ((rc = next_date(db, as_of, &date, &sha, err)) || !date.len)
		goto out;
	if ((rc = run_pair(db,
		"UPDATE rating SET previous_colour = " PREV_COLOUR ", changed_on = " CARRIED
		" WHERE as_of = ?2 AND (previous_colour IS NOT " PREV_COLOUR
		" OR changed_on IS NOT " CARRIED ")", as_of, date.buf, &changes, err)))
		goto out;
	if ((rc = db_prepare(db, "DELETE FROM colour_change WHERE as_of = ?1", &st, err)))
		goto out;
	db_bind_text(st, 1, date.buf);
	if ((rc = db_run(st, err)))
		goto out;
	if (strcmp(sha.buf, ruleset_sha256(rs))) {
		if ((rc = rules_store_get(db, sha.buf, &own, err)))
			goto out;
		rs = own;
	}
	n.as_of = date.buf;
	n.rs = rs;
	n.change = change;
	if ((rc = engine_recause(db, date.buf, as_of, rs, store_recaused, &n, err)))
		goto out;
	for (;;) {
		strbuf_reset(&prev);
		strbuf_add(&prev, date.buf, date.len);
		if ((rc = next_date(db, prev.buf, &date, &sha, err)) || !date.len)
			break;
		if ((rc = run_pair(db,
			"UPDATE rating SET changed_on = " CARRIED
			" WHERE as_of = ?2 AND colour = previous_colour"
			" AND changed_on IS NOT " CARRIED, prev.buf, date.buf, &changes, err)) ||
		    !changes)
			break;
	}
out:
	if (rc)
		ec_prefix(err, "following the later rated date %s: ", date.buf);
	db_finalize(st);
	ruleset_free(own);
	strbuf_release(&n.cause);
	strbuf_release(&date);
	strbuf_release(&sha);
	strbuf_release(&prev);
	return rc;
}

int rate_run(struct db *db, const char *as_of, const struct ruleset *rs,
	     const char *run_id, struct rate_summary *out, struct strbuf *err)
{
	struct store_ctx c = { 0 };
	struct strbuf prev = STRBUF_INIT;
	struct ruleset *own = NULL;
	struct db_stmt *st = NULL;
	int rc, day, began = 0;

	memset(out, 0, sizeof(*out));
	strbuf_init(&c.cause, 0);
	if (date_parse(as_of, &day)) {
		rc = ec_error(err, EC_USAGE, "bad date '%s' (want YYYY-MM-DD)", as_of);
		goto out;
	}
	if (!db_in_transaction(db)) {
		if ((rc = db_begin(db, err)))
			goto out;
		began = 1;
	}
	if (!rs) {
		if ((rc = rules_store_effective(db, as_of, &own, err)))
			goto out;
		rs = own;
	}
	c.as_of = as_of;
	c.rs = rs;
	c.sum = out;
	if ((rc = rules_store_save(db, rs, 0, err)) ||
	    (rc = engine_previous_date(db, as_of, &prev, err)) ||
	    (rc = clear_date(db, as_of, err)))
		goto out;
	if ((rc = db_prepare(db,
		"INSERT INTO rating(as_of, uscc, score, band_colour, colour,"
		" previous_colour, changed_on, override_id, rule_set_sha256, incidents, veto)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
		&c.rating, err)) ||
	    (rc = db_prepare(db,
		"INSERT INTO colour_change(uscc, as_of, from_colour, to_colour, cause,"
		" rule_set_sha256, score, previous_score) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		&c.change, err)))
		goto out;
	if ((rc = engine_run(db, as_of, prev.buf, rs, store_row, &c, NULL, err)) ||
	    (rc = monitor_store(db, day, rs, err)))
		goto out;
	if ((rc = db_prepare(db,
		"INSERT INTO rate_date(as_of, rule_set_sha256, run_id, enterprises)"
		" VALUES (?1, ?2, ?3, ?4)", &st, err)))
		goto out;
	db_bind_text(st, 1, as_of);
	db_bind_text(st, 2, ruleset_sha256(rs));
	db_bind_text(st, 3, run_id);
	db_bind_int64(st, 4, out->enterprises);
	if ((rc = db_run(st, err)) ||
	    (rc = rebase_next(db, as_of, rs, c.change, err)))
		goto out;
	memcpy(out->rule_set_sha256, ruleset_sha256(rs), 65);
	if (began && (rc = db_commit(db, err)))
		goto out;
	began = 0;
out:
	if (rc && began)
		db_rollback(db);
	if (rc)
		ec_prefix(err, "rating %s: ", as_of);
	db_finalize(st);
	db_finalize(c.rating);
	db_finalize(c.change);
	strbuf_release(&c.cause);
	strbuf_release(&prev);
	ruleset_free(own);
	return rc;
}
