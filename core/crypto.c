#include "core/common.h"
#include "core/crypto.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

struct sha256_ctx {
	EVP_MD_CTX *md;
};

const char *crypto_library_version(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}

static void hex_encode(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

struct sha256_ctx *sha256_new(void)
{
	struct sha256_ctx *c = xmalloc(sizeof(*c));

	c->md = EVP_MD_CTX_new();
	if (!c->md || !EVP_DigestInit_ex(c->md, EVP_sha256(), NULL)) {
		fputs("ecredit: fatal: OpenSSL cannot initialise SHA-256\n", stderr);
		exit(70);
	}
	return c;
}

void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	EVP_DigestUpdate(c->md, data, len);
}

void sha256_final_hex(struct sha256_ctx *c, char hex[SHA256_HEX_SIZE])
{
	unsigned char md[32];
	unsigned int n = 0;

	EVP_DigestFinal_ex(c->md, md, &n);
	hex_encode(md, 32, hex);
	EVP_MD_CTX_free(c->md);
	free(c);
}

void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_SIZE])
{
	struct sha256_ctx *c = sha256_new();

	sha256_update(c, data, len);
	sha256_final_hex(c, hex);
}

int sha256_file(const char *path, char hex[SHA256_HEX_SIZE], long long *size,
		struct strbuf *err)
{
	struct sha256_ctx *c;
	char buf[65536];
	long long total = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return ec_errno(err, "cannot open", path);
	c = sha256_new();
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int rc = ec_errno(err, "cannot read", path);

			close(fd);
			sha256_final_hex(c, hex);
			return rc == EC_NOINPUT ? EC_IO : rc;
		}
		sha256_update(c, buf, (size_t)n);
		total += n;
	}
	close(fd);
	sha256_final_hex(c, hex);
	if (size)
		*size = total;
	return 0;
}

/* ---- signatures and keys ---- */


struct crypto_key {
	enum crypto_alg alg;
	EVP_PKEY *pkey;
	X509 *cert;
};

struct crypto_trust {
	X509_STORE *store; /* certificates, for CMS */
	EVP_PKEY **keys;   /* every public key, from certificates and PUBLIC KEY */
	size_t nr, alloc;
	int cms_certs;
};

/* Append OpenSSL's queued errors to err ("...: reason; reason") and clear. */
static int ossl_fail(struct strbuf *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int ossl_fail(struct strbuf *err, int code, const char *fmt, ...)
{
	unsigned long e;
	va_list ap;
	int first = 1;

	if (err) {
		strbuf_reset(err);
		va_start(ap, fmt);
		strbuf_vaddf(err, fmt, ap);
		va_end(ap);
	}
	while ((e = ERR_get_error()) != 0) {
		char buf[256];

		if (!err)
			continue;
		ERR_error_string_n(e, buf, sizeof(buf));
		strbuf_addstr(err, first ? ": " : "; ");
		strbuf_addstr(err, buf);
		first = 0;
	}
	return code;
}

static const char *pkey_type(EVP_PKEY *p)
{
	if (EVP_PKEY_is_a(p, "RSA"))
		return "rsa";
	if (EVP_PKEY_is_a(p, "SM2"))
		return "sm2";
	if (EVP_PKEY_is_a(p, "EC"))
		return "ecdsa";
	if (EVP_PKEY_is_a(p, "ED25519"))
		return "ed25519";
	return "unknown";
}

static int pkey_fits(EVP_PKEY *p, enum crypto_alg alg)
{
	const char *t = pkey_type(p);

	switch (alg) {
	case CRYPTO_CMS:
		return !strcmp(t, "rsa") || !strcmp(t, "ecdsa");
	case CRYPTO_SM2:
		return !strcmp(t, "sm2");
	case CRYPTO_ED25519:
		return !strcmp(t, "ed25519");
	}
	return 0;
}

static void pkey_fingerprint(EVP_PKEY *p, char hex[SHA256_HEX_SIZE])
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(p, &der);

	if (n <= 0) {
		ERR_clear_error();
		hex[0] = '\0';
		return;
	}
	sha256_hex(der, (size_t)n, hex);
	OPENSSL_free(der);
}

static const char *alg_name(enum crypto_alg alg)
{
	return alg == CRYPTO_CMS ? "CMS (RSA or ECDSA)" :
	       alg == CRYPTO_SM2 ? "SM2" : "Ed25519";
}

int crypto_key_load(enum crypto_alg alg, const char *key_path,
		    const char *cert_path, struct crypto_key **out,
		    struct strbuf *err)
{
	struct crypto_key *k = xcalloc(1, sizeof(*k));
	struct stat st;
	BIO *b = NULL;
	int rc = 0;

	*out = NULL;
	k->alg = alg;
	if (stat(key_path, &st)) {
		ec_errno(err, "cannot read key", key_path);
		rc = EC_CONFIG;
		goto out;
	}
	if (st.st_mode & 077) {
		rc = ec_error(err, EC_CONFIG,
			      "private key '%s' has mode %04o: it must be 0600 "
			      "(chmod 600 '%s')",
			      key_path, (unsigned)(st.st_mode & 07777), key_path);
		goto out;
	}
	b = BIO_new_file(key_path, "r");
	if (!b || !(k->pkey = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL))) {
		rc = ossl_fail(err, EC_CONFIG, "cannot read private key '%s'", key_path);
		goto out;
	}
	if (!pkey_fits(k->pkey, alg)) {
		rc = ec_error(err, EC_CONFIG, "key '%s' is %s, not a %s key", key_path,
			      pkey_type(k->pkey), alg_name(alg));
		goto out;
	}
	if (cert_path) {
		BIO_free(b);
		b = BIO_new_file(cert_path, "r");
		if (!b || !(k->cert = PEM_read_bio_X509(b, NULL, NULL, NULL))) {
			rc = ossl_fail(err, EC_CONFIG, "cannot read certificate '%s'",
				       cert_path);
			goto out;
		}
		if (X509_check_private_key(k->cert, k->pkey) != 1) {
			rc = ossl_fail(err, EC_CONFIG,
				       "certificate '%s' does not match key '%s'",
				       cert_path, key_path);
			goto out;
		}
	} else if (alg == CRYPTO_CMS) {
		rc = ec_error(err, EC_CONFIG, "CMS signing with '%s' needs a certificate",
			      key_path);
		goto out;
	}
out:
	BIO_free(b);
	if (rc) {
		crypto_key_free(k);
		return rc;
	}
	*out = k;
	return 0;
}

void crypto_key_free(struct crypto_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	X509_free(k->cert);
	free(k);
}

const char *crypto_key_type(const struct crypto_key *k)
{
	return pkey_type(k->pkey);
}

void crypto_key_fingerprint(const struct crypto_key *k, char hex[SHA256_HEX_SIZE])
{
	pkey_fingerprint(k->pkey, hex);
}

/* A digest context for a raw signature or verification with p. */
static int raw_init(EVP_MD_CTX *md, EVP_PKEY *p, int sign)
{
	EVP_PKEY_CTX *pctx = NULL;
	const EVP_MD *dg = EVP_PKEY_is_a(p, "SM2") ? EVP_sm3() : NULL;
	int ok = sign ? EVP_DigestSignInit(md, &pctx, dg, NULL, p)
		      : EVP_DigestVerifyInit(md, &pctx, dg, NULL, p);

	if (ok != 1)
		return -1;
	if (EVP_PKEY_is_a(p, "SM2") &&
	    EVP_PKEY_CTX_set1_id(pctx, CRYPTO_SM2_ID, strlen(CRYPTO_SM2_ID)) != 1)
		return -1;
	return 0;
}

int crypto_sign(const struct crypto_key *k, const void *data, size_t len,
		struct strbuf *sig, struct strbuf *err)
{
	EVP_MD_CTX *md = NULL;
	CMS_ContentInfo *cms = NULL;
	BIO *in = NULL;
	unsigned char *der = NULL;
	size_t n = 0;
	int rc = 0, dn;

	if (k->alg == CRYPTO_CMS) {
		in = BIO_new_mem_buf(data, (int)len);
		cms = in ? CMS_sign(k->cert, k->pkey, NULL, in,
				    CMS_DETACHED | CMS_BINARY)
			 : NULL;
		if (!cms || (dn = i2d_CMS_ContentInfo(cms, &der)) <= 0) {
			rc = ossl_fail(err, EC_INTERNAL, "CMS signing failed");
			goto out;
		}
		strbuf_add(sig, der, (size_t)dn);
		goto out;
	}
	md = EVP_MD_CTX_new();
	if (!md || raw_init(md, k->pkey, 1) ||
	    EVP_DigestSign(md, NULL, &n, data, len) != 1) {
		rc = ossl_fail(err, EC_INTERNAL, "%s signing failed", alg_name(k->alg));
		goto out;
	}
	der = OPENSSL_malloc(n);
	if (!der || EVP_DigestSign(md, der, &n, data, len) != 1) {
		rc = ossl_fail(err, EC_INTERNAL, "%s signing failed", alg_name(k->alg));
		goto out;
	}
	strbuf_add(sig, der, n);
out:
	OPENSSL_free(der);
	EVP_MD_CTX_free(md);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return rc;
}

struct crypto_trust *crypto_trust_new(void)
{
	struct crypto_trust *t = xcalloc(1, sizeof(*t));

	t->store = X509_STORE_new();
	if (!t->store) {
		fputs("ecredit: fatal: OpenSSL cannot make a certificate store\n", stderr);
		exit(70);
	}
	/* as `openssl cms -verify -purpose any` */
	X509_STORE_set_purpose(t->store, X509_PURPOSE_ANY);
	return t;
}

void crypto_trust_free(struct crypto_trust *t)
{
	if (!t)
		return;
	X509_STORE_free(t->store);
	for (size_t i = 0; i < t->nr; i++)
		EVP_PKEY_free(t->keys[i]);
	free(t->keys);
	free(t);
}

static void trust_add_key(struct crypto_trust *t, EVP_PKEY *p)
{
	ALLOC_GROW(t->keys, t->nr + 1, t->alloc);
	t->keys[t->nr++] = p;
}

int crypto_trust_add_file(struct crypto_trust *t, const char *path,
			  struct strbuf *err)
{
	BIO *b = BIO_new_file(path, "r");
	int rc = 0, blocks = 0;

	if (!b)
		return ossl_fail(err, EC_NOINPUT, "cannot read trust file '%s'", path);
	for (;;) {
		char *name = NULL, *header = NULL;
		unsigned char *data = NULL;
		const unsigned char *p;
		long len = 0;

		if (PEM_read_bio(b, &name, &header, &data, &len) != 1) {
			unsigned long e = ERR_peek_last_error();

			if (ERR_GET_REASON(e) == PEM_R_NO_START_LINE)
				ERR_clear_error();
			else
				rc = ossl_fail(err, EC_DATA, "trust file '%s': bad PEM", path);
			break;
		}
		p = data;
		blocks++;
		if (!strcmp(name, "CERTIFICATE")) {
			X509 *x = d2i_X509(NULL, &p, len);
			EVP_PKEY *pk = x ? X509_get_pubkey(x) : NULL;

			if (!pk)
				rc = ossl_fail(err, EC_DATA, "trust file '%s': bad certificate",
					       path);
			else {
				trust_add_key(t, pk);
				if (pkey_fits(pk, CRYPTO_CMS)) {
					X509_STORE_add_cert(t->store, x);
					t->cms_certs++;
				}
			}
			X509_free(x);
		} else if (!strcmp(name, "PUBLIC KEY")) {
			EVP_PKEY *pk = d2i_PUBKEY(NULL, &p, len);

			if (!pk)
				rc = ossl_fail(err, EC_DATA, "trust file '%s': bad public key",
					       path);
			else
				trust_add_key(t, pk);
		} else if (strstr(name, "PRIVATE KEY")) {
			rc = ec_error(err, EC_DATA,
				      "trust file '%s' holds a private key: give the "
				      "certificate or public key only", path);
		}
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(data);
		if (rc)
			break;
	}
	BIO_free(b);
	if (!rc && !blocks)
		rc = ec_error(err, EC_DATA,
			      "trust file '%s' has no certificate or public key", path);
	return rc;
}

const char *crypto_trust_key_type(const struct crypto_trust *t,
				  const char *fp)
{
	for (size_t i = 0; i < t->nr; i++) {
		char hex[SHA256_HEX_SIZE];

		pkey_fingerprint(t->keys[i], hex);
		if (!strcmp(hex, fp))
			return pkey_type(t->keys[i]);
	}
	return NULL;
}

int crypto_trust_count(const struct crypto_trust *t, enum crypto_alg alg)
{
	int n = 0;

	if (alg == CRYPTO_CMS)
		return t->cms_certs;
	for (size_t i = 0; i < t->nr; i++)
		n += pkey_fits(t->keys[i], alg);
	return n;
}

static int verify_cms(const struct crypto_trust *t, const void *data,
		      size_t len, const void *sig, size_t siglen,
		      char fp[SHA256_HEX_SIZE], const char **type, struct strbuf *err)
{
	const unsigned char *p = sig;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)siglen);
	BIO *content = NULL;
	STACK_OF(X509) *signers = NULL;
	int rc = 0;

	if (!cms || p != (const unsigned char *)sig + siglen) {
		rc = ossl_fail(err, EC_CHECK, "not a DER CMS structure");
		goto out;
	}
	content = BIO_new_mem_buf(data, (int)len);
	if (!content || CMS_verify(cms, NULL, t->store, content, NULL, CMS_BINARY) != 1) {
		rc = ossl_fail(err, EC_CHECK, "CMS signature does not verify");
		goto out;
	}
	signers = CMS_get0_signers(cms);
	if (!signers || sk_X509_num(signers) != 1) {
		rc = ec_error(err, EC_CHECK, "CMS signature must have exactly one signer");
		goto out;
	}
	pkey_fingerprint(X509_get0_pubkey(sk_X509_value(signers, 0)), fp);
	if (type)
		*type = pkey_type(X509_get0_pubkey(sk_X509_value(signers, 0)));
out:
	sk_X509_free(signers);
	BIO_free(content);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return rc;
}

int crypto_verify(const struct crypto_trust *t, enum crypto_alg alg,
		  const void *data, size_t len, const void *sig, size_t siglen,
		  char fp[SHA256_HEX_SIZE], const char **type, struct strbuf *err)
{
	int tried = 0;

	fp[0] = '\0';
	if (type)
		*type = NULL;
	if (alg == CRYPTO_CMS) {
		if (!t->cms_certs)
			return ec_error(err, EC_CHECK, "no trusted RSA or ECDSA certificate");
		return verify_cms(t, data, len, sig, siglen, fp, type, err);
	}
	for (size_t i = 0; i < t->nr; i++) {
		EVP_MD_CTX *md;
		int ok;

		if (!pkey_fits(t->keys[i], alg))
			continue;
		tried++;
		md = EVP_MD_CTX_new();
		ok = md && !raw_init(md, t->keys[i], 0) &&
		     EVP_DigestVerify(md, sig, siglen, data, len) == 1;
		EVP_MD_CTX_free(md);
		ERR_clear_error();
		if (ok) {
			pkey_fingerprint(t->keys[i], fp);
			if (type)
				*type = pkey_type(t->keys[i]);
			return 0;
		}
	}
	if (!tried)
		return ec_error(err, EC_CHECK, "no trusted %s key", alg_name(alg));
	return ec_error(err, EC_CHECK, "%s signature does not verify with any of "
			"the %d trusted key(s)", alg_name(alg), tried);
}

static EVP_PKEY *keygen_pkey(const char *alg)
{
	if (!strcmp(alg, "rsa"))
		return EVP_RSA_gen(3072);
	if (!strcmp(alg, "ecdsa"))
		return EVP_EC_gen("P-256");
	if (!strcmp(alg, "ed25519"))
		return EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	if (!strcmp(alg, "sm2"))
		return EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
	return NULL;
}

static int add_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ext)
		return -1;
	ok = X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

static int bio_to_strbuf(BIO *b, struct strbuf *sb)
{
	char *p;
	long n = BIO_get_mem_data(b, &p);

	if (n < 0)
		return -1;
	strbuf_add(sb, p, (size_t)n);
	return 0;
}

int crypto_keygen(const char *alg, struct strbuf *key_pem,
		  struct strbuf *cert_pem, struct strbuf *pub_pem,
		  struct strbuf *err)
{
	EVP_PKEY *p = NULL;
	X509 *x = NULL;
	X509_NAME *name;
	EVP_MD_CTX *md = NULL;
	BIO *kb = NULL, *cb = NULL, *pb = NULL;
	ASN1_INTEGER *serial = NULL;
	BIGNUM *bn = NULL;
	unsigned char rnd[16];
	struct strbuf cn = STRBUF_INIT;
	int rc = 0;

	if (strcmp(alg, "rsa") && strcmp(alg, "ecdsa") && strcmp(alg, "ed25519") &&
	    strcmp(alg, "sm2"))
		return ec_error(err, EC_USAGE, "unknown key algorithm '%s'", alg);
	if (!(p = keygen_pkey(alg))) {
		rc = ossl_fail(err, EC_INTERNAL, "cannot make a %s key", alg);
		goto out;
	}
	strbuf_addf(&cn, "ecredit %s signer", alg);
	x = X509_new();
	name = x ? X509_get_subject_name(x) : NULL;
	md = EVP_MD_CTX_new();
	kb = BIO_new(BIO_s_mem());
	cb = BIO_new(BIO_s_mem());
	pb = BIO_new(BIO_s_mem());
	if (RAND_bytes(rnd, sizeof(rnd)) == 1)
		rnd[0] &= 0x7f; /* a positive serial number */
	serial = ASN1_INTEGER_new();
	bn = BN_bin2bn(rnd, sizeof(rnd), NULL);
	if (!name || !md || !kb || !cb || !pb || !serial || !bn ||
	    !BN_to_ASN1_INTEGER(bn, serial) ||
	    !X509_set_version(x, 2) || !X509_set_serialNumber(x, serial) ||
	    !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
					(const unsigned char *)cn.buf, -1, -1, 0) ||
	    !X509_set_issuer_name(x, name) || !X509_set_pubkey(x, p) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), -3600) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), 3650L * 86400) ||
	    add_ext(x, NID_basic_constraints, "critical,CA:TRUE") ||
	    add_ext(x, NID_key_usage, "critical,digitalSignature,keyCertSign") ||
	    add_ext(x, NID_subject_key_identifier, "hash")) {
		rc = ossl_fail(err, EC_INTERNAL, "cannot make a %s certificate", alg);
		goto out;
	}
	if (!strcmp(alg, "ed25519") ? EVP_DigestSignInit(md, NULL, NULL, NULL, p) != 1
	    : !strcmp(alg, "sm2")   ? raw_init(md, p, 1) != 0
				    : EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, p) != 1) {
		rc = ossl_fail(err, EC_INTERNAL, "cannot sign the %s certificate", alg);
		goto out;
	}
	if (X509_sign_ctx(x, md) <= 0 || !PEM_write_bio_PrivateKey(kb, p, NULL, NULL, 0, NULL, NULL) ||
	    !PEM_write_bio_X509(cb, x) || !PEM_write_bio_PUBKEY(pb, p) ||
	    bio_to_strbuf(kb, key_pem) || bio_to_strbuf(cb, cert_pem) ||
	    bio_to_strbuf(pb, pub_pem)) {
		rc = ossl_fail(err, EC_INTERNAL, "cannot write the %s key", alg);
		goto out;
	}
out:
	OPENSSL_cleanse(rnd, sizeof(rnd));
	strbuf_release(&cn);
	ASN1_INTEGER_free(serial);
	BN_free(bn);
	BIO_free(kb);
	BIO_free(cb);
	BIO_free(pb);
	EVP_MD_CTX_free(md);
	X509_free(x);
	EVP_PKEY_free(p);
	return rc;
}
