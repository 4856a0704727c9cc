#ifndef IMPORTER_H
#define IMPORTER_H

#include <stdio.h>
#include <sys/types.h>

#include "core/crypto.h"
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
#define IMPORT_WARN_KINDS 8
struct import_counts {
	long long read, stored, duplicate, quarantined, warnings;
	/* warnings of a named kind (import_warn_kind), by kind; the first
	 * NULL kind ends the list. The rest of `warnings` has no kind. */
	const char *kind[IMPORT_WARN_KINDS];
	long long kind_n[IMPORT_WARN_KINDS];
	char sha256[SHA256_HEX_SIZE]; /* of the bytes imported ("stdin" for standard input) */
};

/* "3: datatime-ms 2, flag-version 1" (or "3" when no warning has a kind;
 * "other N" for the ones without). */
void import_counts_warnings(const struct import_counts *c, struct strbuf *out);

/* A physical bound of a monitored value (the rule set's <bound>). */
struct import_bound {
	const char *pollutant;
	double max;
};

struct import_options {
	const char *run_id;       /* run ledger id, or NULL */
	int accept_crc_modbus;    /* monitoring: store CRC-16/MODBUS packets */
	int accept_crc_swapped;   /* monitoring: store byte-swapped CRCs */
	int store_minute;         /* monitoring: store CN 2051/2011 values */
	/* monitoring plausibility (docs/importers-monitoring.md); 0 = default */
	long future_tolerance_hours; /* DataTime after the receive time */
	long max_age_days;           /* DataTime before the receive time */
	const struct import_bound *bounds; /* monitoring: physical bounds */
	size_t nbounds;
	/* monitoring: caps on a compressed log (core/archive.h; 0: default) */
	int64_t max_unpacked_bytes;
	double max_ratio;
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

struct import_input;
struct arc_stream;
struct xml_reader;

/* What an importer sees. */
struct import_ctx {
	struct db *db;
	const char *path;       /* as given ("-" for stdin) */
	const char *name;       /* for messages: path, or "(stdin)" */
	int64_t file_id;        /* import_file.id */
	const struct import_options *opt;
	struct import_counts counts;
	char extra[512];        /* JSON object of importer-specific counts, or "" */
	/* Records read but not kept (e.g. real-time packets): stored the
	 * first time, duplicate when the same bytes were imported before;
	 * import_file decides once the file's hash is known. */
	long long unkept;
	struct import_input *in; /* the file, opened once (below) */
	/* statements of the shared helpers below, prepared once per file */
	struct db_stmt *st_enterprise, *st_quarantine;
};

struct importer {
	const char *kind; /* "permits", "penalties", "monitoring", "generation" */
	/* Import every record of ctx->path. Return 0, or EC_DATA (with err)
	 * when the whole file is unusable. */
	int (*run)(struct import_ctx *ctx, struct strbuf *err);
};

extern const struct importer importer_permits;
extern const struct importer importer_penalties;
extern const struct importer importer_monitoring;
extern const struct importer importer_generation;

const struct importer *importer_find(const char *kind);

int import_file(struct db *db, const char *kind, const char *path,
		const struct import_options *opt, struct import_counts *out,
		struct strbuf *err);

/*
 * Reading the file. import_file opens it once and hashes every byte the
 * importer reads as it reads it (the bytes after the last one read are
 * hashed at the end), so the recorded SHA-256 is that of the bytes
 * imported. It compares size, times and inode before and after: a file
 * that changed while it was read is not imported (EC_TEMPFAIL, nothing
 * kept). Standard input ("-") is read once, in order, and not hashed.
 */
/* Bytes at off: >0, 0 at the end, EC_IO with err. */
ssize_t import_pread(struct import_ctx *ctx, void *buf, size_t len,
		     int64_t off, struct strbuf *err);
/* The file as a (possibly compressed) stream, with the option's caps. */
int import_open_stream(struct import_ctx *ctx, struct arc_stream **out,
		       struct strbuf *err);
/* The file as a streaming XML reader (core/xml.h). */
int import_open_xml(struct import_ctx *ctx, const char *schema,
		    struct xml_reader **out, struct strbuf *err);
/* The file as a stdio stream that can be rewound (fclose it); standard
 * input, which cannot be read twice, is spooled to an unnamed temp file.
 * 0, or an EC_* code with err. */
int import_fopen(struct import_ctx *ctx, FILE **out, struct strbuf *err);

/* Record a rejected record: position like "line 12" or "packet 7", the
 * field (or NULL) and the reason; raw is the record's text (truncated to
 * 4 KiB). Counts it as quarantined. */
int import_quarantine(struct import_ctx *ctx, const char *position,
		      const char *field, const char *reason, const char *raw,
		      size_t raw_len, struct strbuf *err);
void import_warn(struct import_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same, counted under kind (a static string like "datatime-ms"). */
void import_warn_kind(struct import_ctx *ctx, const char *kind,
		      const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define IMPORT_FUTURE_TOLERANCE_HOURS 24
#define IMPORT_MAX_AGE_DAYS 3650
struct config;
/* The [monitoring] settings of the importers, read in this one place for
 * `import` and `nightly`: accept_crc, store_minute, future_tolerance_hours
 * and max_age_days into opt (docs/importers-monitoring.md). EC_CONFIG with
 * file:line. */
int import_options_from_config(const struct config *cfg, struct import_options *opt,
			       struct strbuf *err);

/* Make sure the enterprise row exists; keeps the earliest first_seen and
 * fills an empty name/region/town. */
int import_upsert_enterprise(struct import_ctx *ctx, const char *uscc,
			     const char *name, const char *region,
			     const char *town, const char *seen_on,
			     struct strbuf *err);

#endif
