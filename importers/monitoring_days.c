#include "core/common.h"
#include "core/date.h"
#include "importers/monitoring_int.h"
#include "importers/monstore.h"

/* What a monitoring import keeps in memory about the file while it stores
 * (docs/importers-monitoring.md, "What is stored"): the series dictionary's
 * ids, whether an outlet names an MN, and the days and months it touched,
 * written to mon_day and mon_month (importers/monstore.h) when their tables
 * fill and at the end of the file. */

/* the masks and largest valid value of added values, merged (OR, max) */
static const char sql_day_merge[] =
	"INSERT INTO mon_day (series, day, hours, bad, f, vmax)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (series, day) DO UPDATE SET"
	" hours = hours | excluded.hours, bad = bad | excluded.bad,"
	" f = f | excluded.f, vmax = CASE WHEN vmax IS NULL THEN excluded.vmax"
	"  WHEN excluded.vmax IS NULL THEN vmax"
	"  ELSE max(vmax, excluded.vmax) END";
static const char sql_day[] = MON_DAY_PUT("?2", "?1");
static const char sql_month_put[] =
	"INSERT OR REPLACE INTO mon_month (series, month, n, vsum, vlast)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_month_rebuild[] = MON_MONTH_PUT("?1", "?2");

/* ---- the series dictionary, cached for the file ---- */

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3ULL; /* FNV-1a */
	return h;
}

static void series_grow(struct mon_series_map *t)
{
	struct mon_series_slot *old = t->slot;
	size_t ocap = t->cap;

	t->cap = ocap ? ocap * 2 : 1024;
	t->slot = xcalloc(t->cap, sizeof(*t->slot));
	for (size_t i = 0; i < ocap; i++) {
		size_t j;

		if (!old[i].klen)
			continue;
		for (j = old[i].hash & (t->cap - 1); t->slot[j].klen;
		     j = (j + 1) & (t->cap - 1))
			;
		t->slot[j] = old[i];
	}
	free(old);
}

/* The slot of (mn, cn, code) in t, or NULL with *j the free slot where
 * it goes and *hash its hash. */
static struct mon_series_slot *map_find(struct mon_series_map *t,
					struct hj212_str mn, int cn,
					struct hj212_str code, uint32_t *hash,
					size_t *j)
{
	uint64_t h = hash_bytes(0xcbf29ce484222325ULL, mn.p, mn.n);
	size_t klen = mn.n + 1 + code.n;

	h = hash_bytes(h, "\0", 1);
	h = hash_bytes(h, code.p, code.n);
	h = hash_bytes(h, &cn, sizeof(cn));
	if (2 * (t->used + 1) > t->cap)
		series_grow(t);
	*hash = (uint32_t)(h ^ (h >> 32));
	for (*j = *hash & (t->cap - 1); t->slot[*j].klen; *j = (*j + 1) & (t->cap - 1)) {
		struct mon_series_slot *s = &t->slot[*j];
		const char *key = t->keys.buf + s->key;

		if (s->hash == *hash && s->cn == cn && s->klen == klen &&
		    !memcmp(key, mn.p, mn.n) && !key[mn.n] &&
		    !memcmp(key + mn.n + 1, code.p, code.n))
			return s;
	}
	return NULL;
}

static void map_add(struct mon_series_map *t, size_t j, struct hj212_str mn,
		    int cn, struct hj212_str code, uint32_t h, long long id)
{
	t->slot[j].key = (uint32_t)t->keys.len;
	strbuf_add(&t->keys, mn.p, mn.n);
	strbuf_addch(&t->keys, '\0');
	strbuf_add(&t->keys, code.p, code.n);
	t->slot[j].klen = (uint16_t)(mn.n + 1 + code.n);
	t->slot[j].cn = cn;
	t->slot[j].hash = h;
	t->slot[j].id = id;
	t->used++;
}

/* The id of series (mn, cn, code), added to mon_series when new. */
int mon_series_id(struct mon *m, struct hj212_str mn, int cn,
		     struct hj212_str code, long long *id, struct strbuf *err)
{
	struct mon_series_slot *s;
	uint32_t h;
	size_t j;
	int rc;

	if ((s = map_find(&m->series, mn, cn, code, &h, &j))) {
		*id = s->id;
		return 0;
	}
	db_bind_text_static(m->series_get, 1, mn.p, mn.n);
	db_bind_int64(m->series_get, 2, cn);
	db_bind_text_static(m->series_get, 3, code.p, code.n);
	rc = db_step(m->series_get, err);
	if (rc == DB_ROW)
		*id = db_column_int64(m->series_get, 0);
	db_reset(m->series_get);
	if (rc < 0)
		return rc;
	if (rc != DB_ROW) {
		db_bind_text_static(m->series_add, 1, mn.p, mn.n);
		db_bind_int64(m->series_add, 2, cn);
		db_bind_text_static(m->series_add, 3, code.p, code.n);
		if ((rc = db_run(m->series_add, err)))
			return rc;
		*id = db_last_insert_rowid(m->ctx->db);
	}
	map_add(&m->series, j, mn, cn, code, h, *id);
	return 0;
}

/* Does a permit outlet name this MN? Asked once per MN in a file (the
 * answer kept in the same map, under CN MON_CN_OUTLET); the file's import
 * does not change the outlets. 1, 0 or <0. */
#define MON_CN_OUTLET INT_MIN
int mon_mn_known(struct mon *m, struct hj212_str mn, struct strbuf *err)
{
	static const struct hj212_str none = { "", 0 };
	struct mon_series_slot *s;
	uint32_t h;
	size_t j;
	int rc;

	if ((s = map_find(&m->series, mn, MON_CN_OUTLET, none, &h, &j)))
		return (int)s->id;
	db_bind_text_static(m->outlet, 1, mn.p, mn.n);
	rc = db_step(m->outlet, err);
	db_reset(m->outlet);
	if (rc < 0)
		return rc;
	map_add(&m->series, j, mn, MON_CN_OUTLET, none, h, rc == DB_ROW);
	return rc == DB_ROW;
}

/* ---- the days touched, whose mon_day rows are written ---- */

static int days_flush(struct mon *m, struct strbuf *err);
static int months_flush(struct mon *m, struct strbuf *err);

/* Write mon_day and mon_month for what the file touched so far. */
int mon_days_flush(struct mon *m, struct strbuf *err)
{
	int rc = days_flush(m, err);

	return rc ? rc : months_flush(m, err);
}

static int days_flush(struct mon *m, struct strbuf *err)
{
	struct mon_days *t = &m->days;
	struct db_stmt *rebuild = NULL, *merge = NULL;
	int rc = 0;

	if (!t->used)
		return 0;
	if ((rc = db_prepare(m->ctx->db, sql_day, &rebuild, err)) ||
	    (rc = db_prepare(m->ctx->db, sql_day_merge, &merge, err)))
		goto out;
	for (size_t i = 0; i < t->cap && !rc; i++) {
		const struct mon_day_slot *d = &t->slot[i];

		if (!d->series)
			continue;
		if (d->rebuild) {
			db_bind_int64(rebuild, 1, d->day);
			db_bind_int64(rebuild, 2, d->series);
			rc = db_run(rebuild, err);
			continue;
		}
		db_bind_int64(merge, 1, d->series);
		db_bind_int64(merge, 2, d->day);
		db_bind_int64(merge, 3, d->hours);
		db_bind_int64(merge, 4, d->bad);
		db_bind_int64(merge, 5, d->f);
		if (d->has_vmax)
			db_bind_double(merge, 6, d->vmax);
		else
			db_bind_null(merge, 6);
		rc = db_run(merge, err);
	}
out:
	db_finalize(rebuild);
	db_finalize(merge);
	memset(t->slot, 0, t->cap * sizeof(*t->slot));
	t->used = 0;
	return rc;
}

static size_t day_hash(long long series, long long day)
{
	return (size_t)(((uint64_t)series * 0x9e3779b97f4a7c15ULL) ^
			((uint64_t)day * 0xc2b2ae3d27d4eb4fULL));
}

/* An open-addressing table of slots whose first member is the series
 * (0: a free slot), rehashed into ncap slots. */
static void *slots_grow(void *old, size_t ocap, size_t ncap, size_t size,
			size_t (*hash)(const void *slot))
{
	char *slot = xcalloc(ncap, size);

	for (size_t i = 0; i < ocap; i++) {
		const char *o = (const char *)old + i * size;
		long long series;
		size_t j;

		memcpy(&series, o, sizeof(series));
		if (!series)
			continue;
		for (j = hash(o) & (ncap - 1);; j = (j + 1) & (ncap - 1)) {
			memcpy(&series, slot + j * size, sizeof(series));
			if (!series)
				break;
		}
		memcpy(slot + j * size, o, size);
	}
	free(old);
	return slot;
}

static size_t day_slot_hash(const void *slot)
{
	const struct mon_day_slot *d = slot;

	return day_hash(d->series, d->day);
}

static void days_grow(struct mon_days *t)
{
	size_t ocap = t->cap;

	t->cap = ocap ? ocap * 2 : 4096;
	t->slot = slots_grow(t->slot, ocap, t->cap, sizeof(*t->slot), day_slot_hash);
}

/* Note the value r of series at t, new (added) or replacing a stored one
 * (its day is then rebuilt from the stored values). */
static int day_touch(struct mon *m, long long series, long long t,
		     const struct mon_note *v, int added, struct strbuf *err)
{
	struct mon_days *d = &m->days;
	long long day = mon_day_of(t);
	uint32_t bit = 1u << ((t - day * 86400) / 3600);
	struct mon_day_slot *s;
	size_t j;
	int rc;

	if (2 * (d->used + 1) > d->cap) {
		if (d->cap >= MON_MAX_DAYS) {
			if ((rc = days_flush(m, err)))
				return rc;
		} else {
			days_grow(d);
		}
	}
	for (j = day_hash(series, day) & (d->cap - 1); d->slot[j].series;
	     j = (j + 1) & (d->cap - 1))
		if (d->slot[j].series == series && d->slot[j].day == day)
			break;
	s = &d->slot[j];
	if (!s->series) {
		s->series = series;
		s->day = (int32_t)day;
		d->used++;
	}
	if (!added) {
		s->rebuild = 1;
		return 0;
	}
	s->hours |= bit;
	if (!v->flag_n)
		s->bad |= bit;
	if (v->flag_f)
		s->f |= bit;
	if (v->valid) {
		if (!s->has_vmax || v->value > s->vmax)
			s->vmax = v->value;
		s->has_vmax = 1;
	}
	return 0;
}

/* ---- the months touched, for mon_month ---- */

static int months_flush(struct mon *m, struct strbuf *err)
{
	struct mon_months *t = &m->months;
	struct db_stmt *put = NULL, *rebuild = NULL;
	int rc = 0;

	if (!t->used)
		return 0;
	if ((rc = db_prepare(m->ctx->db, sql_month_put, &put, err)) ||
	    (rc = db_prepare(m->ctx->db, sql_month_rebuild, &rebuild, err)))
		goto out;
	for (size_t i = 0; i < t->cap && !rc; i++) {
		const struct mon_month_slot *s = &t->slot[i];

		if (!s->series)
			continue;
		if (s->rebuild) {
			db_bind_int64(rebuild, 1, s->series);
			db_bind_int64(rebuild, 2, s->month);
			rc = db_run(rebuild, err);
		} else if (s->loaded) {
			db_bind_int64(put, 1, s->series);
			db_bind_int64(put, 2, s->month);
			db_bind_int64(put, 3, s->n);
			if (s->n)
				db_bind_double(put, 4, s->vsum);
			else
				db_bind_null(put, 4);
			if (s->has_last)
				db_bind_int64(put, 5, s->vlast);
			else
				db_bind_null(put, 5);
			rc = db_run(put, err);
		}
	}
out:
	db_finalize(put);
	db_finalize(rebuild);
	memset(t->slot, 0, t->cap * sizeof(*t->slot));
	t->used = 0;
	return rc;
}

static size_t month_slot_hash(const void *slot)
{
	const struct mon_month_slot *m = slot;

	return day_hash(m->series, m->month);
}

static void months_grow(struct mon_months *t)
{
	size_t ocap = t->cap;

	t->cap = ocap ? ocap * 2 : 4096;
	t->slot = slots_grow(t->slot, ocap, t->cap, sizeof(*t->slot), month_slot_hash);
}

/* Note the value r of series at t for its month: a valid value added
 * after the month's last one goes into the running count and sum (the
 * same additions, in the same order, as an hour-by-hour average makes);
 * anything else has the month rebuilt from its values. */
static int month_touch(struct mon *m, long long series, long long t,
		       const struct mon_note *v, int added, struct strbuf *err)
{
	struct mon_months *mt = &m->months;
	struct mon_month_slot *s;
	int y, mo, d, month, rc;
	size_t j;

	if (added && !v->valid)
		return 0; /* neither counted nor summed */
	date_to_ymd((int)mon_day_of(t), &y, &mo, &d);
	month = y * 100 + mo;
	if (2 * (mt->used + 1) > mt->cap) {
		if (mt->cap >= MON_MAX_DAYS) {
			if ((rc = months_flush(m, err)))
				return rc;
		} else {
			months_grow(mt);
		}
	}
	for (j = day_hash(series, month) & (mt->cap - 1); mt->slot[j].series;
	     j = (j + 1) & (mt->cap - 1))
		if (mt->slot[j].series == series && mt->slot[j].month == month)
			break;
	s = &mt->slot[j];
	if (!s->series) {
		s->series = series;
		s->month = month;
		mt->used++;
	}
	if (!added)
		s->rebuild = 1;
	if (s->rebuild)
		return 0;
	if (!s->loaded) {
		db_bind_int64(m->month_get, 1, series);
		db_bind_int64(m->month_get, 2, month);
		rc = db_step(m->month_get, err);
		if (rc == DB_ROW) {
			s->n = db_column_int64(m->month_get, 0);
			s->vsum = db_column_double(m->month_get, 1);
			s->has_last = !db_column_is_null(m->month_get, 2);
			s->vlast = db_column_int64(m->month_get, 2);
		}
		db_reset(m->month_get);
		if (rc < 0)
			return rc;
		s->loaded = 1;
	}
	if (s->has_last && t <= s->vlast) {
		s->rebuild = 1; /* not after the month's last valid value */
		return 0;
	}
	/* SQLite's sum() starts at 0.0 and adds in turn (3.40, Debian 12) */
	s->vsum = (s->n ? s->vsum : 0.0) + v->value;
	s->n++;
	s->vlast = t;
	s->has_last = 1;
	return 0;
}

/* A value stored (added, or replacing a stored one) at t: its day's and
 * month's rows. Its flag and valid value are read once here. */
int mon_note_value(struct mon *m, long long series, long long t,
		   const struct mon_row *r, int added, struct strbuf *err)
{
	int one = (r->have & HAVE_FLAG) && r->flag.n == 1;
	struct mon_note v = { .flag_n = one && r->flag.p[0] == 'N',
			      .flag_f = one && r->flag.p[0] == 'F' };
	int rc;

	if (v.flag_n && (r->have & ((1u << V_ZSAVG) | (1u << V_AVG)))) {
		v.valid = 1;
		v.value = r->have & (1u << V_ZSAVG) ? r->v[V_ZSAVG] : r->v[V_AVG];
	}
	if ((rc = day_touch(m, series, t, &v, added, err)))
		return rc;
	return month_touch(m, series, t, &v, added, err);
}
