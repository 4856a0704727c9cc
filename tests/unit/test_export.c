#include "unit.h"
#include "core/archive.h"
#include "core/crypto.h"
#include "exporters/channel.h"
#include "exporters/keygen.h"

#include <sys/stat.h>
#include <unistd.h>

static char *path_in(const char *dir, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s", dir, name);
	return strbuf_detach(&sb, NULL);
}

/* Sign and verify with each algorithm; a changed byte or a foreign key fails. */
static void sign_verify_each_algorithm(void **state)
{
	static const struct {
		const char *alg;
		enum crypto_alg kind;
		int cert;
	} algs[] = {
		{ "rsa", CRYPTO_CMS, 1 },
		{ "ecdsa", CRYPTO_CMS, 1 },
		{ "sm2", CRYPTO_SM2, 1 },
		{ "ed25519", CRYPTO_ED25519, 0 },
	};
	char *dir = unit_tmpdir();
	struct strbuf err = STRBUF_INIT;
	const char msg[] = "Package: x\nSequence: 1\n";

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(algs); i++) {
		struct strbuf name = STRBUF_INIT, sig = STRBUF_INIT;
		struct crypto_key *k = NULL;
		struct crypto_trust *t = crypto_trust_new();
		char fp[SHA256_HEX_SIZE], kfp[SHA256_HEX_SIZE];
		const char *type = NULL;
		char *key, *crt;
		struct stat st;

		assert_int_equal(keygen_write(algs[i].alg, dir, &err), 0);
		strbuf_addf(&name, "%s.key", algs[i].alg);
		key = path_in(dir, name.buf);
		strbuf_reset(&name);
		strbuf_addf(&name, "%s.crt", algs[i].alg);
		crt = path_in(dir, name.buf);
		assert_int_equal(stat(key, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		assert_int_equal(crypto_key_load(algs[i].kind, key,
						 algs[i].cert ? crt : NULL, &k, &err), 0);
		assert_string_equal(crypto_key_type(k), algs[i].alg);
		assert_int_equal(crypto_sign(k, msg, strlen(msg), &sig, &err), 0);
		assert_int_equal(crypto_trust_add_file(t, crt, &err), 0);
		assert_int_equal(crypto_trust_count(t, algs[i].kind), 1);
		assert_int_equal(crypto_verify(t, algs[i].kind, msg, strlen(msg), sig.buf,
					       sig.len, fp, &type, &err), 0);
		crypto_key_fingerprint(k, kfp);
		assert_string_equal(fp, kfp);
		assert_string_equal(type, algs[i].alg);
		assert_string_equal(crypto_trust_key_type(t, fp), algs[i].alg);
		/* one changed byte of the message, then of the signature */
		assert_int_equal(crypto_verify(t, algs[i].kind, msg, strlen(msg) - 1,
					       sig.buf, sig.len, fp, NULL, &err), EC_CHECK);
		sig.buf[sig.len / 2] ^= 1;
		assert_int_equal(crypto_verify(t, algs[i].kind, msg, strlen(msg), sig.buf,
					       sig.len, fp, NULL, &err), EC_CHECK);
		/* a group-readable key is refused */
		crypto_key_free(k);
		k = NULL;
		chmod(key, 0640);
		assert_int_equal(crypto_key_load(algs[i].kind, key,
						 algs[i].cert ? crt : NULL, &k, &err), EC_CONFIG);
		assert_non_null(strstr(err.buf, "must be 0600"));
		crypto_trust_free(t);
		strbuf_release(&name);
		strbuf_release(&sig);
		free(key);
		free(crt);
	}
	strbuf_release(&err);
	free(dir);
}

static void write_archive(const char *path, const char *payload)
{
	struct arc_writer *w = NULL;
	struct strbuf err = STRBUF_INIT;
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(arc_writer_open(fileno(f), path, 1764259200, &w, &err), 0);
	assert_int_equal(arc_writer_add_data(w, "bag/a.txt", "hello\n", 6, &err), 0);
	assert_int_equal(arc_writer_add_file(w, "bag/data/p.csv", payload, &err), 0);
	assert_int_equal(arc_writer_close(w, &err), 0);
	fclose(f);
	strbuf_release(&err);
}

/* The writer is deterministic; the reader reports members and their bytes,
 * and a truncated archive is an error. */
static void archive_round_trip(void **state)
{
	char *dir = unit_tmpdir();
	char *a1 = path_in(dir, "a1.tar.gz"), *a2 = path_in(dir, "a2.tar.gz");
	char *cut = path_in(dir, "cut.tar.gz"), *payload = path_in(dir, "p.csv");
	char h1[SHA256_HEX_SIZE], h2[SHA256_HEX_SIZE], buf[4096];
	struct strbuf err = STRBUF_INIT, text = STRBUF_INIT;
	struct arc_reader *r = NULL;
	struct arc_member m;
	long long size = 0;
	FILE *f = fopen(payload, "wb");
	ssize_t n;
	int rc;

	(void)state;
	for (int i = 0; i < 20000; i++)
		fprintf(f, "%d,row %d\n", i, i * 7);
	fclose(f);
	write_archive(a1, payload);
	sleep(1); /* a different wall clock must not change a byte */
	write_archive(a2, payload);
	assert_int_equal(sha256_file(a1, h1, &size, &err), 0);
	assert_int_equal(sha256_file(a2, h2, NULL, &err), 0);
	assert_string_equal(h1, h2);

	assert_int_equal(arc_reader_open(a1, &r, &err), 0);
	assert_int_equal(arc_reader_next(r, &m, &err), 1);
	assert_string_equal(m.path, "bag/a.txt");
	assert_int_equal(m.type, ARC_FILE);
	assert_int_equal(m.size, 6);
	while ((n = arc_reader_read(r, buf, sizeof(buf), &err)) > 0)
		strbuf_add(&text, buf, (size_t)n);
	assert_string_equal(text.buf, "hello\n");
	assert_int_equal(arc_reader_next(r, &m, &err), 1);
	assert_string_equal(m.path, "bag/data/p.csv");
	assert_int_equal(arc_reader_next(r, &m, &err), 0);
	arc_reader_close(r);

	/* truncated: the error surfaces while reading to the end */
	f = fopen(cut, "wb");
	{
		FILE *in = fopen(a1, "rb");
		long long left = size / 2;

		while (left > 0 && (n = (ssize_t)fread(buf, 1, left < 4096 ? (size_t)left : 4096, in)) > 0) {
			fwrite(buf, 1, (size_t)n, f);
			left -= n;
		}
		fclose(in);
	}
	fclose(f);
	assert_int_equal(arc_reader_open(cut, &r, &err), 0);
	while ((rc = arc_reader_next(r, &m, &err)) > 0)
		while ((n = arc_reader_read(r, buf, sizeof(buf), &err)) > 0)
			;
	assert_true(rc < 0 || n < 0);
	arc_reader_close(r);
	strbuf_release(&err);
	strbuf_release(&text);
	free(a1);
	free(a2);
	free(cut);
	free(payload);
	free(dir);
}

static void text_is_always_well_formed(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	export_add_text(&sb, "<a href='x'>&\"</a>");
	assert_string_equal(sb.buf, "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
	strbuf_reset(&sb);
	export_add_text(&sb, "绿\x01\xff\xc3(\r");
	assert_string_equal(sb.buf, "绿\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD(&#13;");
	strbuf_reset(&sb);
	export_add_text(&sb, "\xed\xa0\x80" "x"); /* a surrogate is not UTF-8 */
	assert_string_equal(sb.buf, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx");
	strbuf_release(&sb);
}

static void channel_table_is_complete(void **state)
{
	static const char *const names[] = { "tax", "finance", "pricing", "public", "bureau" };

	(void)state;
	assert_int_equal(exporters_count, 5);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct exporter *e = exporter_find(names[i]);

		assert_non_null(e);
		assert_non_null(e->tables[0].name);
	}
	assert_null(exporter_find("weather"));
	assert_non_null(exporter_find("public")->extra);
	assert_non_null(exporter_find("bureau")->extra);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sign_verify_each_algorithm),
		cmocka_unit_test(archive_round_trip),
		cmocka_unit_test(text_is_always_well_formed),
		cmocka_unit_test(channel_table_is_complete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
