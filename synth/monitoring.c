#include "core/common.h"
#include "core/date.h"
#include "importers/hj212.h"
#include "synth/synthInt.h"

/*
 * HJ 212-2017 packet logs: one hourly packet (CN 2061) per monitored
 * outlet and hour, in time order as a receiving server logs them, with a
 * receive stamp before "##"; daily packets (CN 2031) from one outlet in
 * ten; a few corrupt lines. Every value is a function of (seed, outlet,
 * day, hour), so only the outlet table is kept in memory.
 */

struct mon_poll {
	const char *code;
	double limit;   /* permit concentration limit */
	double target;  /* the level the plant runs at: ultra-low or limit */
	double level;   /* share of target it usually runs at */
};

struct mon_outlet {
	char mn[48];
	int water, npoll, bad_actor, ultra_low, lower_crc, daily, calib_hour, flag_byte;
	int capacity_mw; /* a coal power unit, else 0 */
	double o2k, flow, aux; /* ZsAvg/Avg factor, flow, O2 % or pH */
	struct mon_poll p[SYNTH_MAX_POLL];
};

/* One outlet-hour: whole-packet state and per-pollutant values. */
struct hour_val {
	int present;  /* 0: the packet never arrived */
	char packet_flag; /* F M B, or N */
	char flag[SYNTH_MAX_POLL];
	double avg[SYNTH_MAX_POLL], min[SYNTH_MAX_POLL], max[SYNTH_MAX_POLL];
	double zs[SYNTH_MAX_POLL];
	double flow, aux;
};

/* Shape of a working day, in percent of the mean level. */
static const int diurnal[24] = { 82, 80, 78, 78, 80, 86, 94, 102, 108, 112, 114, 114,
				 110, 112, 114, 112, 108, 104, 100, 96, 92, 90, 86, 84 };

static void load_outlets(const struct synth_city *c, struct mon_outlet *tab)
{
	struct synth_ent e;

	for (long i = 0; i < c->monitored_ents; i++) {
		synth_enterprise(c, i, &e);
		for (int k = 0; k < e.noutlets; k++) {
			const struct synth_outlet *o = &e.outlets[k];
			struct mon_outlet *m;
			struct synth_rng r;

			if (!o->monitored || o->index < 0 || o->index >= c->outlets)
				continue;
			m = &tab[o->index];
			synth_rng_init(&r, c->seed, TAG_OUTLET, (uint64_t)o->index, 2);
			memcpy(m->mn, o->mn, sizeof(m->mn));
			m->water = o->water;
			m->npoll = o->nlimits;
			m->bad_actor = synth_rng_below(&r, 100) < 3;
			m->ultra_low = o->ultra_low;
			m->capacity_mw = o->unit[0] ? o->capacity_mw : 0;
			m->lower_crc = synth_rng_below(&r, 100) < 5;
			m->daily = o->index % 10 == 3;
			m->calib_hour = (int)synth_rng_below(&r, 24);
			m->flag_byte = synth_rng_below(&r, 3) ? 4 : 5;
			m->o2k = 1.0 + synth_rng_unit(&r) * 0.35;
			m->flow = o->water ? 5 + synth_rng_unit(&r) * 75
					   : 20 + synth_rng_unit(&r) * 180;
			m->aux = o->water ? 6.8 + synth_rng_unit(&r) * 1.2
					  : 7 + synth_rng_unit(&r) * 5;
			for (int p = 0; p < o->nlimits; p++) {
				const struct synth_limit *l = &o->limits[p];

				m->p[p].code = l->pollutant;
				m->p[p].limit = l->conc;
				m->p[p].target = l->ultra_low_conc > 0 ? l->ultra_low_conc
								       : l->conc;
				m->p[p].level = 0.25 + synth_rng_unit(&r) * 0.4;
			}
		}
	}
}

static double unit_of(uint64_t h, int shift)
{
	return (double)((h >> shift) & 0xFFFF) / 65536.0;
}

static void hour_values(const struct synth_city *c, const struct mon_outlet *m,
			long j, int day, int hour, struct hour_val *v)
{
	uint64_t dh = synth_hash(c->seed, TAG_DAY, (uint64_t)j, (uint64_t)day);
	uint64_t hh = synth_hash(c->seed, TAG_HOUR, (uint64_t)j,
				 (uint64_t)day * 24 + (uint64_t)hour);
	int fault_start = (int)((dh >> 20) % 24), fault_len = 1 + (int)((dh >> 30) % 6);
	int fault_poll = (int)((dh >> 36) % (uint64_t)m->npoll);
	int maint_start = (int)((dh >> 44) % 24), maint_len = 1 + (int)((dh >> 50) % 3);
	int ex_start = (int)((dh >> 54) % 22), ex_len = 1 + (int)((dh >> 60) % 4);
	int ex_poll = (int)((dh >> 8) % (uint64_t)m->npoll);
	/* per mille of days with an exceedance: a well-run ultra-low plant
	 * exceeds less often than the average one */
	int exceed_day = (int)((dh >> 16) % 1000) < (m->bad_actor ? 250 : m->ultra_low ? 1 : 10);
	unsigned hx = (unsigned)(hh % 10000);

	memset(v, 0, sizeof(*v));
	v->present = hx >= 80; /* 0.8% of hours never arrive */
	v->packet_flag = 'N';
	if (dh % 1000 < 15)
		v->packet_flag = 'F'; /* the plant stood still all day */
	else if ((dh >> 12) % 100 < 3 && hour >= maint_start &&
		 hour < maint_start + maint_len)
		v->packet_flag = 'M';
	else if (hx >= 80 && hx < 120)
		v->packet_flag = 'B';
	for (int p = 0; p < m->npoll; p++) {
		uint64_t ph = synth_hash(c->seed, TAG_HOUR, hh, (uint64_t)p);
		double u = unit_of(ph, 0) * 2 - 1;
		double zs = m->p[p].target * m->p[p].level * diurnal[hour] / 100.0 *
			    (1 + 0.2 * u);
		char flag = v->packet_flag;

		if (flag == 'N' && (dh >> 10) % 100 < 4 && p == fault_poll &&
		    hour >= fault_start && hour < fault_start + fault_len)
			flag = 'D';
		else if (flag == 'N' && (dh >> 14) % 7 == 0 && hour == m->calib_hour)
			flag = 'C';
		else if (flag == 'N' && unit_of(ph, 16) < 0.001)
			flag = 'T';
		if (flag == 'N' && exceed_day && p == ex_poll && hour >= ex_start &&
		    hour < ex_start + ex_len)
			zs = m->p[p].limit * (1.05 + 0.6 * unit_of(ph, 32));
		if (flag == 'T')
			zs = m->p[p].limit * 20;
		if (flag == 'F')
			zs = 0;
		v->flag[p] = flag;
		v->zs[p] = zs;
		v->avg[p] = m->water ? zs : zs / m->o2k;
		v->min[p] = v->avg[p] * (0.7 + 0.2 * unit_of(ph, 48));
		v->max[p] = v->avg[p] * (1.1 + 0.3 * unit_of(ph, 40));
	}
	v->flow = v->packet_flag == 'F' ? 0 : m->flow * (0.9 + 0.2 * unit_of(hh, 20));
	v->aux = m->aux + (unit_of(hh, 36) - 0.5) * (m->water ? 0.4 : 1.5);
}

/* "YYYYMMDDhh" of a day and hour (hour may be 24: the next day). */
static void stamp(int day, int hour, char *out, size_t size, int dashed)
{
	int y, mo, d;

	date_to_ymd(day + hour / 24, &y, &mo, &d);
	if (dashed)
		snprintf(out, size, "%04d-%02d-%02d %02d", y, mo, d, hour % 24);
	else
		snprintf(out, size, "%04d%02d%02d%02d", y, mo, d, hour % 24);
}

struct writer {
	struct synth_file *f;
	struct strbuf out, data;
	long ordinal, period;
	struct synth_summary *sum;
};

/* Frame data as a packet line, corrupting every period-th one. */
static int frame(struct writer *w, const char *recv, int lower,
		 struct strbuf *err)
{
	size_t len = w->data.len;
	uint16_t crc = hj212_crc(w->data.buf, len);
	long n = w->ordinal++;
	int kind = -1;

	if (n % w->period == w->period / 2)
		kind = (int)((n / w->period) % 4);
	strbuf_addstr(&w->out, recv);
	switch (kind) {
	case 0: /* bit error in transit */
		crc ^= 0x0101;
		break;
	case 1: { /* a device that sends CRC-16/MODBUS */
		uint16_t m = hj212_crc_modbus(w->data.buf, len);

		crc = m != crc ? m : (uint16_t)(crc ^ 0x8000);
		break;
	}
	case 2: /* length field off */
		len += 7;
		break;
	}
	strbuf_addf(&w->out, "##%04zu", len);
	if (kind == 3) { /* connection dropped mid-packet */
		strbuf_add(&w->out, w->data.buf, w->data.len * 2 / 3);
		strbuf_addstr(&w->out, "\r\n");
	} else {
		strbuf_add(&w->out, w->data.buf, w->data.len);
		strbuf_addf(&w->out, lower ? "%04x\r\n" : "%04X\r\n", crc);
	}
	w->sum->packets++;
	w->sum->corrupt_packets += kind >= 0;
	if (w->out.len >= 1 << 18) {
		int rc = synth_file_write(w->f, w->out.buf, w->out.len, err);

		strbuf_reset(&w->out);
		return rc;
	}
	return 0;
}

/* "code-Field=" without printf: this runs a few million times at scale. */
static void add_key(struct strbuf *d, const char *code, const char *field)
{
	strbuf_addstr(d, code);
	strbuf_addstr(d, field);
}

static void add_group(struct strbuf *d, const char *code, double min, double avg,
		      double max, double zs, double cou, char flag, int decimals)
{
	if (min >= 0) {
		add_key(d, code, "-Min=");
		synth_add_fixed(d, min, decimals);
		strbuf_addch(d, ',');
	}
	add_key(d, code, "-Avg=");
	synth_add_fixed(d, avg, decimals);
	if (max >= 0) {
		strbuf_addch(d, ',');
		add_key(d, code, "-Max=");
		synth_add_fixed(d, max, decimals);
	}
	if (zs >= 0) {
		strbuf_addch(d, ',');
		add_key(d, code, "-ZsAvg=");
		synth_add_fixed(d, zs, decimals);
	}
	if (cou >= 0) {
		strbuf_addch(d, ',');
		add_key(d, code, "-Cou=");
		synth_add_fixed(d, cou, 3);
	}
	strbuf_addch(d, ',');
	add_key(d, code, "-Flag=");
	strbuf_addch(d, flag);
	strbuf_addch(d, ';');
}

/* The data segment of one packet; cn 2061 (hour) or 2031 (day). */
static void build_data(struct strbuf *d, const struct mon_outlet *m, int cn,
		       const char *qn, const char *datatime,
		       const struct hour_val *v, double hours)
{
	double volume = m->water ? v->flow * 3.6 * hours : v->flow * 3600 * hours;

	strbuf_reset(d);
	strbuf_addf(d, "QN=%s;ST=%d;CN=%d;PW=123456;MN=%s;Flag=%d;CP=&&DataTime=%s;",
		    qn, m->water ? 32 : 31, cn, m->mn, m->flag_byte, datatime);
	for (int p = 0; p < m->npoll; p++) {
		/* emission in kg: mg/m3 x m3 / 1e6, or mg/L x m3 / 1e3 */
		double cou = v->avg[p] * volume / (m->water ? 1e3 : 1e6);

		add_group(d, m->p[p].code, v->min[p], v->avg[p], v->max[p],
			  m->water ? -1 : v->zs[p], cou, v->flag[p],
			  m->p[p].limit < 5 ? 3 : 2);
	}
	if (m->water) {
		add_group(d, "w00000", -1, v->flow, -1, -1, volume, v->packet_flag, 2);
		add_group(d, "w01001", v->aux - 0.2, v->aux, v->aux + 0.2, -1, -1,
			  v->packet_flag, 2);
	} else {
		add_group(d, "a00000", -1, v->flow, -1, -1, volume, v->packet_flag, 2);
		add_group(d, "a19001", -1, v->aux, -1, -1, -1, v->packet_flag, 1);
	}
	strbuf_setlen(d, d->len - 1); /* the last ';' */
	strbuf_addstr(d, "&&");
}

static void count_flags(const struct mon_outlet *m, const struct hour_val *v,
			struct synth_summary *sum)
{
	for (int p = 0; p < m->npoll; p++) {
		sum->nonnormal_flags += v->flag[p] != 'N';
		sum->exceedances += v->flag[p] == 'N' && v->zs[p] > m->p[p].limit;
	}
}

/* The daily packet: means of the valid hours. */
static int daily_packet(struct writer *w, const struct synth_city *c,
			const struct mon_outlet *m, long j, int day,
			struct strbuf *err)
{
	struct hour_val v, day_v;
	int valid[SYNTH_MAX_POLL] = { 0 }, stopped = 0;
	char d0[16], d1[24], qn[32], recv[40], datatime[24];
	uint64_t h = synth_hash(c->seed, TAG_PACKET, (uint64_t)j, (uint64_t)day);

	memset(&day_v, 0, sizeof(day_v));
	for (int hour = 0; hour < 24; hour++) {
		hour_values(c, m, j, day, hour, &v);
		stopped += v.packet_flag == 'F';
		day_v.flow += v.flow / 24;
		day_v.aux += v.aux / 24;
		for (int p = 0; p < m->npoll; p++) {
			if (v.flag[p] != 'N')
				continue;
			valid[p]++;
			day_v.avg[p] += v.avg[p];
			day_v.zs[p] += v.zs[p];
			if (!day_v.min[p] || v.min[p] < day_v.min[p])
				day_v.min[p] = v.min[p];
			if (v.max[p] > day_v.max[p])
				day_v.max[p] = v.max[p];
		}
	}
	day_v.packet_flag = stopped == 24 ? 'F' : 'N';
	for (int p = 0; p < m->npoll; p++) {
		if (valid[p]) {
			day_v.avg[p] /= valid[p];
			day_v.zs[p] /= valid[p];
		}
		day_v.flag[p] = stopped == 24 ? 'F' : valid[p] >= 20 ? 'N' : 'D';
	}
	stamp(day, 0, d0, sizeof(d0), 0);
	stamp(day, 24, d1, sizeof(d1), 1);
	snprintf(datatime, sizeof(datatime), "%.8s000000", d0);
	snprintf(recv, sizeof(recv), "%s:%02d:%02d.%03d ", d1,
		 (int)(h % 5), (int)((h >> 8) % 60), (int)((h >> 16) % 1000));
	stamp(day, 24, d0, sizeof(d0), 0);
	snprintf(qn, sizeof(qn), "%s%02d%02d%03d", d0, (int)(h % 5),
		 (int)((h >> 8) % 60), (int)((h >> 16) % 1000));
	build_data(&w->data, m, 2031, qn, datatime, &day_v, 24);
	w->sum->daily_packets++;
	return frame(w, recv, m->lower_crc, err);
}

int synth_write_generation(const struct synth_city *c, const char *path,
			   struct synth_summary *sum, struct strbuf *err)
{
	struct mon_outlet *tab = xcalloc((size_t)c->outlets + 1, sizeof(*tab));
	struct strbuf out = STRBUF_INIT;
	struct synth_file *f = NULL;
	int rc;

	load_outlets(c, tab);
	if ((rc = synth_file_open(path, 0, &f, err)))
		goto out;
	strbuf_addstr(&out, "\xef\xbb\xbf数采仪编号,时间,发电量（kWh）\r\n");
	for (long j = 0; j < c->outlets; j++) {
		const struct mon_outlet *m = &tab[j];

		if (!m->capacity_mw)
			continue;
		sum->power_units++;
		for (int day = c->as_of - c->days + 1; day <= c->as_of; day++) {
			char date[DATE_TEXT_SIZE];

			date_format(day, date);
			for (int hour = 0; hour < 24; hour++) {
				uint64_t h = synth_hash(c->seed, TAG_PACKET, (uint64_t)j,
							(uint64_t)day * 24 + (uint64_t)hour);
				struct hour_val v;
				long long kwh;

				hour_values(c, m, j, day, hour, &v);
				/* load follows the day; a stopped plant makes nothing */
				kwh = v.packet_flag == 'F' ? 0
					: (long long)m->capacity_mw * 1000 *
					  (50 + diurnal[hour] * 40 / 114) / 100 +
					  (long long)(h % 5000);
				strbuf_addf(&out, "%s,%s %02d:00,%lld\r\n", m->mn, date, hour,
					    kwh);
				sum->generation_rows++;
			}
			if (out.len > (1 << 20)) {
				if ((rc = synth_file_write(f, out.buf, out.len, err)))
					goto out;
				strbuf_reset(&out);
			}
		}
	}
	rc = synth_file_write(f, out.buf, out.len, err);
out:
	if (f) {
		int rc2 = synth_file_close(f, !rc, rc ? NULL : err);

		if (!rc)
			rc = rc2;
	}
	strbuf_release(&out);
	free(tab);
	return rc;
}

int synth_write_monitoring(const struct synth_city *c, const char *path,
			   int gzip, struct synth_summary *sum,
			   struct strbuf *err)
{
	struct writer w = { NULL, STRBUF_INIT, STRBUF_INIT, 0, 0, sum };
	struct mon_outlet *tab = xcalloc((size_t)c->outlets + 1, sizeof(*tab));
	long expected = c->outlets * 24L * c->days;
	int rc;

	w.period = expected < 20000 ? 97 : expected < 1000000 ? 499 : 1999;
	load_outlets(c, tab);
	if ((rc = synth_file_open(path, gzip, &w.f, err)))
		goto out;
	for (int day = c->as_of - c->days + 1; day <= c->as_of; day++) {
		for (int hour = 0; hour < 24; hour++) {
			char when[16], next[24], datatime[24], qn[32], recv[40];

			stamp(day, hour, when, sizeof(when), 0);
			stamp(day, hour + 1, next, sizeof(next), 1);
			snprintf(datatime, sizeof(datatime), "%s0000", when);
			stamp(day, hour + 1, when, sizeof(when), 0);
			for (long j = 0; j < c->outlets; j++) {
				const struct mon_outlet *m = &tab[j];
				uint64_t h = synth_hash(c->seed, TAG_PACKET, (uint64_t)j,
							(uint64_t)day * 24 + (uint64_t)hour);
				int mm = (int)(h % 3), ss = (int)((h >> 8) % 60);
				int ms = (int)((h >> 16) % 1000);
				struct hour_val v;

				if (!m->npoll) /* not a monitored outlet: cannot happen */
					continue;
				hour_values(c, m, j, day, hour, &v);
				if (!v.present)
					continue;
				/* sent a moment before it is received */
				snprintf(qn, sizeof(qn), "%s%02d%02d%03d", when, mm,
					 ss ? ss - 1 : 0, ms);
				snprintf(recv, sizeof(recv), "%s:%02d:%02d.%03d ", next,
					 mm, ss, ms);
				build_data(&w.data, m, 2061, qn, datatime, &v, 1);
				count_flags(m, &v, sum);
				sum->hourly_packets++;
				if ((rc = frame(&w, recv, m->lower_crc, err)))
					goto out;
			}
		}
		for (long j = 0; j < c->outlets; j++)
			if (tab[j].daily && tab[j].npoll && (rc = daily_packet(&w, c, &tab[j], j, day, err)))
				goto out;
	}
	rc = synth_file_write(w.f, w.out.buf, w.out.len, err);
out:
	if (w.f) {
		int rc2 = synth_file_close(w.f, !rc, rc ? NULL : err);

		if (!rc)
			rc = rc2;
	}
	strbuf_release(&w.out);
	strbuf_release(&w.data);
	free(tab);
	return rc;
}
