#ifndef IMPORTER_H
#define IMPORTER_H

#include "core/db.h"

/*
 * The importers: one file per input format (permits.c, penalties.c,
 * monitoring.c), each behind struct importer and registered in the table
 * in importer.c (libarchive's per-format readers).
 *
 * import_file() is the one entry point. For each file it:
 *   - hashes the file and records it in import_file;
 *   - runs the format's importer inside ONE transaction, so a file is
 *     either wholly imported (records stored or quarantined, counts
 *     recorded) or, when it cannot be read at all, not at all (EC_DATA, and
 *     the import_file row is rolled back too);
 *   - checks read = stored + duplicate + quarantined before committing.
 * Re-importing a file stores nothing new: every record counts as duplicate
 * (and its quarantined records are not quarantined twice).
 */
struct import_counts {
	long long read, stored, duplicate, quarantined, warnings;
};

struct import_options {
	const char *run_id;       /* run ledger id, or NULL */
	int accept_crc_modbus;    /* monitoring: store CRC-16/MODBUS packets */
	int accept_crc_swapped;   /* monitoring: store byte-swapped CRCs */
	int store_minute;         /* monitoring: store CN 2051/2011 values */
	/* Called for every warning (e.g. a USCC with a bad check character);
	 * the CLI prints them. May be NULL. */
	void (*warn)(void *data, const char *msg);
	void *warn_data;
	/* Called now and then while a file is imported (from SQLite's
	 * progress handler, in the importing thread) with the path and the
	 * counts so far; the CLI draws its progress line from it. May be NULL. */
	void (*progress)(void *data, const char *path,
			 const struct import_counts *sofar);
	void *progress_data;
};

/* What an importer sees. */
struct import_ctx {
	struct db *db;
	const char *path;       /* as given ("-" for stdin) */
	const char *name;       /* for messages: path, or "(stdin)" */
	int64_t file_id;        /* import_file.id */
	const struct import_options *opt;
	struct import_counts counts;
	char extra[512];        /* JSON object of importer-specific counts, or "" */
	/* statements of the shared helpers below, prepared once per file */
	struct db_stmt *st_enterprise, *st_quarantine, *st_quarantine_seen;
};

struct importer {
	const char *kind; /* "permits", "penalties", "monitoring" */
	/* Import every record of ctx->path. Return 0, or EC_DATA (with err)
	 * when the whole file is unusable. */
	int (*run)(struct import_ctx *ctx, struct strbuf *err);
};

extern const struct importer importer_permits;
extern const struct importer importer_penalties;
extern const struct importer importer_monitoring;

const struct importer *importer_find(const char *kind);

int import_file(struct db *db, const char *kind, const char *path,
		const struct import_options *opt, struct import_counts *out,
		struct strbuf *err);

/* Record a rejected record: position like "line 12" or "packet 7", the
 * field (or NULL) and the reason; raw is the record's text (truncated to
 * 4 KiB). Counts it as quarantined. */
int import_quarantine(struct import_ctx *ctx, const char *position,
		      const char *field, const char *reason, const char *raw,
		      size_t raw_len, struct strbuf *err);
void import_warn(struct import_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Make sure the enterprise row exists; keeps the earliest first_seen and
 * fills an empty name/region/town. */
int import_upsert_enterprise(struct import_ctx *ctx, const char *uscc,
			     const char *name, const char *region,
			     const char *town, const char *seen_on,
			     struct strbuf *err);

#endif
