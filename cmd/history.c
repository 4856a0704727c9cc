#include "core/common.h"
#include "cmd/cli.h"
#include "core/uscc.h"
#include "ratings/override.h"

/* ecredit history USCC: every colour change with date, cause, rule set. */
int cmd_history(int argc, char **argv, struct cli *cli)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	int rc;

	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(command_find("history"), "name one enterprise (USCC)");
	if (!uscc_well_formed(argv[1]))
		return cli_usage(command_find("history"), "'%s' is not a USCC (18"
				 " characters of 0-9 and A-Y without I O S V Z)", argv[1]);
	if ((rc = cli_open_db(cli, CLI_DB_READ, &err)) ||
	    (rc = override_history(cli->db, argv[1], &out, &err)))
		rc = cli_fail(rc, &err);
	else
		fputs(out.buf, stdout);
	strbuf_release(&out);
	strbuf_release(&err);
	return rc;
}
