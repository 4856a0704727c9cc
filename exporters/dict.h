#ifndef DICT_H
#define DICT_H

#include "core/strbuf.h"

/*
 * The data dictionary of the export packages (docs/export.md, "Package
 * contents"): for every column a package writes, its Chinese and English
 * names, type, unit, meaning and allowed values; and the code lists the
 * values refer to (pollutant codes of HJ 212-2017 / HJ 525, colours,
 * grades, alert levels, event categories). The CSV header row, the xlsx
 * cell types and the README's tables all come from here, so they agree.
 */
enum col_type {
	COL_TEXT,   /* free text */
	COL_ID,     /* identifier: always text, never a number (USCC, permit no) */
	COL_CODE,   /* a value from a code list */
	COL_DATE,   /* YYYY-MM-DD */
	COL_MONTH,  /* YYYY-MM */
	COL_INT,
	COL_REAL,
};

struct col_doc {
	const char *name;    /* the column (CSV English header, XML element) */
	const char *zh;      /* Chinese name */
	const char *en;      /* English name */
	enum col_type type;
	const char *unit;    /* "万元", or NULL */
	const char *meaning; /* Chinese */
	const char *values;  /* allowed values, or NULL */
};

/* The column's entry; table may refine it ("name" everywhere, "category"
 * only in penalties). Never NULL: an unknown column gets a generic entry,
 * valid until the next call (copy it to keep it). */
const struct col_doc *dict_column(const char *table, const char *column);
const char *dict_type_zh(enum col_type t);

/* A header cell: "统一社会信用代码", "uscc" or "统一社会信用代码 uscc",
 * with the unit in brackets when there is one. */
enum header_lang { HEADER_ZH, HEADER_EN, HEADER_BOTH };
void dict_header(struct strbuf *sb, const struct col_doc *d, enum header_lang lang);

/* Code lists: { code, Chinese name, note } rows, terminated by NULL code. */
struct code_doc {
	const char *code, *zh, *note;
};
struct code_list {
	const char *title;  /* Chinese title of the list */
	const char *en;     /* English title */
	const struct code_doc *codes;
};
extern const struct code_list dict_code_lists[];
extern const size_t dict_code_lists_count;
/* The Chinese name of a code in the list titled en ("colour", "grade",
 * "alert", ...), or NULL. */
const char *dict_code_zh(const char *list_en, const char *code);

/* What a payload file is: "data/tax.csv" -> Chinese description. */
const char *dict_file_zh(const char *table);
const char *dict_file_en(const char *table);

/* Spreadsheet formula injection: a text cell starting with = + - @, a tab
 * or CR is given a leading apostrophe in CSV files (the XML keeps the
 * original value). */
int dict_needs_neutralising(const char *s);

#endif
