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
 * A package past its Valid-Until on `today` is refused, with or without a
 * state, unless no_expiry_check is set (then a `skipped` line says so).
 * The archive's size and SHA-256 are checked before anything is
 * decompressed; it must be one gzip stream with nothing after it.
 *
 * The state (--state FILE) remembers, per channel, the last accepted
 * sequence number, release hash and business date. With a state, a
 * package must have a greater sequence and chain to the last accepted
 * release (Previous-Release-SHA256); accepted packages update the state.
 * verify_state_open takes an exclusive lock (flock on FILE.lock, waiting
 * for it) before reading, held until verify_state_free, so concurrent
 * verifiers read, check and save one after another; verify_state_save
 * writes a temporary file, fsyncs it and renames it over FILE.
 */
enum verdict { VERDICT_OK, VERDICT_FAIL, VERDICT_SKIP };

typedef void (*verify_report_fn)(void *data, const char *package,
				 const char *check, enum verdict v,
				 const char *detail);

struct verify_state;
/* A missing file is an empty state. _load takes no lock (tests, fuzzing). */
int verify_state_load(const char *path, struct verify_state **out,
		      struct strbuf *err);
int verify_state_open(const char *path, struct verify_state **out,
		      struct strbuf *err);
int verify_state_save(const struct verify_state *s, const char *path,
		      struct strbuf *err);
void verify_state_free(struct verify_state *s);

struct verify_options {
	const struct crypto_trust *trust;
	struct verify_state *state; /* NULL: no replay or chain checks */
	const char *today;          /* 'YYYY-MM-DD', for Valid-Until */
	int no_expiry_check;        /* skip Valid-Until (a line says so) */
	const char *channel;        /* required channel, or NULL */
};

/* path: the package's .tar.gz or .release. */
int verify_package(const char *path, const struct verify_options *opt,
		   verify_report_fn report, void *data);

#endif
