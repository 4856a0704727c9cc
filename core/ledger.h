#ifndef LEDGER_H
#define LEDGER_H

#include "core/date.h"
#include "core/db.h"

/*
 * The run ledger (Spring Batch's job repository, in two tables): one run
 * per business date and ordinal, one row per step. A run that did not
 * finish is resumed under the same id; a committed step is never redone.
 *
 * States: started -> committed | failed. A step's data and its 'committed'
 * row should be written in the same transaction (ledger_step_commit inside
 * the caller's BEGIN ... COMMIT), so a kill leaves either both or neither.
 */
#define LEDGER_RUN_ID_SIZE 32

struct ledger_run {
	char run_id[LEDGER_RUN_ID_SIZE]; /* '2026-11-28.1' */
	char business_date[DATE_TEXT_SIZE];
	int ordinal;
	int resumed; /* 1 when an unfinished run was picked up */
};

/* Resume the newest unfinished run of this date and command, or start the
 * next ordinal. With force, always start a new ordinal. */
int ledger_run_open(struct db *db, const char *business_date,
		    const char *command, int force, struct ledger_run *out,
		    struct strbuf *err);
/* 1 when a run of this command committed for the date, 0 if not. */
int ledger_run_completed(struct db *db, const char *business_date,
			 const char *command, struct strbuf *err);
int ledger_run_finish(struct db *db, const char *run_id, int ok,
		      const char *message, struct strbuf *err);
/* The exit status the run's command ended with (ecredit status shows it). */
int ledger_run_set_exit(struct db *db, const char *run_id, int exit_code,
			struct strbuf *err);
int ledger_run_set_rule_set(struct db *db, const char *run_id,
			    const char *sha256, struct strbuf *err);

/* 1 when the step committed in this run, 0 otherwise, <0 on error. */
int ledger_step_done(struct db *db, const char *run_id, const char *step,
		     struct strbuf *err);
int ledger_step_begin(struct db *db, const char *run_id, const char *step,
		      struct strbuf *err);
/* counts_json: a JSON object ("{}" when NULL). Clears the message of a
 * failed earlier attempt. */
int ledger_step_commit(struct db *db, const char *run_id, const char *step,
		       const char *counts_json, struct strbuf *err);
/* Attach a message to a step (why a file was rejected or failed the
 * data-quality threshold); the bureau channel shows it. */
int ledger_step_note(struct db *db, const char *run_id, const char *step,
		     const char *message, struct strbuf *err);
/* A committed step stays committed: failing it afterwards is a no-op. */
int ledger_step_fail(struct db *db, const char *run_id, const char *step,
		     const char *message, struct strbuf *err);

#endif
