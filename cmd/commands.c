#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"
#include "core/report.h"
#include "core/version.h"

#include <getopt.h>
#include <unistd.h>

const struct command commands[] = {
	{ "init", cmd_init, "",
	  N_("create the database or migrate it to the current schema"),
	  N_("  (no options) the database is --db, $ECREDIT_DB, the config's db or\n"
	     "  ./ecredit.db; an existing one is migrated, never emptied\n") },
	{ "import", cmd_import, "permits|penalties|monitoring|generation FILE...",
	  N_("import permits (XML), penalties and events (CSV), HJ 212 logs or the"
	     " hourly generation of coal power units (CSV)"),
	  N_("  permits FILE...      permit XML files\n"
	     "  penalties FILE...    penalty and event CSV files (UTF-8 or GB18030)\n"
	     "  monitoring FILE...   HJ 212 logs; .gz files are accepted\n"
	     "  generation FILE...   hourly kWh of coal power units, CSV (UTF-8 or\n"
	     "                       GB18030; docs/power-price.md)\n"
	     "  FILE may be '-' for standard input, for every kind\n"
	     "  config keys read: monitoring.accept_crc, monitoring.store_minute\n") },
	{ "rate", cmd_rate, "--as-of DATE [--rules FILE] [--allow-future]",
	  N_("compute every enterprise's score and colour on DATE"),
	  N_("  --as-of DATE     business date to rate (required)\n"
	     "  --rules FILE     rule-set XML to use (default: the config's rules, the\n"
	     "                   installed set, else the shipped one: 'ecredit rules dump')\n"
	     "  --allow-future   allow a date later than tomorrow (Asia/Shanghai)\n") },
	{ "link", cmd_link, "--as-of DATE [--alert yellow|orange|red] [--allow-future]",
	  N_("compute the linkage lists on DATE"),
	  N_("  --as-of DATE     business date (required); the date must be rated\n"
	     "  --alert LEVEL    heavy-pollution alert in force: yellow, orange or red\n"
	     "                   (default: emergency lists for every level)\n"
	     "  --allow-future   allow a date later than tomorrow (Asia/Shanghai)\n") },
	{ "export", cmd_export,
	  "--as-of DATE --out DIR [--channel NAME]... [--run-id ID] [--force] [--reissue]"
	  " [--allow-future]",
	  N_("write signed packages"),
	  N_("  --as-of DATE     business date to export (required)\n"
	     "  --out DIR        folder to write the packages in (required)\n"
	     "  --channel NAME   tax, finance, pricing, public or bureau; repeat for\n"
	     "                   several (default: every channel)\n"
	     "  --run-id ID      the run the package belongs to (a rerun with the\n"
	     "                   same id writes the same bytes)\n"
	     "  --force          data changed since the date's package was published:\n"
	     "                   publish it under the next sequence number\n"
	     "  --reissue        allow a date older than the newest published one\n"
	     "                   (the .release says Reissue-Of-Newest)\n"
	     "  --allow-future   allow a date later than tomorrow (Asia/Shanghai)\n"
	     "  keys come from the config: keys.cms_key/cms_cert, keys.sm2_key/sm2_cert,\n"
	     "  keys.ed25519_key; Valid-Until from outbox.valid_days\n") },
	{ "adopt", cmd_adopt, "[--out DIR]",
	  N_("record the outbox's packages the database does not know (after a restore)"),
	  N_("  --out DIR        the outbox (default: the configuration's outbox.dir)\n"
	     "  each archive is checked against its release; see docs/operation.md,\n"
	     "  \"recovering from a lost or restored database\"\n") },
	{ "verify", cmd_verify,
	  "PACKAGE... --trust FILE [--state FILE] [--channel NAME] [--today DATE]"
	  " [--no-expiry-check]",
	  N_("check packages as a consumer would"),
	  N_("  PACKAGE          a package's .tar.gz or .release file\n"
	     "  --trust FILE     the producer's certificate(s) or public key(s), PEM\n"
	     "                   (required; repeat for several files)\n"
	     "  --state FILE     the consumer's state: sequence numbers and hash chain\n"
	     "                   per channel, created when missing, updated on success\n"
	     "  --channel NAME   accept only this channel: tax, finance, pricing,\n"
	     "                   public or bureau\n"
	     "  --today DATE     the date Valid-Until is checked against (default:\n"
	     "                   today in Asia/Shanghai, or $ECREDIT_TODAY)\n"
	     "  --no-expiry-check  skip the Valid-Until check (says so on its own line)\n"
	     "  exit 1 when a package is rejected\n") },
	{ "report", cmd_report, "NAME [--as-of DATE] [--format text|csv|json|xml]",
	  N_("print a stored table"),
	  N_("  NAME             the report (listed below)\n"
	     "  --as-of DATE     business date (default: the newest one the report has)\n"
	     "  --format FMT     text (aligned columns, colours in Chinese), csv\n"
	     "                   (RFC 4180), json (array of objects) or xml\n") },
	{ "explain", cmd_explain, "USCC [--as-of DATE] [--format text|json]",
	  N_("why this enterprise has its colour"),
	  N_("  USCC             the enterprise's 18-character unified social credit code\n"
	     "  --as-of DATE     rating date (default: the newest rated date)\n"
	     "  --format FMT     text or json output\n") },
	{ "history", cmd_history, "USCC", N_("colour history of an enterprise"),
	  N_("  USCC             the enterprise's 18-character unified social credit code\n") },
	{ "override", cmd_override,
	  "USCC --colour C --reason TEXT --by NAME [--from DATE] [--until DATE]\n"
	  "       ecredit override USCC --end ID --reason TEXT --by NAME [--from DATE]",
	  N_("record a manual decision (appeal outcome)"),
	  N_("  --colour C       green, blue, yellow, red or black (also --color)\n"
	     "  --end ID         end override #ID instead of recording a colour\n"
	     "  --reason TEXT    why (the decision's reference), required\n"
	     "  --by NAME        who decided, required\n"
	     "  --from DATE      first day it applies (default: today, Asia/Shanghai)\n"
	     "  --until DATE     last day it applies (with --colour; default: open)\n") },
	{ "rules", cmd_rules, "check|test|install FILE | dump",
	  N_("validate a rule set, run its test cases, install it, or print the shipped one"),
	  N_("  check FILE       validate a rule-set XML against its schema and rules\n"
	     "  test FILE        run the rule set's own test cases\n"
	     "  install FILE     store it so that 'rate' uses it from its effective date\n"
	     "  dump             print the shipped rule set (a start for your own)\n") },
	{ "simulate", cmd_simulate, "--rules FILE --as-of DATE",
	  N_("rate with another rule set without storing; print what would change"),
	  N_("  --rules FILE     the rule set to try (required)\n"
	     "  --as-of DATE     business date (required)\n") },
	{ "keygen", cmd_keygen, "--alg rsa|ecdsa|ed25519|sm2 --out DIR",
	  N_("make a signing key and a self-signed certificate"),
	  N_("  --alg ALG        the algorithm: rsa (3072 bits, CMS), ecdsa (P-256, CMS),\n"
	     "                   ed25519 or sm2 (SM2 with SM3) (required)\n"
	     "  --out DIR        folder for ALG.key (mode 0600), ALG.crt and ALG.pub\n"
	     "                   (required)\n") },
	{ "nightly", cmd_nightly,
	  "[--as-of DATE] [--force] [--dry-run] [--reissue] [--allow-future]",
	  N_("the whole job: import inboxes, rate, link, export"),
	  N_("  --as-of DATE     business date (default: yesterday in Asia/Shanghai)\n"
	     "  --force          run a completed date again (a new run id)\n"
	     "  --dry-run        say which files would be imported, which steps would\n"
	     "                   run and which packages written; change nothing\n"
	     "  --reissue        allow a date older than the newest published one\n"
	     "  --allow-future   allow a date later than tomorrow (Asia/Shanghai)\n"
	     "  -v (before the command) adds per-step counts and timings;\n"
	     "  -q prints errors only. Off a terminal every line starts with the time.\n") },
	{ "status", cmd_status, "[--format text|json] [--runs N] [--dates N]",
	  N_("how the last runs ended, what each date has, horizons, inbox, warnings"),
	  N_("  --format FMT     text or json output\n"
	     "  --runs N         how many runs to show (default 10)\n"
	     "  --dates N        how many business dates to show (default 10)\n"
	     "  a run is completed, failed (with its exit code), interrupted (unfinished\n"
	     "  and nobody holds the lock) or running (the lock holder's pid)\n") },
	{ "config", cmd_config, "check",
	  N_("check the configuration as nightly would, and more; change nothing"),
	  N_("  check            folders exist and are writable, keys are readable,\n"
	     "                   mode 0600 and match their certificates, channels and\n"
	     "                   alert level are known, the rule set is valid;\n"
	     "                   exit 0, or 78 with file:line of the first problem\n") },
	{ "help", cmd_help, "[COMMAND]", N_("the list of commands, or one command's help"),
	  N_("  COMMAND          the command to explain (same as 'ecredit COMMAND --help')\n") },
	{ "demo", cmd_demo,
	  "[--dir DIR] [--enterprises N] [--outlets N] [--days N] [--seed S] [--as-of DATE]"
	  " [--no-nightly]",
	  N_("make a synthetic city with keys and config, and run nightly on it"),
	  N_("  --dir DIR          where to write the city (default: demo); a folder\n"
	     "                     holding an earlier demo is replaced\n"
	     "  --enterprises N    how many enterprises (default 2000)\n"
	     "  --outlets N        how many outlets have online monitoring (default 300)\n"
	     "  --days N           days of hourly HJ 212 data up to DATE (default 90)\n"
	     "  --seed S           random seed: the same seed, the same files (default 1)\n"
	     "  --as-of DATE       business date (default 2026-11-28)\n"
	     "  --no-nightly       generate only; do not run nightly\n") },
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
		"       ecredit --version | --help | help [COMMAND] | COMMAND --help\n\n"
		"Environmental credit ratings and the policies that hang on them.\n\n"
		"commands:\n"),
	      out);
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, _(c->summary));
	fputs(_("\noptions:\n"
		"  --db FILE       database (else $ECREDIT_DB, the config's db, ./ecredit.db)\n"
		"  --config FILE   configuration (else $ECREDIT_CONFIG, ./ecredit.conf)\n"
		"  -q, --quiet     only errors on stderr\n"
		"  -v, --verbose   more detail on stderr (per-step counts and timings)\n"
		"  -h, --help      this text\n"
		"  --version       the program's and its libraries' versions\n\n"
		"exit status: 0 done, 1 a check failed, 64 usage, 65 bad input data,\n"
		"66 input missing, 70 internal error, 74 I/O error, 75 locked (retry later),\n"
		"78 configuration error\n\n"
		"'ecredit help COMMAND' explains a command; man ecredit, man ecredit.conf\n"),
	      out);
}

static void list_report(const struct report_def *d, void *data)
{
	fprintf((FILE *)data, "  %-14s %s\n", d->name, _(d->summary));
}

void cli_print_command_help(const struct command *cmd, FILE *out)
{
	/* The table's texts are translated here; scripts/po-strings.c puts
	 * them in the catalogue (docs/i18n.md). */
	fprintf(out, _("usage: ecredit %s %s\n\n%s\n"), cmd->name, cmd->usage,
		_(cmd->summary));
	if (cmd->help)
		fprintf(out, "\n%s", _(cmd->help));
	if (!strcmp(cmd->name, "report")) {
		fprintf(out, "\n%s\n", _("reports:"));
		report_each(list_report, out);
	}
}

/* ecredit help [COMMAND] */
int cmd_help(int argc, char **argv, struct cli *cli)
{
	const struct command *cmd;

	(void)cli;
	if (argc == 1) {
		print_program_help(stdout);
		return 0;
	}
	if (argc > 2)
		return cli_usage(command_find("help"), "name one command");
	cmd = command_find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "ecredit: error: unknown command '%s' (see 'ecredit help')\n",
			argv[1]);
		return 64;
	}
	cli_print_command_help(cmd, stdout);
	return 0;
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

	cli_log_stamps(0);
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
