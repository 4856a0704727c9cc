#ifndef CRYPTO_H
#define CRYPTO_H

#include <stddef.h>

#include "core/strbuf.h"

/*
 * The OpenSSL wrapper: the only file that calls OpenSSL. Hashes, and (for
 * the exporters) signatures and keys. OpenSSL's error queue is drained into
 * err on every failure.
 */
const char *crypto_library_version(void);

#define SHA256_HEX_SIZE 65

struct sha256_ctx;
struct sha256_ctx *sha256_new(void);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
/* Write 64 lowercase hex digits and free the context. */
void sha256_final_hex(struct sha256_ctx *c, char hex[SHA256_HEX_SIZE]);
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_SIZE]);
/* Hash a file, streaming; size may be NULL. */
int sha256_file(const char *path, char hex[SHA256_HEX_SIZE], long long *size,
		struct strbuf *err);

/*
 * Signatures over small documents (the .release of docs/export.md, files):
 *   CRYPTO_CMS      detached CMS SignedData, DER, CMS_DETACHED|CMS_BINARY,
 *                   SHA-256, signer certificate included; RSA or ECDSA key
 *   CRYPTO_SM2      raw SM2 signature (DER) over SM3, distinguishing ID
 *                   "1234567812345678" set explicitly
 *   CRYPTO_ED25519  raw 64-byte Ed25519 signature
 *
 * Key fingerprints are the SHA-256 of the DER SubjectPublicKeyInfo, the same
 * for a key and for any certificate of that key:
 *   openssl pkey -pubin -in pub.pem -outform DER | sha256sum
 */
enum crypto_alg { CRYPTO_CMS, CRYPTO_SM2, CRYPTO_ED25519 };
#define CRYPTO_SM2_ID "1234567812345678"

struct crypto_key;
/* Load a PEM private key (and, when cert_path is not NULL, its PEM
 * certificate) for alg. The key file must not be readable or writable by
 * group or others (EC_CONFIG otherwise); a key of the wrong type, or a
 * certificate that does not match the key, is EC_CONFIG. */
int crypto_key_load(enum crypto_alg alg, const char *key_path,
		    const char *cert_path, struct crypto_key **out,
		    struct strbuf *err);
void crypto_key_free(struct crypto_key *k);
/* "rsa", "ecdsa", "sm2", "ed25519" */
const char *crypto_key_type(const struct crypto_key *k);
void crypto_key_fingerprint(const struct crypto_key *k,
			    char hex[SHA256_HEX_SIZE]);
/* Sign data with k in the key's algorithm; the signature is appended to
 * sig. */
int crypto_sign(const struct crypto_key *k, const void *data, size_t len,
		struct strbuf *sig, struct strbuf *err);

/*
 * Trust anchors for verification: certificates and public keys read from
 * PEM files (CERTIFICATE and PUBLIC KEY blocks; a private key is refused).
 */
struct crypto_trust;
struct crypto_trust *crypto_trust_new(void);
void crypto_trust_free(struct crypto_trust *t);
int crypto_trust_add_file(struct crypto_trust *t, const char *path,
			  struct strbuf *err);
/* Number of anchors usable for alg. */
int crypto_trust_count(const struct crypto_trust *t, enum crypto_alg alg);
/* The type ("rsa", ...) of the trusted key whose fingerprint is fp, or
 * NULL when no trusted key has it. */
const char *crypto_trust_key_type(const struct crypto_trust *t,
				  const char *fp);
/* Verify sig over data against the anchors. 0 when a trusted key made the
 * signature (its fingerprint in fp, its type as crypto_key_type names it in
 * *type unless type is NULL), EC_CHECK with the reason otherwise.
 * CMS: the signer certificate must chain to a trusted certificate (any
 * purpose, as `openssl cms -verify -purpose any`). */
int crypto_verify(const struct crypto_trust *t, enum crypto_alg alg,
		  const void *data, size_t len, const void *sig, size_t siglen,
		  char fp[SHA256_HEX_SIZE], const char **type, struct strbuf *err);

/* Make a key ("rsa" 3072, "ecdsa" P-256, "ed25519", "sm2") and a self-signed
 * certificate valid for ten years; PEM texts appended to key_pem, cert_pem
 * and pub_pem (the public key alone). */
int crypto_keygen(const char *alg, struct strbuf *key_pem,
		  struct strbuf *cert_pem, struct strbuf *pub_pem,
		  struct strbuf *err);

#endif
