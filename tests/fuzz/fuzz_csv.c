/*
 * libFuzzer target: the bytes as a penalties CSV file, through the whole
 * importer (encoding detection, CSV reader, field checks, duplicate rule)
 * into an in-memory database. Checks what must hold for any input: the
 * counts reconcile (import_file checks), nothing but valid UTF-8 is
 * stored, and the field rules agree with themselves.
 */
#include "core/common.h"
#include "core/db.h"
#include "importers/csv.h"
#include "importers/importer.h"
#include "importers/penalties.h"

#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct db *db;
static char path[64];

static void setup(void)
{
	struct strbuf err = STRBUF_INIT;

	snprintf(path, sizeof(path), "/tmp/fuzz_csv.%ld.csv", (long)getpid());
	if (db_open(":memory:", DB_OPEN_CREATE, &db, &err) ||
	    db_migrate(db, NULL, NULL, &err)) {
		fprintf(stderr, "fuzz_csv: %s\n", err.buf);
		abort();
	}
	strbuf_release(&err);
}

/* Every stored text is valid UTF-8 and every event id is its own
 * normal form. */
static void check_stored(void)
{
	struct strbuf err = STRBUF_INIT, id = STRBUF_INIT;
	struct db_stmt *st;
	int rc;

	if (db_prepare(db,
		       "SELECT event_id, coalesce(name, ''), coalesce(violation, ''),"
		       " decision_no, date, 1 FROM event UNION ALL"
		       " SELECT reason, coalesce(raw, ''), coalesce(field, ''),"
		       " position, source_file, 0 FROM quarantine",
		       &st, &err))
		abort();
	while ((rc = db_step(st, &err)) == DB_ROW) {
		for (int c = 0; c < 5; c++)
			if (!csv_utf8_valid(db_column_text(st, c), db_column_bytes(st, c)) ||
			    strlen(db_column_text(st, c)) != db_column_bytes(st, c))
				abort();
		if (!db_column_int64(st, 5))
			continue;
		penalties_decision_id(db_column_text(st, 3), &id);
		if (strcmp(id.buf, db_column_text(st, 0)))
			abort();
	}
	if (rc < 0)
		abort();
	db_finalize(st);
	strbuf_release(&id);
	strbuf_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned runs;
	struct strbuf err = STRBUF_INIT;
	struct import_counts c;
	FILE *f;
	int rc;

	if (!db)
		setup();
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	rc = import_file(db, "penalties", path, NULL, &c, &err);
	if (rc && rc != EC_DATA) {
		fprintf(stderr, "fuzz_csv: unexpected %d: %s\n", rc, err.buf);
		abort();
	}
	if (!rc && c.read != c.stored + c.duplicate + c.quarantined)
		abort();
	check_stored();
	if (++runs % 500 == 0 &&
	    db_exec(db, "DELETE FROM event; DELETE FROM quarantine;"
			" DELETE FROM enterprise; DELETE FROM import_file", &err))
		abort();
	unlink(path);
	strbuf_release(&err);
	return 0;
}
