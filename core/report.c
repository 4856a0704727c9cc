#include "core/common.h"
#include "core/report.h"

#include <math.h>

static const struct report_def *const areas[] = {
	core_reports, importers_reports, ratings_reports, linkage_reports,
};

const struct report_def core_reports[] = {
	{ "quarantine", "one row per rejected record",
	  "SELECT source_file, position, field, reason, raw FROM quarantine"
	  " ORDER BY id",
	  NULL },
	{ "runs", "one row per nightly run step",
	  "SELECT r.run_id, r.business_date, coalesce(s.step, '-') AS step,"
	  " coalesce(s.state, r.state) AS state,"
	  " coalesce(s.started, r.started) AS started,"
	  " coalesce(s.finished, r.finished) AS finished,"
	  " coalesce(s.counts, '{}') AS counts"
	  " FROM run r LEFT JOIN run_step s ON s.run_id = r.run_id"
	  " ORDER BY r.business_date, r.ordinal, s.rowid",
	  NULL },
	{ NULL, NULL, NULL, NULL },
};

const struct report_def *report_find(const char *name)
{
	for (size_t a = 0; a < ARRAY_SIZE(areas); a++)
		for (const struct report_def *d = areas[a]; d->name; d++)
			if (!strcmp(d->name, name))
				return d;
	return NULL;
}

void report_each(void (*fn)(const struct report_def *, void *), void *data)
{
	for (size_t a = 0; a < ARRAY_SIZE(areas); a++)
		for (const struct report_def *d = areas[a]; d->name; d++)
			fn(d, data);
}

int report_parse_format(const char *s, enum report_format *out)
{
	static const char *const names[] = { "text", "csv", "json", "xml" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(s, names[i])) {
			*out = (enum report_format)i;
			return 0;
		}
	return -1;
}

const char *report_colour_zh(const char *code)
{
	static const char *const map[][2] = {
		{ "green", "绿色" }, { "blue", "蓝色" }, { "yellow", "黄色" },
		{ "red", "红色" },   { "black", "黑色" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(code, map[i][0]))
			return map[i][1];
	return code;
}

size_t report_display_width(const char *s)
{
	size_t w = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xc0) == 0x80)
			continue;
		w += *p >= 0xe0 ? 2 : 1; /* 3- and 4-byte sequences: CJK, wide */
	}
	return w;
}

static int is_colour_column(const char *name)
{
	size_t n = strlen(name);

	return n >= 6 && !strcmp(name + n - 6, "colour");
}


/*
 * Stored text made safe for the format, whatever was stored (issue 12):
 * a byte that is not valid UTF-8 becomes U+FFFD everywhere; in text
 * (meant for a terminal) control characters are written escaped (\n, \t,
 * \r, \xNN); in XML the control characters XML 1.0 cannot carry become
 * U+FFFD. JSON escapes its own; CSV quotes its own.
 */
static void add_safe(struct strbuf *out, const char *s, enum report_format fmt)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_char_len(p);
		unsigned c = *p;

		if (!n) {
			strbuf_addstr(out, "\xEF\xBF\xBD");
			p++;
			continue;
		}
		if (n == 1 && (c < 0x20 || c == 0x7f) && fmt == REPORT_TEXT) {
			if (c == '\n')
				strbuf_addstr(out, "\\n");
			else if (c == '\t')
				strbuf_addstr(out, "\\t");
			else if (c == '\r')
				strbuf_addstr(out, "\\r");
			else
				strbuf_addf(out, "\\x%02x", c);
		} else if (n == 1 && c < 0x20 && c != '\t' && c != '\n' &&
			   c != '\r' && fmt == REPORT_XML) {
			strbuf_addstr(out, "\xEF\xBF\xBD");
		} else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0 &&
			   fmt == REPORT_TEXT) {
			strbuf_addf(out, "\\u%04x", p[1]); /* C1 controls */
		} else {
			strbuf_add(out, p, n);
		}
		p += n;
	}
}

static void cell_text(struct db_stmt *st, int col, struct strbuf *out,
		      enum report_format fmt)
{
	if (db_column_is_null(st, col))
		return;
	if (!db_column_is_text(st, col) && !db_column_is_integer(st, col)) {
		double v = db_column_double(st, col);

		/* REAL: shortest form that reads back exactly enough; never
		 * "inf" or "nan" (written as no value). */
		if (isfinite(v))
			strbuf_addf(out, "%.10g", v);
		return;
	}
	add_safe(out, db_column_text(st, col), fmt);
}

#define TEXT_SAMPLE_ROWS 500

struct text_state {
	size_t *width;
	char ***rows; /* buffered sample */
	size_t nr, alloc;
	int ncol;
};

static void text_emit(FILE *out, char **cells, const size_t *width, int ncol)
{
	for (int c = 0; c < ncol; c++) {
		size_t w = report_display_width(cells[c]);

		fputs(cells[c], out);
		if (c + 1 < ncol)
			for (size_t i = w; i < width[c] + 2; i++)
				putc(' ', out);
	}
	putc('\n', out);
}

static void text_flush(struct text_state *ts, FILE *out)
{
	for (size_t r = 0; r < ts->nr; r++) {
		text_emit(out, ts->rows[r], ts->width, ts->ncol);
		for (int c = 0; c < ts->ncol; c++)
			free(ts->rows[r][c]);
		free(ts->rows[r]);
	}
	ts->nr = 0;
}

int report_write(struct db *db, const struct report_def *def,
		 const char *as_of, enum report_format fmt, FILE *out,
		 struct strbuf *err)
{
	struct db_stmt *st = NULL;
	struct strbuf cell = STRBUF_INIT, line = STRBUF_INIT;
	struct text_state ts = { 0 };
	char *latest = NULL;
	int rc, ncol, nrows = 0, idx;

	if ((rc = db_prepare(db, def->sql, &st, err)))
		goto out;
	idx = db_bind_index(st, ":as_of");
	if (idx && !as_of && def->latest_sql) {
		struct db_stmt *q;

		if ((rc = db_prepare(db, def->latest_sql, &q, err)))
			goto out;
		if ((rc = db_step(q, err)) == DB_ROW && !db_column_is_null(q, 0))
			latest = xstrdup(db_column_text(q, 0));
		db_finalize(q);
		if (rc < 0)
			goto out;
		as_of = latest;
	}
	if (idx)
		db_bind_text(st, idx, as_of);
	ncol = db_column_count(st);
	ts.ncol = ncol;
	ts.width = xcalloc((size_t)ncol, sizeof(*ts.width));

	/* Header. */
	for (int c = 0; c < ncol; c++) {
		const char *name = db_column_name(st, c);

		if (fmt == REPORT_CSV) {
			if (c)
				strbuf_addch(&line, ',');
			strbuf_add_csv_field(&line, name);
		}
		ts.width[c] = report_display_width(name);
	}
	if (fmt == REPORT_CSV) {
		strbuf_addstr(&line, "\r\n");
		fwrite(line.buf, 1, line.len, out);
	} else if (fmt == REPORT_JSON) {
		fputs("[", out);
	} else if (fmt == REPORT_XML) {
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<report name=\"", out);
		fputs(def->name, out);
		fputs("\">\n", out);
	} else {
		char **hdr = xcalloc((size_t)ncol, sizeof(*hdr));

		for (int c = 0; c < ncol; c++)
			hdr[c] = xstrdup(db_column_name(st, c));
		ALLOC_GROW(ts.rows, ts.nr + 1, ts.alloc);
		ts.rows[ts.nr++] = hdr;
	}

	while ((rc = db_step(st, err)) == DB_ROW) {
		strbuf_reset(&line);
		if (fmt == REPORT_JSON)
			strbuf_addstr(&line, nrows ? ",\n{" : "\n{");
		else if (fmt == REPORT_XML)
			strbuf_addstr(&line, "  <row>");
		for (int c = 0; c < ncol; c++) {
			const char *name = db_column_name(st, c);

			strbuf_reset(&cell);
			cell_text(st, c, &cell, fmt);
			switch (fmt) {
			case REPORT_CSV:
				if (c)
					strbuf_addch(&line, ',');
				strbuf_add_csv_field(&line, cell.buf);
				break;
			case REPORT_JSON:
				if (c)
					strbuf_addch(&line, ',');
				strbuf_add_json_string(&line, name);
				strbuf_addch(&line, ':');
				if (db_column_is_null(st, c) ||
				    (!db_column_is_text(st, c) && !cell.len))
					strbuf_addstr(&line, "null");
				else if (db_column_is_text(st, c))
					strbuf_add_json_string(&line, cell.buf);
				else
					strbuf_add(&line, cell.buf, cell.len);
				break;
			case REPORT_XML:
				strbuf_addf(&line, "<%s>", name);
				strbuf_add_xml_escaped(&line, cell.buf);
				strbuf_addf(&line, "</%s>", name);
				break;
			case REPORT_TEXT:
				break;
			}
		}
		if (fmt == REPORT_TEXT) {
			char **row = xcalloc((size_t)ncol, sizeof(*row));

			for (int c = 0; c < ncol; c++) {
				strbuf_reset(&cell);
				cell_text(st, c, &cell, fmt);
				if (is_colour_column(db_column_name(st, c)))
					row[c] = xstrdup(report_colour_zh(cell.buf));
				else
					row[c] = xstrdup(cell.buf);
				if (ts.nr < TEXT_SAMPLE_ROWS &&
				    report_display_width(row[c]) > ts.width[c])
					ts.width[c] = report_display_width(row[c]);
			}
			if (ts.nr < TEXT_SAMPLE_ROWS) {
				ALLOC_GROW(ts.rows, ts.nr + 1, ts.alloc);
				ts.rows[ts.nr++] = row;
			} else {
				text_flush(&ts, out);
				text_emit(out, row, ts.width, ncol);
				for (int c = 0; c < ncol; c++)
					free(row[c]);
				free(row);
			}
		} else {
			if (fmt == REPORT_JSON)
				strbuf_addch(&line, '}');
			else if (fmt == REPORT_XML)
				strbuf_addstr(&line, "</row>\n");
			else
				strbuf_addstr(&line, "\r\n");
			fwrite(line.buf, 1, line.len, out);
		}
		nrows++;
	}
	if (rc < 0)
		goto out;
	rc = 0;
	if (fmt == REPORT_TEXT)
		text_flush(&ts, out);
	else if (fmt == REPORT_JSON)
		fputs(nrows ? "\n]\n" : "]\n", out);
	else if (fmt == REPORT_XML)
		fputs("</report>\n", out);
	if (fflush(out) || ferror(out))
		rc = ec_error(err, EC_IO, "cannot write report: %s", strerror(errno));
out:
	for (size_t r = 0; r < ts.nr; r++) {
		for (int c = 0; c < ts.ncol; c++)
			free(ts.rows[r][c]);
		free(ts.rows[r]);
	}
	free(ts.rows);
	free(ts.width);
	free(latest);
	db_finalize(st);
	strbuf_release(&cell);
	strbuf_release(&line);
	return rc;
}
