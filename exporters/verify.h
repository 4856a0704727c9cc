#ifndef VERIFY_H
#define VERIFY_H

#include "core/crypto.h"

/*
 * Checking a package as a consumer would (docs/export.md, verify), without extracting
 * anything. verify_package runs every check and reports each through the
 * callback with a verdict; it returns 0 when all passed, EC_CHECK when one
 * failed. A package verifies only when at least one signature made by a
 * trusted key verifies.
 *
 * The state (--state FILE) remembers, per channel, the last accepted
 * sequence number, release hash and business date. With a state, a
 * package must have a greater sequence, chain to the last accepted release
 * (Previous-Release-SHA256), and not be past its Valid-Until on `today`;
 * accepted packages update the state (saved by verify_state_save).
 */
enum verdict { VERDICT_OK, VERDICT_FAIL, VERDICT_SKIP };

typedef void (*verify_report_fn)(void *data, const char *package,
				 const char *check, enum verdict v,
				 const char *detail);

struct verify_state;
/* A missing file is an empty state. */
int verify_state_load(const char *path, struct verify_state **out,
		      struct strbuf *err);
int verify_state_save(const struct verify_state *s, const char *path,
		      struct strbuf *err);
void verify_state_free(struct verify_state *s);

struct verify_options {
	const struct crypto_trust *trust;
	struct verify_state *state; /* NULL: no replay, chain or expiry checks */
	const char *today;          /* 'YYYY-MM-DD', for Valid-Until */
	const char *channel;        /* required channel, or NULL */
};

/* path: the package's .tar.gz or .release. */
int verify_package(const char *path, const struct verify_options *opt,
		   verify_report_fn report, void *data);

#endif
