#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"
#include "core/report.h"

#include <getopt.h>

static void list_one(const struct report_def *d, void *data)
{
	fprintf((FILE *)data, "  %-12s %s\n", d->name, _(d->summary));
}

int cmd_report(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("report");
	struct strbuf err = STRBUF_INIT;
	enum report_format fmt = REPORT_TEXT;
	const struct report_def *def;
	const char *as_of = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if ((rc = cli_date_arg(self, optarg, &as_of)))
				return rc;
			break;
		case 'f':
			if (report_parse_format(optarg, &fmt))
				return cli_usage(self, "unknown format '%s'", optarg);
			break;
		default:
			return cli_usage(self, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind + 1 != argc) {
		int status = cli_usage(self, "name one report");

		fputs(_("reports:\n"), stderr);
		report_each(list_one, stderr);
		return status;
	}
	def = report_find(argv[optind]);
	if (!def) {
		fprintf(stderr, _("ecredit: error: unknown report '%s'; reports:\n"),
			argv[optind]);
		report_each(list_one, stderr);
		return 64;
	}
	if ((rc = cli_open_db(cli, CLI_DB_READ, &err)) ||
	    (rc = report_write(cli->db, def, as_of, fmt, stdout, &err)))
		rc = cli_fail(rc, &err);
	strbuf_release(&err);
	return rc;
}
