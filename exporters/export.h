#ifndef EXPORT_H
#define EXPORT_H

#include "core/db.h"

/*
 * Export packages (docs/export.md): for each channel, a deterministic BagIt
 * .tar.gz, a .release and its signatures, written atomically into out_dir.
 */
struct export_keys {
	const char *cms_key, *cms_cert; /* RSA or ECDSA, PEM */
	const char *sm2_key, *sm2_cert; /* optional certificate */
	const char *ed25519_key;
};

struct export_options {
	const char *as_of;
	const char *out_dir;
	const char *const *channels; /* NULL-terminated; NULL = all five */
	struct export_keys keys;
	int valid_days;              /* Valid-Until = as_of + valid_days */
	const char *run_id;          /* '2026-11-28.1'; NULL: as_of + ".1" */
};

struct export_result {
	int packages;
	char written[5][256]; /* file names of the .tar.gz written */
};

int export_run(struct db *db, const struct export_options *opt,
	       struct export_result *out, struct strbuf *err);

#endif
