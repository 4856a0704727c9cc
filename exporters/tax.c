#include "core/common.h"
#include "exporters/channel.h"

/* Channel "tax" (tax bureau): the tax-reduction list, the ratings, a
 * summary of credit events and the permits in force. */
static const struct table_def tables[] = {
	{ "tax",
	  "SELECT uscc, outlet, pollutant, month, mean_conc, standard, valid_hours,"
	  " exceed_hours, tax_rate_pct, basis FROM tax WHERE as_of = ?1"
	  " ORDER BY uscc, outlet, pollutant, month", NULL },
	{ "ratings",
	  "SELECT r.uscc, e.name, r.score, r.colour, r.previous_colour, r.changed_on,"
	  " o.colour AS override, o.reason AS override_reason,"
	  " o.by_name AS override_by, s.id || ' ' || s.version AS rule_set"
	  " FROM rating r LEFT JOIN enterprise e ON e.uscc = r.uscc"
	  " LEFT JOIN override o ON o.id = r.override_id"
	  " LEFT JOIN rule_set s ON s.sha256 = r.rule_set_sha256"
	  " WHERE r.as_of = ?1 ORDER BY r.uscc", NULL },
	{ "penalties", /* every credit event up to the business date */
	  "SELECT v.uscc, max(e.name) AS name, v.category, count(*) AS events,"
	  " sum(v.fine_wan) AS fine_wan, min(v.date) AS first_date,"
	  " max(v.date) AS last_date"
	  " FROM event v LEFT JOIN enterprise e ON e.uscc = v.uscc"
	  " WHERE v.date <= ?1 GROUP BY v.uscc, v.category"
	  " ORDER BY v.uscc, v.category", NULL },
	{ "permits", /* in force on the business date */
	  "SELECT p.permit_no, p.uscc, e.name, e.town, p.status, p.valid_from,"
	  " p.valid_to, p.industry_name AS industry, p.class, p.grade,"
	  " (SELECT count(*) FROM outlet o WHERE o.permit_no = p.permit_no) AS outlets"
	  " FROM permit p LEFT JOIN enterprise e ON e.uscc = p.uscc"
	  " WHERE p.valid_from <= ?1 AND p.valid_to >= ?1 ORDER BY p.permit_no", NULL },
	{ NULL, NULL, NULL },
};

const struct exporter exporter_tax = {
	"tax", "tax bureau: tax reductions, ratings, events, permits", tables, NULL, 1,
};
