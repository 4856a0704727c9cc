#ifndef RULESET_H
#define RULESET_H

#include "core/strbuf.h"

/*
 * Rule sets (SPEC §1, DOMAIN §2–3): an XML document in namespace
 * urn:ecredit:rules:1 validated against rules/ruleset.xsd (which includes
 * rules/linkage.xsd for the <linkage> section). Every figure the program
 * uses lives here; the code holds only meanings.
 *
 * Owned by rules/. The linkage section is parsed by linkage/params.c and
 * reached through ruleset_linkage().
 */
struct ruleset;
struct linkage_params;

/* The shipped default set (embedded "rules/jiangsu-2020.xml"). */
#define RULESET_DEFAULT "rules/jiangsu-2020.xml"

int ruleset_load_file(const char *path, struct ruleset **out, struct strbuf *err);
int ruleset_load_memory(const char *xml, size_t len, const char *name,
			struct ruleset **out, struct strbuf *err);
int ruleset_load_default(struct ruleset **out, struct strbuf *err);
void ruleset_free(struct ruleset *rs);

const char *ruleset_id(const struct ruleset *rs);
const char *ruleset_version(const struct ruleset *rs);
const char *ruleset_sha256(const struct ruleset *rs);        /* of the XML bytes */
const char *ruleset_effective_from(const struct ruleset *rs); /* YYYY-MM-DD */
const struct linkage_params *ruleset_linkage(const struct ruleset *rs);

#endif
