#include "unit.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/db.h"
#include "nightly/nightly.h"

#include <sys/stat.h>
#include <unistd.h>

/*
 * The job's orchestration against fake pieces: which steps run, which are
 * skipped on resume, where files go, what the ledger says. The fakes
 * record the calls; a fake step can fail once to simulate a crash.
 */
static struct {
	int imports, rates, links, exports;
	int fail_rate_once;    /* rate returns EC_IO once */
	int fail_after_import; /* import commits, then "the process dies" */
	int grow_once;         /* a "GROW" file changes while read, once */
} calls;

/* Fake importer: the file's first line says what it is.
 *   "BAD"        -> EC_DATA (unreadable)
 *   "Q read quar" -> read records, quar of them quarantined
 *   anything     -> one record per line, all stored */
static int fake_import(struct db *db, const char *kind, const char *path,
		       const struct import_options *opt, struct import_counts *out,
		       struct strbuf *err)
{
	char sha[SHA256_HEX_SIZE], line[128] = "";
	long long rd = 0, q = 0, size;
	struct db_stmt *st;
	FILE *f;
	int rc;

	calls.imports++;
	memset(out, 0, sizeof(*out));
	if ((rc = sha256_file(path, sha, &size, err)))
		return rc;
	f = fopen(path, "r");
	assert_non_null(f);
	if (fgets(line, sizeof(line), f) && !strncmp(line, "BAD", 3)) {
		fclose(f);
		return ec_error(err, EC_DATA, "'%s': line 1: not a %s file", path, kind);
	}
	if (!strncmp(line, "GROW", 4) && calls.grow_once) {
		calls.grow_once = 0;
		fclose(f);
		return ec_error(err, EC_TEMPFAIL, "'%s' changed while it was imported",
				path);
	}
	if (sscanf(line, "Q %lld %lld", &rd, &q) != 2) {
		rd = 1;
		while (fgets(line, sizeof(line), f))
			rd++;
	}
	fclose(f);
	out->read = rd;
	out->quarantined = q;
	out->stored = rd - q;
	assert_int_equal(db_prepare(db,
				    "INSERT INTO import_file (kind, path, sha256, size, read,"
				    " stored, quarantined, run_id, imported_at) VALUES"
				    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'now')",
				    &st, err),
			 0);
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, path);
	db_bind_text(st, 3, sha);
	db_bind_int64(st, 4, size);
	db_bind_int64(st, 5, rd);
	db_bind_int64(st, 6, rd - q);
	db_bind_int64(st, 7, q);
	db_bind_text(st, 8, opt->run_id);
	assert_int_equal(db_run(st, err), 0);
	db_finalize(st);
	if (calls.fail_after_import) {
		calls.fail_after_import = 0;
		return ec_error(err, EC_INTERNAL, "killed after the commit");
	}
	return 0;
}

static int fake_rate(struct db *db, const char *as_of, const struct ruleset *rs,
		     const char *run_id, struct rate_summary *out, struct strbuf *err)
{
	(void)db, (void)rs, (void)run_id;
	calls.rates++;
	memset(out, 0, sizeof(*out));
	if (calls.fail_rate_once) {
		calls.fail_rate_once = 0;
		return ec_error(err, EC_IO, "rating %s: disk full", as_of);
	}
	out->enterprises = 5;
	out->by_colour[0] = 3;
	out->by_colour[3] = 2;
	out->changed = 1;
	snprintf(out->rule_set_sha256, sizeof(out->rule_set_sha256), "abc");
	return 0;
}

static int fake_link(struct db *db, const char *as_of, const char *alert,
		     const struct ruleset *rules, const char *run_id,
		     struct link_summary *out, struct strbuf *err)
{
	(void)db, (void)as_of, (void)rules, (void)run_id, (void)err;
	calls.links++;
	memset(out, 0, sizeof(*out));
	out->emergency = alert ? 1 : 3;
	return 0;
}

static int fake_export(struct db *db, const struct export_options *opt,
		       struct export_result *out, struct strbuf *err)
{
	(void)db, (void)err;
	calls.exports++;
	memset(out, 0, sizeof(*out));
	assert_non_null(opt->run_id);
	assert_non_null(opt->channels[0]);
	assert_null(opt->channels[1]);
	out->packages = 1;
	snprintf(out->written[0], sizeof(out->written[0]), "%s-%s-1.tar.gz",
		 opt->channels[0], opt->as_of);
	return 0;
}

static const struct nightly_ops fakes = { fake_import, fake_rate, fake_link,
					  fake_export };

struct env {
	char *dir;
	struct db *db;
	struct config *cfg;
	struct nightly_config *nc;
};

static void put(const char *dir, const char *name, const char *text, int mode)
{
	struct strbuf p = STRBUF_INIT;
	FILE *f;

	strbuf_addf(&p, "%s/%s", dir, name);
	f = fopen(p.buf, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(p.buf, (mode_t)mode);
	strbuf_release(&p);
}

static int exists(const struct env *e, const char *rel)
{
	struct strbuf p = STRBUF_INIT;
	int ok;

	strbuf_addf(&p, "%s/%s", e->dir, rel);
	ok = access(p.buf, F_OK) == 0;
	strbuf_release(&p);
	return ok;
}

static void setup_env(struct env *e, const char *extra_config)
{
	static const char *const dirs[] = { "in", "in/permits", "in/penalties",
					    "in/monitoring", "done", "rejected", "out" };
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;

	memset(e, 0, sizeof(*e));
	e->dir = unit_tmpdir();
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", e->dir, dirs[i]);
		assert_int_equal(mkdir(p.buf, 0755), 0);
	}
	/* a real pair: the config check loads the key and compares it with
	 * its certificate */
	{
		struct strbuf key = STRBUF_INIT, cert = STRBUF_INIT, pub = STRBUF_INIT;

		assert_int_equal(crypto_keygen("ecdsa", &key, &cert, &pub, &err), 0);
		put(e->dir, "k.pem", key.buf, 0600);
		put(e->dir, "c.pem", cert.buf, 0644);
		strbuf_release(&key);
		strbuf_release(&cert);
		strbuf_release(&pub);
	}
	strbuf_reset(&p);
	/* extra_config starting "[inbox]\n" adds keys to the [inbox] section
	 * (a section may appear only once) */
	strbuf_addf(&p,
		    "[inbox]\npermits = in/permits\npenalties = in/penalties\n"
		    "monitoring = in/monitoring\ndone = done\nrejected = rejected\n"
		    "settle_seconds = %d\n%s"
		    "[outbox]\ndir = out\nchannels = tax bureau\n"
		    "[keys]\ncms_key = k.pem\ncms_cert = c.pem\n%s",
		    extra_config && strstr(extra_config, "#settle") ? 60 : 0,
		    extra_config && !strncmp(extra_config, "[inbox]\n", 8) ?
			    extra_config + 8 : "",
		    extra_config && strncmp(extra_config, "[inbox]\n", 8) ?
			    extra_config : "");
	put(e->dir, "ecredit.conf", p.buf, 0644);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/ecredit.conf", e->dir);
	assert_int_equal(config_load(p.buf, &e->cfg, &err), 0);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/ecredit.db", e->dir);
	assert_int_equal(db_open(p.buf, DB_OPEN_CREATE, &e->db, &err), 0);
	assert_int_equal(db_migrate(e->db, NULL, NULL, &err), 0);
	memset(&calls, 0, sizeof(calls));
	strbuf_release(&p);
	strbuf_release(&err);
}

static void load(struct env *e)
{
	struct strbuf err = STRBUF_INIT;

	nightly_config_free(e->nc);
	if (nightly_config_load(e->cfg, &e->nc, &err))
		fail_msg("config: %s", err.buf);
	strbuf_release(&err);
}

static void teardown_env(struct env *e)
{
	struct strbuf cmd = STRBUF_INIT;

	nightly_config_free(e->nc);
	config_free(e->cfg);
	db_close(e->db);
	strbuf_addf(&cmd, "rm -rf '%s'", e->dir);
	assert_int_equal(system(cmd.buf), 0);
	strbuf_release(&cmd);
	free(e->dir);
}

static int run(struct env *e, int force, struct nightly_result *res,
	       struct strbuf *err)
{
	struct nightly_options opt = { 0 };

	opt.as_of = "2026-11-28";
	opt.force = force;
	opt.ops = &fakes;
	strbuf_reset(err);
	return nightly_run(e->db, e->nc, &opt, res, err);
}

static int64_t q(struct env *e, const char *sql, const char *a)
{
	int64_t v = -1;

	assert_int_equal(db_query_int64(e->db, sql, a, NULL, &v, NULL), 0);
	return v;
}

static void in_files(struct env *e)
{
	struct strbuf d = STRBUF_INIT;

	strbuf_addf(&d, "%s/in/permits", e->dir);
	put(d.buf, "b.xml", "1\n2\n", 0644);
	put(d.buf, "a.xml", "1\n", 0644);
	put(d.buf, ".partial", "being written\n", 0644);
	strbuf_reset(&d);
	strbuf_addf(&d, "%s/in/penalties", e->dir);
	put(d.buf, "p.csv", "Q 10 4\n", 0644);
	put(d.buf, "z.csv", "BAD\n", 0644);
	strbuf_release(&d);
}

static void full_run_moves_files_and_records_steps(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct nightly_result res;
	struct env e;

	(void)state;
	setup_env(&e, "[quality]\nmax_quarantine_pct = 25\n");
	load(&e);
	in_files(&e);
	assert_int_equal(run(&e, 0, &res, &err), 0);
	assert_string_equal(res.run_id, "2026-11-28.1");
	assert_int_equal(res.rejected_files, 1);
	assert_int_equal(res.quality_failed, 1);
	assert_int_equal(calls.imports, 4);
	assert_int_equal(calls.rates, 1);
	assert_int_equal(calls.links, 1);
	assert_int_equal(calls.exports, 2);
	assert_true(exists(&e, "done/2026-11-28/a.xml"));
	assert_true(exists(&e, "done/2026-11-28/b.xml"));
	assert_true(exists(&e, "done/2026-11-28/p.csv"));
	assert_true(exists(&e, "rejected/2026-11-28/z.csv"));
	assert_true(exists(&e, "rejected/2026-11-28/z.csv.reason"));
	assert_true(exists(&e, "in/permits/.partial"));
	assert_false(exists(&e, "in/permits/a.xml"));
	assert_int_equal(q(&e, "SELECT count(*) FROM run WHERE state = 'committed'", NULL), 1);
	assert_int_equal(q(&e, "SELECT count(*) FROM run_step WHERE state = 'committed'"
			       " AND step LIKE 'import%'", NULL), 5);
	assert_int_equal(q(&e, "SELECT json_extract(counts, '$.quarantine_pct') * 100"
			       " FROM run_step WHERE step = 'import:penalties:p.csv'", NULL),
			 4000);
	assert_int_equal(q(&e, "SELECT count(*) FROM run_step WHERE step = 'report'"
			       " AND json_extract(counts, '$.problems[0].file') = 'penalties/p.csv'"
			       " AND json_extract(counts, '$.problems[1].outcome') = 'rejected'"
			       " AND json_extract(counts, '$.rate.red') = 2", NULL), 1);
	assert_non_null(strstr(res.summary.buf, "run 2026-11-28.1 completed"));
	assert_non_null(strstr(res.summary.buf, "import: 4 files (1 rejected): read 13"));
	assert_non_null(strstr(res.summary.buf, "above quality.max_quarantine_pct = 25%"));
	assert_non_null(strstr(res.summary.buf, "/out/bureau-2026-11-28-1.tar.gz"));
	nightly_result_release(&res);

	/* the date is done: nothing runs again */
	assert_int_equal(run(&e, 0, &res, &err), 0);
	assert_true(res.already_done);
	assert_int_equal(calls.rates, 1);
	assert_non_null(strstr(res.summary.buf, "already done by run 2026-11-28.1"));
	nightly_result_release(&res);

	/* --force: a new run id */
	assert_int_equal(run(&e, 1, &res, &err), 0);
	assert_string_equal(res.run_id, "2026-11-28.2");
	assert_int_equal(calls.rates, 2);
	nightly_result_release(&res);
	strbuf_release(&err);
	teardown_env(&e);
}

static void failed_step_resumes_same_run(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct nightly_result res;
	struct env e;

	(void)state;
	setup_env(&e, NULL);
	load(&e);
	in_files(&e);
	calls.fail_rate_once = 1;
	assert_int_equal(run(&e, 0, &res, &err), EC_IO);
	assert_non_null(strstr(err.buf, "disk full"));
	assert_int_equal(q(&e, "SELECT count(*) FROM run WHERE state = 'failed'", NULL), 1);
	assert_int_equal(q(&e, "SELECT count(*) FROM run_step WHERE step = 'rate'"
			       " AND state = 'failed'", NULL), 1);
	nightly_result_release(&res);
	assert_int_equal(calls.imports, 4);
	/* a new file arriving now is read by the resumed run? No: the import
	 * step committed, the run reads a fixed partition. */
	{
		struct strbuf d = STRBUF_INIT;

		strbuf_addf(&d, "%s/in/permits", e.dir);
		put(d.buf, "late.xml", "1\n", 0644);
		strbuf_release(&d);
	}
	assert_int_equal(run(&e, 0, &res, &err), 0);
	assert_true(res.resumed);
	assert_string_equal(res.run_id, "2026-11-28.1");
	assert_int_equal(calls.imports, 4);
	assert_int_equal(calls.rates, 2);
	assert_int_equal(calls.exports, 2);
	assert_true(exists(&e, "in/permits/late.xml"));
	assert_int_equal(res.rejected_files, 1);
	assert_int_equal(res.quality_failed, 0); /* no threshold configured */
	nightly_result_release(&res);
	strbuf_release(&err);
	teardown_env(&e);
}

static void committed_file_is_moved_not_imported_again(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct nightly_result res;
	struct env e;

	(void)state;
	setup_env(&e, NULL);
	load(&e);
	in_files(&e);
	calls.fail_after_import = 1; /* a.xml committed, then the crash */
	assert_int_equal(run(&e, 0, &res, &err), EC_INTERNAL);
	nightly_result_release(&res);
	assert_true(exists(&e, "in/permits/a.xml"));
	assert_int_equal(calls.imports, 1);
	assert_int_equal(run(&e, 0, &res, &err), 0);
	assert_int_equal(calls.imports, 4); /* a.xml not again */
	assert_true(exists(&e, "done/2026-11-28/a.xml"));
	assert_int_equal(q(&e, "SELECT count(*) FROM import_file WHERE path LIKE ?1",
			   "%/a.xml"), 1);
	assert_int_equal(q(&e, "SELECT json_extract(counts, '$.read') FROM run_step"
			       " WHERE step = 'import:permits:a.xml'", NULL), 1);
	nightly_result_release(&res);
	strbuf_release(&err);
	teardown_env(&e);
}

/* A file that changes while it is read is left in the inbox with nothing
 * kept and a note; the next attempt imports it. */
static void changed_file_is_left_for_next_night(void **state)
{
	struct strbuf err = STRBUF_INIT, d = STRBUF_INIT;
	struct nightly_result res;
	struct env e;

	(void)state;
	setup_env(&e, "[inbox]\nexpected = none\n");
	load(&e);
	strbuf_addf(&d, "%s/in/monitoring", e.dir);
	put(d.buf, "g.log", "GROW\nline\n", 0644);
	calls.grow_once = 1;
	assert_int_equal(run(&e, 0, &res, &err), 0);
	assert_int_equal(res.deferred, 1);
	assert_true(exists(&e, "in/monitoring/g.log"));
	assert_false(exists(&e, "done/2026-11-28/g.log"));
	assert_int_equal(q(&e, "SELECT count(*) FROM run_step WHERE step ="
			       " 'import:monitoring:g.log' AND json_extract(counts,"
			       " '$.outcome') = 'deferred' AND message LIKE"
			       " '%changed while it was imported%next night'", NULL), 1);
	assert_non_null(strstr(res.summary.buf, "1 left for the next night") ||
			strstr(res.summary.buf, "changed while it was imported"));
	nightly_result_release(&res);
	/* the next night imports it */
	assert_int_equal(run(&e, 1, &res, &err), 0);
	assert_int_equal(res.deferred, 0);
	assert_true(exists(&e, "done/2026-11-28/g.log"));
	nightly_result_release(&res);
	strbuf_release(&d);
	strbuf_release(&err);
	teardown_env(&e);
}

static void grow_file(void *data, const char *msg)
{
	FILE *f = fopen(data, "a");

	(void)msg;
	assert_non_null(f);
	fputs("海环罚〔2026〕199号,91320684MA1N00002W,后来写的,2026-11-22,罚款,x,1,y,z\n", f);
	fclose(f);
}

/* The real import_file: a file that grows while it is read (here from the
 * importer's first warning) is refused with EC_TEMPFAIL and nothing of it
 * is kept; read again unchanged, its recorded hash is the file's. */
static void import_refuses_a_file_that_changed(void **state)
{
	struct strbuf err = STRBUF_INIT, path = STRBUF_INIT;
	struct import_options opt = { 0 };
	struct import_counts c;
	char sha[SHA256_HEX_SIZE];
	struct env e;

	(void)state;
	setup_env(&e, NULL);
	load(&e);
	strbuf_addf(&path, "%s/in/penalties/grow.csv", e.dir);
	put(e.dir, "in/penalties/grow.csv",
	    "decision_no,uscc,name,decided_on,category,violation,fine_wan,authority,basis\n"
	    /* a bad check character: a warning, stored */
	    "海环罚〔2026〕101号,91320684MA1N00002X,甲,2026-11-20,罚款,x,25.5,y,z\n"
	    "海环罚〔2026〕102号,91320684MA1N000043,乙,2026-11-21,罚款,x,1,y,z\n", 0644);
	opt.warn = grow_file;
	opt.warn_data = path.buf;
	assert_int_equal(import_file(e.db, "penalties", path.buf, &opt, &c, &err),
			 EC_TEMPFAIL);
	assert_non_null(strstr(err.buf, "changed while it was imported"));
	assert_int_equal(q(&e, "SELECT count(*) FROM event", NULL), 0);
	assert_int_equal(q(&e, "SELECT count(*) FROM import_file", NULL), 0);
	strbuf_reset(&err);
	opt.warn = NULL;
	assert_int_equal(import_file(e.db, "penalties", path.buf, &opt, &c, &err), 0);
	assert_int_equal(c.read, 3);
	assert_int_equal(sha256_file(path.buf, sha, NULL, &err), 0);
	assert_string_equal(c.sha256, sha);
	assert_int_equal(q(&e, "SELECT count(*) FROM import_file WHERE sha256 = ?1", sha), 1);
	strbuf_release(&path);
	strbuf_release(&err);
	teardown_env(&e);
}

/* A file modified within inbox.settle_seconds waits for the next night. */
static void fresh_file_waits_settle_time(void **state)
{
	struct strbuf err = STRBUF_INIT, d = STRBUF_INIT;
	struct nightly_result res;
	struct env e;

	(void)state;
	setup_env(&e, "#settle\n");
	load(&e);
	strbuf_addf(&d, "%s/in/monitoring", e.dir);
	put(d.buf, "m.log", "one\n", 0644);
	assert_int_equal(run(&e, 0, &res, &err), 0);
	assert_int_equal(res.deferred, 1);
	assert_int_equal(res.empty_inboxes, 1); /* nothing imported tonight */
	assert_int_equal(calls.imports, 0);
	assert_true(exists(&e, "in/monitoring/m.log"));
	assert_int_equal(q(&e, "SELECT count(*) FROM run_step WHERE message LIKE"
			       " '%within inbox.settle_seconds = 60%'", NULL), 1);
	nightly_result_release(&res);
	strbuf_release(&d);
	strbuf_release(&err);
	teardown_env(&e);
}

static void config_is_checked_up_front(void **state)
{
	struct strbuf err = STRBUF_INIT, p = STRBUF_INIT;
	struct nightly_config *nc = NULL;
	struct env e;

	(void)state;
	setup_env(&e, "[alert]\nfile = alert.txt\nlevel = red\n");
	load(&e);
	assert_string_equal(e.nc->alert, "red");
	assert_string_equal(e.nc->alert_source, "alert.level");
	put(e.dir, "alert.txt", " orange\nsince 06:00\n", 0644);
	load(&e);
	assert_string_equal(e.nc->alert, "orange");
	assert_string_equal(e.nc->channels[0], "tax");
	assert_string_equal(e.nc->channels[1], "bureau");
	assert_null(e.nc->channels[2]);
	assert_int_equal(e.nc->valid_days, 7);
	put(e.dir, "alert.txt", "purple\n", 0644);
	assert_int_equal(nightly_config_load(e.cfg, &nc, &err), EC_CONFIG);
	assert_non_null(strstr(err.buf, "alert.txt"));
	put(e.dir, "alert.txt", "none\n", 0644);
	strbuf_addf(&p, "%s/k.pem", e.dir);
	chmod(p.buf, 0644);
	assert_int_equal(nightly_config_load(e.cfg, &nc, &err), EC_CONFIG);
	assert_non_null(strstr(err.buf, "mode 0644"));
	assert_non_null(strstr(err.buf, "keys.cms_key"));
	unlink(p.buf);
	assert_int_equal(nightly_config_load(e.cfg, &nc, &err), EC_CONFIG);
	assert_non_null(strstr(err.buf, "k.pem"));
	assert_null(nc);
	strbuf_release(&err);
	strbuf_release(&p);
	teardown_env(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_run_moves_files_and_records_steps),
		cmocka_unit_test(failed_step_resumes_same_run),
		cmocka_unit_test(committed_file_is_moved_not_imported_again),
		cmocka_unit_test(config_is_checked_up_front),
		cmocka_unit_test(changed_file_is_left_for_next_night),
		cmocka_unit_test(fresh_file_waits_settle_time),
		cmocka_unit_test(import_refuses_a_file_that_changed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
