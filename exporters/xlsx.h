#ifndef XLSX_H
#define XLSX_H

#include "exporters/channel.h"

/*
 * A table as an .xlsx workbook beside its CSV (libxlsxwriter, constant
 * memory: rows are streamed). Sheet 数据: a frozen header row (the CSV's
 * header, units included), identifiers and codes as text cells, dates as
 * dates, numbers as numbers, column widths by type. Sheet 数据字典: the
 * table's data dictionary. The document times are the business date, so
 * the same data gives the same bytes.
 */
struct xlsx;

int xlsx_open(struct export_ctx *ctx, const char *table, struct db_stmt *st,
	      struct xlsx **out, struct strbuf *err);
void xlsx_row(struct xlsx *x, struct db_stmt *st);
/* Write the dictionary sheet, close and register data/<table>.xlsx. */
int xlsx_close(struct export_ctx *ctx, struct xlsx *x, int64_t rows,
	       struct strbuf *err);
void xlsx_abort(struct xlsx *x); /* NULL-safe */

#endif
