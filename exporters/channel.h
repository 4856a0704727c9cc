#ifndef CHANNEL_H
#define CHANNEL_H

#include <stdint.h>
#include <stdio.h>

#include "core/crypto.h"
#include "core/db.h"
#include "exporters/export.h"

struct rule_texts;

/*
 * One exporter per channel (docs/export.md, channels), behind one interface and listed in
 * one table (exporters/channels.c), the way libarchive registers formats.
 * An exporter names its tables (constant SELECTs with ?1 = business date,
 * ?2 = business date of the channel's previous package or '' for none);
 * export_table() writes each as data/<table>.xml (validated against
 * exporters/<channel>.xsd) and data/<table>.csv. An exporter may write more
 * files with its extra() hook. Everything streams: rows go from SQLite to
 * the staging folder one at a time, hashed on the way.
 */
struct table_def {
	const char *name; /* file base name and XML root element */
	const char *sql;
	const char *report; /* sql NULL: the SQL of this report (core/report.h),
			     * its :as_of the first parameter, bound as ?1 */
};

struct payload_file {
	char *name; /* "data/tax.xml" */
	int64_t size;
	int64_t records;
	int doc;    /* README, dictionary, schema: not listed in Records */
	char sha256[SHA256_HEX_SIZE];
};

struct export_ctx {
	struct db *db;
	const char *channel;
	const char *as_of;
	const char *since;  /* previous package's business date, '' for none */
	const char *run_id;
	const char *package;  /* "tax-2026-11-28-3" */
	const char *rule_set; /* "id version sha256" */
	const char *stage;  /* folder the payload files are written into */
	const struct export_publisher *pub; /* never NULL (fields may be) */
	const struct rule_texts *rt;        /* the rule set's wording */
	int xlsx;           /* write <table>.xlsx beside the CSV */
	struct payload_file *files;
	size_t nr, alloc;
};

struct exporter {
	const char *name;
	const char *summary;
	const struct table_def *tables; /* terminated by { NULL, NULL, NULL } */
	int (*extra)(struct export_ctx *ctx, struct strbuf *err); /* or NULL */
	int xlsx;           /* tables also as .xlsx (exporters/xlsx.c) */
};

extern const struct exporter exporter_tax, exporter_finance, exporter_pricing,
	exporter_public, exporter_bureau;
/* In the order packages are written. */
extern const struct exporter *const exporters[];
extern const size_t exporters_count;
const struct exporter *exporter_find(const char *name);

/* Prepare a table's statement (its sql, or its report's), not bound. */
int export_table_prepare(struct db *db, const struct table_def *t,
			 struct db_stmt **st, struct strbuf *err);
/* Write one table as XML and CSV (and .xlsx when ctx->xlsx) into
 * ctx->stage and register them. CSV text cells that a spreadsheet would
 * take for a formula are neutralised (dict_needs_neutralising). */
int export_table(struct export_ctx *ctx, const struct table_def *t,
		 struct strbuf *err);
/* Register a file already written into the stage folder as data/<base>. */
int export_register(struct export_ctx *ctx, const char *base, int64_t records,
		    int doc, struct strbuf *err);
/* A CSV field for spreadsheets: neutralised, then RFC 4180 quoted. */
void export_add_csv(struct strbuf *sb, const char *s);
/* Write the package's README.txt, dictionary.csv and schema (exporters/docs.c). */
int export_docs(struct export_ctx *ctx, const struct exporter *ex,
		struct strbuf *err);

/*
 * A payload file being written: output goes to stage/<base>, hashed and
 * counted on the way; sink_close registers it as data/<base> with records.
 */
struct sink {
	FILE *f;
	char *path;
	char *base;
	struct sha256_ctx *h;
	int64_t size;
	struct strbuf buf;
};
int sink_open(struct export_ctx *ctx, const char *base, struct sink *s,
	      struct strbuf *err);
void sink_add(struct sink *s, const void *data, size_t len);
/* Flush buffered output when it is large (call after each row). */
int sink_flush(struct sink *s, int force, struct strbuf *err);
int sink_close(struct export_ctx *ctx, struct sink *s, int64_t records,
	       struct strbuf *err);
void sink_abort(struct sink *s);

/* Append s as XML/HTML character data: & < > " ' escaped, invalid UTF-8 and
 * control characters replaced by U+FFFD so the output is always well
 * formed. */
void export_add_text(struct strbuf *sb, const char *s);
/* The same characters without escaping (for xlsx cells). */
void export_add_plain(struct strbuf *sb, const char *s);
/* A column's value as text: integers plainly, reals with %.15g. */
void export_add_value(struct strbuf *sb, struct db_stmt *st, int col);

#endif
