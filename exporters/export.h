#ifndef EXPORT_H
#define EXPORT_H

#include "core/config.h"
#include "core/date.h"
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

/*
 * Who publishes the packages ([publisher] in the configuration): named in
 * bag-info.txt, the READMEs and the public page. Every field may be NULL
 * (unset); the packages then say so. csv_header is outbox.csv_header:
 * 0 Chinese (default), 1 English, 2 both (enum header_lang).
 */
struct export_publisher {
	char *name;      /* publisher.name: 苏州市生态环境局 */
	char *code;      /* publisher.code: USCC or organisation code */
	char *address;   /* publisher.address */
	char *phone;     /* publisher.phone */
	char *email;     /* publisher.email */
	char *objection; /* publisher.objection: where and how to object */
	int csv_header;
};
int export_publisher_load(const struct config *cfg, struct export_publisher *p,
			  struct strbuf *err);
void export_publisher_release(struct export_publisher *p);

/*
 * outbox.valid_days, read in one place for `export` and `nightly`:
 * Valid-Until = business date + this many days (1 to 3660), default
 * EXPORT_DEFAULT_VALID_DAYS (docs/export.md). EC_CONFIG with file:line.
 */
#define EXPORT_DEFAULT_VALID_DAYS 7
int export_valid_days(const struct config *cfg, int *days, struct strbuf *err);

/*
 * [keys]: the signing keys' paths, read in one place for `export` and
 * `nightly` (relative to the configuration's folder; NULL when unset), in
 * the order of export_key_names: cms_key cms_cert sm2_key sm2_cert
 * ed25519_key. The caller frees each path.
 */
#define EXPORT_KEYS 5
extern const char *const export_key_names[EXPORT_KEYS];
void export_key_paths(const struct config *cfg, char *paths[EXPORT_KEYS]);

/* Room for this many channels in an export_result; a sixth, seventh...
 * channel added to exporters/channels.c fits (export_run checks). */
#define EXPORT_MAX_CHANNELS 16

struct export_options {
	const char *as_of;
	const char *out_dir;
	const char *const *channels; /* NULL-terminated; NULL = all five */
	struct export_keys keys;
	int valid_days;              /* Valid-Until = as_of + valid_days */
	const char *run_id;          /* '2026-11-28.1'; NULL: as_of + ".1" */
	int new_sequence; /* the run's package was published with other data:
			   * take the next sequence (else EC_DATA) */
	int reissue;      /* allow a date older than the newest published */
	int allow_future; /* allow a date later than tomorrow */
	const struct export_publisher *publisher; /* NULL: none configured */
};

struct export_result {
	int packages;
	char written[EXPORT_MAX_CHANNELS][256]; /* .tar.gz written or found */
	int unchanged[EXPORT_MAX_CHANNELS];     /* 1: already published as is */
};

/*
 * Write the packages (docs/export.md). The outbox is a ledger: a name
 * already published keeps its bytes (identical new bytes: nothing is
 * written; other bytes: EC_DATA, or the next sequence with new_sequence).
 * Before anything is written: every release in the outbox of the chosen
 * channels must be known to the database (EC_DATA), and the date must be
 * allowed (EC_USAGE: later than tomorrow, Valid-Until past 9999-12-31,
 * older than the newest published without reissue).
 */
int export_run(struct db *db, const struct export_options *opt,
	       struct export_result *out, struct strbuf *err);

/* The outbox check of export_run alone (channels NULL: all), for nightly
 * to run before it imports anything. */
int export_check_outbox(struct db *db, const char *out_dir,
			const char *const *channels, struct strbuf *err);
/* Record the outbox's releases the database does not know (docs/operation.md,
 * "recovering from a lost or restored database"). */
int export_adopt(struct db *db, const char *out_dir, int *adopted,
		 struct strbuf *err);
/* The newest business date published for a channel (outbox or database),
 * "" for none. */
int export_newest_date(struct db *db, const char *out_dir, const char *channel,
		       char out[DATE_TEXT_SIZE], struct strbuf *err);

#endif
