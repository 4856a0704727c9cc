#include "core/common.h"
#include "exporters/channel.h"

/* Channel "finance" (banks, financial regulator): green-credit guidance and
 * the colour changes since the channel's previous package (all changes up
 * to the business date in the first package). */
static const struct table_def tables[] = {
	{ "credit",
	  "SELECT uscc, name, colour, bank_guidance, reasons, basis FROM credit"
	  " WHERE as_of = ?1 ORDER BY uscc", NULL },
	{ "rating_changes",
	  "SELECT c.uscc, e.name, c.as_of AS changed_on, c.from_colour,"
	  " c.to_colour, c.cause, s.id || ' ' || s.version AS rule_set"
	  " FROM colour_change c LEFT JOIN enterprise e ON e.uscc = c.uscc"
	  " LEFT JOIN rule_set s ON s.sha256 = c.rule_set_sha256"
	  " WHERE c.as_of > ?2 AND c.as_of <= ?1 ORDER BY c.as_of, c.uscc", NULL },
	{ NULL, NULL, NULL },
};

const struct exporter exporter_finance = {
	"finance", "banks: credit guidance and colour changes", tables, NULL, 1,
};
