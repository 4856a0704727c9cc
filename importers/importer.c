#include "core/common.h"
#include "core/archive.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/fname.h"
#include "core/uscc.h"
#include "core/xml.h"
#include "importers/importer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct importer *const importers[] = {
	&importer_permits,
	&importer_penalties,
	&importer_monitoring,
	&importer_generation,
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

static void warn_v(struct import_ctx *ctx, const char *fmt, va_list ap)
{
	struct strbuf msg = STRBUF_INIT;

	ctx->counts.warnings++;
	if (!ctx->opt->warn || ctx->counts.warnings > IMPORT_WARNINGS_SHOWN)
		return;
	strbuf_addf(&msg, "%s: ", ctx->name);
	ec_vaddf(&msg, fmt, ap); /* English, translation remembered */
	ctx->opt->warn(ctx->opt->warn_data, msg.buf);
	strbuf_release(&msg);
}

void import_warn(struct import_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	warn_v(ctx, fmt, ap);
	va_end(ap);
}

void import_warn_kind(struct import_ctx *ctx, const char *kind,
		      const char *fmt, ...)
{
	struct import_counts *c = &ctx->counts;
	va_list ap;
	size_t i;

	for (i = 0; i < IMPORT_WARN_KINDS - 1 && c->kind[i]; i++)
		if (!strcmp(c->kind[i], kind))
			break;
	if (!c->kind[i])
		c->kind[i] = kind; /* the last slot takes any further kinds */
	c->kind_n[i]++;
	va_start(ap, fmt);
	warn_v(ctx, fmt, ap);
	va_end(ap);
}

void import_counts_warnings(const struct import_counts *c, struct strbuf *out)
{
	long long kinded = 0;

	strbuf_addf(out, "%lld", c->warnings);
	for (size_t i = 0; i < IMPORT_WARN_KINDS && c->kind[i]; i++) {
		strbuf_addf(out, "%s%s %lld", i ? ", " : ": ", c->kind[i],
			    c->kind_n[i]);
		kinded += c->kind_n[i];
	}
	if (kinded && kinded < c->warnings)
		strbuf_addf(out, ", other %lld", c->warnings - kinded);
}

int import_options_from_config(const struct config *cfg, struct import_options *opt,
			       struct strbuf *err)
{
	const char *v = config_get(cfg, "monitoring", "accept_crc");
	int rc;

	while (v && *v) {
		size_t n = strcspn(v, " ,\t");

		if (n == 6 && !strncmp(v, "modbus", 6))
			opt->accept_crc_modbus = 1;
		else if (n == 7 && !strncmp(v, "swapped", 7))
			opt->accept_crc_swapped = 1;
		else if (n)
			return ec_error(err, EC_CONFIG,
					"%s:%d: monitoring.accept_crc: unknown CRC variant"
					" '%.*s' (known: modbus swapped)",
					config_file(cfg) ? config_file(cfg) : "(no config)",
					config_line(cfg, "monitoring", "accept_crc"),
					(int)n, v);
		v += n;
		v += strspn(v, " ,\t");
	}
	if ((rc = config_bool(cfg, "monitoring", "store_minute", 0, &opt->store_minute,
			      err)) ||
	    (rc = config_long(cfg, "monitoring", "future_tolerance_hours",
			      IMPORT_FUTURE_TOLERANCE_HOURS, 1, 24L * 366,
			      &opt->future_tolerance_hours, err)))
		return rc;
	return config_long(cfg, "monitoring", "max_age_days", IMPORT_MAX_AGE_DAYS,
			   1, 36500, &opt->max_age_days, err);
}

int import_quarantine(struct import_ctx *ctx, const char *position,
		      const char *field, const char *reason, const char *raw,
		      size_t raw_len, struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	ctx->counts.quarantined++;
	/* A record already quarantined from the same bytes is dropped again
	 * once the file's hash is known (drop_seen_quarantine). */
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

/* ---- the file, read once ---- */

struct import_input {
	int fd;
	int is_stdin;
	struct sha256_ctx *sha;
	int64_t hashed;     /* bytes [0, hashed) went into sha */
	int64_t stream_off; /* next offset of import_open_stream's reader */
	int64_t file_off;   /* next offset of import_fopen's stream */
	struct stat st;     /* at open */
	struct import_ctx *ctx;
};

static ssize_t pread_some(int fd, void *buf, size_t len, int64_t off)
{
	ssize_t n;

	do
		n = pread(fd, buf, len, (off_t)off);
	while (n < 0 && errno == EINTR);
	return n;
}

/* Hash the bytes from in->hashed up to target (-1: the end). */
static int hash_to(struct import_input *in, int64_t target, struct strbuf *err)
{
	char buf[65536];

	while (target < 0 || in->hashed < target) {
		size_t want = sizeof(buf);
		ssize_t n;

		if (target >= 0 && (int64_t)want > target - in->hashed)
			want = (size_t)(target - in->hashed);
		n = pread_some(in->fd, buf, want, in->hashed);
		if (n < 0)
			return ec_errno(err, "cannot read", in->ctx->name);
		if (n == 0)
			break;
		sha256_update(in->sha, buf, (size_t)n);
		in->hashed += n;
	}
	return 0;
}

ssize_t import_pread(struct import_ctx *ctx, void *buf, size_t len,
		     int64_t off, struct strbuf *err)
{
	struct import_input *in = ctx->in;
	ssize_t n;
	int rc;

	if (in->is_stdin) {
		if (off != in->hashed)
			return ec_error(err, EC_INTERNAL,
					"standard input read out of order");
		do
			n = read(in->fd, buf, len);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return ec_errno(err, "cannot read", ctx->name);
		in->hashed += n;
		return n;
	}
	if (off > in->hashed && (rc = hash_to(in, off, err)))
		return rc;
	n = pread_some(in->fd, buf, len, off);
	if (n < 0)
		return ec_errno(err, "cannot read", ctx->name);
	if (n > 0 && off + n > in->hashed) {
		sha256_update(in->sha, (char *)buf + (in->hashed - off),
			      (size_t)(off + n - in->hashed));
		in->hashed = off + n;
	}
	return n;
}

static ssize_t stream_read(void *data, void *buf, size_t len, struct strbuf *err)
{
	struct import_ctx *ctx = data;
	ssize_t n = import_pread(ctx, buf, len, ctx->in->stream_off, err);

	if (n > 0)
		ctx->in->stream_off += n;
	return n;
}

int import_open_stream(struct import_ctx *ctx, struct arc_stream **out,
		       struct strbuf *err)
{
	struct arc_limits lim = { ctx->opt->max_unpacked_bytes, ctx->opt->max_ratio };

	ctx->in->stream_off = 0;
	return arc_stream_open_fn(ctx->name, stream_read, ctx, &lim, out, err);
}

static ssize_t xml_pread(void *data, void *buf, size_t len, int64_t off)
{
	struct strbuf err = STRBUF_INIT;
	ssize_t n = import_pread(data, buf, len, off, &err);

	strbuf_release(&err);
	return n < 0 ? -1 : n;
}

int import_open_xml(struct import_ctx *ctx, const char *schema,
		    struct xml_reader **out, struct strbuf *err)
{
	if (ctx->in->is_stdin) /* the head is read twice: not from a pipe */
		return xml_reader_open(ctx->path, schema, out, err);
	return xml_reader_open_fn(ctx->name, xml_pread, ctx, schema, out, err);
}

static ssize_t cookie_read(void *c, char *buf, size_t len)
{
	struct import_ctx *ctx = c;
	struct strbuf err = STRBUF_INIT;
	ssize_t n = import_pread(ctx, buf, len, ctx->in->file_off, &err);

	strbuf_release(&err);
	if (n < 0) {
		errno = EIO;
		return -1;
	}
	ctx->in->file_off += n;
	return n;
}

static int cookie_seek(void *c, off64_t *pos, int whence)
{
	struct import_ctx *ctx = c;
	int64_t to = *pos;

	if (ctx->in->is_stdin) {
		errno = ESPIPE;
		return -1;
	}
	if (whence == SEEK_CUR)
		to += ctx->in->file_off;
	else if (whence == SEEK_END)
		to += (int64_t)ctx->in->st.st_size;
	if (to < 0) {
		errno = EINVAL;
		return -1;
	}
	ctx->in->file_off = to;
	*pos = to;
	return 0;
}

int import_fopen(struct import_ctx *ctx, FILE **out, struct strbuf *err)
{
	cookie_io_functions_t io = { cookie_read, NULL, cookie_seek, NULL };
	char buf[65536];
	size_t n;
	FILE *f;

	*out = NULL;
	if (strcmp(ctx->path, "-")) {
		/* through import_pread: hashed as it is read */
		ctx->in->file_off = 0;
		if (!(*out = fopencookie(ctx, "rb", io))) {
			ec_errno(err, "opening", ctx->name);
			return EC_IO;
		}
		return 0;
	}
	if (!(f = tmpfile()))
		return ec_errno(err, "creating a temporary file for", "stdin");
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		if (fwrite(buf, 1, n, f) != n) {
			fclose(f);
			return ec_errno(err, "spooling", "stdin");
		}
	if (ferror(stdin) || fflush(f)) {
		fclose(f);
		return ec_errno(err, "reading", "stdin");
	}
	rewind(f);
	*out = f;
	return 0;
}

static int input_open(struct import_ctx *ctx, struct import_input *in,
		      struct strbuf *err)
{
	memset(in, 0, sizeof(*in));
	in->ctx = ctx;
	ctx->in = in;
	if (!strcmp(ctx->path, "-")) {
		in->is_stdin = 1;
		in->fd = 0;
		return 0;
	}
	in->fd = open(ctx->path, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0)
		return ec_errno(err, "cannot open", ctx->name);
	if (fstat(in->fd, &in->st) < 0) {
		int rc = ec_errno(err, "cannot read", ctx->name);

		close(in->fd);
		in->fd = -1;
		return rc == EC_NOINPUT ? EC_IO : rc;
	}
	in->sha = sha256_new();
	return 0;
}

static void input_close(struct import_input *in)
{
	char scratch[SHA256_HEX_SIZE];

	if (in->sha)
		sha256_final_hex(in->sha, scratch); /* frees it */
	if (!in->is_stdin && in->fd >= 0)
		close(in->fd);
	in->sha = NULL;
	in->fd = -1;
}

static int same_times(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

/* Hash what the importer left unread, then make sure the file is the one
 * opened and did not change meanwhile. */
static int input_finish(struct import_input *in, char sha[SHA256_HEX_SIZE],
			long long *size, struct strbuf *err)
{
	const char *name = in->ctx->name;
	struct stat now, named;
	int rc;

	if (in->is_stdin) {
		snprintf(sha, SHA256_HEX_SIZE, "stdin");
		*size = in->hashed;
		return 0;
	}
	if ((rc = hash_to(in, -1, err)))
		return rc;
	sha256_final_hex(in->sha, sha);
	in->sha = NULL;
	*size = in->hashed;
	if (fstat(in->fd, &now) < 0)
		return ec_errno(err, "cannot read", name);
	if (now.st_size != in->st.st_size || now.st_size != in->hashed ||
	    !same_times(&now.st_mtim, &in->st.st_mtim) ||
	    !same_times(&now.st_ctim, &in->st.st_ctim))
		return ec_error(err, EC_TEMPFAIL,
				"'%s' changed while it was imported (size %lld, now"
				" %lld bytes); nothing kept: import it once it is complete",
				name, (long long)in->st.st_size, (long long)now.st_size);
	if (stat(in->ctx->path, &named) < 0 || named.st_ino != in->st.st_ino ||
	    named.st_dev != in->st.st_dev)
		return ec_error(err, EC_TEMPFAIL,
				"'%s' was replaced or removed while it was imported;"
				" nothing kept", name);
	return 0;
}

static int record_file(struct import_ctx *ctx, const char *kind,
		       struct strbuf *err)
{
	struct db_stmt *st;
	char now[DATE_STAMP_SIZE];
	int rc;

	date_now_stamp(now);
	/* the hash and size are known at the end (record_hash) */
	rc = db_prepare(ctx->db,
			"INSERT INTO import_file (kind, path, sha256, size, run_id, imported_at)"
			" VALUES (?1, ?2, '', 0, ?3, ?4)",
			&st, err);
	if (rc)
		return rc;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, ctx->name);
	db_bind_text(st, 3, ctx->opt->run_id);
	db_bind_text(st, 4, now);
	rc = db_run(st, err);
	db_finalize(st);
	ctx->file_id = db_last_insert_rowid(ctx->db);
	return rc;
}

/* The file's hash and size; records not kept become stored or duplicate;
 * records quarantined from the same bytes before are not stored twice. */
static int record_hash(struct import_ctx *ctx, const char *sha, long long size,
		       struct strbuf *err)
{
	struct db_stmt *st;
	int64_t seen = 0;
	int rc;

	if ((rc = db_prepare(ctx->db,
			     "UPDATE import_file SET sha256 = ?2, size = ?3 WHERE id = ?1",
			     &st, err)))
		return rc;
	db_bind_int64(st, 1, ctx->file_id);
	db_bind_text(st, 2, sha);
	db_bind_int64(st, 3, size);
	rc = db_run(st, err);
	db_finalize(st);
	if (rc)
		return rc;
	if (strcmp(sha, "stdin")) {
		if ((rc = db_prepare(ctx->db,
				     "SELECT count(*) FROM import_file WHERE sha256 = ?2"
				     " AND id != ?1", &st, err)))
			return rc;
		db_bind_int64(st, 1, ctx->file_id);
		db_bind_text(st, 2, sha);
		if ((rc = db_step(st, err)) == DB_ROW)
			seen = db_column_int64(st, 0);
		db_finalize(st);
		if (rc < 0)
			return rc;
	}
	if (seen)
		ctx->counts.duplicate += ctx->unkept;
	else
		ctx->counts.stored += ctx->unkept;
	ctx->unkept = 0;
	if (!seen)
		return 0;
	if ((rc = db_prepare(ctx->db,
			     "DELETE FROM quarantine WHERE file_id = ?1 AND position IN"
			     " (SELECT q.position FROM quarantine q JOIN import_file f"
			     "  ON f.id = q.file_id WHERE f.sha256 = ?2 AND q.file_id != ?1)",
			     &st, err)))
		return rc;
	db_bind_int64(st, 1, ctx->file_id);
	db_bind_text(st, 2, sha);
	rc = db_run(st, err);
	db_finalize(st);
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

static int progress_tick(void *data)
{
	const struct import_ctx *ctx = data;

	ctx->opt->progress(ctx->opt->progress_data, ctx->path, &ctx->counts);
	return 0;
}

int import_file(struct db *db, const char *kind, const char *path,
		const struct import_options *opt, struct import_counts *out,
		struct strbuf *err)
{
	static const struct import_options defaults;
	const struct importer *imp = importer_find(kind);
	struct import_ctx ctx = { 0 };
	struct import_input in = { .fd = -1 };
	struct strbuf name = STRBUF_INIT;
	char sha[SHA256_HEX_SIZE] = "";
	long long size = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!imp)
		return ec_error(err, EC_USAGE, "unknown input kind '%s'", kind);
	ctx.db = db;
	ctx.path = path;
	if (strcmp(path, "-"))
		fname_utf8(&name, path); /* stored and printed: valid UTF-8 */
	else
		strbuf_addstr(&name, "(stdin)");
	ctx.name = name.buf;
	ctx.opt = opt ? opt : &defaults;
	if ((rc = input_open(&ctx, &in, err)))
		goto out;
	if ((rc = db_begin(db, err)))
		goto out;
	if ((rc = record_file(&ctx, kind, err)))
		goto fail;
	if (ctx.opt->progress)
		db_progress(db, progress_tick, &ctx);
	rc = imp->run(&ctx, err);
	if (ctx.opt->progress)
		db_progress(db, NULL, NULL);
	if (rc)
		goto fail;
	if ((rc = input_finish(&in, sha, &size, err)) ||
	    (rc = record_hash(&ctx, sha, size, err)))
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
	snprintf(out->sha256, sizeof(out->sha256), "%s", sha);
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	input_close(&in);
	db_finalize(ctx.st_enterprise);
	db_finalize(ctx.st_quarantine);
	strbuf_release(&name);
	return rc;
}
