#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "core/db.h"

/*
 * Stored tables as reports (docs/interfaces.md, reports). A report is one constant SELECT
 * whose column names are the report's stable columns; it may use the
 * parameter :as_of. Each area lists its reports in <area>/reports.c as a
 * NULL-terminated array; core/report.c gathers them.
 *
 * Formats: text (aligned columns, colours in Chinese), csv (RFC 4180 with a
 * header row), json (array of objects), xml (<report><row><col>...).
 */
enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON, REPORT_XML };

struct report_def {
	const char *name;
	const char *summary;    /* "one row per permit" */
	const char *sql;
	const char *latest_sql; /* default :as_of when none is given, or NULL */
};

extern const struct report_def core_reports[];
extern const struct report_def importers_reports[];
extern const struct report_def ratings_reports[];
extern const struct report_def linkage_reports[];

const struct report_def *report_find(const char *name);
/* Call fn for every report (for --help). */
void report_each(void (*fn)(const struct report_def *, void *), void *data);
int report_parse_format(const char *s, enum report_format *out);

/* Run def for as_of (NULL: latest_sql's answer) and write it to out.
 * Streams: memory does not grow with the number of rows. */
int report_write(struct db *db, const struct report_def *def,
		 const char *as_of, enum report_format fmt, FILE *out,
		 struct strbuf *err);

/* Colour code -> Chinese name (绿色 ...), or the input when unknown. */
const char *report_colour_zh(const char *code);
/* Display columns of a UTF-8 string (CJK counts 2). */
size_t report_display_width(const char *s);

#endif
