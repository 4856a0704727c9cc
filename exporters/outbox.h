#ifndef OUTBOX_H
#define OUTBOX_H

#include "core/crypto.h"
#include "core/date.h"
#include "core/db.h"

/*
 * The outbox as a ledger (docs/export.md, "the outbox is a ledger"): what
 * was published is what lies there, whatever the database says. A package
 * is published once its "<channel>-<date>-<sequence>.release" is in the
 * folder; these functions read the folder's releases so that the writer
 * never gives a published name other bytes, numbers the next package after
 * the highest sequence either the database or the outbox knows, and chains
 * it to the last release actually there.
 */
struct outbox_entry {
	char channel[32];
	char date[DATE_TEXT_SIZE];
	long long seq;
	char name[96]; /* "tax-2026-11-28-3" */
};

struct outbox {
	char *dir;
	struct outbox_entry *e; /* by channel, then sequence */
	size_t nr, alloc;
};

/* The signature files beside "<name>.release": "<name>.release" plus this
 * suffix, by enum crypto_alg (written by export, read by verify). */
extern const char *const outbox_sig_suffix[3];

/* Read the folder's release names (a missing folder is an empty outbox).
 * Only "<channel>-YYYY-MM-DD-<n>.release" of a known channel counts. */
int outbox_scan(const char *dir, struct outbox *ob, struct strbuf *err);
void outbox_release(struct outbox *ob);
/* Highest sequence of the channel in the outbox, 0 for none. */
long long outbox_max_seq(const struct outbox *ob, const char *channel);
/* The channel's release with the highest sequence below seq, or NULL. */
const struct outbox_entry *outbox_prev(const struct outbox *ob,
				       const char *channel, long long seq);
/* SHA-256 of the entry's .release file. */
int outbox_release_sha(const struct outbox *ob, const struct outbox_entry *e,
		       char hex[SHA256_HEX_SIZE], struct strbuf *err);

/* Every release of these channels (NULL: all) in the outbox must be a
 * package the database knows by that name and release hash (or has
 * reserved, after an interrupted run). Otherwise EC_DATA naming the first
 * package it does not know: a restored backup or another database, which
 * must not publish again under numbers already used. */
int outbox_check_db(struct db *db, const struct outbox *ob,
		    const char *const *channels, struct strbuf *err);

/* Record every release of the outbox the database does not know as a
 * written package (its Run-Id, Records and hashes from the release, after
 * checking that the archive it names is there with that hash), in one
 * transaction. EC_DATA when the database knows another package under one
 * of the names. *adopted counts the packages recorded. */
int outbox_adopt(struct db *db, const struct outbox *ob, int *adopted,
		 struct strbuf *err);

#endif
