#include "core/common.h"
#include "core/date.h"
#include "core/evtype.h"
#include "linkage/linkage_int.h"

/*
 * The helpers the steps of link_run share (linkage_int.h): running a
 * step's statements with the run's dates bound, the rule-set figures as
 * the temp table lk_rule, and the dates a run works with. The frame that
 * runs the steps is linkage/link.c.
 */

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
		if (changes && !strncmp(sql[k], LK_COUNTED, strlen(LK_COUNTED)))
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
