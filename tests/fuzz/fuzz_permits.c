/*
 * libFuzzer target: the input is imported as a permits file (streaming XML
 * reader, schema validation, checks, upsert) into a fresh in-memory
 * database. The input is written to one temporary file per process because
 * import_file() reads a path, as the real command does.
 */
#include "core/common.h"
#include "core/db.h"
#include "importers/importer.h"

#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[] = "/tmp/fuzz_permits.XXXXXX";
static int fd = -1;

static void remove_file(void)
{
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	struct import_counts c;
	struct db *db = NULL;

	if (fd < 0) {
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		atexit(remove_file);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	if (db_open(":memory:", DB_OPEN_CREATE, &db, &err) ||
	    db_migrate(db, NULL, NULL, &err))
		abort();
	if (!import_file(db, "permits", path, NULL, &c, &err) &&
	    c.read != c.stored + c.duplicate + c.quarantined)
		abort();
	/* the same input again must store nothing new */
	if (!import_file(db, "permits", path, NULL, &c, &err) && c.stored)
		abort();
	db_close(db);
	strbuf_release(&err);
	return 0;
}
