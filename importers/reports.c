#include "core/common.h"
#include "core/report.h"

/*
 * Reports over the tables of importers/ (docs/interfaces.md, reports).
 *
 * monitoring: one row per MN, pollutant and period. Rows are keyed by the
 * device MN; the outlet and enterprise come from outlet.mn at report time
 * (the permit with the latest valid_to when several name the MN), so data
 * imported before its permit shows its uscc once the permit arrives, and
 * rows of an unknown MN show with empty uscc and outlet.
 *
 * unmatched: one row per MN that no permit outlet names (yet).
 */
#define MON_OUTLET(col)                                                       \
	"(SELECT " col " FROM outlet o JOIN permit p ON p.permit_no = o.permit_no" \
	" WHERE o.mn = m.mn ORDER BY p.valid_to DESC, p.permit_no LIMIT 1)"

const struct report_def importers_reports[] = {
	{ "permits", "one row per permit",
	  "SELECT p.permit_no, p.uscc, p.name, p.town,"
	  " p.industry_code AS industry, p.class, p.grade, p.valid_from,"
	  " p.valid_to,"
	  " (SELECT count(*) FROM outlet o WHERE o.permit_no = p.permit_no) AS outlets,"
	  " coalesce(e.uscc_ok, 0) AS uscc_ok"
	  " FROM permit p LEFT JOIN enterprise e ON e.uscc = p.uscc"
	  " ORDER BY p.permit_no",
	  NULL },
	{ "monitoring", "one row per outlet-pollutant-period (hour or day)",
	  "SELECT coalesce(" MON_OUTLET("p.uscc") ", '') AS uscc,"
	  " coalesce(" MON_OUTLET("o.code") ", '') AS outlet,"
	  " m.mn, m.pollutant,"
	  " CASE m.cn WHEN 2061 THEN 'hour' WHEN 2031 THEN 'day'"
	  "  WHEN 2051 THEN 'minute' ELSE 'realtime' END AS period,"
	  " m.start, m.avg, m.zs_avg, m.min, m.max, m.flag"
	  " FROM monitoring m ORDER BY m.mn, m.cn, m.pollutant, m.start",
	  NULL },
	{ "unmatched", "one row per monitoring MN that no permit outlet names",
	  "SELECT m.mn, count(*) AS values_stored, min(m.start) AS first_start,"
	  " max(m.start) AS last_start FROM monitoring m"
	  " WHERE NOT EXISTS (SELECT 1 FROM outlet o WHERE o.mn = m.mn)"
	  " GROUP BY m.mn ORDER BY m.mn",
	  NULL },
	{ "generation", "one row per power unit and hour: the kWh it generated",
	  "SELECT coalesce(" MON_OUTLET("p.uscc") ", '') AS uscc,"
	  " coalesce(" MON_OUTLET("o.permit_no") ", '') AS permit_no,"
	  " coalesce(" MON_OUTLET("o.unit") ", '') AS unit, m.mn, m.hour,"
	  " printf('%d.%03d', m.wh / 1000, m.wh % 1000) AS kwh, m.revision"
	  " FROM generation m ORDER BY m.mn, m.hour",
	  NULL },
	{ NULL, NULL, NULL, NULL },
};
