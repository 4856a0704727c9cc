#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"
#include "ratings/simulate.h"
#include "rules/ruleset.h"

#include <getopt.h>

/* ecredit simulate --rules FILE --as-of DATE */
int cmd_simulate(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "rules", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("simulate");
	struct strbuf err = STRBUF_INIT, changed = STRBUF_INIT;
	struct simulate_result res;
	struct ruleset *rs = NULL;
	const char *as_of = NULL, *rules = NULL;
	struct ruleset *configured = NULL;
	char *cfg_rules = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if ((rc = cli_date_arg(self, optarg, &as_of)))
				return rc;
			break;
		case 'r':
			rules = optarg;
			break;
		default:
			return cli_usage(self, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!as_of || !rules)
		return cli_usage(self, "--rules and --as-of are required");
	if (optind != argc)
		return cli_usage(self, "unexpected argument '%s'", argv[optind]);
	/* "current" is what `rate` would use: the configured set counts
	 * (the config is read by cli_open_db) */
	if ((rc = ruleset_load_file(rules, &rs, &err)) ||
	    (rc = cli_open_db(cli, CLI_DB_READ, &err)) ||
	    ((cfg_rules = config_path(cli->cfg, NULL, "rules")) &&
	     (rc = ruleset_load_file(cfg_rules, &configured, &err))) ||
	    (rc = simulate_run(cli->db, as_of, rs, configured, &res, &changed, &err))) {
		rc = cli_fail(rc, &err);
		goto out;
	}
	printf(_("simulation on %s (nothing stored)\ncurrent: rule set %s\nnew:     "
	       "rule set %s %s (%.12s)\n\n"),
	       as_of, res.current_rule_set, ruleset_id(rs), ruleset_version(rs),
	       ruleset_sha256(rs));
	printf("%-16s", _("current \\ new"));
	for (int j = 0; j < COLOUR_COUNT; j++)
		printf("%8s", score_colour_name(j));
	printf("%8s\n", _("total"));
	for (int i = 0; i < COLOUR_COUNT; i++) {
		long long total = 0;

		printf("%-16s", score_colour_name(i));
		for (int j = 0; j < COLOUR_COUNT; j++) {
			printf("%8lld", res.matrix[i][j]);
			total += res.matrix[i][j];
		}
		printf("%8lld\n", total);
	}
	printf(_("\n%lld of %lld enterprises would change colour\n"), res.changed,
	       res.enterprises);
	if (changed.len)
		printf("uscc\tname\tcurrent\tnew\treason\n%s", changed.buf);
out:
	ruleset_free(configured);
	free(cfg_rules);
	ruleset_free(rs);
	strbuf_release(&changed);
	strbuf_release(&err);
	return rc;
}
