#include "core/common.h"
#include "cmd/cli.h"
#include "exporters/keygen.h"

#include <getopt.h>

int cmd_keygen(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "alg", required_argument, NULL, 'a' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("keygen");
	struct strbuf err = STRBUF_INIT;
	const char *alg = NULL, *out = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			alg = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			return cli_usage(self, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage(self, "unexpected argument '%s'", argv[optind]);
	if (!alg || !out)
		return cli_usage(self, "--alg and --out are required");
	if (strcmp(alg, "rsa") && strcmp(alg, "ecdsa") && strcmp(alg, "ed25519") &&
	    strcmp(alg, "sm2"))
		return cli_usage(self, "unknown algorithm '%s' (rsa, ecdsa, ed25519, sm2)",
				 alg);
	rc = keygen_write(alg, out, &err);
	if (rc) {
		ec_prefix(&err, "keygen %s: ", alg);
		rc = cli_fail(rc, &err);
	} else {
		cli_info(cli, "wrote %s/%s.key (mode 0600), %s/%s.crt and %s/%s.pub",
			 out, alg, out, alg, out, alg);
	}
	strbuf_release(&err);
	return rc;
}
