#ifndef KEYGEN_H
#define KEYGEN_H

#include "core/strbuf.h"

/*
 * Signing keys: keygen_write makes a key (mode 0600) and a self-signed
 * certificate in dir, named <alg>.key and <alg>.crt ("rsa", "ecdsa",
 * "ed25519", "sm2"). The certificate verifies with `openssl cms -verify
 * -purpose any`. Returns 0 or an EC_* code.
 */
int keygen_write(const char *alg, const char *dir, struct strbuf *err);

#endif
