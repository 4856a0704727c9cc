#include "core/common.h"
#include "core/date.h"
#include "core/ledger.h"

static int exec2(struct db *db, const char *sql, const char *a, const char *b,
		 const char *c, const char *d, struct strbuf *err)
{
	const char *p[] = { a, b, c, d };

	return db_run_text(db, sql, p, 4, err);
}

int ledger_run_open(struct db *db, const char *business_date,
		    const char *command, int force, struct ledger_run *out,
		    struct strbuf *err)
{
	struct db_stmt *st = NULL;
	char now[DATE_STAMP_SIZE];
	int rc, ordinal = 0;

	memset(out, 0, sizeof(*out));
	snprintf(out->business_date, sizeof(out->business_date), "%s", business_date);
	if (!force) {
		rc = db_prepare(db,
				"SELECT run_id, ordinal FROM run WHERE business_date = ?1"
				" AND command = ?2 AND state != 'committed'"
				" ORDER BY ordinal DESC LIMIT 1",
				&st, err);
		if (rc)
			return rc;
		db_bind_text(st, 1, business_date);
		db_bind_text(st, 2, command);
		rc = db_step(st, err);
		if (rc == DB_ROW) {
			snprintf(out->run_id, sizeof(out->run_id), "%s",
				 db_column_text(st, 0));
			out->ordinal = (int)db_column_int64(st, 1);
			out->resumed = 1;
		}
		db_finalize(st);
		if (rc < 0)
			return rc;
		if (out->resumed)
			return exec2(db, "UPDATE run SET state = 'started', finished = NULL,"
					 " message = NULL WHERE run_id = ?1",
				     out->run_id, NULL, NULL, NULL, err);
	}
	rc = db_prepare(db, "SELECT coalesce(max(ordinal), 0) FROM run WHERE business_date = ?1",
			&st, err);
	if (rc)
		return rc;
	db_bind_text(st, 1, business_date);
	rc = db_step(st, err);
	if (rc == DB_ROW)
		ordinal = (int)db_column_int64(st, 0);
	db_finalize(st);
	if (rc < 0)
		return rc;
	out->ordinal = ordinal + 1;
	snprintf(out->run_id, sizeof(out->run_id), "%s.%d", business_date,
		 out->ordinal);
	date_now_stamp(now);
	rc = db_prepare(db,
			"INSERT INTO run (run_id, business_date, ordinal, command, state, started)"
			" VALUES (?1, ?2, ?3, ?4, 'started', ?5)",
			&st, err);
	if (rc)
		return rc;
	db_bind_text(st, 1, out->run_id);
	db_bind_text(st, 2, business_date);
	db_bind_int64(st, 3, out->ordinal);
	db_bind_text(st, 4, command);
	db_bind_text(st, 5, now);
	rc = db_run(st, err);
	db_finalize(st);
	return rc;
}

int ledger_run_completed(struct db *db, const char *business_date,
			 const char *command, struct strbuf *err)
{
	int64_t n;
	int rc = db_query_int64(db,
				"SELECT count(*) FROM run WHERE business_date = ?1"
				" AND command = ?2 AND state = 'committed'",
				business_date, command, &n, err);

	return rc ? rc : n > 0;
}

int ledger_run_finish(struct db *db, const char *run_id, int ok,
		      const char *message, struct strbuf *err)
{
	char now[DATE_STAMP_SIZE];

	date_now_stamp(now);
	return exec2(db,
		     "UPDATE run SET state = ?2, finished = ?3, message = ?4"
		     " WHERE run_id = ?1",
		     run_id, ok ? "committed" : "failed", now, message, err);
}

int ledger_run_set_exit(struct db *db, const char *run_id, int exit_code,
			struct strbuf *err)
{
	char code[16];

	snprintf(code, sizeof(code), "%d", exit_code);
	return exec2(db, "UPDATE run SET exit_code = CAST(?2 AS INTEGER)"
		     " WHERE run_id = ?1", run_id, code, NULL, NULL, err);
}

int ledger_run_set_rule_set(struct db *db, const char *run_id,
			    const char *sha256, struct strbuf *err)
{
	return exec2(db, "UPDATE run SET rule_set_sha256 = ?2 WHERE run_id = ?1",
		     run_id, sha256, NULL, NULL, err);
}

int ledger_step_done(struct db *db, const char *run_id, const char *step,
		     struct strbuf *err)
{
	int64_t n;
	int rc = db_query_int64(db,
				"SELECT count(*) FROM run_step WHERE run_id = ?1"
				" AND step = ?2 AND state = 'committed'",
				run_id, step, &n, err);

	return rc ? rc : n > 0;
}

int ledger_step_begin(struct db *db, const char *run_id, const char *step,
		      struct strbuf *err)
{
	char now[DATE_STAMP_SIZE];

	date_now_stamp(now);
	return exec2(db,
		     "INSERT INTO run_step (run_id, step, state, started)"
		     " VALUES (?1, ?2, 'started', ?3)"
		     " ON CONFLICT (run_id, step) DO UPDATE SET state = 'started',"
		     " started = excluded.started, finished = NULL, message = NULL",
		     run_id, step, now, NULL, err);
}

int ledger_step_commit(struct db *db, const char *run_id, const char *step,
		       const char *counts_json, struct strbuf *err)
{
	char now[DATE_STAMP_SIZE];

	date_now_stamp(now);
	return exec2(db,
		     "INSERT INTO run_step (run_id, step, state, counts, started, finished,"
		     " elapsed_ms) VALUES (?1, ?2, 'committed', ?3, ?4, ?4, 0)"
		     " ON CONFLICT (run_id, step) DO UPDATE SET state = 'committed',"
		     " counts = excluded.counts, finished = excluded.finished, message = NULL,"
		     " elapsed_ms = CAST(round((julianday(excluded.finished)"
		     " - julianday(run_step.started)) * 86400000) AS INTEGER)",
		     run_id, step, counts_json ? counts_json : "{}", now, err);
}

int ledger_step_fail(struct db *db, const char *run_id, const char *step,
		     const char *message, struct strbuf *err)
{
	char now[DATE_STAMP_SIZE];

	date_now_stamp(now);
	return exec2(db,
		     "INSERT INTO run_step (run_id, step, state, message, started, finished)"
		     " VALUES (?1, ?2, 'failed', ?3, ?4, ?4)"
		     " ON CONFLICT (run_id, step) DO UPDATE SET state = 'failed',"
		     " message = excluded.message, finished = excluded.finished"
		     " WHERE run_step.state != 'committed'",
		     run_id, step, message, now, err);
}

int ledger_step_note(struct db *db, const char *run_id, const char *step,
		     const char *message, struct strbuf *err)
{
	return exec2(db, "UPDATE run_step SET message = ?3 WHERE run_id = ?1 AND step = ?2",
		     run_id, step, message, NULL, err);
}
