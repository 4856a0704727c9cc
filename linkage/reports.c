#include "core/common.h"
#include "core/report.h"

/* Reports over the tables of linkage/ (docs/interfaces.md, reports); :as_of defaults to the
 * latest computed date. basis lists the rule ids behind each row. */
#define LATEST "SELECT max(as_of) FROM link_date"

const struct report_def linkage_reports[] = {
	{ "exemptions", "one row per exempt enterprise",
	  "SELECT uscc, name, permit_no, town, industry, grade, basis, measure,"
	  " valid_from, valid_to FROM exemption WHERE as_of = :as_of ORDER BY uscc",
	  LATEST },
	{ "exemption-misses", "one row per enterprise eligible for exemption but for"
	  " a penalty, a bar or its outlets",
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
	{ NULL, NULL, NULL, NULL },
};
