#include "core/common.h"
#include "core/i18n.h"
#include "nightly/internal.h"
#include "core/date.h"
#include "rules/ruleset.h"

#include <time.h>

/*
 * The job's skeleton: find or open the run of the business date, then run
 * every step not yet committed in it, in order. A failed step leaves the
 * run 'failed' with the step's message; the next start resumes the same
 * run id at that step (ledger_run_open).
 */
const struct nightly_ops nightly_real_ops = {
	import_file,
	rate_run,
	link_run,
	export_run,
};

static const char command_name[] = "nightly";

void nightly_note(struct nightly_job *job, enum nightly_note_kind kind,
		  const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!job->opt->note || (kind == NIGHTLY_NOTE_PROGRESS && !job->opt->progress))
		return;
	va_start(ap, fmt);
	ec_vaddf(&sb, fmt, ap); /* English, translation remembered */
	va_end(ap);
	job->opt->note(job->opt->note_data, kind, sb.buf);
	strbuf_release(&sb);
}

double nightly_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void nightly_result_release(struct nightly_result *res)
{
	if (res)
		strbuf_release(&res->summary);
}

static int begin_step(struct nightly_job *job, const char *step,
		      struct strbuf *err)
{
	strbuf_reset(&job->step);
	strbuf_addstr(&job->step, step);
	return ledger_step_begin(job->db, job->run.run_id, step, err);
}

static int step_rate(struct nightly_job *job, struct strbuf *err)
{
	struct rate_summary s;
	struct strbuf js = STRBUF_INIT;
	double t0 = nightly_clock();
	int rc;

	if ((rc = ledger_step_done(job->db, job->run.run_id, "rate", err)))
		return rc < 0 ? rc : 0;
	if ((rc = begin_step(job, "rate", err)))
		return rc;
	nightly_note(job, NIGHTLY_NOTE_PROGRESS, "rate: rating every enterprise on %s",
		     job->run.business_date);
	rc = job->ops->rate(job->db, job->run.business_date, job->nc->rules,
			    job->run.run_id, &s, err);
	if (rc) /* rate_run names the date already ("rating D: ...") */
		goto out;
	strbuf_addf(&js,
		    "{\"enterprises\":%lld,\"green\":%lld,\"blue\":%lld,\"yellow\":%lld,"
		    "\"red\":%lld,\"black\":%lld,\"changed\":%lld,\"overrides\":%lld,"
		    "\"rule_set_sha256\":",
		    s.enterprises, s.by_colour[0], s.by_colour[1], s.by_colour[2],
		    s.by_colour[3], s.by_colour[4], s.changed, s.overrides);
	strbuf_add_json_string(&js, s.rule_set_sha256);
	strbuf_addch(&js, '}');
	if ((rc = ledger_run_set_rule_set(job->db, job->run.run_id,
					  s.rule_set_sha256, err)) ||
	    (rc = ledger_step_commit(job->db, job->run.run_id, "rate", js.buf, err)))
		goto out;
	nightly_note(job, NIGHTLY_NOTE_STEP,
		     "rate: %lld enterprises, %lld changed colour (%.1fs)",
		     s.enterprises, s.changed, nightly_clock() - t0);
out:
	strbuf_release(&js);
	return rc;
}

static int step_link(struct nightly_job *job, struct strbuf *err)
{
	const char *alert = job->nc->alert;
	struct link_summary s;
	struct strbuf js = STRBUF_INIT;
	double t0 = nightly_clock();
	int rc;

	if ((rc = ledger_step_done(job->db, job->run.run_id, "link", err)))
		return rc < 0 ? rc : 0;
	if ((rc = begin_step(job, "link", err)))
		return rc;
	nightly_note(job, NIGHTLY_NOTE_PROGRESS, "link: computing the lists on %s",
		     job->run.business_date);
	rc = job->ops->link(job->db, job->run.business_date, alert, job->nc->rules,
			    job->run.run_id, &s, err);
	if (rc) /* link_run names the date already ("linking D: ...") */
		goto out;
	strbuf_addstr(&js, "{\"alert\":");
	strbuf_add_json_string(&js, alert ? alert : "all");
	strbuf_addstr(&js, ",\"alert_source\":");
	strbuf_add_json_string(&js, job->nc->alert_source);
	strbuf_addf(&js,
		    ",\"exemptions\":%lld,\"revocations\":%lld,\"emergency\":%lld,"
		    "\"staggered\":%lld,\"pricing\":%lld,\"tax\":%lld,\"credit\":%lld,"
		    "\"power_price\":%lld}",
		    s.exemptions, s.revocations, s.emergency, s.staggered, s.pricing,
		    s.tax, s.credit, s.power);
	if ((rc = ledger_step_commit(job->db, job->run.run_id, "link", js.buf, err)))
		goto out;
	nightly_note(job, NIGHTLY_NOTE_STEP,
		     "link (alert %s): %lld exemptions, %lld emergency, %lld pricing,"
		     " %lld credit rows (%.1fs)",
		     alert ? alert : _("all levels"), s.exemptions, s.emergency,
		     s.pricing, s.credit, nightly_clock() - t0);
out:
	strbuf_release(&js);
	return rc;
}

static int export_channel(struct nightly_job *job, const char *channel,
			  struct strbuf *err)
{
	const struct nightly_config *nc = job->nc;
	const char *channels[2] = { channel, NULL };
	struct export_options opt = { 0 };
	struct export_result r;
	struct strbuf step = STRBUF_INIT, js = STRBUF_INIT;
	int rc;

	strbuf_addf(&step, "export:%s", channel);
	if ((rc = ledger_step_done(job->db, job->run.run_id, step.buf, err))) {
		rc = rc < 0 ? rc : 0;
		goto out;
	}
	if ((rc = begin_step(job, step.buf, err)))
		goto out;
	nightly_note(job, NIGHTLY_NOTE_PROGRESS, "export: writing the %s package",
		     channel);
	opt.as_of = job->run.business_date;
	opt.out_dir = nc->outbox;
	opt.channels = channels;
	opt.keys.cms_key = nc->keys[0];
	opt.keys.cms_cert = nc->keys[1];
	opt.keys.sm2_key = nc->keys[2];
	opt.keys.sm2_cert = nc->keys[3];
	opt.keys.ed25519_key = nc->keys[4];
	opt.valid_days = nc->valid_days;
	opt.run_id = job->run.run_id;
	/* This run's data is what is published: when a package of its run
	 * id was published with other bytes (a manual export before the
	 * night), the new one takes the next sequence number. */
	opt.new_sequence = 1;
	opt.reissue = job->opt->reissue;
	opt.allow_future = job->opt->allow_future;
	opt.publisher = &nc->publisher;
	if ((rc = job->ops->export(job->db, &opt, &r, err))) {
		ec_prefix(err, "exporting channel '%s': ", channel);
		goto out;
	}
	strbuf_addstr(&js, "{\"channel\":");
	strbuf_add_json_string(&js, channel);
	strbuf_addf(&js, ",\"packages\":%d,\"files\":[", r.packages);
	for (int i = 0; i < r.packages && i < (int)ARRAY_SIZE(r.written); i++) {
		if (i)
			strbuf_addch(&js, ',');
		strbuf_add_json_string(&js, r.written[i]);
	}
	strbuf_addstr(&js, "]}");
	if ((rc = ledger_step_commit(job->db, job->run.run_id, step.buf, js.buf, err)))
		goto out;
	for (int i = 0; i < r.packages && i < (int)ARRAY_SIZE(r.written); i++)
		nightly_note(job, NIGHTLY_NOTE_STEP, "export %s: %s/%s", channel,
			     nc->outbox, r.written[i]);
out:
	strbuf_release(&step);
	strbuf_release(&js);
	return rc;
}

/* Is the newest run of the date an unfinished one (a forced run that was
 * interrupted)? */
static int newest_unfinished(struct db *db, const char *date, struct strbuf *err)
{
	int64_t n;
	int rc = db_query_int64(db,
				"SELECT count(*) FROM run WHERE business_date = ?1"
				" AND command = ?2 AND state != 'committed' AND ordinal ="
				" (SELECT max(ordinal) FROM run WHERE business_date = ?1"
				" AND command = ?2)",
				date, command_name, &n, err);

	return rc ? rc : n > 0;
}

static int read_flags(struct nightly_job *job, struct strbuf *err);

static int already_done(struct nightly_job *job, struct strbuf *err)
{
	struct db_stmt *st;
	const char *date = job->opt->as_of;
	int rc;

	job->res->already_done = 1;
	rc = db_prepare(job->db,
			"SELECT run_id, coalesce(finished, '') FROM run WHERE"
			" business_date = ?1 AND command = ?2 AND state = 'committed'"
			" ORDER BY ordinal DESC LIMIT 1",
			&st, err);
	if (rc)
		return rc;
	db_bind_text(st, 1, date);
	db_bind_text(st, 2, command_name);
	if ((rc = db_step(st, err)) == DB_ROW) {
		snprintf(job->res->run_id, sizeof(job->res->run_id), "%s",
			 db_column_text(st, 0));
		snprintf(job->run.run_id, sizeof(job->run.run_id), "%s",
			 db_column_text(st, 0));
		strbuf_addf(&job->res->summary,
			    "nightly %s: already done by run %s (finished %s);"
			    " nothing to do (--force runs it again)\n",
			    date, db_column_text(st, 0), db_column_text(st, 1));
	}
	db_finalize(st);
	if (rc < 0)
		return rc;
	/* A run that completed with rejected files or over the quality
	 * threshold ends the same way every time it is asked about: the
	 * caller repeats its exit status and message (docs/operation.md). */
	if (*job->run.run_id && (rc = read_flags(job, err)))
		return rc;
	if (job->res->rejected_files || job->res->quality_failed)
		strbuf_addf(&job->res->summary,
			    "nightly %s: run %s ended with %d file(s) rejected and"
			    " %d over the quarantine threshold; fix the inputs and"
			    " run 'ecredit nightly --as-of %s --force'\n",
			    date, job->run.run_id, job->res->rejected_files,
			    job->res->quality_failed, date);
	if ((rc = newest_unfinished(job->db, date, err)) > 0)
		strbuf_addf(&job->res->summary,
			    "nightly %s: a later forced run is unfinished;"
			    " 'ecredit nightly --as-of %s --force' finishes it\n",
			    date, date);
	return rc < 0 ? rc : 0;
}

/* The dates a run may publish (docs/export.md, "dates"), checked before
 * the run is opened or anything imported. */
static int check_date(struct nightly_job *job, struct strbuf *err)
{
	const char *date = job->opt->as_of;
	char newest[DATE_TEXT_SIZE];
	int days, rc;

	if (date_parse(date, &days))
		return ec_error(err, EC_USAGE, "bad business date '%s'", date);
	if (!job->opt->allow_future && days > date_today_shanghai() + 1)
		return ec_error(err, EC_USAGE,
				"business date %s is later than tomorrow (Asia/Shanghai):"
				" refused (--allow-future runs it anyway)", date);
	if (!date_in_range(days + job->nc->valid_days))
		return ec_error(err, EC_USAGE,
				"business date %s: Valid-Until (%d days later) would be"
				" after 9999-12-31", date, job->nc->valid_days);
	for (size_t i = 0; !job->opt->reissue && job->nc->channels &&
			   job->nc->channels[i]; i++) {
		if ((rc = export_newest_date(job->db, job->nc->outbox,
					     job->nc->channels[i], newest, err)))
			return rc;
		if (strcmp(date, newest) < 0)
			return ec_error(err, EC_USAGE,
					"business date %s is older than %s, the newest"
					" published for channel %s: refused (--reissue"
					" publishes it, marked Reissue-Of-Newest in its"
					" .release)",
					date, newest, job->nc->channels[i]);
	}
	return 0;
}

static int open_run(struct nightly_job *job, struct strbuf *err)
{
	const char *date = job->opt->as_of;
	int rc, force = 0;

	rc = ledger_run_completed(job->db, date, command_name, err);
	if (rc < 0)
		return rc;
	if (rc && !job->opt->force) {
		rc = already_done(job, err);
		return rc ? rc : 1;
	}
	if (rc) { /* --force: finish an interrupted forced run, else a new one */
		if ((rc = newest_unfinished(job->db, date, err)) < 0)
			return rc;
		force = !rc;
	}
	if ((rc = check_date(job, err)))
		return rc;
	if ((rc = ledger_run_open(job->db, date, command_name, force, &job->run, err)))
		return rc;
	snprintf(job->res->run_id, sizeof(job->res->run_id), "%s", job->run.run_id);
	job->res->resumed = job->run.resumed;
	return 0;
}

/* The flags the exit status comes from, read back from the ledger so a
 * resumed run reports what the whole run saw. */
static int read_flags(struct nightly_job *job, struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	rc = db_prepare(job->db,
			"SELECT coalesce(json_extract(counts, '$.rejected'), 0),"
			" coalesce(json_extract(counts, '$.quality_failed'), 0),"
			" coalesce(json_array_length(counts, '$.empty_inboxes'), 0),"
			" coalesce(json_array_length(counts, '$.gaps'), 0),"
			" coalesce(json_extract(counts, '$.deferred'), 0)"
			" FROM run_step WHERE run_id = ?1 AND step = 'import'",
			&st, err);
	if (rc)
		return rc;
	db_bind_text(st, 1, job->run.run_id);
	if ((rc = db_step(st, err)) == DB_ROW) {
		job->res->rejected_files = (int)db_column_int64(st, 0);
		job->res->quality_failed = (int)db_column_int64(st, 1);
		/* the data checks of the night (nightly/inbox.c, gaps.c) */
		job->res->empty_inboxes = (int)db_column_int64(st, 2);
		job->res->gap_days = (int)db_column_int64(st, 3);
		job->res->deferred = (int)db_column_int64(st, 4);
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

static void record_failure(struct nightly_job *job, const struct strbuf *err)
{
	struct strbuf scratch = STRBUF_INIT;

	/* Best effort: with a full disk these writes may fail too, and the
	 * run then simply stays 'started' — it resumes all the same. */
	if (db_in_transaction(job->db))
		db_rollback(job->db);
	if (job->step.len)
		ledger_step_fail(job->db, job->run.run_id, job->step.buf, err->buf,
				 &scratch);
	ledger_run_finish(job->db, job->run.run_id, 0, err->buf, &scratch);
	strbuf_release(&scratch);
}

int nightly_run(struct db *db, const struct nightly_config *nc,
		const struct nightly_options *opt, struct nightly_result *res,
		struct strbuf *err)
{
	struct nightly_job job = { 0 };
	struct strbuf msg = STRBUF_INIT;
	int rc;

	memset(res, 0, sizeof(*res));
	strbuf_init(&res->summary, 0);
	job.db = db;
	job.nc = nc;
	job.opt = opt;
	job.ops = opt->ops ? opt->ops : &nightly_real_ops;
	job.res = res;
	strbuf_init(&job.step, 0);
	/* Files leave the inbox right after their commit: the commit must
	 * survive a power cut, not only a crash. */
	if ((rc = db_exec(db, "PRAGMA synchronous=FULL", err)))
		goto out;
	/* The database must know everything the outbox published, before
	 * anything is imported (docs/operation.md). */
	if ((rc = export_check_outbox(db, nc->outbox,
				      (const char *const *)nc->channels, err)))
		goto out;
	if ((rc = open_run(&job, err)) != 0) {
		if (rc == 1)
			rc = 0;
		goto out;
	}
	nightly_note(&job, NIGHTLY_NOTE_STEP, "nightly %s: %s run %s", opt->as_of,
		     job.run.resumed ? _("resuming") : _("starting"), job.run.run_id);
	if ((rc = nightly_import(&job, err)) || (rc = step_rate(&job, err)) ||
	    (rc = step_link(&job, err)) || (rc = nightly_report(&job, err)))
		goto fail;
	for (size_t i = 0; nc->channels && nc->channels[i]; i++)
		if ((rc = export_channel(&job, nc->channels[i], err)))
			goto fail;
	strbuf_reset(&job.step);
	if ((rc = read_flags(&job, err)))
		goto fail;
	strbuf_addstr(&msg, "completed");
	if (res->rejected_files)
		strbuf_addf(&msg, "; %d file(s) rejected", res->rejected_files);
	if (res->quality_failed)
		strbuf_addf(&msg, "; %d file(s) over the quarantine threshold",
			    res->quality_failed);
	if (res->empty_inboxes)
		strbuf_addf(&msg, "; %d expected inbox(es) empty", res->empty_inboxes);
	if (res->gap_days)
		strbuf_addf(&msg, "; %d monitoring gap day(s)", res->gap_days);
	if ((rc = ledger_run_finish(db, job.run.run_id, 1, msg.buf, err)) ||
	    (rc = nightly_summary(&job, &res->summary, err)))
		goto out;
	goto out;
fail:
	ec_prefix(err, "nightly %s (run %s): ", opt->as_of, job.run.run_id);
	record_failure(&job, err);
out:
	strbuf_release(&job.step);
	strbuf_release(&msg);
	return rc;
}
