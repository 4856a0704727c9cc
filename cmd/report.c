#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"
#include "core/report.h"

#include <getopt.h>

/*
 * `report runs` in text and JSON is written here rather than by the
 * generic report writer: the ledger's counts are JSON objects, which text
 * summarises ("read 82, stored 80, ...") and JSON nests as objects (not
 * as strings holding JSON). CSV and XML keep the generic one-cell form.
 */
static const char runs_sql[] =
	"SELECT r.run_id, r.business_date, r.command, r.state, r.exit_code,"
	" coalesce(s.step, '-'), coalesce(s.state, r.state),"
	" coalesce(s.started, r.started), coalesce(s.finished, r.finished),"
	" s.elapsed_ms, json(coalesce(s.counts, '{}')),"
	" coalesce(s.message, CASE WHEN s.step IS NULL THEN r.message END),"
	" (SELECT group_concat(CASE WHEN j.type IN ('integer', 'real')"
	"   THEN j.key || ' ' || j.value"
	"   WHEN j.key IN ('outcome', 'quality', 'alert', 'channel')"
	"   THEN j.key || ' ' || j.value"
	"   WHEN j.key = 'files' AND s.step LIKE 'export:%'"
	"   THEN (SELECT group_concat(f.value, ' ')"
	"   FROM json_each(s.counts, '$.files') f)"
	"   WHEN j.type = 'array' THEN j.key || ' ' || json_array_length(j.value)"
	"   END, ', ')"
	"  FROM json_each(coalesce(s.counts, '{}')) j)"
	" FROM run r LEFT JOIN run_step s ON s.run_id = r.run_id"
	" WHERE ?1 IS NULL OR r.business_date = ?1"
	" ORDER BY r.business_date, r.ordinal, s.rowid";

static int report_runs(struct db *db, const char *as_of, int json, FILE *out,
		       struct strbuf *err)
{
	struct db_stmt *st;
	struct strbuf js = STRBUF_INIT;
	int rc, n = 0;

	if ((rc = db_prepare(db, runs_sql, &st, err)))
		return rc;
	db_bind_text(st, 1, as_of);
	if (json)
		fputs("[", out);
	else
		fprintf(out, "%-14s %-13s %-42s %-10s %9s  %s\n", "run_id",
			"business_date", "step", "state", "seconds", "counts");
	while ((rc = db_step(st, err)) == DB_ROW) {
		if (!json) {
			fprintf(out, "%-14s %-13s %-42s %-10s ", db_column_text(st, 0),
				db_column_text(st, 1), db_column_text(st, 5),
				db_column_text(st, 6));
			if (db_column_is_null(st, 9))
				fprintf(out, "%9s", "-");
			else
				fprintf(out, "%9.3f", (double)db_column_int64(st, 9) / 1000.0);
			fprintf(out, "  %s", db_column_text(st, 12));
			if (*db_column_text(st, 11))
				fprintf(out, "%s%s", *db_column_text(st, 12) ? "; " : "",
					db_column_text(st, 11));
			fputc('\n', out);
			continue;
		}
		strbuf_reset(&js);
		strbuf_addstr(&js, n++ ? ",\n{" : "\n{");
		static const char *const keys[] = { "run_id", "business_date", "command",
						    "run_state", "exit_code", "step",
						    "state", "started", "finished",
						    "elapsed_ms", "counts", "message" };
		for (int c = 0; c < (int)ARRAY_SIZE(keys); c++) {
			if (c)
				strbuf_addch(&js, ',');
			strbuf_add_json_string(&js, keys[c]);
			strbuf_addch(&js, ':');
			if (db_column_is_null(st, c))
				strbuf_addstr(&js, "null");
			else if (c == 10 || db_column_is_integer(st, c))
				strbuf_addstr(&js, db_column_text(st, c)); /* json() output */
			else
				strbuf_add_json_string(&js, db_column_text(st, c));
		}
		strbuf_addch(&js, '}');
		fwrite(js.buf, 1, js.len, out);
	}
	db_finalize(st);
	strbuf_release(&js);
	if (rc < 0)
		return rc;
	if (json)
		fputs(n ? "\n]\n" : "]\n", out);
	if (fflush(out) || ferror(out))
		return ec_error(err, EC_IO, "cannot write report: %s", strerror(errno));
	return 0;
}

static int in_area(const struct report_def *def, const struct report_def *area)
{
	for (const struct report_def *d = area; d->name; d++)
		if (d == def)
			return 1;
	return 0;
}

/* A report for a date that has no rows: say so on stderr, with the dates
 * that have data (a header alone reads like "nothing to report"). */
static int empty_hint(struct db *db, const struct report_def *def,
		      const char *as_of, struct strbuf *err)
{
	struct strbuf sql = STRBUF_INIT, dates = STRBUF_INIT;
	const char *table = in_area(def, linkage_reports) ? "link_date" : "rate_date";
	struct db_stmt *st;
	int rc, empty;

	strbuf_addf(&sql, "SELECT 1 FROM (%s) LIMIT 1", def->sql);
	rc = db_prepare(db, sql.buf, &st, err);
	strbuf_release(&sql);
	if (rc)
		return rc;
	db_bind_text(st, db_bind_index(st, ":as_of"), as_of);
	rc = db_step(st, err);
	db_finalize(st);
	if (rc < 0)
		return rc;
	if (!(empty = rc == DB_DONE))
		return 0;
	strbuf_addf(&sql, "SELECT as_of FROM %s ORDER BY as_of DESC LIMIT 8", table);
	rc = db_prepare(db, sql.buf, &st, err);
	strbuf_release(&sql);
	if (rc)
		return rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		strbuf_addf(&dates, "%s%s", dates.len ? ", " : "", db_column_text(st, 0));
	db_finalize(st);
	if (rc < 0) {
		strbuf_release(&dates);
		return rc;
	}
	fprintf(stderr, strcmp(table, "link_date")
		? _("ecredit: report '%s' has no rows on %s; rated dates: %s\n")
		: _("ecredit: report '%s' has no rows on %s; linked dates: %s\n"),
		def->name, as_of, dates.len ? dates.buf : _("none yet"));
	strbuf_release(&dates);
	return 0;
}

static void list_one(const struct report_def *d, void *data)
{
	fprintf((FILE *)data, "  %-12s %s\n", d->name, _(d->summary));
}

int cmd_report(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("report");
	struct strbuf err = STRBUF_INIT;
	enum report_format fmt = REPORT_TEXT;
	const struct report_def *def;
	const char *as_of = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if ((rc = cli_date_arg(self, optarg, &as_of)))
				return rc;
			break;
		case 'f':
			if (report_parse_format(optarg, &fmt))
				return cli_usage(self, "unknown format '%s'", optarg);
			break;
		default:
			return cli_usage(self, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind + 1 != argc) {
		int status = cli_usage(self, "name one report");

		fputs(_("reports:\n"), stderr);
		report_each(list_one, stderr);
		return status;
	}
	def = report_find(argv[optind]);
	if (!def) {
		fprintf(stderr, _("ecredit: error: unknown report '%s'; reports:\n"),
			argv[optind]);
		report_each(list_one, stderr);
		return 64;
	}
	if ((rc = cli_open_db(cli, CLI_DB_READ, &err)))
		rc = cli_fail(rc, &err);
	else if (!strcmp(def->name, "runs") && (fmt == REPORT_TEXT || fmt == REPORT_JSON))
		rc = report_runs(cli->db, as_of, fmt == REPORT_JSON, stdout, &err);
	else if (!(rc = report_write(cli->db, def, as_of, fmt, stdout, &err)) &&
		 as_of && strstr(def->sql, ":as_of") && !in_area(def, core_reports))
		rc = empty_hint(cli->db, def, as_of, &err);
	if (rc < 0)
		rc = cli_fail(rc, &err);
	strbuf_release(&err);
	return rc;
}
