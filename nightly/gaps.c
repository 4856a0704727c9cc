#include "core/common.h"
#include "core/date.h"
#include "nightly/internal.h"
#include "ratings/monitor.h"

/*
 * The night's monitoring-gap check (docs/operation.md, "Data quality"):
 * the days from the day after the previous completed night (at most
 * NIGHTLY_GAP_LOOKBACK days back) to the business date are checked with
 * the rating's definition (ratings/monitor.h, monitor_gaps). Each gap day
 * is a warning, makes the night exit 1, and is recorded in the import
 * step's counts ("gaps"), which the run report and the bureau package
 * carry. The rating and the exemption list do not judge transmission on
 * those days.
 */
#define NIGHTLY_GAP_LOOKBACK 7

/* The first day to check: the day after the previous completed night. */
static int first_day(struct nightly_job *job, int day, int *from,
		     struct strbuf *err)
{
	struct db_stmt *st;
	int rc, prev;

	*from = day;
	if ((rc = db_prepare(job->db,
			     "SELECT max(business_date) FROM run WHERE command = 'nightly'"
			     " AND state = 'committed' AND business_date < ?1",
			     &st, err)))
		return rc;
	db_bind_text(st, 1, job->run.business_date);
	if ((rc = db_step(st, err)) == DB_ROW && !db_column_is_null(st, 0) &&
	    !date_parse(db_column_text(st, 0), &prev))
		*from = prev + 1;
	db_finalize(st);
	if (*from < day - NIGHTLY_GAP_LOOKBACK + 1)
		*from = day - NIGHTLY_GAP_LOOKBACK + 1;
	return rc < 0 ? rc : 0;
}

int nightly_gaps(struct nightly_job *job, struct strbuf *js, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc, day, from, n = 0;

	strbuf_addf(js, ",\"gap_pct\":%g,\"gaps\":[", monitor_gap_pct());
	if (date_parse(job->run.business_date, &day))
		return ec_error(err, EC_INTERNAL, "bad business date '%s'",
				job->run.business_date);
	if ((rc = first_day(job, day, &from, err)) ||
	    (rc = monitor_devices(job->db, NULL, err)) ||
	    (rc = monitor_gaps(job->db, from, day + 1, err)) ||
	    (rc = db_prepare(job->db,
			     "SELECT day, outlets, reporting FROM temp.mon_gap"
			     " WHERE gap ORDER BY day", &st, err)))
		return rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		const char *d = db_column_text(st, 0);
		long long outlets = db_column_int64(st, 1);
		long long reporting = db_column_int64(st, 2);

		if (n++)
			strbuf_addch(js, ',');
		strbuf_addstr(js, "{\"day\":");
		strbuf_add_json_string(js, d);
		strbuf_addf(js, ",\"outlets\":%lld,\"reporting\":%lld}", outlets,
			    reporting);
		nightly_note(job, NIGHTLY_NOTE_WARN,
			     "monitoring gap on %s: %lld of %lld monitored outlets sent"
			     " hourly data, below monitoring.gap_pct = %g%%;"
			     " transmission is not judged for that day",
			     d, reporting, outlets, monitor_gap_pct());
	}
	db_finalize(st);
	strbuf_addch(js, ']');
	return rc < 0 ? rc : 0;
}
