#include "core/common.h"
#include "core/db.h"
#include "core/date.h"
#include "core/schema.h"

#include <sqlite3.h>
#include <unistd.h>

struct db {
	sqlite3 *h;
	char *path;
};

struct db_stmt {
	sqlite3_stmt *h;
	struct db *db;
};

static int db_fail(struct db *db, struct strbuf *err, const char *what)
{
	int rc = sqlite3_extended_errcode(db->h);
	int code = EC_INTERNAL;

	if ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR ||
	    (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN)
		code = EC_IO;
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		code = EC_TEMPFAIL;
	if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
		code = EC_DATA;
	return ec_error(err, code, "database '%s': %s: %s", db->path, what,
			sqlite3_errmsg(db->h));
}

static void fn_add_months(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char out[DATE_TEXT_SIZE];
	int64_t n;
	int days;

	(void)argc;
	if (!s || date_parse(s, &days) ||
	    sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	n = sqlite3_value_int64(argv[1]);
	/* Out of 1900..9999 is NULL, never a wrapped date. */
	if (n < -120000 || n > 120000 ||
	    date_format(date_add_months(days, (int)n), out)) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

static void fn_add_days(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char out[DATE_TEXT_SIZE];
	int64_t n;
	int days;

	(void)argc;
	if (!s || date_parse(s, &days) ||
	    sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	n = sqlite3_value_int64(argv[1]);
	if (n < -4000000 || n > 4000000 || date_format(days + (int)n, out)) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

static void fn_days(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	int days;

	(void)argc;
	if (!s || date_parse(s, &days)) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_int(ctx, days);
}

/* ec_bit_or(x): the bitwise OR of the integers of a group (0 for none);
 * ec_bits(x): how many bits of x are set. For the hour masks of the
 * monitoring store (importers/monstore.h). */
static void fn_bit_or_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sqlite3_int64 *acc = sqlite3_aggregate_context(ctx, sizeof(*acc));

	(void)argc;
	if (acc && sqlite3_value_type(argv[0]) != SQLITE_NULL)
		*acc |= sqlite3_value_int64(argv[0]);
}

static void fn_bit_or_final(sqlite3_context *ctx)
{
	sqlite3_int64 *acc = sqlite3_aggregate_context(ctx, 0);

	sqlite3_result_int64(ctx, acc ? *acc : 0);
}

static void fn_bits(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_int(ctx, __builtin_popcountll(
		(unsigned long long)sqlite3_value_int64(argv[0])));
}

int db_open(const char *path, int flags, struct db **out, struct strbuf *err)
{
	struct db *db = xcalloc(1, sizeof(*db));
	int oflags = SQLITE_OPEN_NOMUTEX;
	int rc;

	*out = NULL;
	db->path = xstrdup(path);
	if (flags & DB_OPEN_READONLY)
		oflags |= SQLITE_OPEN_READONLY;
	else
		oflags |= SQLITE_OPEN_READWRITE;
	if (flags & DB_OPEN_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	/* Without DB_OPEN_CREATE a missing file is an error, never a new
	 * database (docs/operation.md: only `init` creates one). */
	if (!(flags & DB_OPEN_CREATE) && strcmp(path, ":memory:") &&
	    access(path, F_OK) != 0 && errno == ENOENT) {
		ec_error(err, EC_CONFIG,
			 "database '%s' does not exist: run 'ecredit init' to"
			 " create it", path);
		db_close(db);
		return EC_CONFIG;
	}
	if (flags & DB_OPEN_IMMUTABLE) {
		struct strbuf uri = STRBUF_INIT;

		/* file: URI with the path percent-encoded where it matters */
		strbuf_addstr(&uri, "file:");
		for (const char *p = path; *p; p++)
			if (*p == '%' || *p == '?' || *p == '#')
				strbuf_addf(&uri, "%%%02X", (unsigned char)*p);
			else
				strbuf_addch(&uri, *p);
		strbuf_addstr(&uri, "?immutable=1");
		rc = sqlite3_open_v2(uri.buf, &db->h, oflags | SQLITE_OPEN_URI, NULL);
		strbuf_release(&uri);
	} else {
		rc = sqlite3_open_v2(path, &db->h, oflags, NULL);
	}
	if (rc != SQLITE_OK) {
		int code = rc == SQLITE_CANTOPEN ? EC_NOINPUT : EC_IO;

		ec_error(err, code, "cannot open database '%s': %s", path,
			 db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		db_close(db);
		return code;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 10000);
	sqlite3_create_function(db->h, "ec_add_months", 2,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				fn_add_months, NULL, NULL);
	sqlite3_create_function(db->h, "ec_add_days", 2,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				fn_add_days, NULL, NULL);
	sqlite3_create_function(db->h, "ec_days", 1,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_days,
				NULL, NULL);
	sqlite3_create_function(db->h, "ec_bit_or", 1,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, NULL,
				fn_bit_or_step, fn_bit_or_final);
	sqlite3_create_function(db->h, "ec_bits", 1,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_bits,
				NULL, NULL);
	if (!(flags & DB_OPEN_READONLY)) {
		/* WAL survives a kill at any point; NORMAL sync is durable
		 * at each checkpoint and never corrupts. */
		if ((rc = db_exec(db, "PRAGMA journal_mode=WAL", err)) ||
		    (rc = db_exec(db, "PRAGMA synchronous=NORMAL", err))) {
			db_close(db);
			return rc;
		}
	}
	/* Temporary tables and sorters go to temporary files, each with its own
	 * page cache: in memory they grow with the data (rating a 100,000-
	 * enterprise province with its month of hourly data peaked at 300 MB
	 * with MEMORY, 183 MB with FILE, in the same time). */
	/* A 48 MiB page cache: the monitoring import's working set is the
	 * newest days of the store (importers/monstore.h); with 64 MiB its
	 * peak was 97-103 MB, with 48 MiB 80 MB at the same speed. */
	if ((rc = db_exec(db, "PRAGMA foreign_keys=ON", err)) ||
	    (rc = db_exec(db, "PRAGMA cache_size=-49152", err)) ||
	    (rc = db_exec(db, "PRAGMA temp_store=FILE", err))) {
		db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->h)
		sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
}

const char *db_path(const struct db *db)
{
	return db->path;
}

int db_exec(struct db *db, const char *sql, struct strbuf *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		sqlite3_free(msg);
		return db_fail(db, err, "exec");
	}
	return 0;
}

int db_begin(struct db *db, struct strbuf *err)
{
	return db_exec(db, "BEGIN IMMEDIATE", err);
}

int db_commit(struct db *db, struct strbuf *err)
{
	return db_exec(db, "COMMIT", err);
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int db_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(db->h);
}

int db_schema_version(struct db *db)
{
	int64_t v = 0;

	if (db_query_int64(db, "PRAGMA user_version", NULL, NULL, &v, NULL))
		return -1;
	return (int)v;
}

int db_latest_version(void)
{
	return migrations[migrations_count - 1].version;
}

int db_migrate(struct db *db, int *from, int *to, struct strbuf *err)
{
	int cur = db_schema_version(db);
	int rc = 0;

	if (cur < 0)
		return ec_error(err, EC_DATA, "database '%s': not an ecredit database",
				db->path);
	if (from)
		*from = cur;
	if (cur > db_latest_version())
		return ec_error(err, EC_DATA,
				"database '%s': schema version %d is newer than this "
				"program (%d)",
				db->path, cur, db_latest_version());
	for (int v = cur + 1; v <= db_latest_version(); v++) {
		struct strbuf pragma = STRBUF_INIT;

		if ((rc = db_begin(db, err)))
			return rc;
		for (int i = 0; i < migrations_count; i++) {
			if (migrations[i].version != v)
				continue;
			if ((rc = db_exec(db, migrations[i].sql, err))) {
				ec_prefix(err, "migration %d (%s): ", v,
					  migrations[i].area);
				db_rollback(db);
				return rc;
			}
		}
		/* PRAGMA takes no parameters; v is an integer we own. */
		strbuf_addf(&pragma, "PRAGMA user_version=%d", v);
		rc = db_exec(db, pragma.buf, err);
		strbuf_release(&pragma);
		if (rc || (rc = db_commit(db, err))) {
			db_rollback(db);
			return rc;
		}
	}
	if (to)
		*to = db_latest_version();
	return 0;
}

int db_require_current(struct db *db, struct strbuf *err)
{
	int v = db_schema_version(db);

	if (v == db_latest_version())
		return 0;
	if (v == 0)
		return ec_error(err, EC_CONFIG,
				"database '%s' is not initialised: run 'ecredit init'",
				db->path);
	return ec_error(err, EC_CONFIG,
			"database '%s' has schema version %d, this program needs %d: "
			"run 'ecredit init' to migrate",
			db->path, v, db_latest_version());
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out,
	       struct strbuf *err)
{
	sqlite3_stmt *h = NULL;

	*out = NULL;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &h,
			       NULL) != SQLITE_OK)
		return db_fail(db, err, "prepare");
	*out = xmalloc(sizeof(**out));
	(*out)->h = h;
	(*out)->db = db;
	return 0;
}

void db_finalize(struct db_stmt *st)
{
	if (!st)
		return;
	sqlite3_finalize(st->h);
	free(st);
}

void db_reset(struct db_stmt *st)
{
	sqlite3_reset(st->h);
	sqlite3_clear_bindings(st->h);
}

void db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(st->h, idx, v);
}

void db_bind_double(struct db_stmt *st, int idx, double v)
{
	sqlite3_bind_double(st->h, idx, v);
}

void db_bind_null(struct db_stmt *st, int idx)
{
	sqlite3_bind_null(st->h, idx);
}

void db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	if (!s)
		sqlite3_bind_null(st->h, idx);
	else
		sqlite3_bind_text(st->h, idx, s, -1, SQLITE_TRANSIENT);
}

void db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len)
{
	sqlite3_bind_text64(st->h, idx, s, len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

void db_bind_text_static(struct db_stmt *st, int idx, const char *s, size_t len)
{
	sqlite3_bind_text64(st->h, idx, s, len, SQLITE_STATIC, SQLITE_UTF8);
}

void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len)
{
	sqlite3_bind_blob64(st->h, idx, p, len, SQLITE_TRANSIENT);
}

int db_bind_index(struct db_stmt *st, const char *name)
{
	return sqlite3_bind_parameter_index(st->h, name);
}

int db_step(struct db_stmt *st, struct strbuf *err)
{
	int rc = sqlite3_step(st->h);

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	rc = db_fail(st->db, err, "step");
	sqlite3_reset(st->h);
	return rc;
}

int db_run(struct db_stmt *st, struct strbuf *err)
{
	int rc = db_step(st, err);

	db_reset(st);
	return rc < 0 ? rc : 0;
}

int db_column_count(struct db_stmt *st)
{
	return sqlite3_column_count(st->h);
}

const char *db_column_name(struct db_stmt *st, int col)
{
	return sqlite3_column_name(st->h, col);
}

int db_column_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->h, col) == SQLITE_NULL;
}

int db_column_is_text(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->h, col) == SQLITE_TEXT;
}

int db_column_is_integer(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->h, col) == SQLITE_INTEGER;
}

int64_t db_column_int64(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->h, col);
}

double db_column_double(struct db_stmt *st, int col)
{
	return sqlite3_column_double(st->h, col);
}

const char *db_column_text(struct db_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st->h, col);

	return s ? (const char *)s : "";
}

size_t db_column_bytes(struct db_stmt *st, int col)
{
	return (size_t)sqlite3_column_bytes(st->h, col);
}

const void *db_column_blob(struct db_stmt *st, int col)
{
	return sqlite3_column_blob(st->h, col);
}

int64_t db_last_insert_rowid(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int64_t db_changes(struct db *db)
{
	return sqlite3_changes64(db->h);
}

int db_run_text(struct db *db, const char *sql, const char *const *params,
		int n, struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	if ((rc = db_prepare(db, sql, &st, err)))
		return rc;
	for (int i = 0; i < n; i++)
		db_bind_text(st, i + 1, params[i]);
	rc = db_run(st, err);
	db_finalize(st);
	return rc;
}

int db_query_int64(struct db *db, const char *sql, const char *p1,
		   const char *p2, int64_t *out, struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	*out = 0;
	if ((rc = db_prepare(db, sql, &st, err)))
		return rc;
	if (p1)
		db_bind_text(st, 1, p1);
	if (p2)
		db_bind_text(st, 2, p2);
	rc = db_step(st, err);
	if (rc == DB_ROW)
		*out = db_column_int64(st, 0);
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

const char *db_library_version(void)
{
	return sqlite3_libversion();
}

void db_progress(struct db *db, int (*fn)(void *), void *data)
{
	sqlite3_progress_handler(db->h, fn ? 20000 : 0, fn, data);
}
