#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"
#include "core/date.h"
#include "nightly/nightly.h"

#include <getopt.h>

/* Notes from the job: progress lines overwrite each other on a terminal;
 * step lines and warnings go to stderr unless -q. */
static void print_note(void *data, enum nightly_note_kind kind, const char *line)
{
	const struct cli *cli = data;

	if (kind == NIGHTLY_NOTE_WARN) {
		cli_warn("%s", line);
		return;
	}
	if (cli->verbosity < 0)
		return;
	if (kind == NIGHTLY_NOTE_PROGRESS) {
		fprintf(stderr, "\r\033[K%s", ec_l10n(line));
		fflush(stderr);
		return;
	}
	if (cli_tty())
		fputs("\r\033[K", stderr);
	fprintf(stderr, "%s\n", ec_l10n(line));
}

int cmd_nightly(int argc, char **argv, struct cli *cli)
{
	static const struct option longopts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("nightly");
	struct nightly_options opt = { 0 };
	struct nightly_config *nc = NULL;
	struct nightly_result res = { 0 };
	struct strbuf err = STRBUF_INIT;
	char date[DATE_TEXT_SIZE];
	int c, days, rc, status = 0, from = 0, to = 0;

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
		default:
			return cli_usage(self, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage(self, "unexpected argument '%s'", argv[optind]);
	if (!opt.as_of) {
		date_format(date_yesterday_shanghai(), date);
		opt.as_of = date;
	}
	/* Everything the night needs is checked before the lock is taken. */
	if ((rc = cli_config(cli, &err)) ||
	    (rc = nightly_config_load(cli->cfg, &nc, &err)) ||
	    (rc = cli_open_db(cli, CLI_DB_WRITE | CLI_DB_CREATE, &err)) ||
	    (rc = db_migrate(cli->db, &from, &to, &err))) {
		status = cli_fail(rc, &err);
		goto out;
	}
	/* The first night of a new installation creates the database; after
	 * an upgrade the night migrates it (as `ecredit init` would). */
	if (from != to)
		cli_info(cli, "%s database '%s' (schema version %d)",
			 from ? _("migrated") : _("created"), cli->db_path, to);
	opt.progress = cli_tty() && cli->verbosity >= 0;
	opt.note = print_note;
	opt.note_data = cli;
	rc = nightly_run(cli->db, nc, &opt, &res, &err);
	if (opt.progress)
		fputs("\r\033[K", stderr);
	if (rc) {
		status = cli_fail(rc, &err);
		if (status != 75)
			fprintf(stderr,
				_("ecredit: the run is recorded; once the cause is fixed,"
				" 'ecredit nightly --as-of %s' resumes it\n"),
				opt.as_of);
		goto out;
	}
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
out:
	nightly_result_release(&res);
	nightly_config_free(nc);
	strbuf_release(&err);
	return status;
}
