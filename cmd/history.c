#include "core/common.h"
#include "cmd/cli.h"
#include "ratings/override.h"

/* ecredit history USCC: every colour change with date, cause, rule set. */
int cmd_history(int argc, char **argv, struct cli *cli)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	int rc;

	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(command_find("history"), "name one enterprise (USCC)");
	if ((rc = cli_open_db(cli, CLI_DB_READ, &err)) ||
	    (rc = override_history(cli->db, argv[1], &out, &err)))
		rc = cli_fail(rc, &err);
	else
		fputs(out.buf, stdout);
	strbuf_release(&out);
	strbuf_release(&err);
	return rc;
}
