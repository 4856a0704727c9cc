#include "core/common.h"
#include "core/i18n.h"
#include "nightly/internal.h"

#include <sys/stat.h>

/*
 * `nightly --dry-run`: what the job would do for a business date, read
 * from the configuration, the inbox folders and the ledger, with no
 * writes anywhere (the database is opened by the caller, or absent).
 * It follows the job's own rules: a completed date does nothing without
 * --force; an unfinished run resumes under its id and skips its committed
 * steps; an inbox file is a regular, non-hidden file, taken in byte order
 * of its name (list_inbox, nightly/scan.c); a package is <channel>-<date>-<sequence>,
 * the sequence reserved again by a resumed run or the channel's next one.
 */


struct plan {
	struct db *db;
	const struct nightly_config *nc;
	const char *date;
	char run_id[64];
	int resume;
	struct strbuf *out;
};

/* 1 when the step committed in the run being resumed. */
static int step_done(struct plan *p, const char *step, struct strbuf *err)
{
	int64_t n = 0;
	int rc;

	if (!p->db || !p->resume)
		return 0;
	rc = db_query_int64(p->db, "SELECT count(*) FROM run_step WHERE run_id = ?1"
			    " AND step = ?2 AND state = 'committed'",
			    p->run_id, step, &n, err);
	return rc ? rc : n > 0;
}

/* The outcome ("done", "rejected") of a file step the resumed run
 * committed; out stays empty when none. */
static int step_outcome(struct plan *p, const char *step, struct strbuf *out,
			struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	if (!p->db || !p->resume)
		return 0;
	if ((rc = db_prepare(p->db, "SELECT json_extract(counts, '$.outcome') FROM"
			     " run_step WHERE run_id = ?1 AND step = ?2"
			     " AND state = 'committed'", &st, err)))
		return rc;
	db_bind_text(st, 1, p->run_id);
	db_bind_text(st, 2, step);
	if ((rc = db_step(st, err)) == DB_ROW)
		strbuf_addstr(out, *db_column_text(st, 0) ? db_column_text(st, 0) : "done");
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

static int plan_inbox(struct plan *p, int kind, long long *files,
		      struct strbuf *err)
{
	const char *dir = p->nc->inbox[kind];
	struct inbox_list l = { 0 };
	struct stat st;
	struct strbuf outcome = STRBUF_INIT;
	int rc = list_inbox(p->nc, kind, &l, err); /* the job's own list */

	for (size_t i = 0; i < l.nr && !rc; i++) {
		struct strbuf step = STRBUF_INIT, path = STRBUF_INIT;
		long long size = -1;

		strbuf_addf(&path, "%s/%s", dir, l.names[i]);
		if (stat(path.buf, &st) == 0)
			size = (long long)st.st_size;
		strbuf_release(&path);
		strbuf_addf(&step, "import:%s:%s", nightly_kind_names[kind], l.names[i]);
		rc = step_outcome(p, step.buf, &outcome, err);
		if (rc >= 0) {
			strbuf_addf(p->out, "  import %s %s/%s (%lld bytes)%s\n",
				    nightly_kind_names[kind], dir, l.names[i], size,
				    !outcome.len ? "" :
				    !strcmp(outcome.buf, "rejected") ?
				    _(": rejected before, would only be moved to the rejected folder") :
				    _(": imported before, would only be moved to the done folder"));
			rc = 0;
		}
		strbuf_reset(&outcome);
		(*files)++;
		strbuf_release(&step);
	}
	strbuf_release(&outcome);
	inbox_list_release(&l);
	return rc;
}

/* The package name a channel's export would write. */
static int package_name(struct plan *p, const char *channel, struct strbuf *name,
			struct strbuf *err)
{
	struct db_stmt *st;
	int64_t seq = 1;
	int rc;

	if (p->db) {
		if ((rc = db_prepare(p->db, "SELECT name FROM package WHERE channel = ?1"
				     " AND business_date = ?2 AND run_id = ?3",
				     &st, err)))
			return rc;
		db_bind_text(st, 1, channel);
		db_bind_text(st, 2, p->date);
		db_bind_text(st, 3, p->run_id);
		if ((rc = db_step(st, err)) == DB_ROW)
			strbuf_addstr(name, db_column_text(st, 0));
		db_finalize(st);
		if (rc < 0)
			return rc;
		if (name->len)
			return 0;
		if ((rc = db_query_int64(p->db, "SELECT coalesce(max(sequence), 0) + 1"
					 " FROM package WHERE channel = ?1", channel,
					 NULL, &seq, err)))
			return rc;
	}
	strbuf_addf(name, "%s-%s-%lld", channel, p->date, (long long)seq);
	return 0;
}

static int plan_exports(struct plan *p, struct strbuf *err)
{
	const struct nightly_config *nc = p->nc;
	int rc = 0;

	for (size_t i = 0; nc->channels && nc->channels[i] && !rc; i++) {
		struct strbuf step = STRBUF_INIT, name = STRBUF_INIT;

		strbuf_addf(&step, "export:%s", nc->channels[i]);
		if ((rc = step_done(p, step.buf, err)) > 0) {
			strbuf_addf(p->out, _("  export %s: done in run %s\n"),
				    nc->channels[i], p->run_id);
			rc = 0;
		} else if (!rc && !(rc = package_name(p, nc->channels[i], &name, err))) {
			strbuf_addf(p->out, "  export %s: %s/%s.tar.gz, %s.release", nc->channels[i],
				    nc->outbox, name.buf, name.buf);
			if (nc->keys[0])
				strbuf_addf(p->out, ", %s.release.p7s", name.buf);
			if (nc->keys[2])
				strbuf_addf(p->out, ", %s.release.sm2.sig", name.buf);
			if (nc->keys[4])
				strbuf_addf(p->out, ", %s.release.ed25519.sig", name.buf);
			strbuf_addch(p->out, '\n');
		}
		strbuf_release(&step);
		strbuf_release(&name);
	}
	return rc < 0 ? rc : 0;
}

static void plan_step(struct plan *p, const char *step, const char *what,
		      struct strbuf *err)
{
	int rc = step_done(p, step, err);

	if (rc > 0)
		strbuf_addf(p->out, _("  %s: done in run %s\n"), step, p->run_id);
	else
		strbuf_addf(p->out, "  %s: %s\n", step, what);
}

/* The run the job would open: the date's unfinished one, else a new one. */
static int find_run(struct plan *p, int force, int *completed, struct strbuf *err)
{
	struct db_stmt *st;
	int64_t n = 0, ordinal = 0;
	int rc;

	*completed = 0;
	if (!p->db) {
		snprintf(p->run_id, sizeof(p->run_id), "%s.1", p->date);
		return 0;
	}
	if ((rc = db_query_int64(p->db, "SELECT count(*) FROM run WHERE business_date = ?1"
				 " AND command = 'nightly' AND state = 'committed'",
				 p->date, NULL, &n, err)))
		return rc;
	*completed = n > 0;
	if (*completed && !force)
		return 0;
	if ((rc = db_prepare(p->db, "SELECT run_id FROM run WHERE business_date = ?1"
			     " AND command = 'nightly' AND state != 'committed'"
			     " ORDER BY ordinal DESC LIMIT 1", &st, err)))
		return rc;
	db_bind_text(st, 1, p->date);
	if ((rc = db_step(st, err)) == DB_ROW) {
		snprintf(p->run_id, sizeof(p->run_id), "%s", db_column_text(st, 0));
		p->resume = 1;
	}
	db_finalize(st);
	if (rc < 0)
		return rc;
	rc = 0;
	/* --force on a completed date resumes only a newer unfinished run */
	if (p->resume && *completed &&
	    (rc = db_query_int64(p->db, "SELECT ?2 = (SELECT run_id FROM run WHERE"
				 " business_date = ?1 ORDER BY ordinal DESC LIMIT 1)",
				 p->date, p->run_id, &n, err)) == 0 && !n)
		p->resume = 0;
	if (rc)
		return rc;
	if (p->resume)
		return 0;
	if ((rc = db_query_int64(p->db, "SELECT coalesce(max(ordinal), 0) FROM run"
				 " WHERE business_date = ?1", p->date, NULL, &ordinal,
				 err)))
		return rc;
	snprintf(p->run_id, sizeof(p->run_id), "%s.%lld", p->date,
		 (long long)ordinal + 1);
	return 0;
}

int nightly_plan(struct db *db, const struct nightly_config *nc,
		 const char *as_of, int force, struct strbuf *out,
		 struct strbuf *err)
{
	struct plan p = { db, nc, as_of, "", 0, out };
	struct strbuf what = STRBUF_INIT;
	long long files = 0;
	int rc, completed;

	if ((rc = find_run(&p, force, &completed, err)))
		return rc;
	if (completed && !force) {
		strbuf_addf(out, _("nightly %s (dry run): already done; nothing would run"
				   " (--force runs it again)\n"), as_of);
		return 0;
	}
	strbuf_addf(out, p.resume ? _("nightly %s (dry run): would resume run %s\n")
				  : _("nightly %s (dry run): would start run %s\n"),
		    as_of, p.run_id);
	strbuf_addf(out, "%s\n", _("files it would import:"));
	if ((rc = step_done(&p, "import", err)) > 0) {
		strbuf_addf(out, _("  none: the import step is done in run %s\n"), p.run_id);
	} else if (rc == 0) {
		for (int k = 0; k < NIGHTLY_KINDS && !rc; k++)
			if (nc->inbox[k])
				rc = plan_inbox(&p, k, &files, err);
		if (rc)
			goto out;
		if (!files)
			strbuf_addf(out, "  %s\n", _("none: the inboxes are empty"));
	} else {
		goto out;
	}
	strbuf_addf(out, "%s\n", _("steps it would run:"));
	strbuf_addf(&what, _("rate every enterprise on %s"), as_of);
	plan_step(&p, "rate", what.buf, err);
	strbuf_reset(&what);
	strbuf_addf(&what, _("compute the linkage lists on %s (alert %s, from %s)"),
		    as_of, nc->alert ? nc->alert : _("all levels"), nc->alert_source);
	plan_step(&p, "link", what.buf, err);
	plan_step(&p, "report", _("record the run report for the bureau package"), err);
	strbuf_addf(out, "%s\n", _("packages it would write:"));
	rc = plan_exports(&p, err);
out:
	strbuf_release(&what);
	return rc < 0 ? rc : 0;
}
