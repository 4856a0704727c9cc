#ifndef SYNTH_H
#define SYNTH_H

#include <stdint.h>

#include "core/strbuf.h"

/*
 * The synthetic city generator behind `ecredit demo` and `make bench`.
 *
 * synth_city writes, into opt->dir, everything a nightly run needs:
 *
 *   inbox/permits/permits-<D>.xml          docs/importers-permits.md
 *   inbox/penalties/penalties-<D>-utf8.csv UTF-8 with BOM, Chinese headers
 *   inbox/penalties/penalties-<D>-gb18030.csv  the rest, in GB18030
 *   inbox/monitoring/hj212-<D>.log[.gz]    HJ 212-2017 hourly packets
 *   inbox/generation/generation-<D>.csv    hourly kWh of the coal power units
 *   ecredit.conf                           paths relative to opt->dir
 *   keys/                                  via keygen_write (rsa ecdsa ed25519 sm2)
 *
 * where D is the business date opt->as_of. Everything is a function of
 * (seed, sizes, as_of): the same options give byte-identical files (keys
 * excepted). Enterprise i's attributes are recomputed from (seed, i) when
 * needed, so memory is bounded by the number of monitored outlets, not by
 * the number of enterprises or packets. Files appear atomically (written
 * under a dot-name, then renamed).
 *
 * Deliberate defects, so that quarantine paths have work to do: a few
 * USCCs with wrong check characters, penalty rows with an unknown category
 * or an impossible date, duplicate decision numbers across the two CSV
 * files (other bracket style), and HJ 212 lines with a bad CRC, a
 * CRC-16/MODBUS CRC, a wrong length or a truncated tail.
 */

struct synth_options {
	const char *dir;    /* output folder, created if missing */
	long enterprises;   /* default 2000 */
	long outlets;       /* monitored outlets (with an MN), default 300 */
	int days;           /* days of hourly data ending on as_of, default 90 */
	uint64_t seed;      /* default 1 */
	int as_of;          /* business date (day number, core/date.h) */
	const char *region; /* 6-digit division code, default "320684" */
	int gzip;           /* monitoring log gzipped: 1 yes, 0 no, -1 by size */
	int keys;           /* 1: make signing keys with keygen_write */
};

struct synth_summary {
	long enterprises, bad_usccs;
	long permits, outlets, monitored_outlets;
	long packets, hourly_packets, daily_packets, corrupt_packets;
	long nonnormal_flags, exceedances; /* pollutant-hours not N, above limit */
	long penalty_rows, penalty_rows_utf8, penalty_rows_gb18030;
	long penalty_bad_rows, penalty_duplicates;
	long keys_made;
	long power_units, generation_rows; /* coal power units and their hours */
	char sample_uscc[20];   /* a monitored enterprise, for `explain` */
	char *config;          /* path of the config written (caller frees) */
	char *permits_file, *penalties_utf8, *penalties_gb18030, *monitoring_file;
	char *generation_file;
	struct strbuf warnings; /* one line each, e.g. keygen failures */
};

/* The defaults above; as_of = 2026-11-28. */
void synth_options_init(struct synth_options *opt);

/*
 * Prepare opt->dir: create it when missing; when it holds an earlier demo
 * city (marked by a .ecredit-demo file) remove that city's files first
 * (the config, database, inbox, done, rejected, outbox and keys folders);
 * refuse (EC_USAGE) a folder with anything else in it.
 */
int synth_prepare_dir(const char *dir, struct strbuf *err);

/* Generate the city. Returns 0 or an EC_* code with err filled. */
int synth_city(const struct synth_options *opt, struct synth_summary *out,
	       struct strbuf *err);
void synth_summary_release(struct synth_summary *s);

#endif
