#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"

int cmd_init(int argc, char **argv, struct cli *cli)
{
	struct strbuf err = STRBUF_INIT;
	int rc, from = 0, to = 0;

	if (argc > 1)
		return cli_usage(command_find("init"), "unexpected argument '%s'", argv[1]);
	if ((rc = cli_open_db(cli, CLI_DB_WRITE | CLI_DB_CREATE, &err)) ||
	    (rc = db_migrate(cli->db, &from, &to, &err))) {
		rc = cli_fail(rc, &err);
		goto out;
	}
	if (from == to)
		printf(_("database '%s' is up to date (schema version %d)\n"),
		       cli->db_path, to);
	else if (from == 0)
		printf(_("created database '%s' (schema version %d)\n"), cli->db_path, to);
	else
		printf(_("migrated database '%s' from schema version %d to %d\n"),
		       cli->db_path, from, to);
out:
	strbuf_release(&err);
	return rc;
}
