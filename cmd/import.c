#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"
#include "importers/importer.h"

static void print_warning(void *data, const char *msg)
{
	const struct cli *cli = data;

	if (cli->verbosity >= 0)
		cli_warn("%s", msg);
}

/* monitoring.accept_crc = "modbus swapped" */
static int crc_options(struct cli *cli, struct import_options *opt,
		       struct strbuf *err)
{
	const char *v = config_get(cli->cfg, "monitoring", "accept_crc");
	int rc;

	while (v && *v) {
		size_t n = strcspn(v, " ,\t");

		if (n == 6 && !strncmp(v, "modbus", 6))
			opt->accept_crc_modbus = 1;
		else if (n == 7 && !strncmp(v, "swapped", 7))
			opt->accept_crc_swapped = 1;
		else if (n)
			return ec_error(err, EC_CONFIG,
					"%s:%d: unknown CRC variant '%.*s' in accept_crc"
					" (known: modbus swapped)",
					config_file(cli->cfg),
					config_line(cli->cfg, "monitoring", "accept_crc"),
					(int)n, v);
		v += n;
		v += strspn(v, " ,\t");
	}
	if ((rc = config_bool(cli->cfg, "monitoring", "store_minute", 0,
			      &opt->store_minute, err)))
		return rc;
	return 0;
}

int cmd_import(int argc, char **argv, struct cli *cli)
{
	const struct command *self = command_find("import");
	struct import_options opt = { 0 };
	struct strbuf err = STRBUF_INIT;
	const char *kind;
	int rc, status = 0;

	if (argc < 3)
		return cli_usage(self, "name a kind and at least one file");
	kind = argv[1];
	if (!importer_find(kind))
		return cli_usage(self, "unknown kind '%s' (permits, penalties, monitoring)",
				 kind);
	if ((rc = cli_open_db(cli, CLI_DB_WRITE, &err)) ||
	    (rc = crc_options(cli, &opt, &err))) {
		status = cli_fail(rc, &err);
		goto out;
	}
	opt.warn = print_warning;
	opt.warn_data = cli;
	for (int i = 2; i < argc; i++) {
		struct import_counts c;

		rc = import_file(cli->db, kind, argv[i], &opt, &c, &err);
		if (rc) {
			int s;

			ec_prefix(&err, "importing '%s': ", argv[i]);
			s = cli_fail(rc, &err);
			/* keep going; report the gravest failure at the end */
			if (!status || s == 70 || s == 74)
				status = s;
			continue;
		}
		if (cli->verbosity >= 0)
			printf(_("%s: read %lld = stored %lld + duplicate %lld + quarantined %lld"
			       " (warnings %lld)\n"),
			       strcmp(argv[i], "-") ? argv[i] : "(stdin)", c.read,
			       c.stored, c.duplicate, c.quarantined, c.warnings);
	}
out:
	strbuf_release(&err);
	return status;
}
