#include "core/common.h"
#include "exporters/channel.h"
#include "exporters/html.h"

/*
 * Channel "bureau" (the environment bureau): the emergency and staggered
 * production lists, a summary of the imports and quarantine of the runs
 * of the business date, the system-wide monitoring gap days the night
 * found (transmission not judged on them), the run report from the ledger
 * (also as run-report.json), and report.html with charts
 * (exporters/bureau_page.c). Wall-clock times are left out so that a rerun gives
 * the same bytes.
 *
 * The package is a pure function of committed data (docs/export.md): it
 * describes the runs of the date up to the exporting run (?3; none when
 * the run id is not a run of the ledger, as for a manual export before
 * nightly), that run as it stands when its export starts: every step
 * before the exports committed, so shown 'committed' with no run message,
 * and no export step of any run. Export during nightly and export after
 * it give the same bytes.
 */
#define RUNS_UPTO \
	" r.business_date = ?1 AND r.ordinal <=" \
	" (SELECT ordinal FROM run WHERE run_id = ?3)"
#define RUN_STATE "CASE WHEN r.run_id = ?3 THEN 'committed' ELSE r.state END"
#define RUN_MESSAGE "CASE WHEN r.run_id = ?3 THEN NULL ELSE r.message END"
#define NOT_EXPORT " AND s.step NOT LIKE 'export:%'"
static const struct table_def tables[] = {
	{ "emergency",
	  "SELECT alert, uscc, name, required_reduction_pct, measure, basis"
	  " FROM emergency WHERE as_of = ?1 ORDER BY alert, uscc", NULL },
	{ "staggered",
	  "SELECT uscc, name, industry, period_from, period_to, limit_pct, basis"
	  " FROM staggered WHERE as_of = ?1 ORDER BY uscc", NULL },
	{ "imports",
	  "SELECT f.run_id, f.kind, f.path AS source_file, f.read, f.stored,"
	  " f.duplicate, f.quarantined FROM import_file f"
	  " JOIN run r ON r.run_id = f.run_id WHERE" RUNS_UPTO
	  " ORDER BY f.id", NULL },
	{ "quarantine", /* per file and field: how many, and the first one */
	  "WITH g AS (SELECT f.run_id, q.file_id, q.source_file, q.field,"
	  "  count(*) AS records, min(q.id) AS first_id FROM quarantine q"
	  "  JOIN import_file f ON f.id = q.file_id"
	  "  JOIN run r ON r.run_id = f.run_id WHERE" RUNS_UPTO
	  "  GROUP BY f.run_id, q.file_id, q.source_file, q.field)"
	  " SELECT g.run_id, g.source_file, g.field, g.records,"
	  " x.position AS example_position, x.reason AS example_reason"
	  " FROM g JOIN quarantine x ON x.id = g.first_id"
	  " ORDER BY g.run_id, g.file_id, g.field", NULL },
	{ "power_price_summary", /* the settlement, per month (docs/power-price.md) */
	  "SELECT month, count(DISTINCT mn) AS units,"
	  " sum(exceed_hours) AS exceed_hours, sum(double_hours) AS double_hours,"
	  " sum(fault_hours) AS fault_hours, sum(unknown_hours) AS unknown_hours,"
	  " printf('%d.%02d', sum(coalesce(confiscated_fen, 0)) / 100,"
	  "  sum(coalesce(confiscated_fen, 0)) % 100) AS confiscated_yuan,"
	  " printf('%d.%02d', sum(coalesce(fine_ceiling_fen, 0)) / 100,"
	  "  sum(coalesce(fine_ceiling_fen, 0)) % 100) AS fine_ceiling_yuan,"
	  " printf('%d.%02d', sum(coalesce(bonus_confiscated_fen, 0)) / 100,"
	  "  sum(coalesce(bonus_confiscated_fen, 0)) % 100) AS bonus_confiscated_yuan,"
	  " sum(confiscated_fen IS NULL) AS rows_without_kwh"
	  " FROM power_price WHERE as_of = ?1 GROUP BY month ORDER BY month", NULL },
	{ "monitoring_gaps", /* days transmission was not judged (nightly) */
	  "SELECT r.run_id, json_extract(g.value, '$.day') AS day,"
	  " json_extract(g.value, '$.outlets') AS monitored_outlets,"
	  " json_extract(g.value, '$.reporting') AS reporting_outlets,"
	  " json_extract(s.counts, '$.gap_pct') AS gap_pct"
	  " FROM run r JOIN run_step s ON s.run_id = r.run_id AND s.step = 'import'"
	  " AND s.state = 'committed', json_each(s.counts, '$.gaps') g"
	  " WHERE r.business_date = ?1 ORDER BY r.ordinal, g.key", NULL },
	{ "runs",
	  "SELECT r.run_id, r.command, " RUN_STATE " AS run_state, s.step, s.state,"
	  " s.counts, s.message FROM run r LEFT JOIN run_step s ON s.run_id = r.run_id"
	  NOT_EXPORT " WHERE" RUNS_UPTO " ORDER BY r.ordinal, s.rowid", NULL },
	{ NULL, NULL, NULL },
};

static void json_field(struct strbuf *sb, const char *key, struct db_stmt *st,
		       int col)
{
	strbuf_addf(sb, "\"%s\": ", key);
	if (db_column_is_null(st, col))
		strbuf_addstr(sb, "null");
	else
		strbuf_add_json_string(sb, db_column_text(st, col));
}

/* The ledger's counts are JSON objects written by the steps themselves;
 * anything else is passed on as a string. */
static void json_counts(struct strbuf *sb, const char *counts)
{
	size_t n = strlen(counts);

	if (n >= 2 && counts[0] == '{' && counts[n - 1] == '}' &&
	    !strpbrk(counts, "\n\r"))
		strbuf_addstr(sb, counts);
	else
		strbuf_add_json_string(sb, counts);
}

static int write_run_report(struct export_ctx *ctx, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	struct sink s;
	struct strbuf run = STRBUF_INIT;
	int64_t runs = 0;
	int rc, steps = 0;

	if ((rc = db_prepare(ctx->db,
			     "SELECT r.run_id, r.command, " RUN_STATE ","
			     " r.rule_set_sha256, " RUN_MESSAGE ", s.step, s.state,"
			     " s.counts, s.message"
			     " FROM run r LEFT JOIN run_step s ON s.run_id = r.run_id"
			     NOT_EXPORT " WHERE" RUNS_UPTO
			     " ORDER BY r.ordinal, s.rowid",
			     &st, err)))
		return rc;
	db_bind_text(st, 1, ctx->as_of);
	db_bind_text(st, 3, ctx->run_id);
	if ((rc = sink_open(ctx, "run-report.json", &s, err)))
		goto out;
	strbuf_addf(&s.buf, "{\n  \"business_date\": \"%s\",\n  \"runs\": [", ctx->as_of);
	while ((rc = db_step(st, err)) == DB_ROW) {
		if (strcmp(run.buf, db_column_text(st, 0)) || !runs) {
			if (runs)
				strbuf_addstr(&s.buf, "]},");
			strbuf_reset(&run);
			strbuf_addstr(&run, db_column_text(st, 0));
			strbuf_addstr(&s.buf, "\n    {");
			json_field(&s.buf, "run_id", st, 0);
			strbuf_addstr(&s.buf, ", ");
			json_field(&s.buf, "command", st, 1);
			strbuf_addstr(&s.buf, ", ");
			json_field(&s.buf, "state", st, 2);
			strbuf_addstr(&s.buf, ", ");
			json_field(&s.buf, "rule_set_sha256", st, 3);
			strbuf_addstr(&s.buf, ", ");
			json_field(&s.buf, "message", st, 4);
			strbuf_addstr(&s.buf, ", \"steps\": [");
			runs++;
			steps = 0;
		}
		if (db_column_is_null(st, 5))
			continue;
		strbuf_addstr(&s.buf, steps++ ? ",\n      {" : "\n      {");
		json_field(&s.buf, "step", st, 5);
		strbuf_addstr(&s.buf, ", ");
		json_field(&s.buf, "state", st, 6);
		strbuf_addstr(&s.buf, ", \"counts\": ");
		json_counts(&s.buf, db_column_text(st, 7));
		strbuf_addstr(&s.buf, ", ");
		json_field(&s.buf, "message", st, 8);
		strbuf_addch(&s.buf, '}');
		if ((rc = sink_flush(&s, 0, err)))
			goto out;
	}
	if (rc < 0)
		goto out;
	strbuf_addstr(&s.buf, runs ? "]}\n  ]\n}\n" : "]\n}\n");
	rc = sink_close(ctx, &s, runs, err);
out:
	sink_abort(&s);
	db_finalize(st);
	strbuf_release(&run);
	if (rc)
		ec_prefix(err, "run-report.json: ");
	return rc;
}

static int write_extra(struct export_ctx *ctx, struct strbuf *err)
{
	int rc = write_run_report(ctx, err);

	return rc ? rc : bureau_write_page(ctx, err);
}

const struct exporter exporter_bureau = {
	"bureau", "environment bureau: emergency, staggered, quarantine, runs",
	tables, write_extra, 0,
};
