#ifndef NIGHTLY_INTERNAL_H
#define NIGHTLY_INTERNAL_H

/*
 * Private to nightly/: the state of one run, shared by the orchestration
 * (nightly.c), the inbox listing (scan.c), the inbox step (inbox.c) and
 * the report and summary (summary.c); the dry run (plan.c) uses the inbox
 * listing. Nothing outside nightly/ includes this.
 */
#include "core/ledger.h"
#include "nightly/nightly.h"

#include <time.h>

struct nightly_job {
	struct db *db;
	const struct nightly_config *nc;
	const struct nightly_options *opt;
	const struct nightly_ops *ops;
	struct nightly_result *res;
	struct ledger_run run;
	struct strbuf step; /* the ledger step running, for failures */
};

void nightly_note(struct nightly_job *job, enum nightly_note_kind kind,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Seconds since an arbitrary point (monotonic), for rates and ETAs. */
double nightly_clock(void);

/* scan.c: the regular files of one inbox, sorted by name (mtimes kept
 * in step), and the entries that are not files as JSON objects. */
struct inbox_list {
	char **names;
	time_t *mtimes;
	size_t nr, alloc, alloc_m;
	long long bytes;
	struct strbuf others; /* JSON objects of entries that are not files */
	int nothers;
};
int list_inbox(const struct nightly_config *nc, int kind,
	       struct inbox_list *l, struct strbuf *err);
void inbox_list_release(struct inbox_list *l);

/* inbox.c: the import step (every inbox file, then the "import" step). */
int nightly_import(struct nightly_job *job, struct strbuf *err);
/* fsync a folder so a rename or a new entry in it survives a power cut. */
int nightly_fsync_dir(const char *dir, struct strbuf *err);

/* gaps.c: the system-wide monitoring gap days among the days this night
 * checks, appended to js as ',"gap_pct":..,"gaps":[...]' (with a warning
 * per day). */
int nightly_gaps(struct nightly_job *job, struct strbuf *js, struct strbuf *err);

/* summary.c: the "report" step (the run report JSON) and the summary. */
int nightly_report(struct nightly_job *job, struct strbuf *err);
int nightly_summary(struct nightly_job *job, struct strbuf *out,
		    struct strbuf *err);

#endif
