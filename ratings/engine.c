#include "core/common.h"
#include "core/date.h"
#include "ratings/engine.h"
#include "ratings/monitor.h"
#include "rules/ruleset.h"

int engine_previous_date(struct db *db, const char *as_of, struct strbuf *out,
			 struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	strbuf_reset(out);
	if ((rc = db_prepare(db, "SELECT max(as_of) FROM rate_date WHERE as_of < ?1",
			     &st, err)))
		return rc;
	db_bind_text(st, 1, as_of);
	if ((rc = db_step(st, err)) == DB_ROW && !db_column_is_null(st, 0))
		strbuf_addstr(out, db_column_text(st, 0));
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* Per event type: the date thresholds that make windows plain comparisons. */
static int fill_rules(struct db *db, const struct ruleset *rs, int as_of,
		      int prev, char lo[DATE_TEXT_SIZE], struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc, off = ruleset_start_offset_days(rs), min = INT_MAX;

	if ((rc = db_exec(db,
		"CREATE TEMP TABLE IF NOT EXISTS rs_rule ("
		"  category TEXT PRIMARY KEY, points INTEGER NOT NULL,"
		"  effect INTEGER NOT NULL, act_after TEXT NOT NULL,"
		"  exp_after TEXT NOT NULL) WITHOUT ROWID;"
		"DELETE FROM temp.rs_rule;", err)) ||
	    (rc = db_prepare(db, "INSERT INTO temp.rs_rule VALUES (?1, ?2, ?3, ?4, ?5)",
			     &st, err)))
		return rc;
	for (int i = 0; i < ruleset_rule_count(rs) && !rc; i++) {
		const struct score_rule *r = ruleset_rule_at(rs, i);
		int act = score_active_after(as_of, off, r->months);
		int exp = prev >= 0 ? score_active_after(prev, off, r->months) : act;
		char a[DATE_TEXT_SIZE], e[DATE_TEXT_SIZE];

		if (exp > act)
			exp = act;
		if (exp < min)
			min = exp;
		date_format(act, a);
		date_format(exp, e);
		db_bind_text(st, 1, r->type);
		db_bind_int64(st, 2, r->points);
		db_bind_int64(st, 3, r->effect);
		db_bind_text(st, 4, a);
		db_bind_text(st, 5, e);
		rc = db_run(st, err);
	}
	db_finalize(st);
	date_format(min == INT_MAX ? as_of : min, lo);
	return rc;
}

/* The aggregate over one event source; :d_off = as_of - offset. */
#define ACTIVE "e.date > r.act_after AND e.date <= :d_off"
#define EVENT_TEXT "e.category || ' ' || e.event_id || ' (' || printf('%+d', r.points) || ')'"
#define AGG(src, cond)                                                                       \
	"SELECT e.uscc AS uscc,"                                                         \
	" sum(CASE WHEN " ACTIVE " THEN r.points ELSE 0 END) AS pts,"                    \
	" sum(" ACTIVE " AND r.effect = 2) AS inc,"                                      \
	" sum(" ACTIVE " AND r.effect = 1) AS veto,"                                     \
	" group_concat(CASE WHEN " ACTIVE " AND e.date > :prev_off THEN " EVENT_TEXT     \
	"  END, '; ') AS started,"                                                       \
	" group_concat(CASE WHEN e.date > r.exp_after AND e.date <= r.act_after THEN "   \
	EVENT_TEXT " END, '; ') AS expired"                                              \
	" FROM " src " JOIN temp.rs_rule r ON r.category = e.category"                   \
	" WHERE e.date > :lo AND e.date <= :d_off" cond " GROUP BY e.uscc"

#define OVERRIDE_ACTIVE                                                                  \
	"o.colour IS NOT NULL AND o.from_date <= :d AND (o.until IS NULL OR o.until >= :d)" \
	" AND NOT EXISTS (SELECT 1 FROM override x WHERE x.ends_id = o.id"                \
	" AND x.from_date <= :d)"

static const char rating_sql[] =
	"SELECT en.uscc,"
	" coalesce(a.pts, 0) + coalesce(b.pts, 0),"
	" coalesce(a.inc, 0) + coalesce(b.inc, 0),"
	" coalesce(a.veto, 0) + coalesce(b.veto, 0),"
	" trim(coalesce(a.started, '') || '; ' || coalesce(b.started, ''), '; '),"
	" trim(coalesce(a.expired, '') || '; ' || coalesce(b.expired, ''), '; '),"
	" pr.colour, pr.score, pr.override_id, ov.id, ov.colour, pr.changed_on, en.name"
	" FROM enterprise en"
	" LEFT JOIN (" AGG("event e INDEXED BY event_rating", " AND e.source <> 'monitoring'") " ) a ON a.uscc = en.uscc"
	" LEFT JOIN (" AGG("temp.mon_event e", "") " ) b ON b.uscc = en.uscc"
	" LEFT JOIN rating pr ON pr.as_of = :prev AND pr.uscc = en.uscc"
	" LEFT JOIN (SELECT o.uscc AS uscc, max(o.id) AS id, o.colour AS colour"
	"  FROM override o WHERE " OVERRIDE_ACTIVE " GROUP BY o.uscc) ov"
	"  ON ov.uscc = en.uscc"
	" WHERE en.first_seen <= :d"
	" ORDER BY en.uscc";

static void bind_named(struct db_stmt *st, const char *name, const char *v)
{
	int i = db_bind_index(st, name);

	if (i)
		db_bind_text(st, i, v);
}

int engine_run(struct db *db, const char *as_of, const char *prev,
	       const struct ruleset *rs, engine_fn fn, void *data,
	       long long *mon_events, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	char lo[DATE_TEXT_SIZE], d_off[DATE_TEXT_SIZE], prev_off[DATE_TEXT_SIZE] = "";
	int rc, day, prev_day = -1, off = ruleset_start_offset_days(rs);
	long long n_mon = 0;

	if (date_parse(as_of, &day))
		return ec_error(err, EC_USAGE, "bad date '%s'", as_of);
	if (prev && *prev && !date_parse(prev, &prev_day))
		date_format(prev_day - off, prev_off);
	else
		prev_day = -1;
	if ((rc = monitor_compute(db, day, rs, &n_mon, err)) ||
	    (rc = fill_rules(db, rs, day, prev_day, lo, err)))
		goto out;
	if (mon_events)
		*mon_events = n_mon;
	date_format(day - off, d_off);
	/* Events are stored with monitoring ones in the same table; the
	 * freshly computed monitoring events come from temp.mon_event. */
	if ((rc = db_prepare(db, rating_sql, &st, err)))
		goto out;
	bind_named(st, ":d", as_of);
	bind_named(st, ":d_off", d_off);
	bind_named(st, ":lo", lo);
	bind_named(st, ":prev", prev_day >= 0 ? prev : "");
	bind_named(st, ":prev_off", prev_off);
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct engine_row row = { 0 };

		row.model = ruleset_model(rs);
		row.uscc = db_column_text(st, 0);
		row.points = (int)db_column_int64(st, 1);
		row.started = db_column_text(st, 4);
		row.expired = db_column_text(st, 5);
		row.prev_colour = db_column_is_null(st, 6) ? -1
				  : score_colour_parse(db_column_text(st, 6));
		row.prev_score = (int)db_column_int64(st, 7);
		row.prev_override_id = db_column_int64(st, 8);
		row.override_id = db_column_int64(st, 9);
		row.prev_changed_on = db_column_text(st, 11);
		row.name = db_column_text(st, 12);
		score_apply(ruleset_model(rs), row.points, (int)db_column_int64(st, 2),
			    (int)db_column_int64(st, 3),
			    db_column_is_null(st, 10) ? -1
			    : score_colour_parse(db_column_text(st, 10)),
			    &row.res);
		if ((rc = fn(&row, data, err)))
			goto out;
	}
	if (rc > 0)
		rc = 0;
out:
	db_finalize(st);
	return rc;
}

/* Enterprises rated on :d whose stored colour differs from that on :prev;
 * the event scan of recause_sql seeks only these. */
static const char changed_sql[] =
	"INSERT INTO temp.rs_changed(uscc) SELECT n.uscc FROM rating n"
	" LEFT JOIN rating p ON p.as_of = :prev AND p.uscc = n.uscc"
	" WHERE n.as_of = :d AND n.colour IS NOT p.colour";

/* The same started/expired lists as rating_sql, from the stored events
 * (monitoring ones from the months engine_run would have computed). */
static const char recause_sql[] =
	"SELECT n.uscc, n.score, n.band_colour, n.colour, n.incidents, n.veto,"
	" n.override_id, p.colour, p.score, p.override_id, p.changed_on,"
	" trim(coalesce(a.started, '') || '; ' || coalesce(b.started, ''), '; '),"
	" trim(coalesce(a.expired, '') || '; ' || coalesce(b.expired, ''), '; ')"
	" FROM temp.rs_changed c JOIN rating n ON n.as_of = :d AND n.uscc = c.uscc"
	" LEFT JOIN rating p ON p.as_of = :prev AND p.uscc = c.uscc"
	" LEFT JOIN (" AGG("event e INDEXED BY event_rating",
			   " AND e.source <> 'monitoring' AND e.uscc IN temp.rs_changed")
	" ) a ON a.uscc = c.uscc"
	" LEFT JOIN (" AGG("event e INDEXED BY event_rating",
			   " AND e.source = 'monitoring' AND e.date >= :mon_from"
			   " AND e.uscc IN temp.rs_changed")
	" ) b ON b.uscc = c.uscc"
	" ORDER BY c.uscc";

int engine_recause(struct db *db, const char *as_of, const char *prev,
		   const struct ruleset *rs, engine_fn fn, void *data,
		   struct strbuf *err)
{
	struct db_stmt *st = NULL;
	char lo[DATE_TEXT_SIZE], d_off[DATE_TEXT_SIZE], prev_off[DATE_TEXT_SIZE];
	char mon_from[DATE_TEXT_SIZE];
	int rc, day, prev_day, off = ruleset_start_offset_days(rs), m_lo, m_hi;

	if (date_parse(as_of, &day) || date_parse(prev, &prev_day) || prev_day >= day)
		return ec_error(err, EC_INTERNAL, "bad dates %s after %s", as_of, prev);
	date_format(day - off, d_off);
	date_format(prev_day - off, prev_off);
	monitor_window(day, rs, &m_lo, &m_hi);
	date_format(date_add_months(m_lo, 1), mon_from);
	if ((rc = fill_rules(db, rs, day, prev_day, lo, err)) ||
	    (rc = db_exec(db,
		"CREATE TEMP TABLE IF NOT EXISTS rs_changed (uscc TEXT PRIMARY KEY)"
		" WITHOUT ROWID; DELETE FROM temp.rs_changed;", err)) ||
	    (rc = db_prepare(db, changed_sql, &st, err)))
		goto out;
	bind_named(st, ":d", as_of);
	bind_named(st, ":prev", prev);
	if ((rc = db_run(st, err)))
		goto out;
	db_finalize(st);
	st = NULL;
	if ((rc = db_prepare(db, recause_sql, &st, err)))
		goto out;
	bind_named(st, ":d", as_of);
	bind_named(st, ":d_off", d_off);
	bind_named(st, ":lo", lo);
	bind_named(st, ":prev", prev);
	bind_named(st, ":prev_off", prev_off);
	bind_named(st, ":mon_from", mon_from);
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct engine_row row = { 0 };

		row.model = ruleset_model(rs);
		row.uscc = db_column_text(st, 0);
		row.res.score = (int)db_column_int64(st, 1);
		row.res.band = score_colour_parse(db_column_text(st, 2));
		row.res.colour = score_colour_parse(db_column_text(st, 3));
		row.res.incidents = (int)db_column_int64(st, 4);
		row.res.vetoed = (int)db_column_int64(st, 5);
		row.override_id = db_column_int64(st, 6);
		row.res.overridden = row.override_id != 0;
		row.prev_colour = db_column_is_null(st, 7) ? -1
				  : score_colour_parse(db_column_text(st, 7));
		row.prev_score = (int)db_column_int64(st, 8);
		row.prev_override_id = db_column_int64(st, 9);
		row.prev_changed_on = db_column_text(st, 10);
		row.started = db_column_text(st, 11);
		row.expired = db_column_text(st, 12);
		row.name = "";
		if (row.res.colour < 0 || row.res.band < 0) {
			rc = ec_error(err, EC_DATA, "stored rating of %s on %s has a bad colour",
				      row.uscc, as_of);
			goto out;
		}
		if ((rc = fn(&row, data, err)))
			goto out;
	}
	if (rc > 0)
		rc = 0;
out:
	db_finalize(st);
	return rc;
}

void engine_cause(const struct engine_row *row, struct strbuf *out)
{
	strbuf_reset(out);
	if (row->prev_colour < 0)
		strbuf_addf(out, "first rating: score %d", row->res.score);
	else
		strbuf_addf(out, "score %d -> %d", row->prev_score, row->res.score);
	if (*row->started)
		strbuf_addf(out, "; new: %s", row->started);
	if (*row->expired)
		strbuf_addf(out, "; expired: %s", row->expired);
	if (row->res.incidents)
		strbuf_addf(out, "; %d active incident%s: colour one step worse each",
			    row->res.incidents, row->res.incidents > 1 ? "s" : "");
	if (row->res.vetoed)
		strbuf_addf(out, "; veto: capped at %s",
			    score_colour_name(row->model->veto_cap));
	if (row->override_id && row->override_id != row->prev_override_id)
		strbuf_addf(out, "; override #%lld", row->override_id);
	else if (row->override_id)
		strbuf_addf(out, "; override #%lld continues", row->override_id);
	else if (row->prev_override_id)
		strbuf_addf(out, "; override #%lld no longer applies",
			    row->prev_override_id);
}
