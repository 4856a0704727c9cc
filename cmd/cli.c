#include "core/common.h"
#include "cmd/cli.h"
#include "core/date.h"
#include "core/i18n.h"

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
	return rc;
}

int cli_open_db(struct cli *cli, int mode, struct strbuf *err)
{
	const char *path = cli->db_opt;
	int rc;

	if (cli->db)
		return 0;
	if ((rc = cli_config(cli, err)))
		return rc;
	free(cli->db_path);
	cli->db_path = NULL;
	if (!path)
		path = getenv("ECREDIT_DB");
	if (path && *path)
		cli->db_path = xstrdup(path);
	else if ((cli->db_path = config_path(cli->cfg, NULL, "db")) == NULL)
		cli->db_path = xstrdup("ecredit.db");
	if (!(mode & CLI_DB_CREATE) && access(cli->db_path, F_OK) != 0)
		return ec_error(err, EC_CONFIG,
				"database '%s' does not exist: run 'ecredit init'",
				cli->db_path);
	if ((mode & CLI_DB_WRITE) &&
	    (rc = lock_acquire(cli->db_path, &cli->lock, err)))
		return rc;
	rc = db_open(cli->db_path,
		     (mode & CLI_DB_CREATE) ? DB_OPEN_CREATE :
		     (mode & CLI_DB_WRITE)  ? 0 : 0,
		     &cli->db, err);
	if (rc)
		return rc;
	if (!(mode & CLI_DB_CREATE) && (rc = db_require_current(cli->db, err)))
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

/*
 * The printers translate (docs/i18n.md): a format given here is looked up
 * in the catalogue, and a message made by the library (English in err->buf)
 * is printed in its remembered translation, ec_l10n(). The "ecredit:
 * error:" and "ecredit: warning:" tags stay English for log filters.
 */
int cli_fail(int code, const struct strbuf *err)
{
	fprintf(stderr, "ecredit: error: %s\n",
		err && err->len ? ec_l10n(err->buf) : _("unknown error"));
	return ec_exit_status(code ? code : EC_INTERNAL);
}

/* Format with the catalogue's format and print the translation. */
static void print_l10n(FILE *f, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	ec_vaddf(&sb, fmt, ap);
	fputs(ec_l10n(sb.buf), f);
	strbuf_release(&sb);
}

int cli_usage(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("ecredit: error: ", stderr);
	va_start(ap, fmt);
	print_l10n(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fprintf(stderr, _("usage: ecredit %s %s\n"), cmd->name, cmd->usage);
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

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("ecredit: warning: ", stderr);
	va_start(ap, fmt);
	print_l10n(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_info(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (cli->verbosity < 0)
		return;
	va_start(ap, fmt);
	print_l10n(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_tty(void)
{
	return isatty(2);
}
