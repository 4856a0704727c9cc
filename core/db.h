#ifndef DB_H
#define DB_H

#include <stdint.h>

#include "core/strbuf.h"

/*
 * The store. This module is the only one that calls sqlite3_*: everything
 * else prepares statements with bound parameters through it. SQL text is
 * always a constant; values are always bound (never formatted into SQL).
 *
 * A db handle is single-threaded. Opening sets WAL, foreign keys and a busy
 * timeout, and registers the SQL functions below. Statements are owned by
 * the caller and finalized with db_finalize (which accepts NULL).
 *
 * SQL functions available in every connection:
 *   ec_add_months(date TEXT, n INT) -> TEXT   same calendar day n months
 *       later, clamped to the month's last day (docs/rating.md, semantics); NULL on a bad
 *       date.
 *   ec_add_days(date TEXT, n INT) -> TEXT
 *   ec_days(date TEXT) -> INT                 days since 1970-01-01
 */
struct db;
struct db_stmt;

enum {
	DB_OPEN_CREATE = 1,   /* create the file if missing */
	DB_OPEN_READONLY = 2, /* reports, explain, verify */
	/* with READONLY: leave no trace, not even the -wal and -shm files a
	 * reader of a WAL database makes (nightly --dry-run, config check).
	 * Only for a database that no writer has open: SQLite then takes no
	 * locks and does not look at a -wal file. */
	DB_OPEN_IMMUTABLE = 4,
};

enum { DB_DONE = 0, DB_ROW = 1 };

int db_open(const char *path, int flags, struct db **out, struct strbuf *err);
void db_close(struct db *db);
const char *db_path(const struct db *db);

/* Bring the schema to the newest version (numbered migrations on
 * PRAGMA user_version, each in its own transaction). from/to may be NULL. */
int db_migrate(struct db *db, int *from, int *to, struct strbuf *err);
int db_schema_version(struct db *db);
int db_latest_version(void);
/* Fail with a clear message unless the schema is current (run `init`). */
int db_require_current(struct db *db, struct strbuf *err);

/* Run constant SQL with no parameters (DDL, BEGIN, PRAGMA). */
int db_exec(struct db *db, const char *sql, struct strbuf *err);
int db_begin(struct db *db, struct strbuf *err); /* BEGIN IMMEDIATE */
int db_commit(struct db *db, struct strbuf *err);
void db_rollback(struct db *db);
int db_in_transaction(struct db *db);

int db_prepare(struct db *db, const char *sql, struct db_stmt **out,
	       struct strbuf *err);
void db_finalize(struct db_stmt *st);
/* Reset and clear bindings, ready for the next row. */
void db_reset(struct db_stmt *st);

/* Bind by 1-based index. text/blob are copied (SQLITE_TRANSIENT) unless
 * the _static variants are used, whose data must outlive the step. */
void db_bind_int64(struct db_stmt *st, int idx, int64_t v);
void db_bind_double(struct db_stmt *st, int idx, double v);
void db_bind_null(struct db_stmt *st, int idx);
void db_bind_text(struct db_stmt *st, int idx, const char *s); /* NULL -> NULL */
void db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len);
void db_bind_text_static(struct db_stmt *st, int idx, const char *s, size_t len);
void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len);
/* Index of a named parameter (":as_of"), 0 when the SQL has none. */
int db_bind_index(struct db_stmt *st, const char *name);

/* DB_ROW, DB_DONE, or a negative code with err filled. */
int db_step(struct db_stmt *st, struct strbuf *err);
/* Step a statement that returns no rows, then reset it. */
int db_run(struct db_stmt *st, struct strbuf *err);

int db_column_count(struct db_stmt *st);
const char *db_column_name(struct db_stmt *st, int col);
int db_column_is_null(struct db_stmt *st, int col);
int db_column_is_text(struct db_stmt *st, int col);
int db_column_is_integer(struct db_stmt *st, int col);
int64_t db_column_int64(struct db_stmt *st, int col);
double db_column_double(struct db_stmt *st, int col);
const char *db_column_text(struct db_stmt *st, int col); /* "" for NULL */
size_t db_column_bytes(struct db_stmt *st, int col);
const void *db_column_blob(struct db_stmt *st, int col);

int64_t db_last_insert_rowid(struct db *db);
int64_t db_changes(struct db *db);

/* One-shot: prepare sql, bind params[0..n-1] as text (NULL binds NULL) to
 * ?1..?n, run it, finalize. For statements run once; loops keep their own
 * prepared statement. */
int db_run_text(struct db *db, const char *sql, const char *const *params,
		int n, struct strbuf *err);

/* One-shot helpers for "SELECT single value" with up to two text params. */
int db_query_int64(struct db *db, const char *sql, const char *p1,
		   const char *p2, int64_t *out, struct strbuf *err);

/* Call fn(data) every few thousand steps of SQLite's virtual machine
 * while statements run (progress lines); fn NULL removes it. A non-zero
 * return from fn would interrupt the statement: return 0. */
void db_progress(struct db *db, int (*fn)(void *), void *data);

const char *db_library_version(void);

#endif
