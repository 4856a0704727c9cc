#include "core/schema.h"

/*
 * Core tables: the run ledger, the files imported and the quarantine.
 * Times in the ledger are wall-clock UTC ("YYYY-MM-DDTHH:MM:SSZ") for
 * operators; nothing that is exported depends on them.
 */
const char schema_core_v1[] =
	"CREATE TABLE run ("
	"  run_id TEXT PRIMARY KEY,"          /* '2026-11-28.1' */
	"  business_date TEXT NOT NULL,"
	"  ordinal INTEGER NOT NULL,"
	"  command TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('started','committed','failed')),"
	"  rule_set_sha256 TEXT,"
	"  started TEXT NOT NULL,"
	"  finished TEXT,"
	"  message TEXT,"
	"  UNIQUE (business_date, ordinal));"
	"CREATE TABLE run_step ("
	"  run_id TEXT NOT NULL REFERENCES run(run_id),"
	"  step TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('started','committed','failed')),"
	"  counts TEXT NOT NULL DEFAULT '{}',"  /* JSON object */
	"  message TEXT,"
	"  started TEXT NOT NULL,"
	"  finished TEXT,"
	"  elapsed_ms INTEGER,"
	"  PRIMARY KEY (run_id, step));"
	"CREATE TABLE import_file ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL,"                 /* permits | penalties | monitoring */
	"  path TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  read INTEGER NOT NULL DEFAULT 0,"
	"  stored INTEGER NOT NULL DEFAULT 0,"
	"  duplicate INTEGER NOT NULL DEFAULT 0,"
	"  quarantined INTEGER NOT NULL DEFAULT 0,"
	"  warnings INTEGER NOT NULL DEFAULT 0,"
	"  extra TEXT NOT NULL DEFAULT '{}',"   /* JSON: importer-specific counts */
	"  run_id TEXT,"
	"  imported_at TEXT NOT NULL);"
	"CREATE INDEX import_file_sha ON import_file(sha256);"
	"CREATE TABLE quarantine ("
	"  id INTEGER PRIMARY KEY,"
	"  file_id INTEGER REFERENCES import_file(id),"
	"  source_file TEXT NOT NULL,"
	"  position TEXT NOT NULL,"             /* 'line 12', 'packet 7' */
	"  field TEXT,"
	"  reason TEXT NOT NULL,"
	"  raw TEXT);"
	"CREATE INDEX quarantine_file ON quarantine(file_id);";

/*
 * Version 2: the nightly job and the bureau package look up a run's
 * files by run id; without an index that is a scan of every file ever
 * imported.
 */
const char schema_core_v2[] =
	"CREATE INDEX import_file_run ON import_file(run_id);";

/*
 * Version 3: the exit status a run's command ended with (0, 1 or 65 for a
 * completed run; 70, 74, 78 ... for a failed one), so `ecredit status` can
 * say how the last nights ended. NULL: the run never reached its end (it
 * was killed, or is still running).
 */
const char schema_core_v3[] =
	"ALTER TABLE run ADD COLUMN exit_code INTEGER;";
