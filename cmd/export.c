#include "core/common.h"
#include "cmd/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "exporters/export.h"

#include <getopt.h>

int cmd_export(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "out", required_argument, NULL, 'o' },
		{ "channel", required_argument, NULL, 'c' },
		{ "run-id", required_argument, NULL, 'r' },
		{ "force", no_argument, NULL, 'f' },
		{ "reissue", no_argument, NULL, 'R' },
		{ "allow-future", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("export");
	struct strbuf err = STRBUF_INIT;
	struct export_options opt;
	struct export_publisher pub = { 0 };
	struct export_result res;
	const char **channels = NULL;
	char *paths[EXPORT_KEYS] = { NULL, NULL, NULL, NULL, NULL };
	size_t nch = 0, alloc = 0;
	int c, rc = 0;

	memset(&opt, 0, sizeof(opt));
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if ((rc = cli_date_arg(self, optarg, &opt.as_of)))
				goto out;
			break;
		case 'o':
			opt.out_dir = optarg;
			break;
		case 'c':
			ALLOC_GROW(channels, nch + 2, alloc);
			channels[nch++] = optarg;
			channels[nch] = NULL;
			break;
		case 'r':
			opt.run_id = optarg;
			break;
		case 'f':
			opt.new_sequence = 1;
			break;
		case 'R':
			opt.reissue = 1;
			break;
		case 'F':
			opt.allow_future = 1;
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
	if (!opt.as_of || !opt.out_dir) {
		rc = cli_usage(self, "--as-of and --out are required");
		goto out;
	}
	opt.channels = channels;
	if ((rc = cli_open_db(cli, CLI_DB_WRITE, &err)) ||
	    (rc = export_valid_days(cli->cfg, &opt.valid_days, &err)) ||
	    (rc = export_publisher_load(cli->cfg, &pub, &err))) {
		rc = cli_fail(rc, &err);
		goto out;
	}
	opt.publisher = &pub;
	export_key_paths(cli->cfg, paths); /* [keys], as nightly reads them */
	opt.keys.cms_key = paths[0];
	opt.keys.cms_cert = paths[1];
	opt.keys.sm2_key = paths[2];
	opt.keys.sm2_cert = paths[3];
	opt.keys.ed25519_key = paths[4];
	rc = export_run(cli->db, &opt, &res, &err);
	for (int i = 0; i < res.packages; i++)
		printf("%s/%s%s\n", opt.out_dir, res.written[i],
		       res.unchanged[i] ? _(" (already published, unchanged)") : "");
	if (rc) {
		ec_prefix(&err, "exporting %s: ", opt.as_of);
		rc = cli_fail(rc, &err);
		goto out;
	}
	cli_info(cli, "exported %d package(s) for %s into %s", res.packages,
		 opt.as_of, opt.out_dir);
out:
	export_publisher_release(&pub);
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++)
		free(paths[i]);
	free(channels);
	strbuf_release(&err);
	return rc;
}
