#include "core/common.h"
#include "exporters/channel.h"

/* Channel "pricing" (price bureau, power and water companies): the colour
 * surcharges and the environmental electricity price settlement of coal
 * power units (docs/power-price.md), money and kWh as exact decimals. The
 * tables are the reports of the same names (linkage/reports.c), so the
 * package and `ecredit report` give the same columns and values. */
static const struct table_def tables[] = {
	{ "pricing", NULL, "pricing" },
	{ "power_price", NULL, "power-price" },
	{ NULL, NULL, NULL },
};

const struct exporter exporter_pricing = {
	"pricing", "price bureau, utilities: surcharges", tables, NULL, 1,
};
