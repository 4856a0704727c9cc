#include "core/common.h"
#include "cmd/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "nightly/nightly.h"

#include <sys/stat.h>
#include <time.h>
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
	/* reader commands (report, explain, history, status, simulate) open
	 * the database read-only: they cannot change it by mistake */
	rc = db_open(cli->db_path, (mode & CLI_DB_CREATE) ? DB_OPEN_CREATE :
		     (mode & (CLI_DB_WRITE | CLI_DB_MIGRATE)) ? 0 : DB_OPEN_READONLY,
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

/*
 * The printers translate (docs/i18n.md): a format given here is looked up
 * in the catalogue, and a message made by the library (English in err->buf)
 * is printed in its remembered translation, ec_l10n(). The "ecredit:
 * error:" and "ecredit: warning:" tags stay English for log filters.
 */
int cli_fail(int code, const struct strbuf *err)
{
	cli_progress_clear();
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

	cli_progress_clear();
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
	cli_progress_clear();
	va_start(ap, fmt);
	print_l10n(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Is dir/ecredit the running program? */
static int same_program(const char *dir, size_t len, const struct stat *self)
{
	struct strbuf p = STRBUF_INIT;
	struct stat st;
	int same;

	strbuf_add(&p, dir, len);
	strbuf_addstr(&p, "/ecredit");
	same = stat(p.buf, &st) == 0 && st.st_dev == self->st_dev &&
	       st.st_ino == self->st_ino;
	strbuf_release(&p);
	return same;
}

static void add_shell_word(struct strbuf *out, const char *w)
{
	if (*w && !w[strcspn(w, " \t\n'\"\\$`;&|<>()*?[]#~")]) {
		strbuf_addstr(out, w);
		return;
	}
	strbuf_addch(out, '\'');
	for (; *w; w++)
		if (*w == '\'')
			strbuf_addstr(out, "'\\''");
		else
			strbuf_addch(out, *w);
	strbuf_addch(out, '\'');
}

void cli_self_command(const struct cli *cli, struct strbuf *out)
{
	const char *path = getenv("PATH"), *conf = cli->config_opt;
	char *exe = realpath("/proc/self/exe", NULL), *abs;
	struct stat self;
	int on_path = 0;

	if (exe && stat(exe, &self) == 0)
		while (path && *path && !on_path) {
			size_t n = strcspn(path, ":");

			on_path = n && same_program(path, n, &self);
			path += n;
			path += strspn(path, ":");
		}
	add_shell_word(out, on_path || !exe ? "ecredit" : exe);
	free(exe);
	if (!conf && cli->cfg)
		conf = config_file(cli->cfg);
	if (conf) {
		strbuf_addstr(out, " --config ");
		abs = realpath(conf, NULL);
		add_shell_word(out, abs ? abs : conf);
		free(abs);
	}
	if (cli->db_opt) {
		strbuf_addstr(out, " --db ");
		abs = realpath(cli->db_opt, NULL);
		add_shell_word(out, abs ? abs : cli->db_opt);
		free(abs);
	}
}

int cli_tty(void)
{
	return isatty(2);
}

/* Progress: one line on a terminal, rewritten in place; anything else
 * printed on stderr clears it first. */
static int progress_shown;

void cli_progress(const char *line)
{
	flockfile(stderr);
	fprintf(stderr, "\r\033[K%s", line);
	fflush(stderr);
	progress_shown = 1;
	funlockfile(stderr);
}

void cli_progress_clear(void)
{
	flockfile(stderr);
	if (progress_shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		progress_shown = 0;
	}
	funlockfile(stderr);
}

/*
 * Time stamps for logs: a stream that writes to fd and puts the time in
 * front of every line, "2026-11-28T01:00:03+08:00 ". The time is
 * Asia/Shanghai (UTC+8, no daylight saving), whatever TZ says, like the
 * business date.
 */
struct stamp_stream {
	int fd;
	int bol; /* at the beginning of a line */
};

static int write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

void cli_time_stamp(char out[32])
{
	time_t t = time(NULL) + 8 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 31, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
}

static ssize_t stamp_write(void *cookie, const char *buf, size_t n)
{
	struct stamp_stream *s = cookie;
	size_t done = 0;

	while (done < n) {
		const char *nl = memchr(buf + done, '\n', n - done);
		size_t len = nl ? (size_t)(nl - (buf + done)) + 1 : n - done;

		if (s->bol) {
			char stamp[32];
			size_t sl;

			cli_time_stamp(stamp);
			sl = strlen(stamp);
			stamp[sl++] = ' ';
			if (write_all(s->fd, stamp, sl))
				return done ? (ssize_t)done : -1;
			s->bol = 0;
		}
		if (write_all(s->fd, buf + done, len))
			return done ? (ssize_t)done : -1;
		done += len;
		if (nl)
			s->bol = 1;
	}
	return (ssize_t)n;
}

/* One state per descriptor, static: the streams live until exit. */
static struct stamp_stream stamp_states[3];

static FILE *stamped(FILE *old, int fd)
{
	cookie_io_functions_t io = { NULL, stamp_write, NULL, NULL };
	struct stamp_stream *s = &stamp_states[fd];
	FILE *f;

	fflush(old);
	s->fd = fd;
	s->bol = 1;
	f = fopencookie(s, "w", io);
	if (!f)
		return old;
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
}

void cli_log_stamps(int with_stdout)
{
	static int err_done, out_done;
	const char *env = getenv("ECREDIT_LOG_STAMPS");

	/* "0": never (the demo runs nightly with its stderr in a pipe, but
	 * shows it on the terminal) */
	if (env && !strcmp(env, "0"))
		return;

	if (!err_done && !isatty(2)) {
		stderr = stamped(stderr, 2);
		err_done = 1;
	}
	if (with_stdout && !out_done && !isatty(1)) {
		stdout = stamped(stdout, 1);
		out_done = 1;
	}
}
