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

#endif
