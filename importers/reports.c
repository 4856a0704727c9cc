#include "core/common.h"
#include "core/report.h"
#include "importers/monstore.h"

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
 *
 * revisions: one row per superseded value (mon_value_revision), beside the
 * value that stands now: which packet sent each (file and line, receive
 * stamp, QN) and which import replaced it (docs/importers-monitoring.md,
 * "Duplicates and revisions").
 *
 * The monitoring reports read the store's tables (importers/monstore.h)
 * in key order, series by series, so they need no sort.
 */
#define MON_PERIOD(cn)                                                        \
	"CASE " cn " WHEN 2061 THEN 'hour' WHEN 2031 THEN 'day'"              \
	" WHEN 2051 THEN 'minute' ELSE 'realtime' END"
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
	  " m.mn, m.pollutant, " MON_PERIOD("m.cn") " AS period,"
	  " " MON_START("v.t") " AS start, v.avg, v.zs_avg, v.min, v.max, v.flag"
	  " FROM mon_series m JOIN mon_day d ON d.series = m.id"
	  " CROSS JOIN mon_value v ON v.day = d.day AND v.series = m.id"
	  " ORDER BY m.mn, m.cn, m.pollutant, d.day, v.t",
	  NULL },
	{ "revisions", "one row per superseded monitoring value, beside the value that stands",
	  "SELECT coalesce(" MON_OUTLET("p.uscc") ", '') AS uscc,"
	  " coalesce(" MON_OUTLET("o.code") ", '') AS outlet,"
	  " m.mn, m.pollutant, " MON_PERIOD("m.cn") " AS period,"
	  " " MON_START("r.t") " AS start, r.revision, r.avg, r.zs_avg, r.min,"
	  " r.max, r.cou, r.flag, rp.qn, rp.received,"
	  " coalesce((SELECT f.path FROM import_file f WHERE f.id = rp.file_id), '')"
	  "  AS file, rp.line,"
	  " coalesce((SELECT f.path FROM import_file f"
	  "  WHERE f.id = r.replaced_by_file), '') AS replaced_by,"
	  " v.revision AS current_revision, v.avg AS current_avg,"
	  " v.zs_avg AS current_zs_avg, v.flag AS current_flag, vp.qn AS current_qn"
	  " FROM mon_series m JOIN mon_value_revision r ON r.series = m.id"
	  " JOIN mon_packet rp ON rp.id = r.packet"
	  " LEFT JOIN mon_value v ON v.day = " MON_DAY("r.t") " AND v.series = r.series"
	  "  AND v.t = r.t"
	  " LEFT JOIN mon_packet vp ON vp.id = v.packet"
	  " ORDER BY m.mn, m.cn, m.pollutant, r.t, r.revision",
	  NULL },
	{ "unmatched", "one row per monitoring MN that no permit outlet names",
	  "SELECT m.mn, count(*) AS values_stored, " MON_START("min(v.t)") " AS first_start,"
	  " " MON_START("max(v.t)") " AS last_start"
	  " FROM mon_series m JOIN mon_day d ON d.series = m.id"
	  " CROSS JOIN mon_value v ON v.day = d.day AND v.series = m.id"
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
