#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"
#include "core/date.h"
#include "exporters/verify.h"

#include <getopt.h>

static void print_verdict(void *data, const char *package, const char *check,
			  enum verdict v, const char *detail)
{
	static const char *const word[] = { "ok", "FAILED", "skipped" };

	(void)data;
	printf("%s: %s: %s%s%s\n", package, check, word[v], *detail ? ": " : "",
	       detail);
}

int cmd_verify(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "trust", required_argument, NULL, 't' },
		{ "state", required_argument, NULL, 's' },
		{ "today", required_argument, NULL, 'd' },
		{ "channel", required_argument, NULL, 'c' },
		{ "no-expiry-check", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("verify");
	struct strbuf err = STRBUF_INIT;
	struct crypto_trust *trust = crypto_trust_new();
	struct verify_options opt;
	const char *state_path = NULL;
	char today[DATE_TEXT_SIZE];
	int c, rc = 0, trusted = 0, failed = 0, days;

	(void)cli;
	memset(&opt, 0, sizeof(opt));
	/* "Now" for Valid-Until is today's Asia/Shanghai date; ECREDIT_TODAY
	 * or --today override it (tests, audits of old packages). */
	date_format(date_yesterday_shanghai() + 1, today);
	if (getenv("ECREDIT_TODAY") && *getenv("ECREDIT_TODAY"))
		snprintf(today, sizeof(today), "%s", getenv("ECREDIT_TODAY"));
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if ((rc = crypto_trust_add_file(trust, optarg, &err))) {
				rc = cli_fail(rc, &err);
				goto out;
			}
			trusted++;
			break;
		case 's':
			state_path = optarg;
			break;
		case 'd':
			snprintf(today, sizeof(today), "%s", optarg);
			break;
		case 'c':
			opt.channel = optarg;
			break;
		case 'n':
			opt.no_expiry_check = 1;
			break;
		default:
			rc = cli_usage(self, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (date_parse(today, &days)) {
		rc = cli_usage(self, "bad date for today '%s' (want YYYY-MM-DD)", today);
		goto out;
	}
	if (optind == argc) {
		rc = cli_usage(self, "name at least one package (.tar.gz or .release)");
		goto out;
	}
	if (!trusted) {
		rc = cli_usage(self, "give --trust FILE: the producer's certificate(s) or "
			       "public key(s), PEM");
		goto out;
	}
	if (state_path && (rc = verify_state_open(state_path, &opt.state, &err))) {
		rc = cli_fail(rc, &err);
		goto out;
	}
	opt.trust = trust;
	opt.today = today;
	for (int i = optind; i < argc; i++)
		if (verify_package(argv[i], &opt, print_verdict, NULL))
			failed++;
	fflush(stdout);
	if (opt.state && (rc = verify_state_save(opt.state, state_path, &err))) {
		rc = cli_fail(rc, &err);
		goto out;
	}
	rc = failed ? 1 : 0;
	if (failed)
		fprintf(stderr, _("ecredit: %d of %d package(s) REJECTED\n"), failed,
			argc - optind);
out:
	verify_state_free(opt.state);
	crypto_trust_free(trust);
	strbuf_release(&err);
	return rc;
}
