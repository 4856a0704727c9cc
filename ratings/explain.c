#include "core/common.h"
#include "core/date.h"
#include "core/report.h"
#include "ratings/engine.h"
#include "ratings/explain.h"
#include "ratings/monitor.h"
#include "rules/ruleset.h"
#include "rules/store.h"

#define EVIDENCE_SHOWN 20

enum ev_state { EV_ACTIVE, EV_EXPIRED, EV_PENDING, EV_NO_RULE };
static const char *const state_names[] = { "active", "expired", "not yet started", "not in the rule set" };

struct ev {
	char *id, *category, *date, *source, *violation;
	int start, end, points, effect;
	enum ev_state state;
	int monitoring;
};

struct explain {
	const char *uscc;
	char as_of[DATE_TEXT_SIZE];
	int day;
	struct strbuf name, band, colour, prev, changed_on, sha;
	int score;
	long long override_id;
	struct strbuf ov_colour, ov_text;
	struct ev *ev;
	size_t nr, alloc;
	struct ruleset *rs;
	struct score_result res;
	int points;
	struct strbuf near; /* one near miss per line */
	struct strbuf lists; /* linkage lists, rendered (text or JSON) */
};

static int load_rating(struct db *db, struct explain *x, const char *as_of,
		       struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(db,
		"SELECT r.as_of, r.score, r.band_colour, r.colour,"
		" coalesce(r.previous_colour, ''), r.changed_on, r.override_id,"
		" r.rule_set_sha256, coalesce(en.name, '')"
		" FROM rating r LEFT JOIN enterprise en ON en.uscc = r.uscc"
		" WHERE r.as_of = coalesce(?2, (SELECT max(as_of) FROM rate_date))"
		" AND r.uscc = ?1", &st, err)))
		return rc;
	db_bind_text(st, 1, x->uscc);
	db_bind_text(st, 2, as_of);
	rc = db_step(st, err);
	if (rc == DB_DONE) {
		rc = as_of ? ec_error(err, EC_DATA,
				      "'%s' has no rating on %s (run 'ecredit rate --as-of %s')",
				      x->uscc, as_of, as_of)
			   : ec_error(err, EC_DATA, "'%s' is not rated on the latest rated date",
				      x->uscc);
	} else if (rc == DB_ROW) {
		snprintf(x->as_of, sizeof(x->as_of), "%s", db_column_text(st, 0));
		date_parse(x->as_of, &x->day);
		x->score = (int)db_column_int64(st, 1);
		strbuf_addstr(&x->band, db_column_text(st, 2));
		strbuf_addstr(&x->colour, db_column_text(st, 3));
		strbuf_addstr(&x->prev, db_column_text(st, 4));
		strbuf_addstr(&x->changed_on, db_column_text(st, 5));
		x->override_id = db_column_int64(st, 6);
		strbuf_addstr(&x->sha, db_column_text(st, 7));
		strbuf_addstr(&x->name, db_column_text(st, 8));
		rc = 0;
	}
	db_finalize(st);
	return rc;
}

static int load_events(struct db *db, struct explain *x, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc, off = ruleset_start_offset_days(x->rs), sum = 0, inc = 0, veto = 0;

	if ((rc = db_prepare(db,
		"SELECT e.event_id, e.category, e.date, e.source,"
		" CASE WHEN e.source = 'monitoring' THEN 'monitoring data'"
		"  ELSE coalesce(f.path || ':' || e.line, 'decision ' || e.decision_no,"
		"  e.source) END, coalesce(e.violation, '')"
		" FROM event e LEFT JOIN import_file f ON f.id = e.file_id"
		" WHERE e.uscc = ?1 AND e.date <= ?2 ORDER BY e.date, e.event_id",
		&st, err)))
		return rc;
	db_bind_text(st, 1, x->uscc);
	db_bind_text(st, 2, x->as_of);
	while ((rc = db_step(st, err)) == DB_ROW) {
		const struct score_rule *r = ruleset_rule(x->rs, db_column_text(st, 1));
		struct ev *e;
		int day = 0;

		ALLOC_GROW(x->ev, x->nr + 1, x->alloc);
		e = &x->ev[x->nr++];
		memset(e, 0, sizeof(*e));
		e->id = xstrdup(db_column_text(st, 0));
		e->category = xstrdup(db_column_text(st, 1));
		e->date = xstrdup(db_column_text(st, 2));
		e->monitoring = !strcmp(db_column_text(st, 3), "monitoring");
		e->source = xstrdup(db_column_text(st, 4));
		e->violation = xstrdup(db_column_text(st, 5));
		date_parse(e->date, &day);
		if (!r) {
			e->state = EV_NO_RULE;
			continue;
		}
		e->points = r->points;
		e->effect = r->effect;
		score_window(day, off, r->months, &e->start, &e->end);
		e->state = e->start > x->day ? EV_PENDING
			   : e->end <= x->day ? EV_EXPIRED : EV_ACTIVE;
		if (e->state == EV_ACTIVE) {
			sum += r->points;
			inc += r->effect == EFFECT_INCIDENT;
			veto += r->effect == EFFECT_VETO;
		}
	}
	db_finalize(st);
	if (rc < 0)
		return rc;
	x->points = sum;
	score_apply(ruleset_model(x->rs), sum, inc, veto,
		    x->override_id ? score_colour_parse(x->ov_colour.buf) : -1, &x->res);
	return 0;
}

static int load_override(struct db *db, struct explain *x, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	if (!x->override_id)
		return 0;
	if ((rc = db_prepare(db,
		"SELECT colour, by_name, reason, from_date, coalesce(until, '')"
		" FROM override WHERE id = ?1", &st, err)))
		return rc;
	db_bind_int64(st, 1, x->override_id);
	if ((rc = db_step(st, err)) == DB_ROW) {
		strbuf_addstr(&x->ov_colour, db_column_text(st, 0));
		strbuf_addf(&x->ov_text, "override #%lld by %s from %s%s%s: %s",
			    x->override_id, db_column_text(st, 1), db_column_text(st, 3),
			    *db_column_text(st, 4) ? " until " : "", db_column_text(st, 4),
			    db_column_text(st, 2));
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

static int month_exceed_days(struct db *db, const char *uscc, const char *from,
			     const char *to, int64_t *days, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	*days = 0;
	if ((rc = db_prepare(db,
		"SELECT count(DISTINCT d.day)"
		" FROM permit p JOIN outlet o ON o.permit_no = p.permit_no"
		" JOIN outlet_limit l ON l.permit_no = o.permit_no AND l.outlet_code = o.code"
		" JOIN mon_series s ON s.mn = o.mn AND s.cn = 2061"
		"  AND s.pollutant = l.pollutant"
		" JOIN mon_day d ON d.series = s.id"
		"  AND d.day >= ec_days(substr(?2, 1, 10)) AND d.day < ec_days(substr(?3, 1, 10))"
		" WHERE p.uscc = ?1 AND l.conc IS NOT NULL AND d.vmax > l.conc", &st, err)))
		return rc;
	db_bind_text(st, 1, uscc);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	if ((rc = db_step(st, err)) == DB_ROW)
		*days = db_column_int64(st, 0);
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* Rules that came close: colour bands, the next expiry, monitoring days. */
static int near_misses(struct db *db, struct explain *x, struct strbuf *err)
{
	const struct score_model *m = ruleset_model(x->rs);
	const struct ruleset_monitoring *mp = ruleset_monitoring(x->rs);
	int band = x->res.band, y, mo, d, rc, next = INT_MAX;
	char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	int64_t days = 0;

	if (band < COLOUR_BLACK)
		strbuf_addf(&x->near, "score %d: %d more point%s lost would make the band %s\n",
			    x->res.score, x->res.score - m->band_min[band] + 1,
			    x->res.score - m->band_min[band] ? "s" : "",
			    score_colour_name(band + 1));
	if (band > COLOUR_GREEN && x->res.score < m->max)
		strbuf_addf(&x->near, "score %d: %d more point%s would make the band %s\n",
			    x->res.score, m->band_min[band - 1] - x->res.score,
			    m->band_min[band - 1] - x->res.score > 1 ? "s" : "",
			    score_colour_name(band - 1));
	for (size_t i = 0; i < x->nr; i++)
		if (x->ev[i].state == EV_ACTIVE && x->ev[i].points < 0 && x->ev[i].end < next)
			next = x->ev[i].end;
	if (next != INT_MAX) {
		date_format(next, a);
		strbuf_addf(&x->near, "the next deduction to expire ends on %s\n", a);
	}
	/* Monitoring: this month so far, and the last complete month. */
	date_to_ymd(x->day, &y, &mo, &d);
	for (int k = 0; k < 2; k++) {
		int start = date_add_months(date_from_ymd(y, mo, 1), -k);
		int end = k ? date_from_ymd(y, mo, 1) : x->day + 1;

		date_format(start, a);
		date_format(end, b);
		strbuf_reset(&from);
		strbuf_reset(&to);
		strbuf_addf(&from, "%s 00:00:00", a);
		strbuf_addf(&to, "%s 00:00:00", b);
		if ((rc = month_exceed_days(db, x->uscc, from.buf, to.buf, &days, err)))
			goto out;
		if (days > 0 && days < mp->exceed_min_days)
			strbuf_addf(&x->near, "%lld exceedance day%s in %.7s%s; %d trigger a deduction\n",
				    (long long)days, days > 1 ? "s" : "", a,
				    k ? "" : " so far", mp->exceed_min_days);
	}
	rc = monitor_tx_progress(db, x->uscc, x->day, x->rs, &x->near, err);
out:
	strbuf_release(&from);
	strbuf_release(&to);
	return rc;
}

/* The linkage lists of the rating's date; a date not linked says so. */
static int load_lists(struct db *db, struct explain *x, int json,
		      explain_lists_fn lists, struct strbuf *err)
{
	struct strbuf why = STRBUF_INIT;
	int rc;

	if (!lists) {
		if (json)
			strbuf_addstr(&x->lists, "null");
		return 0;
	}
	rc = lists(db, x->uscc, x->as_of, json, &x->lists, &why);

	if (rc == EC_DATA) {
		strbuf_reset(&x->lists);
		if (json)
			strbuf_addf(&x->lists, "{\"as_of\":\"%s\",\"linked\":false,\"rows\":[]}",
				    x->as_of);
		else
			strbuf_addf(&x->lists, "lists on %s:\n  not computed (run 'ecredit link"
				    " --as-of %s')\n", x->as_of, x->as_of);
		rc = 0;
	} else if (rc) {
		strbuf_add(err, (why).buf, (why).len);
	}
	strbuf_release(&why);
	return rc;
}

/* The hours behind a monitoring event. A database error is returned, never
 * swallowed: a shortened explanation would look complete. */
static int evidence_rows(struct db *db, const char *id, struct strbuf *out, int json,
			 struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int n = 0, rc;

	if ((rc = db_prepare(db,
		"SELECT mn, pollutant, start, value, limit_value FROM event_evidence"
		" WHERE event_id = ?1 ORDER BY start, mn, pollutant", &st, err)))
		return rc;
	db_bind_text(st, 1, id);
	while ((rc = db_step(st, err)) == DB_ROW) {
		n++;
		if (json) {
			if (n > 1)
				strbuf_addch(out, ',');
			strbuf_addstr(out, "{\"mn\":");
			strbuf_add_json_string(out, db_column_text(st, 0));
			strbuf_addstr(out, ",\"pollutant\":");
			strbuf_add_json_string(out, db_column_text(st, 1));
			strbuf_addstr(out, ",\"start\":");
			strbuf_add_json_string(out, db_column_text(st, 2));
			strbuf_addf(out, ",\"value\":%.10g,\"limit\":%.10g}",
				    db_column_double(st, 3), db_column_double(st, 4));
		} else if (n <= EVIDENCE_SHOWN) {
			if (!strcmp(db_column_text(st, 1), "transmission"))
				strbuf_addf(out, "        MN %s %s: effective transmission %.1f%% < %g%%\n",
					    db_column_text(st, 0), db_column_text(st, 2),
					    db_column_double(st, 3), db_column_double(st, 4));
			else
				strbuf_addf(out, "        MN %s %s %s: %.10g > limit %.10g\n",
					    db_column_text(st, 0), db_column_text(st, 1),
					    db_column_text(st, 2), db_column_double(st, 3),
					    db_column_double(st, 4));
		}
	}
	if (!json && n > EVIDENCE_SHOWN)
		strbuf_addf(out, "        ... and %d more hours\n", n - EVIDENCE_SHOWN);
	db_finalize(st);
	return rc == DB_DONE ? 0 : rc;
}

static int render_text(struct db *db, struct explain *x, struct strbuf *out,
		       struct strbuf *err)
{
	const struct score_model *m = ruleset_model(x->rs);
	char s[DATE_TEXT_SIZE], e[DATE_TEXT_SIZE];
	int rc;

	strbuf_addf(out, "%s %s on %s: %s, score %d\n", x->uscc, x->name.buf, x->as_of,
		    report_colour_zh(x->colour.buf), x->score);
	strbuf_addf(out, "rule set %s version %s (sha256 %.12s)\n", ruleset_id(x->rs),
		    ruleset_version(x->rs), x->sha.buf);
	strbuf_addf(out, "\nscore: start %d", m->start);
	for (size_t i = 0; i < x->nr; i++)
		if (x->ev[i].state == EV_ACTIVE)
			strbuf_addf(out, " %s %d", x->ev[i].points < 0 ? "-" : "+",
				    abs(x->ev[i].points));
	strbuf_addf(out, " = %d", m->start + x->points);
	if (m->start + x->points > m->max)
		strbuf_addf(out, ", capped at %d", m->max);
	strbuf_addf(out, " -> band %s\n", report_colour_zh(score_colour_name(x->res.band)));
	if (x->res.incidents)
		strbuf_addf(out, "incidents: %d active, %d step%s worse each -> %s\n",
			    x->res.incidents, m->incident_steps, m->incident_steps > 1 ? "s" : "",
			    "colour lowered");
	if (x->res.vetoed)
		strbuf_addf(out, "veto: an active veto event caps the colour at %s\n",
			    report_colour_zh(score_colour_name(m->veto_cap)));
	if (x->override_id)
		strbuf_addf(out, "override: %s -> %s\n", x->ov_text.buf,
			    report_colour_zh(x->ov_colour.buf));
	strbuf_addf(out, "colour: %s since %s", report_colour_zh(x->colour.buf),
		    x->changed_on.buf);
	if (x->prev.len)
		strbuf_addf(out, " (previous rating: %s)", report_colour_zh(x->prev.buf));
	strbuf_addch(out, '\n');
	if (x->res.score != x->score || strcmp(score_colour_name(x->res.colour), x->colour.buf))
		strbuf_addf(out, "note: the stored events now give %d %s; run 'ecredit rate --as-of %s' again\n",
			    x->res.score, score_colour_name(x->res.colour), x->as_of);
	strbuf_addstr(out, "\nevents:\n");
	if (!x->nr)
		strbuf_addstr(out, "  (none)\n");
	for (size_t i = 0; i < x->nr; i++) {
		struct ev *v = &x->ev[i];

		strbuf_addf(out, "  %-8s %s %s %s", state_names[v->state], v->date, v->category, v->id);
		if (v->state != EV_NO_RULE) {
			date_format(v->start, s);
			date_format(v->end, e);
			strbuf_addf(out, " %+d, counts %s to %s (exclusive)", v->points, s, e);
			if (v->effect == EFFECT_VETO)
				strbuf_addstr(out, ", veto");
			if (v->effect == EFFECT_INCIDENT)
				strbuf_addstr(out, ", incident");
		}
		strbuf_addf(out, "\n      source: %s", v->source);
		if (*v->violation)
			strbuf_addf(out, "; %s", v->violation);
		strbuf_addch(out, '\n');
		if (v->monitoring)
			if ((rc = evidence_rows(db, v->id, out, 0, err)))
				return rc;
	}
	strbuf_addstr(out, "\nclose to firing:\n");
	if (!x->near.len)
		strbuf_addstr(out, "  (nothing)\n");
	for (const char *p = x->near.buf; *p;) {
		const char *nl = strchr(p, '\n');

		strbuf_addstr(out, "  ");
		strbuf_add(out, p, (size_t)(nl - p + 1));
		p = nl + 1;
	}
	strbuf_addch(out, '\n');
	strbuf_add(out, (x->lists).buf, (x->lists).len);
	return 0;
}

static void json_kv(struct strbuf *out, const char *key, const char *v, int comma)
{
	if (comma)
		strbuf_addch(out, ',');
	strbuf_add_json_string(out, key);
	strbuf_addch(out, ':');
	if (v)
		strbuf_add_json_string(out, v);
	else
		strbuf_addstr(out, "null");
}

static int render_json(struct db *db, struct explain *x, struct strbuf *out,
		       struct strbuf *err)
{
	const struct score_model *m = ruleset_model(x->rs);
	char s[DATE_TEXT_SIZE], e[DATE_TEXT_SIZE];
	static const char *const effects[] = { "none", "veto", "incident" };
	int rc;

	strbuf_addch(out, '{');
	json_kv(out, "uscc", x->uscc, 0);
	json_kv(out, "name", x->name.buf, 1);
	json_kv(out, "as_of", x->as_of, 1);
	strbuf_addstr(out, ",\"rule_set\":{");
	json_kv(out, "id", ruleset_id(x->rs), 0);
	json_kv(out, "version", ruleset_version(x->rs), 1);
	json_kv(out, "sha256", x->sha.buf, 1);
	strbuf_addf(out, "},\"start\":%d,\"max\":%d,\"points\":%d,\"score\":%d",
		    m->start, m->max, x->points, x->score);
	json_kv(out, "band_colour", x->band.buf, 1);
	json_kv(out, "colour", x->colour.buf, 1);
	json_kv(out, "previous_colour", x->prev.len ? x->prev.buf : NULL, 1);
	json_kv(out, "changed_on", x->changed_on.buf, 1);
	strbuf_addf(out, ",\"incidents\":%d,\"veto\":%s", x->res.incidents,
		    x->res.vetoed ? "true" : "false");
	strbuf_addstr(out, ",\"override\":");
	if (x->override_id) {
		strbuf_addf(out, "{\"id\":%lld", x->override_id);
		json_kv(out, "colour", x->ov_colour.buf, 1);
		json_kv(out, "text", x->ov_text.buf, 1);
		strbuf_addch(out, '}');
	} else {
		strbuf_addstr(out, "null");
	}
	strbuf_addf(out, ",\"consistent\":%s,\"events\":[",
		    x->res.score == x->score && !strcmp(score_colour_name(x->res.colour), x->colour.buf)
		    ? "true" : "false");
	for (size_t i = 0; i < x->nr; i++) {
		struct ev *v = &x->ev[i];

		strbuf_addstr(out, i ? ",{" : "{");
		json_kv(out, "event_id", v->id, 0);
		json_kv(out, "category", v->category, 1);
		json_kv(out, "date", v->date, 1);
		json_kv(out, "state", v->state == EV_ACTIVE ? "active" : v->state == EV_EXPIRED
			? "expired" : v->state == EV_PENDING ? "pending" : "no-rule", 1);
		if (v->state != EV_NO_RULE) {
			date_format(v->start, s);
			date_format(v->end, e);
			strbuf_addf(out, ",\"points\":%d", v->points);
			json_kv(out, "start", s, 1);
			json_kv(out, "end", e, 1);
			json_kv(out, "effect", effects[v->effect], 1);
		}
		json_kv(out, "source", v->source, 1);
		json_kv(out, "violation", v->violation, 1);
		strbuf_addstr(out, ",\"evidence\":[");
		if (v->monitoring)
			if ((rc = evidence_rows(db, v->id, out, 1, err)))
				return rc;
		strbuf_addstr(out, "]}");
	}
	strbuf_addstr(out, "],\"near_misses\":[");
	for (const char *p = x->near.buf; *p;) {
		const char *nl = strchr(p, '\n');
		char *line = xstrndup(p, (size_t)(nl - p));

		if (p != x->near.buf)
			strbuf_addch(out, ',');
		strbuf_add_json_string(out, line);
		free(line);
		p = nl + 1;
	}
	strbuf_addstr(out, "],\"lists\":");
	strbuf_add(out, (x->lists).buf, (x->lists).len);
	strbuf_addstr(out, "}\n");
	return 0;
}

int explain_build(struct db *db, const char *uscc, const char *as_of, int json,
		  explain_lists_fn lists, struct strbuf *out, struct strbuf *err)
{
	struct explain x = { 0 };
	int rc;

	x.uscc = uscc;
	strbuf_init(&x.name, 0);
	strbuf_init(&x.band, 0);
	strbuf_init(&x.colour, 0);
	strbuf_init(&x.prev, 0);
	strbuf_init(&x.changed_on, 0);
	strbuf_init(&x.sha, 0);
	strbuf_init(&x.ov_colour, 0);
	strbuf_init(&x.ov_text, 0);
	strbuf_init(&x.near, 0);
	strbuf_init(&x.lists, 0);
	if ((rc = load_rating(db, &x, as_of, err)) ||
	    (rc = rules_store_get(db, x.sha.buf, &x.rs, err)) ||
	    (rc = load_override(db, &x, err)) ||
	    (rc = load_events(db, &x, err)) ||
	    (rc = near_misses(db, &x, err)) ||
	    (rc = load_lists(db, &x, json, lists, err)))
		goto out;
	if (json)
		rc = render_json(db, &x, out, err);
	else
		rc = render_text(db, &x, out, err);
out:
	for (size_t i = 0; i < x.nr; i++) {
		free(x.ev[i].id);
		free(x.ev[i].category);
		free(x.ev[i].date);
		free(x.ev[i].source);
		free(x.ev[i].violation);
	}
	free(x.ev);
	ruleset_free(x.rs);
	strbuf_release(&x.name);
	strbuf_release(&x.band);
	strbuf_release(&x.colour);
	strbuf_release(&x.prev);
	strbuf_release(&x.changed_on);
	strbuf_release(&x.sha);
	strbuf_release(&x.ov_colour);
	strbuf_release(&x.ov_text);
	strbuf_release(&x.near);
	strbuf_release(&x.lists);
	return rc;
}
