#include "core/common.h"
#include "core/crypto.h"
#include "exporters/keygen.h"
#include "exporters/outfile.h"

#include <sys/stat.h>
#include <unistd.h>

int keygen_write(const char *alg, const char *dir, struct strbuf *err)
{
	struct strbuf key = STRBUF_INIT, cert = STRBUF_INIT, pub = STRBUF_INIT;
	struct strbuf name = STRBUF_INIT;
	int rc;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		rc = ec_errno(err, "cannot create folder", dir);
		rc = rc == EC_NOINPUT ? EC_IO : rc;
		goto out;
	}
	if ((rc = crypto_keygen(alg, &key, &cert, &pub, err)))
		goto out;
	/* The key first and never over an existing one: losing a signing
	 * key to a typo is worse than an error. */
	strbuf_addf(&name, "%s.key", alg);
	if ((rc = outfile_write(dir, name.buf, key.buf, key.len, 0600, 1, err)))
		goto out;
	strbuf_reset(&name);
	strbuf_addf(&name, "%s.crt", alg);
	if ((rc = outfile_write(dir, name.buf, cert.buf, cert.len, 0644, 0, err)))
		goto out;
	strbuf_reset(&name);
	strbuf_addf(&name, "%s.pub", alg);
	if ((rc = outfile_write(dir, name.buf, pub.buf, pub.len, 0644, 0, err)))
		goto out;
	rc = outfile_sync_dir(dir, err);
out:
	if (key.len)
		memset(key.buf, 0, key.len);
	strbuf_release(&key);
	strbuf_release(&cert);
	strbuf_release(&pub);
	strbuf_release(&name);
	return rc;
}
