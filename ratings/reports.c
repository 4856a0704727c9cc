#include "core/common.h"
#include "core/report.h"

/* Reports over the tables of ratings/ (docs/interfaces.md, reports). :as_of defaults to the
 * latest rated date. */
const struct report_def ratings_reports[] = {
	{ "ratings", "one row per enterprise rated on the date",
	  "SELECT r.uscc, coalesce(en.name, '') AS name, r.score, r.colour,"
	  " r.previous_colour, r.changed_on, r.override_id AS override,"
	  " rs.id || ' ' || rs.version AS rule_set"
	  " FROM rating r LEFT JOIN enterprise en ON en.uscc = r.uscc"
	  " LEFT JOIN rule_set rs ON rs.sha256 = r.rule_set_sha256"
	  " WHERE r.as_of = :as_of ORDER BY r.uscc",
	  "SELECT max(as_of) FROM rate_date" },
	{ "events", "one row per credit event known on the date",
	  "SELECT e.uscc, e.event_id, e.category, e.date, re.points,"
	  " ec_add_months(ec_add_days(e.date, rs.start_offset_days), re.months)"
	  "  AS expires_on,"
	  " CASE WHEN e.source = 'monitoring' THEN 'monitoring'"
	  "  ELSE coalesce(f.path || ':' || e.line, e.decision_no, e.source) END"
	  "  AS source"
	  " FROM rate_date d JOIN rule_set rs ON rs.sha256 = d.rule_set_sha256"
	  " JOIN event e ON e.date <= d.as_of"
	  " LEFT JOIN rule_event re ON re.rule_set_sha256 = d.rule_set_sha256"
	  "  AND re.category = e.category"
	  " LEFT JOIN import_file f ON f.id = e.file_id"
	  " WHERE d.as_of = :as_of ORDER BY e.uscc, e.date, e.event_id",
	  "SELECT max(as_of) FROM rate_date" },
	{ NULL, NULL, NULL, NULL },
};
