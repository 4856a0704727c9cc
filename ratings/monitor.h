#ifndef MONITOR_H
#define MONITOR_H

#include "core/db.h"

struct ruleset;

/*
 * Monitoring-derived credit events (docs/rating.md), computed from the
 * stored hourly data (CN 2061) for the calendar months that are complete
 * before as_of and recent enough for an event to count on as_of.
 *
 *   MON-EXC-<uscc>-<YYYY-MM>  monitoring-exceedance: valid hours (flag N)
 *       whose ZsAvg (else Avg) is above the outlet's permit concentration
 *       limit on at least min-days distinct days of the month; evidence:
 *       every such hour.
 *   MON-TX-<uscc>-<YYYY-MM>   monitoring-transmission: an outlet of a
 *       permit of the listed classes with effective transmission below
 *       min-percent, for the months that start on or after the device's
 *       data horizon (monitor_devices); hours of system-wide gap days
 *       (monitor_gaps) count neither way; evidence: one row per such
 *       outlet (pollutant 'transmission', start = the month, value = the
 *       percentage).
 *
 * Both are dated the first day of the next month. monitor_compute fills
 * temp.mon_event and temp.mon_evidence (nothing stored: simulate uses it
 * too); monitor_store replaces the stored monitoring events of the same
 * months by them. Deterministic: the same data gives the same events.
 */
int monitor_setup(struct db *db, struct strbuf *err);
int monitor_compute(struct db *db, int as_of, const struct ruleset *rs,
		    long long *events, struct strbuf *err);
int monitor_store(struct db *db, int as_of, const struct ruleset *rs,
		  struct strbuf *err);

/*
 * For explain: one line per outlet of uscc (listed classes, data horizon
 * on or before the month start) whose effective transmission in as_of's
 * month so far (hours up to the end of as_of) is below min-percent.
 */
int monitor_tx_progress(struct db *db, const char *uscc, int as_of,
			const struct ruleset *rs, struct strbuf *lines,
			struct strbuf *err);

/*
 * Device horizons (docs/rating.md): temp.mon_device(mn, first, horizon)
 * for the devices on outlets (of uscc's permits, or all when uscc is
 * NULL): first = the first stored hour, horizon = the first day
 * ('YYYY-MM-DD') with hourly data in at least MONITOR_HORIZON_HOURS
 * distinct hours, NULL when there is none yet.
 */
#define MONITOR_HORIZON_HOURS 12
int monitor_devices(struct db *db, const char *uscc, struct strbuf *err);

/*
 * System-wide monitoring gaps (docs/rating.md): temp.mon_gap(day, outlets,
 * reporting, gap) for the days [from, to) (day numbers): outlets = the
 * outlets whose device horizon is on or before the day, reporting = those
 * of them with any hourly data that day, gap = 1 when outlets > 0 and
 * reporting < gap_pct % of outlets. Transmission is not judged on gap
 * days (the rating here, the exemption list in linkage/exemptions.c).
 * Needs monitor_devices first. The share comes from the configuration
 * ([monitoring] gap_pct, docs/operation.md), set once per process.
 */
#define MONITOR_DEFAULT_GAP_PCT 50.0
void monitor_set_gap_pct(double pct);
double monitor_gap_pct(void);
int monitor_gaps(struct db *db, int from, int to, struct strbuf *err);

/*
 * The system's monitoring data horizon: the earliest device horizon of
 * any device attached to an outlet ('YYYY-MM-DD 00:00:00'), empty when no
 * device has one. Linkage windows do not reach before it. Leaves
 * temp.mon_device filled for every device (monitor_gaps can follow).
 */
int monitor_data_horizon(struct db *db, struct strbuf *out, struct strbuf *err);

/* The months monitor_compute looked at: [*from, *to) as day numbers of
 * month starts (to = first day of as_of's month). */
void monitor_window(int as_of, const struct ruleset *rs, int *from, int *to);

#endif
