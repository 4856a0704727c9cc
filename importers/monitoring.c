#include "core/common.h"
#include "core/archive.h"
#include "core/date.h"
#include "importers/csv.h"
#include "importers/hj212.h"
#include "importers/importer.h"

#include <math.h>
#include <sys/stat.h>
#include <time.h>

/*
 * HJ 212 packet logs (docs/importers-monitoring.md): one record = one non-blank line = one
 * packet; its position is "packet N" where N is the line number in the
 * file (blank lines are skipped but counted in N). Hourly (CN 2061) and
 * daily (CN 2031) values are stored in `monitoring`, one row per MN, CN,
 * pollutant and DataTime; minute (2051) and real-time (2011) data only when
 * opt->store_minute; every other command is counted and not kept.
 *
 * Outcome of a packet:
 *   stored     it added at least one row, or revised one;
 *   duplicate  every row is already there with the same values (or equals
 *              an earlier superseded version: a stale copy), or it is a
 *              packet we do not keep and this very file was imported before;
 *   quarantined with the field and the reason.
 * A revision moves the old row to monitoring_revision. Split packets count
 * each part as a record, with the outcome of their joined group.
 *
 * Memory is bounded: one read buffer, the split-packet joiner's bounded
 * table, and a fixed table of the pollutants of the packet at hand.
 */
#define MON_READ_CHUNK 65536
#define MON_MAX_POLLUTANTS 128
#define MON_MAX_PENDING 64
#define MON_PENDING_BYTES (1 << 20)

enum { V_AVG, V_ZSAVG, V_MIN, V_MAX, V_ZSMIN, V_ZSMAX, V_COU, V_COUNT };
#define HAVE_FLAG (1u << V_COUNT)

struct mon_row {
	struct hj212_str code; /* as sent, or the 2017 code of a 2005 one */
	double v[V_COUNT];
	unsigned have;         /* bit per V_*, and HAVE_FLAG */
	struct hj212_str flag;
	double bound;          /* physical bound (rule set), or HUGE_VAL */
};

struct mon_stats {
	long long hour, day, minute, realtime, other, values, revised_packets,
		revised_values, stale, unknown_mn, joined, crc_modbus,
		crc_swapped, v2005, v2025, older_packets, older_values, v_other;
};

struct mon {
	struct import_ctx *ctx;
	long long file_time;   /* the file's mtime (stdin: now), Shanghai
				* wall-clock seconds, for unstamped packets */
	long long future_s, max_age_s;
	char qn[18];           /* the packet's QN normalised, or "" */
	char datatime[20];     /* its DataTime "YYYY-MM-DD HH:MM:SS", or "" */
	struct arc_stream *in;
	char *buf;
	size_t cap, start, end;
	int eof, skipping, after_cr;
	long long lineno;
	struct db_stmt *ins, *sel, *stale, *rev, *upd, *outlet, *older, *bump;
	struct hj212_join *join;
	struct hj212_packet parts[HJ212_MAX_PNUM];
	struct mon_row rows[MON_MAX_POLLUTANTS];
	unsigned nrows;
	struct mon_stats n;
	char last_mn[HJ212_MAX_MN + 1];
	int last_mn_known;
};

#define KEY_COLS "mn, cn, pollutant, start"
#define KEY_WHERE "mn = ?1 AND cn = ?2 AND pollutant = ?3 AND start = ?4"
#define VALUE_COLS "avg, zs_avg, min, max, zs_min, zs_max, cou, flag"

static const char sql_insert[] =
	"INSERT INTO monitoring (" KEY_COLS ", " VALUE_COLS ", crc_variant,"
	" received, file_id, packet, qn) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	" ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) ON CONFLICT DO NOTHING";
static const char sql_select[] =
	"SELECT " VALUE_COLS ", qn, received, revision, file_id FROM monitoring"
	" WHERE " KEY_WHERE;
static const char sql_stale[] =
	"SELECT 1 FROM monitoring_revision WHERE " KEY_WHERE
	" AND avg IS ?5 AND zs_avg IS ?6 AND min IS ?7 AND max IS ?8"
	" AND zs_min IS ?9 AND zs_max IS ?10 AND cou IS ?11 AND flag IS ?12 LIMIT 1";
static const char sql_revision[] =
	"INSERT INTO monitoring_revision (" KEY_COLS ", revision, " VALUE_COLS
	", crc_variant, received, file_id, packet, replaced_by_file, qn)"
	" SELECT " KEY_COLS ", revision, " VALUE_COLS ", crc_variant, received,"
	" file_id, packet, ?5, qn FROM monitoring WHERE " KEY_WHERE;
static const char sql_update[] =
	"UPDATE monitoring SET avg = ?5, zs_avg = ?6, min = ?7, max = ?8,"
	" zs_min = ?9, zs_max = ?10, cou = ?11, flag = ?12, crc_variant = ?13,"
	" received = ?14, file_id = ?15, packet = ?16, qn = ?17,"
	" revision = revision + 1 WHERE " KEY_WHERE;
/* An older value arriving after a newer one: straight into the history
 * (numbered before the current row, which counts one revision more). */
static const char sql_older[] =
	"INSERT INTO monitoring_revision (" KEY_COLS ", revision, " VALUE_COLS
	", crc_variant, received, file_id, packet, qn, replaced_by_file)"
	" SELECT ?1, ?2, ?3, ?4, m.revision, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
	" ?13, ?14, ?15, ?16, ?17, m.file_id FROM monitoring m WHERE"
	" m.mn = ?1 AND m.cn = ?2 AND m.pollutant = ?3 AND m.start = ?4";
static const char sql_bump[] =
	"UPDATE monitoring SET revision = revision + 1 WHERE " KEY_WHERE;
static const char sql_outlet[] = "SELECT 1 FROM outlet WHERE mn = ?1 LIMIT 1";

/* ---- reading lines ---- */

/* The first line end in s[0..n): LF, or a CR (alone or before LF). */
static char *find_eol(char *s, size_t n)
{
	char *nl = memchr(s, '\n', n);
	char *cr = memchr(s, '\r', nl ? (size_t)(nl - s) : n);

	return cr ? cr : nl;
}

/* 1 with a line (no line end), 0 at the end, <0 when the stream fails.
 * Lines end with LF, CRLF or CR alone. A line longer than HJ212_MAX_LINE
 * comes back cut, with *overlong set; the rest of it is skipped up to the
 * next line end. */
static int next_line(struct mon *m, const char **line, size_t *len,
		     int *overlong, struct strbuf *err)
{
	*overlong = 0;
	for (;;) {
		char *s = m->buf + m->start;
		size_t avail = m->end - m->start;
		char *nl;
		ssize_t r;

		if (m->after_cr && avail) {
			/* the LF of a CRLF split from its CR */
			m->after_cr = 0;
			if (*s == '\n') {
				m->start++;
				continue;
			}
		}
		nl = find_eol(s, avail);
		if (nl && *nl == '\r') {
			if (nl + 1 < s + avail && nl[1] == '\n')
				nl++; /* CRLF: the line ends at the LF */
			else if (nl + 1 == s + avail)
				m->after_cr = 1; /* its LF, if any, comes next */
		}
		if (m->skipping) {
			if (nl) {
				m->start += (size_t)(nl - s) + 1;
				m->skipping = 0;
				continue;
			}
			m->start = m->end = 0;
		} else if (nl) {
			*line = s;
			*len = (size_t)(nl - s);
			m->start += *len + 1;
			m->lineno++;
			if (*len > HJ212_MAX_LINE) {
				*len = HJ212_MAX_LINE;
				*overlong = 1;
			}
			return 1;
		} else if (avail > HJ212_MAX_LINE) {
			*line = s;
			*len = HJ212_MAX_LINE;
			*overlong = 1;
			m->skipping = 1;
			m->start += HJ212_MAX_LINE;
			m->lineno++;
			return 1;
		} else if (m->eof) {
			if (!avail)
				return 0;
			*line = s;
			*len = avail;
			m->start = m->end;
			m->lineno++;
			return 1;
		}
		if (m->eof)
			return 0;
		if (m->start) {
			memmove(m->buf, m->buf + m->start, m->end - m->start);
			m->end -= m->start;
			m->start = 0;
		}
		r = arc_stream_read(m->in, m->buf + m->end, m->cap - m->end, err);
		if (r < 0)
			return (int)r;
		if (r == 0)
			m->eof = 1;
		m->end += (size_t)r;
	}
}

/* ---- outcomes ---- */

static int quarantine(struct mon *m, long long lineno, const char *field,
		      const char *reason, const char *raw, size_t len,
		      struct strbuf *err)
{
	char pos[32];

	snprintf(pos, sizeof(pos), "packet %lld", lineno);
	return import_quarantine(m->ctx, pos, field, reason, raw, len, err);
}

static int quarantine_parts(struct mon *m, const struct hj212_group *g,
			    const char *field, const char *reason,
			    struct strbuf *err)
{
	int rc;

	for (unsigned i = 0; i < HJ212_MAX_PNUM; i++) {
		const struct hj212_part *pt = &g->parts[i];

		if (pt->line && (rc = quarantine(m, pt->lineno, field, reason,
						 pt->line, pt->len, err)))
			return rc;
	}
	return 0;
}

static int evict(struct mon *m, struct hj212_group *g, const char *why,
		 struct strbuf *err)
{
	char reason[160];
	int rc;

	snprintf(reason, sizeof(reason),
		 "split packet incomplete %s: have %u of PNUM=%u parts", why,
		 g->have, g->pnum);
	rc = quarantine_parts(m, g, "PNO", reason, err);
	hj212_join_release(m->join, g);
	return rc;
}

static int mn_is_known(struct mon *m, struct hj212_str mn, struct strbuf *err)
{
	int rc;

	if (mn.n == strlen(m->last_mn) && !memcmp(mn.p, m->last_mn, mn.n))
		return m->last_mn_known;
	db_bind_text_static(m->outlet, 1, mn.p, mn.n);
	rc = db_step(m->outlet, err);
	db_reset(m->outlet);
	if (rc < 0)
		return rc;
	memcpy(m->last_mn, mn.p, mn.n);
	m->last_mn[mn.n] = '\0';
	m->last_mn_known = rc == DB_ROW;
	return m->last_mn_known;
}

/* Packets by command, counted once they are stored or counted as kept. */
static void count_kind(struct mon *m, int cn, unsigned n)
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

static void bind_row(struct db_stmt *st, int all, const struct hj212_packet *p,
		     int cn, const char *start, const struct mon_row *r,
		     long long file_id, long long lineno, const char *qn)
{
	const char *variant = hj212_crc_kind_name(p->crc);

	db_bind_text_static(st, 1, p->mn.p, p->mn.n);
	db_bind_int64(st, 2, cn);
	db_bind_text_static(st, 3, r->code.p, r->code.n);
	db_bind_text_static(st, 4, start, 19);
	if (!all)
		return;
	for (int v = 0; v < V_COUNT; v++) {
		if (r->have & (1u << v))
			db_bind_double(st, 5 + v, r->v[v]);
		else
			db_bind_null(st, 5 + v);
	}
	if (r->have & HAVE_FLAG)
		db_bind_text_static(st, 12, r->flag.p, r->flag.n);
	else
		db_bind_null(st, 12);
	if (all < 2)
		return;
	if (variant)
		db_bind_text_static(st, 13, variant, strlen(variant));
	else
		db_bind_null(st, 13);
	if (p->stamp.n)
		db_bind_text_static(st, 14, p->stamp.p, p->stamp.n);
	else
		db_bind_null(st, 14);
	db_bind_int64(st, 15, file_id);
	db_bind_int64(st, 16, lineno);
	if (*qn)
		db_bind_text(st, 17, qn);
	else
		db_bind_null(st, 17);
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
static int stamp_norm(const char *s, size_t n, char out[20], long long *secs)
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
	    !stamp_norm(p->stamp.p, p->stamp.n, a, &sa) &&
	    !stamp_norm(db_column_text(st, 9), (size_t)db_column_bytes(st, 9), b,
			&sb) && sa != sb)
		return sa > sb;
	return 1;
}

/* Store one row: 1 new, 2 revised, 3 kept as an older revision, 0 same
 * (or stale), <0 error. */
static int store_row(struct mon *m, const struct hj212_packet *p, int cn,
		     const char *start, const struct mon_row *r, long long lineno,
		     struct strbuf *err)
{
	long long fid = m->ctx->file_id;
	int rc, same, later = 1;

	bind_row(m->ins, 2, p, cn, start, r, fid, lineno, m->qn);
	if ((rc = db_run(m->ins, err)))
		return rc;
	if (db_changes(m->ctx->db) == 1)
		return 1;
	bind_row(m->sel, 0, p, cn, start, r, fid, lineno, m->qn);
	rc = db_step(m->sel, err);
	same = rc == DB_ROW && same_values(m->sel, r);
	if (rc == DB_ROW && !same)
		later = packet_is_later(m, p);
	db_reset(m->sel);
	if (rc < 0)
		return rc;
	if (same)
		return 0;
	bind_row(m->stale, 1, p, cn, start, r, fid, lineno, m->qn);
	rc = db_step(m->stale, err);
	db_reset(m->stale);
	if (rc < 0)
		return rc;
	if (rc == DB_ROW)
		return 0; /* an older version sent again: keep the newer one */
	if (!later) {
		bind_row(m->older, 2, p, cn, start, r, fid, lineno, m->qn);
		if ((rc = db_run(m->older, err)))
			return rc;
		bind_row(m->bump, 0, p, cn, start, r, fid, lineno, m->qn);
		if ((rc = db_run(m->bump, err)))
			return rc;
		return 3;
	}
	bind_row(m->rev, 0, p, cn, start, r, fid, lineno, m->qn);
	db_bind_int64(m->rev, 5, fid);
	if ((rc = db_run(m->rev, err)))
		return rc;
	bind_row(m->upd, 2, p, cn, start, r, fid, lineno, m->qn);
	if ((rc = db_run(m->upd, err)))
		return rc;
	return 2;
}

/* Store the joined packet m->parts[0..n) (lines/linenos of its parts).
 * Each part is one record. */
static int store_packet(struct mon *m, unsigned n, const char *start,
			const char **lines, const size_t *lens,
			const long long *linenos, struct strbuf *err)
{
	const struct hj212_packet *p = &m->parts[0];
	char field[64], reason[160];
	int cn = (int)strtol(p->cn.p, NULL, 10);
	unsigned added = 0, revised = 0, older = 0;
	int rc;

	if (collect(m, n, cn, field, sizeof(field), reason, sizeof(reason))) {
		for (unsigned i = 0; i < n; i++)
			if ((rc = quarantine(m, linenos[i], field, reason, lines[i],
					     lens[i], err)))
				return rc;
		return 0;
	}
	if (!*start)
		return ec_error(err, EC_INTERNAL, "DataTime checked but unreadable");
	qn_norm(p->qn, m->qn);
	for (unsigned i = 0; i < m->nrows; i++) {
		rc = store_row(m, p, cn, start, &m->rows[i], linenos[0], err);
		if (rc < 0)
			return rc;
		added += rc == 1;
		revised += rc == 2;
		older += rc == 3;
	}
	count_kind(m, cn, n);
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
	if ((rc = mn_is_known(m, p->mn, err)) < 0)
		return rc;
	if (!rc)
		m->n.unknown_mn += n;
	return 0;
}

static int store_group(struct mon *m, struct hj212_group *g, struct strbuf *err)
{
	const char *lines[HJ212_MAX_PNUM];
	size_t lens[HJ212_MAX_PNUM];
	long long linenos[HJ212_MAX_PNUM];
	struct hj212_error e;

	for (unsigned i = 0; i < g->pnum; i++) {
		lines[i] = g->parts[i].line;
		lens[i] = g->parts[i].len;
		linenos[i] = g->parts[i].lineno;
		if (hj212_parse(lines[i], lens[i], &m->parts[i], &e))
			return ec_error(err, EC_INTERNAL, "split part re-read failed: %s",
					e.reason);
	}
	if (hj212_datatime(m->parts[0].datatime, m->datatime))
		*m->datatime = '\0';
	m->n.joined++;
	return store_packet(m, g->pnum, m->datatime, lines, lens, linenos, err);
}

static int join_part(struct mon *m, const struct hj212_packet *p,
		     const char *line, size_t len, struct strbuf *err)
{
	for (;;) {
		struct hj212_group *g;
		const struct hj212_part *old;
		char reason[128];
		int rc;

		switch (hj212_join_add(m->join, p, line, len, m->lineno, &g)) {
		case HJ212_JOIN_PENDING:
			return 0;
		case HJ212_JOIN_COMPLETE:
			rc = store_group(m, g, err);
			hj212_join_release(m->join, g);
			return rc;
		case HJ212_JOIN_REPEAT:
			old = &g->parts[p->pno_value - 1];
			if (old->len == len && !memcmp(old->line, line, len)) {
				m->ctx->counts.duplicate++;
				return 0;
			}
			snprintf(reason, sizeof(reason),
				 "split part PNO=%u repeated with other content"
				 " (first at packet %lld)", p->pno_value, old->lineno);
			return quarantine(m, m->lineno, "PNO", reason, line, len, err);
		case HJ212_JOIN_FULL:
			g = hj212_join_oldest(m->join);
			if (!g)
				return ec_error(err, EC_INTERNAL, "split joiner full and empty");
			if ((rc = evict(m, g, "(too many split packets pending)", err)))
				return rc;
			continue;
		}
	}
}

/* ---- one line ---- */

/* The stamp is stored as text: valid UTF-8 without control characters. */
static int stamp_clean(struct hj212_str s)
{
	for (size_t i = 0; i < s.n; i++)
		if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7F)
			return 0;
	return csv_utf8_valid(s.p, s.n);
}

/* Count the variants p was read with, one warning per kind. */
static void warn_tolerated(struct mon *m, const struct hj212_packet *p)
{
	if (p->tolerated & HJ212_TOL_DATATIME_MS)
		import_warn_kind(m->ctx, "datatime-ms",
				 "packet %lld: DataTime=%.*s has milliseconds; read"
				 " to the second", m->lineno, (int)p->datatime.n,
				 p->datatime.p);
	if (p->tolerated & HJ212_TOL_FLAG_VERSION) {
		m->n.v_other++;
		import_warn_kind(m->ctx, "flag-version",
				 "packet %lld: unknown protocol version %u in Flag=%u;"
				 " read as HJ 212-2017", m->lineno, p->version,
				 p->flag_value);
	}
	if (p->tolerated & HJ212_TOL_CP_SPACE)
		import_warn_kind(m->ctx, "cp-space",
				 "packet %lld: blanks around CP fields ignored",
				 m->lineno);
}

/*
 * A DataTime the device cannot have meant: after the time the packet was
 * received (its stamp, else the file's time) by more than the tolerance,
 * or before it by more than the horizon. 1 with reason set, else 0.
 * Leaves the DataTime read in m->datatime.
 */
static int implausible_time(struct mon *m, const struct hj212_packet *p,
			    char *reason, size_t size)
{
	char *start = m->datatime, ref[20];
	long long t, r;
	const char *what = "the receive stamp";

	if (hj212_datatime_secs(p->datatime, start, &t)) {
		*start = '\0'; /* checked by the parser */
		return 0;
	}
	if (!p->stamp.n || stamp_norm(p->stamp.p, p->stamp.n, ref, &r)) {
		r = m->file_time;
		what = "the file's time";
	}
	if (t > r + m->future_s) {
		snprintf(reason, size,
			 "implausible time: DataTime %s is %lld hours after %s"
			 " (tolerance %lld hours)", start, (t - r + 3599) / 3600, what,
			 m->future_s / 3600);
		return 1;
	}
	if (t < r - m->max_age_s) {
		snprintf(reason, size,
			 "implausible time: DataTime %s is %lld days before %s"
			 " (horizon %lld days)", start, (r - t) / 86400, what,
			 m->max_age_s / 86400);
		return 1;
	}
	return 0;
}

static int do_line(struct mon *m, const char *line, size_t len, int overlong,
		   struct strbuf *err)
{
	const struct import_options *opt = m->ctx->opt;
	struct hj212_packet *p = &m->parts[0];
	struct hj212_error e;
	char reason[160];
	int cn, keep;

	while (len && line[len - 1] == '\r')
		len--;
	m->ctx->counts.read++;
	if (overlong) {
		snprintf(reason, sizeof(reason), "line longer than %d bytes",
			 HJ212_MAX_LINE);
		return quarantine(m, m->lineno, NULL, reason, line, len, err);
	}
	if (hj212_parse(line, len, p, &e))
		return quarantine(m, m->lineno, e.field, e.reason, line, len, err);
	if (!stamp_clean(p->stamp))
		return quarantine(m, m->lineno, "stamp",
				  "control character or invalid UTF-8 in the receive stamp",
				  line, len, err);
	if (p->crc == HJ212_CRC_MODBUS && !opt->accept_crc_modbus)
		return quarantine(m, m->lineno, "CRC",
				  "CRC is CRC-16/MODBUS, not HJ 212 Appendix A",
				  line, len, err);
	if (p->crc == HJ212_CRC_SWAPPED && !opt->accept_crc_swapped)
		return quarantine(m, m->lineno, "CRC",
				  "CRC is HJ 212 Appendix A with its bytes swapped",
				  line, len, err);
	m->n.crc_modbus += p->crc == HJ212_CRC_MODBUS;
	m->n.crc_swapped += p->crc == HJ212_CRC_SWAPPED;
	m->n.v2005 += p->version == 0;
	m->n.v2025 += p->version == 8;
	cn = (int)strtol(p->cn.p, NULL, 10);
	keep = cn == 2061 || cn == 2031 ||
	       ((cn == 2051 || cn == 2011) && opt->store_minute);
	if (!keep) {
		warn_tolerated(m, p);
		count_kind(m, cn, 1);
		m->ctx->unkept++; /* stored, or duplicate when seen before */
		return 0;
	}
	if (!p->datatime.p)
		return quarantine(m, m->lineno, "DataTime", "missing DataTime", line,
				  len, err);
	if (implausible_time(m, p, reason, sizeof(reason)))
		return quarantine(m, m->lineno, "DataTime", reason, line, len, err);
	warn_tolerated(m, p);
	if (p->split)
		return join_part(m, p, line, len, err);
	return store_packet(m, 1, m->datatime, &line, &len, &m->lineno, err);
}

/* ---- the importer ---- */

static int prepare_all(struct mon *m, struct strbuf *err)
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
	    (rc = db_prepare(db, sql_outlet, &m->outlet, err)))
		return rc;
	return 0;
}

static void finish_report(struct mon *m)
{
	const struct mon_stats *n = &m->n;

	snprintf(m->ctx->extra, sizeof(m->ctx->extra),
		 "{\"hour\":%lld,\"day\":%lld,\"minute\":%lld,\"realtime\":%lld,"
		 "\"other\":%lld,\"values\":%lld,\"revised_packets\":%lld,"
		 "\"revised_values\":%lld,\"unknown_mn\":%lld,\"split_joined\":%lld,"
		 "\"crc_modbus\":%lld,\"crc_swapped\":%lld,\"v2005\":%lld,"
		 "\"v2025\":%lld,\"v_other\":%lld,\"older_packets\":%lld,"
		 "\"older_values\":%lld,\"minute_stored\":%s}",
		 n->hour, n->day, n->minute, n->realtime, n->other, n->values,
		 n->revised_packets, n->revised_values, n->unknown_mn, n->joined,
		 n->crc_modbus, n->crc_swapped, n->v2005, n->v2025, n->v_other,
		 n->older_packets, n->older_values,
		 m->ctx->opt->store_minute ? "true" : "false");
	if (n->older_packets)
		import_warn(m->ctx,
			    "%lld packets carry %lld values older than the stored ones"
			    " (by QN or receive stamp): kept in monitoring_revision,"
			    " the stored values stay current",
			    n->older_packets, n->older_values);
	if (n->revised_packets)
		import_warn(m->ctx,
			    "%lld packets revised %lld earlier values (old values kept in"
			    " monitoring_revision)",
			    n->revised_packets, n->revised_values);
	if (n->unknown_mn)
		import_warn(m->ctx,
			    "%lld packets come from MNs that match no permit outlet yet"
			    " (stored; see report unmatched)",
			    n->unknown_mn);
}

static int is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* The file's modification time (standard input: now) as Shanghai
 * wall-clock seconds, the reference for packets without a stamp. */
static long long file_time(const char *path)
{
	struct stat st;
	time_t t = time(NULL);

	if (strcmp(path, "-") && !stat(path, &st))
		t = st.st_mtime;
	return (long long)t + 8 * 3600;
}

static int monitoring_run(struct import_ctx *ctx, struct strbuf *err)
{
	struct mon *m = xcalloc(1, sizeof(*m));
	struct hj212_group *g;
	const char *line = NULL;
	size_t len = 0;
	int rc, overlong;

	m->ctx = ctx;
	m->future_s = 3600LL * (ctx->opt->future_tolerance_hours ?
				ctx->opt->future_tolerance_hours :
				IMPORT_FUTURE_TOLERANCE_HOURS);
	m->max_age_s = 86400LL * (ctx->opt->max_age_days ? ctx->opt->max_age_days :
				  IMPORT_MAX_AGE_DAYS);
	m->file_time = file_time(ctx->path);
	m->cap = HJ212_MAX_LINE + MON_READ_CHUNK;
	m->buf = xmalloc(m->cap);
	m->join = hj212_join_new(MON_MAX_PENDING, MON_PENDING_BYTES);
	if ((rc = prepare_all(m, err)) ||
	    (rc = import_open_stream(ctx, &m->in, err)))
		goto out;
	while ((rc = next_line(m, &line, &len, &overlong, err)) > 0) {
		if (!overlong && is_blank(line, len))
			continue; /* blank line: not a record */
		if ((rc = do_line(m, line, len, overlong, err)))
			goto out;
	}
	if (rc < 0)
		goto out;
	while ((g = hj212_join_oldest(m->join)))
		if ((rc = evict(m, g, "at end of file", err)))
			goto out;
	finish_report(m);
out:
	arc_stream_close(m->in);
	db_finalize(m->ins);
	db_finalize(m->sel);
	db_finalize(m->stale);
	db_finalize(m->rev);
	db_finalize(m->upd);
	db_finalize(m->older);
	db_finalize(m->bump);
	db_finalize(m->outlet);
	hj212_join_free(m->join);
	free(m->buf);
	free(m);
	return rc;
}

const struct importer importer_monitoring = { "monitoring", monitoring_run };
