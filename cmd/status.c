#include "core/common.h"
#include "cmd/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/lock.h"
#include "importers/monstore.h"

#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <sys/stat.h>

/*
 * ecredit status [--runs N] [--dates N] [--format text|json]: one look at
 * the installation, read-only (it never takes the writer's lock, so a
 * running night is not disturbed):
 *   - the last runs and how each ended: completed (exit 0, 1 or 65),
 *     failed (exit code), interrupted (unfinished and nobody holds the
 *     lock: killed, or the machine went down) or running (the lock holder);
 *   - per business date: files imported, enterprises rated, lists linked,
 *     channels exported;
 *   - the data horizons per source;
 *   - the inbox entries waiting, and the ones the job would refuse;
 *   - warnings.
 * Text is for people; --format json carries the same facts, structured.
 */

struct status {
	struct strbuf text, json;
	struct strbuf warnings_text, warnings_json;
	int nwarnings;
	int lock_state; /* 1 held, 0 free, -1 unknown */
	long lock_pid;
	char newest_date[DATE_TEXT_SIZE];
};

static void warn(struct status *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct status *s, const char *fmt, ...)
{
	struct strbuf line = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&line, fmt, ap);
	va_end(ap);
	strbuf_addf(&s->warnings_text, "  - %s\n", line.buf);
	if (s->nwarnings++)
		strbuf_addch(&s->warnings_json, ',');
	strbuf_add_json_string(&s->warnings_json, line.buf);
	strbuf_release(&line);
}

static void json_key(struct strbuf *js, const char *key)
{
	strbuf_add_json_string(js, key);
	strbuf_addch(js, ':');
}

static void json_str_or_null(struct strbuf *js, struct db_stmt *st, int col)
{
	if (db_column_is_null(st, col))
		strbuf_addstr(js, "null");
	else
		strbuf_add_json_string(js, db_column_text(st, col));
}

/* The step a run stopped at: its newest step that did not commit. */
static int stopped_step(struct db *db, const char *run_id, struct strbuf *step,
			struct strbuf *msg, struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	if ((rc = db_prepare(db, "SELECT step, coalesce(message, '') FROM run_step"
			     " WHERE run_id = ?1 AND state != 'committed'"
			     " ORDER BY rowid DESC LIMIT 1", &st, err)))
		return rc;
	db_bind_text(st, 1, run_id);
	if ((rc = db_step(st, err)) == DB_ROW) {
		strbuf_addstr(step, db_column_text(st, 0));
		strbuf_addstr(msg, db_column_text(st, 1));
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

static int runs_section(struct cli *cli, struct status *s, int limit,
			struct strbuf *err)
{
	struct db_stmt *st;
	struct strbuf step = STRBUF_INIT, smsg = STRBUF_INIT, hint = STRBUF_INIT;
	int rc, n = 0, newest = 1, running_seen = 0;

	if ((rc = db_prepare(cli->db,
			     "SELECT run_id, business_date, command, state, started,"
			     " finished, message, exit_code FROM run"
			     " ORDER BY started DESC, business_date DESC, ordinal DESC"
			     " LIMIT ?1", &st, err)))
		return rc;
	db_bind_int64(st, 1, limit);
	strbuf_addf(&s->text, "%s\n", _("last runs:"));
	strbuf_addstr(&s->json, ",\"runs\":[");
	while ((rc = db_step(st, err)) == DB_ROW) {
		const char *id = db_column_text(st, 0), *date = db_column_text(st, 1);
		const char *state = db_column_text(st, 3);
		const char *outcome;
		int has_code = !db_column_is_null(st, 7);
		long code = (long)db_column_int64(st, 7);

		strbuf_reset(&step);
		strbuf_reset(&smsg);
		if (strcmp(state, "committed") &&
		    (rc = stopped_step(cli->db, id, &step, &smsg, err)))
			break;
		if (!strcmp(state, "committed"))
			outcome = "completed";
		else if (!strcmp(state, "failed"))
			outcome = "failed";
		else if (s->lock_state > 0 && !running_seen++)
			outcome = "running"; /* the newest unfinished run only */
		else
			outcome = "interrupted";
		if (n)
			strbuf_addch(&s->json, ',');
		strbuf_addch(&s->json, '{');
		json_key(&s->json, "run_id");
		strbuf_add_json_string(&s->json, id);
		strbuf_addch(&s->json, ',');
		json_key(&s->json, "business_date");
		strbuf_add_json_string(&s->json, date);
		strbuf_addch(&s->json, ',');
		json_key(&s->json, "command");
		strbuf_add_json_string(&s->json, db_column_text(st, 2));
		strbuf_addch(&s->json, ',');
		json_key(&s->json, "outcome");
		strbuf_add_json_string(&s->json, outcome);
		strbuf_addch(&s->json, ',');
		json_key(&s->json, "exit_code");
		if (has_code)
			strbuf_addf(&s->json, "%ld", code);
		else
			strbuf_addstr(&s->json, "null");
		strbuf_addch(&s->json, ',');
		json_key(&s->json, "pid");
		if (!strcmp(outcome, "running"))
			strbuf_addf(&s->json, "%ld", s->lock_pid);
		else
			strbuf_addstr(&s->json, "null");
		strbuf_addch(&s->json, ',');
		json_key(&s->json, "started");
		json_str_or_null(&s->json, st, 4);
		strbuf_addch(&s->json, ',');
		json_key(&s->json, "finished");
		json_str_or_null(&s->json, st, 5);
		strbuf_addch(&s->json, ',');
		json_key(&s->json, "step");
		if (step.len)
			strbuf_add_json_string(&s->json, step.buf);
		else
			strbuf_addstr(&s->json, "null");
		strbuf_addch(&s->json, ',');
		json_key(&s->json, "message");
		json_str_or_null(&s->json, st, 6);
		strbuf_addch(&s->json, '}');

		strbuf_addf(&s->text, "  %-14s %-8s ", id, db_column_text(st, 2));
		if (!strcmp(outcome, "completed")) {
			strbuf_addstr(&s->text, _("completed"));
			if (has_code)
				strbuf_addf(&s->text, _(" (exit %ld)"), code);
			strbuf_addf(&s->text, _(", finished %s"), db_column_text(st, 5));
			if (!strncmp(db_column_text(st, 6), "completed; ", 11))
				strbuf_addf(&s->text, ": %s", db_column_text(st, 6) + 11);
		} else if (!strcmp(outcome, "failed")) {
			if (has_code)
				strbuf_addf(&s->text, _("failed with exit code %ld"), code);
			else
				strbuf_addstr(&s->text, _("failed"));
			if (step.len)
				strbuf_addf(&s->text, _(" at step %s"), step.buf);
			strbuf_addf(&s->text, _(", %s"), db_column_text(st, 5));
			if (*db_column_text(st, 6))
				strbuf_addf(&s->text, "\n  %-14s %-8s %s", "", "",
					    db_column_text(st, 6));
		} else if (!strcmp(outcome, "running")) {
			strbuf_addf(&s->text, _("running (lock held by pid %ld)"),
				    s->lock_pid);
			if (step.len)
				strbuf_addf(&s->text, _(", at step %s"), step.buf);
		} else {
			strbuf_addstr(&s->text,
				      _("interrupted (unfinished, nobody holds the lock)"));
			if (step.len)
				strbuf_addf(&s->text, _(" at step %s"), step.buf);
			strbuf_addf(&s->text, _(", started %s"), db_column_text(st, 4));
		}
		strbuf_addch(&s->text, '\n');
		if (newest && !strcmp(db_column_text(st, 2), "nightly")) {
			newest = 0;
			snprintf(s->newest_date, sizeof(s->newest_date), "%s", date);
			if (strcmp(outcome, "completed") && strcmp(outcome, "running")) {
				strbuf_reset(&hint);
				cli_self_command(cli, &hint);
				if (!strcmp(outcome, "failed"))
					warn(s, _("the newest nightly run %s failed; '%s nightly"
						  " --as-of %s' resumes it"), id, hint.buf, date);
				else
					warn(s, _("the newest nightly run %s was interrupted;"
						  " '%s nightly --as-of %s' resumes it"), id,
					     hint.buf, date);
			} else if (has_code && code) {
				const char *m = db_column_text(st, 6);

				if (!strncmp(m, "completed; ", 11))
					m += 11;
				warn(s, _("the newest nightly run %s completed with exit"
					  " code %ld: %s"), id, code, m);
			}
		}
		n++;
	}
	db_finalize(st);
	strbuf_addch(&s->json, ']');
	if (!n)
		strbuf_addf(&s->text, "  %s\n", _("none yet"));
	strbuf_release(&step);
	strbuf_release(&smsg);
	strbuf_release(&hint);
	return rc < 0 ? rc : 0;
}

/* Per business date: one row with what each stage left behind. */
static const char dates_sql[] =
	"WITH d(date) AS (SELECT business_date FROM run"
	"  UNION SELECT as_of FROM rate_date UNION SELECT as_of FROM link_date"
	"  UNION SELECT business_date FROM package),"
	" last(date) AS (SELECT date FROM d ORDER BY date DESC LIMIT ?1)"
	" SELECT last.date,"
	"  (SELECT count(*) FROM run_step s JOIN run r ON r.run_id = s.run_id"
	"    WHERE r.business_date = last.date AND s.step LIKE 'import:%'"
	"    AND s.state = 'committed'),"
	"  (SELECT coalesce(sum(f.read), 0) FROM import_file f JOIN run r"
	"    ON r.run_id = f.run_id WHERE r.business_date = last.date),"
	"  (SELECT coalesce(sum(f.quarantined), 0) FROM import_file f JOIN run r"
	"    ON r.run_id = f.run_id WHERE r.business_date = last.date),"
	"  (SELECT count(*) FROM run_step s JOIN run r ON r.run_id = s.run_id"
	"    WHERE r.business_date = last.date AND s.step LIKE 'import:%'"
	"    AND json_extract(s.counts, '$.outcome') = 'rejected'),"
	"  (SELECT count(*) FROM rate_date WHERE as_of = last.date),"
	"  (SELECT count(*) FROM rating WHERE as_of = last.date),"
	"  (SELECT alerts FROM link_date WHERE as_of = last.date),"
	"  (SELECT group_concat(channel, ' ') FROM (SELECT DISTINCT channel"
	"    FROM package WHERE business_date = last.date AND state = 'written'"
	"    ORDER BY channel)),"
	"  (SELECT count(*) FROM package WHERE business_date = last.date"
	"    AND state = 'written')"
	" FROM last ORDER BY last.date DESC";

static int dates_section(struct cli *cli, struct status *s, int limit,
			 struct strbuf *err)
{
	struct db_stmt *st;
	int rc, n = 0;

	if ((rc = db_prepare(cli->db, dates_sql, &st, err)))
		return rc;
	db_bind_int64(st, 1, limit);
	strbuf_addf(&s->text, "\n%s\n", _("business dates:"));
	strbuf_addstr(&s->json, ",\"dates\":[");
	while ((rc = db_step(st, err)) == DB_ROW) {
		long long files = db_column_int64(st, 1), read = db_column_int64(st, 2);
		long long quar = db_column_int64(st, 3), rej = db_column_int64(st, 4);
		int rated = db_column_int64(st, 5) > 0, linked = !db_column_is_null(st, 7);
		long long ratings = db_column_int64(st, 6);
		long long packages = db_column_int64(st, 9);
		const char *channels = db_column_text(st, 8);

		if (n++)
			strbuf_addch(&s->json, ',');
		strbuf_addstr(&s->json, "{\"date\":");
		strbuf_add_json_string(&s->json, db_column_text(st, 0));
		strbuf_addf(&s->json, ",\"imported\":{\"files\":%lld,\"rejected\":%lld,"
			    "\"read\":%lld,\"quarantined\":%lld}", files, rej, read, quar);
		if (rated)
			strbuf_addf(&s->json, ",\"rated\":{\"enterprises\":%lld}", ratings);
		else
			strbuf_addstr(&s->json, ",\"rated\":null");
		strbuf_addstr(&s->json, ",\"linked\":");
		if (linked) {
			strbuf_addstr(&s->json, "{\"alerts\":");
			strbuf_add_json_string(&s->json, db_column_text(st, 7));
			strbuf_addch(&s->json, '}');
		} else {
			strbuf_addstr(&s->json, "null");
		}
		strbuf_addf(&s->json, ",\"exported\":{\"packages\":%lld,\"channels\":[",
			    packages);
		for (const char *p = channels; *p;) {
			size_t len = strcspn(p, " ");

			if (p != channels)
				strbuf_addch(&s->json, ',');
			strbuf_addch(&s->json, '"');
			strbuf_add(&s->json, p, len);
			strbuf_addch(&s->json, '"');
			p += len;
			p += strspn(p, " ");
		}
		strbuf_addstr(&s->json, "]}}");

		strbuf_addf(&s->text, "  %s  ", db_column_text(st, 0));
		strbuf_addf(&s->text, _("imported %lld file(s) (%lld rejected, %lld records,"
					" %lld quarantined)"), files, rej, read, quar);
		strbuf_addstr(&s->text, "; ");
		if (rated)
			strbuf_addf(&s->text, _("rated %lld"), ratings);
		else
			strbuf_addstr(&s->text, _("not rated"));
		strbuf_addstr(&s->text, "; ");
		if (linked)
			strbuf_addstr(&s->text, _("linked"));
		else
			strbuf_addstr(&s->text, _("not linked"));
		strbuf_addstr(&s->text, "; ");
		if (packages)
			strbuf_addf(&s->text, _("exported %s"), channels);
		else
			strbuf_addstr(&s->text, _("not exported"));
		strbuf_addch(&s->text, '\n');
	}
	db_finalize(st);
	strbuf_addch(&s->json, ']');
	if (!n)
		strbuf_addf(&s->text, "  %s\n", _("none yet"));
	return rc < 0 ? rc : 0;
}

/*
 * Horizons: how far each source reaches. The monitoring one reads the
 * first and last value of each hourly series (importers/monstore.h), a few
 * rows per series instead of the whole table.
 */
static const char *const horizon_sql[] = {
	/* permits: how many, and the newest file's generation time */
	"SELECT count(*), min(valid_from), max(generated),"
	" (SELECT max(imported_at) FROM import_file WHERE kind = 'permits')"
	" FROM permit",
	"SELECT count(*), min(date), max(date),"
	" (SELECT max(imported_at) FROM import_file WHERE kind = 'penalties')"
	" FROM event WHERE source = 'penalties'",
	/* monitoring: devices with stored values, and the first and last
	 * hour of their hourly series, one index seek each */
	"SELECT (SELECT count(DISTINCT s.mn) FROM mon_series s"
	"  WHERE EXISTS (SELECT 1 FROM mon_day d WHERE d.series = s.id)),"
	"  " MON_START("min(" MON_FIRST_T("s.id") ")") ","
	"  " MON_START("max(" MON_LAST_T("s.id") ")") ","
	"  (SELECT max(imported_at) FROM import_file WHERE kind = 'monitoring')"
	" FROM mon_series s WHERE s.cn = 2061",
};
static const char *const source_names[] = { "permits", "penalties", "monitoring" };
static const char *const count_names[] = { N_("permits"), N_("penalty events"),
					   N_("devices") };

static int horizons_section(struct cli *cli, struct status *s, struct strbuf *err)
{
	struct db_stmt *st;
	int rc = 0;

	strbuf_addf(&s->text, "\n%s\n", _("data horizons:"));
	strbuf_addstr(&s->json, ",\"horizons\":{");
	for (size_t i = 0; i < ARRAY_SIZE(horizon_sql); i++) {
		long long n;
		const char *from, *to;

		if ((rc = db_prepare(cli->db, horizon_sql[i], &st, err)))
			return rc;
		if ((rc = db_step(st, err)) != DB_ROW) {
			db_finalize(st);
			return rc < 0 ? rc : ec_error(err, EC_INTERNAL, "no horizon row");
		}
		n = db_column_int64(st, 0);
		from = db_column_text(st, 1);
		to = db_column_text(st, 2);
		if (i)
			strbuf_addch(&s->json, ',');
		json_key(&s->json, source_names[i]);
		strbuf_addf(&s->json, "{\"count\":%lld,\"from\":", n);
		json_str_or_null(&s->json, st, 1);
		strbuf_addstr(&s->json, ",\"to\":");
		json_str_or_null(&s->json, st, 2);
		strbuf_addstr(&s->json, ",\"last_import\":");
		json_str_or_null(&s->json, st, 3);
		strbuf_addch(&s->json, '}');
		strbuf_addf(&s->text, "  %-11s %lld %s", source_names[i], n,
			    _(count_names[i]));
		if (n && i == 0)
			strbuf_addf(&s->text, _(", newest file generated %s"), to);
		else if (n)
			strbuf_addf(&s->text, _(", data from %s to %s"), from, to);
		if (!db_column_is_null(st, 3))
			strbuf_addf(&s->text, _(", last import %s"), db_column_text(st, 3));
		strbuf_addch(&s->text, '\n');
		if (i == 2 && n && *s->newest_date) {
			int last, newest;

			if (!date_parse(s->newest_date, &newest) && strlen(to) >= 10) {
				char day[DATE_TEXT_SIZE];

				snprintf(day, sizeof(day), "%.10s", to);
				if (!date_parse(day, &last) && newest - last > 2)
					warn(s, _("monitoring data ends %s, %d days before the"
						  " newest business date %s"), day,
					     newest - last, s->newest_date);
			}
		}
		db_finalize(st);
	}
	strbuf_addch(&s->json, '}');
	return 0;
}

/* Entries of one inbox: waiting (what the job would import) and refused
 * (what it leaves alone: hidden temp files, folders, links, devices). */
static void inbox_one(struct status *s, const char *kind, const char *dir, int first)
{
	struct strbuf refused = STRBUF_INIT, refused_js = STRBUF_INIT;
	long long waiting = 0, bytes = 0, nref = 0;
	struct dirent *de;
	struct stat st;
	DIR *d = opendir(dir);

	if (!first)
		strbuf_addch(&s->json, ',');
	strbuf_addstr(&s->json, "{\"kind\":");
	strbuf_add_json_string(&s->json, kind);
	strbuf_addstr(&s->json, ",\"dir\":");
	strbuf_add_json_string(&s->json, dir);
	if (!d) {
		strbuf_addstr(&s->json, ",\"error\":");
		strbuf_add_json_string(&s->json, strerror(errno));
		strbuf_addch(&s->json, '}');
		strbuf_addf(&s->text, "  %-11s %s: %s\n", kind, dir, strerror(errno));
		warn(s, _("cannot read inbox '%s': %s"), dir, strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (de->d_name[0] != '.' &&
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode)) {
			waiting++;
			bytes += st.st_size;
			continue;
		}
		if (nref++ < 10) {
			if (refused.len)
				strbuf_addstr(&refused, ", ");
			strbuf_addstr(&refused, de->d_name);
			if (refused_js.len)
				strbuf_addch(&refused_js, ',');
			strbuf_add_json_string(&refused_js, de->d_name);
		}
	}
	closedir(d);
	strbuf_addf(&s->json, ",\"waiting\":%lld,\"bytes\":%lld,\"refused\":%lld,"
		    "\"refused_names\":[%s]}", waiting, bytes, nref, refused_js.buf);
	strbuf_addf(&s->text, "  %-11s %s: ", kind, dir);
	strbuf_addf(&s->text, _("%lld file(s) waiting (%lld bytes)"), waiting, bytes);
	if (nref)
		strbuf_addf(&s->text, _("; %lld entr(ies) refused (hidden, not a regular"
					" file): %s%s"), nref, refused.buf,
			    nref > 10 ? ", ..." : "");
	strbuf_addch(&s->text, '\n');
	strbuf_release(&refused);
	strbuf_release(&refused_js);
}

static void inbox_section(struct cli *cli, struct status *s)
{
	int any = 0;

	strbuf_addf(&s->text, "\n%s\n", _("inbox:"));
	strbuf_addstr(&s->json, ",\"inbox\":[");
	for (size_t i = 0; i < ARRAY_SIZE(source_names); i++) {
		char *dir = config_path(cli->cfg, "inbox", source_names[i]);

		if (!dir)
			continue;
		inbox_one(s, source_names[i], dir, !any);
		any = 1;
		free(dir);
	}
	strbuf_addch(&s->json, ']');
	if (!any)
		strbuf_addf(&s->text, "  %s\n", _("no inbox configured"));
}

static int parse_count(const char *arg, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno || end == arg || *end || n < 1 || n > 10000)
		return -1;
	*out = (int)n;
	return 0;
}

int cmd_status(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "runs", required_argument, NULL, 'r' },
		{ "dates", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("status");
	struct status s = { 0 };
	struct strbuf err = STRBUF_INIT;
	int c, rc, json = 0, nruns = 10, ndates = 10;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return cli_usage(self, "unknown format '%s' (text, json)",
						 optarg);
			json = !strcmp(optarg, "json");
			break;
		case 'r':
			if (parse_count(optarg, &nruns))
				return cli_usage(self, "--runs wants 1 to 10000");
			break;
		case 'd':
			if (parse_count(optarg, &ndates))
				return cli_usage(self, "--dates wants 1 to 10000");
			break;
		default:
			return cli_usage(self, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage(self, "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open_db(cli, CLI_DB_READ, &err)))
		goto fail;
	strbuf_init(&s.text, 0);
	strbuf_init(&s.json, 0);
	strbuf_init(&s.warnings_text, 0);
	strbuf_init(&s.warnings_json, 0);
	s.lock_state = lock_holder(cli->db_path, &s.lock_pid);
	strbuf_addf(&s.text, _("database %s (schema version %d)"), cli->db_path,
		    db_schema_version(cli->db));
	strbuf_addstr(&s.text, "; ");
	if (s.lock_state > 0)
		strbuf_addf(&s.text, _("locked by pid %ld"), s.lock_pid);
	else if (s.lock_state == 0)
		strbuf_addstr(&s.text, _("not locked"));
	else
		strbuf_addstr(&s.text, _("lock holder unknown"));
	strbuf_addstr(&s.text, "\n\n");
	strbuf_addstr(&s.json, "{\"database\":");
	strbuf_add_json_string(&s.json, cli->db_path);
	strbuf_addf(&s.json, ",\"schema_version\":%d,\"lock\":{\"held\":%s,\"pid\":",
		    db_schema_version(cli->db), s.lock_state > 0 ? "true" : "false");
	if (s.lock_state > 0)
		strbuf_addf(&s.json, "%ld}", s.lock_pid);
	else
		strbuf_addstr(&s.json, "null}");
	if ((rc = runs_section(cli, &s, nruns, &err)) ||
	    (rc = dates_section(cli, &s, ndates, &err)) ||
	    (rc = horizons_section(cli, &s, &err)))
		goto fail;
	inbox_section(cli, &s);
	strbuf_addf(&s.json, ",\"warnings\":[%s]}\n", s.warnings_json.buf);
	if (json) {
		fputs(s.json.buf, stdout);
	} else {
		fputs(s.text.buf, stdout);
		printf("\n%s\n%s", _("warnings:"),
		       s.nwarnings ? s.warnings_text.buf : "");
		if (!s.nwarnings)
			printf("  %s\n", _("none"));
	}
	rc = 0;
	goto out;
fail:
	rc = cli_fail(rc, &err);
out:
	strbuf_release(&s.text);
	strbuf_release(&s.json);
	strbuf_release(&s.warnings_text);
	strbuf_release(&s.warnings_json);
	strbuf_release(&err);
	return rc;
}
