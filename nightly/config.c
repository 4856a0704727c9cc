#include "core/common.h"
#include "nightly/nightly.h"
#include "rules/ruleset.h"
#include "rules/score.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Everything the job needs from the configuration is checked here, before
 * the lock is taken or anything runs: a night that cannot finish should
 * fail at 01:00:00 with the reason, not after an hour of importing.
 */

static const char *const kind_names[NIGHTLY_KINDS] = { "permits", "penalties",
						       "monitoring" };
static const char *const key_names[5] = { "cms_key", "cms_cert", "sm2_key",
					  "sm2_cert", "ed25519_key" };
static const char *const channel_names[] = { "tax", "finance", "pricing",
					     "public", "bureau" };

#define DEFAULT_VALID_DAYS 7

void nightly_config_free(struct nightly_config *nc)
{
	if (!nc)
		return;
	for (int i = 0; i < NIGHTLY_KINDS; i++)
		free(nc->inbox[i]);
	free(nc->done_dir);
	free(nc->rejected_dir);
	free(nc->outbox);
	for (size_t i = 0; nc->channels && nc->channels[i]; i++)
		free(nc->channels[i]);
	free(nc->channels);
	for (size_t i = 0; i < ARRAY_SIZE(nc->keys); i++)
		free(nc->keys[i]);
	free(nc->alert);
	free(nc->alert_source);
	ruleset_free(nc->rules);
	free(nc);
}

static int where(const struct config *cfg, const char *section,
		 const char *key, struct strbuf *err, int code)
{
	ec_prefix(err, "%s:%d: %s.%s: ",
		  config_file(cfg) ? config_file(cfg) : "(no config)",
		  config_line(cfg, section, key), section, key);
	return code;
}

/* A folder the job reads (and, when write is set, renames files in or
 * out of). Missing or not a folder: EC_CONFIG; not usable: see code. */
static int check_dir(const struct config *cfg, const char *section,
		     const char *key, const char *path, int write, int code,
		     struct strbuf *err)
{
	struct stat st;
	DIR *d;

	if (stat(path, &st) < 0) {
		ec_errno(err, "cannot use folder", path);
		return where(cfg, section, key, err, EC_CONFIG);
	}
	if (!S_ISDIR(st.st_mode)) {
		ec_error(err, EC_CONFIG, "'%s' is not a folder", path);
		return where(cfg, section, key, err, EC_CONFIG);
	}
	d = opendir(path);
	if (!d) {
		ec_errno(err, "cannot read folder", path);
		return where(cfg, section, key, err, EC_CONFIG);
	}
	closedir(d);
	if (write && access(path, W_OK | X_OK) < 0) {
		ec_errno(err, "cannot write in folder", path);
		return where(cfg, section, key, err, code);
	}
	return 0;
}

static int required_path(const struct config *cfg, const char *section,
			 const char *key, char **out, struct strbuf *err)
{
	*out = config_path(cfg, section, key);
	if (*out)
		return 0;
	return ec_error(err, EC_CONFIG, "%s: '%s.%s' is not set",
			config_file(cfg) ? config_file(cfg) : "no config file (use --config)",
			section, key);
}

static int check_key(const struct config *cfg, const char *key,
		     const char *path, struct strbuf *err)
{
	int secret = !!strstr(key, "_key");
	struct stat st;

	if (access(path, R_OK) < 0 || stat(path, &st) < 0) {
		ec_errno(err, "cannot read key file", path);
		return where(cfg, "keys", key, err, EC_CONFIG);
	}
	if (!S_ISREG(st.st_mode)) {
		ec_error(err, EC_CONFIG, "'%s' is not a regular file", path);
		return where(cfg, "keys", key, err, EC_CONFIG);
	}
	if (secret && (st.st_mode & 077)) {
		ec_error(err, EC_CONFIG,
			 "private key '%s' has mode %04o: others can read it;"
			 " run 'chmod 600 %s'",
			 path, (unsigned)(st.st_mode & 07777), path);
		return where(cfg, "keys", key, err, EC_CONFIG);
	}
	return 0;
}

static int load_keys(const struct config *cfg, struct nightly_config *nc,
		     struct strbuf *err)
{
	int rc;

	for (size_t i = 0; i < ARRAY_SIZE(key_names); i++) {
		nc->keys[i] = config_path(cfg, "keys", key_names[i]);
		if (nc->keys[i] &&
		    (rc = check_key(cfg, key_names[i], nc->keys[i], err)))
			return rc;
	}
	if (!nc->keys[0] && !nc->keys[2] && !nc->keys[4])
		return ec_error(err, EC_CONFIG,
				"%s: no signing key configured (keys.cms_key,"
				" keys.sm2_key or keys.ed25519_key): unsigned"
				" packages never verify",
				config_file(cfg) ? config_file(cfg) : "(no config)");
	if (!!nc->keys[0] != !!nc->keys[1])
		return ec_error(err, EC_CONFIG,
				"%s: keys.cms_key and keys.cms_cert go together",
				config_file(cfg) ? config_file(cfg) : "(no config)");
	return 0;
}

static int load_channels(const struct config *cfg, struct nightly_config *nc,
			 struct strbuf *err)
{
	const char *v = config_get(cfg, "outbox", "channels");
	size_t nr = 0;

	nc->channels = xcalloc(ARRAY_SIZE(channel_names) + 1, sizeof(char *));
	if (!v) {
		for (size_t i = 0; i < ARRAY_SIZE(channel_names); i++)
			nc->channels[i] = xstrdup(channel_names[i]);
		return 0;
	}
	while (*v) {
		size_t n = strcspn(v, " ,\t"), i, j;

		for (i = 0; n && i < ARRAY_SIZE(channel_names); i++)
			if (strlen(channel_names[i]) == n &&
			    !strncmp(channel_names[i], v, n))
				break;
		if (n && i == ARRAY_SIZE(channel_names)) {
			ec_error(err, EC_CONFIG,
				 "unknown channel '%.*s' (known: tax finance pricing"
				 " public bureau)", (int)n, v);
			return where(cfg, "outbox", "channels", err, EC_CONFIG);
		}
		for (j = 0; n && j < nr; j++)
			if (!strcmp(nc->channels[j], channel_names[i]))
				break;
		if (n && j == nr)
			nc->channels[nr++] = xstrdup(channel_names[i]);
		v += n;
		v += strspn(v, " ,\t");
	}
	if (!nr) {
		ec_error(err, EC_CONFIG, "no channel named");
		return where(cfg, "outbox", "channels", err, EC_CONFIG);
	}
	return 0;
}

static int parse_level(const char *s, size_t n, char **out)
{
	const char *level = alert_level_parse(s, n); /* English or Chinese */

	*out = NULL;
	if (!level)
		return -1;
	if (strcmp(level, "none"))
		*out = xstrdup(level);
	return 0;
}

/* alert.file when it exists (the duty officer's file: its first word),
 * else alert.level, else every level. */
static int load_alert(const struct config *cfg, struct nightly_config *nc,
		      struct strbuf *err)
{
	char *file = config_path(cfg, "alert", "file");
	const char *v = config_get(cfg, "alert", "level");
	char buf[64];
	FILE *f = NULL;
	size_t n;
	int rc = 0;

	if (file && (f = fopen(file, "r")) != NULL) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		buf[n] = '\0';
		v = buf + strspn(buf, " \t\r\n");
		if (parse_level(v, strcspn(v, " \t\r\n"), &nc->alert)) {
			rc = ec_error(err, EC_CONFIG,
				      "alert file '%s' must start with none, yellow,"
				      " orange or red", file);
			goto out;
		}
		nc->alert_source = xstrdup("alert.file");
		goto out;
	}
	if (file && errno != ENOENT) {
		ec_errno(err, "cannot read alert file", file);
		rc = where(cfg, "alert", "file", err, EC_CONFIG);
		goto out;
	}
	if (v) {
		if (parse_level(v, strlen(v), &nc->alert)) {
			ec_error(err, EC_CONFIG, "'%s' is not none, yellow, orange or red", v);
			rc = where(cfg, "alert", "level", err, EC_CONFIG);
			goto out;
		}
		nc->alert_source = xstrdup("alert.level");
		goto out;
	}
	nc->alert_source = xstrdup("default");
out:
	if (f)
		fclose(f);
	free(file);
	return rc;
}

/* monitoring.accept_crc = "modbus swapped" (as `import` reads it). */
static int load_import_options(const struct config *cfg,
			       struct nightly_config *nc, struct strbuf *err)
{
	const char *v = config_get(cfg, "monitoring", "accept_crc");

	while (v && *v) {
		size_t n = strcspn(v, " ,\t");

		if (n == 6 && !strncmp(v, "modbus", 6))
			nc->import.accept_crc_modbus = 1;
		else if (n == 7 && !strncmp(v, "swapped", 7))
			nc->import.accept_crc_swapped = 1;
		else if (n) {
			ec_error(err, EC_CONFIG,
				 "unknown CRC variant '%.*s' (known: modbus swapped)",
				 (int)n, v);
			return where(cfg, "monitoring", "accept_crc", err, EC_CONFIG);
		}
		v += n;
		v += strspn(v, " ,\t");
	}
	return config_bool(cfg, "monitoring", "store_minute", 0,
			   &nc->import.store_minute, err);
}

static int load_quality(const struct config *cfg, struct nightly_config *nc,
			struct strbuf *err)
{
	const char *v = config_get(cfg, "quality", "max_quarantine_pct");
	char *end;

	nc->max_quarantine_pct = -1;
	if (!v)
		return 0;
	errno = 0;
	nc->max_quarantine_pct = strtod(v, &end);
	if (errno || end == v || *end || !(nc->max_quarantine_pct >= 0) ||
	    nc->max_quarantine_pct > 100) {
		ec_error(err, EC_CONFIG, "'%s' is not a percentage from 0 to 100", v);
		return where(cfg, "quality", "max_quarantine_pct", err, EC_CONFIG);
	}
	return 0;
}

/* rename(2) cannot cross file systems: inboxes and done/rejected must
 * share one, or a move would not be atomic. */
static int same_fs(const char *a, const char *b, struct strbuf *err)
{
	struct stat sa, sb;

	if (stat(a, &sa) < 0 || stat(b, &sb) < 0 || sa.st_dev == sb.st_dev)
		return 0;
	return ec_error(err, EC_CONFIG,
			"'%s' and '%s' are on different file systems: files"
			" could not be moved atomically", a, b);
}

/* Make a folder when missing; whatever goes wrong, check_dir says it. */
static int make_dir(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		/* reported by check_dir */
	}
	return 0;
}

static int load_dirs(const struct config *cfg, struct nightly_config *nc,
		     struct strbuf *err)
{
	int rc, any = 0;

	for (int i = 0; i < NIGHTLY_KINDS; i++) {
		nc->inbox[i] = config_path(cfg, "inbox", kind_names[i]);
		if (!nc->inbox[i])
			continue;
		any = 1;
		if ((rc = check_dir(cfg, "inbox", kind_names[i], nc->inbox[i], 1,
				    EC_IO, err)))
			return rc;
	}
	if (any) {
		/* done/, rejected/ (and the outbox) are the job's: made when missing */
		if ((rc = required_path(cfg, "inbox", "done", &nc->done_dir, err)) ||
		    (rc = make_dir(nc->done_dir)) ||
		    (rc = check_dir(cfg, "inbox", "done", nc->done_dir, 1, EC_IO, err)) ||
		    (rc = required_path(cfg, "inbox", "rejected", &nc->rejected_dir, err)) ||
		    (rc = make_dir(nc->rejected_dir)) ||
		    (rc = check_dir(cfg, "inbox", "rejected", nc->rejected_dir, 1,
				    EC_IO, err)))
			return rc;
		for (int i = 0; i < NIGHTLY_KINDS; i++)
			if (nc->inbox[i] &&
			    ((rc = same_fs(nc->inbox[i], nc->done_dir, err)) ||
			     (rc = same_fs(nc->inbox[i], nc->rejected_dir, err))))
				return rc;
	}
	if ((rc = required_path(cfg, "outbox", "dir", &nc->outbox, err)) ||
	    (rc = make_dir(nc->outbox)) ||
	    (rc = check_dir(cfg, "outbox", "dir", nc->outbox, 1, EC_IO, err)))
		return rc;
	return 0;
}

int nightly_config_load(const struct config *cfg, struct nightly_config **out,
			struct strbuf *err)
{
	struct nightly_config *nc = xcalloc(1, sizeof(*nc));
	char *rules = NULL;
	long days;
	int rc;

	*out = NULL;
	if ((rc = load_dirs(cfg, nc, err)) || (rc = load_keys(cfg, nc, err)) ||
	    (rc = load_channels(cfg, nc, err)) || (rc = load_alert(cfg, nc, err)) ||
	    (rc = load_import_options(cfg, nc, err)) ||
	    (rc = load_quality(cfg, nc, err)) ||
	    (rc = config_long(cfg, "outbox", "valid_days", DEFAULT_VALID_DAYS, 1,
			      3660, &days, err)))
		goto out;
	nc->valid_days = (int)days;
	rules = config_path(cfg, NULL, "rules");
	if (rules && (rc = ruleset_load_file(rules, &nc->rules, err))) {
		ec_prefix(err, "rule set '%s': ", rules);
		if (rc != EC_INTERNAL)
			rc = EC_CONFIG;
		goto out;
	}
out:
	free(rules);
	if (rc) {
		nightly_config_free(nc);
		return rc;
	}
	*out = nc;
	return 0;
}
