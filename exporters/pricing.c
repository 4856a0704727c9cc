#include "core/common.h"
#include "exporters/channel.h"

/* Channel "pricing" (price bureau, power and water companies): the colour
 * surcharges and the environmental electricity price settlement of coal
 * power units (docs/power-price.md), money and kWh as exact decimals. */
#define YUAN(col) "CASE WHEN " col " IS NULL THEN NULL ELSE printf('%d.%02d', " \
	col " / 100, " col " % 100) END"
#define KWH(col) "CASE WHEN " col " IS NULL THEN NULL ELSE printf('%d.%03d', " \
	col " / 1000, " col " % 1000) END"

static const struct table_def tables[] = {
	{ "pricing",
	  "SELECT uscc, name, colour, snapshot_date, electricity_yuan_per_kwh,"
	  " sewage_yuan_per_m3, applies_from, applies_to, basis FROM pricing"
	  " WHERE as_of = ?1 ORDER BY uscc" },
	{ "power_price",
	  "SELECT uscc, name, permit_no, outlet, unit, commissioned, month, pollutant,"
	  " control, limit_conc, ultra_low_conc, hours, exceed_hours, double_hours,"
	  " fault_hours, unknown_hours, stopped_hours,"
	  " " KWH("confiscated_wh") " AS kwh, " KWH("double_wh") " AS double_kwh,"
	  " " YUAN("markup_centifen") " AS markup_fen_per_kwh,"
	  " " YUAN("confiscated_fen") " AS confiscated_yuan,"
	  " " YUAN("fine_ceiling_fen") " AS fine_ceiling_yuan,"
	  " ultra_low_hours, bonus_hours, " KWH("bonus_wh") " AS bonus_kwh,"
	  " " YUAN("bonus_centifen") " AS bonus_fen_per_kwh,"
	  " " YUAN("bonus_confiscated_fen") " AS bonus_confiscated_yuan,"
	  " generation, note, basis FROM power_price WHERE as_of = ?1"
	  " ORDER BY uscc, permit_no, outlet, month, pollutant" },
	{ NULL, NULL },
};

const struct exporter exporter_pricing = {
	"pricing", "price bureau, utilities: surcharges", tables, NULL, 1,
};
