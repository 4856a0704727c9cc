#include "core/schema.h"

/*
 * Tables owned by exporters/. One row per package: its per-channel
 * sequence number is reserved before any file is written and never given
 * to another package; a rerun of the same channel, business date and run
 * id finds its row and reuses the number (and so writes the same bytes).
 * 'written' rows carry the hashes that the next package chains to.
 */
const char schema_exporters_v1[] =
	"CREATE TABLE package ("
	"  channel TEXT NOT NULL,"
	"  sequence INTEGER NOT NULL,"
	"  business_date TEXT NOT NULL,"
	"  run_id TEXT NOT NULL,"
	"  name TEXT NOT NULL,"                 /* 'tax-2026-11-28-3' */
	"  state TEXT NOT NULL CHECK (state IN ('reserved','written')),"
	"  archive_sha256 TEXT,"
	"  release_sha256 TEXT,"
	"  records TEXT,"                       /* the release's Records value */
	"  PRIMARY KEY (channel, sequence),"
	"  UNIQUE (channel, business_date, run_id));";

/*
 * Version 3: a run may own more than one package of a channel and date.
 * When its data changed after its package was published (a manual export
 * before nightly, `export --force`, a database restored and its outbox
 * adopted), the new bytes get a new sequence number instead of the
 * published name (docs/export.md, "the outbox is a ledger"). The lookup
 * by run takes the newest sequence.
 */
const char schema_exporters_v3[] =
	"CREATE TABLE package_v3 ("
	"  channel TEXT NOT NULL,"
	"  sequence INTEGER NOT NULL,"
	"  business_date TEXT NOT NULL,"
	"  run_id TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('reserved','written')),"
	"  archive_sha256 TEXT,"
	"  release_sha256 TEXT,"
	"  records TEXT,"
	"  PRIMARY KEY (channel, sequence));"
	"INSERT INTO package_v3 SELECT channel, sequence, business_date, run_id,"
	" name, state, archive_sha256, release_sha256, records FROM package;"
	"DROP TABLE package;"
	"ALTER TABLE package_v3 RENAME TO package;"
	"CREATE INDEX package_run ON package(channel, business_date, run_id);";
