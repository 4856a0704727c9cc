#ifndef NIGHTLY_H
#define NIGHTLY_H

#include "core/config.h"
#include "core/db.h"
#include "exporters/export.h"
#include "importers/importer.h"
#include "linkage/link.h"
#include "ratings/rate.h"

/*
 * The nightly job (SPEC §6): import every inbox file, rate, link and export
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
enum nightly_kind { NIGHTLY_PERMITS, NIGHTLY_PENALTIES, NIGHTLY_MONITORING, NIGHTLY_KINDS };

struct ruleset;

/* The job's configuration, checked before anything runs. */
struct nightly_config {
	char *inbox[NIGHTLY_KINDS]; /* NULL when that kind is not configured */
	char *done_dir, *rejected_dir;
	char *outbox;
	char **channels;            /* NULL-terminated */
	char *keys[5];              /* cms_key cms_cert sm2_key sm2_cert ed25519_key */
	int valid_days;
	char *alert;                /* yellow | orange | red, or NULL = all levels */
	char *alert_source;         /* "alert.file 'x'", "alert.level", "default" */
	double max_quarantine_pct;  /* < 0: no threshold */
	struct import_options import;
	struct ruleset *rules;      /* NULL: the stored or shipped set */
};

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

/* The pieces the job calls; tests substitute their own. */
struct nightly_ops {
	int (*import_file)(struct db *db, const char *kind, const char *path,
			   const struct import_options *opt,
			   struct import_counts *out, struct strbuf *err);
	int (*rate)(struct db *db, const char *as_of, const struct ruleset *rs,
		    const char *run_id, struct rate_summary *out,
		    struct strbuf *err);
	int (*link)(struct db *db, const char *as_of, const char *alert,
		    const char *run_id, struct link_summary *out,
		    struct strbuf *err);
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
	struct strbuf summary; /* what to print on stdout */
};

/* Run (or resume) the job. 0 when the run completed (look at the result
 * for rejected files and data-quality failures) or was already done; a
 * negative code with err when a step failed (the run is left 'failed' and
 * resumes at that step next time). The caller holds the writer's lock. */
int nightly_run(struct db *db, const struct nightly_config *nc,
		const struct nightly_options *opt, struct nightly_result *res,
		struct strbuf *err);
void nightly_result_release(struct nightly_result *res);

/* The dry run: what nightly_run would do for as_of (files with sizes,
 * steps, packages), appended to out; reads only. db may be NULL (the
 * database does not exist yet). */
int nightly_plan(struct db *db, const struct nightly_config *nc,
		 const char *as_of, int force, struct strbuf *out,
		 struct strbuf *err);

#endif
