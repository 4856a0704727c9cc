#ifndef CLI_H
#define CLI_H

#include "core/config.h"
#include "core/db.h"
#include "core/lock.h"
#include "importers/importer.h"

/*
 * The command-line layer: the only code that prints to the terminal or
 * decides an exit status. A command is cmd/<name>.c with cmd_<name>() and
 * one row in cmd/commands.c (git's builtin table).
 */
struct cli {
	const char *db_opt;     /* --db */
	const char *config_opt; /* --config */
	int verbosity;          /* -1 quiet, 0 normal, 1+ verbose */
	struct config *cfg;     /* loaded by cli_config() */
	char *db_path;          /* resolved by cli_open_db() */
	struct db *db;
	struct lock *lock;      /* held by writing commands */
};

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct cli *cli);
	const char *usage;   /* after "ecredit NAME " */
	const char *summary; /* one line */
	const char *help;    /* options, one per line, or NULL */
};

extern const struct command commands[];
const struct command *command_find(const char *name);

enum {
	CLI_DB_READ = 0,
	CLI_DB_WRITE = 1,  /* take the writer's lock */
	CLI_DB_CREATE = 2, /* create the file; do not require a current schema
			    * (`init` only: every other command refuses a
			    * missing database with EC_CONFIG) */
	CLI_DB_MIGRATE = 4, /* an existing file of any schema version: the
			     * caller migrates it (nightly) */
};

/* Load the configuration once: --config, else $ECREDIT_CONFIG, else
 * ./ecredit.conf when it exists, else an empty configuration. */
int cli_config(struct cli *cli, struct strbuf *err);
/* Resolve the database (--db, $ECREDIT_DB, config's db, ./ecredit.db),
 * lock it for writers and open it. */
int cli_open_db(struct cli *cli, int mode, struct strbuf *err);
void cli_cleanup(struct cli *cli);

/* "ecredit: error: <msg>" on stderr; returns the exit status for code. */
int cli_fail(int code, const struct strbuf *err);
int cli_usage(const struct command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Parse a DATE option: on success *out = arg and 0; otherwise the usage
 * error is printed and 64 returned. */
int cli_date_arg(const struct command *cmd, const char *arg, const char **out);
/* A business date that stores or publishes: later than tomorrow in
 * Asia/Shanghai is a usage error (64, printed) unless allow_future
 * (docs/operation.md). */
int cli_future_check(const struct command *cmd, const char *as_of,
		     int allow_future);
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Progress and summaries on stderr, unless -q. */
void cli_info(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cli_print_command_help(const struct command *cmd, FILE *out);
/* How to run this program again with the same configuration, for hints
 * people copy: "ecredit --config /abs/ecredit.conf" ("ecredit" when it is
 * the one on PATH, else the binary's absolute path; --db when given). */
void cli_self_command(const struct cli *cli, struct strbuf *out);
/* 1 if stderr is a terminal (progress lines) */
int cli_tty(void);
/* A progress line on the terminal (rewritten in place), and clearing it;
 * cli_warn, cli_info and cli_fail clear it before they print. */
void cli_progress(const char *line);
void cli_progress_clear(void);
/* Off a terminal every line on stderr (and on stdout with with_stdout: the
 * nightly job's summary) starts with the time, ISO 8601 in +08:00. */
void cli_log_stamps(int with_stdout);
/* The importer's progress hook: on a terminal (and not -q), a progress
 * line for the file (bytes read of its size, records, records/s, ETA);
 * data is the struct cli. */
void cli_import_progress(void *data, const char *path,
			 const struct import_counts *sofar);
/* The current time as those stamps write it. */
void cli_time_stamp(char out[32]);

/* The command functions, one per file in cmd/. */
int cmd_init(int argc, char **argv, struct cli *cli);
int cmd_import(int argc, char **argv, struct cli *cli);
int cmd_rate(int argc, char **argv, struct cli *cli);
int cmd_link(int argc, char **argv, struct cli *cli);
int cmd_export(int argc, char **argv, struct cli *cli);
int cmd_adopt(int argc, char **argv, struct cli *cli);
int cmd_verify(int argc, char **argv, struct cli *cli);
int cmd_report(int argc, char **argv, struct cli *cli);
int cmd_explain(int argc, char **argv, struct cli *cli);
int cmd_history(int argc, char **argv, struct cli *cli);
int cmd_override(int argc, char **argv, struct cli *cli);
int cmd_rules(int argc, char **argv, struct cli *cli);
int cmd_simulate(int argc, char **argv, struct cli *cli);
int cmd_keygen(int argc, char **argv, struct cli *cli);
int cmd_nightly(int argc, char **argv, struct cli *cli);
int cmd_demo(int argc, char **argv, struct cli *cli);
int cmd_status(int argc, char **argv, struct cli *cli);
int cmd_config(int argc, char **argv, struct cli *cli);
int cmd_help(int argc, char **argv, struct cli *cli);

/* Entry point shared by main() and tests. */
int cli_main(int argc, char **argv);

#endif
