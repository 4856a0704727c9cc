#include "core/common.h"
#include "cmd/cli.h"
#include "core/crypto.h"
#include "core/i18n.h"
#include "nightly/nightly.h"

#include <sys/stat.h>
#include <unistd.h>

/*
 * ecredit config check: every check nightly makes before it takes its lock
 * (nightly_config_check: folders, key files and modes, channels, alert
 * level, quality threshold, rule set), plus the keys against their
 * certificates and the database's place. Nothing is created or changed.
 * Exit 0, or 78 with file:line of the first problem.
 */

static const char *const key_names[5] = { "cms_key", "cms_cert", "sm2_key",
					  "sm2_cert", "ed25519_key" };

/* The folder holding path must let the job create files (the database's
 * journal, the lock file). */
static int check_db_place(struct cli *cli, const char *path, struct strbuf *err)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	struct stat st;
	int rc = 0;

	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		dir[0] = '.', dir[1] = '\0';
	if (access(dir, W_OK | X_OK) < 0)
		rc = ec_error(err, EC_CONFIG,
			      "%s:%d: db: cannot write in the database's folder '%s': %s",
			      config_file(cli->cfg) ? config_file(cli->cfg) : "(no config)",
			      config_line(cli->cfg, NULL, "db"), dir, strerror(errno));
	else if (stat(path, &st) == 0 && access(path, R_OK | W_OK) < 0)
		rc = ec_error(err, EC_CONFIG,
			      "%s:%d: db: cannot write the database '%s': %s",
			      config_file(cli->cfg) ? config_file(cli->cfg) : "(no config)",
			      config_line(cli->cfg, NULL, "db"), path, strerror(errno));
	free(dir);
	return rc;
}

static void print_keys(const struct nightly_config *nc)
{
	static const enum crypto_alg algs[] = { CRYPTO_CMS, CRYPTO_SM2, CRYPTO_ED25519 };
	static const int key_of[] = { 0, 2, 4 }, cert_of[] = { 1, 3, -1 };
	struct strbuf err = STRBUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(algs); i++) {
		const char *key = nc->keys[key_of[i]];
		const char *cert = cert_of[i] >= 0 ? nc->keys[cert_of[i]] : NULL;
		struct crypto_key *k;
		char fp[SHA256_HEX_SIZE];

		if (!key || crypto_key_load(algs[i], key, cert, &k, &err))
			continue;
		crypto_key_fingerprint(k, fp);
		printf("  keys.%-12s %s (%s, mode 0600%s; fingerprint %.16s...)\n",
		       key_names[key_of[i]], key, crypto_key_type(k),
		       cert ? _(", matches its certificate") : "", fp);
		crypto_key_free(k);
	}
	strbuf_release(&err);
}

static int config_check(struct cli *cli)
{
	struct nightly_config *nc = NULL;
	struct strbuf err = STRBUF_INIT;
	char *db = NULL;
	int rc;

	if ((rc = cli_config(cli, &err)))
		goto fail;
	if (!config_file(cli->cfg)) {
		rc = ec_error(&err, EC_CONFIG, "no configuration file: give --config FILE"
			      " (or $ECREDIT_CONFIG, or ./ecredit.conf)");
		goto fail;
	}
	if ((rc = nightly_config_check(cli->cfg, &nc, &err)))
		goto fail;
	if (cli->db_opt)
		db = xstrdup(cli->db_opt);
	else if (getenv("ECREDIT_DB") && *getenv("ECREDIT_DB"))
		db = xstrdup(getenv("ECREDIT_DB"));
	else if (!(db = config_path(cli->cfg, NULL, "db")))
		db = xstrdup("ecredit.db");
	if ((rc = check_db_place(cli, db, &err)))
		goto fail;
	printf(_("%s: configuration is valid\n"), config_file(cli->cfg));
	printf("  db               %s%s\n", db,
	       access(db, F_OK) ? _(" (missing: nightly or 'ecredit init' creates it)") : "");
	for (int i = 0; i < NIGHTLY_KINDS; i++)
		if (nc->inbox[i])
			printf("  inbox            %s\n", nc->inbox[i]);
	if (nc->done_dir)
		printf("  inbox.done       %s\n", nc->done_dir);
	if (nc->rejected_dir)
		printf("  inbox.rejected   %s\n", nc->rejected_dir);
	printf("  outbox.dir       %s\n", nc->outbox);
	printf("  outbox.channels ");
	for (size_t i = 0; nc->channels[i]; i++)
		printf(" %s", nc->channels[i]);
	printf(_("; packages valid %d day(s)\n"), nc->valid_days);
	print_keys(nc);
	printf("  alert            %s (%s)\n", nc->alert ? nc->alert : _("all levels"),
	       nc->alert_source);
	if (nc->max_quarantine_pct >= 0)
		printf("  quality          max_quarantine_pct %g\n", nc->max_quarantine_pct);
	printf("  rules            %s\n", nc->rules ? config_get(cli->cfg, NULL, "rules")
						    : _("the installed or shipped set"));
	goto out;
fail:
	/* whatever the cause (an unwritable folder is EC_IO to nightly), the
	 * configuration is what to fix */
	cli_fail(rc, &err);
	rc = 78;
out:
	nightly_config_free(nc);
	free(db);
	strbuf_release(&err);
	return rc;
}

int cmd_config(int argc, char **argv, struct cli *cli)
{
	if (argc != 2 || strcmp(argv[1], "check"))
		return cli_usage(command_find("config"), "want 'check'");
	return config_check(cli);
}
