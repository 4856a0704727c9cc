#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"
#include "exporters/export.h"

#include <getopt.h>

/*
 * ecredit adopt [--out DIR]: the recovery after a lost or restored
 * database (docs/operation.md). Every package of the outbox the database
 * does not know is recorded as published, so the next packages take the
 * following sequence numbers and chain after them; nothing in the outbox
 * is written.
 */
int cmd_adopt(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("adopt");
	struct strbuf err = STRBUF_INIT;
	char *dir = NULL;
	int c, rc = 0, adopted = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			free(dir);
			dir = xstrdup(optarg);
			break;
		default:
			rc = cli_usage(self, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (optind != argc) {
		rc = cli_usage(self, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if ((rc = cli_open_db(cli, CLI_DB_WRITE, &err))) {
		rc = cli_fail(rc, &err);
		goto out;
	}
	if (!dir && !(dir = config_path(cli->cfg, "outbox", "dir"))) {
		rc = cli_usage(self, "--out is required (no outbox.dir in the configuration)");
		goto out;
	}
	if ((rc = export_adopt(cli->db, dir, &adopted, &err))) {
		ec_prefix(&err, "adopting the outbox '%s': ", dir);
		rc = cli_fail(rc, &err);
		goto out;
	}
	printf(_("adopted %d package(s) of '%s' into database '%s'\n"), adopted, dir,
	       cli->db_path);
out:
	free(dir);
	strbuf_release(&err);
	return rc;
}
