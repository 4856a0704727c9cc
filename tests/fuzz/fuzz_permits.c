/*
 * libFuzzer target: the input is imported as a permits file (streaming XML
 * reader, schema validation, checks, upsert) into an in-memory database
 * emptied before every input. The input is written to one temporary file
 * per process because import_file() reads a path, as the real command does.
 */
#include "core/common.h"
#include "core/db.h"
#include "importers/importer.h"

#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[] = "/tmp/fuzz_permits.XXXXXX";
static int fd = -1;
static struct db *db;

static void remove_file(void)
{
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	struct import_counts c;

	if (fd < 0) {
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		atexit(remove_file);
		if (db_open(":memory:", DB_OPEN_CREATE, &db, &err) ||
		    db_migrate(db, NULL, NULL, &err))
			abort();
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	if (db_exec(db, "DELETE FROM permit; DELETE FROM outlet; DELETE FROM outlet_limit;"
		    " DELETE FROM permit_history; DELETE FROM enterprise;"
		    " DELETE FROM quarantine; DELETE FROM import_file", &err))
		abort();
	if (!import_file(db, "permits", path, NULL, &c, &err) &&
	    c.read != c.stored + c.duplicate + c.quarantined)
		abort();
	/* the same input again must store nothing new */
	if (!import_file(db, "permits", path, NULL, &c, &err) && c.stored)
		abort();
	strbuf_release(&err);
	return 0;
}
