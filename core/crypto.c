#include "core/common.h"
#include "core/crypto.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
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
