#include "core/common.h"
#include "cmd/cli.h"
#include "nightly/nightly.h"
#include "core/i18n.h"
#include "importers/importer.h"
#include "rules/ruleset.h"

#include <fcntl.h>
#include <unistd.h>

static void print_warning(void *data, const char *msg)
{
	const struct cli *cli = data;

	if (cli->verbosity >= 0)
		cli_warn("%s", msg);
}

/* monitoring.accept_crc = "modbus swapped" */
/* The [monitoring] settings, as the night reads them. */
static int crc_options(struct cli *cli, struct import_options *opt,
		       struct strbuf *err)
{
	int rc;

	if ((rc = import_options_from_config(cli->cfg, opt, err)))
		return rc;
	/* the caps on a compressed log, as the night has them */
	return nightly_import_limits(cli->cfg, opt, err);
}

/* The physical bounds of monitored values from the rule set of the
 * config's `rules`, else the shipped set (caller frees *out and *rs). */
static int load_bounds(struct cli *cli, struct import_options *opt,
		       struct ruleset **rs, struct import_bound **out,
		       struct strbuf *err)
{
	char *path = config_path(cli->cfg, NULL, "rules");
	const struct ruleset_bound *b;
	size_t n;
	int rc;

	rc = path ? ruleset_load_file(path, rs, err) : ruleset_load_default(rs, err);
	if (rc) {
		if (path)
			ec_prefix(err, "rule set '%s': ", path);
		free(path);
		return rc;
	}
	free(path);
	b = ruleset_bounds(*rs, &n);
	*out = xcalloc(n ? n : 1, sizeof(**out));
	for (size_t i = 0; i < n; i++) {
		(*out)[i].pollutant = b[i].pollutant;
		(*out)[i].max = b[i].max;
	}
	opt->bounds = *out;
	opt->nbounds = n;
	return 0;
}

/* The permit reader reads the head of its file twice (pread): when
 * standard input is a pipe, copy it into an unnamed temporary file first
 * and make that standard input. */
static int seekable_stdin(struct strbuf *err)
{
	const char *dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char buf[65536];
	ssize_t n;
	int fd;

	if (lseek(0, 0, SEEK_CUR) >= 0)
		return 0;
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return ec_error(err, EC_IO, "cannot make a temporary file in '%s' for"
				" standard input: %s", dir, strerror(errno));
	while ((n = read(0, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(fd, buf, (size_t)n) != n) {
			int e = errno;

			close(fd);
			return ec_error(err, EC_IO, "cannot copy standard input: %s",
					strerror(e));
		}
	}
	if (lseek(fd, 0, SEEK_SET) < 0 || dup2(fd, 0) < 0) {
		close(fd);
		return ec_error(err, EC_IO, "cannot use standard input: %s",
				strerror(errno));
	}
	close(fd);
	return 0;
}

int cmd_import(int argc, char **argv, struct cli *cli)
{
	const struct command *self = command_find("import");
	struct import_options opt = { 0 };
	struct import_bound *bounds = NULL;
	struct ruleset *rs = NULL;
	struct strbuf err = STRBUF_INIT;
	const char *kind;
	int rc, status = 0;

	if (argc < 3)
		return cli_usage(self, "name a kind and at least one file");
	kind = argv[1];
	if (!importer_find(kind))
		return cli_usage(self, "unknown kind '%s' (permits, penalties, monitoring,"
				 " generation)",
				 kind);
	if ((rc = cli_open_db(cli, CLI_DB_WRITE, &err)) ||
	    (rc = crc_options(cli, &opt, &err)) ||
	    (!strcmp(kind, "monitoring") &&
	     (rc = load_bounds(cli, &opt, &rs, &bounds, &err)))) {
		status = cli_fail(rc, &err);
		goto out;
	}
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "-") && !strcmp(kind, "permits") &&
		    (rc = seekable_stdin(&err))) {
			status = cli_fail(rc, &err);
			goto out;
		}
	opt.warn = print_warning;
	opt.warn_data = cli;
	opt.progress = cli_import_progress;
	opt.progress_data = cli;
	for (int i = 2; i < argc; i++) {
		struct import_counts c;

		rc = import_file(cli->db, kind, argv[i], &opt, &c, &err);
		cli_progress_clear();
		if (rc) {
			int s;

			ec_prefix(&err, "importing '%s': ", argv[i]);
			s = cli_fail(rc, &err);
			/* keep going; report the gravest failure at the end */
			if (!status || s == 70 || s == 74)
				status = s;
			continue;
		}
		if (cli->verbosity >= 0) {
			struct strbuf w = STRBUF_INIT;

			import_counts_warnings(&c, &w);
			printf(_("%s: read %lld = stored %lld + duplicate %lld + quarantined %lld"
			       " (warnings %s)\n"),
			       strcmp(argv[i], "-") ? argv[i] : "(stdin)", c.read,
			       c.stored, c.duplicate, c.quarantined, w.buf);
			strbuf_release(&w);
		}
	}
out:
	free(bounds);
	ruleset_free(rs);
	strbuf_release(&err);
	return status;
}
