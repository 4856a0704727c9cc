/*
 * libFuzzer target: the bytes as the INI configuration (core/config.c),
 * written to one temporary file per process because config_load() reads a
 * path. On success every known key is read back through every accessor,
 * and what must hold for any input is checked: values are trimmed, the
 * line of a set key is within the file, a path is the value resolved
 * against the file's folder.
 */
#include "core/common.h"
#include "core/config.h"

#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[] = "/tmp/fuzz_config.XXXXXX";
static int fd = -1;

static void remove_file(void)
{
	unlink(path);
}

static const char *const keys[][2] = {
	{ NULL, "db" }, { "", "rules" }, { "inbox", "permits" },
	{ "inbox", "penalties" }, { "inbox", "monitoring" }, { "inbox", "done" },
	{ "inbox", "rejected" }, { "outbox", "dir" }, { "outbox", "channels" },
	{ "outbox", "valid_days" }, { "keys", "cms_key" }, { "keys", "cms_cert" },
	{ "keys", "sm2_key" }, { "keys", "sm2_cert" }, { "keys", "ed25519_key" },
	{ "monitoring", "accept_crc" }, { "monitoring", "store_minute" },
	{ "alert", "level" }, { "alert", "file" },
	{ "quality", "max_quarantine_pct" }, { "nosuch", "db" }, { "keys", "db" },
};

static void check_key(const struct config *cfg, const char *section,
		      const char *key, size_t lines)
{
	struct strbuf err = STRBUF_INIT;
	const char *v = config_get(cfg, section, key);
	int line = config_line(cfg, section, key), b;
	char *p = config_path(cfg, section, key);
	long n;

	if (!v != !line || line < 0 || (size_t)line > lines)
		abort();
	if (v && *v && (strchr(" \t", v[0]) || strchr(" \t\r\n", v[strlen(v) - 1])))
		abort();
	if (!p != !(v && *v))
		abort();
	if (p && (strlen(p) < strlen(v) || strcmp(p + strlen(p) - strlen(v), v)))
		abort();
	free(p);
	if (config_bool(cfg, section, key, 7, &b, &err) ? !v || !err.len
	    : (v ? b != 0 && b != 1 : b != 7))
		abort();
	strbuf_reset(&err);
	if (config_long(cfg, section, key, -3, -100, 100000, &n, &err) ? !v || !err.len
	    : (v ? n < -100 || n > 100000 : n != -3))
		abort();
	strbuf_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	struct config *cfg = NULL;
	size_t lines = 1;
	int rc;

	if (fd < 0) {
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		atexit(remove_file);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	rc = config_load(path, &cfg, &err);
	if (rc) {
		if (rc != EC_CONFIG || cfg || !err.len || !strstr(err.buf, path))
			abort();
	} else {
		if (!cfg || strcmp(config_file(cfg), path))
			abort();
		for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
			check_key(cfg, keys[i][0], keys[i][1], lines);
	}
	config_free(cfg);
	strbuf_release(&err);
	return 0;
}
