#ifndef PUBLISH_H
#define PUBLISH_H

#include "core/crypto.h"
#include "core/date.h"
#include "core/db.h"

/*
 * The package writer's ledger decisions (exporters/publish.c), private to
 * exporters/: export.c asks, before and after building a package, what
 * the outbox and the database allow.
 */
struct exporter;
struct export_options;
struct outbox;

/*
 * Reserve (or find again) the channel's sequence number for this run, and
 * the previous package's release hash and business date (fresh: a new
 * number even when the run holds one). published gets the release hash
 * recorded for a number found again.
 */
int publish_sequence_reserve(struct db *db, const struct outbox *ob,
			     const char *channel, const char *as_of,
			     const char *run_id, int fresh, long long *seq,
			     struct strbuf *published, struct strbuf *prev_sha,
			     struct strbuf *prev_date, struct strbuf *err);
/* The newest business date published for the channel below sequence
 * below (0: any), from the outbox and the database; "" for none. */
int publish_newest_date(struct db *db, const struct outbox *ob,
			const char *channel, long long below,
			char out[DATE_TEXT_SIZE], struct strbuf *err);
/* Record the package as written, with its hashes and Records. */
int publish_package_written(struct db *db, const char *channel, long long seq,
			    const char *archive_sha, const char *release_sha,
			    const char *records, struct strbuf *err);
/* Refuse a business date the rules do not allow without an option
 * (later than tomorrow, Valid-Until past 9999-12-31, older than the newest
 * published of a chosen channel); days is as_of's day number. */
int publish_check_dates(struct db *db, const struct export_options *opt,
			const struct outbox *ob, const struct exporter *const *chosen,
			size_t n, int days, struct strbuf *err);

/* A built package, as publish_compare sees it. */
struct publish_built {
	const char *name;                /* "tax-2026-11-28-3" */
	const struct strbuf *release;    /* the .release text */
	const struct strbuf *published;  /* release hash the database recorded */
	const char *release_sha, *archive_sha;
};

enum { PUB_NEW, PUB_SAME, PUB_DIFF };

/* Compare a built package with what its name already holds in dir:
 * PUB_SAME, PUB_NEW, or PUB_DIFF (why says what differs). */
int publish_compare(const char *dir, const struct publish_built *p, int *verdict,
		    struct strbuf *why, struct strbuf *err);

#endif
