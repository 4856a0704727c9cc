#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"
#include "core/date.h"
#include "core/i18n.h"
#include "synth/synth.h"

#include <getopt.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * `ecredit demo`: generate a synthetic city (synth/), then run the
 * nightly job on it exactly as a user would, by running this program
 * again: ecredit --config DIR/ecredit.conf nightly --as-of DATE.
 *
 * Exit status: nightly's. While nightly is still the "not built yet" stub
 * (exit 70 with that message), the demo says so and exits 0, because the
 * city itself was made; once nightly exists its status is the demo's.
 */

static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

static void print_summary(const struct synth_options *opt,
			  const struct synth_summary *s)
{
	char day[DATE_TEXT_SIZE];

	date_format(opt->as_of, day);
	printf(_("synthetic city in '%s' (region %s, seed %llu, business date %s)\n"),
	       opt->dir, opt->region, (unsigned long long)opt->seed, day);
	printf(_("  enterprises      %ld (%ld with a wrong USCC check character)\n"),
	       s->enterprises, s->bad_usccs);
	printf(_("  permits          %ld with %ld outlets, %ld of them monitored\n"),
	       s->permits, s->outlets, s->monitored_outlets);
	printf(_("  HJ 212 packets   %ld over %d days: %ld hourly, %ld daily,"
	       " %ld corrupt on purpose\n"),
	       s->packets, opt->days, s->hourly_packets, s->daily_packets,
	       s->corrupt_packets);
	printf(_("                   %ld pollutant-hours flagged other than N,"
	       " %ld above the permit limit\n"),
	       s->nonnormal_flags, s->exceedances);
	printf(_("  penalties        %ld rows (%ld UTF-8, %ld GB18030), %ld bad on"
	       " purpose, %ld repeated across the files\n"),
	       s->penalty_rows, s->penalty_rows_utf8, s->penalty_rows_gb18030,
	       s->penalty_bad_rows, s->penalty_duplicates);
	printf(_("  signing keys     %ld of 4 made in %s/keys\n"), s->keys_made, opt->dir);
	printf(_("config: %s\n"), s->config);
	printf(_("  power units      %ld coal power units, %ld hours of generation\n"),
	       s->power_units, s->generation_rows);
	printf(_("inbox:  %s\n        %s\n        %s\n        %s\n        %s\n"),
	       s->permits_file, s->penalties_utf8, s->penalties_gb18030,
	       s->monitoring_file, s->generation_file);
}

/* Run `ecredit --config CONF COMMAND [--as-of DAY]`, passing its output
 * through; *not_built is set when it says it is not built yet. */
static int run_self(const struct cli *cli, const char *conf, const char *command,
		    const char *day, int *not_built)
{
	char *args[8];
	struct strbuf tail = STRBUF_INIT;
	char buf[4096];
	int fds[2], status = 0, i = 0;
	pid_t pid;
	ssize_t n;

	args[i++] = "ecredit";
	if (cli->verbosity < 0)
		args[i++] = "-q";
	args[i++] = "--config";
	args[i++] = (char *)conf;
	args[i++] = (char *)command;
	if (day) {
		args[i++] = "--as-of";
		args[i++] = (char *)day;
	}
	args[i] = NULL;
	*not_built = 0;
	fflush(stdout);
	fflush(stderr);
	if (pipe(fds)) {
		cli_warn("cannot run %s: pipe: %s", command, strerror(errno));
		return 70;
	}
	pid = fork();
	if (pid < 0) {
		cli_warn("cannot run %s: fork: %s", command, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return 70;
	}
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		close(fds[1]);
		/* the config decides the database, as for a user in a clean shell */
		unsetenv("ECREDIT_DB");
		unsetenv("ECREDIT_CONFIG");
		/* its lines reach the terminal or the log through our pipe and
		 * our own output, which stamps them when it is not a terminal:
		 * the child never stamps (one time stamp per line) */
		setenv("ECREDIT_LOG_STAMPS", "0", 1);
		execv("/proc/self/exe", args);
		fprintf(stderr, _("ecredit: error: cannot run %s: %s\n"), command,
			ec_strerror(errno));
		_exit(70);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		fwrite(buf, 1, (size_t)n, stderr);
		strbuf_add(&tail, buf, (size_t)n);
		if (tail.len > 65536) { /* keep the end only */
			memmove(tail.buf, tail.buf + tail.len - 4096, 4096);
			strbuf_setlen(&tail, 4096);
		}
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 70;
	*not_built = status == 70 && strstr(tail.buf, "not built yet") != NULL;
	strbuf_release(&tail);
	return status;
}

/* A path for the printed shell commands: absolute, in single quotes. */
static void shell_path(struct strbuf *sb, const char *dir, const char *sub)
{
	char *abs = realpath(dir, NULL);

	strbuf_addch(sb, '\'');
	for (const char *p = abs ? abs : dir; *p; p++)
		if (*p == '\'')
			strbuf_addstr(sb, "'\\''");
		else
			strbuf_addch(sb, *p);
	strbuf_addf(sb, "/%s'", sub);
	free(abs);
}

/*
 * Where the packages are and how a consumer checks one. The stock-tool
 * recipe is docs/export.md's, with this city's absolute paths: one command
 * list joined by &&, each step exiting non-zero on a tampered package, the
 * last line printed only when every step passed (tests/cli/t7011).
 */
static void print_verify_help(const char *prog, const char *dir, const char *day)
{
	struct strbuf outbox = STRBUF_INIT, keys = STRBUF_INIT;

	shell_path(&outbox, dir, "outbox");
	shell_path(&keys, dir, "keys");
	printf(_("\npackages are in %s (one .tar.gz, .release and signatures per"
	       " channel).\nverify one as a consumer would, with ecredit:\n"
	       "  cat %s/rsa.crt %s/sm2.pub %s/ed25519.pub > trust.pem\n"
	       "  %s verify %s/public-%s-1.tar.gz --trust trust.pem"
	       " --state consumer.state\n"),
	       outbox.buf, keys.buf, keys.buf, keys.buf, prog, outbox.buf, day);
	printf("%s\n", _("or with stock tools only (every step exits non-zero on a"
			 " tampered package; the last line prints OK only when all"
			 " passed):"));
	printf("  (cd %s && X=public-%s-1 && K=%s &&\n"
	       "  openssl cms -verify -binary -inform DER -content $X.release"
	       " -in $X.release.p7s -CAfile \"$K/rsa.crt\" -purpose any -out /dev/null &&\n"
	       "  openssl dgst -sm3 -verify \"$K/sm2.pub\" -signature $X.release.sm2.sig"
	       " -sigopt distid:1234567812345678 $X.release &&\n"
	       "  openssl pkeyutl -verify -rawin -pubin -inkey \"$K/ed25519.pub\""
	       " -in $X.release -sigfile $X.release.ed25519.sig &&\n"
	       "  echo \"$(sed -n 's/^Archive-SHA256: //p' $X.release)  $X.tar.gz\""
	       " | sha256sum -c --strict &&\n"
	       "  T=$(mktemp -d) && tar -xzf $X.tar.gz -C \"$T\" &&\n"
	       "  echo \"$(sed -n 's/^Tagmanifest-SHA256: //p' $X.release)"
	       "  $T/$X/tagmanifest-sha256.txt\" | sha256sum -c --strict &&\n"
	       "  (cd \"$T/$X\" && sha256sum -c --strict --quiet tagmanifest-sha256.txt"
	       " manifest-sha256.txt) &&\n"
	       "  (cd \"$T/$X\" && cut -c67- manifest-sha256.txt tagmanifest-sha256.txt"
	       " | sort >../listed && find . ! -type d ! -name tagmanifest-sha256.txt"
	       " | cut -c3- | sort | diff ../listed -) &&\n"
	       "  rm -rf \"$T\" && echo \"$X: OK, every stock-tool check passed\")\n",
	       outbox.buf, day, keys.buf);
	strbuf_release(&outbox);
	strbuf_release(&keys);
}

int cmd_demo(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "enterprises", required_argument, NULL, 'e' },
		{ "outlets", required_argument, NULL, 'o' },
		{ "days", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "no-nightly", no_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("demo");
	struct synth_options opt;
	struct synth_summary sum = { 0 };
	struct strbuf err = STRBUF_INIT;
	struct strbuf prog = STRBUF_INIT;
	char day[DATE_TEXT_SIZE], *dir_abs = NULL;
	int c, rc, status = 0, nightly = 1, not_built;
	long n;

	synth_options_init(&opt);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (!*optarg)
				return cli_usage(self, "empty --dir");
			opt.dir = optarg;
			break;
		case 'e':
			if (parse_long(optarg, 1, 100000000L, &opt.enterprises))
				return cli_usage(self, "--enterprises wants 1 to 100000000");
			break;
		case 'o':
			if (parse_long(optarg, 0, 10000000L, &opt.outlets))
				return cli_usage(self, "--outlets wants 0 to 10000000");
			break;
		case 'n':
			if (parse_long(optarg, 1, 3660, &n))
				return cli_usage(self, "--days wants 1 to 3660");
			opt.days = (int)n;
			break;
		case 's': {
			char *end;

			errno = 0;
			opt.seed = strtoull(optarg, &end, 10);
			if (errno || end == optarg || *end || *optarg == '-')
				return cli_usage(self, "--seed wants a non-negative integer");
			break;
		}
		case 'a':
			if (date_parse(optarg, &opt.as_of))
				return cli_usage(self, "bad date '%s' (want YYYY-MM-DD)", optarg);
			break;
		case 'N':
			nightly = 0;
			break;
		default:
			return cli_usage(self, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage(self, "unexpected argument '%s'", argv[optind]);

	if ((rc = synth_prepare_dir(opt.dir, &err)) ||
	    (rc = synth_city(&opt, &sum, &err))) {
		ec_prefix(&err, "demo in '%s': ", opt.dir);
		status = cli_fail(rc, &err);
		goto out;
	}
	print_summary(&opt, &sum);
	if (sum.warnings.len) {
		char *line = sum.warnings.buf;

		while (line && *line) {
			char *nl = strchr(line, '\n');

			if (nl)
				*nl = '\0';
			cli_warn("%s", line);
			line = nl ? nl + 1 : NULL;
		}
	}
	date_format(opt.as_of, day);
	/* commands to copy: the binary and the config by absolute path (the
	 * binary is not on PATH in a build folder) */
	{
		struct cli again = *cli;

		again.config_opt = sum.config;
		again.db_opt = NULL;
		again.cfg = NULL;
		cli_self_command(&again, &prog);
		dir_abs = realpath(opt.dir, NULL);
	}
	/* Only `init` creates a database: the city gets one the way a user's
	 * installation does. */
	if ((status = run_self(cli, sum.config, "init", NULL, &not_built)) != 0) {
		fprintf(stderr, "ecredit: error: demo in '%s': init exited %d\n",
			opt.dir, status);
		goto out;
	}
	if (nightly) {
		printf(_("\nrunning: %s nightly --as-of %s\n"), prog.buf, day);
		status = run_self(cli, sum.config, "nightly", day, &not_built);
		if (not_built) {
			printf(_("nightly: not built yet in this version, so nothing was"
			       " imported, rated or exported; the city above is ready"
			       " for it\n"));
			status = 0;
		} else {
			printf(_("nightly: exit %d%s\n"), status, status ? _(" (see above)") : "");
		}
	}
	if (nightly && !not_built)
		print_verify_help(prog.buf, dir_abs ? dir_abs : opt.dir, day);
	printf("\nnext:\n"
	       "  %s status\n"
	       "  %s nightly --as-of %s\n"
	       "  %s report runs\n"
	       "  %s report ratings --as-of %s\n"
	       "  %s explain %s --as-of %s\n"
	       "  ls %s/outbox\n",
	       prog.buf, prog.buf, day, prog.buf, prog.buf, day, prog.buf,
	       sum.sample_uscc, day, dir_abs ? dir_abs : opt.dir);
out:
	strbuf_release(&prog);
	free(dir_abs);
	synth_summary_release(&sum);
	strbuf_release(&err);
	return status;
}
