#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/ledger.h"
#include "nightly/nightly.h"

#include <getopt.h>
#include <time.h>
#include <unistd.h>

/* Notes from the job: progress lines overwrite each other on a terminal;
 * step lines and warnings go to stderr unless -q. */
static void print_note(void *data, enum nightly_note_kind kind, const char *line)
{
	const struct cli *cli = data;

	if (cli->verbosity < 0)
		return;
	if (kind == NIGHTLY_NOTE_WARN) {
		cli_warn("%s", line);
		return;
	}
	if (kind == NIGHTLY_NOTE_PROGRESS) {
		cli_progress(ec_l10n(line));
		return;
	}
	cli_progress_clear();
	fprintf(stderr, "%s\n", ec_l10n(line));
}

/* -v: every step of the run with its state, time and counts, from the
 * ledger (the same numbers `report runs` shows). */
static void print_steps(struct cli *cli, const char *run_id)
{
	struct strbuf err = STRBUF_INIT;
	struct db_stmt *st;

	if (db_prepare(cli->db,
		       "SELECT step, state, coalesce(elapsed_ms, 0),"
		       " (SELECT group_concat(key || ' ' || value, ', ')"
		       "  FROM json_each(counts) WHERE type IN ('integer', 'real'))"
		       " FROM run_step WHERE run_id = ?1 ORDER BY rowid", &st, &err)) {
		cli_warn("%s", err.buf);
		strbuf_release(&err);
		return;
	}
	db_bind_text(st, 1, run_id);
	fprintf(stderr, _("steps of run %s:\n"), run_id);
	while (db_step(st, &err) == DB_ROW)
		fprintf(stderr, "  %-40s %-9s %8.3fs  %s\n", db_column_text(st, 0),
			db_column_text(st, 1), (double)db_column_int64(st, 2) / 1000.0,
			db_column_text(st, 3));
	db_finalize(st);
	strbuf_release(&err);
}

/* --dry-run: the configuration checked without side effects, the
 * database read (never created, migrated or locked), the plan printed. */
static int dry_run(struct cli *cli, const struct nightly_options *opt)
{
	struct nightly_config *nc = NULL;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct db *db = NULL;
	const char *path = cli->db_opt;
	char *db_path = NULL;
	int rc;

	if ((rc = cli_config(cli, &err)) ||
	    (rc = nightly_config_check(cli->cfg, &nc, &err)))
		goto fail;
	if (!path && getenv("ECREDIT_DB") && *getenv("ECREDIT_DB"))
		path = getenv("ECREDIT_DB");
	db_path = path ? xstrdup(path) : config_path(cli->cfg, NULL, "db");
	if (!db_path)
		db_path = xstrdup("ecredit.db");
	if (access(db_path, F_OK) == 0) {
		struct strbuf wal = STRBUF_INIT;
		int flags = DB_OPEN_READONLY;

		/* no -wal file: no writer has it open, and nothing is left
		 * uncheckpointed; read it without making -wal and -shm files */
		strbuf_addf(&wal, "%s-wal", db_path);
		if (access(wal.buf, F_OK) < 0)
			flags |= DB_OPEN_IMMUTABLE;
		strbuf_release(&wal);
		if ((rc = db_open(db_path, flags, &db, &err)))
			goto fail;
		if (db_schema_version(db) != db_latest_version())
			strbuf_addf(&out, _("would migrate database '%s' from schema version"
					    " %d to %d\n"), db_path, db_schema_version(db),
				    db_latest_version());
	} else {
		strbuf_addf(&out, _("would create database '%s'\n"), db_path);
	}
	if ((rc = nightly_plan(db && db_schema_version(db) == db_latest_version() ? db : NULL,
			       nc, opt->as_of, opt->force, &out, &err)))
		goto fail;
	fputs(out.buf, stdout);
	goto out;
fail:
	rc = cli_fail(rc, &err);
out:
	db_close(db);
	free(db_path);
	nightly_config_free(nc);
	strbuf_release(&out);
	strbuf_release(&err);
	return rc;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *exit_meaning(int status)
{
	switch (status) {
	case 0: return N_("done");
	case 1: return N_("files over the quarantine threshold");
	case 65: return N_("input files rejected");
	case 70: return N_("internal error");
	case 74: return N_("I/O error");
	case 75: return N_("locked by another run");
	case 78: return N_("configuration error");
	default: return N_("failed");
	}
}

int cmd_nightly(int argc, char **argv, struct cli *cli)
{
	static const struct option longopts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "force", no_argument, NULL, 'f' },
		{ "reissue", no_argument, NULL, 'R' },
		{ "allow-future", no_argument, NULL, 'F' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("nightly");
	struct nightly_options opt = { 0 };
	struct nightly_config *nc = NULL;
	struct nightly_result res = { 0 };
	struct strbuf err = STRBUF_INIT, hint = STRBUF_INIT;
	char date[DATE_TEXT_SIZE];
	int c, days, rc, status = 0, from = 0, to = 0, dry = 0;
	double t0 = now_seconds();

	strbuf_init(&res.summary, 0);
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (date_parse(optarg, &days))
				return cli_usage(self, "bad --as-of '%s' (YYYY-MM-DD)",
						 optarg);
			opt.as_of = optarg;
			break;
		case 'f':
			opt.force = 1;
			break;
		case 'R':
			opt.reissue = 1;
			break;
		case 'F':
			opt.allow_future = 1;
			break;
		case 'n':
			dry = 1;
			break;
		default:
			return cli_usage(self, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(self, "unexpected argument '%s'", argv[optind]);
	if (!opt.as_of) {
		date_format(date_yesterday_shanghai(), date);
		opt.as_of = date;
	}
	if (dry)
		return dry_run(cli, &opt);
	/* the job's output is its log: the summary on stdout gets times too */
	cli_log_stamps(1);
	/* Everything the night needs is checked before the lock is taken. */
	if ((rc = cli_config(cli, &err)) ||
	    (rc = nightly_config_load(cli->cfg, &nc, &err)) ||
	    (rc = cli_open_db(cli, CLI_DB_WRITE | CLI_DB_MIGRATE, &err)) ||
	    (db_schema_version(cli->db) == 0 &&
	     (rc = db_require_current(cli->db, &err))) ||
	    (rc = db_migrate(cli->db, &from, &to, &err))) {
		status = cli_fail(rc, &err);
		goto out;
	}
	/* After an upgrade the night migrates the database (as `ecredit
	 * init` would); only `init` creates one. */
	if (from != to)
		cli_info(cli, "migrated database '%s' (schema version %d)",
			 cli->db_path, to);
	opt.progress = cli_tty() && cli->verbosity >= 0;
	/* progress within each file, as `import` shows it */
	nc->import.progress = cli_import_progress;
	nc->import.progress_data = cli;
	opt.note = print_note;
	opt.note_data = cli;
	rc = nightly_run(cli->db, nc, &opt, &res, &err);
	cli_progress_clear();
	if (rc) {
		status = cli_fail(rc, &err);
		/* a run that got a ledger entry resumes; one refused before it
		 * (a restored database, a date out of range) has nothing to resume */
		if (status != 75 && *res.run_id) {
			cli_self_command(cli, &hint);
			fprintf(stderr,
				_("ecredit: the run is recorded; once the cause is fixed,"
				" '%s nightly --as-of %s' resumes it\n"),
				hint.buf, opt.as_of);
		}
		goto out;
	}
	if (cli->verbosity >= 0)
		fputs(res.summary.buf, stdout);
	if (fflush(stdout) || ferror(stdout)) {
		status = 74;
		goto out;
	}
	if (res.rejected_files) {
		fprintf(stderr, _("ecredit: error: %d input file(s) rejected; see the"
			" .reason files under the rejected folder\n"),
			res.rejected_files);
		status = 65;
	} else if (res.quality_failed) {
		fprintf(stderr, _("ecredit: error: %d input file(s) over"
			" quality.max_quarantine_pct; see the summary\n"),
			res.quality_failed);
		status = 1;
	}
	/* data quality of the night as a whole: exit 1 unless worse */
	if (res.empty_inboxes || res.gap_days) {
		fprintf(stderr, "ecredit: error: data quality: %d expected inbox(es)"
			" empty, %d monitoring gap day(s); see the summary\n",
			res.empty_inboxes, res.gap_days);
		if (!status)
			status = 1;
	}
out:
	if (res.run_id[0] && !res.already_done && cli->db) {
		struct strbuf scratch = STRBUF_INIT;

		if (ledger_run_set_exit(cli->db, res.run_id, status, &scratch))
			cli_warn("run %s: cannot record exit status %d: %s", res.run_id,
				 status, scratch.buf);
		strbuf_release(&scratch);
		if (cli->verbosity > 0)
			print_steps(cli, res.run_id);
	}
	if (cli->verbosity >= 0 || status)
		fprintf(stderr, _("ecredit nightly %s: exit %d (%s) after %.1fs\n"),
			opt.as_of, status, _(exit_meaning(status)), now_seconds() - t0);
	nightly_result_release(&res);
	nightly_config_free(nc);
	strbuf_release(&err);
	strbuf_release(&hint);
	return status;
}
