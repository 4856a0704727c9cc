#include "core/common.h"
#include "core/archive.h"
#include "core/crypto.h"
#include "nightly/nightly.h"
#include "ratings/monitor.h"
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

#define kind_names nightly_kind_names
static const char *const channel_names[] = { "tax", "finance", "pricing",
					     "public", "bureau" };


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
	ruleset_free(nc->bounds_rules);
	free(nc->bounds);
	export_publisher_release(&nc->publisher);
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

	export_key_paths(cfg, nc->keys); /* [keys], as `export` reads them */
	for (size_t i = 0; i < EXPORT_KEYS; i++) {
		if (nc->keys[i] &&
		    (rc = check_key(cfg, export_key_names[i], nc->keys[i], err)))
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
	/* the importers' own reader: the same settings as `import` */
	return import_options_from_config(cfg, &nc->import, err);
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

/* Make a folder when missing; whatever goes wrong, check_dir says it.
 * Without create (config check: no side effects) a missing folder must
 * be one the job could make: its parent exists and is writable. */
static int make_dir(const struct config *cfg, const char *section,
		    const char *key, const char *path, int create,
		    struct strbuf *err)
{
	struct stat st;
	char *parent, *slash;
	int rc = 0;

	if (create) {
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			/* reported by check_dir */
		}
		return 0;
	}
	if (stat(path, &st) == 0 || errno != ENOENT)
		return 0; /* check_dir looks at it */
	parent = xstrdup(path);
	slash = strrchr(parent, '/');
	if (slash == parent)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		parent[0] = '.', parent[1] = '\0';
	if (access(parent, W_OK | X_OK) < 0) {
		ec_error(err, EC_CONFIG, "folder '%s' is missing and cannot be made:"
			 " '%s': %s", path, parent, strerror(errno));
		rc = where(cfg, section, key, err, EC_CONFIG);
	}
	free(parent);
	return rc ? rc : 1; /* 1: missing, the job makes it */
}

/* A folder the job makes when missing (done/, rejected/, the outbox). */
static int job_dir(const struct config *cfg, const char *section,
		   const char *key, char **out, int create, struct strbuf *err)
{
	int rc;

	if ((rc = required_path(cfg, section, key, out, err)))
		return rc;
	rc = make_dir(cfg, section, key, *out, create, err);
	if (rc)
		return rc < 0 ? rc : 0;
	return check_dir(cfg, section, key, *out, 1, EC_IO, err);
}

static int load_dirs(const struct config *cfg, struct nightly_config *nc,
		     int create, struct strbuf *err)
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
		if ((rc = job_dir(cfg, "inbox", "done", &nc->done_dir, create, err)) ||
		    (rc = job_dir(cfg, "inbox", "rejected", &nc->rejected_dir, create,
				  err)))
			return rc;
		for (int i = 0; i < NIGHTLY_KINDS; i++)
			if (nc->inbox[i] &&
			    ((rc = same_fs(nc->inbox[i], nc->done_dir, err)) ||
			     (rc = same_fs(nc->inbox[i], nc->rejected_dir, err))))
				return rc;
	}
	return job_dir(cfg, "outbox", "dir", &nc->outbox, create, err);
}

/* Each private key loads, is of its algorithm and matches its certificate
 * (core/crypto.c compares the public keys): a wrong pair must stop the
 * night before the inbox is touched, not at the export step. */
static int check_key_pairs(const struct config *cfg,
			   const struct nightly_config *nc, struct strbuf *err)
{
	static const struct {
		enum crypto_alg alg;
		int key, cert;
	} pairs[] = { { CRYPTO_CMS, 0, 1 }, { CRYPTO_SM2, 2, 3 },
		      { CRYPTO_ED25519, 4, -1 } };
	struct crypto_key *k;
	int rc;

	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
		const char *cert = pairs[i].cert >= 0 ? nc->keys[pairs[i].cert] : NULL;

		if (!nc->keys[pairs[i].key])
			continue;
		rc = crypto_key_load(pairs[i].alg, nc->keys[pairs[i].key], cert, &k, err);
		if (rc) /* a certificate problem is the certificate's line */
			return where(cfg, "keys",
				     export_key_names[cert && strstr(err->buf, "certificate") ?
					       pairs[i].cert : pairs[i].key],
				     err, EC_CONFIG);
		crypto_key_free(k);
	}
	return 0;
}

/* A number in [min, max] (def when unset), with file:line on error. */
static int config_number(const struct config *cfg, const char *section,
			 const char *key, double def, double min, double max,
			 double *out, struct strbuf *err)
{
	const char *v = config_get(cfg, section, key);
	char *end;

	*out = def;
	if (!v)
		return 0;
	errno = 0;
	*out = strtod(v, &end);
	if (errno || end == v || *end || !(*out >= min) || *out > max) {
		ec_error(err, EC_CONFIG, "'%s' is not a number from %g to %g", v,
			 min, max);
		return where(cfg, section, key, err, EC_CONFIG);
	}
	return 0;
}

int nightly_import_limits(const struct config *cfg, struct import_options *opt,
			  struct strbuf *err)
{
	double mb, ratio;
	int rc;

	if ((rc = config_number(cfg, "monitoring", "max_unpacked_mb",
				ARC_DEFAULT_MAX_MB, 1, 1 << 30, &mb, err)) ||
	    (rc = config_number(cfg, "monitoring", "max_ratio",
				ARC_DEFAULT_MAX_RATIO, 2, 1e6, &ratio, err)))
		return rc;
	opt->max_unpacked_bytes = (int64_t)(mb * 1048576.0);
	opt->max_ratio = ratio;
	return 0;
}

int nightly_gap_config(const struct config *cfg, struct strbuf *err)
{
	double pct;
	int rc = config_number(cfg, "monitoring", "gap_pct",
			       MONITOR_DEFAULT_GAP_PCT, 0, 100, &pct, err);

	if (!rc)
		monitor_set_gap_pct(pct);
	return rc;
}

/* inbox.settle_seconds, inbox.expected ("none" or kinds). */
static int load_inbox_checks(const struct config *cfg, struct nightly_config *nc,
			     struct strbuf *err)
{
	const char *v = config_get(cfg, "inbox", "expected");
	long settle;
	int rc;

	if ((rc = config_long(cfg, "inbox", "settle_seconds", NIGHTLY_DEFAULT_SETTLE,
			      0, 86400, &settle, err)))
		return rc;
	nc->settle_seconds = (int)settle;
	if (!v)
		v = NIGHTLY_DEFAULT_EXPECTED;
	while (*v) {
		size_t n = strcspn(v, " ,\t"), k;

		for (k = 0; n && k < NIGHTLY_KINDS; k++)
			if (strlen(kind_names[k]) == n && !strncmp(kind_names[k], v, n))
				break;
		if (n == 4 && !strncmp(v, "none", 4)) {
			memset(nc->expected, 0, sizeof(nc->expected));
		} else if (n && k == NIGHTLY_KINDS) {
			ec_error(err, EC_CONFIG,
				 "unknown inbox kind '%.*s' (known: permits penalties"
				 " monitoring, or none)", (int)n, v);
			return where(cfg, "inbox", "expected", err, EC_CONFIG);
		} else if (n) {
			nc->expected[k] = 1;
		}
		v += n;
		v += strspn(v, " ,\t");
	}
	if ((rc = nightly_gap_config(cfg, err)))
		return rc;
	nc->gap_pct = monitor_gap_pct();
	return nightly_import_limits(cfg, &nc->import, err);
}

/* The physical bounds of monitored values, as `import` applies them: from
 * the configured rule set, else the shipped one (docs/importers-monitoring.md). */
static int load_bounds(struct nightly_config *nc, struct strbuf *err)
{
	const struct ruleset *rs = nc->rules;
	const struct ruleset_bound *b;
	size_t n;
	int rc;

	if (!rs) {
		if ((rc = ruleset_load_default(&nc->bounds_rules, err)))
			return rc;
		rs = nc->bounds_rules;
	}
	b = ruleset_bounds(rs, &n);
	nc->bounds = xcalloc(n ? n : 1, sizeof(*nc->bounds));
	for (size_t i = 0; i < n; i++) {
		nc->bounds[i].pollutant = b[i].pollutant;
		nc->bounds[i].max = b[i].max;
	}
	nc->import.bounds = nc->bounds;
	nc->import.nbounds = n;
	return 0;
}

static int config_read(const struct config *cfg, int create,
		       struct nightly_config **out, struct strbuf *err)
{
	struct nightly_config *nc = xcalloc(1, sizeof(*nc));
	char *rules = NULL;
	int rc;

	*out = NULL;
	if ((rc = load_dirs(cfg, nc, create, err)) || (rc = load_keys(cfg, nc, err)) ||
	    (rc = load_channels(cfg, nc, err)) || (rc = load_alert(cfg, nc, err)) ||
	    (rc = load_import_options(cfg, nc, err)) ||
	    (rc = load_quality(cfg, nc, err)) ||
	    (rc = load_inbox_checks(cfg, nc, err)) ||
	    /* [publisher]: who issues the packages (exporters/publisher.c) */
	    (rc = export_publisher_load(cfg, &nc->publisher, err)) ||
	    /* outbox.valid_days: one reader and one default for export too */
	    (rc = export_valid_days(cfg, &nc->valid_days, err)))
		goto out;
	/* last: it reads the keys (the cheap checks above speak first) */
	if ((rc = check_key_pairs(cfg, nc, err)))
		goto out;
	rules = config_path(cfg, NULL, "rules");
	if (rules && (rc = ruleset_load_file(rules, &nc->rules, err))) {
		ec_prefix(err, "rule set '%s': ", rules);
		if (rc != EC_INTERNAL)
			rc = EC_CONFIG;
		goto out;
	}
	if ((rc = load_bounds(nc, err)))
		goto out;
out:
	free(rules);
	if (rc) {
		nightly_config_free(nc);
		return rc;
	}
	*out = nc;
	return 0;
}

int nightly_config_load(const struct config *cfg, struct nightly_config **out,
			struct strbuf *err)
{
	return config_read(cfg, 1, out, err);
}

int nightly_config_check(const struct config *cfg, struct nightly_config **out,
			 struct strbuf *err)
{
	return config_read(cfg, 0, out, err);
}
