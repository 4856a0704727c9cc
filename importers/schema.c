#include "core/schema.h"

/*
 * What the importers store. Other areas read these tables; only importers
 * (and the rating step, for monitoring-derived events) write them.
 *
 * Dates are 'YYYY-MM-DD'; monitoring period starts are 'YYYY-MM-DD HH:MM:SS'
 * (HJ 212 DataTime, local time of the device, taken as Asia/Shanghai).
 * Monitoring rows are keyed by device MN, not by outlet: the outlet is found
 * through outlet.mn when the data is used, so data that arrives before its
 * permit is attached as soon as the permit arrives.
 */
const char schema_importers_v1[] =
	"CREATE TABLE enterprise ("
	"  uscc TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL DEFAULT '',"
	"  region TEXT,"
	"  town TEXT,"
	"  uscc_ok INTEGER NOT NULL,"           /* GB 32100 check character */
	"  first_seen TEXT NOT NULL"            /* earliest date of any record */
	") WITHOUT ROWID;"
	"CREATE TABLE permit ("
	"  permit_no TEXT PRIMARY KEY,"
	"  uscc TEXT NOT NULL,"
	"  name TEXT NOT NULL DEFAULT '',"      /* the enterprise as this permit */
	"  region TEXT,"                        /* names it (enterprise keeps */
	"  town TEXT,"                          /* the first one seen) */
	"  status TEXT NOT NULL,"
	"  issued TEXT,"
	"  valid_from TEXT NOT NULL,"
	"  valid_to TEXT NOT NULL,"
	"  industry_code TEXT,"
	"  industry_name TEXT,"
	"  key_industry INTEGER NOT NULL DEFAULT 0,"
	"  class TEXT,"                         /* key | simplified | registration */
	"  grade TEXT,"                         /* A B B- C D leading non-leading none */
	"  guarantee INTEGER NOT NULL DEFAULT 0,"
	"  generated TEXT,"                     /* file's generated=, UTC 'YYYY-MM-DDTHH:MM:SSZ' */
	"  content_sha256 TEXT NOT NULL,"
	"  file_id INTEGER,"
	"  line INTEGER);"
	"CREATE INDEX permit_uscc ON permit(uscc);"
	"CREATE TABLE permit_history ("         /* replaced versions, whole */
	"  permit_no TEXT NOT NULL,"
	"  content_sha256 TEXT NOT NULL,"
	"  record TEXT NOT NULL,"               /* JSON of the replaced rows */
	"  file_id INTEGER,"
	"  replaced_by_file INTEGER,"
	"  PRIMARY KEY (permit_no, content_sha256));"
	"CREATE TABLE outlet ("
	"  permit_no TEXT NOT NULL,"
	"  code TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('air','water')),"
	"  mn TEXT,"
	"  ultra_low INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (permit_no, code)) WITHOUT ROWID;"
	"CREATE INDEX outlet_mn ON outlet(mn);"
	"CREATE TABLE outlet_limit ("
	"  permit_no TEXT NOT NULL,"
	"  outlet_code TEXT NOT NULL,"
	"  pollutant TEXT NOT NULL,"            /* HJ 212-2017 code */
	"  conc REAL,"
	"  ultra_low_conc REAL,"
	"  annual_t REAL,"
	"  PRIMARY KEY (permit_no, outlet_code, pollutant)) WITHOUT ROWID;"
	"CREATE TABLE event ("
	"  event_id TEXT PRIMARY KEY,"          /* normalised decision number */
	"  uscc TEXT NOT NULL,"
	"  name TEXT,"
	"  category TEXT NOT NULL,"             /* core/evtype.h code */
	"  date TEXT NOT NULL,"
	"  violation TEXT,"
	"  fine_wan REAL,"
	"  authority TEXT,"
	"  basis TEXT,"
	"  source TEXT NOT NULL,"               /* 'penalties' | 'monitoring' */
	"  decision_no TEXT,"                   /* as written in the file */
	"  file_id INTEGER,"
	"  line INTEGER"
	") WITHOUT ROWID;"
	"CREATE INDEX event_uscc ON event(uscc, date);"
	"CREATE TABLE monitoring ("            /* owned by importers/monitoring.c */
	"  mn TEXT NOT NULL,"
	"  cn INTEGER NOT NULL,"                /* 2061 hour, 2031 day (2051/2011 opt.) */
	"  pollutant TEXT NOT NULL,"            /* 2017 code, 2005 codes mapped */
	"  start TEXT NOT NULL,"                /* DataTime 'YYYY-MM-DD HH:MM:SS' */
	"  avg REAL,"                           /* -Avg (-Rtd for CN 2011) */
	"  zs_avg REAL,"                        /* -ZsAvg (-ZsRtd for CN 2011) */
	"  min REAL,"
	"  max REAL,"
	"  zs_min REAL,"
	"  zs_max REAL,"
	"  cou REAL,"
	"  flag TEXT,"                          /* -Flag: N F M S D C T B ... */
	"  revision INTEGER NOT NULL DEFAULT 0,"/* 0 first, n after n revisions */
	"  crc_variant TEXT,"                   /* NULL, 'modbus' or 'swapped' */
	"  received TEXT,"                      /* the log's receive stamp, or NULL */
	"  file_id INTEGER,"
	"  packet INTEGER,"                     /* line number in that file */
	"  PRIMARY KEY (mn, cn, pollutant, start)) WITHOUT ROWID;"
	"CREATE TABLE monitoring_revision ("     /* superseded values, whole rows */
	"  mn TEXT NOT NULL, cn INTEGER NOT NULL, pollutant TEXT NOT NULL,"
	"  start TEXT NOT NULL, revision INTEGER NOT NULL,"
	"  avg REAL, zs_avg REAL, min REAL, max REAL, zs_min REAL, zs_max REAL,"
	"  cou REAL, flag TEXT, crc_variant TEXT, received TEXT,"
	"  file_id INTEGER, packet INTEGER,"
	"  replaced_by_file INTEGER,"           /* import_file.id of the new values */
	"  PRIMARY KEY (mn, cn, pollutant, start, revision)) WITHOUT ROWID;";

/*
 * Version 3:
 * - coal power units (docs/power-price.md). An air outlet may name the unit
 *   behind it and the day it entered service; `generation` holds the unit's
 *   hourly output, keyed by the device MN like `monitoring`, in whole
 *   watt-hours so that sums and money stay exact.
 * - the packet's QN (normalised 'YYYYMMDDhhmmssSSS', or NULL when it has
 *   none or an unreadable one) beside each value, so that of two values for
 *   one series and period the one sent later stays current
 *   (docs/importers-monitoring.md, "Duplicates and revisions").
 */
const char schema_importers_v3[] =
	"ALTER TABLE outlet ADD COLUMN unit TEXT;"
	"ALTER TABLE outlet ADD COLUMN commissioned TEXT;"
	"CREATE TABLE generation ("
	"  mn TEXT NOT NULL,"
	"  hour TEXT NOT NULL,"                 /* 'YYYY-MM-DD HH:00:00' */
	"  wh INTEGER NOT NULL CHECK (wh >= 0),"/* kWh x 1000, exact */
	"  revision INTEGER NOT NULL DEFAULT 0,"
	"  file_id INTEGER,"
	"  line INTEGER,"
	"  PRIMARY KEY (mn, hour)) WITHOUT ROWID;"
	"CREATE TABLE generation_revision ("    /* superseded values */
	"  mn TEXT NOT NULL, hour TEXT NOT NULL, revision INTEGER NOT NULL,"
	"  wh INTEGER NOT NULL, file_id INTEGER, line INTEGER,"
	"  replaced_by_file INTEGER,"
	"  PRIMARY KEY (mn, hour, revision)) WITHOUT ROWID;"
	"ALTER TABLE monitoring ADD COLUMN qn TEXT;"
	"ALTER TABLE monitoring_revision ADD COLUMN qn TEXT;";
