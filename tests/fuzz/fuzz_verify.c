/*
 * libFuzzer target: the package verifier (exporters/verify.c) on hostile
 * archives and releases, through verify_package() as `ecredit verify`
 * calls it, with an empty --state. The package is written to a private
 * temporary folder per process. Two input forms, chosen by the first byte:
 *
 *   'R' RELEASE '\0' ARCHIVE   the release text as given, except that
 *                              @SIZE@, @SHA@ and @TAG@ become the
 *                              archive's size, SHA-256 and the SHA-256 of
 *                              its tagmanifest member, so the fuzzer gets
 *                              past the hashes to the member checks; the
 *                              files are named after its Package field.
 *   anything else, ARCHIVE     the bytes after the first are the archive
 *                              (.tar.gz or plain tar) of package
 *                              tax-2026-11-28-1, and the release is made
 *                              for it from a template.
 *
 * A first byte 'S' means: the --state file's text up to the first '\0',
 * then one of the two forms above.
 *
 * What must hold for any input: no signature file means the package is
 * never VERIFIED, and the members check never passes an archive that
 * holds a link, a device, an absolute path or a '..' (seen by reading the
 * archive independently through core/archive.c).
 */
#include "core/common.h"
#include "core/archive.h"
#include "core/crypto.h"
#include "exporters/verify.h"

#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DEFAULT_NAME "tax-2026-11-28-1"

static char dir[] = "/tmp/fuzz_verify.XXXXXX";
static int made;
static char name[80] = DEFAULT_NAME;

struct seen {
	int members_ok, verified, package_lines;
};

static void report(void *data, const char *package, const char *check,
		   enum verdict v, const char *detail)
{
	struct seen *s = data;

	if (!package || !check || !detail)
		abort();
	if (getenv("FUZZ_VERBOSE")) /* to see how deep a seed gets */
		fprintf(stderr, "%s: %s: %d: %s\n", package, check, (int)v, detail);
	if (!strcmp(check, "members") && v == VERDICT_OK)
		s->members_ok = 1;
	if (!strcmp(check, "package")) {
		s->package_lines++;
		s->verified = v == VERDICT_OK;
	}
}

static void file_path(struct strbuf *sb, const char *suffix)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s/%s%s", dir, name, suffix);
}

static void remove_files(void)
{
	struct strbuf p = STRBUF_INIT;

	file_path(&p, ".release");
	unlink(p.buf);
	file_path(&p, ".tar.gz");
	unlink(p.buf);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/state", dir);
	unlink(p.buf);
	strbuf_release(&p);
}

static void cleanup(void)
{
	remove_files();
	rmdir(dir);
}

static void write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || (len && fwrite(buf, 1, len, f) != len) || fclose(f))
		abort();
}

/*
 * Read the archive through core/archive.c: the tagmanifest's hash, and
 * whether any member is one the verifier must refuse.
 */
static int scan_archive(const char *path, char tag[SHA256_HEX_SIZE])
{
	struct strbuf err = STRBUF_INIT;
	struct arc_reader *r = NULL;
	struct arc_member m;
	char buf[16384];
	int hostile = 0, got_tag = 0, rc;

	memcpy(tag, "0000000000000000000000000000000000000000000000000000000000000000",
	       SHA256_HEX_SIZE);
	if (arc_reader_open(path, &r, &err))
		goto out;
	while ((rc = arc_reader_next(r, &m, &err)) > 0) {
		const char *base = strrchr(m.path, '/');
		struct sha256_ctx *h = NULL;
		ssize_t n;

		if ((m.type != ARC_FILE && m.type != ARC_DIR) || m.path[0] == '/' ||
		    !strcmp(m.path, "..") || !strncmp(m.path, "../", 3) ||
		    strstr(m.path, "/../") ||
		    (strlen(m.path) >= 3 && !strcmp(m.path + strlen(m.path) - 3, "/..")))
			hostile = 1;
		if (!got_tag && m.type == ARC_FILE && base &&
		    !strcmp(base + 1, "tagmanifest-sha256.txt")) {
			got_tag = 1;
			h = sha256_new();
		}
		while ((n = arc_reader_read(r, buf, sizeof(buf), &err)) > 0)
			if (h)
				sha256_update(h, buf, (size_t)n);
		if (h)
			sha256_final_hex(h, tag);
		if (n < 0)
			break;
	}
out:
	arc_reader_close(r);
	strbuf_release(&err);
	return hostile;
}

/* Replace every token in sb by value. */
static void substitute(struct strbuf *sb, const char *token, const char *value)
{
	struct strbuf out = STRBUF_INIT;
	size_t tl = strlen(token);
	const char *p = sb->buf, *hit;

	while ((hit = strstr(p, token))) {
		strbuf_add(&out, p, (size_t)(hit - p));
		strbuf_addstr(&out, value);
		p = hit + tl;
	}
	strbuf_addstr(&out, p);
	strbuf_release(sb);
	*sb = out;
}

/* The release's Package, when it is a plain file name; else the default. */
static void pick_name(const char *release)
{
	const char *p = strstr(release, "Package: ");
	size_t n;

	if (p && (p == release || p[-1] == '\n')) {
		p += 9;
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-");
		if (n && n < sizeof(name) && p[n] == '\n' && p[0] != '-') {
			memcpy(name, p, n);
			name[n] = '\0';
			return;
		}
	}
	memcpy(name, DEFAULT_NAME, sizeof(DEFAULT_NAME));
}

static const char template_release[] =
	"Package: tax-2026-11-28-1\n"
	"Channel: tax\n"
	"Business-Date: 2026-11-28\n"
	"Sequence: 1\n"
	"Run-Id: 2026-11-28.1\n"
	"Rule-Set: jiangsu-2020 1.0 "
	"1111111111111111111111111111111111111111111111111111111111111111\n"
	"Valid-Until: 2026-12-28\n"
	"Archive: tax-2026-11-28-1.tar.gz\n"
	"Archive-Size: @SIZE@\n"
	"Archive-SHA256: @SHA@\n"
	"Tagmanifest-SHA256: @TAG@\n"
	"Previous-Release-SHA256: none\n"
	"Records: data/penalties.csv=1 data/penalties.xml=1 data/permits.csv=1 "
	"data/permits.xml=1 data/ratings.csv=3 data/ratings.xml=3 data/tax.csv=1 "
	"data/tax.xml=1\n"
	"Signer: ed25519:a3f03e1e1f8f175f9809340b310e841986dcea2b83adb96f7b065767fb7877bb\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf release = STRBUF_INIT, path = STRBUF_INIT, err = STRBUF_INIT;
	struct verify_options opt;
	struct seen seen = { 0, 0, 0 };
	const uint8_t *archive = data + (size > 0);
	size_t archive_len = size - (size > 0);
	char tag[SHA256_HEX_SIZE], sha[SHA256_HEX_SIZE], num[32];
	int hostile;

	memset(&opt, 0, sizeof(opt));
	if (!made) {
		if (!mkdtemp(dir))
			abort();
		made = 1;
		atexit(cleanup);
	}
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/state", dir);
	if (size && data[0] == 'S') {
		const uint8_t *nul = memchr(data + 1, '\0', size - 1);

		if (!nul)
			goto out;
		write_file(path.buf, data + 1, (size_t)(nul - data - 1));
		size -= (size_t)(nul + 1 - data);
		data = nul + 1;
		archive = data + (size > 0);
		archive_len = size - (size > 0);
	} else {
		unlink(path.buf);
	}
	if (verify_state_load(path.buf, &opt.state, &err)) {
		if (!err.len)
			abort();
		strbuf_reset(&err);
		if (verify_state_load("/nonexistent/fuzz_verify.state", &opt.state, &err))
			abort();
	}
	if (size && data[0] == 'R') {
		const uint8_t *nul = memchr(data + 1, '\0', size - 1);

		if (!nul)
			goto out;
		strbuf_add(&release, data + 1, (size_t)(nul - data - 1));
		archive = nul + 1;
		archive_len = size - (size_t)(archive - data);
	} else {
		strbuf_addstr(&release, template_release);
	}
	pick_name(release.buf);
	file_path(&path, ".tar.gz");
	write_file(path.buf, archive, archive_len);
	hostile = scan_archive(path.buf, tag);
	sha256_hex(archive, archive_len, sha);
	snprintf(num, sizeof(num), "%zu", archive_len);
	substitute(&release, "@SIZE@", num);
	substitute(&release, "@SHA@", sha);
	substitute(&release, "@TAG@", tag);
	file_path(&path, ".release");
	write_file(path.buf, release.buf, release.len);

	opt.today = "2026-11-29";
	if (!verify_package(path.buf, &opt, report, &seen) || seen.verified ||
	    seen.package_lines != 1)
		abort();
	if (seen.members_ok && hostile)
		abort();
out:
	verify_state_free(opt.state);
	remove_files();
	strbuf_release(&release);
	strbuf_release(&path);
	strbuf_release(&err);
	return 0;
}
