#include "core/common.h"
#include "core/date.h"
#include "ratings/override.h"
#include "core/report.h"
#include "rules/score.h"

static int enterprise_known(struct db *db, const char *uscc, struct strbuf *err)
{
	int64_t n = 0;
	int rc = db_query_int64(db, "SELECT count(*) FROM enterprise WHERE uscc = ?1",
				uscc, NULL, &n, err);

	if (!rc && !n)
		rc = ec_error(err, EC_DATA, "unknown enterprise '%s'", uscc);
	return rc;
}

static int check_end(struct db *db, const struct override_req *req,
		     struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(db,
		"SELECT uscc, colour IS NULL,"
		" (SELECT count(*) FROM override x WHERE x.ends_id = o.id)"
		" FROM override o WHERE id = ?1", &st, err)))
		return rc;
	db_bind_int64(st, 1, req->ends_id);
	rc = db_step(st, err);
	if (rc == DB_DONE)
		rc = ec_error(err, EC_DATA, "no override #%lld", req->ends_id);
	else if (rc == DB_ROW && strcmp(db_column_text(st, 0), req->uscc))
		rc = ec_error(err, EC_DATA, "override #%lld is for '%s', not '%s'",
			      req->ends_id, db_column_text(st, 0), req->uscc);
	else if (rc == DB_ROW && db_column_int64(st, 1))
		rc = ec_error(err, EC_DATA, "#%lld ends an override; it cannot be ended",
			      req->ends_id);
	else if (rc == DB_ROW && db_column_int64(st, 2))
		rc = ec_error(err, EC_DATA, "override #%lld is already ended",
			      req->ends_id);
	else if (rc == DB_ROW)
		rc = 0;
	db_finalize(st);
	return rc;
}

int override_add(struct db *db, const struct override_req *req, long long *id,
		 struct strbuf *err)
{
	struct db_stmt *st = NULL;
	char stamp[DATE_STAMP_SIZE];
	int rc, from, until;

	*id = 0;
	if (date_parse(req->from, &from))
		return ec_error(err, EC_USAGE, "bad date '%s'", req->from);
	if (req->until && (date_parse(req->until, &until) || until < from))
		return ec_error(err, EC_USAGE, "bad until '%s' (a date on or after %s)",
				req->until, req->from);
	if (req->colour && score_colour_parse(req->colour) < 0)
		return ec_error(err, EC_USAGE,
				"bad colour '%s' (green, blue, yellow, red, black;"
				" or 绿色, 蓝色, 黄色, 红色, 黑色)",
				req->colour);
	if (!*req->reason || !*req->by)
		return ec_error(err, EC_USAGE, "an override needs a reason and a name");
	if ((rc = db_begin(db, err)))
		return rc;
	if ((rc = enterprise_known(db, req->uscc, err)) ||
	    (!req->colour && (rc = check_end(db, req, err))))
		goto out;
	if ((rc = db_prepare(db,
		"INSERT INTO override(uscc, colour, reason, by_name, from_date, until,"
		" ends_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st, err)))
		goto out;
	date_now_stamp(stamp);
	db_bind_text(st, 1, req->uscc);
	/* stored in English whatever the operator typed (绿色 or green) */
	db_bind_text(st, 2, req->colour
			    ? score_colour_name(score_colour_parse(req->colour)) : NULL);
	db_bind_text(st, 3, req->reason);
	db_bind_text(st, 4, req->by);
	db_bind_text(st, 5, req->from);
	db_bind_text(st, 6, req->until);
	if (req->colour)
		db_bind_null(st, 7);
	else
		db_bind_int64(st, 7, req->ends_id);
	db_bind_text(st, 8, stamp);
	if ((rc = db_run(st, err)))
		goto out;
	*id = db_last_insert_rowid(db);
	rc = db_commit(db, err);
out:
	if (rc)
		db_rollback(db);
	db_finalize(st);
	return rc;
}

int override_history(struct db *db, const char *uscc, struct strbuf *out,
		     struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc, n = 0;

	if ((rc = enterprise_known(db, uscc, err)) ||
	    (rc = db_prepare(db,
		"SELECT c.as_of, c.from_colour, c.to_colour, c.cause,"
		" coalesce(r.id || ' ' || r.version, c.rule_set_sha256), en.name"
		" FROM colour_change c LEFT JOIN rule_set r ON r.sha256 = c.rule_set_sha256"
		" JOIN enterprise en ON en.uscc = c.uscc"
		" WHERE c.uscc = ?1 ORDER BY c.as_of", &st, err)))
		goto out;
	db_bind_text(st, 1, uscc);
	strbuf_addf(out, "colour history of %s\n", uscc);
	while ((rc = db_step(st, err)) == DB_ROW) {
		const char *from = db_column_text(st, 1);

		strbuf_addf(out, "%s  %s -> %s  (rule set %s)\n    %s\n",
			    db_column_text(st, 0),
			    *from ? report_colour_zh(from) : "—",
			    report_colour_zh(db_column_text(st, 2)),
			    db_column_text(st, 4), db_column_text(st, 3));
		n++;
	}
	if (rc < 0)
		goto out;
	if (!n)
		strbuf_addstr(out, "(never rated)\n");
	db_finalize(st);
	if ((rc = db_prepare(db,
		"SELECT id, colour, reason, by_name, from_date, until, ends_id, created_at"
		" FROM override WHERE uscc = ?1 ORDER BY id", &st, err)))
		goto out;
	db_bind_text(st, 1, uscc);
	n = 0;
	while ((rc = db_step(st, err)) == DB_ROW) {
		if (!n++)
			strbuf_addstr(out, "overrides (audit record, never deleted):\n");
		if (db_column_is_null(st, 1))
			strbuf_addf(out, "#%lld  from %s ends override #%lld, by %s: %s (recorded %s)\n",
				    (long long)db_column_int64(st, 0), db_column_text(st, 4),
				    (long long)db_column_int64(st, 6), db_column_text(st, 3),
				    db_column_text(st, 2), db_column_text(st, 7));
		else
			strbuf_addf(out, "#%lld  %s from %s until %s, by %s: %s (recorded %s)\n",
				    (long long)db_column_int64(st, 0),
				    report_colour_zh(db_column_text(st, 1)),
				    db_column_text(st, 4),
				    db_column_is_null(st, 5) ? "further notice" : db_column_text(st, 5),
				    db_column_text(st, 3), db_column_text(st, 2),
				    db_column_text(st, 7));
	}
	rc = rc < 0 ? rc : 0;
out:
	db_finalize(st);
	return rc;
}
