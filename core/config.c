#include "core/common.h"
#include "core/config.h"

struct config_entry {
	char *section; /* "" for top level */
	char *key;
	char *value;
	int line;
};

struct config {
	char *file;
	char *dir;
	struct config_entry *entries;
	size_t nr, alloc;
};

/* Every key the program knows: "section.key" ("key" at top level). */
static const char *const known_keys[] = {
	"db",
	"rules",
	"inbox.permits",
	"inbox.penalties",
	"inbox.monitoring",
	"inbox.generation",
	"inbox.done",
	"inbox.rejected",
	"inbox.settle_seconds",
	"inbox.expected",
	"outbox.dir",
	"outbox.channels",
	"outbox.valid_days",
	"outbox.csv_header",
	"keys.cms_key",
	"keys.cms_cert",
	"keys.sm2_key",
	"keys.sm2_cert",
	"keys.ed25519_key",
	"monitoring.accept_crc",
	"monitoring.store_minute",
	"monitoring.future_tolerance_hours",
	"monitoring.max_age_days",
	"monitoring.gap_pct",
	"monitoring.max_unpacked_mb",
	"monitoring.max_ratio",
	"alert.level",
	"alert.file",
	"quality.max_quarantine_pct",
	"publisher.name",
	"publisher.code",
	"publisher.address",
	"publisher.phone",
	"publisher.email",
	"publisher.objection",
};

static int known(const char *section, const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(known_keys); i++) {
		const char *k = known_keys[i];
		const char *dot = strchr(k, '.');

		if (!dot) {
			if (!*section && !strcmp(k, key))
				return 1;
			continue;
		}
		if (strlen(section) == (size_t)(dot - k) &&
		    !strncmp(k, section, (size_t)(dot - k)) && !strcmp(dot + 1, key))
			return 1;
	}
	return 0;
}

static int section_known(const char *section)
{
	size_t n = strlen(section);

	for (size_t i = 0; i < ARRAY_SIZE(known_keys); i++) {
		const char *dot = strchr(known_keys[i], '.');

		if (dot && (size_t)(dot - known_keys[i]) == n &&
		    !strncmp(known_keys[i], section, n))
			return 1;
	}
	return 0;
}

struct config *config_empty(void)
{
	return xcalloc(1, sizeof(struct config));
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->nr; i++) {
		free(cfg->entries[i].section);
		free(cfg->entries[i].key);
		free(cfg->entries[i].value);
	}
	free(cfg->entries);
	free(cfg->file);
	free(cfg->dir);
	free(cfg);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* Cut an inline comment: '#' or ';' after a blank, to the end of line. */
static void cut_comment(char *s)
{
	for (char *p = s; *p; p++)
		if ((*p == '#' || *p == ';') && p > s &&
		    (p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			return;
		}
}

struct seen_section {
	char *name;
	int line;
};

static struct config_entry *find(const struct config *cfg, const char *section,
				 const char *key)
{
	if (!section)
		section = "";
	for (size_t i = cfg->nr; i-- > 0;)
		if (!strcmp(cfg->entries[i].section, section) &&
		    !strcmp(cfg->entries[i].key, key))
			return &cfg->entries[i];
	return NULL;
}

int config_load(const char *path, struct config **out, struct strbuf *err)
{
	struct config *cfg = config_empty();
	struct strbuf line = STRBUF_INIT;
	char *section = xstrdup("");
	const char *slash;
	struct seen_section *seen = NULL;
	size_t nseen = 0, seen_alloc = 0;
	FILE *f;
	int lineno = 0, rc = 0, c;

	*out = NULL;
	f = fopen(path, "r");
	if (!f) {
		rc = ec_errno(err, "cannot read config", path);
		if (rc == EC_IO)
			rc = EC_CONFIG;
		goto out;
	}
	cfg->file = xstrdup(path);
	slash = strrchr(path, '/');
	cfg->dir = slash ? xstrndup(path, (size_t)(slash - path + 1)) : xstrdup("");
	for (;;) {
		char *s, *eq;

		strbuf_reset(&line);
		while ((c = getc(f)) != EOF && c != '\n') {
			if (line.len > 8192) {
				rc = ec_error(err, EC_CONFIG, "%s:%d: line too long",
					      path, lineno + 1);
				goto out;
			}
			strbuf_addch(&line, c);
		}
		if (c == EOF && !line.len)
			break;
		lineno++;
		s = trim(line.buf);
		if (lineno == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))
			s = trim(s + 3);
		if (!*s || *s == '#' || *s == ';')
			continue;
		cut_comment(s);
		s = trim(s);
		if (*s == '[') {
			char *end = strchr(s, ']');

			if (!end || end[1]) {
				rc = ec_error(err, EC_CONFIG,
					      "%s:%d: bad section header '%s'", path,
					      lineno, s);
				goto out;
			}
			*end = '\0';
			free(section);
			section = xstrdup(trim(s + 1));
			if (!section_known(section)) {
				rc = ec_error(err, EC_CONFIG,
					      "%s:%d: unknown section '[%s]'", path,
					      lineno, section);
				goto out;
			}
			for (size_t i = 0; i < nseen; i++)
				if (!strcmp(seen[i].name, section)) {
					rc = ec_error(err, EC_CONFIG,
						      "%s:%d: section '[%s]' appears twice"
						      " (first at line %d)", path, lineno,
						      section, seen[i].line);
					goto out;
				}
			ALLOC_GROW(seen, nseen + 1, seen_alloc);
			seen[nseen].name = xstrdup(section);
			seen[nseen++].line = lineno;
			continue;
		}
		eq = strchr(s, '=');
		if (!eq) {
			rc = ec_error(err, EC_CONFIG,
				      "%s:%d: expected 'key = value', got '%s'", path,
				      lineno, s);
			goto out;
		}
		*eq = '\0';
		s = trim(s);
		if (!known(section, s)) {
			if (*section)
				rc = ec_error(err, EC_CONFIG,
					      "%s:%d: unknown key '%s' in [%s]", path,
					      lineno, s, section);
			else
				rc = ec_error(err, EC_CONFIG,
					      "%s:%d: unknown key '%s'", path, lineno, s);
			goto out;
		}
		if (find(cfg, section, s)) {
			rc = ec_error(err, EC_CONFIG,
				      "%s:%d: key '%s' set twice (first at line %d)",
				      path, lineno, s, find(cfg, section, s)->line);
			goto out;
		}
		ALLOC_GROW(cfg->entries, cfg->nr + 1, cfg->alloc);
		cfg->entries[cfg->nr].section = xstrdup(section);
		cfg->entries[cfg->nr].key = xstrdup(s);
		cfg->entries[cfg->nr].value = xstrdup(trim(eq + 1));
		cfg->entries[cfg->nr].line = lineno;
		cfg->nr++;
	}
	if (ferror(f))
		rc = ec_errno(err, "cannot read config", path);
out:
	if (f)
		fclose(f);
	free(section);
	for (size_t i = 0; i < nseen; i++)
		free(seen[i].name);
	free(seen);
	strbuf_release(&line);
	if (rc) {
		config_free(cfg);
		return rc;
	}
	*out = cfg;
	return 0;
}

const char *config_file(const struct config *cfg)
{
	return cfg->file;
}

const char *config_get(const struct config *cfg, const char *section,
		       const char *key)
{
	struct config_entry *e = find(cfg, section, key);

	return e ? e->value : NULL;
}

int config_line(const struct config *cfg, const char *section, const char *key)
{
	struct config_entry *e = find(cfg, section, key);

	return e ? e->line : 0;
}

char *config_path(const struct config *cfg, const char *section,
		  const char *key)
{
	const char *v = config_get(cfg, section, key);
	struct strbuf sb = STRBUF_INIT;

	if (!v || !*v)
		return NULL;
	if (*v != '/' && cfg->dir)
		strbuf_addstr(&sb, cfg->dir);
	strbuf_addstr(&sb, v);
	return strbuf_detach(&sb, NULL);
}

static void where(const struct config *cfg, const char *section,
		  const char *key, struct strbuf *err)
{
	ec_prefix(err, "%s:%d: ", cfg->file ? cfg->file : "(config)",
		  config_line(cfg, section, key));
}

int config_bool(const struct config *cfg, const char *section, const char *key,
		int def, int *out, struct strbuf *err)
{
	const char *v = config_get(cfg, section, key);

	*out = def;
	if (!v)
		return 0;
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1") ||
	    !strcmp(v, "on")) {
		*out = 1;
		return 0;
	}
	if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0") ||
	    !strcmp(v, "off")) {
		*out = 0;
		return 0;
	}
	ec_error(err, EC_CONFIG, "'%s' is not a boolean for '%s'", v, key);
	where(cfg, section, key, err);
	return EC_CONFIG;
}

int config_long(const struct config *cfg, const char *section, const char *key,
		long def, long min, long max, long *out, struct strbuf *err)
{
	const char *v = config_get(cfg, section, key);
	char *end;
	long n;

	*out = def;
	if (!v)
		return 0;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < min || n > max) {
		ec_error(err, EC_CONFIG, "'%s' for '%s' is not a number from %ld to %ld",
			 v, key, min, max);
		where(cfg, section, key, err);
		return EC_CONFIG;
	}
	*out = n;
	return 0;
}
