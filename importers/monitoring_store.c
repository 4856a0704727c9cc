#include "core/common.h"
#include "core/date.h"
#include "importers/monitoring_int.h"
#include "importers/monstore.h"

#include <math.h>

/* Storing a checked packet's values (docs/importers-monitoring.md): one
 * row per MN, CN, pollutant and DataTime; a duplicate, a stale copy, a
 * revision or an older value arriving late. */

/* Keyed by day (?1), series id (?2) and period start (?3): see
 * importers/schema.c, version 4. ?4..?11 the values and flag, ?12 the
 * packet's id. */
#define KEY_WHERE "day = ?1 AND series = ?2 AND t = ?3"
#define VALUE_COLS "avg, zs_avg, min, max, zs_min, zs_max, cou, flag"

static const char sql_insert[] =
	"INSERT INTO mon_value (day, series, t, " VALUE_COLS ", packet)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
	" ON CONFLICT DO NOTHING";
static const char sql_select[] =
	"SELECT v.avg, v.zs_avg, v.min, v.max, v.zs_min, v.zs_max, v.cou, v.flag,"
	" p.qn, p.received, v.revision, p.file_id"
	" FROM mon_value v JOIN mon_packet p ON p.id = v.packet"
	" WHERE v.day = ?1 AND v.series = ?2 AND v.t = ?3";
static const char sql_stale[] =
	"SELECT 1 FROM mon_value_revision WHERE series = ?2"
	" AND t = ?3 AND avg IS ?4 AND zs_avg IS ?5 AND min IS ?6 AND max IS ?7"
	" AND zs_min IS ?8 AND zs_max IS ?9 AND cou IS ?10 AND flag IS ?11 LIMIT 1";
static const char sql_revision[] =
	"INSERT INTO mon_value_revision (series, t, revision, " VALUE_COLS
	", packet, replaced_by_file)"
	" SELECT series, t, revision, " VALUE_COLS ", packet, ?4"
	" FROM mon_value WHERE " KEY_WHERE;
static const char sql_update[] =
	"UPDATE mon_value SET avg = ?4, zs_avg = ?5, min = ?6, max = ?7,"
	" zs_min = ?8, zs_max = ?9, cou = ?10, flag = ?11, packet = ?12,"
	" revision = revision + 1 WHERE " KEY_WHERE;
/* An older value arriving after a newer one: straight into the history
 * (numbered before the current row, which counts one revision more). */
static const char sql_older[] =
	"INSERT INTO mon_value_revision (series, t, revision, " VALUE_COLS
	", packet, replaced_by_file)"
	" SELECT ?2, ?3, v.revision, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
	" p.file_id FROM mon_value v JOIN mon_packet p ON p.id = v.packet"
	" WHERE v.day = ?1 AND v.series = ?2 AND v.t = ?3";
static const char sql_bump[] =
	"UPDATE mon_value SET revision = revision + 1 WHERE " KEY_WHERE;
static const char sql_outlet[] = "SELECT 1 FROM outlet WHERE mn = ?1 LIMIT 1";
static const char sql_series_get[] =
	"SELECT id FROM mon_series WHERE mn = ?1 AND cn = ?2 AND pollutant = ?3";
static const char sql_series_add[] =
	"INSERT INTO mon_series (mn, cn, pollutant) VALUES (?1, ?2, ?3)";
static const char sql_packet[] =
	"INSERT INTO mon_packet (file_id, line, received, crc_variant, qn)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_unpacket[] = "DELETE FROM mon_packet WHERE id = ?1";
static const char sql_month_get[] =
	"SELECT n, vsum, vlast FROM mon_month WHERE series = ?1 AND month = ?2";

int mon_prepare(struct mon *m, struct strbuf *err)
{
	struct db *db = m->ctx->db;
	int rc;

	if ((rc = db_prepare(db, sql_insert, &m->ins, err)) ||
	    (rc = db_prepare(db, sql_select, &m->sel, err)) ||
	    (rc = db_prepare(db, sql_stale, &m->stale, err)) ||
	    (rc = db_prepare(db, sql_revision, &m->rev, err)) ||
	    (rc = db_prepare(db, sql_update, &m->upd, err)) ||
	    (rc = db_prepare(db, sql_older, &m->older, err)) ||
	    (rc = db_prepare(db, sql_bump, &m->bump, err)) ||
	    (rc = db_prepare(db, sql_outlet, &m->outlet, err)) ||
	    (rc = db_prepare(db, sql_series_get, &m->series_get, err)) ||
	    (rc = db_prepare(db, sql_series_add, &m->series_add, err)) ||
	    (rc = db_prepare(db, sql_packet, &m->packet, err)) ||
	    (rc = db_prepare(db, sql_unpacket, &m->unpacket, err)) ||
	    (rc = db_prepare(db, sql_month_get, &m->month_get, err)))
		return rc;
	return 0;
}

void mon_finalize(struct mon *m)
{
	struct db_stmt **st[] = { &m->ins, &m->sel, &m->stale, &m->rev, &m->upd,
				  &m->older, &m->bump, &m->outlet, &m->series_get,
				  &m->series_add, &m->packet, &m->unpacket,
				  &m->month_get };

	for (size_t i = 0; i < ARRAY_SIZE(st); i++) {
		db_finalize(*st[i]);
		*st[i] = NULL;
	}
	strbuf_release(&m->series.keys);
	free(m->series.slot);
	free(m->days.slot);
	free(m->months.slot);
	memset(&m->months, 0, sizeof(m->months));
	memset(&m->series, 0, sizeof(m->series));
	memset(&m->days, 0, sizeof(m->days));
}

/* Packets by command, counted once they are stored or counted as kept. */
void mon_count_kind(struct mon *m, int cn, unsigned n)
{
	switch (cn) {
	case 2061: m->n.hour += n; break;
	case 2031: m->n.day += n; break;
	case 2051: m->n.minute += n; break;
	case 2011: m->n.realtime += n; break;
	default: m->n.other += n; break;
	}
}

/* ---- values ---- */

static int value_slot(enum hj212_suffix s, int cn)
{
	switch (s) {
	case HJ212_SUF_AVG: return V_AVG;
	case HJ212_SUF_ZSAVG: return V_ZSAVG;
	case HJ212_SUF_MIN: return V_MIN;
	case HJ212_SUF_MAX: return V_MAX;
	case HJ212_SUF_ZSMIN: return V_ZSMIN;
	case HJ212_SUF_ZSMAX: return V_ZSMAX;
	case HJ212_SUF_COU: return V_COU;
	case HJ212_SUF_RTD: return cn == 2011 ? V_AVG : -1;
	case HJ212_SUF_ZSRTD: return cn == 2011 ? V_ZSAVG : -1;
	default: return -1;
	}
}

/* The rule set's physical bound for a pollutant, or HUGE_VAL. */
static double bound_of(const struct import_options *opt, struct hj212_str code)
{
	for (size_t i = 0; i < opt->nbounds; i++) {
		const struct import_bound *b = &opt->bounds[i];

		if (!strncmp(b->pollutant, code.p, code.n) && !b->pollutant[code.n])
			return b->max;
	}
	return HUGE_VAL;
}

static struct mon_row *row_for(struct mon *m, struct hj212_str code)
{
	for (unsigned i = m->nrows; i-- > 0;)
		if (m->rows[i].code.n == code.n &&
		    !memcmp(m->rows[i].code.p, code.p, code.n))
			return &m->rows[i];
	if (m->nrows == MON_MAX_POLLUTANTS)
		return NULL;
	memset(&m->rows[m->nrows], 0, sizeof(m->rows[0]));
	m->rows[m->nrows].code = code;
	m->rows[m->nrows].bound = bound_of(m->ctx->opt, code);
	return &m->rows[m->nrows++];
}

static int code_ok(struct hj212_str s, size_t max)
{
	if (!s.n || s.n > max)
		return 0;
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z')))
			return 0;
	}
	return 1;
}

/*
 * Values that cannot be true (docs/importers-monitoring.md, "Implausible
 * values"): above MON_MAX_ABS in magnitude (no stack or drain measures
 * that much in any unit HJ 212 uses; it keeps every sum and product of
 * them finite), or negative for a quantity that cannot be negative. HJ
 * 212-2017 codes are [aw] + 5 digits; of those only the a01xxx parameters
 * (flue gas and weather: temperatures, pressures) and w01010 (water
 * temperature) may be negative. Codes of other forms keep their sign (we
 * do not know what they measure).
 */
#define MON_MAX_ABS 1e12

static int may_be_negative(struct hj212_str code)
{
	if (code.n != 6 || (code.p[0] != 'a' && code.p[0] != 'w'))
		return 1;
	for (size_t i = 1; i < 6; i++)
		if (code.p[i] < '0' || code.p[i] > '9')
			return 1;
	return !memcmp(code.p, "a01", 3) || !memcmp(code.p, "w01010", 6);
}

static int implausible_value(struct hj212_str code, double v, char *reason,
			     size_t rsize)
{
	if (!isfinite(v) || fabs(v) > MON_MAX_ABS) {
		snprintf(reason, rsize, "implausible value %g: beyond %g", v,
			 MON_MAX_ABS);
		return 1;
	}
	if (v < 0 && !may_be_negative(code)) {
		snprintf(reason, rsize,
			 "implausible value %g: %.*s cannot be negative", v,
			 (int)code.n, code.p);
		return 1;
	}
	return 0;
}

/* Above the pollutant's physical bound (not for -Cou, a total in other
 * units). */
static int beyond_bound(const struct mon_row *row, double v, char *reason,
			size_t rsize)
{
	if (v <= row->bound)
		return 0;
	snprintf(reason, rsize,
		 "implausible value %g: above the physical bound %g of %.*s"
		 " (rule set)", v, row->bound, (int)row->code.n, row->code.p);
	return 1;
}

/* Name the field at fault ("a21026-Avg"); returns -1 for collect(). */
static int field_name(char *field, size_t size, const struct hj212_field *f)
{
	snprintf(field, size, "%.*s-%.*s", (int)(f->code.n > 24 ? 24 : f->code.n),
		 f->code.p, (int)(f->suffix.n > 24 ? 24 : f->suffix.n), f->suffix.p);
	return -1;
}

/* Gather the values of parts[0..n) into m->rows. 0, or -1 with the field
 * name in field and the reason in reason. */
static int collect(struct mon *m, unsigned n, int cn, char *field,
		   size_t fsize, char *reason, size_t rsize)
{
	m->nrows = 0;
	for (unsigned i = 0; i < n; i++) {
		const struct hj212_packet *p = &m->parts[i];
		struct hj212_str it = p->cp;
		struct hj212_field f;
		struct hj212_error e;
		int r;

		while ((r = hj212_cp_next(&it, &f, &e)) == 1) {
			struct hj212_str code = f.code;
			struct mon_row *row;
			int slot = value_slot(f.suf, cn);
			unsigned bit;

			if (f.suf != HJ212_SUF_FLAG && slot < 0)
				continue; /* DataTime and fields we do not keep */
			if (!code_ok(f.code, 16)) {
				snprintf(reason, rsize, "bad pollutant code");
				return field_name(field, fsize, &f);
			}
			if (p->version == 0) {
				const char *c17 = hj212_code_2005(f.code);

				if (c17) {
					code.p = c17;
					code.n = strlen(c17);
				}
			}
			if (!(row = row_for(m, code))) {
				snprintf(reason, rsize, "more than %d pollutants in one packet",
					 MON_MAX_POLLUTANTS);
				return field_name(field, fsize, &f);
			}
			bit = f.suf == HJ212_SUF_FLAG ? HAVE_FLAG : 1u << slot;
			if (row->have & bit) {
				snprintf(reason, rsize, "field given twice");
				return field_name(field, fsize, &f);
			}
			row->have |= bit;
			if (f.suf == HJ212_SUF_FLAG) {
				if (!code_ok(f.value, 4)) {
					snprintf(reason, rsize, "bad data flag '%.*s'",
						 (int)(f.value.n > 20 ? 20 : f.value.n), f.value.p);
					return field_name(field, fsize, &f);
				}
				row->flag = f.value;
			} else if (hj212_number(f.value, &row->v[slot])) {
				snprintf(reason, rsize, "bad number '%.*s'",
					 (int)(f.value.n > 40 ? 40 : f.value.n), f.value.p);
				return field_name(field, fsize, &f);
			} else if (implausible_value(code, row->v[slot], reason,
						     rsize) ||
				   (slot != V_COU &&
				    beyond_bound(row, row->v[slot], reason, rsize))) {
				return field_name(field, fsize, &f);
			}
		}
		if (r < 0) {
			snprintf(field, fsize, "CP");
			snprintf(reason, rsize, "%s", e.reason);
			return -1;
		}
	}
	if (!m->nrows) {
		snprintf(field, fsize, "CP");
		snprintf(reason, rsize, "no pollutant values");
		return -1;
	}
	return 0;
}

/* The key (day, series, t); the values ?4..?11. */
static void bind_key(struct db_stmt *st, long long series, long long t)
{
	db_bind_int64(st, 1, mon_day_of(t));
	db_bind_int64(st, 2, series);
	db_bind_int64(st, 3, t);
}

static void bind_values(struct db_stmt *st, const struct mon_row *r)
{
	for (int v = 0; v < V_COUNT; v++) {
		if (r->have & (1u << v))
			db_bind_double(st, 4 + v, r->v[v]);
		else
			db_bind_null(st, 4 + v);
	}
	if (r->have & HAVE_FLAG)
		db_bind_text_static(st, 11, r->flag.p, r->flag.n);
	else
		db_bind_null(st, 11);
}

/* The packet's mon_packet row, added once for the packet when the first
 * of its values is kept (m->packet_id, 0 until then). */
static int packet_id(struct mon *m, const struct hj212_packet *p,
		     long long lineno, long long *id, struct strbuf *err)
{
	const char *variant = hj212_crc_kind_name(p->crc);
	struct db_stmt *st = m->packet;
	int rc;

	if (m->packet_id) {
		*id = m->packet_id;
		return 0;
	}
	db_bind_int64(st, 1, m->ctx->file_id);
	db_bind_int64(st, 2, lineno);
	if (p->stamp.n)
		db_bind_text_static(st, 3, p->stamp.p, p->stamp.n);
	else
		db_bind_null(st, 3);
	if (variant)
		db_bind_text_static(st, 4, variant, strlen(variant));
	else
		db_bind_null(st, 4);
	if (*m->qn)
		db_bind_text(st, 5, m->qn);
	else
		db_bind_null(st, 5);
	if ((rc = db_run(st, err)))
		return rc;
	*id = m->packet_id = db_last_insert_rowid(m->ctx->db);
	return 0;
}

static int same_values(struct db_stmt *st, const struct mon_row *r)
{
	for (int v = 0; v < V_COUNT; v++) {
		int have = !!(r->have & (1u << v));

		if (have == db_column_is_null(st, v))
			return 0;
		if (have && db_column_double(st, v) != r->v[v])
			return 0;
	}
	if (!(r->have & HAVE_FLAG))
		return db_column_is_null(st, 7);
	return !db_column_is_null(st, 7) && db_column_bytes(st, 7) == r->flag.n &&
	       !memcmp(db_column_text(st, 7), r->flag.p, r->flag.n);
}

/* A receive stamp "YYYY-MM-DD HH:MM:SS" (or with 'T', '/', brackets, a
 * fraction after it) -> "YYYY-MM-DD HH:MM:SS" and Shanghai wall-clock
 * seconds. 0, or -1 when it is not such a stamp. */
int mon_stamp_norm(const char *s, size_t n, char out[20], long long *secs)
{
	static const unsigned char at[6] = { 0, 5, 8, 11, 14, 17 };

	while (n && (*s == '[' || *s == ' '))
		s++, n--;
	if (n < 19)
		return -1;
	for (int i = 0; i < 19; i++) {
		int digit = s[i] >= '0' && s[i] <= '9';

		if ((i == 4 || i == 7) ? s[i] != '-' && s[i] != '/' :
		    i == 10 ? s[i] != ' ' && s[i] != 'T' :
		    (i == 13 || i == 16) ? s[i] != ':' : !digit)
			return -1;
	}
	if (date_time_at(s, at, secs))
		return -1;
	memcpy(out, s, 19);
	out[4] = out[7] = '-';
	out[10] = ' ';
	out[19] = '\0';
	return 0;
}

/* QN as 'YYYYMMDDhhmmssSSS': the 17-digit form as sent; 13-digit Unix
 * milliseconds as Shanghai time. Anything else: "". */
static void qn_norm(const struct hj212_str qn, char out[18])
{
	out[0] = '\0';
	if (!qn.p)
		return;
	if (qn.n == 17) {
		memcpy(out, qn.p, 17);
		out[17] = '\0';
	} else if (qn.n == 13) {
		long long ms = 0, t;
		int y, mo, d, days;

		for (size_t i = 0; i < 13; i++)
			ms = ms * 10 + (qn.p[i] - '0');
		t = ms / 1000 + 8 * 3600;
		days = (int)(t / 86400);
		date_to_ymd(days, &y, &mo, &d);
		t %= 86400;
		if (y < 1970 || y > 9999)
			return;
		char tmp[64];

		snprintf(tmp, sizeof(tmp), "%04d%02d%02d%02d%02d%02d%03d", y, mo,
			 d, (int)(t / 3600), (int)(t / 60 % 60), (int)(t % 60),
			 (int)(ms % 1000));
		memcpy(out, tmp, 17);
		out[17] = '\0';
	}
}

/* Of the stored row (m->sel on it) and the packet p, is p the later one?
 * The later QN, else the later receive stamp, else the later import (p). */
static int packet_is_later(struct mon *m, const struct hj212_packet *p)
{
	struct db_stmt *st = m->sel;
	char a[20], b[20];
	long long sa, sb;
	int c;

	if (*m->qn && !db_column_is_null(st, 8) &&
	    (c = strcmp(m->qn, db_column_text(st, 8))))
		return c > 0;
	if (!db_column_is_null(st, 9) && p->stamp.n &&
	    !mon_stamp_norm(p->stamp.p, p->stamp.n, a, &sa) &&
	    !mon_stamp_norm(db_column_text(st, 9), (size_t)db_column_bytes(st, 9), b,
			&sb) && sa != sb)
		return sa > sb;
	return 1;
}

/* Store one row: 1 new, 2 revised, 3 kept as an older revision, 0 same
 * (or stale), <0 error. */
static int store_row(struct mon *m, const struct hj212_packet *p, int cn,
		     long long t, const struct mon_row *r, long long lineno,
		     struct strbuf *err)
{
	long long fid = m->ctx->file_id, series, pid = m->packet_id;
	int rc, same, later = 1, inserted;

	if ((rc = mon_series_id(m, p->mn, cn, r->code, &series, err)))
		return rc;
	/* The packet row is written before its first value; a packet all of
	 * whose values are duplicates leaves none (rolled back below). */
	if (!pid && (rc = packet_id(m, p, lineno, &pid, err)))
		return rc;
	bind_key(m->ins, series, t);
	bind_values(m->ins, r);
	db_bind_int64(m->ins, 12, pid);
	if ((rc = db_run(m->ins, err)))
		return rc;
	inserted = db_changes(m->ctx->db) == 1;
	if (inserted)
		goto stored;
	bind_key(m->sel, series, t);
	rc = db_step(m->sel, err);
	same = rc == DB_ROW && same_values(m->sel, r);
	if (rc == DB_ROW && !same)
		later = packet_is_later(m, p);
	db_reset(m->sel);
	if (rc < 0)
		return rc;
	if (same)
		return 0;
	bind_key(m->stale, series, t);
	bind_values(m->stale, r);
	rc = db_step(m->stale, err);
	db_reset(m->stale);
	if (rc < 0)
		return rc;
	if (rc == DB_ROW)
		return 0; /* an older version sent again: keep the newer one */
	if (!later) {
		bind_key(m->older, series, t);
		bind_values(m->older, r);
		db_bind_int64(m->older, 12, pid);
		if ((rc = db_run(m->older, err)))
			return rc;
		bind_key(m->bump, series, t);
		if ((rc = db_run(m->bump, err)))
			return rc;
		return 3;
	}
	bind_key(m->rev, series, t);
	db_bind_int64(m->rev, 4, fid);
	if ((rc = db_run(m->rev, err)))
		return rc;
	bind_key(m->upd, series, t);
	bind_values(m->upd, r);
	db_bind_int64(m->upd, 12, pid);
	if ((rc = db_run(m->upd, err)))
		return rc;
stored:
	if ((rc = mon_note_value(m, series, t, r, inserted, err)))
		return rc;
	return inserted ? 1 : 2;
}

/* Store the joined packet m->parts[0..n) (lines/linenos of its parts).
 * Each part is one record. */
int mon_store_packet(struct mon *m, unsigned n, const char *start,
		     const char **lines, const size_t *lens,
		     const long long *linenos, struct strbuf *err)
{
	const struct hj212_packet *p = &m->parts[0];
	char field[64], reason[160];
	int cn = (int)strtol(p->cn.p, NULL, 10);
	static const unsigned char datatime_at[6] = { 0, 5, 8, 11, 14, 17 };
	unsigned added = 0, revised = 0, older = 0;
	long long t;
	int rc;

	if (collect(m, n, cn, field, sizeof(field), reason, sizeof(reason))) {
		for (unsigned i = 0; i < n; i++)
			if ((rc = mon_quarantine(m, linenos[i], field, reason, lines[i],
					     lens[i], err)))
				return rc;
		return 0;
	}
	if (!*start || date_time_at(start, datatime_at, &t))
		return ec_error(err, EC_INTERNAL, "DataTime checked but unreadable");
	qn_norm(p->qn, m->qn);
	m->packet_id = 0;
	for (unsigned i = 0; i < m->nrows; i++) {
		rc = store_row(m, p, cn, t, &m->rows[i], linenos[0], err);
		if (rc < 0)
			return rc;
		added += rc == 1;
		revised += rc == 2;
		older += rc == 3;
	}
	if (m->packet_id && !(added + revised + older)) {
		/* nothing of it kept: no provenance either */
		db_bind_int64(m->unpacket, 1, m->packet_id);
		if ((rc = db_run(m->unpacket, err)))
			return rc;
	}
	mon_count_kind(m, cn, n);
	m->n.values += added + revised;
	m->n.revised_values += revised;
	m->n.older_values += older;
	if (revised)
		m->n.revised_packets++;
	if (older)
		m->n.older_packets++;
	if (added + revised + older)
		m->ctx->counts.stored += n;
	else
		m->ctx->counts.duplicate += n;
	if ((rc = mon_mn_known(m, p->mn, err)) < 0)
		return rc;
	if (!rc)
		m->n.unknown_mn += n;
	return 0;
}

