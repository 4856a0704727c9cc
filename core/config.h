#ifndef CONFIG_H
#define CONFIG_H

#include "core/strbuf.h"

/*
 * The configuration file (docs/operation.md): INI, `key = value` lines in
 * `[section]`s, '#' or ';' comments: whole lines, or after a blank at the
 * end of a line (so a value cannot hold " #" or " ;"). Only the keys
 * listed in config.c are accepted, each once, and each section once;
 * anything else is an error naming file and line (exit 78).
 * Relative paths in values are relative to the config file's folder.
 *
 * Keys (section.key):
 *   db                          database file
 *   rules                       rule-set file (default: the shipped set)
 *   inbox.permits|penalties|monitoring   inbox folders
 *   inbox.done, inbox.rejected  where processed and unreadable files go
 *   outbox.dir                  where packages are written
 *   outbox.channels             space-separated channel names
 *   outbox.valid_days           Valid-Until = business date + this
 *   outbox.csv_header           zh|en|both: the CSV header row's language
 *   keys.cms_key, keys.cms_cert RSA or ECDSA key and certificate (CMS)
 *   keys.sm2_key, keys.sm2_cert SM2 key (and certificate, optional)
 *   keys.ed25519_key            Ed25519 key
 *   monitoring.accept_crc       space-separated: modbus swapped
 *   monitoring.store_minute     true|false (store CN 2051/2011 data)
 *   monitoring.future_tolerance_hours, monitoring.max_age_days
 *                               implausible DataTime (importers/importer.h)
 *   alert.level                 none|yellow|orange|red
 *   alert.file                  a file whose first word is the level
 *   quality.max_quarantine_pct  per-file quarantine share that fails a run
 *   publisher.name|code|address|phone|email|objection
 *                               who issues the packages (exporters/export.h)
 */
struct config;

/* Parse path. A missing file is EC_NOINPUT unless optional. */
int config_load(const char *path, struct config **out, struct strbuf *err);
/* An empty configuration (no file): every key unset. */
struct config *config_empty(void);
void config_free(struct config *cfg);

const char *config_file(const struct config *cfg); /* NULL for empty */
/* The raw value, or NULL when unset. section may be NULL for top level. */
const char *config_get(const struct config *cfg, const char *section,
		       const char *key);
/* The value as a path resolved against the config's folder (caller frees),
 * or NULL when unset. */
char *config_path(const struct config *cfg, const char *section,
		  const char *key);
/* Boolean (true/false/yes/no/1/0); def when unset. -1 + err when bad. */
int config_bool(const struct config *cfg, const char *section, const char *key,
		int def, int *out, struct strbuf *err);
/* Integer in [min,max]; def when unset. */
int config_long(const struct config *cfg, const char *section, const char *key,
		long def, long min, long max, long *out, struct strbuf *err);
/* The line a key was set on (for error messages), 0 when unset. */
int config_line(const struct config *cfg, const char *section, const char *key);

#endif
