#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"
#include "ratings/rate.h"
#include "rules/ruleset.h"

#include <getopt.h>

/* ecredit rate --as-of DATE [--rules FILE] */
int cmd_rate(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "allow-future", no_argument, NULL, 'F' },
		{ "rules", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("rate");
	struct strbuf err = STRBUF_INIT;
	struct rate_summary sum;
	struct ruleset *rs = NULL;
	const char *as_of = NULL, *rules = NULL;
	char *cfg_rules = NULL;
	int c, rc, allow_future = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if ((rc = cli_date_arg(self, optarg, &as_of)))
				return rc;
			break;
		case 'r':
			rules = optarg;
			break;
		case 'F':
			allow_future = 1;
			break;
		default:
			return cli_usage(self, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!as_of)
		return cli_usage(self, "--as-of is required");
	if ((rc = cli_future_check(self, as_of, allow_future)))
		return rc;
	if (optind != argc)
		return cli_usage(self, "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open_db(cli, CLI_DB_WRITE, &err)))
		goto fail;
	if (!rules)
		rules = cfg_rules = config_path(cli->cfg, NULL, "rules");
	if (rules && (rc = ruleset_load_file(rules, &rs, &err)))
		goto fail;
	if ((rc = rate_run(cli->db, as_of, rs, NULL, &sum, &err)))
		goto fail;
	printf(_("rated %lld enterprises on %s: green %lld, blue %lld, yellow %lld, "
	       "red %lld, black %lld; %lld changed colour, %lld overrides; "
	       "rule set %.12s\n"),
	       sum.enterprises, as_of, sum.by_colour[0], sum.by_colour[1],
	       sum.by_colour[2], sum.by_colour[3], sum.by_colour[4], sum.changed,
	       sum.overrides, sum.rule_set_sha256);
	goto out;
fail:
	rc = cli_fail(rc, &err);
out:
	ruleset_free(rs);
	free(cfg_rules);
	strbuf_release(&err);
	return rc;
}
