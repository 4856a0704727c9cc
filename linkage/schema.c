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
