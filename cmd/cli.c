#include "core/common.h"
#include "cmd/cli.h"
#include "core/date.h"
#include "nightly/nightly.h"

#include <unistd.h>

int cli_config(struct cli *cli, struct strbuf *err)
{
	const char *path = cli->config_opt;
	int rc;

	if (cli->cfg)
		return 0;
	if (!path)
		path = getenv("ECREDIT_CONFIG");
	if (!path && access("ecredit.conf", F_OK) == 0)
		path = "ecredit.conf";
	if (!path) {
		cli->cfg = config_empty();
		return 0;
	}
	rc = config_load(path, &cli->cfg, err);
	if (rc == EC_NOINPUT)
		rc = EC_CONFIG; /* a named config that is missing is a config error */
	/* [monitoring] gap_pct: rate, link and nightly judge the same days */
	if (!rc)
		rc = nightly_gap_config(cli->cfg, err);
	return rc;
}

int cli_open_db(struct cli *cli, int mode, struct strbuf *err)
{
	const char *path = cli->db_opt, *source = "--db";
	int rc;

	if (cli->db)
		return 0;
	if ((rc = cli_config(cli, err)))
		return rc;
	free(cli->db_path);
	cli->db_path = NULL;
	if (!path) {
		path = getenv("ECREDIT_DB");
		source = "ECREDIT_DB";
	}
	if (path && *path) {
		cli->db_path = xstrdup(path);
	} else if ((cli->db_path = config_path(cli->cfg, NULL, "db")) != NULL) {
		source = "the configuration's db";
	} else {
		cli->db_path = xstrdup("ecredit.db");
		source = "the default";
	}
	/* Only `init` creates a database (docs/operation.md): a typo'd path
	 * must never become a new, empty ledger that publishes again from
	 * sequence 1. db_open checks again without SQLITE_OPEN_CREATE. */
	if (!(mode & CLI_DB_CREATE) && access(cli->db_path, F_OK) != 0)
		return ec_error(err, EC_CONFIG,
				"database '%s' (from %s) does not exist: check the"
				" path, or run 'ecredit init' to create a new one",
				cli->db_path, source);
	if ((mode & CLI_DB_WRITE) &&
	    (rc = lock_acquire(cli->db_path, &cli->lock, err)))
		return rc;
	rc = db_open(cli->db_path, (mode & CLI_DB_CREATE) ? DB_OPEN_CREATE : 0,
		     &cli->db, err);
	if (rc)
		return rc;
	if (!(mode & (CLI_DB_CREATE | CLI_DB_MIGRATE)) &&
	    (rc = db_require_current(cli->db, err)))
		return rc;
	return 0;
}

void cli_cleanup(struct cli *cli)
{
	db_close(cli->db);
	cli->db = NULL;
	lock_release(cli->lock);
	cli->lock = NULL;
	config_free(cli->cfg);
	cli->cfg = NULL;
	free(cli->db_path);
	cli->db_path = NULL;
}

int cli_fail(int code, const struct strbuf *err)
{
	fprintf(stderr, "ecredit: error: %s\n",
		err && err->len ? err->buf : "unknown error");
	return ec_exit_status(code ? code : EC_INTERNAL);
}

int cli_usage(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("ecredit: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: ecredit %s %s\n", cmd->name, cmd->usage);
	return 64;
}

int cli_date_arg(const struct command *cmd, const char *arg, const char **out)
{
	int days;

	if (date_parse(arg, &days))
		return cli_usage(cmd, "bad date '%s' (want YYYY-MM-DD)", arg);
	*out = arg;
	return 0;
}

int cli_future_check(const struct command *cmd, const char *as_of,
		     int allow_future)
{
	int days;

	if (allow_future || date_parse(as_of, &days) ||
	    days <= date_today_shanghai() + 1)
		return 0;
	return cli_usage(cmd, "business date %s is later than tomorrow"
			 " (Asia/Shanghai): refused (--allow-future allows it)",
			 as_of);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("ecredit: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_info(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (cli->verbosity < 0)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_tty(void)
{
	return isatty(2);
}
