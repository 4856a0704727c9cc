#include "core/common.h"
#include "core/date.h"
#include "exporters/dict.h"
#include "exporters/xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#define XLSX_MAX_STRING 32000 /* bytes; Excel's limit is 32767 characters */

struct xlsx {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *date;
	struct col_doc *cols; /* copies: an unknown column's entry is shared */
	int ncol, sheets, lang; /* lang: the header language (enum header_lang) */
	lxw_row_t row;
	lxw_error error;   /* the first write error */
	char *base, *table, *path;
	struct strbuf text;
};

static double width(const struct col_doc *d)
{
	switch (d->type) {
	case COL_ID: return 24;
	case COL_DATE: return 12;
	case COL_MONTH: return 9;
	case COL_INT: return 10;
	case COL_REAL: return 13;
	case COL_CODE: return 11;
	default: return !strcmp(d->name, "name") ? 36 : 30;
	}
}

static void note(struct xlsx *x, lxw_error e)
{
	if (e && !x->error)
		x->error = e;
}

/* Text as Excel takes it: valid XML characters, at most XLSX_MAX_STRING
 * bytes, cut on a character boundary. */
static const char *clean(struct xlsx *x, const char *s)
{
	strbuf_reset(&x->text);
	export_add_plain(&x->text, s);
	if (x->text.len > XLSX_MAX_STRING) {
		size_t n = XLSX_MAX_STRING;

		while (n && ((unsigned char)x->text.buf[n] & 0xc0) == 0x80)
			n--;
		strbuf_setlen(&x->text, n);
	}
	return x->text.buf;
}

static void string(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
		   const char *s, lxw_format *f)
{
	note(x, worksheet_write_string(ws, r, c, clean(x, s), f));
}

/* A data sheet with the header row: "数据", then "数据 (2)" ... when a
 * table has more rows than a sheet holds (1,048,576 with the header; a
 * nation's rating changes do). */
static void data_sheet(struct xlsx *x)
{
	struct strbuf sb = STRBUF_INIT;

	if (x->sheets++)
		strbuf_addf(&sb, "数据 (%d)", x->sheets);
	else
		strbuf_addstr(&sb, "数据");
	x->ws = workbook_add_worksheet(x->wb, sb.buf);
	if (!x->ws) {
		note(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		strbuf_release(&sb);
		return;
	}
	for (int c = 0; c < x->ncol; c++)
		note(x, worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c,
					     width(&x->cols[c]), NULL));
	worksheet_freeze_panes(x->ws, 1, 0);
	for (int c = 0; c < x->ncol; c++) {
		strbuf_reset(&sb);
		dict_header(&sb, &x->cols[c], (enum header_lang)x->lang);
		string(x, x->ws, 0, (lxw_col_t)c, sb.buf, x->head);
	}
	strbuf_release(&sb);
	x->row = 1;
}

int xlsx_open(struct export_ctx *ctx, const char *table, struct db_stmt *st,
	      struct xlsx **out, struct strbuf *err)
{
	struct xlsx *x = xcalloc(1, sizeof(*x));
	lxw_workbook_options opt = { 0 };
	lxw_doc_properties props = { 0 };
	struct strbuf sb = STRBUF_INIT;
	int days = 0;

	strbuf_init(&x->text, 0);
	x->table = xstrdup(table);
	strbuf_addf(&sb, "%s.xlsx", table);
	x->base = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "%s/%s", ctx->stage, x->base);
	x->path = strbuf_detach(&sb, NULL);
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = (char *)ctx->stage;
	x->wb = workbook_new_opt(x->path, &opt);
	if (!x->wb) {
		xlsx_abort(x);
		return ec_error(err, EC_IO, "cannot create workbook '%s'", x->base);
	}
	/* Document times: the business date 00:00 Asia/Shanghai, never the
	 * clock, so two exports of the same data are byte-identical. */
	date_parse(ctx->as_of, &days);
	props.title = (char *)dict_file_zh(table);
	props.company = ctx->pub->name;
	props.author = ctx->pub->name;
	props.created = (time_t)days * 86400 - 8 * 3600;
	workbook_set_properties(x->wb, &props);
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	format_set_text_wrap(x->head);
	format_set_bg_color(x->head, 0xE8EEF4);
	format_set_border(x->head, LXW_BORDER_THIN);
	x->date = workbook_add_format(x->wb);
	format_set_num_format(x->date, "yyyy-mm-dd");
	x->ncol = db_column_count(st);
	x->cols = xcalloc((size_t)x->ncol + 1, sizeof(*x->cols));
	for (int c = 0; c < x->ncol; c++)
		x->cols[c] = *dict_column(table, db_column_name(st, c));
	x->lang = ctx->pub->csv_header;
	strbuf_release(&sb);
	data_sheet(x);
	*out = x;
	return 0;
}

/* Rows a data sheet holds, header included: Excel's 1,048,576; a test
 * sets fewer (ECREDIT_XLSX_SHEET_ROWS, from 2) to see the next sheet. */
static lxw_row_t sheet_rows(void)
{
	static lxw_row_t rows;

	if (!rows) {
		const char *s = getenv("ECREDIT_XLSX_SHEET_ROWS");
		long n = s ? strtol(s, NULL, 10) : 0;

		rows = n >= 2 && n < LXW_ROW_MAX ? (lxw_row_t)n : LXW_ROW_MAX;
	}
	return rows;
}

void xlsx_row(struct xlsx *x, struct db_stmt *st)
{
	if (x->row >= sheet_rows())
		data_sheet(x);
	if (!x->ws)
		return;
	for (int c = 0; c < x->ncol; c++) {
		enum col_type t = x->cols[c].type;
		lxw_col_t col = (lxw_col_t)c;
		int days;

		if (db_column_is_null(st, c))
			continue;
		if ((t == COL_INT || t == COL_REAL) && !db_column_is_text(st, c)) {
			note(x, worksheet_write_number(x->ws, x->row, col,
						       db_column_double(st, c), NULL));
		} else if (t == COL_DATE && db_column_is_text(st, c) &&
			   !date_parse(db_column_text(st, c), &days)) {
			lxw_datetime dt = { 0, 0, 0, 0, 0, 0 };

			date_to_ymd(days, &dt.year, &dt.month, &dt.day);
			note(x, worksheet_write_datetime(x->ws, x->row, col, &dt, x->date));
		} else {
			struct strbuf v = STRBUF_INIT;

			export_add_value(&v, st, c);
			string(x, x->ws, x->row, col, v.buf, NULL);
			strbuf_release(&v);
		}
	}
	x->row++;
}

static void dictionary_sheet(struct xlsx *x)
{
	static const char *const heads[] = { "列名", "英文列名", "类型", "单位",
					     "含义", "取值" };
	static const double widths[] = { 18, 26, 14, 12, 60, 40 };
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, "数据字典");

	if (!ws) {
		note(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(heads); i++)
		note(x, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL));
	worksheet_freeze_panes(ws, 1, 0);
	for (size_t i = 0; i < ARRAY_SIZE(heads); i++)
		string(x, ws, 0, (lxw_col_t)i, heads[i], x->head);
	for (int c = 0; c < x->ncol; c++) {
		const struct col_doc *d = &x->cols[c];
		const char *base = strchr(d->name, '.') ? strchr(d->name, '.') + 1 : d->name;
		lxw_row_t r = (lxw_row_t)c + 1;

		string(x, ws, r, 0, d->zh, NULL);
		string(x, ws, r, 1, base, NULL);
		string(x, ws, r, 2, dict_type_zh(d->type), NULL);
		string(x, ws, r, 3, d->unit ? d->unit : "", NULL);
		string(x, ws, r, 4, d->meaning, NULL);
		string(x, ws, r, 5, d->values ? d->values : "", NULL);
	}
}

int xlsx_close(struct export_ctx *ctx, struct xlsx *x, int64_t rows,
	       struct strbuf *err)
{
	lxw_error e;
	int rc;

	dictionary_sheet(x);
	e = workbook_close(x->wb);
	x->wb = NULL;
	if (!e)
		e = x->error;
	if (e) {
		rc = ec_error(err, EC_IO, "cannot write '%s': %s", x->base,
			      lxw_strerror(e));
		xlsx_abort(x);
		return rc;
	}
	rc = export_register(ctx, x->base, rows, 0, err);
	xlsx_abort(x);
	return rc;
}

void xlsx_abort(struct xlsx *x)
{
	if (!x)
		return;
	if (x->wb) {
		workbook_close(x->wb); /* frees it; the stage folder goes anyway */
		unlink(x->path);
	}
	free(x->cols);
	free(x->base);
	free(x->table);
	free(x->path);
	strbuf_release(&x->text);
	free(x);
}
