#include "core/common.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/db.h"
#include "importers/permit_store.h"

#include <ctype.h>

void permit_clear(struct permit *p)
{
	for (size_t i = 0; i < p->nr; i++) {
		struct permit_outlet *o = &p->outlets[i];

		for (size_t j = 0; j < o->nr; j++) {
			free(o->limits[j].pollutant);
			for (int k = 0; k < 3; k++)
				free(o->limits[j].value[k]);
		}
		free(o->limits);
		free(o->code);
		free(o->kind);
		free(o->mn);
		free(o->unit);
		free(o->commissioned);
	}
	free(p->outlets);
	free(p->no);
	free(p->status);
	free(p->issued);
	free(p->valid_from);
	free(p->valid_to);
	free(p->uscc);
	free(p->name);
	free(p->region);
	free(p->town);
	free(p->industry_code);
	free(p->industry_name);
	strbuf_release(&p->class_);
	strbuf_release(&p->grade);
	strbuf_release(&p->guarantee);
	memset(p, 0, sizeof(*p));
	strbuf_init(&p->class_, 0);
	strbuf_init(&p->grade, 0);
	strbuf_init(&p->guarantee, 0);
}

int permit_is_true(const char *s)
{
	return s && (!strcmp(s, "true") || !strcmp(s, "1"));
}
/* ---- canonical form ---- */

static void json_field(struct strbuf *sb, const char *key, const char *value)
{
	if (sb->len && sb->buf[sb->len - 1] != '{')
		strbuf_addch(sb, ',');
	strbuf_add_json_string(sb, key);
	strbuf_addch(sb, ':');
	if (value)
		strbuf_add_json_string(sb, value);
	else
		strbuf_addstr(sb, "null");
}

static void json_int(struct strbuf *sb, const char *key, long long v)
{
	json_field(sb, key, NULL);
	strbuf_setlen(sb, sb->len - 4);
	strbuf_addf(sb, "%lld", v);
}

static void json_number(struct strbuf *sb, const char *key, const char *text, double v)
{
	json_field(sb, key, NULL);
	if (text) {
		strbuf_setlen(sb, sb->len - 4);
		strbuf_addf(sb, "%.15g", v);
	}
}

static int outlet_cmp(const void *a, const void *b)
{
	return strcmp(((const struct permit_outlet *)a)->code, ((const struct permit_outlet *)b)->code);
}

static int limit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct permit_limit *)a)->pollutant,
		      ((const struct permit_limit *)b)->pollutant);
}

const char *permit_grade(const struct permit *p)
{
	return p->grade.len ? p->grade.buf : "none";
}

/*
 * The permit as one JSON object: the canonical form hashed into
 * content_sha256 (generated == NULL), the raw text of a quarantined permit,
 * and the record kept in permit_history (with generated). Keys and order
 * match the JSON that permit_store_upsert() makes in SQL from the stored rows.
 */
void permit_json(struct permit *p, const char *generated, struct strbuf *sb)
{
	if (p->nr)
		qsort(p->outlets, p->nr, sizeof(*p->outlets), outlet_cmp);
	strbuf_addch(sb, '{');
	json_field(sb, "permit_no", p->no);
	json_field(sb, "uscc", p->uscc);
	json_field(sb, "name", p->name);
	json_field(sb, "region", p->region);
	json_field(sb, "town", p->town);
	json_field(sb, "status", p->status);
	json_field(sb, "issued", p->issued);
	json_field(sb, "valid_from", p->valid_from);
	json_field(sb, "valid_to", p->valid_to);
	json_field(sb, "industry_code", p->industry_code);
	json_field(sb, "industry_name", p->industry_name);
	json_int(sb, "key_industry", p->key_industry);
	json_field(sb, "class", p->class_.buf);
	json_field(sb, "grade", permit_grade(p));
	json_int(sb, "guarantee", permit_is_true(p->guarantee.buf));
	if (generated)
		json_field(sb, "generated", generated);
	json_field(sb, "outlets", NULL);
	strbuf_setlen(sb, sb->len - 4);
	strbuf_addch(sb, '[');
	for (size_t i = 0; i < p->nr; i++) {
		struct permit_outlet *o = &p->outlets[i];

		if (o->nr)
			qsort(o->limits, o->nr, sizeof(*o->limits), limit_cmp);
		strbuf_addstr(sb, i ? ",{" : "{");
		json_field(sb, "code", o->code);
		json_field(sb, "kind", o->kind);
		json_field(sb, "mn", o->mn);
		json_int(sb, "ultra_low", o->ultra_low);
		/* only when present, so permits without units hash as before */
		if (o->unit)
			json_field(sb, "unit", o->unit);
		if (o->commissioned)
			json_field(sb, "commissioned", o->commissioned);
		json_field(sb, "limits", NULL);
		strbuf_setlen(sb, sb->len - 4);
		strbuf_addch(sb, '[');
		for (size_t j = 0; j < o->nr; j++) {
			struct permit_limit *l = &o->limits[j];

			strbuf_addstr(sb, j ? ",{" : "{");
			json_field(sb, "pollutant", l->pollutant);
			json_number(sb, "conc", l->value[0], l->num[0]);
			json_number(sb, "ultra_low_conc", l->value[1], l->num[1]);
			json_number(sb, "annual_t", l->value[2], l->num[2]);
			strbuf_addch(sb, '}');
		}
		strbuf_addstr(sb, "]}");
	}
	strbuf_addstr(sb, "]}");
}

/*
 * xs:dateTime to UTC 'YYYY-MM-DDTHH:MM:SSZ' (fractions of a second are
 * dropped; no zone means Asia/Shanghai). Only 4-digit years. 0 or -1.
 */
static int num(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*out = *out * 10 + (s[i] - '0');
	}
	return 0;
}

static void put2(char *p, int v, char after)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	p[2] = after;
}

int permit_stamp_utc(const char *s, char out[PERMIT_STAMP_SIZE])
{
	int y, mo, d, h, mi, sec, oh = 8, om = 0, sign = 1, secs;
	char date[DATE_TEXT_SIZE];
	long long t, days;
	const char *z;

	if (strlen(s) < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || num(s, 4, &y) || num(s + 5, 2, &mo) ||
	    num(s + 8, 2, &d) || num(s + 11, 2, &h) || num(s + 14, 2, &mi) ||
	    num(s + 17, 2, &sec) || !date_valid_ymd(y, mo, d) || h > 24 || mi > 59 ||
	    sec > 59 || (h == 24 && (mi || sec)))
		return -1;
	z = s + 19;
	if (*z == '.')
		for (z++; isdigit((unsigned char)*z); z++)
			;
	if (*z == 'Z') {
		oh = 0;
		z++;
	} else if (*z == '+' || *z == '-') {
		sign = *z == '-' ? -1 : 1;
		if (strlen(z) != 6 || z[3] != ':' || num(z + 1, 2, &oh) ||
		    num(z + 4, 2, &om) || oh > 14 || om > 59)
			return -1;
		z += 6;
	}
	if (*z)
		return -1;
	t = (long long)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	    sign * (oh * 3600 + om * 60);
	days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	t -= days * 86400;
	date_format((int)days, date);
	secs = (int)t;
	if (strlen(date) != DATE_TEXT_SIZE - 1)
		return -1;
	memcpy(out, date, DATE_TEXT_SIZE - 1);
	out[10] = 'T';
	put2(out + 11, secs / 3600, ':');
	put2(out + 14, secs / 60 % 60, ':');
	put2(out + 17, secs % 60, 'Z');
	out[PERMIT_STAMP_SIZE - 1] = '\0';
	return 0;
}

/* ---- storing ---- */

struct permit_store {
	long long replaced, older;
	struct db_stmt *current, *in_history, *history_of_current, *history_new,
		*del_limits, *del_outlets, *ins_permit, *ins_outlet, *ins_limit;
};


int permit_store_open(struct db *db, struct permit_store **out, struct strbuf *err)
{
	struct permit_store *s = xcalloc(1, sizeof(*s));
	int rc;

	*out = s;

	if ((rc = db_prepare(db,
			     "SELECT content_sha256, coalesce(generated, ''), file_id"
			     " FROM permit WHERE permit_no = ?1",
			     &s->current, err)) ||
	    (rc = db_prepare(db,
			     "SELECT 1 FROM permit_history"
			     " WHERE permit_no = ?1 AND content_sha256 = ?2",
			     &s->in_history, err)) ||
	    (rc = db_prepare(db,
			     "INSERT OR IGNORE INTO permit_history (permit_no,"
			     " content_sha256, record, file_id, replaced_by_file)"
			     " SELECT p.permit_no, p.content_sha256, json_object("
			     " 'permit_no', p.permit_no, 'uscc', p.uscc, 'name', p.name,"
			     " 'region', p.region, 'town', p.town, 'status', p.status,"
			     " 'issued', p.issued, 'valid_from', p.valid_from,"
			     " 'valid_to', p.valid_to, 'industry_code', p.industry_code,"
			     " 'industry_name', p.industry_name,"
			     " 'key_industry', p.key_industry, 'class', p.class,"
			     " 'grade', p.grade, 'guarantee', p.guarantee,"
			     " 'generated', p.generated, 'outlets', json(("
			     "  SELECT json_group_array(json_object('code', o.code,"
			     "  'kind', o.kind, 'mn', o.mn, 'ultra_low', o.ultra_low,"
			     "  'unit', o.unit, 'commissioned', o.commissioned,"
			     "  'limits', json((SELECT json_group_array(json_object("
			     "   'pollutant', l.pollutant, 'conc', l.conc,"
			     "   'ultra_low_conc', l.ultra_low_conc, 'annual_t', l.annual_t))"
			     "   FROM outlet_limit l WHERE l.permit_no = o.permit_no"
			     "   AND l.outlet_code = o.code))))"
			     "  FROM outlet o WHERE o.permit_no = p.permit_no))),"
			     " p.file_id, ?2 FROM permit p WHERE p.permit_no = ?1",
			     &s->history_of_current, err)) ||
	    (rc = db_prepare(db,
			     "INSERT OR IGNORE INTO permit_history (permit_no,"
			     " content_sha256, record, file_id, replaced_by_file)"
			     " VALUES (?1, ?2, ?3, ?4, ?5)",
			     &s->history_new, err)) ||
	    (rc = db_prepare(db, "DELETE FROM outlet_limit WHERE permit_no = ?1",
			     &s->del_limits, err)) ||
	    (rc = db_prepare(db, "DELETE FROM outlet WHERE permit_no = ?1",
			     &s->del_outlets, err)) ||
	    (rc = db_prepare(db,
			     "INSERT OR REPLACE INTO permit (permit_no, uscc, name, region,"
			     " town, status, issued, valid_from, valid_to, industry_code,"
			     " industry_name, key_industry, class, grade, guarantee,"
			     " generated, content_sha256, file_id, line) VALUES (?1, ?2,"
			     " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
			     " ?16, ?17, ?18, ?19)",
			     &s->ins_permit, err)) ||
	    (rc = db_prepare(db,
			     "INSERT INTO outlet (permit_no, code, kind, mn, ultra_low,"
			     " unit, commissioned) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			     &s->ins_outlet, err)) ||
	    (rc = db_prepare(db,
			     "INSERT INTO outlet_limit (permit_no, outlet_code, pollutant,"
			     " conc, ultra_low_conc, annual_t) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			     &s->ins_limit, err)))
		return rc;
	return 0;
}

void permit_store_tally(const struct permit_store *s, long long *replaced,
			long long *older)
{
	*replaced = s->replaced;
	*older = s->older;
}

void permit_store_close(struct permit_store *s)
{
	if (!s)
		return;
	db_finalize(s->current);
	db_finalize(s->in_history);
	db_finalize(s->history_of_current);
	db_finalize(s->history_new);
	db_finalize(s->del_limits);
	db_finalize(s->del_outlets);
	db_finalize(s->ins_permit);
	db_finalize(s->ins_outlet);
	db_finalize(s->ins_limit);
	free(s);
}

static void bind_number(struct db_stmt *st, int idx, const struct permit_limit *l, int k)
{
	if (l->value[k])
		db_bind_double(st, idx, l->num[k]);
	else
		db_bind_null(st, idx);
}

/* Replace the stored rows of p (permit, outlets, limits) with p. */
static int store(struct import_ctx *ctx, struct permit_store *s, const struct permit *p,
		 const char *hash, const char *generated, struct strbuf *err)
{
	struct db_stmt *st = s->ins_permit;
	int rc;

	db_bind_text(s->del_limits, 1, p->no);
	db_bind_text(s->del_outlets, 1, p->no);
	if ((rc = db_run(s->del_limits, err)) || (rc = db_run(s->del_outlets, err)))
		return rc;
	db_bind_text(st, 1, p->no);
	db_bind_text(st, 2, p->uscc);
	db_bind_text(st, 3, p->name);
	db_bind_text(st, 4, p->region);
	db_bind_text(st, 5, p->town);
	db_bind_text(st, 6, p->status);
	db_bind_text(st, 7, p->issued);
	db_bind_text(st, 8, p->valid_from);
	db_bind_text(st, 9, p->valid_to);
	db_bind_text(st, 10, p->industry_code);
	db_bind_text(st, 11, p->industry_name);
	db_bind_int64(st, 12, p->key_industry);
	db_bind_text(st, 13, p->class_.buf);
	db_bind_text(st, 14, permit_grade(p));
	db_bind_int64(st, 15, permit_is_true(p->guarantee.buf));
	db_bind_text(st, 16, generated);
	db_bind_text(st, 17, hash);
	db_bind_int64(st, 18, ctx->file_id);
	db_bind_int64(st, 19, p->line);
	if ((rc = db_run(st, err)))
		return rc;
	for (size_t i = 0; i < p->nr; i++) {
		const struct permit_outlet *o = &p->outlets[i];

		db_bind_text(s->ins_outlet, 1, p->no);
		db_bind_text(s->ins_outlet, 2, o->code);
		db_bind_text(s->ins_outlet, 3, o->kind);
		db_bind_text(s->ins_outlet, 4, o->mn);
		db_bind_int64(s->ins_outlet, 5, o->ultra_low);
		db_bind_text(s->ins_outlet, 6, o->unit);
		db_bind_text(s->ins_outlet, 7, o->commissioned);
		if ((rc = db_run(s->ins_outlet, err)))
			return rc;
		for (size_t j = 0; j < o->nr; j++) {
			db_bind_text(s->ins_limit, 1, p->no);
			db_bind_text(s->ins_limit, 2, o->code);
			db_bind_text(s->ins_limit, 3, o->limits[j].pollutant);
			for (int k = 0; k < 3; k++)
				bind_number(s->ins_limit, 4 + k, &o->limits[j], k);
			if ((rc = db_run(s->ins_limit, err)))
				return rc;
		}
	}
	return 0;
}

/*
 * The replacement rule. A version already stored as current is a
 * duplicate. Otherwise, against the stored version of the same number:
 *   - none stored: store it;
 *   - the incoming file's generated stamp is newer than or equal to the
 *     stored one's: the stored version goes to permit_history, the incoming
 *     one replaces it (counted stored) -- unless the incoming version is
 *     already in history and its stamp is not strictly newer (a file
 *     imported again: duplicate);
 *   - older: the incoming version only goes to permit_history (counted
 *     stored), or is a duplicate when history already has it.
 */
int permit_store_upsert(struct permit_store *s, struct import_ctx *ctx,
			struct permit *p, const char *hash, const char *generated,
			struct strbuf *err)
{
	char cur_hash[SHA256_HEX_SIZE] = "", cur_gen[PERMIT_STAMP_SIZE] = "";
	int64_t cur_file = 0;
	int rc, in_history, cmp;

	db_bind_text(s->current, 1, p->no);
	rc = db_step(s->current, err);
	if (rc == DB_ROW) {
		snprintf(cur_hash, sizeof(cur_hash), "%s", db_column_text(s->current, 0));
		snprintf(cur_gen, sizeof(cur_gen), "%s", db_column_text(s->current, 1));
		cur_file = db_column_int64(s->current, 2);
	}
	db_reset(s->current);
	if (rc < 0)
		return rc;
	if (rc == DB_ROW && !strcmp(cur_hash, hash)) {
		ctx->counts.duplicate++;
		return 0;
	}
	if (rc == DB_DONE) {
		ctx->counts.stored++;
		return store(ctx, s, p, hash, generated, err);
	}
	db_bind_text(s->in_history, 1, p->no);
	db_bind_text(s->in_history, 2, hash);
	in_history = db_step(s->in_history, err);
	db_reset(s->in_history);
	if (in_history < 0)
		return in_history;
	cmp = strcmp(generated, cur_gen);
	if (in_history == DB_ROW && cmp <= 0) {
		ctx->counts.duplicate++;
		return 0;
	}
	ctx->counts.stored++;
	if (cmp >= 0) {
		s->replaced++;
		db_bind_text(s->history_of_current, 1, p->no);
		db_bind_int64(s->history_of_current, 2, ctx->file_id);
		if ((rc = db_run(s->history_of_current, err)))
			return rc;
		return store(ctx, s, p, hash, generated, err);
	} else {
		struct strbuf record = STRBUF_INIT;

		s->older++;
		permit_json(p, generated, &record);
		db_bind_text(s->history_new, 1, p->no);
		db_bind_text(s->history_new, 2, hash);
		db_bind_text(s->history_new, 3, record.buf);
		db_bind_int64(s->history_new, 4, ctx->file_id);
		db_bind_int64(s->history_new, 5, cur_file);
		rc = db_run(s->history_new, err);
		strbuf_release(&record);
		return rc;
	}
}

