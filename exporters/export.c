#include "core/common.h"
#include "core/date.h"
#include "exporters/bag.h"
#include "exporters/channel.h"
#include "exporters/export.h"
#include "exporters/outbox.h"
#include "exporters/outfile.h"
#include "exporters/publish.h"
#include "exporters/ruletext.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The package writer (docs/export.md, files). For each channel: reserve the sequence
 * number, stream the payload into a hidden staging folder, write the
 * deterministic .tar.gz and the .release under temporary names, sign, then
 * rename in this order: archive, signatures, .release — the .release is
 * the commit marker, so a consumer that waits for it finds everything it
 * names already in place. Temporary names start with '.', never end in
 * .release or .tar.gz, and are cleaned up by the next run.
 */
struct signers {
	struct crypto_key *key[3]; /* by enum crypto_alg */
};

struct rule_set_ref {
	char *id, *version, *sha256;
	struct rule_texts *rt; /* plain-language rule texts (exporters/ruletext.h) */
};

static void signers_free(struct signers *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(s->key); i++)
		crypto_key_free(s->key[i]);
}

static int signers_load(const struct export_keys *k, struct signers *s,
			struct strbuf *err)
{
	int rc = 0;

	memset(s, 0, sizeof(*s));
	if (k->cms_key && (rc = crypto_key_load(CRYPTO_CMS, k->cms_key, k->cms_cert,
						&s->key[CRYPTO_CMS], err)))
		return rc;
	if (k->sm2_key && (rc = crypto_key_load(CRYPTO_SM2, k->sm2_key, k->sm2_cert,
						&s->key[CRYPTO_SM2], err)))
		return rc;
	if (k->ed25519_key && (rc = crypto_key_load(CRYPTO_ED25519, k->ed25519_key, NULL,
						    &s->key[CRYPTO_ED25519], err)))
		return rc;
	if (!s->key[0] && !s->key[1] && !s->key[2])
		return ec_error(err, EC_CONFIG,
				"no signing key configured (keys.cms_key with "
				"keys.cms_cert, keys.sm2_key or keys.ed25519_key): "
				"an unsigned package is never published");
	return 0;
}

static int rule_set_find(struct db *db, const char *as_of,
			 struct rule_set_ref *rs, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	memset(rs, 0, sizeof(*rs));
	if ((rc = db_prepare(db,
			     "SELECT s.id, s.version, s.sha256 FROM rule_set s"
			     " WHERE s.sha256 = coalesce("
			     "  (SELECT rule_set_sha256 FROM link_date WHERE as_of = ?1),"
			     "  (SELECT rule_set_sha256 FROM rate_date WHERE as_of = ?1))",
			     &st, err)))
		return rc;
	db_bind_text(st, 1, as_of);
	rc = db_step(st, err);
	if (rc == DB_ROW) {
		rs->id = xstrdup(db_column_text(st, 0));
		rs->version = xstrdup(db_column_text(st, 1));
		rs->sha256 = xstrdup(db_column_text(st, 2));
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ec_error(err, EC_DATA,
			      "nothing was rated or linked for %s: run 'ecredit rate "
			      "--as-of %s' and 'ecredit link --as-of %s' first",
			      as_of, as_of, as_of);
	}
	db_finalize(st);
	return rc;
}


/* Remove what an interrupted run left: ".<name>.*" files and stage folders. */
static void remove_leftovers(const char *dir, const char *name)
{
	struct strbuf prefix = STRBUF_INIT, path = STRBUF_INIT;
	struct dirent *d;
	DIR *dh = opendir(dir);

	if (!dh)
		return;
	strbuf_addf(&prefix, ".%s.", name);
	while ((d = readdir(dh)) != NULL) {
		if (strncmp(d->d_name, prefix.buf, prefix.len))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, d->d_name);
		if (unlink(path.buf) && errno == EISDIR) {
			DIR *sub = opendir(path.buf);
			struct dirent *f;

			while (sub && (f = readdir(sub)) != NULL) {
				struct strbuf p2 = STRBUF_INIT;

				if (!strcmp(f->d_name, ".") || !strcmp(f->d_name, ".."))
					continue;
				strbuf_addf(&p2, "%s/%s", path.buf, f->d_name);
				unlink(p2.buf);
				strbuf_release(&p2);
			}
			if (sub)
				closedir(sub);
			rmdir(path.buf);
		}
	}
	closedir(dh);
	strbuf_release(&prefix);
	strbuf_release(&path);
}

static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct payload_file *)a)->name,
		      ((const struct payload_file *)b)->name);
}

struct package {
	const struct exporter *ex;
	long long seq;
	char name[128];
	char reissue_of[DATE_TEXT_SIZE]; /* newest date published before, when later */
	char archive_sha[SHA256_HEX_SIZE], release_sha[SHA256_HEX_SIZE];
	struct strbuf published;          /* release hash the database recorded */
	struct strbuf prev_sha, since, records, release;
	struct outfile archive, release_file, sig[3];
	struct export_ctx ctx;
};

static void package_release(struct package *p)
{
	outfile_abort(&p->archive);
	outfile_abort(&p->release_file);
	for (size_t i = 0; i < ARRAY_SIZE(p->sig); i++)
		outfile_abort(&p->sig[i]);
	for (size_t i = 0; i < p->ctx.nr; i++)
		free(p->ctx.files[i].name);
	free(p->ctx.files);
	strbuf_release(&p->prev_sha);
	strbuf_release(&p->published);
	strbuf_release(&p->since);
	strbuf_release(&p->records);
	strbuf_release(&p->release);
}

static void release_text(struct package *p, const struct export_options *opt,
			 const struct rule_set_ref *rs, const char *run_id,
			 const struct signers *sg, long long archive_size,
			 const char *tag_sha)
{
	struct strbuf *r = &p->release;
	char valid[DATE_TEXT_SIZE];
	int d = 0;

	date_parse(opt->as_of, &d);
	date_format(d + opt->valid_days, valid); /* in range: export_run */
	strbuf_addf(r,
		    "Package: %s\nChannel: %s\nBusiness-Date: %s\nSequence: %lld\n"
		    "Run-Id: %s\nRule-Set: %s %s %s\nValid-Until: %s\n"
		    "Archive: %s.tar.gz\nArchive-Size: %lld\nArchive-SHA256: %s\n"
		    "Tagmanifest-SHA256: %s\nPrevious-Release-SHA256: %s\n",
		    p->name, p->ex->name, opt->as_of, p->seq, run_id, rs->id,
		    rs->version, rs->sha256, valid, p->name, archive_size,
		    p->archive_sha, tag_sha, p->prev_sha.buf);
	if (*p->reissue_of)
		strbuf_addf(r, "Reissue-Of-Newest: %s\n", p->reissue_of);
	strbuf_addf(r, "Records: %s\nSigner:", p->records.buf);
	for (size_t i = 0; i < ARRAY_SIZE(sg->key); i++) {
		char fp[SHA256_HEX_SIZE];

		if (!sg->key[i])
			continue;
		crypto_key_fingerprint(sg->key[i], fp);
		strbuf_addf(r, " %s:%s", crypto_key_type(sg->key[i]), fp);
	}
	strbuf_addch(r, '\n');
}

static const struct export_publisher no_publisher;

static void package_init(struct package *p, const struct exporter *ex)
{
	memset(p, 0, sizeof(*p));
	p->ex = ex;
	strbuf_init(&p->prev_sha, 0);
	strbuf_init(&p->published, 0);
	strbuf_init(&p->since, 0);
	strbuf_init(&p->records, 0);
	strbuf_init(&p->release, 0);
	p->archive.fd = p->release_file.fd = -1;
	for (size_t i = 0; i < ARRAY_SIZE(p->sig); i++)
		p->sig[i].fd = -1;
}

/* Reserve the sequence and build the package: the archive under its
 * temporary name and the release text, nothing in the outbox's view. */
static int package_build(struct db *db, const struct export_options *opt,
			 const struct outbox *ob, const struct signers *sg,
			 const struct rule_set_ref *rs, const char *run_id,
			 int fresh, struct package *p, struct strbuf *stage,
			 struct strbuf *err)
{
	struct strbuf rsl = STRBUF_INIT, fname = STRBUF_INIT;
	const struct exporter *ex = p->ex;
	struct bag_info bi;
	char tag_sha[SHA256_HEX_SIZE];
	long long archive_size = 0;
	int rc, days = 0;

	if ((rc = publish_sequence_reserve(db, ob, ex->name, opt->as_of, run_id, fresh,
				   &p->seq, &p->published, &p->prev_sha,
				   &p->since, err)) ||
	    (rc = publish_newest_date(db, ob, ex->name, p->seq, p->reissue_of, err)))
		goto out;
	if (strcmp(p->reissue_of, opt->as_of) <= 0)
		p->reissue_of[0] = '\0';
	snprintf(p->name, sizeof(p->name), "%s-%s-%lld", ex->name, opt->as_of, p->seq);
	remove_leftovers(opt->out_dir, p->name);
	strbuf_reset(stage);
	strbuf_addf(stage, "%s/.%s.stage.XXXXXX", opt->out_dir, p->name);
	if (!mkdtemp(stage->buf)) {
		rc = ec_errno(err, "cannot create", stage->buf);
		rc = rc == EC_NOINPUT ? EC_IO : rc;
		strbuf_reset(stage);
		goto out;
	}
	strbuf_addf(&rsl, "%s %s %s", rs->id, rs->version, rs->sha256);
	p->ctx = (struct export_ctx){ .db = db, .channel = ex->name, .as_of = opt->as_of,
				      .since = p->since.buf, .run_id = run_id,
				      .package = p->name, .rule_set = rsl.buf,
				      .stage = stage->buf,
				      .pub = opt->publisher ? opt->publisher : &no_publisher,
				      .rt = rs->rt, .xlsx = ex->xlsx };
	for (const struct table_def *t = ex->tables; t->name; t++)
		if ((rc = export_table(&p->ctx, t, err)))
			goto out;
	if ((ex->extra && (rc = ex->extra(&p->ctx, err))) ||
	    (rc = export_docs(&p->ctx, ex, err)))
		goto out;
	qsort(p->ctx.files, p->ctx.nr, sizeof(*p->ctx.files), file_cmp);
	/* Records counts the tables' rows, not the README and dictionaries */
	for (size_t i = 0, k = 0; i < p->ctx.nr; i++)
		if (!p->ctx.files[i].doc)
			strbuf_addf(&p->records, "%s%s=%lld", k++ ? " " : "",
				    p->ctx.files[i].name,
				    (long long)p->ctx.files[i].records);

	date_parse(opt->as_of, &days);
	bi = (struct bag_info){ .name = p->name, .sequence = p->seq,
				.mtime = (int64_t)days * 86400 - 8 * 3600,
				.rule_set_id = rs->id, .rule_set_version = rs->version,
				.rule_set_sha256 = rs->sha256, .records = p->records.buf };
	strbuf_addf(&fname, "%s.tar.gz", p->name);
	if ((rc = outfile_open(opt->out_dir, fname.buf, &p->archive, err)) ||
	    (rc = bag_write(&p->ctx, &bi, &p->archive, tag_sha, err)) ||
	    (rc = outfile_finish(&p->archive, 0644, err)) ||
	    (rc = sha256_file(p->archive.tmp, p->archive_sha, &archive_size, err)))
		goto out;
	release_text(p, opt, rs, run_id, sg, archive_size, tag_sha);
	sha256_hex(p->release.buf, p->release.len, p->release_sha);
out:
	p->ctx.rule_set = NULL;
	strbuf_release(&rsl);
	strbuf_release(&fname);
	return rc;
}


/* Sign and move the built package into the outbox. */
static int package_publish(const struct export_options *opt,
			   const struct signers *sg, struct package *p,
			   struct strbuf *err)
{
	struct strbuf fname = STRBUF_INIT;
	int rc;

	strbuf_addf(&fname, "%s.release", p->name);
	if ((rc = outfile_open(opt->out_dir, fname.buf, &p->release_file, err)))
		goto out;
	if (fwrite(p->release.buf, 1, p->release.len, p->release_file.f) != p->release.len) {
		rc = ec_errno(err, "cannot write", p->release_file.tmp);
		goto out;
	}
	if ((rc = outfile_finish(&p->release_file, 0644, err)))
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(sg->key); i++) {
		struct strbuf sig = STRBUF_INIT;

		if (!sg->key[i])
			continue;
		strbuf_reset(&fname);
		strbuf_addf(&fname, "%s.release%s", p->name, outbox_sig_suffix[i]);
		if (!(rc = crypto_sign(sg->key[i], p->release.buf, p->release.len, &sig, err)) &&
		    !(rc = outfile_open(opt->out_dir, fname.buf, &p->sig[i], err)) &&
		    fwrite(sig.buf, 1, sig.len, p->sig[i].f) != sig.len)
			rc = ec_errno(err, "cannot write", p->sig[i].tmp);
		strbuf_release(&sig);
		if (rc || (rc = outfile_finish(&p->sig[i], 0644, err)))
			goto out;
	}
	/* The order a consumer polling the folder relies on. The archive
	 * replaces only an unpublished file of the same bytes (checked by
	 * publish_compare); the .release never replaces anything. */
	if ((rc = outfile_rename(&p->archive, err)))
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(p->sig); i++)
		if (p->sig[i].tmp && (rc = outfile_rename(&p->sig[i], err)))
			goto out;
	if ((rc = outfile_sync_dir(opt->out_dir, err)) ||
	    (rc = outfile_rename_noreplace(&p->release_file, err)) ||
	    (rc = outfile_sync_dir(opt->out_dir, err)))
		goto out;
out:
	strbuf_release(&fname);
	return rc;
}

static int export_channel(struct db *db, const struct export_options *opt,
			  const struct outbox *ob, const struct exporter *ex,
			  const struct signers *sg, const struct rule_set_ref *rs,
			  const char *run_id, char written[256], int *unchanged,
			  struct strbuf *err)
{
	struct package p;
	struct strbuf stage = STRBUF_INIT, why = STRBUF_INIT;
	int rc, verdict = PUB_NEW;

	*unchanged = 0;
	for (int fresh = 0;; fresh++) {
		package_init(&p, ex);
		strbuf_reset(&why);
		if ((rc = package_build(db, opt, ob, sg, rs, run_id, fresh, &p, &stage,
					err)) ||
		    (rc = publish_compare(opt->out_dir,
					  &(struct publish_built){
						  .name = p.name, .release = &p.release,
						  .published = &p.published,
						  .release_sha = p.release_sha,
						  .archive_sha = p.archive_sha },
					  &verdict, &why, err)))
			goto out;
		if (verdict != PUB_DIFF)
			break;
		if (!opt->new_sequence || fresh) {
			rc = ec_error(err, EC_DATA,
				      "%s: a published package is never replaced;"
				      " nothing was written (%s)",
				      why.buf,
				      opt->new_sequence ?
					      "see docs/export.md" :
					      "'ecredit export --force' publishes"
					      " the new data under the next sequence"
					      " number");
			goto out;
		}
		/* The run's data changed since its package was published:
		 * the new bytes take the next sequence number. */
		package_release(&p);
		if (stage.len)
			remove_leftovers(opt->out_dir, p.name);
	}
	if (verdict == PUB_NEW && (rc = package_publish(opt, sg, &p, err)))
		goto out;
	*unchanged = verdict == PUB_SAME;
	rc = publish_package_written(db, ex->name, p.seq, p.archive_sha, p.release_sha,
			     p.records.buf, err);
	snprintf(written, 256, "%s.tar.gz", p.name);
out:
	if (rc)
		ec_prefix(err, "channel %s: ", ex->name);
	package_release(&p);
	if (stage.len)
		remove_leftovers(opt->out_dir, p.name);
	strbuf_release(&stage);
	strbuf_release(&why);
	return rc;
}


const char *const export_key_names[EXPORT_KEYS] = { "cms_key", "cms_cert", "sm2_key",
						    "sm2_cert", "ed25519_key" };

void export_key_paths(const struct config *cfg, char *paths[EXPORT_KEYS])
{
	for (int i = 0; i < EXPORT_KEYS; i++)
		paths[i] = config_path(cfg, "keys", export_key_names[i]);
}

int export_valid_days(const struct config *cfg, int *days, struct strbuf *err)
{
	long v = EXPORT_DEFAULT_VALID_DAYS;
	int rc = config_long(cfg, "outbox", "valid_days", EXPORT_DEFAULT_VALID_DAYS, 1,
			     3660, &v, err);

	*days = (int)v;
	return rc;
}

int export_run(struct db *db, const struct export_options *opt,
	       struct export_result *out, struct strbuf *err)
{
	const struct exporter *chosen[ARRAY_SIZE(out->written)];
	struct rule_set_ref rs = { NULL, NULL, NULL, NULL };
	struct signers sg;
	struct outbox ob;
	struct strbuf run_id = STRBUF_INIT;
	struct stat st;
	size_t n = 0;
	int rc, days;

	memset(out, 0, sizeof(*out));
	memset(&sg, 0, sizeof(sg));
	memset(&ob, 0, sizeof(ob));
	if (!opt->as_of || date_parse(opt->as_of, &days))
		return ec_error(err, EC_USAGE, "bad business date '%s'",
				opt->as_of ? opt->as_of : "");
	if (opt->valid_days < 1)
		return ec_error(err, EC_CONFIG, "outbox.valid_days must be at least 1");
	if (exporters_count > EXPORT_MAX_CHANNELS)
		return ec_error(err, EC_INTERNAL, "%zu channels, room for %d",
				exporters_count, EXPORT_MAX_CHANNELS);
	if (!opt->channels) {
		for (size_t i = 0; i < exporters_count; i++)
			chosen[n++] = exporters[i];
	} else {
		for (size_t i = 0; i < exporters_count; i++)
			for (const char *const *c = opt->channels; *c; c++)
				if (!strcmp(*c, exporters[i]->name)) {
					chosen[n++] = exporters[i];
					break;
				}
		for (const char *const *c = opt->channels; *c; c++)
			if (!exporter_find(*c))
				return ec_error(err, EC_USAGE,
						"unknown channel '%s' (tax, finance, "
						"pricing, public, bureau)", *c);
	}
	/* The folder itself is made when missing; its parent must exist. */
	if (stat(opt->out_dir, &st) && mkdir(opt->out_dir, 0755) && errno != EEXIST)
		return ec_error(err, EC_IO, "cannot make output folder '%s': %s",
				opt->out_dir, strerror(errno));
	if (stat(opt->out_dir, &st) || !S_ISDIR(st.st_mode))
		return ec_error(err, EC_IO, "output folder '%s' is not a folder",
				opt->out_dir);
	/* What the outbox published decides, before anything is written. */
	if ((rc = outbox_scan(opt->out_dir, &ob, err)) ||
	    (rc = outbox_check_db(db, &ob, opt->channels, err)) ||
	    (rc = publish_check_dates(db, opt, &ob, chosen, n, days, err)))
		goto out;
	if ((rc = signers_load(&opt->keys, &sg, err)) ||
	    (rc = rule_set_find(db, opt->as_of, &rs, err)) ||
	    (rc = rule_texts_load(db, rs.sha256, &rs.rt, err)))
		goto out;
	if (opt->run_id)
		strbuf_addstr(&run_id, opt->run_id);
	else
		strbuf_addf(&run_id, "%s.1", opt->as_of);
	for (size_t i = 0; i < n; i++) {
		int same = 0;

		if ((rc = export_channel(db, opt, &ob, chosen[i], &sg, &rs, run_id.buf,
					 out->written[out->packages], &same, err)))
			goto out;
		out->unchanged[out->packages] = same;
		out->packages++;
	}
out:
	outbox_release(&ob);
	signers_free(&sg);
	rule_texts_free(rs.rt);
	free(rs.id);
	free(rs.version);
	free(rs.sha256);
	strbuf_release(&run_id);
	return rc;
}
