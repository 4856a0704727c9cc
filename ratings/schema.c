#include "core/schema.h"

/*
 * Tables owned by ratings/ (and rules/ for rule_set). Linkage and the
 * exporters read rating, colour_change and override; column names here
 * are part of their contract.
 */
const char schema_ratings_v1[] =
	"CREATE TABLE rule_set ("
	"  sha256 TEXT PRIMARY KEY,"            /* of the XML bytes */
	"  id TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  effective_from TEXT NOT NULL,"
	"  xml BLOB NOT NULL,"
	"  start_offset_days INTEGER NOT NULL DEFAULT 0,"
	"  installed INTEGER NOT NULL DEFAULT 0," /* 1: chosen by date (rules install) */
	"  loaded_at TEXT NOT NULL);"
	"CREATE INDEX rule_set_effective ON rule_set(installed, effective_from);"
	"CREATE TABLE rule_event ("              /* a stored set's event table */
	"  rule_set_sha256 TEXT NOT NULL,"
	"  category TEXT NOT NULL,"
	"  points INTEGER NOT NULL,"
	"  months INTEGER NOT NULL,"
	"  effect TEXT NOT NULL,"               /* none | veto | incident */
	"  PRIMARY KEY (rule_set_sha256, category)) WITHOUT ROWID;"
	"CREATE TABLE rating ("
	"  as_of TEXT NOT NULL,"
	"  uscc TEXT NOT NULL,"
	"  score INTEGER NOT NULL,"
	"  band_colour TEXT NOT NULL,"          /* colour of the score band */
	"  colour TEXT NOT NULL,"               /* after incidents, vetoes, override */
	"  previous_colour TEXT,"               /* colour on the previous rated date */
	"  changed_on TEXT,"                    /* date the current colour began */
	"  override_id INTEGER,"
	"  rule_set_sha256 TEXT NOT NULL,"
	"  incidents INTEGER NOT NULL DEFAULT 0," /* active incidents applied */
	"  veto INTEGER NOT NULL DEFAULT 0,"    /* 1: capped by a veto */
	"  PRIMARY KEY (as_of, uscc)) WITHOUT ROWID;"
	/* No (uscc, as_of) index: with a full row per enterprise per date it
	 * would be rewritten across its whole width by every rate (measured:
	 * 40% of the time at 500k enterprises). Per-enterprise history is
	 * colour_change; single lookups use the primary key. */
	"CREATE TABLE rate_date ("               /* dates that were rated */
	"  as_of TEXT PRIMARY KEY,"
	"  rule_set_sha256 TEXT NOT NULL,"
	"  run_id TEXT,"
	"  enterprises INTEGER NOT NULL);"
	"CREATE TABLE colour_change ("
	"  uscc TEXT NOT NULL,"
	"  as_of TEXT NOT NULL,"
	"  from_colour TEXT,"
	"  to_colour TEXT NOT NULL,"
	"  cause TEXT NOT NULL,"
	"  rule_set_sha256 TEXT NOT NULL,"
	"  score INTEGER,"
	"  previous_score INTEGER,"
	"  PRIMARY KEY (uscc, as_of)) WITHOUT ROWID;"
	"CREATE INDEX colour_change_as_of ON colour_change(as_of);"
	"CREATE TABLE override ("
	"  id INTEGER PRIMARY KEY,"
	"  uscc TEXT NOT NULL,"
	"  colour TEXT,"                        /* NULL: ends override ends_id */
	"  reason TEXT NOT NULL,"
	"  by_name TEXT NOT NULL,"
	"  from_date TEXT NOT NULL,"
	"  until TEXT,"                         /* inclusive, NULL open-ended */
	"  ends_id INTEGER REFERENCES override(id),"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX override_uscc ON override(uscc);"
	"CREATE TABLE event_evidence ("          /* hours behind a monitoring event */
	"  event_id TEXT NOT NULL,"
	"  mn TEXT NOT NULL,"
	"  pollutant TEXT NOT NULL,"
	"  start TEXT NOT NULL,"
	"  value REAL,"
	"  limit_value REAL,"
	"  PRIMARY KEY (event_id, mn, pollutant, start)) WITHOUT ROWID;"
	/* The rating scan reads events grouped by enterprise; this covering
	 * index on the importers' table lets it do so in one ordered pass. */
	"CREATE INDEX event_rating ON event(uscc, date, category, source);";
