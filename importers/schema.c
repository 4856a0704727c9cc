#include "core/schema.h"
#include "importers/monstore.h"

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

/*
 * Version 4: the compact monitoring store (docs/scaling.md, "The
 * monitoring store"). The one-row-per-value table keyed by four text
 * columns becomes
 * - mon_series: one integer per MN, CN and pollutant (the series);
 * - mon_packet: the provenance of each stored packet once (file, line,
 *   receive stamp, CRC variant, QN), not once per value;
 * - mon_value: one row per series and period, keyed by two integers: the
 *   series and the period start t, DataTime read as seconds since
 *   1970-01-01 00:00:00 on the device's own clock (no zone: day = t / 86400
 *   is the device's calendar day); values as before; the packet's id;
 * - mon_value_revision: superseded values, as monitoring_revision was;
 * - mon_day: per series and day, what rating and linkage need without
 *   reading the hours: bit h (0-23) of `hours` set when hour h has a value,
 *   of `bad` when its flag is not N (or missing), of `f` when it is F;
 *   vmax the largest valid value (flag N, ZsAvg else Avg). Kept by the
 *   importer at the end of each file for the days it touched.
 * - mon_month: per series and month (YYYYMM), the number of valid values
 *   and their sum added in time order, for monthly means (the tax list):
 *   an import appending later hours adds them to the sum, anything else
 *   rebuilds it (importers/monstore.h, MON_MONTH_PUT).
 * The views monitoring and monitoring_revision show the old columns in the
 * old order, so reports and ad-hoc queries read what they read before.
 * The migration copies every value and revision; it runs in one
 * transaction like every migration, so a migration killed half way leaves
 * version 3 as it was and the next `ecredit init` starts it again.
 */
#define MON_VALUE_COLS "avg, zs_avg, min, max, zs_min, zs_max, cou, flag"
#define MON_TRIGGER_SERIES(R) "(SELECT id FROM mon_series WHERE mn = " R ".mn" \
	" AND cn = " R ".cn AND pollutant = " R ".pollutant)"
#define MON_TRIGGER_T(R) "CAST(strftime('%s', " R ".start) AS INTEGER)"
#define MON_TRIGGER_KEY(R) "day = " MON_DAY(MON_TRIGGER_T(R)) \
	" AND series = " MON_TRIGGER_SERIES(R) " AND t = " MON_TRIGGER_T(R)
const char schema_importers_v4[] =
	"CREATE TABLE mon_series ("
	"  id INTEGER PRIMARY KEY,"
	"  mn TEXT NOT NULL, cn INTEGER NOT NULL, pollutant TEXT NOT NULL,"
	"  UNIQUE (mn, cn, pollutant));"
	"CREATE TABLE mon_packet ("
	"  id INTEGER PRIMARY KEY,"
	"  file_id INTEGER,"                    /* import_file.id */
	"  line INTEGER,"                       /* its (first) line in that file */
	"  received TEXT,"                      /* the log's receive stamp, or NULL */
	"  crc_variant TEXT,"                   /* NULL, 'modbus' or 'swapped' */
	"  qn TEXT);"                           /* 'YYYYMMDDhhmmssSSS' or NULL */
	"CREATE TABLE mon_value ("
	"  day INTEGER NOT NULL,"               /* t's day (importers/monstore.h) */
	"  series INTEGER NOT NULL,"
	"  t INTEGER NOT NULL,"
	"  avg REAL, zs_avg REAL, min REAL, max REAL, zs_min REAL, zs_max REAL,"
	"  cou REAL, flag TEXT,"
	"  revision INTEGER NOT NULL DEFAULT 0,"
	"  packet INTEGER NOT NULL,"
	"  PRIMARY KEY (day, series, t)) WITHOUT ROWID;"
	"CREATE TABLE mon_value_revision ("
	"  series INTEGER NOT NULL, t INTEGER NOT NULL, revision INTEGER NOT NULL,"
	"  avg REAL, zs_avg REAL, min REAL, max REAL, zs_min REAL, zs_max REAL,"
	"  cou REAL, flag TEXT, packet INTEGER NOT NULL,"
	"  replaced_by_file INTEGER,"
	"  PRIMARY KEY (series, t, revision)) WITHOUT ROWID;"
	"CREATE TABLE mon_day ("
	"  series INTEGER NOT NULL, day INTEGER NOT NULL,"
	"  hours INTEGER NOT NULL, bad INTEGER NOT NULL, f INTEGER NOT NULL,"
	"  vmax REAL,"
	"  PRIMARY KEY (series, day)) WITHOUT ROWID;"
	"CREATE TABLE mon_month ("
	"  series INTEGER NOT NULL, month INTEGER NOT NULL," /* YYYYMM */
	"  n INTEGER NOT NULL,"                 /* valid values: flag N, a value */
	"  vsum REAL,"                          /* their sum, in time order */
	"  vlast INTEGER,"                      /* the last one's start t */
	"  PRIMARY KEY (series, month)) WITHOUT ROWID;"
	/* the copy */
	"INSERT INTO mon_series (mn, cn, pollutant)"
	" SELECT mn, cn, pollutant FROM monitoring UNION"
	" SELECT mn, cn, pollutant FROM monitoring_revision ORDER BY 1, 2, 3;"
	"INSERT INTO mon_packet (file_id, line, received, crc_variant, qn)"
	" SELECT file_id, packet, received, crc_variant, qn FROM monitoring UNION"
	" SELECT file_id, packet, received, crc_variant, qn FROM monitoring_revision"
	" ORDER BY 1, 2, 3, 4, 5;"
	"CREATE INDEX mon_packet_copy ON mon_packet (file_id, line, received,"
	" crc_variant, qn);"
	"INSERT INTO mon_value (day, series, t, " MON_VALUE_COLS ", revision, packet)"
	" SELECT " MON_DAY("t") ", series, t, " MON_VALUE_COLS ", revision, packet"
	" FROM (SELECT s.id AS series, CAST(strftime('%s', m.start) AS INTEGER) AS t,"
	"  m.avg, m.zs_avg, m.min, m.max, m.zs_min, m.zs_max, m.cou, m.flag,"
	"  m.revision, p.id AS packet"
	" FROM monitoring m JOIN mon_series s ON s.mn = m.mn AND s.cn = m.cn"
	"  AND s.pollutant = m.pollutant"
	" JOIN mon_packet p ON p.file_id IS m.file_id AND p.line IS m.packet"
	"  AND p.received IS m.received AND p.crc_variant IS m.crc_variant"
	"  AND p.qn IS m.qn) ORDER BY 1, 2, 3;"
	"INSERT INTO mon_value_revision (series, t, revision, " MON_VALUE_COLS ","
	" packet, replaced_by_file)"
	" SELECT s.id, CAST(strftime('%s', m.start) AS INTEGER), m.revision, m.avg,"
	"  m.zs_avg, m.min, m.max, m.zs_min, m.zs_max, m.cou, m.flag, p.id,"
	"  m.replaced_by_file"
	" FROM monitoring_revision m JOIN mon_series s ON s.mn = m.mn"
	"  AND s.cn = m.cn AND s.pollutant = m.pollutant"
	" JOIN mon_packet p ON p.file_id IS m.file_id AND p.line IS m.packet"
	"  AND p.received IS m.received AND p.crc_variant IS m.crc_variant"
	"  AND p.qn IS m.qn;"
	"DROP INDEX mon_packet_copy;"
	"INSERT INTO mon_day (series, day, hours, bad, f, vmax) "
	MON_DAY_SELECT " FROM mon_value" MON_DAY_GROUP ";"
	/* each series-month by the one statement that writes it */
	"CREATE TEMP TABLE mon_month_copy (series INTEGER, month INTEGER);"
	"CREATE TEMP TRIGGER mon_month_copy_put AFTER INSERT ON mon_month_copy"
	" BEGIN " MON_MONTH_PUT("NEW.series", "NEW.month") "; END;"
	"INSERT INTO temp.mon_month_copy SELECT DISTINCT series, " MON_MONTH("day")
	" FROM mon_day ORDER BY 1, 2;"
	"DROP TABLE temp.mon_month_copy;"
	"DROP TABLE monitoring;"
	"DROP TABLE monitoring_revision;"
	"CREATE VIEW monitoring AS SELECT s.mn AS mn, s.cn AS cn,"
	"  s.pollutant AS pollutant,"
	"  " MON_START("v.t") " AS start,"
	"  v.avg AS avg, v.zs_avg AS zs_avg, v.min AS min, v.max AS max,"
	"  v.zs_min AS zs_min, v.zs_max AS zs_max, v.cou AS cou, v.flag AS flag,"
	"  v.revision AS revision, p.crc_variant AS crc_variant,"
	"  p.received AS received, p.file_id AS file_id, p.line AS packet,"
	"  p.qn AS qn"
	" FROM mon_value v JOIN mon_series s ON s.id = v.series"
	" JOIN mon_packet p ON p.id = v.packet;"
	"CREATE VIEW monitoring_revision AS SELECT s.mn AS mn, s.cn AS cn,"
	"  s.pollutant AS pollutant,"
	"  " MON_START("v.t") " AS start,"
	"  v.revision AS revision,"
	"  v.avg AS avg, v.zs_avg AS zs_avg, v.min AS min, v.max AS max,"
	"  v.zs_min AS zs_min, v.zs_max AS zs_max, v.cou AS cou, v.flag AS flag,"
	"  p.crc_variant AS crc_variant, p.received AS received,"
	"  p.file_id AS file_id, p.line AS packet,"
	"  v.replaced_by_file AS replaced_by_file, p.qn AS qn"
	" FROM mon_value_revision v JOIN mon_series s ON s.id = v.series"
	" JOIN mon_packet p ON p.id = v.packet;"
	/* The view takes writes (test fixtures, repairs by hand): values and
	 * flag by UPDATE, whole rows by INSERT and DELETE; each keeps its
	 * day's mon_day row. */
	"CREATE TRIGGER monitoring_insert INSTEAD OF INSERT ON monitoring BEGIN"
	" INSERT OR IGNORE INTO mon_series (mn, cn, pollutant)"
	"  VALUES (NEW.mn, NEW.cn, NEW.pollutant);"
	" INSERT INTO mon_packet (file_id, line, received, crc_variant, qn)"
	"  VALUES (NEW.file_id, NEW.packet, NEW.received, NEW.crc_variant, NEW.qn);"
	" INSERT INTO mon_value (day, series, t, " MON_VALUE_COLS ", revision,"
	"  packet) VALUES (" MON_DAY(MON_TRIGGER_T("NEW")) ","
	"  " MON_TRIGGER_SERIES("NEW") ", " MON_TRIGGER_T("NEW") ","
	"  NEW.avg, NEW.zs_avg, NEW.min, NEW.max, NEW.zs_min, NEW.zs_max, NEW.cou,"
	"  NEW.flag, coalesce(NEW.revision, 0), last_insert_rowid());"
	MON_DAY_REFRESH(MON_TRIGGER_SERIES("NEW"), MON_DAY(MON_TRIGGER_T("NEW")))
	MON_MONTH_PUT(MON_TRIGGER_SERIES("NEW"), MON_MONTH(MON_DAY(MON_TRIGGER_T("NEW")))) ";"
	" END;"
	"CREATE TRIGGER monitoring_update INSTEAD OF UPDATE ON monitoring BEGIN"
	" UPDATE mon_value SET avg = NEW.avg, zs_avg = NEW.zs_avg, min = NEW.min,"
	"  max = NEW.max, zs_min = NEW.zs_min, zs_max = NEW.zs_max, cou = NEW.cou,"
	"  flag = NEW.flag, revision = NEW.revision"
	"  WHERE " MON_TRIGGER_KEY("OLD") ";"
	MON_DAY_REFRESH(MON_TRIGGER_SERIES("OLD"), MON_DAY(MON_TRIGGER_T("OLD")))
	MON_MONTH_PUT(MON_TRIGGER_SERIES("OLD"), MON_MONTH(MON_DAY(MON_TRIGGER_T("OLD")))) ";"
	" END;"
	"CREATE TRIGGER monitoring_delete INSTEAD OF DELETE ON monitoring BEGIN"
	" DELETE FROM mon_value WHERE " MON_TRIGGER_KEY("OLD") ";"
	MON_DAY_REFRESH(MON_TRIGGER_SERIES("OLD"), MON_DAY(MON_TRIGGER_T("OLD")))
	MON_MONTH_PUT(MON_TRIGGER_SERIES("OLD"), MON_MONTH(MON_DAY(MON_TRIGGER_T("OLD")))) ";"
	" END;";
