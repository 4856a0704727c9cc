#include "core/common.h"
#include "exporters/channel.h"

/* Channel "pricing" (price bureau, power and water companies). */
static const struct table_def tables[] = {
	{ "pricing",
	  "SELECT uscc, name, colour, snapshot_date, electricity_yuan_per_kwh,"
	  " sewage_yuan_per_m3, applies_from, applies_to, basis FROM pricing"
	  " WHERE as_of = ?1 ORDER BY uscc" },
	{ NULL, NULL },
};

const struct exporter exporter_pricing = {
	"pricing", "price bureau, utilities: surcharges", tables, NULL, 1,
};
