#include "core/common.h"
#include "exporters/channel.h"
#include "exporters/html.h"

/*
 * Channel "bureau" (the environment bureau): the emergency and staggered
 * production lists, a summary of the imports and quarantine of the runs
 * of the business date, and the run report from the ledger (also as
 * run-report.json), and report.html with charts (exporters/bureau_page.c). Wall-clock times are left out so that a rerun gives
 * the same bytes.
 */
static const struct table_def tables[] = {
	{ "emergency",
	  "SELECT alert, uscc, name, required_reduction_pct, measure, basis"
	  " FROM emergency WHERE as_of = ?1 ORDER BY alert, uscc" },
	{ "staggered",
	  "SELECT uscc, name, industry, period_from, period_to, limit_pct, basis"
	  " FROM staggered WHERE as_of = ?1 ORDER BY uscc" },
	{ "imports",
	  "SELECT f.run_id, f.kind, f.path AS source_file, f.read, f.stored,"
	  " f.duplicate, f.quarantined FROM import_file f"
	  " JOIN run r ON r.run_id = f.run_id WHERE r.business_date = ?1"
	  " ORDER BY f.id" },
	{ "quarantine", /* per file and field: how many, and the first one */
	  "WITH g AS (SELECT f.run_id, q.file_id, q.source_file, q.field,"
	  "  count(*) AS records, min(q.id) AS first_id FROM quarantine q"
	  "  JOIN import_file f ON f.id = q.file_id"
	  "  JOIN run r ON r.run_id = f.run_id WHERE r.business_date = ?1"
	  "  GROUP BY f.run_id, q.file_id, q.source_file, q.field)"
	  " SELECT g.run_id, g.source_file, g.field, g.records,"
	  " x.position AS example_position, x.reason AS example_reason"
	  " FROM g JOIN quarantine x ON x.id = g.first_id"
	  " ORDER BY g.run_id, g.file_id, g.field" },
	{ "runs",
	  "SELECT r.run_id, r.command, r.state AS run_state, s.step, s.state,"
	  " s.counts, s.message FROM run r LEFT JOIN run_step s ON s.run_id = r.run_id"
	  " WHERE r.business_date = ?1 ORDER BY r.ordinal, s.rowid" },
	{ NULL, NULL },
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
			     "SELECT r.run_id, r.command, r.state, r.rule_set_sha256,"
			     " r.message, s.step, s.state, s.counts, s.message"
			     " FROM run r LEFT JOIN run_step s ON s.run_id = r.run_id"
			     " WHERE r.business_date = ?1"
			     " ORDER BY r.ordinal, s.rowid",
			     &st, err)))
		return rc;
	db_bind_text(st, 1, ctx->as_of);
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
