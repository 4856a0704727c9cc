#include "core/common.h"
#include "core/date.h"
#include "importers/csv.h"
#include "importers/generation.h"
#include "importers/importer.h"

/*
 * Hourly generation of coal power units, CSV (docs/power-price.md): one
 * row per unit and hour with the kWh the unit generated. UTF-8 (± BOM) or
 * GB18030, English or Chinese headers:
 *
 *   mn         MN / 数采仪编号 / 监测设备编号    the unit's monitoring device
 *   unit       机组 / 机组编号                     the unit as the permit names it
 *   permit_no  排污许可证编号 / 许可证编号         with unit, when a name repeats
 *   hour       时间 / 小时 / 时段                  YYYY-MM-DD HH[:00[:00]] or
 *                                                  YYYYMMDDHH[0000]: the hour's start
 *   kwh        发电量 / 发电量(kWh) / 发电量(千瓦时)  >= 0, at most 3 decimals
 *
 * mn or unit is required. A unit is found through the permits' outlets
 * (outlet.unit, and permit_no when given); a unit that names no outlet, or
 * more than one without permit_no, is quarantined: import permits first.
 * kWh are stored exactly, as whole watt-hours.
 *
 * Duplicates and revisions: the same MN and hour with the same kWh is a
 * duplicate; with other kWh the later import is current and the earlier
 * value goes to generation_revision (a plant corrects its meter reading by
 * sending the hour again).
 */

#define MAX_WH_PER_HOUR 5000000000LL /* 5 GWh: above any unit's hour */

enum col { C_MN, C_UNIT, C_PERMIT, C_HOUR, C_KWH, NCOLS };

static const struct {
	const char *en;
	const char *zh[3];
} columns[NCOLS] = {
	{ "mn", { "数采仪编号", "监测设备编号", NULL } },
	{ "unit", { "机组", "机组编号", NULL } },
	{ "permit_no", { "排污许可证编号", "许可证编号", NULL } },
	{ "hour", { "时间", "小时", "时段" } },
	{ "kwh", { "发电量", "发电量(kwh)", "发电量(千瓦时)" } },
};

struct gen {
	struct import_ctx *ctx;
	int col[NCOLS];
	size_t nheader;
	long blank;
	long long revised;
	struct db_stmt *by_unit, *find, *insert, *keep_old, *update;
	struct strbuf reason, tmp, mn;
	char hour[DATE_STAMP_SIZE];
	long long wh;
};

/* Header text: ASCII lower case, full-width brackets as ASCII, no spaces. */
static void fold_header(const char *s, struct strbuf *out)
{
	strbuf_reset(out);
	for (; *s; s++) {
		if (!strncmp(s, "\xef\xbc\x88", 3)) { /* （ */
			strbuf_addch(out, '(');
			s += 2;
		} else if (!strncmp(s, "\xef\xbc\x89", 3)) { /* ） */
			strbuf_addch(out, ')');
			s += 2;
		} else if (!strncmp(s, "\xe3\x80\x80", 3)) { /* ideographic space */
			s += 2;
		} else if (*s != ' ' && *s != '\t') {
			strbuf_addch(out, *s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
		}
	}
}

static int map_header(struct gen *g, const struct csv_record *rec, struct strbuf *err)
{
	for (int c = 0; c < NCOLS; c++)
		g->col[c] = -1;
	g->nheader = rec->nfields;
	if (rec->problem)
		return ec_error(err, EC_DATA, "line %ld: header: %s", rec->line, rec->problem);
	for (size_t i = 0; i < rec->nfields; i++) {
		fold_header(rec->field[i], &g->tmp);
		for (int c = 0; c < NCOLS; c++) {
			int hit = !strcmp(g->tmp.buf, columns[c].en);

			for (int k = 0; k < 3 && columns[c].zh[k]; k++)
				hit |= !strcmp(g->tmp.buf, columns[c].zh[k]);
			if (!hit)
				continue;
			if (g->col[c] >= 0)
				return ec_error(err, EC_DATA, "line %ld: column '%s' appears"
						" twice (fields %d and %zu)", rec->line,
						columns[c].en, g->col[c] + 1, i + 1);
			g->col[c] = (int)i;
		}
	}
	if (g->col[C_MN] < 0 && g->col[C_UNIT] < 0)
		return ec_error(err, EC_DATA, "line %ld: the header has neither 'mn'"
				" (数采仪编号) nor 'unit' (机组)", rec->line);
	if (g->col[C_HOUR] < 0)
		return ec_error(err, EC_DATA, "line %ld: the header has no column"
				" 'hour' (时间)", rec->line);
	if (g->col[C_KWH] < 0)
		return ec_error(err, EC_DATA, "line %ld: the header has no column"
				" 'kwh' (发电量)", rec->line);
	return 0;
}

static const char *field(const struct gen *g, const struct csv_record *rec, enum col c)
{
	const char *s = g->col[c] >= 0 ? rec->field[g->col[c]] : "";

	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static int digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		*v = *v * 10 + (**p - '0');
	}
	return 0;
}

int generation_parse_hour(const char *s, char out[DATE_STAMP_SIZE])
{
	int y, mo, d, h, mi = 0, se = 0, day;
	const char *p = s;
	size_t len = strlen(s);

	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 10 || len == 14) { /* YYYYMMDDHH[MMSS] */
		if (digits(&p, 4, &y) || digits(&p, 2, &mo) || digits(&p, 2, &d) ||
		    digits(&p, 2, &h) || (len == 14 && (digits(&p, 2, &mi) ||
							 digits(&p, 2, &se))))
			return -1;
	} else if (len == 13 || len == 16 || len == 19) {
		if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) ||
		    *p++ != '-' || digits(&p, 2, &d) || (*p != ' ' && *p != 'T'))
			return -1;
		p++;
		if (digits(&p, 2, &h))
			return -1;
		if (len >= 16 && (*p++ != ':' || digits(&p, 2, &mi)))
			return -1;
		if (len == 19 && (*p++ != ':' || digits(&p, 2, &se)))
			return -1;
	} else {
		return -1;
	}
	if (h > 23 || mi || se || y < 1000 || mo > 12 || d > 31)
		return -1;
	snprintf(out, DATE_STAMP_SIZE, "%04d-%02d-%02d", y % 10000, mo % 100, d % 100);
	if (date_parse(out, &day))
		return -1;
	{
		/* every field checked above: "YYYY-MM-DD HH:00:00" is 19 bytes */
		char tmp[48];

		snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d %02d:00:00", y, mo, d, h);
		snprintf(out, DATE_STAMP_SIZE, "%.19s", tmp);
	}
	return 0;
}

int generation_parse_kwh(const char *s, long long *wh)
{
	long long v = 0;
	int nd = 0, frac = -1;

	if (!*s)
		return -1;
	for (; *s && *s != ' ' && *s != '\t'; s++) {
		if (*s == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || (frac >= 0 && ++frac > 3))
			return -1;
		if (v > MAX_WH_PER_HOUR)
			return -1;
		v = v * 10 + (*s - '0');
		nd++;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s || !nd)
		return -1;
	for (int k = frac < 0 ? 0 : frac; k < 3; k++)
		v *= 10;
	if (v > MAX_WH_PER_HOUR)
		return -1;
	*wh = v;
	return 0;
}

static int mn_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 32)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= 'a' && *s <= 'z') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static void reason(struct gen *g, const char *what, const char *value)
{
	strbuf_reset(&g->reason);
	strbuf_addf(&g->reason, "%s: '%.80s'", what, value);
}

/* The unit's MN: 0, or 1 with g->reason set (the record is quarantined). */
static int resolve_unit(struct gen *g, const char *unit, const char *permit,
			const char **bad, struct strbuf *err)
{
	int rc, n = 0;

	db_reset(g->by_unit);
	db_bind_text(g->by_unit, 1, unit);
	db_bind_text(g->by_unit, 2, *permit ? permit : NULL);
	while ((rc = db_step(g->by_unit, err)) == DB_ROW) {
		if (!n++)
			strbuf_addstr(&g->mn, db_column_text(g->by_unit, 0));
		else if (strcmp(g->mn.buf, db_column_text(g->by_unit, 0)))
			n = 2;
	}
	db_reset(g->by_unit);
	if (rc != DB_DONE)
		return rc;
	if (!n) {
		reason(g, *permit ? "no outlet of that permit has this unit (import"
				    " permits first)"
				  : "no permit outlet has this unit (import permits first)",
		       unit);
		*bad = "unit";
		return 1;
	}
	if (n > 1) {
		reason(g, "several permits have a unit of this name; give permit_no"
			  " or mn", unit);
		*bad = "unit";
		return 1;
	}
	return 0;
}

/* NULL when the record is good (g->mn, g->hour, g->wh set), else the bad
 * field with g->reason; *rc carries a database error. */
static const char *check(struct gen *g, const struct csv_record *rec, int *rc,
			 struct strbuf *err)
{
	const char *mn = field(g, rec, C_MN), *unit = field(g, rec, C_UNIT);
	const char *s, *bad = NULL;

	strbuf_reset(&g->mn);
	*rc = 0;
	if (*mn) {
		strbuf_addstr(&g->mn, mn);
		while (g->mn.len && (g->mn.buf[g->mn.len - 1] == ' '))
			strbuf_setlen(&g->mn, g->mn.len - 1);
		if (!mn_ok(g->mn.buf)) {
			reason(g, "not a device MN (1-32 letters, digits, '-' or '_')", mn);
			return "mn";
		}
	} else if (*unit) {
		if ((*rc = resolve_unit(g, unit, field(g, rec, C_PERMIT), &bad, err)))
			return *rc > 0 ? bad : NULL;
	} else {
		strbuf_reset(&g->reason);
		strbuf_addstr(&g->reason, "empty");
		return g->col[C_MN] >= 0 ? "mn" : "unit";
	}
	s = field(g, rec, C_HOUR);
	if (generation_parse_hour(s, g->hour)) {
		reason(g, "not the start of an hour (YYYY-MM-DD HH:00)", s);
		return "hour";
	}
	s = field(g, rec, C_KWH);
	if (generation_parse_kwh(s, &g->wh)) {
		reason(g, "not a number of kWh >= 0 with at most 3 decimals", s);
		return "kwh";
	}
	return NULL;
}

static int quarantine(struct gen *g, const struct csv_record *rec, const char *fld,
		      const char *why, struct strbuf *err)
{
	char pos[32];

	snprintf(pos, sizeof(pos), "line %ld", rec->line);
	return import_quarantine(g->ctx, pos, fld, why, rec->raw, rec->raw_len, err);
}

static int blank(const struct csv_record *rec)
{
	for (size_t i = 0; i < rec->nfields; i++)
		for (const char *s = rec->field[i]; *s; s++)
			if (*s != ' ' && *s != '\t')
				return 0;
	return 1;
}

/* Store g's value: new, duplicate, or a revision of the stored one. */
static int store(struct gen *g, long line, struct strbuf *err)
{
	struct import_ctx *ctx = g->ctx;
	int rc;

	db_reset(g->find);
	db_bind_text(g->find, 1, g->mn.buf);
	db_bind_text(g->find, 2, g->hour);
	rc = db_step(g->find, err);
	if (rc == DB_ROW) {
		long long old = db_column_int64(g->find, 0);

		db_reset(g->find);
		if (old == g->wh) {
			ctx->counts.duplicate++;
			return 0;
		}
		db_bind_text(g->keep_old, 1, g->mn.buf);
		db_bind_text(g->keep_old, 2, g->hour);
		db_bind_int64(g->keep_old, 3, ctx->file_id);
		db_bind_text(g->update, 1, g->mn.buf);
		db_bind_text(g->update, 2, g->hour);
		db_bind_int64(g->update, 3, g->wh);
		db_bind_int64(g->update, 4, ctx->file_id);
		db_bind_int64(g->update, 5, line);
		if ((rc = db_run(g->keep_old, err)) || (rc = db_run(g->update, err)))
			return rc;
		g->revised++;
		ctx->counts.stored++;
		return 0;
	}
	db_reset(g->find);
	if (rc != DB_DONE)
		return rc;
	db_bind_text(g->insert, 1, g->mn.buf);
	db_bind_text(g->insert, 2, g->hour);
	db_bind_int64(g->insert, 3, g->wh);
	db_bind_int64(g->insert, 4, ctx->file_id);
	db_bind_int64(g->insert, 5, line);
	if ((rc = db_run(g->insert, err)))
		return rc;
	ctx->counts.stored++;
	return 0;
}

static int handle(struct gen *g, const struct csv_record *rec, struct strbuf *err)
{
	const char *bad;
	int rc;

	if (!rec->problem && blank(rec)) {
		g->blank++;
		return 0;
	}
	g->ctx->counts.read++;
	if (rec->problem)
		return quarantine(g, rec, NULL, rec->problem, err);
	if (rec->nfields != g->nheader) {
		strbuf_reset(&g->reason);
		strbuf_addf(&g->reason, "%zu fields, the header has %zu", rec->nfields,
			    g->nheader);
		return quarantine(g, rec, NULL, g->reason.buf, err);
	}
	if ((bad = check(g, rec, &rc, err)))
		return quarantine(g, rec, bad, g->reason.buf, err);
	if (rc)
		return rc;
	return store(g, rec->line, err);
}

static int prepare(struct gen *g, struct strbuf *err)
{
	struct db *db = g->ctx->db;
	int rc;

	if ((rc = db_prepare(db, "SELECT DISTINCT mn FROM outlet WHERE unit = ?1"
			     " AND (?2 IS NULL OR permit_no = ?2) AND mn IS NOT NULL"
			     " ORDER BY mn", &g->by_unit, err)) ||
	    (rc = db_prepare(db, "SELECT wh FROM generation WHERE mn = ?1 AND hour = ?2",
			     &g->find, err)) ||
	    (rc = db_prepare(db, "INSERT INTO generation (mn, hour, wh, file_id, line)"
			     " VALUES (?1, ?2, ?3, ?4, ?5)", &g->insert, err)) ||
	    (rc = db_prepare(db, "INSERT INTO generation_revision (mn, hour, revision,"
			     " wh, file_id, line, replaced_by_file) SELECT mn, hour,"
			     " revision, wh, file_id, line, ?3 FROM generation"
			     " WHERE mn = ?1 AND hour = ?2", &g->keep_old, err)))
		return rc;
	return db_prepare(db, "UPDATE generation SET wh = ?3, revision = revision + 1,"
			  " file_id = ?4, line = ?5 WHERE mn = ?1 AND hour = ?2",
			  &g->update, err);
}

static int generation_run(struct import_ctx *ctx, struct strbuf *err)
{
	struct gen g = { .ctx = ctx };
	struct csv_reader *r = NULL;
	struct csv_record rec;
	enum csv_encoding enc;
	FILE *f = NULL;
	int bom, rc;

	strbuf_init(&g.reason, 128);
	strbuf_init(&g.tmp, 64);
	strbuf_init(&g.mn, 32);
	if ((rc = import_fopen(ctx, &f, err)) ||
	    (rc = csv_detect(f, ctx->name, &enc, &bom, err)))
		goto out;
	r = csv_open(f, ctx->name, enc);
	while ((rc = csv_next(r, &rec, err)) > 0 && !rec.problem && blank(&rec))
		g.blank++;
	if (rc < 0)
		goto out;
	if (!rc) {
		rc = ec_error(err, EC_DATA, "no header row (empty file)");
		goto out;
	}
	if ((rc = map_header(&g, &rec, err)) || (rc = prepare(&g, err)))
		goto out;
	while ((rc = csv_next(r, &rec, err)) > 0)
		if ((rc = handle(&g, &rec, err)))
			goto out;
	if (rc)
		goto out;
	snprintf(ctx->extra, sizeof(ctx->extra),
		 "{\"encoding\":\"%s\",\"bom\":%s,\"blank\":%ld,\"revised\":%lld}",
		 csv_encoding_name(enc), bom ? "true" : "false",
		 csv_blank_lines(r) + g.blank, g.revised);
out:
	csv_close(r);
	if (f)
		fclose(f);
	db_finalize(g.by_unit);
	db_finalize(g.find);
	db_finalize(g.insert);
	db_finalize(g.keep_old);
	db_finalize(g.update);
	strbuf_release(&g.reason);
	strbuf_release(&g.tmp);
	strbuf_release(&g.mn);
	return rc;
}

const struct importer importer_generation = { "generation", generation_run };
