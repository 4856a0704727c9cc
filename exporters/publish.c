#include "core/common.h"
#include "core/date.h"
#include "exporters/channel.h"
#include "exporters/export.h"
#include "exporters/outbox.h"
#include "exporters/publish.h"

#include <unistd.h>

/*
 * The outbox-ledger decisions of the package writer (docs/export.md, "the
 * outbox is a ledger", "dates"): which sequence number a package takes,
 * which release it chains to, whether its business date may be published,
 * and whether a built package is new, already published as is, or would
 * give a published name other bytes. exporters/export.c builds and moves
 * the packages; exporters/outbox.c reads the folder.
 */

/* The newest sequence this run holds for the channel and date (0: none),
 * with its state and recorded release hash. */
static int run_package(struct db *db, const char *channel, const char *as_of,
		       const char *run_id, long long *seq, struct strbuf *sha,
		       struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	*seq = 0;
	strbuf_reset(sha);
	if ((rc = db_prepare(db,
			     "SELECT sequence, CASE state WHEN 'written' THEN"
			     " coalesce(release_sha256, '') ELSE '' END FROM package"
			     " WHERE channel = ?1 AND business_date = ?2 AND run_id = ?3"
			     " ORDER BY sequence DESC LIMIT 1",
			     &st, err)))
		return rc;
	db_bind_text(st, 1, channel);
	db_bind_text(st, 2, as_of);
	db_bind_text(st, 3, run_id);
	rc = db_step(st, err);
	if (rc == DB_ROW) {
		*seq = db_column_int64(st, 0);
		strbuf_addstr(sha, db_column_text(st, 1));
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

/*
 * Reserve (or find again) the channel's sequence number for this run, and
 * the previous package's release hash and business date. A new number is
 * one above the highest the database or the outbox knows; the previous
 * package is the outbox's release just below it (the database's record
 * only when the outbox no longer holds one). With fresh, a new number is
 * taken even when the run holds one already (its data changed since).
 * published gets the release hash recorded for a number found again.
 */
int publish_sequence_reserve(struct db *db, const struct outbox *ob,
			    const char *channel, const char *as_of,
			    const char *run_id, int fresh, long long *seq,
			    struct strbuf *published, struct strbuf *prev_sha,
			    struct strbuf *prev_date, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	const struct outbox_entry *prev;
	int own_tx = !db_in_transaction(db), rc;
	long long n = 0;
	int64_t m = 0;

	if (own_tx && (rc = db_begin(db, err)))
		return rc;
	strbuf_reset(published);
	if (!fresh && (rc = run_package(db, channel, as_of, run_id, &n, published,
					err)))
		goto out;
	if (!n) {
		char name[256];

		if ((rc = db_query_int64(db, "SELECT coalesce(max(sequence), 0)"
					 " FROM package WHERE channel = ?1",
					 channel, NULL, &m, err)))
			goto out;
		n = m;
		if (outbox_max_seq(ob, channel) > n)
			n = outbox_max_seq(ob, channel);
		n++;
		snprintf(name, sizeof(name), "%s-%s-%lld", channel, as_of, n);
		if ((rc = db_prepare(db,
				     "INSERT INTO package (channel, sequence, business_date,"
				     " run_id, name, state) VALUES (?1, ?2, ?3, ?4, ?5,"
				     " 'reserved')",
				     &st, err)))
			goto out;
		db_bind_text(st, 1, channel);
		db_bind_int64(st, 2, n);
		db_bind_text(st, 3, as_of);
		db_bind_text(st, 4, run_id);
		db_bind_text(st, 5, name);
		if ((rc = db_run(st, err)))
			goto out;
		db_finalize(st);
		st = NULL;
	}
	strbuf_reset(prev_sha);
	strbuf_reset(prev_date);
	if ((prev = outbox_prev(ob, channel, n)) != NULL) {
		char hex[SHA256_HEX_SIZE];

		if ((rc = outbox_release_sha(ob, prev, hex, err)))
			goto out;
		strbuf_addstr(prev_sha, hex);
		strbuf_addstr(prev_date, prev->date);
	} else {
		if ((rc = db_prepare(db,
				     "SELECT release_sha256, business_date FROM package"
				     " WHERE channel = ?1 AND sequence < ?2 AND state = 'written'"
				     " ORDER BY sequence DESC LIMIT 1",
				     &st, err)))
			goto out;
		db_bind_text(st, 1, channel);
		db_bind_int64(st, 2, n);
		rc = db_step(st, err);
		if (rc < 0)
			goto out;
		strbuf_addstr(prev_sha, rc == DB_ROW ? db_column_text(st, 0) : "none");
		strbuf_addstr(prev_date, rc == DB_ROW ? db_column_text(st, 1) : "");
	}
	rc = 0;
	*seq = n;
out:
	db_finalize(st);
	if (own_tx) {
		if (rc)
			db_rollback(db);
		else
			rc = db_commit(db, err);
	}
	return rc;
}

/* The newest business date published for the channel below sequence
 * below (0: any), from the outbox and the database; "" for none. */
int publish_newest_date(struct db *db, const struct outbox *ob,
		       const char *channel, long long below,
		       char out[DATE_TEXT_SIZE], struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	out[0] = '\0';
	for (size_t i = 0; i < ob->nr; i++)
		if (!strcmp(ob->e[i].channel, channel) &&
		    (!below || ob->e[i].seq < below) && strcmp(ob->e[i].date, out) > 0)
			memcpy(out, ob->e[i].date, DATE_TEXT_SIZE);
	if ((rc = db_prepare(db,
			     "SELECT coalesce(max(business_date), '') FROM package"
			     " WHERE channel = ?1 AND state = 'written'"
			     " AND (?2 = 0 OR sequence < ?2)",
			     &st, err)))
		return rc;
	db_bind_text(st, 1, channel);
	db_bind_int64(st, 2, below);
	rc = db_step(st, err);
	if (rc == DB_ROW && strlen(db_column_text(st, 0)) == DATE_TEXT_SIZE - 1 &&
	    strcmp(db_column_text(st, 0), out) > 0)
		memcpy(out, db_column_text(st, 0), DATE_TEXT_SIZE);
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

int publish_package_written(struct db *db, const char *channel, long long seq,
			   const char *archive_sha, const char *release_sha,
			   const char *records, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(db,
			     "UPDATE package SET state = 'written', archive_sha256 = ?3,"
			     " release_sha256 = ?4, records = ?5"
			     " WHERE channel = ?1 AND sequence = ?2",
			     &st, err)))
		return rc;
	db_bind_text(st, 1, channel);
	db_bind_int64(st, 2, seq);
	db_bind_text(st, 3, archive_sha);
	db_bind_text(st, 4, release_sha);
	db_bind_text(st, 5, records);
	rc = db_run(st, err);
	db_finalize(st);
	return rc;
}

/* The value of "Key: " in a release text ("" when absent). */
static const char *field_of(const char *text, const char *key, size_t *len)
{
	size_t klen = strlen(key);

	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (n >= klen + 2 && !strncmp(p, key, klen) && p[klen] == ':') {
			*len = n - klen - 2;
			return p + klen + 2;
		}
		p += n + (nl ? 1 : 0);
	}
	*len = 0;
	return "";
}

/* Name the fields whose values differ between two release texts. */
static void release_diff(const char *old, const char *new, struct strbuf *out)
{
	static const char *const keys[] = {
		"Package", "Channel", "Business-Date", "Sequence", "Run-Id",
		"Rule-Set", "Valid-Until", "Archive", "Archive-Size", "Archive-SHA256",
		"Tagmanifest-SHA256", "Previous-Release-SHA256", "Reissue-Of-Newest",
		"Records", "Signer",
	};
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		size_t la, lb;
		const char *a = field_of(old, keys[i], &la);
		const char *b = field_of(new, keys[i], &lb);

		if (la == lb && !memcmp(a, b, la))
			continue;
		strbuf_addf(out, "%s%s", n++ ? ", " : "", keys[i]);
		if (!strcmp(keys[i], "Records") || !strcmp(keys[i], "Valid-Until") ||
		    !strcmp(keys[i], "Run-Id") || !strcmp(keys[i], "Rule-Set"))
			strbuf_addf(out, " ('%.*s' published, '%.*s' now)",
				    (int)(la > 200 ? 200 : la), a,
				    (int)(lb > 200 ? 200 : lb), b);
	}
	if (!n)
		strbuf_addstr(out, "the text (order or extra lines)");
}

/*
 * Compare a built package with what its name already holds (docs/export.md,
 * "the outbox is a ledger"): PUB_SAME when its .release is there with these
 * exact bytes and its archive with this hash; PUB_NEW when nothing of it was
 * published; PUB_DIFF (why says what differs) when publishing would give
 * the name other bytes.
 */
int publish_compare(const char *dir, const struct publish_built *p, int *verdict,
		    struct strbuf *why, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT, old = STRBUF_INIT;
	char hex[SHA256_HEX_SIZE];
	int rc = 0;
	FILE *f;

	*verdict = PUB_NEW;
	strbuf_addf(&path, "%s/%s.release", dir, p->name);
	f = fopen(path.buf, "rb");
	if (f) {
		char buf[4096];
		size_t n;

		while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && old.len < 65536)
			strbuf_add(&old, buf, n);
		n = (size_t)ferror(f);
		fclose(f);
		if (n) {
			rc = ec_errno(err, "cannot read", path.buf);
			goto out;
		}
		if (old.len != p->release->len ||
		    memcmp(old.buf, p->release->buf, old.len)) {
			*verdict = PUB_DIFF;
			strbuf_addf(why, "'%s' is published with other values of ",
				    path.buf);
			release_diff(old.buf, p->release->buf, why);
			goto out;
		}
	} else if (errno != ENOENT) {
		rc = ec_errno(err, "cannot read", path.buf);
		goto out;
	} else if (p->published->len && strcmp(p->published->buf, p->release_sha)) {
		*verdict = PUB_DIFF;
		strbuf_addf(why,
			    "package '%s' was published with release SHA-256 %s"
			    " (no longer in the outbox), the new one would have %s",
			    p->name, p->published->buf, p->release_sha);
		goto out;
	}
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/%s.tar.gz", dir, p->name);
	if (access(path.buf, F_OK) == 0) {
		if ((rc = sha256_file(path.buf, hex, NULL, err)))
			goto out;
		if (strcmp(hex, p->archive_sha)) {
			*verdict = PUB_DIFF;
			strbuf_addf(why, "'%s' exists with SHA-256 %s, the new archive"
				    " has %s", path.buf, hex, p->archive_sha);
			goto out;
		}
	}
	if (old.len)
		*verdict = PUB_SAME;
out:
	strbuf_release(&path);
	strbuf_release(&old);
	return rc;
}

/* Refuse a business date the rules do not allow without an option
 * (docs/export.md, "dates"): later than tomorrow, a Valid-Until past
 * 9999-12-31, or older than the newest published date of a channel. */
int publish_check_dates(struct db *db, const struct export_options *opt,
		       const struct outbox *ob, const struct exporter *const *chosen,
		       size_t n, int days, struct strbuf *err)
{
	char newest[DATE_TEXT_SIZE];
	int rc;

	if (!opt->allow_future && days > date_today_shanghai() + 1)
		return ec_error(err, EC_USAGE,
				"business date %s is later than tomorrow (Asia/Shanghai):"
				" refused (--allow-future publishes it anyway)",
				opt->as_of);
	if (!date_in_range(days + opt->valid_days))
		return ec_error(err, EC_USAGE,
				"business date %s: Valid-Until (%d days later) would be"
				" after 9999-12-31", opt->as_of, opt->valid_days);
	for (size_t i = 0; i < n; i++) {
		if ((rc = publish_newest_date(db, ob, chosen[i]->name, 0, newest, err)))
			return rc;
		if (!opt->reissue && strcmp(opt->as_of, newest) < 0)
			return ec_error(err, EC_USAGE,
					"business date %s is older than %s, the newest"
					" published for channel %s: refused (--reissue"
					" publishes it, marked Reissue-Of-Newest in its"
					" .release)",
					opt->as_of, newest, chosen[i]->name);
	}
	return 0;
}

int export_check_outbox(struct db *db, const char *out_dir,
			const char *const *channels, struct strbuf *err)
{
	struct outbox ob;
	int rc;

	if (!(rc = outbox_scan(out_dir, &ob, err)))
		rc = outbox_check_db(db, &ob, channels, err);
	outbox_release(&ob);
	return rc;
}

int export_adopt(struct db *db, const char *out_dir, int *adopted,
		 struct strbuf *err)
{
	struct outbox ob;
	int rc;

	*adopted = 0;
	if (!(rc = outbox_scan(out_dir, &ob, err)))
		rc = outbox_adopt(db, &ob, adopted, err);
	outbox_release(&ob);
	return rc;
}

int export_newest_date(struct db *db, const char *out_dir, const char *channel,
		       char out[DATE_TEXT_SIZE], struct strbuf *err)
{
	struct outbox ob;
	int rc;

	out[0] = '\0';
	if (!(rc = outbox_scan(out_dir, &ob, err)))
		rc = publish_newest_date(db, &ob, channel, 0, out, err);
	outbox_release(&ob);
	return rc;
}
