#include "core/common.h"
#include "cmd/cli.h"
#include "linkage/link.h"
#include "rules/score.h"

#include <getopt.h>

int cmd_link(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "alert", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("link");
	struct strbuf err = STRBUF_INIT;
	struct link_summary s;
	const char *as_of = NULL, *alert = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if ((rc = cli_date_arg(self, optarg, &as_of)))
				return rc;
			break;
		case 'l':
			alert = alert_level_parse(optarg, strlen(optarg));
			if (!alert || !strcmp(alert, "none"))
				return cli_usage(self, "unknown alert level '%s'"
						 " (yellow, orange, red)", optarg);
			break;
		default:
			return cli_usage(self, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage(self, "unexpected argument '%s'", argv[optind]);
	if (!as_of)
		return cli_usage(self, "--as-of DATE is required");
	if ((rc = cli_open_db(cli, CLI_DB_WRITE, &err)) ||
	    (rc = link_run(cli->db, as_of, alert, NULL, &s, &err))) {
		rc = cli_fail(rc, &err);
		goto out;
	}
	cli_info(cli, "linked %s: exemptions %lld, revocations %lld, emergency %lld,"
		 " staggered %lld, pricing %lld, tax %lld, credit %lld", as_of,
		 s.exemptions, s.revocations, s.emergency, s.staggered, s.pricing,
		 s.tax, s.credit);
out:
	strbuf_release(&err);
	return rc;
}
