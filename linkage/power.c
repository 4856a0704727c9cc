#include "core/common.h"
#include "core/date.h"
#include "importers/monstore.h"
#include "linkage/linkage_int.h"
#include "rules/power.h"
#include "rules/ruleset.h"

/*
 * The monthly settlement of the environmental electricity prices of coal
 * power units (docs/power-price.md): per unit, pollutant and complete
 * month, which hours lose the markup, which may be fined, which lose the
 * ultra-low bonus, and what that is worth with the unit's generation.
 *
 * Every hour of the month falls in exactly one class, decided in this
 * order (g = the unit's generation that hour, when the generation file
 * has it):
 *   stopped   g = 0; or a stop flag (F) while g is not known
 *   fault     a fault flag (D M B C T), or a stop flag while g > 0, or no
 *             data while g > 0: confiscated, not fined
 *   exceed    flag N and the hourly mean (ZsAvg, else Avg) strictly above
 *             the permit limit: confiscated; "double" when at or above
 *             at-multiple x the limit: the fine ceiling counts it too
 *   clean     flag N at or below the limit
 *   unknown   no data and g not known, or a flag that is neither N, a
 *             fault nor a stop: never held against the unit, only counted
 * Ultra-low hours: flag N above the ultra-low limit (the permit's, else the
 * rule set's), for units flagged ultra-low, not stopped. The bonus is per
 * unit-hour: an hour above the ultra-low limit of several pollutants loses
 * it once, in the row of the first such pollutant in rule-set order.
 *
 * Money is exact: kWh are whole watt-hours, prices hundredths of a fen per
 * kWh, sums are integers and each row's amount is rounded half up to the
 * fen once. An amount is NULL when a counted hour has no generation data:
 * never a zero that looks real (with no counted hour it is a real 0).
 */

#define MAX_HOURS (31 * 24)
#define PP_STOPPED 1
#define PP_FAULT 2
#define PP_EXCEED 3
#define PP_CLEAN 4
#define PP_UNKNOWN 5

struct unit {
	char uscc[32], permit[32], outlet[72], unit[72], mn[40], commissioned[16];
	char name[512];
	int ultra_low;
};

/* One pollutant's month for one unit. */
struct series {
	const struct power_markup *m;
	int have_limit;
	double limit, ul;
	signed char has[MAX_HOURS];  /* a data row */
	char flag[MAX_HOURS];
	double v[MAX_HOURS];
	signed char has_v[MAX_HOURS];
};

struct month {
	char from[DATE_STAMP_SIZE], until[DATE_STAMP_SIZE], label[8];
	int first_day, hours;
	long long wh[MAX_HOURS];
	signed char has_wh[MAX_HOURS];
	int ngen;
};

static int hour_index(const struct month *mo, const char *stamp)
{
	char day[DATE_TEXT_SIZE];
	int d, h;

	if (strlen(stamp) < 13)
		return -1;
	snprintf(day, sizeof(day), "%.10s", stamp);
	if (date_parse(day, &d))
		return -1;
	h = (stamp[11] - '0') * 10 + (stamp[12] - '0');
	h += (d - mo->first_day) * 24;
	return h >= 0 && h < mo->hours ? h : -1;
}

static int load_generation(struct db *db, struct month *mo, const char *mn,
			   struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	memset(mo->has_wh, 0, sizeof(mo->has_wh));
	mo->ngen = 0;
	if ((rc = db_prepare(db, "SELECT hour, wh FROM generation WHERE mn = ?1"
			     " AND hour >= ?2 AND hour < ?3", &st, err)))
		return rc;
	db_bind_text(st, 1, mn);
	db_bind_text(st, 2, mo->from);
	db_bind_text(st, 3, mo->until);
	while ((rc = db_step(st, err)) == DB_ROW) {
		int h = hour_index(mo, db_column_text(st, 0));

		if (h < 0 || mo->has_wh[h])
			continue;
		mo->has_wh[h] = 1;
		mo->wh[h] = db_column_int64(st, 1);
		mo->ngen++;
	}
	db_finalize(st);
	return rc == DB_DONE ? 0 : rc;
}

static int load_series(struct db *db, const struct month *mo, const struct unit *u,
		       struct series *s, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	memset(s->has, 0, sizeof(s->has));
	memset(s->has_v, 0, sizeof(s->has_v));
	s->have_limit = 0;
	s->ul = s->m->ultra_low_conc;
	if ((rc = db_prepare(db, "SELECT conc, ultra_low_conc FROM outlet_limit"
			     " WHERE permit_no = ?1 AND outlet_code = ?2 AND pollutant = ?3",
			     &st, err)))
		return rc;
	db_bind_text(st, 1, u->permit);
	db_bind_text(st, 2, u->outlet);
	db_bind_text(st, 3, s->m->pollutant);
	if ((rc = db_step(st, err)) == DB_ROW) {
		if (!db_column_is_null(st, 0) && db_column_double(st, 0) > 0) {
			s->have_limit = 1;
			s->limit = db_column_double(st, 0);
		}
		if (!db_column_is_null(st, 1) && db_column_double(st, 1) > 0)
			s->ul = db_column_double(st, 1);
	}
	db_finalize(st);
	if (rc < 0)
		return rc;
	if (!s->have_limit)
		return 0;
	if ((rc = db_prepare(db, "SELECT " MON_START("v.t") ", COALESCE(v.zs_avg, v.avg),"
			     " v.flag FROM mon_series s JOIN mon_day d ON d.series = s.id"
			     " AND d.day >= ec_days(substr(?3, 1, 10))"
			     " AND d.day < ec_days(substr(?4, 1, 10))"
			     " CROSS JOIN mon_value v ON v.day = d.day AND v.series = s.id"
			     " WHERE s.mn = ?1 AND s.cn = 2061 AND s.pollutant = ?2"
			     " ORDER BY v.t", &st, err)))
		return rc;
	db_bind_text(st, 1, u->mn);
	db_bind_text(st, 2, s->m->pollutant);
	db_bind_text(st, 3, mo->from);
	db_bind_text(st, 4, mo->until);
	while ((rc = db_step(st, err)) == DB_ROW) {
		int h = hour_index(mo, db_column_text(st, 0));
		const char *f = db_column_text(st, 2);

		if (h < 0 || s->has[h])
			continue;
		s->has[h] = 1;
		s->flag[h] = f[0] && !f[1] ? f[0] : '?';
		if (!db_column_is_null(st, 1)) {
			s->has_v[h] = 1;
			s->v[h] = db_column_double(st, 1);
		}
	}
	db_finalize(st);
	return rc == DB_DONE ? 0 : rc;
}

static int classify(const struct power_params *pp, const struct month *mo,
		    const struct series *s, int h)
{
	int gen_known = mo->has_wh[h], generating = gen_known && mo->wh[h] > 0;
	char f = s->flag[h];

	if (gen_known && !generating)
		return PP_STOPPED;
	if (s->has[h] && strchr(pp->stopped_flags, f))
		return generating ? PP_FAULT : PP_STOPPED;
	if (s->has[h] && f == 'N' && s->has_v[h])
		return s->v[h] > s->limit ? PP_EXCEED : PP_CLEAN;
	if (s->has[h] && strchr(pp->fault_flags, f))
		return PP_FAULT;
	if (!s->has[h] && generating)
		return PP_FAULT;
	return PP_UNKNOWN;
}

/* Whole fen from watt-hours x hundredths of a fen per kWh x pct/100,
 * rounded half up once. */
static long long fen(long long wh, long long centifen, long long pct)
{
	return (wh * centifen * pct + 5000000) / 10000000;
}

struct tally {
	int exceed, dbl, fault, unknown, stopped, ul, bonus;
	long long wh, dwh, bwh;
	int wh_missing, bwh_missing;
	/* the hours behind the counts, "DDTHH" in the month: exceed ('*' at
	 * the fine multiple), fault (the flag, 'm' for no data), bonus */
	struct strbuf ev_exceed, ev_fault, ev_bonus;
};

static void ev_add(struct strbuf *sb, int h, char mark)
{
	strbuf_addf(sb, " %02dT%02d", h / 24 + 1, h % 24);
	if (mark)
		strbuf_addch(sb, mark);
}

static void add_wh(const struct month *mo, int h, long long *sum, int *missing)
{
	if (mo->has_wh[h])
		*sum += mo->wh[h];
	else
		(*missing)++;
}

/* A valid (flag N) hourly mean strictly above the ultra-low limit. */
static int above_ultra_low(const struct series *s, int h)
{
	return s->has[h] && s->flag[h] == 'N' && s->has_v[h] && s->v[h] > s->ul;
}

static void count_hours(const struct power_params *pp, const struct month *mo,
			const struct unit *u, struct series *all, int k,
			const struct power_bonus *bonus, struct tally *t)
{
	struct series *s = &all[k];

	t->exceed = t->dbl = t->fault = t->unknown = t->stopped = t->ul = t->bonus = 0;
	t->wh = t->dwh = t->bwh = 0;
	t->wh_missing = t->bwh_missing = 0;
	strbuf_reset(&t->ev_exceed);
	strbuf_reset(&t->ev_fault);
	strbuf_reset(&t->ev_bonus);
	for (int h = 0; h < mo->hours; h++) {
		int c = classify(pp, mo, s, h);

		switch (c) {
		case PP_STOPPED:
			t->stopped++;
			continue;
		case PP_UNKNOWN:
			t->unknown++;
			break;
		case PP_FAULT:
			t->fault++;
			add_wh(mo, h, &t->wh, &t->wh_missing);
			ev_add(&t->ev_fault, h, s->has[h] ? s->flag[h] : 'm');
			break;
		case PP_EXCEED:
			t->exceed++;
			add_wh(mo, h, &t->wh, &t->wh_missing);
			if (s->v[h] * 100 >= s->limit * (double)pp->fine_multiple_pct) {
				t->dbl++; /* its kWh are known when the hour's are */
				if (mo->has_wh[h])
					t->dwh += mo->wh[h];
				ev_add(&t->ev_exceed, h, '*');
			} else {
				ev_add(&t->ev_exceed, h, 0);
			}
			break;
		default:
			break;
		}
		if (!u->ultra_low || !above_ultra_low(s, h))
			continue;
		t->ul++;
		/* the bonus is lost once per hour: in the first pollutant's row */
		{
			int first = 1;

			for (int j = 0; j < k && first; j++)
				if (all[j].have_limit && above_ultra_low(&all[j], h) &&
				    classify(pp, mo, &all[j], h) != PP_STOPPED)
					first = 0;
			if (first && bonus) {
				t->bonus++;
				add_wh(mo, h, &t->bwh, &t->bwh_missing);
				ev_add(&t->ev_bonus, h, 0);
			}
		}
	}
}

static void note_of(const struct month *mo, const struct unit *u,
		    const struct power_bonus *bonus, const struct tally *t,
		    struct strbuf *note)
{
	strbuf_reset(note);
	if (!mo->ngen)
		strbuf_addstr(note, "无发电量数据：小时数已统计，金额待按机组发电量计算");
	else if (t->wh_missing || t->bwh_missing)
		strbuf_addf(note, "发电量缺%d小时，金额未计算", t->wh_missing + t->bwh_missing);
	else if (mo->ngen < mo->hours)
		strbuf_addf(note, "发电量数据不全（%d/%d小时），计入小时的电量齐全",
			    mo->ngen, mo->hours);
	else
		strbuf_addstr(note, "发电量数据完整");
	if (!u->ultra_low)
		strbuf_addstr(note, "；非超低排放机组，不涉及超低排放电价");
	else if (!bonus)
		strbuf_addstr(note, "；投运日期缺失，超低排放电价未结算");
	if (t->unknown)
		strbuf_addf(note, "；%d小时无监测数据且发电状态不明，未计入", t->unknown);
}

static int insert_row(struct db_stmt *ins, const char *as_of, const struct month *mo,
		      const struct unit *u, const struct power_params *pp,
		      const struct series *s, const struct power_bonus *bonus,
		      const struct tally *t, struct strbuf *note, struct strbuf *basis,
		      struct strbuf *err)
{
	/* known: every counted hour has its kWh (no counted hour: a real 0) */
	int i = 1, known = !t->wh_missing;
	int bknown = bonus && !t->bwh_missing;

	strbuf_reset(basis);
	strbuf_addstr(basis, s->m->id);
	if (t->dbl)
		strbuf_addf(basis, " %s", pp->fine_id);
	if (t->fault)
		strbuf_addf(basis, " %s", pp->fault_id);
	if (t->stopped)
		strbuf_addf(basis, " %s", pp->stopped_id);
	if (bonus && t->bonus)
		strbuf_addf(basis, " %s", bonus->id);
	note_of(mo, u, bonus, t, note);
	db_bind_text(ins, i++, as_of);
	db_bind_text(ins, i++, u->uscc);
	db_bind_text(ins, i++, u->name);
	db_bind_text(ins, i++, u->permit);
	db_bind_text(ins, i++, u->outlet);
	db_bind_text(ins, i++, u->unit);
	db_bind_text(ins, i++, u->mn);
	db_bind_text(ins, i++, u->commissioned[0] ? u->commissioned : NULL);
	db_bind_text(ins, i++, mo->label);
	db_bind_text(ins, i++, s->m->pollutant);
	db_bind_text(ins, i++, s->m->control);
	db_bind_double(ins, i++, s->limit);
	db_bind_double(ins, i++, s->ul);
	db_bind_int64(ins, i++, mo->hours);
	db_bind_int64(ins, i++, t->exceed);
	db_bind_int64(ins, i++, t->dbl);
	db_bind_int64(ins, i++, t->fault);
	db_bind_int64(ins, i++, t->unknown);
	db_bind_int64(ins, i++, t->stopped);
	db_bind_int64(ins, i++, t->ul);
	db_bind_int64(ins, i++, t->bonus);
	if (known) {
		db_bind_int64(ins, i++, t->wh);
		db_bind_int64(ins, i++, t->dwh);
	} else {
		db_bind_null(ins, i++);
		db_bind_null(ins, i++);
	}
	if (bknown)
		db_bind_int64(ins, i++, t->bwh);
	else
		db_bind_null(ins, i++);
	db_bind_int64(ins, i++, s->m->centifen);
	if (known) {
		db_bind_int64(ins, i++, fen(t->wh, s->m->centifen, 100));
		db_bind_int64(ins, i++, fen(t->dwh, s->m->centifen, pp->fine_factor_pct));
	} else {
		db_bind_null(ins, i++);
		db_bind_null(ins, i++);
	}
	if (bonus && u->ultra_low)
		db_bind_int64(ins, i++, bonus->centifen);
	else
		db_bind_null(ins, i++);
	if (bknown && u->ultra_low)
		db_bind_int64(ins, i++, fen(t->bwh, bonus->centifen, 100));
	else
		db_bind_null(ins, i++);
	db_bind_text(ins, i++, !mo->ngen ? "missing" : mo->ngen < mo->hours ? "partial"
								      : "complete");
	db_bind_text(ins, i++, note->buf);
	strbuf_reset(note);
	strbuf_addf(note, "exceed:%s; fault:%s; bonus:%s",
		    t->ev_exceed.len ? t->ev_exceed.buf : " none",
		    t->ev_fault.len ? t->ev_fault.buf : " none",
		    t->ev_bonus.len ? t->ev_bonus.buf : " none");
	db_bind_text(ins, i++, note->buf);
	db_bind_text(ins, i++, basis->buf);
	return db_run(ins, err);
}

static int settle_unit(struct db *db, struct db_stmt *ins, const char *as_of,
		       struct month *mo, const struct unit *u,
		       const struct power_params *pp, struct series *all,
		       long long *n, struct strbuf *err)
{
	const struct power_bonus *bonus = u->ultra_low ?
		power_bonus_for(pp, u->commissioned) : NULL;
	struct strbuf note = STRBUF_INIT, basis = STRBUF_INIT;
	struct tally t;
	int rc = 0;

	if ((rc = load_generation(db, mo, u->mn, err)))
		return rc;
	for (int k = 0; k < pp->nmarkup; k++) {
		all[k].m = &pp->markup[k];
		if ((rc = load_series(db, mo, u, &all[k], err)))
			goto out;
	}
	strbuf_init(&t.ev_exceed, 0);
	strbuf_init(&t.ev_fault, 0);
	strbuf_init(&t.ev_bonus, 0);
	for (int k = 0; k < pp->nmarkup; k++) {
		if (!all[k].have_limit)
			continue; /* no permit limit for it: nothing to settle */
		count_hours(pp, mo, u, all, k, bonus, &t);
		if ((rc = insert_row(ins, as_of, mo, u, pp, &all[k], bonus, &t, &note,
				     &basis, err)))
			goto out;
		(*n)++;
	}
out:
	strbuf_release(&t.ev_exceed);
	strbuf_release(&t.ev_fault);
	strbuf_release(&t.ev_bonus);
	strbuf_release(&note);
	strbuf_release(&basis);
	return rc;
}

static int settle_month(struct db *db, const char *as_of, int first_day,
			const struct power_params *pp, struct series *all,
			long long *n, struct strbuf *err)
{
	struct db_stmt *units = NULL, *ins = NULL;
	struct month *mo = xcalloc(1, sizeof(*mo));
	char d[DATE_TEXT_SIZE];
	int y, m, dd, rc;

	date_to_ymd(first_day, &y, &m, &dd);
	mo->first_day = first_day;
	mo->hours = date_days_in_month(y, m) * 24;
	date_format(first_day, d);
	snprintf(mo->from, sizeof(mo->from), "%s 00:00:00", d);
	snprintf(mo->label, sizeof(mo->label), "%.7s", d);
	date_format(date_add_months(first_day, 1), d);
	snprintf(mo->until, sizeof(mo->until), "%s 00:00:00", d);
	/* each device once: the newest permit in force during the month */
	if ((rc = db_prepare(db,
		"SELECT p.uscc, COALESCE(p.name, ''), p.permit_no, o.code, o.unit, o.mn,"
		" COALESCE(o.commissioned, ''), o.ultra_low, max(p.valid_from)"
		" FROM permit p JOIN outlet o ON o.permit_no = p.permit_no"
		" WHERE o.unit IS NOT NULL AND o.kind = 'air' AND o.mn IS NOT NULL"
		"  AND p.status = 'valid' AND p.valid_from < ?2 AND p.valid_to >= ?1"
		" GROUP BY o.mn ORDER BY p.uscc, p.permit_no, o.code", &units, err)) ||
	    (rc = db_prepare(db,
		"INSERT INTO power_price (as_of, uscc, name, permit_no, outlet, unit, mn,"
		" commissioned, month, pollutant, control, limit_conc, ultra_low_conc,"
		" hours, exceed_hours, double_hours, fault_hours, unknown_hours,"
		" stopped_hours, ultra_low_hours, bonus_hours, confiscated_wh, double_wh,"
		" bonus_wh, markup_centifen, confiscated_fen, fine_ceiling_fen,"
		" bonus_centifen, bonus_confiscated_fen, generation, note, evidence,"
		" basis) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
		" ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27,"
		" ?28, ?29, ?30, ?31, ?32, ?33)", &ins, err)))
		goto out;
	date_format(first_day, d);
	db_bind_text(units, 1, d);
	db_bind_text(units, 2, mo->until);
	while ((rc = db_step(units, err)) == DB_ROW) {
		struct unit u;

		memset(&u, 0, sizeof(u));
		snprintf(u.uscc, sizeof(u.uscc), "%s", db_column_text(units, 0));
		snprintf(u.name, sizeof(u.name), "%s", db_column_text(units, 1));
		snprintf(u.permit, sizeof(u.permit), "%s", db_column_text(units, 2));
		snprintf(u.outlet, sizeof(u.outlet), "%s", db_column_text(units, 3));
		snprintf(u.unit, sizeof(u.unit), "%s", db_column_text(units, 4));
		snprintf(u.mn, sizeof(u.mn), "%s", db_column_text(units, 5));
		snprintf(u.commissioned, sizeof(u.commissioned), "%s",
			 db_column_text(units, 6));
		u.ultra_low = (int)db_column_int64(units, 7);
		if ((rc = settle_unit(db, ins, as_of, mo, &u, pp, all, n, err)))
			goto out;
	}
	if (rc == DB_DONE)
		rc = 0;
out:
	db_finalize(units);
	db_finalize(ins);
	free(mo);
	return rc;
}

int lk_power(struct db *db, const struct lk_dates *d, const struct ruleset *rs,
	     int months, long long *n, struct strbuf *err)
{
	const struct power_params *pp = ruleset_power(rs);
	struct series *all;
	int day, y, m, dd, rc = 0;

	*n = 0;
	if (!pp->present)
		return 0;
	if (date_parse(d->as_of, &day))
		return ec_error(err, EC_INTERNAL, "bad date '%s'", d->as_of);
	date_to_ymd(day, &y, &m, &dd);
	all = xcalloc(POWER_MAX_MARKUPS, sizeof(*all));
	for (int k = months; k >= 1 && !rc; k--)
		rc = settle_month(db, d->as_of,
				  date_add_months(date_from_ymd(y, m, 1), -k), pp, all, n, err);
	free(all);
	return rc;
}
