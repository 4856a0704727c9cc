#ifndef NIGHTLY_H
#define NIGHTLY_H

#include "core/config.h"
#include "core/db.h"
#include "exporters/export.h"
#include "importers/importer.h"
#include "linkage/link.h"
#include "ratings/rate.h"

/*
 * The nightly job (docs/operation.md): import every inbox file, rate, link and export
 * for one business date, each step recorded in the run ledger, resumable
 * after any failure (Spring Batch's job instance per business date).
 *
 * Ledger steps of run D.n, in order:
 *   import:<kind>:<file>   one per inbox file; counts JSON carries kind,
 *                          file, sha256, outcome ("done" | "rejected"),
 *                          read/stored/duplicate/quarantined/warnings,
 *                          quarantine_pct and quality ("ok" | "failed");
 *                          message says why a file was rejected or failed
 *                          the data-quality threshold
 *   import                 totals, after every kind's inbox is drained
 *   rate, link             the summaries of rate_run and link_run
 *   report                 counts = the machine-readable run report (JSON)
 *                          that the bureau channel puts in its package;
 *                          only deterministic content (no clock times)
 *   export:<channel>       one per configured channel
 *
 * Invariants:
 *   - a file leaves the inbox (rename into done/<D>/ or rejected/<D>/) only
 *     after its import transaction committed (synchronous=FULL, so a power
 *     cut cannot undo the commit), and the folders are fsynced after it;
 *   - on resume, a file whose path and sha256 are recorded in import_file
 *     for this run is moved, never imported again;
 *   - every step reads the business date given, never the clock;
 *   - a resumed run keeps its run id, so export_run reuses its sequence
 *     numbers and writes the same bytes (export's contract).
 */
enum nightly_kind { NIGHTLY_PERMITS, NIGHTLY_PENALTIES, NIGHTLY_MONITORING,
		   NIGHTLY_GENERATION, NIGHTLY_KINDS };

struct ruleset;

/* The job's configuration, checked before anything runs. */
struct nightly_config {
	char *inbox[NIGHTLY_KINDS]; /* NULL when that kind is not configured */
	char *done_dir, *rejected_dir;
	char *outbox;
	char **channels;            /* NULL-terminated */
	char *keys[EXPORT_KEYS];    /* cms_key cms_cert sm2_key sm2_cert ed25519_key */
	int valid_days;
	char *alert;                /* yellow | orange | red, or NULL = all levels */
	char *alert_source;         /* "alert.file 'x'", "alert.level", "default" */
	double max_quarantine_pct;  /* < 0: no threshold */
	int settle_seconds;         /* inbox.settle_seconds: newer files wait */
	int expected[NIGHTLY_KINDS];/* inbox.expected: an empty inbox warns */
	double gap_pct;             /* monitoring.gap_pct (set in ratings too) */
	struct import_options import;
	struct ruleset *rules;      /* NULL: the stored or shipped set */
	/* the monitoring bounds of import (the rule set's <bound>s): from
	 * rules, else from the shipped set held in bounds_rules */
	struct ruleset *bounds_rules;
	struct import_bound *bounds;
	struct export_publisher publisher; /* [publisher], outbox.csv_header */
};

/* The configuration keys of the inbox and monitoring checks, with their
 * defaults (docs/operation.md). */
#define NIGHTLY_DEFAULT_SETTLE 60
#define NIGHTLY_DEFAULT_EXPECTED "monitoring"

/* Read and check the configuration: folders exist and are usable, keys
 * exist with mode 0600 (no group or other bits), channels are known, the
 * alert source names a level, the rule set is valid; each private key
 * matches its certificate. EC_CONFIG, or EC_IO
 * when an output or move folder is not writable. */
int nightly_config_load(const struct config *cfg, struct nightly_config **out,
			struct strbuf *err);
/* The same checks without side effects (a missing done/, rejected/ or
 * outbox folder is fine when its parent is writable; the job makes it):
 * `ecredit config check` and `nightly --dry-run`. */
int nightly_config_check(const struct config *cfg, struct nightly_config **out,
			 struct strbuf *err);
void nightly_config_free(struct nightly_config *nc);
/* The pieces other commands share: [monitoring] max_unpacked_mb and
 * max_ratio into opt (`import`), and [monitoring] gap_pct into the
 * rating's process-wide setting (every command that rates or links). */
int nightly_import_limits(const struct config *cfg, struct import_options *opt,
			  struct strbuf *err);
int nightly_gap_config(const struct config *cfg, struct strbuf *err);

/* The pieces the job calls; tests substitute their own. */
struct nightly_ops {
	int (*import_file)(struct db *db, const char *kind, const char *path,
			   const struct import_options *opt,
			   struct import_counts *out, struct strbuf *err);
	int (*rate)(struct db *db, const char *as_of, const struct ruleset *rs,
		    const char *run_id, struct rate_summary *out,
		    struct strbuf *err);
	int (*link)(struct db *db, const char *as_of, const char *alert,
		    const struct ruleset *rules, const char *run_id,
		    struct link_summary *out, struct strbuf *err);
	int (*export)(struct db *db, const struct export_options *opt,
		      struct export_result *out, struct strbuf *err);
};
extern const struct nightly_ops nightly_real_ops;

enum nightly_note_kind {
	NIGHTLY_NOTE_PROGRESS, /* transient, only when opt.progress is set */
	NIGHTLY_NOTE_STEP,     /* one line per step or file */
	NIGHTLY_NOTE_WARN,     /* importer warnings and the like */
};

struct nightly_options {
	const char *as_of; /* business date YYYY-MM-DD */
	int force;         /* run a completed date again (new run id) */
	int reissue;       /* allow a date older than the newest published */
	int allow_future;  /* allow a date later than tomorrow (Asia/Shanghai) */
	int progress;      /* emit progress notes (stderr is a terminal) */
	void (*note)(void *data, enum nightly_note_kind kind, const char *line);
	void *note_data;
	const struct nightly_ops *ops; /* NULL: nightly_real_ops */
};

struct nightly_result {
	char run_id[32];
	int already_done;    /* the date was completed; nothing ran */
	int resumed;         /* an unfinished run was picked up */
	int rejected_files;  /* files moved to rejected/ (exit 65) */
	int quality_failed;  /* files over the quarantine threshold (exit 1) */
	int empty_inboxes;   /* expected inboxes with no file (exit 1) */
	int gap_days;        /* system-wide monitoring gap days (exit 1) */
	int deferred;        /* files left in the inbox for the next night */
	struct strbuf summary; /* what to print on stdout */
};

/* Run (or resume) the job. Before anything is imported: the outbox must
 * hold no package the database does not know (EC_DATA), and the date must
 * be allowed (EC_USAGE: later than tomorrow without allow_future, older
 * than the newest published of a channel without reissue). 0 when the run
 * completed (look at the result for rejected files and data-quality
 * failures) or was already done (the result then carries the flags of the
 * run that did it, so a failure is repeated, never turned into 0); a
 * negative code with err when a step failed (the run is left 'failed' and
 * resumes at that step next time). The caller holds the writer's lock. */
int nightly_run(struct db *db, const struct nightly_config *nc,
		const struct nightly_options *opt, struct nightly_result *res,
		struct strbuf *err);
void nightly_result_release(struct nightly_result *res);

/*
 * The entries of one inbox as they are now, for the job and for status
 * reports: fn is called for every entry not hidden ('.name'), with its
 * lstat (links are never followed); the done/ and rejected/ folders are
 * left out. A non-zero return from fn stops the scan and is returned.
 * nightly_entry_type names the kind of entry ("file", "symbolic link",
 * "folder", "named pipe (FIFO)", ...). Entries that are not regular files
 * are never read; each night warns about them and lists them in the run
 * report (import step, "not_files").
 */
struct stat;
typedef int (*nightly_entry_fn)(void *data, int kind, const char *name,
				const struct stat *st);
int nightly_inbox_scan(const struct nightly_config *nc, int kind,
		       nightly_entry_fn fn, void *data, struct strbuf *err);
const char *nightly_entry_type(unsigned int mode);
extern const char *const nightly_kind_names[NIGHTLY_KINDS];
/* The dry run: what nightly_run would do for as_of (files with sizes,
 * steps, packages), appended to out; reads only. db may be NULL (the
 * database does not exist yet). */
int nightly_plan(struct db *db, const struct nightly_config *nc,
		 const char *as_of, int force, struct strbuf *out,
		 struct strbuf *err);

#endif
