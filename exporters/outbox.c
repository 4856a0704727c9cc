#include "core/common.h"
#include "exporters/channel.h"
#include "exporters/outbox.h"

#include <dirent.h>

const char *const outbox_sig_suffix[3] = { ".p7s", ".sm2.sig", ".ed25519.sig" };

/* "<channel>-YYYY-MM-DD-<n>.release" with a known channel and a real date;
 * n has no leading zero. */
static int parse_name(const char *file, struct outbox_entry *e)
{
	size_t len = strlen(file), clen;
	const char *p, *dash;
	char *end;
	int days;

	if (len < 8 || strcmp(file + len - 8, ".release"))
		return -1;
	dash = strchr(file, '-');
	if (!dash)
		return -1;
	clen = (size_t)(dash - file);
	if (!clen || clen >= sizeof(e->channel))
		return -1;
	memcpy(e->channel, file, clen);
	e->channel[clen] = '\0';
	if (!exporter_find(e->channel))
		return -1;
	p = dash + 1;
	if (strlen(p) < 10 + 1 + 1 + 8)
		return -1;
	memcpy(e->date, p, 10);
	e->date[10] = '\0';
	if (date_parse(e->date, &days) || p[10] != '-')
		return -1;
	p += 11;
	if (*p < '1' || *p > '9')
		return -1;
	errno = 0;
	e->seq = strtoll(p, &end, 10);
	if (errno || e->seq < 1 || strcmp(end, ".release"))
		return -1;
	if (len - 8 >= sizeof(e->name))
		return -1;
	memcpy(e->name, file, len - 8);
	e->name[len - 8] = '\0';
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct outbox_entry *x = a, *y = b;
	int c = strcmp(x->channel, y->channel);

	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int outbox_scan(const char *dir, struct outbox *ob, struct strbuf *err)
{
	struct dirent *d;
	DIR *dh;

	memset(ob, 0, sizeof(*ob));
	ob->dir = xstrdup(dir);
	dh = opendir(dir);
	if (!dh) {
		if (errno == ENOENT)
			return 0;
		ec_errno(err, "cannot read folder", dir);
		return EC_IO;
	}
	errno = 0;
	while ((d = readdir(dh)) != NULL) {
		struct outbox_entry e;

		if (d->d_name[0] == '.' || parse_name(d->d_name, &e))
			continue;
		ALLOC_GROW(ob->e, ob->nr + 1, ob->alloc);
		ob->e[ob->nr++] = e;
	}
	closedir(dh);
	if (ob->nr)
		qsort(ob->e, ob->nr, sizeof(*ob->e), entry_cmp);
	return 0;
}

void outbox_release(struct outbox *ob)
{
	free(ob->dir);
	free(ob->e);
	memset(ob, 0, sizeof(*ob));
}

long long outbox_max_seq(const struct outbox *ob, const char *channel)
{
	long long m = 0;

	for (size_t i = 0; i < ob->nr; i++)
		if (!strcmp(ob->e[i].channel, channel) && ob->e[i].seq > m)
			m = ob->e[i].seq;
	return m;
}

const struct outbox_entry *outbox_prev(const struct outbox *ob,
				       const char *channel, long long seq)
{
	const struct outbox_entry *best = NULL;

	for (size_t i = 0; i < ob->nr; i++)
		if (!strcmp(ob->e[i].channel, channel) && ob->e[i].seq < seq &&
		    (!best || ob->e[i].seq > best->seq))
			best = &ob->e[i];
	return best;
}

int outbox_release_sha(const struct outbox *ob, const struct outbox_entry *e,
		       char hex[SHA256_HEX_SIZE], struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT;
	int rc;

	strbuf_addf(&path, "%s/%s.release", ob->dir, e->name);
	rc = sha256_file(path.buf, hex, NULL, err);
	strbuf_release(&path);
	return rc;
}

static int wanted(const char *const *channels, const char *channel)
{
	if (!channels)
		return 1;
	for (; *channels; channels++)
		if (!strcmp(*channels, channel))
			return 1;
	return 0;
}

/* The database's row for (channel, sequence): 1 found, 0 none, <0 error. */
static int known(struct db *db, const struct outbox_entry *e, struct strbuf *state,
		 struct strbuf *name, struct strbuf *sha, struct strbuf *err)
{
	struct db_stmt *st;
	int rc;

	if ((rc = db_prepare(db,
			     "SELECT state, name, coalesce(release_sha256, '')"
			     " FROM package WHERE channel = ?1 AND sequence = ?2",
			     &st, err)))
		return rc;
	db_bind_text(st, 1, e->channel);
	db_bind_int64(st, 2, e->seq);
	rc = db_step(st, err);
	if (rc == DB_ROW) {
		strbuf_reset(state);
		strbuf_reset(name);
		strbuf_reset(sha);
		strbuf_addstr(state, db_column_text(st, 0));
		strbuf_addstr(name, db_column_text(st, 1));
		strbuf_addstr(sha, db_column_text(st, 2));
		rc = 1;
	}
	db_finalize(st);
	return rc;
}

/* 0 when the database agrees with the entry; EC_DATA saying how it does
 * not; *unknown is set when it has no row at all. */
static int agree(struct db *db, const struct outbox *ob,
		 const struct outbox_entry *e, int *unknown, struct strbuf *err)
{
	struct strbuf state = STRBUF_INIT, name = STRBUF_INIT, sha = STRBUF_INIT;
	char hex[SHA256_HEX_SIZE];
	int rc;

	*unknown = 0;
	rc = known(db, e, &state, &name, &sha, err);
	if (rc < 0)
		goto out;
	if (rc == 0) {
		*unknown = 1;
		rc = ec_error(err, EC_DATA,
			      "the outbox '%s' holds package '%s', which database"
			      " '%s' does not know",
			      ob->dir, e->name, db_path(db));
		goto out;
	}
	if (strcmp(name.buf, e->name)) {
		rc = ec_error(err, EC_DATA,
			      "the outbox '%s' holds package '%s', but database '%s'"
			      " gave sequence %lld of channel %s to '%s'",
			      ob->dir, e->name, db_path(db), e->seq, e->channel,
			      name.buf);
		goto out;
	}
	rc = 0;
	if (strcmp(state.buf, "written"))
		goto out; /* reserved: an interrupted run, which resumes */
	if ((rc = outbox_release_sha(ob, e, hex, err)))
		goto out;
	if (strcmp(hex, sha.buf))
		rc = ec_error(err, EC_DATA,
			      "the outbox '%s' holds package '%s' with release"
			      " SHA-256 %s, database '%s' recorded %s",
			      ob->dir, e->name, hex, db_path(db), sha.buf);
out:
	strbuf_release(&state);
	strbuf_release(&name);
	strbuf_release(&sha);
	return rc;
}

int outbox_check_db(struct db *db, const struct outbox *ob,
		    const char *const *channels, struct strbuf *err)
{
	int unknown, rc;

	for (size_t i = 0; i < ob->nr; i++) {
		if (!wanted(channels, ob->e[i].channel))
			continue;
		if ((rc = agree(db, ob, &ob->e[i], &unknown, err))) {
			if (rc == EC_DATA)
				strbuf_addstr(err,
					      " (a restored backup or another database?):"
					      " nothing was imported or written. If this"
					      " is the right database, 'ecredit adopt'"
					      " records the outbox's packages so the next"
					      " ones follow them (docs/operation.md,"
					      " \"recovering from a lost or restored"
					      " database\")");
			return rc;
		}
	}
	return 0;
}

/* "Key: value" of a release text, copied into out; -1 when absent. */
static int release_field(const char *text, const char *key, struct strbuf *out)
{
	size_t klen = strlen(key);
	const char *p = text;

	strbuf_reset(out);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len > klen + 1 && !strncmp(p, key, klen) && p[klen] == ':' &&
		    p[klen + 1] == ' ') {
			strbuf_add(out, p + klen + 2, len - klen - 2);
			return 0;
		}
		p += len + (nl ? 1 : 0);
	}
	return -1;
}

static int read_text(const char *path, struct strbuf *out, struct strbuf *err)
{
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return ec_errno(err, "cannot read", path);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		strbuf_add(out, buf, n);
		if (out->len > 65536) {
			fclose(f);
			return ec_error(err, EC_DATA, "'%s' is too large for a release",
					path);
		}
	}
	n = (size_t)ferror(f);
	fclose(f);
	return n ? ec_errno(err, "cannot read", path) : 0;
}

/* Record one release the database does not know. */
static int adopt_one(struct db *db, const struct outbox *ob,
		     const struct outbox_entry *e, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, v = STRBUF_INIT;
	struct strbuf run = STRBUF_INIT, asha = STRBUF_INIT, rec = STRBUF_INIT;
	char hex[SHA256_HEX_SIZE], rsha[SHA256_HEX_SIZE];
	struct db_stmt *st = NULL;
	int rc;

	strbuf_addf(&path, "%s/%s.release", ob->dir, e->name);
	if ((rc = read_text(path.buf, &text, err)))
		goto out;
	sha256_hex(text.buf, text.len, rsha);
	if (release_field(text.buf, "Package", &v) || strcmp(v.buf, e->name) ||
	    release_field(text.buf, "Business-Date", &v) || strcmp(v.buf, e->date) ||
	    release_field(text.buf, "Run-Id", &run) ||
	    release_field(text.buf, "Archive-SHA256", &asha) ||
	    release_field(text.buf, "Records", &rec)) {
		rc = ec_error(err, EC_DATA,
			      "'%s' is not a release of package '%s' (Package,"
			      " Business-Date, Run-Id, Archive-SHA256 or Records"
			      " missing or other): not adopting it",
			      path.buf, e->name);
		goto out;
	}
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/%s.tar.gz", ob->dir, e->name);
	if ((rc = sha256_file(path.buf, hex, NULL, err)))
		goto out;
	if (strcmp(hex, asha.buf)) {
		rc = ec_error(err, EC_DATA,
			      "'%s' has SHA-256 %s, its release says %s: not"
			      " adopting package '%s'",
			      path.buf, hex, asha.buf, e->name);
		goto out;
	}
	if ((rc = db_prepare(db,
			     "INSERT INTO package (channel, sequence, business_date,"
			     " run_id, name, state, archive_sha256, release_sha256,"
			     " records) VALUES (?1, ?2, ?3, ?4, ?5, 'written', ?6,"
			     " ?7, ?8) ON CONFLICT (channel, sequence) DO UPDATE SET"
			     " state = 'written', archive_sha256 = excluded.archive_sha256,"
			     " release_sha256 = excluded.release_sha256,"
			     " records = excluded.records",
			     &st, err)))
		goto out;
	db_bind_text(st, 1, e->channel);
	db_bind_int64(st, 2, e->seq);
	db_bind_text(st, 3, e->date);
	db_bind_text(st, 4, run.buf);
	db_bind_text(st, 5, e->name);
	db_bind_text(st, 6, hex);
	db_bind_text(st, 7, rsha);
	db_bind_text(st, 8, rec.buf);
	rc = db_run(st, err);
out:
	db_finalize(st);
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&v);
	strbuf_release(&run);
	strbuf_release(&asha);
	strbuf_release(&rec);
	return rc;
}

int outbox_adopt(struct db *db, const struct outbox *ob, int *adopted,
		 struct strbuf *err)
{
	struct strbuf state = STRBUF_INIT, name = STRBUF_INIT, sha = STRBUF_INIT;
	int rc, unknown;

	*adopted = 0;
	if ((rc = db_begin(db, err)))
		return rc;
	for (size_t i = 0; i < ob->nr; i++) {
		const struct outbox_entry *e = &ob->e[i];

		rc = agree(db, ob, e, &unknown, err);
		if (!rc) {
			/* known; a reserved row of an interrupted run is
			 * recorded as the package that was published */
			if ((rc = known(db, e, &state, &name, &sha, err)) < 0)
				break;
			rc = 0;
			if (!strcmp(state.buf, "written"))
				continue;
		} else if (!unknown) {
			break; /* the database knows another package there */
		}
		strbuf_reset(err);
		if ((rc = adopt_one(db, ob, e, err)))
			break;
		(*adopted)++;
	}
	strbuf_release(&state);
	strbuf_release(&name);
	strbuf_release(&sha);
	if (rc) {
		db_rollback(db);
		*adopted = 0;
		return rc;
	}
	return db_commit(db, err);
}
