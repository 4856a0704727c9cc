#include "core/common.h"
#include "core/archive.h"
#include "core/date.h"
#include "exporters/outbox.h"
#include "exporters/verify.h"
#include "exporters/verify_int.h"

#include <sys/stat.h>
#include <zlib.h>

#define RELEASE_MAX 65536
#define TAG_MAX (4 << 20)
#define MEMBERS_MAX 10000
#define NAME_MAX_LEN 255 /* a member's whole path; ours are far shorter */

static const char *const release_keys[] = {
	"Package", "Channel", "Business-Date", "Sequence", "Run-Id", "Rule-Set",
	"Valid-Until", "Archive", "Archive-Size", "Archive-SHA256",
	"Tagmanifest-SHA256", "Previous-Release-SHA256", "Records", "Signer",
	"Reissue-Of-Newest", /* optional: a re-issue of an earlier date */
};
enum { R_PACKAGE, R_CHANNEL, R_DATE, R_SEQUENCE, R_RUN, R_RULES, R_VALID,
       R_ARCHIVE, R_SIZE, R_SHA, R_TAG, R_PREV, R_RECORDS, R_SIGNER,
       R_REISSUE, R_COUNT };

static const char *const sig_name[] = { "cms", "sm2", "ed25519" };

struct check {
	const struct verify_options *opt;
	verify_report_fn report;
	void *data;
	const char *label; /* package name for the verdict lines */
	int failed;
	char *base;        /* path without .release / .tar.gz */
	struct strbuf release;
	char *fields;      /* a copy of the release, cut into fields */
	char release_sha[SHA256_HEX_SIZE];
	char *field[R_COUNT];
	long long sequence;
};

struct member {
	char *rel; /* path under the bag folder */
	char sha[SHA256_HEX_SIZE];
	struct strbuf *text; /* tag files only */
};

static void verdict(struct check *c, const char *check, enum verdict v,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void verdict(struct check *c, const char *check, enum verdict v,
		    const char *fmt, ...)
{
	struct strbuf d = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&d, fmt, ap);
	va_end(ap);
	if (v == VERDICT_FAIL)
		c->failed = 1;
	c->report(c->data, c->label, check, v, d.buf);
	strbuf_release(&d);
}

static int is_hex64(const char *s)
{
	if (strlen(s) != 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

static int read_small(const char *path, size_t max, struct strbuf *out,
		      struct strbuf *err)
{
	char buf[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return ec_errno(err, "cannot read", path);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		strbuf_add(out, buf, n);
		if (out->len > max) {
			fclose(f);
			return ec_error(err, EC_DATA, "'%s' is larger than %zu bytes", path, max);
		}
	}
	n = ferror(f);
	fclose(f);
	return n ? ec_errno(err, "cannot read", path) : 0;
}

/* Parse "Key: value" lines: every known key exactly once, nothing else. */
static int parse_release(struct check *c, struct strbuf *why)
{
	char *p, *end;
	int days;

	if (memchr(c->release.buf, '\0', c->release.len) || c->release.len == 0 ||
	    c->release.buf[c->release.len - 1] != '\n')
		return ec_error(why, EC_CHECK, "not a text file of lines");
	c->fields = xstrdup(c->release.buf);
	p = c->fields;
	end = p + c->release.len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *colon;
		size_t k;

		*nl = '\0';
		colon = strstr(p, ": ");
		if (!colon)
			return ec_error(why, EC_CHECK, "line '%.40s' is not 'Key: value'", p);
		*colon = '\0';
		for (k = 0; k < R_COUNT; k++)
			if (!strcmp(p, release_keys[k]))
				break;
		if (k == R_COUNT)
			return ec_error(why, EC_CHECK, "unknown field '%.40s'", p);
		if (c->field[k])
			return ec_error(why, EC_CHECK, "field '%s' appears twice", p);
		c->field[k] = colon + 2;
		p = nl + 1;
	}
	for (size_t k = 0; k < R_COUNT; k++)
		if (!c->field[k] && k != R_REISSUE)
			return ec_error(why, EC_CHECK, "field '%s' is missing", release_keys[k]);
	if (date_parse(c->field[R_DATE], &days) || date_parse(c->field[R_VALID], &days) ||
	    (c->field[R_REISSUE] && date_parse(c->field[R_REISSUE], &days)))
		return ec_error(why, EC_CHECK, "bad date in Business-Date, Valid-Until"
				" or Reissue-Of-Newest");
	c->sequence = strtoll(c->field[R_SEQUENCE], &p, 10);
	if (*p || c->sequence < 1)
		return ec_error(why, EC_CHECK, "bad Sequence '%s'", c->field[R_SEQUENCE]);
	if (!is_hex64(c->field[R_SHA]) || !is_hex64(c->field[R_TAG]) ||
	    (strcmp(c->field[R_PREV], "none") && !is_hex64(c->field[R_PREV])))
		return ec_error(why, EC_CHECK, "a SHA-256 field is not 64 hex digits");
	return 0;
}

static int check_release(struct check *c)
{
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT, want = STRBUF_INIT;
	const char *name = strrchr(c->base, '/') ? strrchr(c->base, '/') + 1 : c->base;
	int rc;

	strbuf_addf(&path, "%s.release", c->base);
	rc = read_small(path.buf, RELEASE_MAX, &c->release, &err);
	if (!rc) {
		sha256_hex(c->release.buf, c->release.len, c->release_sha);
		rc = parse_release(c, &err);
	}
	/* A channel is a short lower-case word: it names files and is one
	 * column of the consumer's state file. */
	if (!rc && (!*c->field[R_CHANNEL] || strlen(c->field[R_CHANNEL]) > 31 ||
		    strspn(c->field[R_CHANNEL], "abcdefghijklmnopqrstuvwxyz") !=
			    strlen(c->field[R_CHANNEL])))
		rc = ec_error(&err, EC_CHECK, "channel '%.40s' is not a lower-case word of"
			      " at most 31 letters", c->field[R_CHANNEL]);
	if (!rc && strcmp(c->field[R_PACKAGE], name))
		rc = ec_error(&err, EC_CHECK, "the release names package '%s', the file is '%s'",
			      c->field[R_PACKAGE], name);
	strbuf_addf(&want, "%s-%s-%lld", c->field[R_CHANNEL] ? c->field[R_CHANNEL] : "",
		    c->field[R_DATE] ? c->field[R_DATE] : "", c->sequence);
	if (!rc && strcmp(c->field[R_PACKAGE], want.buf))
		rc = ec_error(&err, EC_CHECK, "package name '%s' does not match channel, "
			      "date and sequence ('%s')", c->field[R_PACKAGE], want.buf);
	if (!rc && c->opt->channel && strcmp(c->field[R_CHANNEL], c->opt->channel))
		rc = ec_error(&err, EC_CHECK, "package of channel '%s', expected '%s'",
			      c->field[R_CHANNEL], c->opt->channel);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s.tar.gz", name);
	if (!rc && strcmp(c->field[R_ARCHIVE], want.buf))
		rc = ec_error(&err, EC_CHECK, "Archive '%s' is not '%s'", c->field[R_ARCHIVE],
			      want.buf);
	if (rc)
		verdict(c, "release", VERDICT_FAIL, "%s", err.buf);
	else
		verdict(c, "release", VERDICT_OK, "sha256 %s", c->release_sha);
	strbuf_release(&path);
	strbuf_release(&err);
	strbuf_release(&want);
	return rc;
}

/* The Signer field lists "type:fingerprint" for every signature made. */
static int signer_listed(const struct check *c, const char *type, const char *fp)
{
	const char *s = c->field[R_SIGNER];
	size_t tl = strlen(type);

	for (const char *p = s; *p; p += strcspn(p, " "), p += *p == ' ')
		if (!strncmp(p, type, tl) && p[tl] == ':' && !strncmp(p + tl + 1, fp, 64) &&
		    (p[tl + 65] == '\0' || p[tl + 65] == ' '))
			return 1;
	return 0;
}

/* The signature kind that a Signer entry's key type makes, or -1. */
static int signer_kind(const char *type, size_t len)
{
	static const char *const types[] = { "rsa", "ecdsa", "sm2", "ed25519" };
	static const int kind[] = { CRYPTO_CMS, CRYPTO_CMS, CRYPTO_SM2, CRYPTO_ED25519 };

	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (strlen(types[i]) == len && !strncmp(type, types[i], len))
			return kind[i];
	return -1;
}

/*
 * Every Signer entry is "type:fingerprint" of a known type, names a
 * signature that is present, and, when the fingerprint is a trusted key's,
 * has that key's type: "rsa:" with an Ed25519 key's fingerprint is a lie
 * about who signed, even when the Ed25519 signature itself verifies.
 */
static int check_signer_field(const struct check *c, const int present[3],
			      struct strbuf *why)
{
	const char *p = c->field[R_SIGNER];

	if (!*p)
		return ec_error(why, EC_CHECK, "the release's Signer is empty");
	while (*p) {
		size_t len = strcspn(p, " "), tl = strcspn(p, ":");
		char fp[SHA256_HEX_SIZE];
		const char *known;
		int kind;

		if (tl >= len || len - tl - 1 != 64)
			return ec_error(why, EC_CHECK, "Signer entry '%.*s' is not "
					"type:fingerprint", (int)(len > 80 ? 80 : len), p);
		memcpy(fp, p + tl + 1, 64);
		fp[64] = '\0';
		kind = signer_kind(p, tl);
		if (kind < 0 || !is_hex64(fp))
			return ec_error(why, EC_CHECK, "Signer entry '%.*s' is not "
					"type:fingerprint", (int)(len > 80 ? 80 : len), p);
		if (!present[kind])
			return ec_error(why, EC_CHECK, "Signer lists '%.*s' but there is no "
					"%s signature", (int)tl, p, sig_name[kind]);
		known = crypto_trust_key_type(c->opt->trust, fp);
		if (known && (strlen(known) != tl || strncmp(known, p, tl)))
			return ec_error(why, EC_CHECK, "Signer entry '%.*s' names key %.16s..., "
					"which is a trusted %s key", (int)tl, p, fp, known);
		p += len;
		if (*p == ' ' && p[1])
			p++;
		else if (*p)
			return ec_error(why, EC_CHECK, "Signer is not a list of entries "
					"separated by one space");
	}
	return 0;
}

static void check_signatures(struct check *c)
{
	int verified = 0, present = 0, made[3] = { 0, 0, 0 };
	struct strbuf why = STRBUF_INIT;

	for (int alg = CRYPTO_CMS; alg <= CRYPTO_ED25519; alg++) {
		struct strbuf path = STRBUF_INIT, sig = STRBUF_INIT, err = STRBUF_INIT;
		struct strbuf label = STRBUF_INIT;
		char fp[SHA256_HEX_SIZE];
		const char *type = NULL;
		struct stat st;

		strbuf_addf(&path, "%s.release%s", c->base, outbox_sig_suffix[alg]);
		strbuf_addf(&label, "signature %s", sig_name[alg]);
		if (stat(path.buf, &st)) {
			goto next; /* not made; Signer is checked below */
		}
		present++;
		made[alg] = 1;
		if (read_small(path.buf, RELEASE_MAX, &sig, &err)) {
			verdict(c, label.buf, VERDICT_FAIL, "%s", err.buf);
		} else if (!crypto_trust_count(c->opt->trust, (enum crypto_alg)alg)) {
			verdict(c, label.buf, VERDICT_SKIP, "no trusted %s key given",
				sig_name[alg]);
		} else if (crypto_verify(c->opt->trust, (enum crypto_alg)alg, c->release.buf,
					 c->release.len, sig.buf, sig.len, fp, &type, &err)) {
			verdict(c, label.buf, VERDICT_FAIL, "%s", err.buf);
		} else if (!signer_listed(c, type, fp)) {
			verdict(c, label.buf, VERDICT_FAIL, "made by %s key %s, which the "
				"release's Signer does not list as %s:%.16s...", type, fp,
				type, fp);
		} else {
			verdict(c, label.buf, VERDICT_OK, "key %s", fp);
			verified++;
		}
next:
		strbuf_release(&path);
		strbuf_release(&sig);
		strbuf_release(&err);
		strbuf_release(&label);
	}
	if (!present)
		verdict(c, "signed", VERDICT_FAIL,
			"no signature file: an unsigned package never verifies");
	else if (check_signer_field(c, made, &why))
		verdict(c, "signed", VERDICT_FAIL, "%s", why.buf);
	else if (!verified)
		verdict(c, "signed", VERDICT_FAIL, "no signature verified with a trusted key");
	else
		verdict(c, "signed", VERDICT_OK, "%d trusted signature(s)", verified);
	strbuf_release(&why);
}

/*
 * The archive must be exactly one gzip member, as GNU tar -xzf and gzip -d
 * read it without complaint: not plain tar, nothing after the gzip trailer
 * (gzip warns of "trailing garbage" and tar then fails). Reads the whole
 * stream; called only once the archive's size and SHA-256 matched.
 */
static int gzip_single_stream(const char *path, struct strbuf *why)
{
	unsigned char in[65536], out[65536];
	long long after = 0;
	z_stream z;
	int zr = Z_OK, rc = 0;
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return ec_errno(why, "cannot read", path);
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		fclose(f);
		return ec_error(why, EC_INTERNAL, "zlib: cannot start");
	}
	while (zr != Z_STREAM_END) {
		if (!z.avail_in) {
			n = fread(in, 1, sizeof(in), f);
			if (!n) {
				rc = ferror(f) ? ec_errno(why, "cannot read", path)
					       : ec_error(why, EC_CHECK, "the gzip stream is "
							  "truncated");
				goto out;
			}
			z.next_in = in;
			z.avail_in = (uInt)n;
		}
		z.next_out = out;
		z.avail_out = sizeof(out);
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr == Z_BUF_ERROR && !z.avail_in)
			zr = Z_OK;
		else if (zr != Z_OK && zr != Z_STREAM_END) {
			rc = ec_error(why, EC_CHECK, "not a valid gzip stream (%s)",
				      z.msg ? z.msg : "zlib error");
			goto out;
		}
	}
	after = z.avail_in;
	while ((n = fread(in, 1, sizeof(in), f)) > 0)
		after += (long long)n;
	if (ferror(f))
		rc = ec_errno(why, "cannot read", path);
	else if (after)
		rc = ec_error(why, EC_CHECK, "%lld byte(s) after the end of the gzip "
			      "stream (tar -xzf fails on them)", after);
out:
	inflateEnd(&z);
	fclose(f);
	return rc;
}

/*
 * Size and SHA-256 first, from the file's bytes alone: an archive that is
 * not the one the release names is never decompressed. 0 when both match.
 */
static int check_archive_hash(struct check *c, const char *archive)
{
	struct strbuf err = STRBUF_INIT;
	char hex[SHA256_HEX_SIZE];
	long long size = 0;
	int rc = EC_CHECK;

	if (sha256_file(archive, hex, &size, &err))
		verdict(c, "archive", VERDICT_FAIL, "%s", err.buf);
	else if (!*c->field[R_SIZE] || strtoll(c->field[R_SIZE], NULL, 10) != size ||
		 strspn(c->field[R_SIZE], "0123456789") != strlen(c->field[R_SIZE]))
		verdict(c, "archive", VERDICT_FAIL, "size %lld, the release says %s", size,
			c->field[R_SIZE]);
	else if (strcmp(hex, c->field[R_SHA]))
		verdict(c, "archive", VERDICT_FAIL, "sha256 %s, the release says %s", hex,
			c->field[R_SHA]);
	else
		rc = 0;
	if (!rc && gzip_single_stream(archive, &err)) {
		verdict(c, "archive", VERDICT_FAIL, "%s", err.buf);
		rc = 0; /* the bytes are the release's: still worth reading */
	} else if (!rc) {
		verdict(c, "archive", VERDICT_OK, "%lld bytes, sha256 matches, one gzip "
			"stream", size);
	}
	strbuf_release(&err);
	return rc;
}

/* Why a member path is refused, or NULL. rel gets the path under root. */
static const char *bad_path(const char *path, const char *root, const char **rel)
{
	size_t n = strlen(root);

	if (path[0] == '/')
		return "absolute path";
	if (strlen(path) > NAME_MAX_LEN)
		return "name longer than 255 bytes";
	for (const char *p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e || *p == '\\')
			return "name is not plain ASCII";
	for (const char *p = path;;) {
		size_t len = strcspn(p, "/");

		if (len == 2 && !strncmp(p, "..", 2))
			return "'..' in path";
		if ((len == 1 && *p == '.') || (len == 0 && p[len] == '/'))
			return "'.' or empty component in path";
		if (!p[len])
			break;
		p += len + 1;
	}
	if (strncmp(path, root, n) || (path[n] != '/' && path[n] != '\0'))
		return "outside the bag folder";
	*rel = path[n] ? path + n + 1 : path + n;
	return NULL;
}

static int is_tag_file(const char *rel)
{
	return !strcmp(rel, "bagit.txt") || !strcmp(rel, "bag-info.txt") ||
	       !strcmp(rel, "manifest-sha256.txt") || !strcmp(rel, "tagmanifest-sha256.txt");
}

static struct member *find_member(struct member *m, size_t nr, const char *rel)
{
	for (size_t i = 0; i < nr; i++)
		if (!strcmp(m[i].rel, rel))
			return &m[i];
	return NULL;
}

/*
 * Check a manifest's lines ("<sha256> <path>", sha256sum style) against the
 * members; mark each entry seen. Each line is parsed within its own bounds
 * (sscanf would measure the whole rest of the text on every line, which a
 * few kilobytes of gzip can make quadratic over megabytes), and an entry
 * listed twice is refused, which also bounds the lines by the members.
 */
static int check_manifest(const struct strbuf *text, const char *which,
			  struct member *m, size_t nr, char *seen,
			  struct strbuf *why)
{
	const char *p = text->buf, *end = text->buf + text->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char hex[SHA256_HEX_SIZE], name[1024];
		const char *q = p + SHA256_HEX_SIZE - 1;
		size_t len;
		struct member *f;

		if (!nl || nl - p < SHA256_HEX_SIZE + 1 || (*q != ' ' && *q != '\t'))
			return ec_error(why, EC_CHECK, "%s: bad line", which);
		memcpy(hex, p, SHA256_HEX_SIZE - 1);
		hex[SHA256_HEX_SIZE - 1] = '\0';
		q += strspn(q, " \t");
		if (*q == '*') /* sha256sum's binary mark */
			q++;
		len = (size_t)(nl - q);
		if (len && q[len - 1] == '\r')
			len--;
		if (!is_hex64(hex) || !len || len >= sizeof(name) || memchr(q, '\0', len))
			return ec_error(why, EC_CHECK, "%s: bad line", which);
		memcpy(name, q, len);
		name[len] = '\0';
		f = find_member(m, nr, name);
		if (!f)
			return ec_error(why, EC_CHECK, "%s entry '%s' is missing from the archive",
					which, name);
		if (strcmp(f->sha, hex))
			return ec_error(why, EC_CHECK, "'%s' does not match its %s hash", name,
					which);
		if (seen[f - m])
			return ec_error(why, EC_CHECK, "%s lists '%s' twice", which, name);
		seen[f - m] = 1;
		p = nl + 1;
	}
	return 0;
}

/* bag-info.txt must repeat the release's package fields. */
static int check_bag_info(struct check *c, const struct strbuf *info, struct strbuf *why)
{
	struct strbuf want = STRBUF_INIT;
	const char *rs = c->field[R_RULES];
	int rc = 0;

	strbuf_addf(&want, "Channel: %s\nBusiness-Date: %s\nSequence: %lld\nRun-Id: %s\n",
		    c->field[R_CHANNEL], c->field[R_DATE], c->sequence, c->field[R_RUN]);
	if (!strstr(info->buf, want.buf))
		rc = ec_error(why, EC_CHECK, "bag-info.txt does not repeat the release's "
			      "channel, date, sequence and run");
	strbuf_reset(&want);
	strbuf_addf(&want, "Records: %s\n", c->field[R_RECORDS]);
	if (!rc && !strstr(info->buf, want.buf))
		rc = ec_error(why, EC_CHECK, "bag-info.txt Records differ from the release");
	strbuf_reset(&want);
	strbuf_addf(&want, "Rule-Set-SHA256: %s\n", strrchr(rs, ' ') ? strrchr(rs, ' ') + 1 : rs);
	if (!rc && !strstr(info->buf, want.buf))
		rc = ec_error(why, EC_CHECK, "bag-info.txt names another rule set");
	strbuf_release(&want);
	return rc;
}

static void check_members(struct check *c, const char *archive)
{
	struct arc_reader *r = NULL;
	struct arc_member am;
	struct member *m = NULL;
	struct strbuf why = STRBUF_INIT, *tag = NULL;
	char *seen = NULL;
	size_t nr = 0, alloc = 0, files = 0;
	char buf[65536];
	int rc;

	if ((rc = arc_reader_open(archive, &r, &why))) {
		ec_prefix(&why, "archive is unreadable: ");
		goto out;
	}
	while ((rc = arc_reader_next(r, &am, &why)) > 0) {
		const char *rel = NULL, *bad = bad_path(am.path, c->field[R_PACKAGE], &rel);
		struct sha256_ctx *h;
		ssize_t n;

		if (bad) {
			rc = ec_error(&why, EC_CHECK, "member '%.255s': %s", am.path, bad);
			goto out;
		}
		if (am.type == ARC_DIR)
			continue;
		if (am.type != ARC_FILE) {
			rc = ec_error(&why, EC_CHECK, "member '%s': %s refused", am.path,
				      arc_type_name(am.type));
			goto out;
		}
		if (find_member(m, nr, rel)) {
			rc = ec_error(&why, EC_CHECK, "member '%s' appears twice", am.path);
			goto out;
		}
		if (nr >= MEMBERS_MAX) {
			rc = ec_error(&why, EC_CHECK, "more than %d members", MEMBERS_MAX);
			goto out;
		}
		ALLOC_GROW(m, nr + 1, alloc);
		memset(&m[nr], 0, sizeof(m[nr]));
		m[nr].rel = xstrdup(rel);
		if (is_tag_file(rel)) {
			m[nr].text = xmalloc(sizeof(*tag));
			strbuf_init(m[nr].text, 0);
		}
		tag = m[nr].text;
		nr++;
		h = sha256_new();
		while ((n = arc_reader_read(r, buf, sizeof(buf), &why)) > 0) {
			sha256_update(h, buf, (size_t)n);
			if (tag && tag->len + (size_t)n <= TAG_MAX)
				strbuf_add(tag, buf, (size_t)n);
		}
		sha256_final_hex(h, m[nr - 1].sha);
		if (n < 0) {
			ec_prefix(&why, "archive is unreadable: ");
			rc = EC_CHECK;
			goto out;
		}
		files++;
	}
	if (rc < 0) {
		ec_prefix(&why, "archive is unreadable: ");
		rc = EC_CHECK;
		goto out;
	}
	seen = xcalloc(nr + 1, 1);
	{
		struct member *tm = find_member(m, nr, "tagmanifest-sha256.txt");
		struct member *mf = find_member(m, nr, "manifest-sha256.txt");
		struct member *bi = find_member(m, nr, "bag-info.txt");
		struct member *bt = find_member(m, nr, "bagit.txt");

		if (!tm || !mf || !bi || !bt) {
			rc = ec_error(&why, EC_CHECK, "not a complete bag: %s is missing",
				      !tm ? "tagmanifest-sha256.txt" : !mf ? "manifest-sha256.txt"
				      : !bi ? "bag-info.txt" : "bagit.txt");
			goto out;
		}
		if (strcmp(tm->sha, c->field[R_TAG])) {
			rc = ec_error(&why, EC_CHECK, "tagmanifest-sha256.txt does not match "
				      "the release's Tagmanifest-SHA256");
			goto out;
		}
		seen[tm - m] = 1;
		if ((rc = check_manifest(tm->text, "tagmanifest", m, nr, seen, &why)) ||
		    (rc = check_manifest(mf->text, "manifest", m, nr, seen, &why)))
			goto out;
		if (!seen[mf - m] || !seen[bi - m] || !seen[bt - m]) {
			rc = ec_error(&why, EC_CHECK, "the tag manifest does not cover every tag file");
			goto out;
		}
		if (strncmp(bt->text->buf, "BagIt-Version: 1.0\n", 19)) {
			rc = ec_error(&why, EC_CHECK, "bagit.txt is not BagIt 1.0");
			goto out;
		}
		if ((rc = check_bag_info(c, bi->text, &why)))
			goto out;
	}
	for (size_t i = 0; i < nr; i++)
		if (!seen[i]) {
			rc = ec_error(&why, EC_CHECK, "member '%s/%s' is not in the manifest",
				      c->field[R_PACKAGE], m[i].rel);
			goto out;
		}
out:
	if (rc)
		verdict(c, "members", VERDICT_FAIL, "%s", why.buf);
	else
		verdict(c, "members", VERDICT_OK, "%zu files, every one in the manifest "
			"and matching", files);
	arc_reader_close(r);
	for (size_t i = 0; i < nr; i++) {
		free(m[i].rel);
		if (m[i].text) {
			strbuf_release(m[i].text);
			free(m[i].text);
		}
	}
	free(m);
	free(seen);
	strbuf_release(&why);
}

static void check_state(struct check *c)
{
	struct state_row *last = verify_state_find(c->opt->state, c->field[R_CHANNEL]);

	if (!last)
		verdict(c, "sequence", VERDICT_OK, "%lld (first package of channel %s)",
			c->sequence, c->field[R_CHANNEL]);
	else if (c->sequence <= last->sequence)
		verdict(c, "sequence", VERDICT_FAIL, "%lld is not after %lld, the last "
			"accepted for %s: a replay", c->sequence, last->sequence,
			c->field[R_CHANNEL]);
	else
		verdict(c, "sequence", VERDICT_OK, "%lld after %lld", c->sequence,
			last->sequence);
	if (!last)
		verdict(c, "chain", VERDICT_OK, "nothing accepted before for %s",
			c->field[R_CHANNEL]);
	else if (strcmp(c->field[R_PREV], last->sha256))
		verdict(c, "chain", VERDICT_FAIL, "Previous-Release-SHA256 %s is not the "
			"last accepted release %s", c->field[R_PREV], last->sha256);
	else
		verdict(c, "chain", VERDICT_OK, "follows release %.16s...", last->sha256);
}

/* Valid-Until against today, with or without a state. */
static void check_valid_until(struct check *c)
{
	int valid = 0, today = 0;

	if (c->opt->no_expiry_check) {
		verdict(c, "valid-until", VERDICT_SKIP, "expiry NOT checked (asked not to); "
			"the release says %s", c->field[R_VALID]);
		return;
	}
	date_parse(c->field[R_VALID], &valid);
	if (!c->opt->today || date_parse(c->opt->today, &today))
		verdict(c, "valid-until", VERDICT_FAIL, "bad date for today '%s'",
			c->opt->today ? c->opt->today : "");
	else if (today > valid)
		verdict(c, "valid-until", VERDICT_FAIL, "expired on %s (today is %s)",
			c->field[R_VALID], c->opt->today);
	else
		verdict(c, "valid-until", VERDICT_OK, "%s (today is %s)", c->field[R_VALID],
			c->opt->today);
}

int verify_package(const char *path, const struct verify_options *opt,
		   verify_report_fn report, void *data)
{
	struct check c;
	struct strbuf archive = STRBUF_INIT;
	size_t n = strlen(path);
	const char *slash;

	memset(&c, 0, sizeof(c));
	c.opt = opt;
	c.report = report;
	c.data = data;
	strbuf_init(&c.release, 0);
	if (n > 7 && !strcmp(path + n - 7, ".tar.gz"))
		c.base = xstrndup(path, n - 7);
	else if (n > 8 && !strcmp(path + n - 8, ".release"))
		c.base = xstrndup(path, n - 8);
	else
		c.base = xstrdup(path);
	slash = strrchr(c.base, '/');
	c.label = slash ? slash + 1 : c.base;
	if (check_release(&c))
		goto out;
	check_signatures(&c);
	strbuf_addf(&archive, "%.*s%s", slash ? (int)(slash - c.base + 1) : 0, c.base,
		    c.field[R_ARCHIVE]);
	if (!check_archive_hash(&c, archive.buf))
		check_members(&c, archive.buf);
	else
		verdict(&c, "members", VERDICT_SKIP, "not read: the archive is not the one "
			"the release names");
	if (opt->state)
		check_state(&c);
	check_valid_until(&c);
	if (!c.failed && opt->state)
		verify_state_accept(opt->state, c.field[R_CHANNEL], c.sequence,
				    c.release_sha, c.field[R_DATE]);
out:
	if (c.failed)
		verdict(&c, "package", VERDICT_FAIL, "REJECTED");
	else
		verdict(&c, "package", VERDICT_OK, "VERIFIED");
	strbuf_release(&archive);
	strbuf_release(&c.release);
	free(c.fields);
	free(c.base);
	return c.failed ? EC_CHECK : 0;
}
