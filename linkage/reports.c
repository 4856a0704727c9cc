#include "core/common.h"
#include "core/report.h"

/* Reports over the tables of linkage/ (docs/interfaces.md, reports); :as_of defaults to the
 * latest computed date. basis lists the rule ids behind each row. */
#define LATEST "SELECT max(as_of) FROM link_date"
/* exact decimals from the integers power_price stores */
#define YUAN(col) "CASE WHEN " col " IS NULL THEN NULL ELSE printf('%d.%02d', " \
	col " / 100, " col " % 100) END"
#define KWH(col) "CASE WHEN " col " IS NULL THEN NULL ELSE printf('%d.%03d', " \
	col " / 1000, " col " % 1000) END"

const struct report_def linkage_reports[] = {
	{ "exemptions", "one row per exempt enterprise",
	  "SELECT uscc, name, permit_no, town, industry, grade, basis, measure,"
	  " valid_from, valid_to FROM exemption WHERE as_of = :as_of ORDER BY uscc",
	  LATEST },
	{ "exemption-misses", "one row per enterprise eligible for exemption but for"
	  " a penalty, a bar, its outlets or their monitoring (every reason)",
	  "SELECT uscc, name, reasons, basis FROM exemption_miss WHERE as_of = :as_of"
	  " ORDER BY uscc", LATEST },
	{ "revocations", "one row per exemption withdrawn",
	  "SELECT uscc, name, revoked_on, reason, basis, barred_until FROM revocation"
	  " WHERE as_of = :as_of ORDER BY uscc", LATEST },
	{ "emergency", "one row per enterprise under an alert level",
	  "SELECT uscc, name, alert, required_reduction_pct, measure, basis"
	  " FROM emergency WHERE as_of = :as_of"
	  " ORDER BY CASE alert WHEN 'yellow' THEN 1 WHEN 'orange' THEN 2 ELSE 3 END,"
	  " uscc", LATEST },
	{ "staggered", "one row per enterprise in the staggered-production plan",
	  "SELECT uscc, name, industry, period_from, period_to, limit_pct, basis"
	  " FROM staggered WHERE as_of = :as_of ORDER BY uscc", LATEST },
	{ "pricing", "one row per enterprise with a surcharge",
	  "SELECT uscc, name, colour, snapshot_date, electricity_yuan_per_kwh,"
	  " sewage_yuan_per_m3, applies_from, applies_to, basis FROM pricing"
	  " WHERE as_of = :as_of ORDER BY uscc", LATEST },
	{ "tax", "one row per outlet, pollutant and month",
	  "SELECT uscc, outlet, pollutant, month, round(mean_conc, 4) AS mean_conc,"
	  " standard, valid_hours, exceed_hours, tax_rate_pct, basis FROM tax"
	  " WHERE as_of = :as_of ORDER BY uscc, outlet, pollutant, month", LATEST },
	{ "credit", "one row per enterprise",
	  "SELECT uscc, name, colour, bank_guidance, reasons, basis FROM credit"
	  " WHERE as_of = :as_of ORDER BY uscc", LATEST },
	{ "power-price", "one row per coal power unit, pollutant and month: the"
	  " environmental electricity price settlement (docs/power-price.md)",
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
	  " generation, note, basis FROM power_price WHERE as_of = :as_of"
	  " ORDER BY uscc, permit_no, outlet, month, pollutant", LATEST },
	{ NULL, NULL, NULL, NULL },
};
