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
 * step files); this file is the frame that runs them, and linkage/steps.c
 * holds what the steps share (statements with the dates bound, lk_rule,
 * the dates).
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
