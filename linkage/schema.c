#include "core/schema.h"

/*
 * The linkage lists (docs/interfaces.md, reports), one table each, keyed by the date they were
 * computed for. Exporters read them; column names are part of the
 * contract (docs/interfaces.md report columns, plus as_of and basis).
 */
const char schema_linkage_v1[] =
	"CREATE TABLE link_date ("
	"  as_of TEXT PRIMARY KEY,"
	"  alerts TEXT NOT NULL,"               /* levels computed: 'yellow orange red' */
	"  rule_set_sha256 TEXT NOT NULL,"
	"  run_id TEXT);"
	"CREATE TABLE exemption ("
	"  as_of TEXT NOT NULL, uscc TEXT NOT NULL, name TEXT, permit_no TEXT,"
	"  town TEXT, industry TEXT, grade TEXT, basis TEXT NOT NULL,"
	"  measure TEXT NOT NULL, valid_from TEXT, valid_to TEXT,"
	"  PRIMARY KEY (as_of, uscc)) WITHOUT ROWID;"
	"CREATE TABLE revocation ("
	"  as_of TEXT NOT NULL, uscc TEXT NOT NULL, name TEXT,"
	"  revoked_on TEXT NOT NULL, reason TEXT NOT NULL, basis TEXT NOT NULL,"
	"  barred_until TEXT,"
	"  PRIMARY KEY (as_of, uscc)) WITHOUT ROWID;"
	"CREATE TABLE exemption_miss ("          /* eligible but for these rules */
	"  as_of TEXT NOT NULL, uscc TEXT NOT NULL, name TEXT,"
	"  reasons TEXT NOT NULL, basis TEXT NOT NULL,"
	"  PRIMARY KEY (as_of, uscc)) WITHOUT ROWID;"
	"CREATE INDEX revocation_bar ON revocation(uscc, barred_until);"
	"CREATE TABLE emergency ("
	"  as_of TEXT NOT NULL, alert TEXT NOT NULL, uscc TEXT NOT NULL, name TEXT,"
	"  required_reduction_pct REAL, measure TEXT NOT NULL, basis TEXT NOT NULL,"
	"  PRIMARY KEY (as_of, alert, uscc)) WITHOUT ROWID;"
	"CREATE TABLE staggered ("
	"  as_of TEXT NOT NULL, uscc TEXT NOT NULL, name TEXT, industry TEXT,"
	"  period_from TEXT NOT NULL, period_to TEXT NOT NULL, limit_pct REAL,"
	"  basis TEXT NOT NULL,"
	"  PRIMARY KEY (as_of, uscc)) WITHOUT ROWID;"
	"CREATE TABLE pricing ("
	"  as_of TEXT NOT NULL, uscc TEXT NOT NULL, name TEXT, colour TEXT NOT NULL,"
	"  snapshot_date TEXT NOT NULL, electricity_yuan_per_kwh REAL,"
	"  sewage_yuan_per_m3 REAL, applies_from TEXT NOT NULL,"
	"  applies_to TEXT NOT NULL, basis TEXT NOT NULL,"
	"  PRIMARY KEY (as_of, uscc)) WITHOUT ROWID;"
	"CREATE TABLE tax ("
	"  as_of TEXT NOT NULL, uscc TEXT NOT NULL, outlet TEXT NOT NULL,"
	"  pollutant TEXT NOT NULL, month TEXT NOT NULL, mean_conc REAL,"
	"  standard REAL, valid_hours INTEGER NOT NULL, exceed_hours INTEGER NOT NULL,"
	"  tax_rate_pct INTEGER NOT NULL, basis TEXT NOT NULL,"
	"  PRIMARY KEY (as_of, uscc, outlet, pollutant, month)) WITHOUT ROWID;"
	"CREATE TABLE credit ("
	"  as_of TEXT NOT NULL, uscc TEXT NOT NULL, name TEXT, colour TEXT NOT NULL,"
	"  bank_guidance TEXT NOT NULL, reasons TEXT NOT NULL, basis TEXT NOT NULL,"
	"  PRIMARY KEY (as_of, uscc)) WITHOUT ROWID;";

/*
 * Version 3: the environmental electricity price settlement of coal power
 * units (docs/power-price.md), one row per unit, pollutant and month. kWh
 * are whole watt-hours and money whole fen: never binary floating point.
 * A NULL amount means the kWh behind it are not known (see note).
 */
const char schema_linkage_v3[] =
	"CREATE TABLE power_price ("
	"  as_of TEXT NOT NULL, uscc TEXT NOT NULL, name TEXT,"
	"  permit_no TEXT NOT NULL, outlet TEXT NOT NULL, unit TEXT NOT NULL,"
	"  mn TEXT NOT NULL, commissioned TEXT, month TEXT NOT NULL,"
	"  pollutant TEXT NOT NULL, control TEXT NOT NULL,"
	"  limit_conc REAL, ultra_low_conc REAL,"
	"  hours INTEGER NOT NULL,"             /* hours in the month */
	"  exceed_hours INTEGER NOT NULL,"      /* valid mean > limit, generating */
	"  double_hours INTEGER NOT NULL,"      /* ... and >= multiple x limit */
	"  fault_hours INTEGER NOT NULL,"       /* fault flags or missing, generating */
	"  unknown_hours INTEGER NOT NULL,"     /* missing, generation not known */
	"  stopped_hours INTEGER NOT NULL,"     /* not generating */
	"  ultra_low_hours INTEGER NOT NULL,"   /* valid mean > ultra-low limit */
	"  bonus_hours INTEGER NOT NULL,"       /* of those, the bonus counted here */
	"  confiscated_wh INTEGER,"             /* kWh x 1000 in exceed + fault hours */
	"  double_wh INTEGER,"
	"  bonus_wh INTEGER,"
	"  markup_centifen INTEGER NOT NULL,"   /* 1/100 fen per kWh */
	"  confiscated_fen INTEGER,"
	"  fine_ceiling_fen INTEGER,"
	"  bonus_centifen INTEGER,"             /* NULL: no bonus for this unit */
	"  bonus_confiscated_fen INTEGER,"
	"  generation TEXT NOT NULL,"           /* complete | partial | missing */
	"  note TEXT NOT NULL,"
	"  evidence TEXT NOT NULL,"             /* the hours, for explain */
	"  basis TEXT NOT NULL,"
	"  PRIMARY KEY (as_of, uscc, permit_no, outlet, month, pollutant)) WITHOUT ROWID;";
