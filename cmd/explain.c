#include "core/common.h"
#include "cmd/cli.h"
#include "core/uscc.h"
#include "linkage/link.h"
#include "ratings/explain.h"

#include <getopt.h>

/* ecredit explain USCC [--as-of DATE] [--format text|json] */
int cmd_explain(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("explain");
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	const char *as_of = NULL;
	int c, rc, json = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if ((rc = cli_date_arg(self, optarg, &as_of)))
				return rc;
			break;
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return cli_usage(self, "unknown format '%s'", optarg);
			json = !strcmp(optarg, "json");
			break;
		default:
			return cli_usage(self, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(self, "name one enterprise (USCC)");
	if (!uscc_well_formed(argv[optind]))
		return cli_usage(self, "'%s' is not a USCC (18 characters of"
				 " 0-9 and A-Y without I O S V Z)", argv[optind]);
	if ((rc = cli_open_db(cli, CLI_DB_READ, &err)) ||
	    (rc = explain_build(cli->db, argv[optind], as_of, json, link_explain, &out,
				&err)))
		rc = cli_fail(rc, &err);
	else
		fputs(out.buf, stdout);
	strbuf_release(&out);
	strbuf_release(&err);
	return rc;
}
