#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"
#include "core/version.h"

#include <getopt.h>
#include <unistd.h>

const struct command commands[] = {
	{ "init", cmd_init, "", "create the database or migrate it to the current schema", NULL },
	{ "import", cmd_import, "permits|penalties|monitoring FILE...",
	  "import permits (XML), penalties and events (CSV) or HJ 212 logs",
	  "  FILE may be '-' (monitoring: standard input); .gz files are accepted for monitoring\n" },
	{ "rate", cmd_rate, "--as-of DATE [--rules FILE]",
	  "compute every enterprise's score and colour on DATE", NULL },
	{ "link", cmd_link, "--as-of DATE [--alert yellow|orange|red]",
	  "compute the linkage lists on DATE", NULL },
	{ "export", cmd_export, "--as-of DATE --out DIR [--channel NAME]...",
	  "write signed packages", NULL },
	{ "verify", cmd_verify, "PACKAGE... [--trust FILE] [--state FILE]",
	  "check packages as a consumer would", NULL },
	{ "report", cmd_report, "NAME [--as-of DATE] [--format text|csv|json|xml]",
	  "print a stored table", NULL },
	{ "explain", cmd_explain, "USCC [--as-of DATE] [--format text|json]",
	  "why this enterprise has its colour", NULL },
	{ "history", cmd_history, "USCC", "colour history of an enterprise", NULL },
	{ "override", cmd_override,
	  "USCC --colour C --reason TEXT --by NAME [--until DATE]",
	  "record a manual decision (appeal outcome)", NULL },
	{ "rules", cmd_rules, "check|test|install FILE",
	  "validate a rule set, run its test cases, or install it for rate", NULL },
	{ "simulate", cmd_simulate, "--rules FILE --as-of DATE",
	  "rate with another rule set without storing; print what would change", NULL },
	{ "keygen", cmd_keygen, "--alg rsa|ecdsa|ed25519|sm2 --out DIR",
	  "make a signing key and a self-signed certificate", NULL },
	{ "nightly", cmd_nightly, "[--as-of DATE] [--force]",
	  "the whole job: import inboxes, rate, link, export", NULL },
	{ "demo", cmd_demo,
	  "[--dir DIR] [--enterprises N] [--outlets N] [--days N] [--seed S] [--as-of DATE]",
	  "make a synthetic city with keys and config, and run nightly on it",
	  "  --dir DIR          where to write the city (default: demo); a folder\n"
	  "                     holding an earlier demo is replaced\n"
	  "  --enterprises N    enterprises (default 2000)\n"
	  "  --outlets N        outlets with online monitoring (default 300)\n"
	  "  --days N           days of hourly HJ 212 data up to DATE (default 30)\n"
	  "  --seed S           random seed: the same seed, the same files (default 1)\n"
	  "  --as-of DATE       business date (default 2026-11-28)\n"
	  "  --no-nightly       generate only; do not run nightly\n" },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct command *command_find(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static void print_program_help(FILE *out)
{
	fputs(_("usage: ecredit [--db FILE] [--config FILE] [-q|-v] COMMAND [ARGS]\n"
		"       ecredit --version | --help | COMMAND --help\n\n"
		"Environmental credit ratings and the policies that hang on them.\n\n"
		"commands:\n"),
	      out);
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, _(c->summary));
	fputs(_("\noptions:\n"
	      "  --db FILE       database (else $ECREDIT_DB, the config's db, ./ecredit.db)\n"
	      "  --config FILE   configuration (else $ECREDIT_CONFIG, ./ecredit.conf)\n"
	      "  -q, --quiet     only errors on stderr\n"
	      "  -v, --verbose   more detail on stderr\n\n"
	      "exit status: 0 done, 1 a check failed, 64 usage, 65 bad input data,\n"
	      "66 input missing, 70 internal error, 74 I/O error, 75 locked (retry later),\n"
	      "78 configuration error\n"),
	      out);
}

void cli_print_command_help(const struct command *cmd, FILE *out)
{
	/* The table's texts are translated here; scripts/po-strings.c puts
	 * them in the catalogue (docs/i18n.md). */
	fprintf(out, _("usage: ecredit %s %s\n\n%s\n"), cmd->name, cmd->usage,
		_(cmd->summary));
	if (cmd->help)
		fprintf(out, "\n%s", _(cmd->help));
}

static void print_version(void)
{
	printf("ecredit %s\n", ECREDIT_VERSION);
	print_library_versions(stdout);
}

int cli_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli cli = { 0 };
	const struct command *cmd;
	int c, rc;

	/* '+': stop at the command name; its options are its own. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+qvh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': cli.db_opt = optarg; break;
		case 'c': cli.config_opt = optarg; break;
		case 'q': cli.verbosity = -1; break;
		case 'v': cli.verbosity++; break;
		case 'h': print_program_help(stdout); return 0;
		case 'V': print_version(); return 0;
		default:
			fprintf(stderr, _("ecredit: error: unknown option '%s'\n"),
				argv[optind - 1]);
			print_program_help(stderr);
			return 64;
		}
	}
	if (optind >= argc) {
		print_program_help(stderr);
		return 64;
	}
	cmd = command_find(argv[optind]);
	if (!cmd) {
		fprintf(stderr, _("ecredit: error: unknown command '%s' (see 'ecredit --help')\n"),
			argv[optind]);
		return 64;
	}
	argc -= optind;
	argv += optind;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			cli_print_command_help(cmd, stdout);
			return 0;
		}
	}
	optind = 0; /* reset getopt for the command (GNU: 0 reinitialises) */
	opterr = 0;
	rc = cmd->fn(argc, argv, &cli);
	cli_cleanup(&cli);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, _("ecredit: error: cannot write output: %s\n"),
			ec_strerror(errno));
		if (!rc)
			rc = 74;
	}
	return rc;
}
