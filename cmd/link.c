#include "core/common.h"
#include "cmd/cli.h"
#include "linkage/link.h"
#include "rules/ruleset.h"
#include "rules/score.h"

#include <getopt.h>

int cmd_link(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "allow-future", no_argument, NULL, 'F' },
		{ "alert", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("link");
	struct strbuf err = STRBUF_INIT;
	struct link_summary s;
	const char *as_of = NULL, *alert = NULL;
	struct ruleset *rules = NULL;
	char *rules_path = NULL;
	int c, rc, allow_future = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if ((rc = cli_date_arg(self, optarg, &as_of)))
				return rc;
			break;
		case 'l':
			alert = alert_level_parse(optarg, strlen(optarg));
			if (!alert || !strcmp(alert, "none"))
				return cli_usage(self, "unknown alert level '%s'"
						 " (yellow, orange, red)", optarg);
			break;
		case 'F':
			allow_future = 1;
			break;
		default:
			return cli_usage(self, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage(self, "unexpected argument '%s'", argv[optind]);
	if (!as_of)
		return cli_usage(self, "--as-of DATE is required");
	if ((rc = cli_future_check(self, as_of, allow_future)))
		return rc;
	/* the rule set `rate` would use (the config is read by
	 * cli_open_db): price snapshots rated on demand get it too */
	if ((rc = cli_open_db(cli, CLI_DB_WRITE, &err)) ||
	    ((rules_path = config_path(cli->cfg, NULL, "rules")) &&
	     (rc = ruleset_load_file(rules_path, &rules, &err))) ||
	    (rc = link_run(cli->db, as_of, alert, rules, NULL, &s, &err))) {
		rc = cli_fail(rc, &err);
		goto out;
	}
	/* the summary on stdout, as `rate` prints its own */
	printf("linked %s: exemptions %lld, revocations %lld, emergency %lld,"
	       " staggered %lld, pricing %lld, tax %lld, credit %lld,"
	       " power price %lld\n", as_of,
	       s.exemptions, s.revocations, s.emergency, s.staggered, s.pricing,
	       s.tax, s.credit, s.power);
out:
	ruleset_free(rules);
	free(rules_path);
	strbuf_release(&err);
	return rc;
}
