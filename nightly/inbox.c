#include "core/common.h"
#include "core/crypto.h"
#include "core/fname.h"
#include "nightly/internal.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * The import step. For each kind (permits, then penalties, then
 * monitoring) every regular file of the inbox, in byte order of its name,
 * becomes one ledger step "import:<kind>:<name>":
 *
 *   1. import_file() commits the records and an import_file row that
 *      carries this run's id, the path and the sha256 (one transaction);
 *   2. the ledger step is committed with counts read back from that row;
 *   3. the file is renamed into done/<D>/ and both folders are fsynced.
 *
 * A kill between 1 and 2 or 2 and 3 leaves the file in the inbox with its
 * import_file row: the resumed run finds the row and only finishes 2 and 3.
 * A file that cannot be read at all (EC_DATA) gets its ledger step first,
 * then a .reason file and the rename into rejected/<D>/, so the resumed run
 * redoes only what is missing, with the same reason.
 */
#define kind_names nightly_kind_names

int nightly_fsync_dir(const char *dir, struct strbuf *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0) {
		ec_errno(err, "cannot open folder", dir);
		return EC_IO;
	}
	if (fsync(fd) < 0)
		rc = ec_error(err, EC_IO, "cannot sync folder '%s': %s", dir,
			      strerror(errno));
	close(fd);
	return rc;
}

/* <root>/<D>, created (and made durable) when missing. */
static int date_dir(const char *root, const char *date, struct strbuf *out,
		    struct strbuf *err)
{
	strbuf_reset(out);
	strbuf_addf(out, "%s/%s", root, date);
	if (mkdir(out->buf, 0755) == 0)
		return nightly_fsync_dir(root, err);
	if (errno == EEXIST)
		return 0;
	return ec_error(err, EC_IO, "cannot create folder '%s': %s", out->buf,
			strerror(errno));
}

/* A free name in dir: name, else name.1, name.2 ... (an earlier file of
 * the same name on the same date is never overwritten). */
static void free_name(const char *dir, const char *name, struct strbuf *out)
{
	struct stat st;

	for (int n = 0;; n++) {
		strbuf_reset(out);
		strbuf_addf(out, "%s/%s", dir, name);
		if (n)
			strbuf_addf(out, ".%d", n);
		if (lstat(out->buf, &st) < 0)
			return;
	}
}

/* Write path atomically: temp file, fsync, rename, fsync the folder. */
static int write_atomic(const char *dir, const char *path, const char *text,
			struct strbuf *err)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t len = strlen(text), off = 0;
	int fd, rc = 0;

	/* hidden, so nobody takes it for an input or a reason file */
	strbuf_addf(&tmp, "%s/.%s.tmp", dir, strrchr(path, '/') + 1);
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = ec_error(err, EC_IO, "cannot create '%s': %s", tmp.buf,
			      strerror(errno));
		goto out;
	}
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = ec_error(err, EC_IO, "cannot write '%s': %s", tmp.buf,
				      strerror(n < 0 ? errno : ENOSPC));
			break;
		}
		off += (size_t)n;
	}
	if (!rc && fsync(fd) < 0)
		rc = ec_error(err, EC_IO, "cannot sync '%s': %s", tmp.buf,
			      strerror(errno));
	if (close(fd) < 0 && !rc)
		rc = ec_error(err, EC_IO, "cannot write '%s': %s", tmp.buf,
			      strerror(errno));
	if (!rc && rename(tmp.buf, path) < 0)
		rc = ec_error(err, EC_IO, "cannot rename '%s' to '%s': %s", tmp.buf,
			      path, strerror(errno));
	if (rc)
		unlink(tmp.buf);
	else
		rc = nightly_fsync_dir(dir, err);
out:
	strbuf_release(&tmp);
	return rc;
}

/* Move inbox/name into <root>/<D>/, with a .reason file when given. */
static int move_file(struct nightly_job *job, const char *inbox,
		     const char *name, const char *root, const char *reason,
		     struct strbuf *err)
{
	struct strbuf dir = STRBUF_INIT, src = STRBUF_INIT, dst = STRBUF_INIT;
	struct strbuf why = STRBUF_INIT;
	int rc;

	if ((rc = date_dir(root, job->run.business_date, &dir, err)))
		goto out;
	strbuf_addf(&src, "%s/%s", inbox, name);
	free_name(dir.buf, name, &dst);
	if (reason) {
		strbuf_addf(&why, "%s.reason", dst.buf);
		strbuf_reset(&src);
		strbuf_addf(&src, "file: %s/%s\nrun: %s\nreason: %s\n", inbox,
			    name, job->run.run_id, reason);
		if ((rc = write_atomic(dir.buf, why.buf, src.buf, err)))
			goto out;
		strbuf_reset(&src);
		strbuf_addf(&src, "%s/%s", inbox, name);
	}
	if (rename(src.buf, dst.buf) < 0) {
		rc = ec_error(err, EC_IO, "cannot move '%s' to '%s': %s", src.buf,
			      dst.buf, strerror(errno));
		goto out;
	}
	if ((rc = nightly_fsync_dir(dir.buf, err)) ||
	    (rc = nightly_fsync_dir(inbox, err)))
		goto out;
out:
	strbuf_release(&dir);
	strbuf_release(&src);
	strbuf_release(&dst);
	strbuf_release(&why);
	return rc;
}

/* The outcome this run already committed for the file: "done",
 * "rejected", or "" when none. */
static int committed_outcome(struct nightly_job *job, const char *step,
			     const char *sha, char out[16], struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	out[0] = '\0';
	rc = db_prepare(job->db,
			"SELECT json_extract(counts, '$.outcome') FROM run_step"
			" WHERE run_id = ?1 AND step = ?2 AND state = 'committed'"
			" AND json_extract(counts, '$.sha256') = ?3",
			&st, err);
	if (rc)
		return rc;
	db_bind_text(st, 1, job->run.run_id);
	db_bind_text(st, 2, step);
	db_bind_text(st, 3, sha);
	if ((rc = db_step(st, err)) == DB_ROW)
		snprintf(out, 16, "%s", db_column_text(st, 0));
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* The counts of this run's import of path with this sha256, as the
 * ledger's JSON fields; 1 when found, 0 when the file is not imported. */
static int imported_counts(struct nightly_job *job, const char *path,
			   const char *sha, struct import_counts *c,
			   struct strbuf *extra, struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = db_prepare(job->db,
			"SELECT read, stored, duplicate, quarantined, warnings, extra"
			" FROM import_file WHERE run_id = ?1 AND path = ?2"
			" AND sha256 = ?3 ORDER BY id DESC LIMIT 1",
			&st, err);
	if (rc)
		return rc;
	db_bind_text(st, 1, job->run.run_id);
	db_bind_text(st, 2, path);
	db_bind_text(st, 3, sha);
	rc = db_step(st, err);
	if (rc == DB_ROW) {
		c->read = db_column_int64(st, 0);
		c->stored = db_column_int64(st, 1);
		c->duplicate = db_column_int64(st, 2);
		c->quarantined = db_column_int64(st, 3);
		c->warnings = db_column_int64(st, 4);
		strbuf_addstr(extra, db_column_text(st, 5));
	}
	db_finalize(st);
	return rc;
}

/* Commit the file's ledger step: counts and message in one transaction,
 * so the run report never sees one without the other. */
static int commit_file_step(struct nightly_job *job, const char *step,
			    const char *counts, const char *message,
			    struct strbuf *err)
{
	int rc;

	if ((rc = db_begin(job->db, err)))
		return rc;
	/* the note also clears the message of a failed earlier attempt */
	if ((rc = ledger_step_commit(job->db, job->run.run_id, step, counts, err)) ||
	    (rc = ledger_step_note(job->db, job->run.run_id, step, message, err)) ||
	    (rc = db_commit(job->db, err)))
		db_rollback(job->db);
	return rc;
}

static void counts_json(struct strbuf *js, const char *kind, const char *name,
			const char *sha, const char *outcome,
			const struct import_counts *c, const char *extra,
			double pct, const char *quality, const char *message)
{
	strbuf_addstr(js, "{\"kind\":");
	strbuf_add_json_string(js, kind);
	strbuf_addstr(js, ",\"file\":");
	strbuf_add_json_string(js, name);
	strbuf_addstr(js, ",\"sha256\":");
	strbuf_add_json_string(js, sha);
	strbuf_addstr(js, ",\"outcome\":");
	strbuf_add_json_string(js, outcome);
	strbuf_addf(js,
		    ",\"read\":%lld,\"stored\":%lld,\"duplicate\":%lld,"
		    "\"quarantined\":%lld,\"warnings\":%lld,\"quarantine_pct\":%.2f",
		    c->read, c->stored, c->duplicate, c->quarantined, c->warnings,
		    pct);
	strbuf_addstr(js, ",\"quality\":");
	strbuf_add_json_string(js, quality);
	strbuf_addf(js, ",\"extra\":%s,\"message\":", extra && *extra ? extra : "{}");
	if (message)
		strbuf_add_json_string(js, message);
	else
		strbuf_addstr(js, "null");
	strbuf_addch(js, '}');
}

static void warn_cb(void *data, const char *msg)
{
	nightly_note(data, NIGHTLY_NOTE_WARN, "%s", msg);
}

/* Has this run recorded anything for the file (a committed step, or an
 * import_file row of the path)? Only then is its hash needed before the
 * import: to tell a resumed file from a new one of the same name. */
static int has_history(struct nightly_job *job, const char *step,
		       const char *upath, struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	rc = db_prepare(job->db,
			"SELECT EXISTS (SELECT 1 FROM run_step WHERE run_id = ?1"
			"  AND step = ?2 AND state = 'committed'"
			"  AND json_extract(counts, '$.outcome') != 'deferred')"
			" OR EXISTS (SELECT 1 FROM import_file WHERE run_id = ?1"
			"  AND path = ?3)",
			&st, err);
	if (rc)
		return rc;
	db_bind_text(st, 1, job->run.run_id);
	db_bind_text(st, 2, step);
	db_bind_text(st, 3, upath);
	if ((rc = db_step(st, err)) == DB_ROW)
		rc = (int)db_column_int64(st, 0);
	db_finalize(st);
	return rc;
}

/* Leave the file in the inbox for the next night, with the reason in the
 * ledger (a later attempt of this run tries it again). */
static int defer_file(struct nightly_job *job, const char *kn, const char *uname,
		      const char *step, const char *why, struct strbuf *err)
{
	struct import_counts c = { 0 };
	struct strbuf js = STRBUF_INIT;
	int rc;

	counts_json(&js, kn, uname, "", "deferred", &c, NULL, 0, "deferred", why);
	rc = commit_file_step(job, step, js.buf, why, err);
	strbuf_release(&js);
	if (!rc)
		nightly_note(job, NIGHTLY_NOTE_WARN, "import %s %s: %s", kn, uname, why);
	return rc;
}

/* Import (or finish) one file. */
static int import_one(struct nightly_job *job, int kind, const char *name,
		      time_t mtime, struct import_counts *total,
		      struct strbuf *err)
{
	const char *inbox = job->nc->inbox[kind], *kn = kind_names[kind];
	struct strbuf path = STRBUF_INIT, step = STRBUF_INIT, js = STRBUF_INIT;
	struct strbuf extra = STRBUF_INIT, msg = STRBUF_INIT;
	struct strbuf upath = STRBUF_INIT, uname = STRBUF_INIT;
	struct import_options opt = job->nc->import;
	struct import_counts c = { 0 };
	char sha[SHA256_HEX_SIZE] = "", outcome[16] = "";
	const char *quality = "ok";
	double pct = 0;
	int rc, seen;

	strbuf_addf(&path, "%s/%s", inbox, name);
	/* stored, printed and packaged as valid UTF-8 (import_file does the
	 * same to the path); the raw name stays the one to open */
	fname_utf8(&upath, path.buf);
	fname_utf8(&uname, name);
	strbuf_addf(&step, "import:%s:%s", kn, uname.buf);
	strbuf_reset(&job->step);
	strbuf_add(&job->step, step.buf, step.len);
	if (access(path.buf, R_OK) < 0) {
		if (errno == ENOENT) { /* taken away since the listing */
			nightly_note(job, NIGHTLY_NOTE_WARN, "'%s' vanished; skipped",
				     upath.buf);
			rc = 0;
			goto out;
		}
		snprintf(sha, sizeof(sha), "unreadable");
	}
	if (!sha[0] && (seen = rc = has_history(job, step.buf, upath.buf, err)) < 0)
		goto out;
	if (!sha[0] && seen && (rc = sha256_file(path.buf, sha, NULL, err))) {
		if (rc == EC_NOINPUT) {
			nightly_note(job, NIGHTLY_NOTE_WARN, "'%s' vanished; skipped",
				     upath.buf);
			rc = 0;
		}
		goto out;
	}
	if (sha[0] && (rc = committed_outcome(job, step.buf, sha, outcome, err)))
		goto out;
	if (!strcmp(outcome, "done")) {
		nightly_note(job, NIGHTLY_NOTE_STEP, "import %s %s: imported before; moved",
			     kn, uname.buf);
		rc = move_file(job, inbox, name, job->nc->done_dir, NULL, err);
		goto out;
	}
	if (!strcmp(outcome, "rejected") || !strcmp(sha, "unreadable"))
		goto reject;
	rc = sha[0] ? imported_counts(job, upath.buf, sha, &c, &extra, err) : DB_DONE;
	if (rc < 0)
		goto out;
	if (rc == DB_DONE) {
		time_t now = time(NULL);

		if (job->nc->settle_seconds > 0 && now - mtime < job->nc->settle_seconds) {
			strbuf_addf(&msg, "modified %lld s ago, within inbox.settle_seconds"
				    " = %d: it may still be written; left for the next night",
				    (long long)(now - mtime), job->nc->settle_seconds);
			rc = defer_file(job, kn, uname.buf, step.buf, msg.buf, err);
			goto out;
		}
		opt.run_id = job->run.run_id;
		opt.warn = warn_cb;
		opt.warn_data = job;
		if ((rc = ledger_step_begin(job->db, job->run.run_id, step.buf, err)))
			goto out;
		rc = job->ops->import_file(job->db, kn, path.buf, &opt, &c, err);
		if (rc == EC_DATA) {
			strbuf_add(&msg, err->buf, err->len);
			strbuf_reset(err);
			goto reject;
		}
		if (rc == EC_TEMPFAIL) { /* changed while read: nothing kept */
			strbuf_addf(&msg, "%s; left for the next night", err->buf);
			strbuf_reset(err);
			rc = defer_file(job, kn, uname.buf, step.buf, msg.buf, err);
			goto out;
		}
		if (rc == EC_NOINPUT) {
			nightly_note(job, NIGHTLY_NOTE_WARN, "'%s' vanished; skipped",
				     upath.buf);
			strbuf_reset(err);
			rc = 0;
			goto out;
		}
		if (rc) {
			ec_prefix(err, "importing '%s': ", upath.buf);
			goto out;
		}
		if (c.sha256[0])
			snprintf(sha, sizeof(sha), "%s", c.sha256);
		else if ((rc = sha256_file(path.buf, sha, NULL, err)))
			goto out;
		strbuf_reset(&extra);
		if ((rc = imported_counts(job, upath.buf, sha, &c, &extra, err)) < 0)
			goto out;
		if (rc == DB_DONE) {
			rc = ec_error(err, EC_INTERNAL,
				      "importing '%s': no import_file row for run %s",
				      upath.buf, job->run.run_id);
			goto out;
		}
	}
	if (c.read > 0)
		pct = 100.0 * (double)c.quarantined / (double)c.read;
	if (job->nc->max_quarantine_pct >= 0 && pct > job->nc->max_quarantine_pct) {
		quality = "failed";
		strbuf_addf(&msg,
			    "%lld of %lld records quarantined (%.2f%%), above"
			    " quality.max_quarantine_pct = %g%%",
			    c.quarantined, c.read, pct,
			    job->nc->max_quarantine_pct);
	}
	counts_json(&js, kn, uname.buf, sha, "done", &c, extra.buf, pct, quality,
		    msg.len ? msg.buf : NULL);
	if ((rc = commit_file_step(job, step.buf, js.buf, msg.len ? msg.buf : NULL,
				   err)))
		goto out;
	nightly_note(job, NIGHTLY_NOTE_STEP,
		     "import %s %s: read %lld = stored %lld + duplicate %lld +"
		     " quarantined %lld%s%s",
		     kn, uname.buf, c.read, c.stored, c.duplicate, c.quarantined,
		     msg.len ? "; " : "", msg.buf);
	total->read += c.read;
	total->stored += c.stored;
	total->duplicate += c.duplicate;
	total->quarantined += c.quarantined;
	rc = move_file(job, inbox, name, job->nc->done_dir, NULL, err);
	goto out;
reject:
	if (!msg.len && !strcmp(sha, "unreadable"))
		strbuf_addf(&msg, "cannot read '%s': %s", upath.buf, strerror(EACCES));
	if (!strcmp(outcome, "rejected")) {
		/* the ledger has the reason; only the move is left */
		struct db_stmt *st;

		if ((rc = db_prepare(job->db,
				     "SELECT message FROM run_step WHERE run_id = ?1"
				     " AND step = ?2", &st, err)))
			goto out;
		db_bind_text(st, 1, job->run.run_id);
		db_bind_text(st, 2, step.buf);
		strbuf_reset(&msg);
		if ((rc = db_step(st, err)) == DB_ROW)
			strbuf_addstr(&msg, db_column_text(st, 0));
		db_finalize(st);
		if (rc < 0)
			goto out;
	} else {
		if (!sha[0] && sha256_file(path.buf, sha, NULL, &js) < 0)
			snprintf(sha, sizeof(sha), "unreadable");
		strbuf_reset(&js);
		memset(&c, 0, sizeof(c));
		counts_json(&js, kn, uname.buf, sha, "rejected", &c, NULL, 0,
			    "rejected", msg.buf);
		if ((rc = commit_file_step(job, step.buf, js.buf, msg.buf, err)))
			goto out;
	}
	nightly_note(job, NIGHTLY_NOTE_STEP, "import %s %s: rejected: %s", kn,
		     uname.buf, msg.buf);
	rc = move_file(job, inbox, name, job->nc->rejected_dir, msg.buf, err);
out:
	strbuf_release(&path);
	strbuf_release(&step);
	strbuf_release(&js);
	strbuf_release(&extra);
	strbuf_release(&msg);
	strbuf_release(&upath);
	strbuf_release(&uname);
	return rc < 0 ? rc : 0;
}

static void progress(struct nightly_job *job, const char *kind, size_t done,
		     size_t nr, long long bytes_done, long long bytes,
		     const struct import_counts *total, double t0)
{
	double el = nightly_clock() - t0;
	double rate = el > 0 ? (double)total->read / el : 0;
	double eta = bytes_done > 0 ? el * (double)(bytes - bytes_done) / (double)bytes_done : 0;

	if (!job->opt->progress)
		return;
	nightly_note(job, NIGHTLY_NOTE_PROGRESS,
		     "import %s: %zu/%zu files, %lld records, %.0f records/s, ETA %.0fs",
		     kind, done, nr, total->read, rate, eta);
}

static int totals_json(struct nightly_job *job, const char *extra,
		       struct strbuf *js, struct strbuf *line, struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	rc = db_prepare(job->db,
			"SELECT count(*),"
			" coalesce(sum(json_extract(counts, '$.outcome') = 'rejected'), 0),"
			" coalesce(sum(json_extract(counts, '$.read')), 0),"
			" coalesce(sum(json_extract(counts, '$.stored')), 0),"
			" coalesce(sum(json_extract(counts, '$.duplicate')), 0),"
			" coalesce(sum(json_extract(counts, '$.quarantined')), 0),"
			" coalesce(sum(json_extract(counts, '$.quality') = 'failed'), 0),"
			" coalesce(sum(json_extract(counts, '$.outcome') = 'deferred'), 0)"
			" FROM run_step WHERE run_id = ?1 AND step LIKE 'import:%'"
			" AND state = 'committed'",
			&st, err);
	if (rc)
		return rc;
	db_bind_text(st, 1, job->run.run_id);
	if ((rc = db_step(st, err)) == DB_ROW)
		strbuf_addf(js,
			    "{\"files\":%lld,\"rejected\":%lld,\"read\":%lld,"
			    "\"stored\":%lld,\"duplicate\":%lld,\"quarantined\":%lld,"
			    "\"quality_failed\":%lld,\"deferred\":%lld%s}",
			    (long long)db_column_int64(st, 0),
			    (long long)db_column_int64(st, 1),
			    (long long)db_column_int64(st, 2),
			    (long long)db_column_int64(st, 3),
			    (long long)db_column_int64(st, 4),
			    (long long)db_column_int64(st, 5),
			    (long long)db_column_int64(st, 6),
			    (long long)db_column_int64(st, 7), extra);
	if (rc == DB_ROW)
		strbuf_addf(line,
			    "import: %lld files (%lld rejected, %lld left for the next"
			    " night), read %lld = stored %lld + duplicate %lld +"
			    " quarantined %lld",
			    (long long)db_column_int64(st, 0),
			    (long long)db_column_int64(st, 1),
			    (long long)db_column_int64(st, 7),
			    (long long)db_column_int64(st, 2),
			    (long long)db_column_int64(st, 3),
			    (long long)db_column_int64(st, 4),
			    (long long)db_column_int64(st, 5));
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* Did a run of this business date import (or reject) any file of the
 * kind? Read from the ledger, so a resumed run, whose inbox is already
 * empty, still knows, and a forced rerun of the date is not an empty night. */
static int kind_had_files(struct nightly_job *job, const char *kind,
			  struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	if ((rc = db_prepare(job->db,
			     "SELECT count(*) FROM run_step WHERE run_id IN"
			     " (SELECT run_id FROM run WHERE business_date ="
			     "  (SELECT business_date FROM run WHERE run_id = ?1))"
			     " AND step LIKE 'import:%' AND state = 'committed'"
			     " AND json_extract(counts, '$.kind') = ?2"
			     " AND json_extract(counts, '$.outcome') != 'deferred'",
			     &st, err)))
		return rc;
	db_bind_text(st, 1, job->run.run_id);
	db_bind_text(st, 2, kind);
	if ((rc = db_step(st, err)) == DB_ROW)
		rc = db_column_int64(st, 0) > 0;
	db_finalize(st);
	return rc;
}

/* The data checks after the files: expected inboxes that were empty, and
 * the days of a system-wide monitoring gap (nightly_gaps, nightly/gaps.c),
 * as JSON members of the import step's counts. */
static int data_checks(struct nightly_job *job, struct strbuf *js,
		       struct strbuf *err)
{
	int rc, n = 0;

	strbuf_addstr(js, ",\"empty_inboxes\":[");
	for (int k = 0; k < NIGHTLY_KINDS; k++) {
		if (!job->nc->inbox[k] || !job->nc->expected[k])
			continue;
		if ((rc = kind_had_files(job, kind_names[k], err)) < 0)
			return rc;
		if (rc)
			continue;
		if (n++)
			strbuf_addch(js, ',');
		strbuf_add_json_string(js, kind_names[k]);
		nightly_note(job, NIGHTLY_NOTE_WARN,
			     "no %s file to import tonight in '%s' (inbox.expected"
			     " lists it): is the feed down?",
			     kind_names[k], job->nc->inbox[k]);
	}
	strbuf_addch(js, ']');
	return nightly_gaps(job, js, err);
}

int nightly_import(struct nightly_job *job, struct strbuf *err)
{
	struct inbox_list l = { 0 };
	struct strbuf js = STRBUF_INIT, line = STRBUF_INIT, extra = STRBUF_INIT;
	struct strbuf others = STRBUF_INIT;
	int rc, nothers = 0;

	if ((rc = ledger_step_done(job->db, job->run.run_id, "import", err)))
		return rc < 0 ? rc : 0;
	for (int k = 0; k < NIGHTLY_KINDS; k++) {
		struct import_counts total = { 0 }; /* this kind's, for progress */
		long long bytes_done = 0;
		double t0 = nightly_clock();
		struct stat st;

		if (!job->nc->inbox[k])
			continue;
		inbox_list_release(&l);
		if ((rc = list_inbox(job->nc, k, &l, err)))
			goto out;
		if (l.nothers) {
			strbuf_addstr(&others, nothers ? "," : "");
			strbuf_add(&others, l.others.buf, l.others.len);
			nothers += l.nothers;
			nightly_note(job, NIGHTLY_NOTE_WARN,
				     "%d entr%s of inbox '%s' not read (not regular"
				     " files, never followed): %s",
				     l.nothers, l.nothers == 1 ? "y" : "ies",
				     job->nc->inbox[k], l.others.buf);
		}
		for (size_t i = 0; i < l.nr; i++) {
			struct strbuf p = STRBUF_INIT;

			strbuf_addf(&p, "%s/%s", job->nc->inbox[k], l.names[i]);
			progress(job, kind_names[k], i, l.nr, bytes_done, l.bytes,
				 &total, t0);
			if (stat(p.buf, &st) == 0)
				bytes_done += st.st_size;
			strbuf_release(&p);
			if ((rc = import_one(job, k, l.names[i], l.mtimes[i], &total,
					     err)))
				goto out;
		}
	}
	strbuf_reset(&job->step);
	strbuf_addstr(&job->step, "import");
	strbuf_addf(&extra, ",\"not_files\":[%s]", others.buf);
	if ((rc = data_checks(job, &extra, err)) ||
	    (rc = totals_json(job, extra.buf, &js, &line, err)) ||
	    (rc = ledger_step_commit(job->db, job->run.run_id, "import", js.buf, err)))
		goto out;
	nightly_note(job, NIGHTLY_NOTE_STEP, "%s", line.buf);
out:
	inbox_list_release(&l);
	strbuf_release(&js);
	strbuf_release(&line);
	strbuf_release(&extra);
	strbuf_release(&others);
	return rc;
}
