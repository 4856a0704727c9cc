#include "core/common.h"
#include "core/report.h"
#include "core/xml.h"
#include "exporters/channel.h"
#include "exporters/dict.h"
#include "exporters/xlsx.h"

#include <math.h>

int sink_open(struct export_ctx *ctx, const char *base, struct sink *s,
	      struct strbuf *err)
{
	struct strbuf p = STRBUF_INIT;

	memset(s, 0, sizeof(*s));
	strbuf_init(&s->buf, 0);
	strbuf_addf(&p, "%s/%s", ctx->stage, base);
	s->path = strbuf_detach(&p, NULL);
	s->base = xstrdup(base);
	s->f = fopen(s->path, "wb");
	if (!s->f) {
		int rc = ec_errno(err, "cannot create", s->path);

		sink_abort(s);
		return rc == EC_NOINPUT ? EC_IO : rc;
	}
	s->h = sha256_new();
	return 0;
}

void sink_add(struct sink *s, const void *data, size_t len)
{
	strbuf_add(&s->buf, data, len);
}

int sink_flush(struct sink *s, int force, struct strbuf *err)
{
	if (!s->buf.len || (!force && s->buf.len < 65536))
		return 0;
	sha256_update(s->h, s->buf.buf, s->buf.len);
	s->size += (int64_t)s->buf.len;
	if (fwrite(s->buf.buf, 1, s->buf.len, s->f) != s->buf.len)
		return ec_errno(err, "cannot write", s->path);
	strbuf_reset(&s->buf);
	return 0;
}

int sink_close(struct export_ctx *ctx, struct sink *s, int64_t records,
	       struct strbuf *err)
{
	struct payload_file *pf;
	struct strbuf name = STRBUF_INIT;
	int rc;

	if ((rc = sink_flush(s, 1, err)))
		return rc;
	if (fclose(s->f)) {
		s->f = NULL;
		return ec_errno(err, "cannot write", s->path);
	}
	s->f = NULL;
	ALLOC_GROW(ctx->files, ctx->nr + 1, ctx->alloc);
	pf = &ctx->files[ctx->nr++];
	strbuf_addf(&name, "data/%s", s->base);
	pf->name = strbuf_detach(&name, NULL);
	pf->size = s->size;
	pf->records = records;
	pf->doc = 0;
	sha256_final_hex(s->h, pf->sha256);
	s->h = NULL;
	sink_abort(s);
	return 0;
}

void sink_abort(struct sink *s)
{
	char junk[SHA256_HEX_SIZE];

	if (s->f)
		fclose(s->f);
	if (s->h)
		sha256_final_hex(s->h, junk);
	free(s->path);
	free(s->base);
	strbuf_release(&s->buf);
	memset(s, 0, sizeof(*s));
}


static void add_text(struct strbuf *sb, const char *s, int escape)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_char_len(p);

		if (n == 0 || (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')) {
			strbuf_addstr(sb, "\xEF\xBF\xBD");
			p++;
			continue;
		}
		if (!escape) {
			strbuf_add(sb, p, n);
			p += n;
			continue;
		}
		switch (*p) {
		case '<': strbuf_addstr(sb, "&lt;"); break;
		case '>': strbuf_addstr(sb, "&gt;"); break;
		case '&': strbuf_addstr(sb, "&amp;"); break;
		case '"': strbuf_addstr(sb, "&quot;"); break;
		case '\'': strbuf_addstr(sb, "&#39;"); break;
		case '\r': strbuf_addstr(sb, "&#13;"); break;
		default: strbuf_add(sb, p, n);
		}
		p += n;
	}
}

void export_add_text(struct strbuf *sb, const char *s)
{
	add_text(sb, s, 1);
}

void export_add_plain(struct strbuf *sb, const char *s)
{
	add_text(sb, s, 0);
}

void export_add_value(struct strbuf *sb, struct db_stmt *st, int col)
{
	if (db_column_is_integer(st, col)) {
		strbuf_addf(sb, "%lld", (long long)db_column_int64(st, col));
	} else if (!db_column_is_text(st, col) && !db_column_is_null(st, col)) {
		double v = db_column_double(st, col);

		if (isnan(v))
			strbuf_addstr(sb, "NaN");
		else if (isinf(v))
			strbuf_addstr(sb, v > 0 ? "INF" : "-INF");
		else
			strbuf_addf(sb, "%.15g", v);
	} else {
		strbuf_addstr(sb, db_column_text(st, col));
	}
}

int export_register(struct export_ctx *ctx, const char *base, int64_t records,
		    int doc, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT, name = STRBUF_INIT;
	struct payload_file *pf;
	char hex[SHA256_HEX_SIZE];
	long long size = 0;
	int rc;

	strbuf_addf(&path, "%s/%s", ctx->stage, base);
	rc = sha256_file(path.buf, hex, &size, err);
	strbuf_release(&path);
	if (rc)
		return rc;
	ALLOC_GROW(ctx->files, ctx->nr + 1, ctx->alloc);
	pf = &ctx->files[ctx->nr++];
	strbuf_addf(&name, "data/%s", base);
	pf->name = strbuf_detach(&name, NULL);
	pf->size = size;
	pf->records = records;
	pf->doc = doc;
	memcpy(pf->sha256, hex, sizeof(hex));
	return 0;
}

void export_add_csv(struct strbuf *sb, const char *s)
{
	if (dict_needs_neutralising(s)) {
		struct strbuf t = STRBUF_INIT;

		strbuf_addch(&t, '\'');
		strbuf_addstr(&t, s);
		strbuf_add_csv_field(sb, t.buf);
		strbuf_release(&t);
	} else {
		strbuf_add_csv_field(sb, s);
	}
}

static int validate(struct export_ctx *ctx, const char *path, struct strbuf *err)
{
	struct strbuf xsd = STRBUF_INIT;
	struct xml_reader *r = NULL;
	int rc;

	strbuf_addf(&xsd, "exporters/%s.xsd", ctx->channel);
	if ((rc = xml_reader_open(path, xsd.buf, &r, err)))
		goto out;
	while ((rc = xml_reader_next(r, err)) > 0)
		;
out:
	xml_reader_close(r);
	strbuf_release(&xsd);
	if (rc)
		ec_prefix(err, "the export's own XML fails its schema: ");
	return rc;
}

int export_table_prepare(struct db *db, const struct table_def *t,
			 struct db_stmt **st, struct strbuf *err)
{
	const struct report_def *r;

	if (t->sql)
		return db_prepare(db, t->sql, st, err);
	if (!(r = report_find(t->report)))
		return ec_error(err, EC_INTERNAL, "table %s: no report '%s'", t->name,
				t->report);
	return db_prepare(db, r->sql, st, err);
}

int export_table(struct export_ctx *ctx, const struct table_def *t,
		 struct strbuf *err)
{
	struct db_stmt *st = NULL;
	struct sink xml, csv;
	struct strbuf name = STRBUF_INIT, xml_path = STRBUF_INIT;
	struct xlsx *xl = NULL;
	int64_t rows = 0;
	int rc, ncol;

	memset(&xml, 0, sizeof(xml));
	memset(&csv, 0, sizeof(csv));
	if ((rc = export_table_prepare(ctx->db, t, &st, err)))
		goto out;
	db_bind_text(st, 1, ctx->as_of);
	db_bind_text(st, 2, ctx->since);
	if (db_bind_index(st, "?3")) /* the run, for tables that describe it */
		db_bind_text(st, db_bind_index(st, "?3"), ctx->run_id);
	strbuf_addf(&name, "%s.xml", t->name);
	if ((rc = sink_open(ctx, name.buf, &xml, err)))
		goto out;
	strbuf_addstr(&xml_path, xml.path);
	strbuf_reset(&name);
	strbuf_addf(&name, "%s.csv", t->name);
	if ((rc = sink_open(ctx, name.buf, &csv, err)))
		goto out;
	ncol = db_column_count(st);
	strbuf_addf(&xml.buf,
		    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<%s xmlns=\"urn:ecredit:export:%s:1\" business-date=\"%s\" "
		    "run-id=\"",
		    t->name, ctx->channel, ctx->as_of);
	export_add_text(&xml.buf, ctx->run_id);
	strbuf_addstr(&xml.buf, "\">\n");
	sink_add(&csv, "\xEF\xBB\xBF", 3); /* BOM: spreadsheets read UTF-8 */
	for (int c = 0; c < ncol; c++) {
		struct strbuf h = STRBUF_INIT;

		if (c)
			strbuf_addch(&csv.buf, ',');
		dict_header(&h, dict_column(t->name, db_column_name(st, c)),
			    (enum header_lang)ctx->pub->csv_header);
		export_add_csv(&csv.buf, h.buf);
		strbuf_release(&h);
	}
	strbuf_addstr(&csv.buf, "\r\n");
	if (ctx->xlsx && (rc = xlsx_open(ctx, t->name, st, &xl, err)))
		goto out;
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct strbuf v = STRBUF_INIT;

		strbuf_addstr(&xml.buf, "  <row>");
		for (int c = 0; c < ncol; c++) {
			const char *col = db_column_name(st, c);

			strbuf_reset(&v);
			if (!db_column_is_null(st, c) && !db_column_is_text(st, c) &&
			    !db_column_is_integer(st, c) &&
			    !isfinite(db_column_double(st, c))) {
				/* never INF or NaN in a package (issue 12) */
				rc = ec_error(err, EC_DATA,
					      "row %lld column '%s' is not a finite"
					      " number; refusing to export it",
					      (long long)rows + 1, col);
				strbuf_release(&v);
				goto out;
			}
			if (!db_column_is_null(st, c))
				export_add_value(&v, st, c);
			if (c)
				strbuf_addch(&csv.buf, ',');
			if (db_column_is_text(st, c))
				export_add_csv(&csv.buf, v.buf);
			else
				strbuf_add_csv_field(&csv.buf, v.buf);
			if (db_column_is_null(st, c))
				continue;
			strbuf_addf(&xml.buf, "<%s>", col);
			export_add_text(&xml.buf, v.buf);
			strbuf_addf(&xml.buf, "</%s>", col);
		}
		strbuf_release(&v);
		if (xl)
			xlsx_row(xl, st);
		strbuf_addstr(&xml.buf, "</row>\n");
		strbuf_addstr(&csv.buf, "\r\n");
		rows++;
		if ((rc = sink_flush(&xml, 0, err)) || (rc = sink_flush(&csv, 0, err)))
			goto out;
	}
	if (rc < 0)
		goto out;
	strbuf_addf(&xml.buf, "</%s>\n", t->name);
	if ((rc = sink_close(ctx, &xml, rows, err)) ||
	    (rc = sink_close(ctx, &csv, rows, err)))
		goto out;
	if (xl) {
		rc = xlsx_close(ctx, xl, rows, err);
		xl = NULL;
		if (rc)
			goto out;
	}
	rc = validate(ctx, xml_path.buf, err);
out:
	if (rc)
		ec_prefix(err, "table '%s': ", t->name);
	sink_abort(&xml);
	sink_abort(&csv);
	xlsx_abort(xl);
	db_finalize(st);
	strbuf_release(&name);
	strbuf_release(&xml_path);
	return rc;
}
