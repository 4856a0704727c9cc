#include "core/common.h"
#include "rules/ruleset.h"

/* Placeholder until the rule-set parser lands (issue 4). */
int ruleset_load_file(const char *path, struct ruleset **out, struct strbuf *err)
{
	*out = NULL;
	return ec_error(err, EC_INTERNAL, "'%s': rule sets are not built yet", path);
}

int ruleset_load_memory(const char *xml, size_t len, const char *name,
			struct ruleset **out, struct strbuf *err)
{
	(void)xml;
	(void)len;
	*out = NULL;
	return ec_error(err, EC_INTERNAL, "'%s': rule sets are not built yet", name);
}

int ruleset_load_default(struct ruleset **out, struct strbuf *err)
{
	return ruleset_load_file(RULESET_DEFAULT, out, err);
}

void ruleset_free(struct ruleset *rs)
{
	(void)rs;
}

const char *ruleset_id(const struct ruleset *rs)
{
	(void)rs;
	return "";
}

const char *ruleset_version(const struct ruleset *rs)
{
	(void)rs;
	return "";
}

const char *ruleset_sha256(const struct ruleset *rs)
{
	(void)rs;
	return "";
}

const char *ruleset_effective_from(const struct ruleset *rs)
{
	(void)rs;
	return "";
}

const struct linkage_params *ruleset_linkage(const struct ruleset *rs)
{
	(void)rs;
	return NULL;
}
