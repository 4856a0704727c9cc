#include "core/common.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/uscc.h"
#include "importers/importer.h"

static const struct importer *const importers[] = {
	&importer_permits,
	&importer_penalties,
	&importer_monitoring,
};

const struct importer *importer_find(const char *kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(importers); i++)
		if (!strcmp(importers[i]->kind, kind))
			return importers[i];
	return NULL;
}

/* Warnings passed on per file; the rest are counted and summed up once. */
#define IMPORT_WARNINGS_SHOWN 20

void import_warn(struct import_ctx *ctx, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	ctx->counts.warnings++;
	if (!ctx->opt->warn || ctx->counts.warnings > IMPORT_WARNINGS_SHOWN)
		return;
	strbuf_addf(&msg, "%s: ", ctx->name);
	va_start(ap, fmt);
	ec_vaddf(&msg, fmt, ap); /* English, translation remembered */
	va_end(ap);
	ctx->opt->warn(ctx->opt->warn_data, msg.buf);
	strbuf_release(&msg);
}

int import_quarantine(struct import_ctx *ctx, const char *position,
		      const char *field, const char *reason, const char *raw,
		      size_t raw_len, struct strbuf *err)
{
	struct db_stmt *st;
	int64_t seen = 0;
	int rc;

	ctx->counts.quarantined++;
	/* The same file imported again: its bad records are already here.
	 * (Standard input has no hash, so it is never "the same file".) */
	if (!ctx->st_quarantine_seen &&
	    (rc = db_prepare(ctx->db,
			     "SELECT count(*) FROM quarantine q JOIN import_file f"
			     " ON f.id = q.file_id WHERE f.sha256 ="
			     " (SELECT sha256 FROM import_file WHERE id = ?1)"
			     " AND f.sha256 != 'stdin'"
			     " AND q.file_id != ?1 AND q.position = ?2",
			     &ctx->st_quarantine_seen, err)))
		return rc;
	st = ctx->st_quarantine_seen;
	db_bind_int64(st, 1, ctx->file_id);
	db_bind_text(st, 2, position);
	if ((rc = db_step(st, err)) == DB_ROW)
		seen = db_column_int64(st, 0);
	db_reset(st);
	if (rc < 0)
		return rc;
	if (seen)
		return 0;
	if (!ctx->st_quarantine &&
	    (rc = db_prepare(ctx->db,
			     "INSERT INTO quarantine (file_id, source_file, position, field,"
			     " reason, raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			     &ctx->st_quarantine, err)))
		return rc;
	st = ctx->st_quarantine;
	db_bind_int64(st, 1, ctx->file_id);
	db_bind_text(st, 2, ctx->name);
	db_bind_text(st, 3, position);
	db_bind_text(st, 4, field);
	db_bind_text(st, 5, reason);
	if (raw)
		db_bind_textn(st, 6, raw, raw_len > 4096 ? 4096 : raw_len);
	return db_run(st, err);
}

int import_upsert_enterprise(struct import_ctx *ctx, const char *uscc,
			     const char *name, const char *region,
			     const char *town, const char *seen_on,
			     struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	if (!ctx->st_enterprise &&
	    (rc = db_prepare(ctx->db,
			     "INSERT INTO enterprise (uscc, name, region, town, uscc_ok,"
			     " first_seen) VALUES (?1, coalesce(?2, ''), ?3, ?4, ?5, ?6)"
			     " ON CONFLICT (uscc) DO UPDATE SET"
			     " name = CASE WHEN enterprise.name = '' THEN excluded.name"
			     "  ELSE enterprise.name END,"
			     " region = coalesce(enterprise.region, excluded.region),"
			     " town = coalesce(enterprise.town, excluded.town),"
			     " first_seen = min(enterprise.first_seen, excluded.first_seen)",
			     &ctx->st_enterprise, err)))
		return rc;
	st = ctx->st_enterprise;
	db_bind_text(st, 1, uscc);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, region);
	db_bind_text(st, 4, town);
	db_bind_int64(st, 5, uscc_valid(uscc));
	db_bind_text(st, 6, seen_on);
	return db_run(st, err);
}

static int record_file(struct import_ctx *ctx, const char *kind,
		       const char *sha, long long size, struct strbuf *err)
{
	struct db_stmt *st;
	char now[DATE_STAMP_SIZE];
	int rc;

	date_now_stamp(now);
	rc = db_prepare(ctx->db,
			"INSERT INTO import_file (kind, path, sha256, size, run_id, imported_at)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			&st, err);
	if (rc)
		return rc;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, ctx->name);
	db_bind_text(st, 3, sha);
	db_bind_int64(st, 4, size);
	db_bind_text(st, 5, ctx->opt->run_id);
	db_bind_text(st, 6, now);
	rc = db_run(st, err);
	db_finalize(st);
	ctx->file_id = db_last_insert_rowid(ctx->db);
	return rc;
}

static int record_counts(struct import_ctx *ctx, struct strbuf *err)
{
	const struct import_counts *c = &ctx->counts;
	struct db_stmt *st;
	int rc;

	rc = db_prepare(ctx->db,
			"UPDATE import_file SET read = ?2, stored = ?3, duplicate = ?4,"
			" quarantined = ?5, warnings = ?6, extra = ?7 WHERE id = ?1",
			&st, err);
	if (rc)
		return rc;
	db_bind_int64(st, 1, ctx->file_id);
	db_bind_int64(st, 2, c->read);
	db_bind_int64(st, 3, c->stored);
	db_bind_int64(st, 4, c->duplicate);
	db_bind_int64(st, 5, c->quarantined);
	db_bind_int64(st, 6, c->warnings);
	db_bind_text(st, 7, ctx->extra[0] ? ctx->extra : "{}");
	rc = db_run(st, err);
	db_finalize(st);
	return rc;
}

int import_file(struct db *db, const char *kind, const char *path,
		const struct import_options *opt, struct import_counts *out,
		struct strbuf *err)
{
	static const struct import_options defaults;
	const struct importer *imp = importer_find(kind);
	struct import_ctx ctx = { 0 };
	char sha[SHA256_HEX_SIZE] = "";
	long long size = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!imp)
		return ec_error(err, EC_USAGE, "unknown input kind '%s'", kind);
	ctx.db = db;
	ctx.path = path;
	ctx.name = strcmp(path, "-") ? path : "(stdin)";
	ctx.opt = opt ? opt : &defaults;
	if (strcmp(path, "-") && (rc = sha256_file(path, sha, &size, err)))
		return rc;
	if (!strcmp(path, "-"))
		snprintf(sha, sizeof(sha), "stdin");
	if ((rc = db_begin(db, err)))
		return rc;
	if ((rc = record_file(&ctx, kind, sha, size, err)))
		goto fail;
	if ((rc = imp->run(&ctx, err)))
		goto fail;
	if (ctx.counts.read !=
	    ctx.counts.stored + ctx.counts.duplicate + ctx.counts.quarantined) {
		rc = ec_error(err, EC_INTERNAL,
			      "'%s': counts do not reconcile: read %lld != stored %lld"
			      " + duplicate %lld + quarantined %lld",
			      ctx.name, ctx.counts.read, ctx.counts.stored,
			      ctx.counts.duplicate, ctx.counts.quarantined);
		goto fail;
	}
	if ((rc = record_counts(&ctx, err)) || (rc = db_commit(db, err)))
		goto fail;
	if (ctx.opt->warn && ctx.counts.warnings > IMPORT_WARNINGS_SHOWN) {
		struct strbuf msg = STRBUF_INIT;

		strbuf_addf(&msg, "%s: %lld more warnings not shown (%lld in all)",
			    ctx.name, ctx.counts.warnings - IMPORT_WARNINGS_SHOWN,
			    ctx.counts.warnings);
		ctx.opt->warn(ctx.opt->warn_data, msg.buf);
		strbuf_release(&msg);
	}
	*out = ctx.counts;
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	db_finalize(ctx.st_enterprise);
	db_finalize(ctx.st_quarantine);
	db_finalize(ctx.st_quarantine_seen);
	return rc;
}
