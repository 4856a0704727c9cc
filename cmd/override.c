#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"
#include "core/date.h"
#include "ratings/override.h"
#include "rules/score.h"

#include <getopt.h>

/*
 * ecredit override USCC --colour C --reason TEXT --by NAME [--from D] [--until D]
 * ecredit override USCC --end ID --reason TEXT --by NAME [--from D]
 */
int cmd_override(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "colour", required_argument, NULL, 'c' },
		{ "color", required_argument, NULL, 'c' },
		{ "end", required_argument, NULL, 'e' },
		{ "reason", required_argument, NULL, 'r' },
		{ "by", required_argument, NULL, 'b' },
		{ "from", required_argument, NULL, 'f' },
		{ "until", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("override");
	struct override_req req = { 0 };
	struct strbuf err = STRBUF_INIT;
	char today[DATE_TEXT_SIZE];
	long long id;
	char *end;
	int c, rc, day;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': req.colour = optarg; break;
		case 'r': req.reason = optarg; break;
		case 'b': req.by = optarg; break;
		case 'e':
			req.ends_id = strtoll(optarg, &end, 10);
			if (*end || req.ends_id <= 0)
				return cli_usage(self, "bad override id '%s'", optarg);
			break;
		case 'f':
		case 'u':
			if (date_parse(optarg, &day))
				return cli_usage(self, "bad date '%s' (want YYYY-MM-DD)", optarg);
			if (c == 'f')
				req.from = optarg;
			else
				req.until = optarg;
			break;
		default:
			return cli_usage(self, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(self, "name one enterprise (USCC)");
	req.uscc = argv[optind];
	if (!req.colour == !req.ends_id)
		return cli_usage(self, "give either --colour or --end ID");
	if (req.ends_id && req.until)
		return cli_usage(self, "--until goes with --colour");
	if (!req.reason || !req.by)
		return cli_usage(self, "--reason and --by are required");
	if (!req.from) {
		/* Today in Asia/Shanghai: a decision applies from the day it is made. */
		date_format(date_yesterday_shanghai() + 1, today);
		req.from = today;
	}
	if ((rc = cli_open_db(cli, CLI_DB_WRITE, &err)) ||
	    (rc = override_add(cli->db, &req, &id, &err))) {
		rc = cli_fail(rc, &err);
		goto out;
	}
	if (req.colour)
		printf(_("override #%lld: %s is %s from %s%s%s; applies at the next 'rate'\n"),
		       id, req.uscc, _(score_colour_name(score_colour_parse(req.colour))), req.from, req.until ? _(" until ") : "",
		       req.until ? req.until : "");
	else
		printf(_("override #%lld: ends override #%lld of %s from %s; applies at the "
		       "next 'rate'\n"), id, req.ends_id, req.uscc, req.from);
out:
	strbuf_release(&err);
	return rc;
}
