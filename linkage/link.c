#include "core/common.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/evtype.h"
#include "linkage/link.h"
#include "linkage/linkage_int.h"
#include "ratings/monitor.h"
#include "ratings/rate.h"
#include "rules/ruleset.h"
#include "rules/store.h"

/*
 * link_run: load the rule set that rated as_of (the exact bytes stored in
 * rule_set, fully validated by ruleset_load_memory), rate the price snapshots if they
 * are not rated yet, then compute every list in one transaction. The lists
 * are set-based SQL over temp tables (linkage/exemptions.c and the other
 * step files); this file holds the frame, the dates and the bindings.
 */

static const char *const temp_tables[] = {
	"DROP TABLE IF EXISTS temp.lk_rule",
	"DROP TABLE IF EXISTS temp.lk_penalty_cat",
	"DROP TABLE IF EXISTS temp.lk_ent",
	"DROP TABLE IF EXISTS temp.lk_fail",
	"DROP TABLE IF EXISTS temp.lk_mo",
	"DROP TABLE IF EXISTS temp.lk_mo_stat",
	"DROP TABLE IF EXISTS temp.lk_tax_outlet",
	"DROP TABLE IF EXISTS temp.lk_deduction",
	("CREATE TEMP TABLE lk_rule (kind TEXT NOT NULL, id TEXT, value TEXT,"
	 " measure TEXT, num REAL, num2 REAL, text TEXT, ord INTEGER NOT NULL)"),
	"CREATE INDEX temp.lk_rule_kind ON lk_rule(kind, value)",
	("CREATE TEMP TABLE lk_penalty_cat (category TEXT PRIMARY KEY, zh TEXT NOT NULL)"
	 " WITHOUT ROWID"),
	("CREATE TEMP TABLE lk_deduction (category TEXT PRIMARY KEY,"
	 " points INTEGER NOT NULL, act_after TEXT NOT NULL,"
	 " act_until TEXT NOT NULL) WITHOUT ROWID"),
};

static const char *const drop_temp[] = {
	"DROP TABLE IF EXISTS temp.lk_rule",
	"DROP TABLE IF EXISTS temp.lk_penalty_cat",
	"DROP TABLE IF EXISTS temp.lk_ent",
	"DROP TABLE IF EXISTS temp.lk_fail",
	"DROP TABLE IF EXISTS temp.lk_mo",
	"DROP TABLE IF EXISTS temp.lk_mo_stat",
	"DROP TABLE IF EXISTS temp.lk_tax_outlet",
	"DROP TABLE IF EXISTS temp.lk_deduction",
};

static const char *const delete_date[] = {
	"DELETE FROM exemption WHERE as_of = :d",
	"DELETE FROM revocation WHERE as_of = :d",
	"DELETE FROM exemption_miss WHERE as_of = :d",
	"DELETE FROM emergency WHERE as_of = :d",
	"DELETE FROM staggered WHERE as_of = :d",
	"DELETE FROM pricing WHERE as_of = :d",
	"DELETE FROM tax WHERE as_of = :d",
	"DELETE FROM credit WHERE as_of = :d",
	"DELETE FROM power_price WHERE as_of = :d",
	"DELETE FROM link_date WHERE as_of = :d",
};

static void bind_text_if(struct db_stmt *st, const char *name, const char *v)
{
	int i = db_bind_index(st, name);

	if (i)
		db_bind_text(st, i, v && *v ? v : NULL);
}

int lk_exec_all(struct db *db, const char *const *sql, size_t n,
		const struct lk_dates *d, long long *changes, struct strbuf *err)
{
	for (size_t k = 0; k < n; k++) {
		struct db_stmt *st = NULL;
		int rc, i;

		if ((rc = db_prepare(db, sql[k], &st, err)))
			return rc;
		if (d) {
			bind_text_if(st, ":d", d->as_of);
			bind_text_if(st, ":prev", d->prev);
			bind_text_if(st, ":season_from", d->season_from);
			bind_text_if(st, ":season_to", d->season_to);
			bind_text_if(st, ":snap", d->snap);
			bind_text_if(st, ":snap_prev", d->snap_prev);
			bind_text_if(st, ":applies_from", d->applies_from);
			bind_text_if(st, ":applies_to", d->applies_to);
			bind_text_if(st, ":level", d->level);
			bind_text_if(st, ":month_from", d->month_from);
			bind_text_if(st, ":month_until", d->month_until);
			if ((i = db_bind_index(st, ":snap_prev_ok")))
				db_bind_int64(st, i, d->snap_prev_ok);
		}
		rc = db_run(st, err);
		db_finalize(st);
		if (rc)
			return rc;
		if (changes)
			*changes += db_changes(db);
	}
	return 0;
}

int lk_fill_rules(struct db *db, const struct linkage_params *p,
		  struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(db, "INSERT INTO lk_rule (kind, id, value, measure,"
			     " num, num2, text, ord) VALUES (?,?,?,?,?,?,?,?)",
			     &st, err)))
		goto out;
	for (size_t i = 0; i < p->nr; i++) {
		const struct lk_rule *r = &p->rules[i];

		db_bind_text(st, 1, r->kind);
		db_bind_text(st, 2, r->id);
		db_bind_text(st, 3, r->value);
		db_bind_text(st, 4, r->measure);
		if (r->has_num || !strcmp(r->kind, "ex-valid") || !strcmp(r->kind, "cr-max"))
			db_bind_double(st, 5, r->num);
		if (r->has_num2)
			db_bind_double(st, 6, r->num2);
		db_bind_text(st, 7, r->text);
		db_bind_int64(st, 8, (int64_t)i);
		if ((rc = db_run(st, err)))
			goto out;
	}
	db_finalize(st);
	st = NULL;
	/* what counts as a penalty is the catalogue's meaning (core/evtype.h) */
	if ((rc = db_prepare(db, "INSERT INTO lk_penalty_cat VALUES (?, ?)", &st, err)))
		goto out;
	for (int i = 0; i < evtypes_count; i++) {
		if (evtypes[i].group != EVTYPE_PENALTY)
			continue;
		db_bind_text(st, 1, evtypes[i].code);
		db_bind_text(st, 2, evtypes[i].zh);
		if ((rc = db_run(st, err)))
			goto out;
	}
out:
	db_finalize(st);
	return rc;
}

/*
 * The rating's own deductions for the credit reasons: points and windows
 * of the rule set that rated D, its start offset included. An event dated
 * d is active on D iff act_after < d <= act_until (score_active_after, the
 * thresholds the rating engine uses), so both can never disagree.
 */
static int fill_deductions(struct db *db, const struct ruleset *rs, int as_of,
			   struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc, off = ruleset_start_offset_days(rs);
	char until[DATE_TEXT_SIZE];

	date_format(as_of - off, until);
	if ((rc = db_prepare(db, "INSERT INTO lk_deduction VALUES (?1, ?2, ?3, ?4)",
			     &st, err)))
		return rc;
	for (int i = 0; i < ruleset_rule_count(rs) && !rc; i++) {
		const struct score_rule *r = ruleset_rule_at(rs, i);
		char after[DATE_TEXT_SIZE];

		if (r->points >= 0)
			continue;
		date_format(score_active_after(as_of, off, r->months), after);
		db_bind_text(st, 1, r->type);
		db_bind_int64(st, 2, r->points);
		db_bind_text(st, 3, after);
		db_bind_text(st, 4, until);
		rc = db_run(st, err);
	}
	db_finalize(st);
	return rc;
}

/* Day number of month-day (m, d) in year y; 02-29 is not accepted. */
static int md_day(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

int lk_compute_dates(const struct linkage_params *p, int as_of,
		     struct lk_dates *d)
{
	int y, m, dd, best = 0, found = 0;

	date_to_ymd(as_of, &y, &m, &dd);
	/* staggered season: the one containing D, else the next one when it
	 * starts within lead_days */
	d->season = 0;
	for (int yy = y - 1; yy <= y; yy++) {
		int from = md_day(yy, p->season_from_m, p->season_from_d);
		int uy = (p->season_until_m * 100 + p->season_until_d >
			  p->season_from_m * 100 + p->season_from_d) ? yy : yy + 1;
		int until = md_day(uy, p->season_until_m, p->season_until_d);

		if ((from <= as_of && as_of < until) ||
		    (from > as_of && from - as_of <= p->season_lead_days)) {
			date_format(from, d->season_from);
			date_format(until - 1, d->season_to);
			d->season = 1;
			break;
		}
	}
	if (!d->season) {
		int from = md_day(y + 1, p->season_from_m, p->season_from_d);

		if (from - as_of <= p->season_lead_days) {
			int uy = (p->season_until_m * 100 + p->season_until_d >
				  p->season_from_m * 100 + p->season_from_d) ? y + 1 : y + 2;

			date_format(from, d->season_from);
			date_format(md_day(uy, p->season_until_m, p->season_until_d) - 1,
				    d->season_to);
			d->season = 1;
		}
	}
	/* price snapshot: the latest snapshot strictly before D; it applies
	 * from the next day to the next snapshot */
	for (int yy = y - 1; yy <= y; yy++)
		for (int i = 0; i < p->nsnap; i++) {
			int s = md_day(yy, p->snap_m[i], p->snap_d[i]);

			if (s < as_of && (!found || s > best)) {
				best = s;
				found = 1;
			}
		}
	d->pricing = 0;
	if (found && best >= p->first_snapshot) {
		int sy, sm, sd, next = 0, prev = 0, nf = 0, pf = 0;

		date_to_ymd(best, &sy, &sm, &sd);
		for (int yy = sy - 1; yy <= sy + 1; yy++)
			for (int i = 0; i < p->nsnap; i++) {
				int s = md_day(yy, p->snap_m[i], p->snap_d[i]);

				if (s > best && (!nf || s < next)) {
					next = s;
					nf = 1;
				}
				if (s < best && (!pf || s > prev)) {
					prev = s;
					pf = 1;
				}
			}
		d->pricing = 1;
		date_format(best, d->snap);
		date_format(prev, d->snap_prev);
		date_format(best + 1, d->applies_from);
		date_format(next, d->applies_to);
		d->snap_prev_ok = prev >= p->first_snapshot;
	}
	return 0;
}

/* The stored rule set that rated as_of (rules/store.h), which must have a
 * <linkage> section. */
static int load_rule_set(struct db *db, const char *as_of, char sha[SHA256_HEX_SIZE],
			 struct ruleset **out, struct strbuf *err)
{
	const struct linkage_params *p;
	int rc = rules_store_rated(db, as_of, sha, out, err);

	if (rc)
		return rc;
	p = ruleset_linkage(*out);
	if (!p || !p->present) {
		ruleset_free(*out);
		*out = NULL;
		return ec_error(err, EC_CONFIG, "rule set %.12s has no <linkage> section", sha);
	}
	return 0;
}

/* Rate a price snapshot date when it has not been rated yet, with the
 * rule set `rate` would use for it under the same configuration (rules,
 * else rate_run's own choice for the date). rate_run runs its own
 * transaction, so this happens before link's. */
static int rate_snapshot(struct db *db, const char *date,
			 const struct ruleset *rules, const char *run_id,
			 struct strbuf *err)
{
	int64_t n = 0;
	struct rate_summary rs;
	int rc;

	if (!*date)
		return 0;
	if ((rc = db_query_int64(db, "SELECT count(*) FROM rate_date WHERE as_of = ?",
				 date, NULL, &n, err)))
		return rc;
	if (n)
		return 0;
	if ((rc = rate_run(db, date, rules, run_id, &rs, err)))
		ec_prefix(err, "rating the price snapshot %s: ", date);
	return rc;
}

static int previous_link_date(struct db *db, struct lk_dates *d, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	d->prev[0] = '\0';
	if ((rc = db_prepare(db, "SELECT max(as_of) FROM link_date WHERE as_of < ?",
			     &st, err)))
		return rc;
	db_bind_text(st, 1, d->as_of);
	if ((rc = db_step(st, err)) == DB_ROW) {
		snprintf(d->prev, sizeof(d->prev), "%s", db_column_text(st, 0));
		rc = 0;
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* The system-wide monitoring gap days of the longest monitoring window
 * (ratings/monitor.h, monitor_gaps, after the device horizons): the
 * exemption list judges neither transmission nor evidence on them. */
static int link_gaps(struct db *db, int day, struct strbuf *err)
{
	int64_t days = 0;
	int rc = db_query_int64(db,
				"SELECT coalesce(max(CAST(num AS INTEGER)), 0) FROM lk_rule"
				" WHERE kind IN ('ex-hours', 'ex-transmission')",
				NULL, NULL, &days, err);

	if (rc || (rc = monitor_devices(db, NULL, err)))
		return rc;
	return monitor_gaps(db, day + 1 - (int)days, day + 1, err);
}

int lk_run_params(struct db *db, const char *as_of, const char *alert,
		  const struct ruleset *rs, const char *sha,
		  const struct ruleset *rules, const char *run_id,
		  struct link_summary *out, struct strbuf *err)
{
	const struct linkage_params *p = ruleset_linkage(rs);
	struct lk_dates d;
	int day, rc, began = 0;
	struct db_stmt *st = NULL;

	memset(out, 0, sizeof(*out));
	memset(&d, 0, sizeof(d));
	if (date_parse(as_of, &day))
		return ec_error(err, EC_USAGE, "bad date '%s' (want YYYY-MM-DD)", as_of);
	if (alert && strcmp(alert, "yellow") && strcmp(alert, "orange") &&
	    strcmp(alert, "red"))
		return ec_error(err, EC_USAGE, "unknown alert level '%s'"
				" (yellow, orange, red)", alert);
	snprintf(d.as_of, sizeof(d.as_of), "%s", as_of);
	lk_compute_dates(p, day, &d);
	if (d.pricing && ((rc = rate_snapshot(db, d.snap, rules, run_id, err)) ||
			  (d.snap_prev_ok &&
			   (rc = rate_snapshot(db, d.snap_prev, rules, run_id, err)))))
		goto out;
	if ((rc = db_begin(db, err)))
		goto out;
	began = 1;
	if ((rc = previous_link_date(db, &d, err)) ||
	    (rc = lk_exec_all(db, temp_tables, ARRAY_SIZE(temp_tables), NULL, NULL, err)) ||
	    (rc = lk_exec_all(db, delete_date, ARRAY_SIZE(delete_date), &d, NULL, err)) ||
	    (rc = lk_fill_rules(db, p, err)) ||
	    (rc = link_gaps(db, day, err)) ||
	    (rc = fill_deductions(db, rs, day, err)) ||
	    (rc = lk_entities(db, &d, err)) ||
	    (rc = lk_exemptions(db, &d, &out->exemptions, &out->revocations, err)) ||
	    (rc = lk_emergency(db, &d, alert, &out->emergency, err)) ||
	    (rc = lk_staggered(db, &d, &out->staggered, err)) ||
	    (rc = lk_pricing(db, &d, &out->pricing, err)) ||
	    (rc = lk_tax(db, &d, p->tax_months, &out->tax, err)) ||
	    (rc = lk_power(db, &d, rs, p->tax_months, &out->power, err)) ||
	    (rc = lk_credit(db, &d, &out->credit, err)))
		goto out;
	if ((rc = db_prepare(db, "INSERT INTO link_date (as_of, alerts, rule_set_sha256,"
			     " run_id) VALUES (?, ?, ?, ?)", &st, err)))
		goto out;
	db_bind_text(st, 1, as_of);
	db_bind_text(st, 2, alert ? alert : "yellow orange red");
	db_bind_text(st, 3, sha);
	db_bind_text(st, 4, run_id);
	if ((rc = db_run(st, err)) ||
	    (rc = lk_exec_all(db, drop_temp, ARRAY_SIZE(drop_temp), NULL, NULL, err)) ||
	    (rc = db_commit(db, err)))
		goto out;
	began = 0;
out:
	db_finalize(st);
	if (began)
		db_rollback(db);
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

int link_run(struct db *db, const char *as_of, const char *alert,
	     const struct ruleset *rules, const char *run_id,
	     struct link_summary *out, struct strbuf *err)
{
	struct ruleset *rs = NULL;
	char sha[SHA256_HEX_SIZE];
	int day, rc;

	memset(out, 0, sizeof(*out));
	if (date_parse(as_of, &day))
		return ec_error(err, EC_USAGE, "bad date '%s' (want YYYY-MM-DD)", as_of);
	if ((rc = load_rule_set(db, as_of, sha, &rs, err)) ||
	    (rc = lk_run_params(db, as_of, alert, rs, sha, rules, run_id, out, err)))
		ec_prefix(err, "linking %s: ", as_of);
	ruleset_free(rs);
	return rc;
}
