#include "core/common.h"
#include "cmd/cli.h"
#include "core/embed.h"
#include "core/i18n.h"
#include "ratings/engine.h"
#include "linkage/link.h"
#include "rules/cases.h"
#include "rules/ruleset.h"
#include "rules/store.h"

/*
 * ecredit rules check|test|install FILE: validate a rule set, run its
 * cases, or store it so that `rate` picks it from its effective-from date;
 * ecredit rules dump: print the shipped set.
 */
/* The shipped rule set, byte for byte as compiled in (a start for a
 * bureau's own set: ecredit rules dump > my-rules.xml). */
static int dump_shipped(void)
{
	const struct embedded_file *f = embedded_find(RULESET_DEFAULT);

	if (!f) {
		fputs("ecredit: error: no shipped rule set in this build\n", stderr);
		return 70;
	}
	fwrite(f->data, 1, f->size, stdout);
	return 0;
}

int cmd_rules(int argc, char **argv, struct cli *cli)
{
	const struct command *self = command_find("rules");
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct ruleset *rs = NULL;
	int rc, passed, failed;

	if (argc == 2 && !strcmp(argv[1], "dump"))
		return dump_shipped();
	if (argc != 3 || (strcmp(argv[1], "check") && strcmp(argv[1], "test") &&
			  strcmp(argv[1], "install")))
		return cli_usage(self, "want 'check FILE', 'test FILE', 'install FILE'"
				 " or 'dump'");
	if ((rc = ruleset_load_file(argv[2], &rs, &err))) {
		rc = cli_fail(rc, &err);
		goto out;
	}
	if (!strcmp(argv[1], "check")) {
		printf(_("%s: valid rule set %s version %s, effective from %s, "
		       "%d event types, sha256 %s\n"),
		       argv[2], ruleset_id(rs), ruleset_version(rs),
		       ruleset_effective_from(rs), ruleset_rule_count(rs),
		       ruleset_sha256(rs));
		rc = 0;
		goto out;
	}
	if (!strcmp(argv[1], "install")) {
		if ((rc = cli_open_db(cli, CLI_DB_WRITE, &err)) ||
		    (rc = db_begin(cli->db, &err)) ||
		    (rc = rules_store_save(cli->db, rs, 1, &err)) ||
		    (rc = db_commit(cli->db, &err))) {
			if (cli->db)
				db_rollback(cli->db);
			rc = cli_fail(rc, &err);
			goto out;
		}
		printf(_("installed rule set %s version %s (sha256 %.12s): used by 'rate' "
		       "from %s\n"), ruleset_id(rs), ruleset_version(rs),
		       ruleset_sha256(rs), ruleset_effective_from(rs));
		goto out;
	}
	rc = cases_run(rs, linkage_test_case, &out, &passed, &failed);
	fputs(out.buf, stdout);
	printf("# %s: %d passed, %d failed\n", argv[2], passed, failed);
	rc = ec_exit_status(rc);
out:
	ruleset_free(rs);
	strbuf_release(&out);
	strbuf_release(&err);
	return rc;
}
