#include "core/common.h"
#include "nightly/internal.h"

/*
 * The run report (a JSON document stored as the counts of the ledger step
 * "report", which the bureau channel packages) and the summary printed at
 * the end. Both are built from the ledger, never from memory, so a resumed
 * run reports the whole run, and the report has no clock times in it: the
 * bureau package of a resumed run is byte-identical to an uninterrupted one.
 */

/* counts of one step of this run, or "null" */
static int step_counts(struct nightly_job *job, const char *step,
		       struct strbuf *out, struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	rc = db_prepare(job->db,
			"SELECT counts FROM run_step WHERE run_id = ?1 AND step = ?2"
			" AND state = 'committed'",
			&st, err);
	if (rc)
		return rc;
	db_bind_text(st, 1, job->run.run_id);
	db_bind_text(st, 2, step);
	rc = db_step(st, err);
	strbuf_addstr(out, rc == DB_ROW ? db_column_text(st, 0) : "null");
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* This run's file steps in job order: permits, penalties, monitoring,
 * then name. Column 0 is the counts JSON. */
static const char files_sql[] =
	"SELECT counts, json_extract(counts, '$.kind'), json_extract(counts, '$.file'),"
	" json_extract(counts, '$.outcome'), json_extract(counts, '$.quality'),"
	" coalesce(message, '')"
	" FROM run_step WHERE run_id = ?1 AND step LIKE 'import:%:%'"
	" AND state = 'committed'"
	" ORDER BY CASE json_extract(counts, '$.kind') WHEN 'permits' THEN 0"
	" WHEN 'penalties' THEN 1 WHEN 'monitoring' THEN 2 ELSE 3 END, json_extract(counts, '$.file')";

static int files_json(struct nightly_job *job, struct strbuf *out,
		      struct strbuf *failed, struct strbuf *err)
{
	struct db_stmt *st;
	int rc, n = 0, nf = 0;

	if ((rc = db_prepare(job->db, files_sql, &st, err)))
		return rc;
	db_bind_text(st, 1, job->run.run_id);
	strbuf_addch(out, '[');
	strbuf_addch(failed, '[');
	while ((rc = db_step(st, err)) == DB_ROW) {
		if (n++)
			strbuf_addch(out, ',');
		strbuf_addstr(out, db_column_text(st, 0));
		if (strcmp(db_column_text(st, 4), "ok")) {
			struct strbuf f = STRBUF_INIT;

			strbuf_addf(&f, "%s/%s", db_column_text(st, 1),
				    db_column_text(st, 2));
			if (nf++)
				strbuf_addch(failed, ',');
			strbuf_addstr(failed, "{\"file\":");
			strbuf_add_json_string(failed, f.buf);
			strbuf_addstr(failed, ",\"outcome\":");
			strbuf_add_json_string(failed, db_column_text(st, 3));
			strbuf_addstr(failed, ",\"why\":");
			strbuf_add_json_string(failed, db_column_text(st, 5));
			strbuf_addch(failed, '}');
			strbuf_release(&f);
		}
	}
	db_finalize(st);
	strbuf_addch(out, ']');
	strbuf_addch(failed, ']');
	return rc < 0 ? rc : 0;
}

int nightly_report(struct nightly_job *job, struct strbuf *err)
{
	struct strbuf js = STRBUF_INIT, files = STRBUF_INIT, failed = STRBUF_INIT;
	int rc;

	if ((rc = ledger_step_done(job->db, job->run.run_id, "report", err)))
		return rc < 0 ? rc : 0;
	strbuf_reset(&job->step);
	strbuf_addstr(&job->step, "report");
	strbuf_addstr(&js, "{\"report\":\"ecredit nightly run\",\"run_id\":");
	strbuf_add_json_string(&js, job->run.run_id);
	strbuf_addstr(&js, ",\"business_date\":");
	strbuf_add_json_string(&js, job->run.business_date);
	if (job->nc->max_quarantine_pct >= 0)
		strbuf_addf(&js, ",\"max_quarantine_pct\":%g",
			    job->nc->max_quarantine_pct);
	else
		strbuf_addstr(&js, ",\"max_quarantine_pct\":null");
	strbuf_addstr(&js, ",\"import\":");
	if ((rc = step_counts(job, "import", &js, err)) ||
	    (rc = files_json(job, &files, &failed, err)))
		goto out;
	strbuf_addstr(&js, ",\"files\":");
	strbuf_add(&js, files.buf, files.len);
	strbuf_addstr(&js, ",\"problems\":");
	strbuf_add(&js, failed.buf, failed.len);
	strbuf_addstr(&js, ",\"rate\":");
	if ((rc = step_counts(job, "rate", &js, err)))
		goto out;
	strbuf_addstr(&js, ",\"link\":");
	if ((rc = step_counts(job, "link", &js, err)))
		goto out;
	strbuf_addstr(&js, ",\"channels\":[");
	for (size_t i = 0; job->nc->channels && job->nc->channels[i]; i++) {
		if (i)
			strbuf_addch(&js, ',');
		strbuf_add_json_string(&js, job->nc->channels[i]);
	}
	strbuf_addstr(&js, "]}");
	rc = ledger_step_commit(job->db, job->run.run_id, "report", js.buf, err);
out:
	strbuf_release(&js);
	strbuf_release(&files);
	strbuf_release(&failed);
	return rc;
}

static const char rate_sql[] =
	"SELECT json_extract(counts, '$.enterprises'), json_extract(counts, '$.green'),"
	" json_extract(counts, '$.blue'), json_extract(counts, '$.yellow'),"
	" json_extract(counts, '$.red'), json_extract(counts, '$.black'),"
	" json_extract(counts, '$.changed'), json_extract(counts, '$.overrides'),"
	" json_extract(counts, '$.rule_set_sha256')"
	" FROM run_step WHERE run_id = ?1 AND step = 'rate'";

static const char link_sql[] =
	"SELECT json_extract(counts, '$.alert'), json_extract(counts, '$.exemptions'),"
	" json_extract(counts, '$.revocations'), json_extract(counts, '$.emergency'),"
	" json_extract(counts, '$.staggered'), json_extract(counts, '$.pricing'),"
	" json_extract(counts, '$.tax'), json_extract(counts, '$.credit')"
	" FROM run_step WHERE run_id = ?1 AND step = 'link'";

static const char import_sql[] =
	"SELECT json_extract(counts, '$.files'), json_extract(counts, '$.rejected'),"
	" json_extract(counts, '$.read'), json_extract(counts, '$.stored'),"
	" json_extract(counts, '$.duplicate'), json_extract(counts, '$.quarantined')"
	" FROM run_step WHERE run_id = ?1 AND step = 'import'";

static const char packages_sql[] =
	"SELECT ?2 || '/' || j.value FROM run_step s, json_each(s.counts, '$.files') j"
	" WHERE s.run_id = ?1 AND s.step LIKE 'export:%' AND s.state = 'committed'"
	" ORDER BY s.rowid, j.key";

/* Run sql (?1 = the run id, ?2 = arg) and append each row through fmt:
 * a small printf where %N is column N (0-9) as text. */
static int rows(struct nightly_job *job, const char *sql, const char *arg,
		const char *fmt, struct strbuf *out, struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	if ((rc = db_prepare(job->db, sql, &st, err)))
		return rc;
	db_bind_text(st, 1, job->run.run_id);
	db_bind_text(st, 2, arg);
	while ((rc = db_step(st, err)) == DB_ROW) {
		for (const char *p = fmt; *p; p++) {
			if (*p == '%' && p[1] >= '0' && p[1] <= '9') {
				strbuf_addstr(out, db_column_text(st, p[1] - '0'));
				p++;
			} else {
				strbuf_addch(out, *p);
			}
		}
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

int nightly_summary(struct nightly_job *job, struct strbuf *out,
		    struct strbuf *err)
{
	int rc;

	strbuf_addf(out, "nightly %s: run %s completed%s\n", job->run.business_date,
		    job->run.run_id, job->run.resumed ? " (resumed)" : "");
	if ((rc = rows(job, import_sql, NULL,
		       "import: %0 files (%1 rejected): read %2 = stored %3 +"
		       " duplicate %4 + quarantined %5\n",
		       out, err)) ||
	    (rc = rows(job,
		       "SELECT json_extract(counts, '$.kind'),"
		       " json_extract(counts, '$.file'), message FROM run_step"
		       " WHERE run_id = ?1 AND step LIKE 'import:%:%'"
		       " AND state = 'committed' AND message IS NOT NULL"
		       " ORDER BY rowid",
		       NULL, "  problem: %0/%1: %2\n", out, err)) ||
	    (rc = rows(job,
		       "SELECT j.value FROM run_step s,"
		       " json_each(s.counts, '$.empty_inboxes') j"
		       " WHERE s.run_id = ?1 AND s.step = 'import' ORDER BY j.key",
		       NULL, "  data: no %0 file tonight (inbox.expected)\n", out, err)) ||
	    (rc = rows(job,
		       "SELECT json_extract(j.value, '$.day'),"
		       " json_extract(j.value, '$.reporting'),"
		       " json_extract(j.value, '$.outlets'),"
		       " json_extract(s.counts, '$.gap_pct')"
		       " FROM run_step s, json_each(s.counts, '$.gaps') j"
		       " WHERE s.run_id = ?1 AND s.step = 'import' ORDER BY j.key",
		       NULL, "  data: monitoring gap on %0: %1 of %2 outlets reported"
		       " (below %3%); transmission not judged that day\n", out, err)) ||
	    (rc = rows(job,
		       "SELECT json_extract(j.value, '$.kind'),"
		       " json_extract(j.value, '$.name'), json_extract(j.value, '$.type')"
		       " FROM run_step s, json_each(s.counts, '$.not_files') j"
		       " WHERE s.run_id = ?1 AND s.step = 'import' ORDER BY j.key",
		       NULL, "  inbox: %0/%1 is a %2, not a file: not read\n", out, err)) ||
	    (rc = rows(job, rate_sql, NULL,
		       "rate: %0 enterprises: 绿色 green %1, 蓝色 blue %2, 黄色 yellow %3,"
		       " 红色 red %4, 黑色 black %5; %6 changed colour, %7 overrides\n",
		       out, err)) ||
	    (rc = rows(job, link_sql, NULL,
		       "link (alert %0): exemptions %1, revocations %2, emergency %3,"
		       " staggered %4, pricing %5, tax %6, credit %7\n",
		       out, err)))
		return rc;
	strbuf_addstr(out, "packages:\n");
	return rows(job, packages_sql, job->nc->outbox, "  %0\n", out, err);
}
