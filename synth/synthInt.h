#ifndef SYNTHINT_H
#define SYNTHINT_H

/*
 * Private to synth/: the random streams, the city model and the output
 * files. Only the files in synth/ include this.
 */
#include "synth/synth.h"

/* ---- random numbers (splitmix64 seeding, xoshiro256**) ---- */
struct synth_rng {
	uint64_t s[4];
};

/* A stream keyed by (seed, tag, a, b): the same key, the same numbers. */
void synth_rng_init(struct synth_rng *r, uint64_t seed, uint32_t tag,
		    uint64_t a, uint64_t b);
uint64_t synth_rng_next(struct synth_rng *r);
/* Uniform in [0, n) (n > 0) and in [0, 1). */
uint64_t synth_rng_below(struct synth_rng *r, uint64_t n);
double synth_rng_unit(struct synth_rng *r);
/* One hash of a key, for stateless decisions. */
uint64_t synth_hash(uint64_t seed, uint32_t tag, uint64_t a, uint64_t b);

enum synth_tag { /* stream tags: one per kind of decision */
	TAG_ENTERPRISE = 1,
	TAG_OUTLET,
	TAG_HOUR,
	TAG_DAY,
	TAG_EVENT,
	TAG_PACKET,
};

/* ---- the city model ---- */
enum synth_profile { PROFILE_AIR, PROFILE_WATER, PROFILE_BOTH };

struct synth_industry {
	const char *code, *name, *word; /* word: in the company name */
	int key_industry;               /* one of the 39 key industries */
	int weight, monitored_weight;   /* shares in general and monitored */
	enum synth_profile profile;
	int ultra_low;                  /* ultra-low emission rules apply */
	int kind_limits;                /* index into the limit table */
};

#define SYNTH_MAX_OUTLETS 8
#define SYNTH_MAX_POLL 6
#define SYNTH_NAME_MAX 128

struct synth_limit {
	const char *pollutant;
	double conc, ultra_low_conc; /* ultra_low_conc 0: none */
	double annual_t;             /* 0: none */
};

struct synth_outlet {
	char code[16];  /* DA001 / DW001 */
	int water;
	int monitored;
	long index;     /* monitored outlet number, -1 when not monitored */
	char mn[48];
	int ultra_low;
	int nlimits;
	struct synth_limit limits[SYNTH_MAX_POLL];
	/* a coal power unit (thermal power, monitored air outlet): its name
	 * and commissioning date, else "" (docs/power-price.md) */
	char unit[24];
	char commissioned[12];
	int capacity_mw;
};

struct synth_ent {
	long index;
	char uscc[20];
	int uscc_ok;
	char name[SYNTH_NAME_MAX];
	const char *town;
	const struct synth_industry *ind;
	const char *class_; /* key | simplified | registration */
	const char *grade;
	int guarantee;
	int issued, valid_from, valid_to;
	int second_permit; /* a second site, permit ...002P */
	int monitored;     /* owns online-monitored outlets */
	int ultra_low;     /* every air outlet ultra-low (grade A / leading) */
	int noutlets;
	struct synth_outlet outlets[SYNTH_MAX_OUTLETS];
};

struct synth_city {
	uint64_t seed;
	long enterprises, outlets;
	long monitored_ents; /* enterprises 0..monitored_ents-1 own the MNs */
	int as_of, days;
	const char *region;
};

void synth_city_init(struct synth_city *c, const struct synth_options *opt);
/* Enterprise i, recomputed from (seed, i). */
void synth_enterprise(const struct synth_city *c, long i, struct synth_ent *e);
/* The monitored outlets of enterprise i: first outlet number and count. */
void synth_monitored_range(const struct synth_city *c, long i, long *first,
			   long *count);

/* ---- output files: written under a dot-name, renamed when complete ---- */
struct synth_file;
int synth_file_open(const char *path, int gzip, struct synth_file **out,
		    struct strbuf *err);
int synth_file_write(struct synth_file *f, const void *buf, size_t len,
		     struct strbuf *err);
/* Flush, sync and rename into place (commit=1), or remove (commit=0).
 * Always frees f. */
int synth_file_close(struct synth_file *f, int commit, struct strbuf *err);

/* Appends a fixed-point number (decimals 0..4), fast and locale-free. */
void synth_add_fixed(struct strbuf *sb, double v, int decimals);

/* ---- the three inputs ---- */
int synth_write_permits(const struct synth_city *c, const char *path,
			struct synth_summary *sum, struct strbuf *err);
int synth_write_penalties(const struct synth_city *c, const char *utf8_path,
			  const char *gb_path, struct synth_summary *sum,
			  struct strbuf *err);
/* The hourly generation of the city's coal power units, CSV with Chinese
 * headers (inbox/generation/generation-<D>.csv): 0 kWh in the hours the
 * monitoring shows the plant stopped. */
int synth_write_generation(const struct synth_city *c, const char *path,
			   struct synth_summary *sum, struct strbuf *err);
int synth_write_monitoring(const struct synth_city *c, const char *path,
			   int gzip, struct synth_summary *sum,
			   struct strbuf *err);

#endif
