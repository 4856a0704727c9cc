#ifndef PERMIT_STORE_H
#define PERMIT_STORE_H

#include "importers/importer.h"

/*
 * One permit as importers/permits.c reads it, and how it is stored: the
 * canonical JSON form, the generated stamp in UTC, and the versioned upsert
 * into permit / outlet / outlet_limit / permit_history (the replacement
 * rule is documented at permit_store_upsert).
 *
 * Strings are owned by the struct (NULL when the attribute is absent);
 * limit values are kept as written (value) and parsed (num) by the checks
 * in permits.c before a permit is stored.
 */
struct permit_limit {
	char *pollutant;
	char *value[3]; /* conc, ultra-low-conc, annual-t as written */
	double num[3];
	long line;
};

struct permit_outlet {
	char *code, *kind, *mn;
	char *unit, *commissioned; /* coal power unit, or NULL */
	int ultra_low;
	long line;
	struct permit_limit *limits;
	size_t nr, alloc;
};

struct permit {
	long line, ordinal;
	char *no, *status, *issued, *valid_from, *valid_to;
	char *uscc, *name, *region, *town;
	long enterprise_line;
	char *industry_code, *industry_name;
	int key_industry;
	struct strbuf class_, grade, guarantee;
	struct permit_outlet *outlets;
	size_t nr, alloc;
};

/* Free what p holds and leave it empty, ready for the next permit. */
void permit_clear(struct permit *p);
/* "true" or "1" (xs:boolean). */
int permit_is_true(const char *s);
/* The grade, "none" when the permit has none. */
const char *permit_grade(const struct permit *p);

/*
 * The permit as one JSON object, outlets sorted by code and limits by
 * pollutant (p is sorted in place). With generated == NULL it is the
 * canonical form hashed into content_sha256: nothing about where the record
 * came from, numbers as parsed ("35.0" == "35"). With generated it is the
 * record kept in permit_history.
 */
void permit_json(struct permit *p, const char *generated, struct strbuf *sb);

/* xs:dateTime to UTC 'YYYY-MM-DDTHH:MM:SSZ': fractions of a second dropped,
 * no zone means Asia/Shanghai, 4-digit years only. 0 or -1. */
#define PERMIT_STAMP_SIZE 21
int permit_stamp_utc(const char *s, char out[PERMIT_STAMP_SIZE]);

/* Prepared statements for one file's permits. */
struct permit_store;
int permit_store_open(struct db *db, struct permit_store **out, struct strbuf *err);
void permit_store_close(struct permit_store *s);
int permit_store_upsert(struct permit_store *s, struct import_ctx *ctx,
			struct permit *p, const char *hash, const char *generated,
			struct strbuf *err);
/* Versions that replaced a stored one; older versions put in history. */
void permit_store_tally(const struct permit_store *s, long long *replaced,
			long long *older);

#endif
