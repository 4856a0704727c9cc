#ifndef MONITORING_INT_H
#define MONITORING_INT_H

/* Private to importers/monitoring.c (reading and checking packet lines),
 * importers/monitoring_store.c (their values into the store, with
 * duplicates and revisions) and importers/monitoring_days.c (the series
 * ids, days and months a file touched). */

#include <stdint.h>

#include "core/archive.h"
#include "importers/hj212.h"
#include "importers/importer.h"

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

/* The series dictionary's ids met in this file (mn NUL pollutant, cn),
 * and whether an outlet names an MN (monitoring_store.c, mn_is_known). */
struct mon_series_slot {          /* 24 bytes */
	long long id;
	uint32_t key;                  /* offset of "mn NUL pollutant" in keys */
	uint32_t hash;
	int32_t cn;
	uint16_t klen;                 /* 0: a free slot */
};

struct mon_series_map {
	struct mon_series_slot *slot;
	size_t cap, used;
	struct strbuf keys;            /* the keys, one after another */
};

/* The (series, day) pairs the file touched, written to mon_day when
 * MON_MAX_DAYS slots fill and at the end of the file: the masks and
 * largest valid value of the values it added, merged into the stored row;
 * a pair where a stored value was replaced is rebuilt from its values. */
#define MON_MAX_DAYS (1u << 17)

struct mon_day_slot {                  /* 40 bytes */
	long long series;              /* 0: a free slot */
	double vmax;
	int32_t day;
	uint32_t hours, bad, f;        /* bit h: hour h of the day */
	unsigned char has_vmax, rebuild;
};

struct mon_days {
	struct mon_day_slot *slot;
	size_t cap, used;
};

/* The (series, month) pairs the file touched, for mon_month: the stored
 * count and sum, loaded when the first valid value comes, with each later
 * valid value added in turn; a value out of time order or a revision
 * marks the pair for a rebuild from its values. Written when MON_MAX_DAYS
 * slots fill and at the end of the file. */
struct mon_month_slot {                /* 40 bytes */
	long long series;              /* 0: a free slot */
	double vsum;
	long long n, vlast;
	int32_t month;                 /* YYYYMM */
	unsigned char loaded, has_last, rebuild;
};

struct mon_months {
	struct mon_month_slot *slot;
	size_t cap, used;
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
	struct db_stmt *ins, *sel, *stale, *rev, *upd, *outlet, *older, *bump,
		*series_get, *series_add, *packet, *unpacket, *month_get;
	long long packet_id;   /* the packet's mon_packet row, or 0 */
	struct mon_series_map series;
	struct mon_days days;
	struct mon_months months;
	struct hj212_join *join;
	struct hj212_packet parts[HJ212_MAX_PNUM];
	struct mon_row rows[MON_MAX_POLLUTANTS];
	unsigned nrows;
	struct mon_stats n;
};

/* monitoring.c */
int mon_quarantine(struct mon *m, long long lineno, const char *field,
		   const char *reason, const char *raw, size_t len,
		   struct strbuf *err);

/* monitoring_store.c */
int mon_prepare(struct mon *m, struct strbuf *err);
void mon_count_kind(struct mon *m, int cn, unsigned n);
int mon_stamp_norm(const char *s, size_t n, char out[20], long long *secs);
void mon_finalize(struct mon *m);

/* monitoring_days.c */
int mon_series_id(struct mon *m, struct hj212_str mn, int cn,
		  struct hj212_str code, long long *id, struct strbuf *err);
int mon_mn_known(struct mon *m, struct hj212_str mn, struct strbuf *err);
/* What the day and month rows need of a stored value: flag N, flag F, and
 * the valid value (flag N; ZsAvg, else Avg) when there is one. */
struct mon_note {
	int flag_n, flag_f, valid;
	double value;
};
int mon_note_value(struct mon *m, long long series, long long t,
		   const struct mon_row *r, int added, struct strbuf *err);
int mon_days_flush(struct mon *m, struct strbuf *err);
int mon_store_packet(struct mon *m, unsigned n, const char *start,
		     const char **lines, const size_t *lens,
		     const long long *linenos, struct strbuf *err);

#endif
