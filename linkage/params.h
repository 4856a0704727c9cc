#ifndef PARAMS_H
#define PARAMS_H

#include <libxml/tree.h>

#include "core/strbuf.h"

/*
 * The <linkage> section of a rule set (docs/linkage.md): every figure the
 * linkage lists use. rules/ruleset.c validates the whole rule set against
 * rules/ruleset.xsd (which includes rules/linkage.xsd) and hands the
 * <linkage> element (or NULL when absent) to linkage_params_parse.
 */
struct linkage_params;
struct ruleset;

int linkage_params_parse(xmlNodePtr linkage, struct linkage_params **out,
			 struct strbuf *err);
void linkage_params_free(struct linkage_params *p);

/*
 * Rule-set test cases for linkage figures: rules/ruleset.c calls this for
 * each <link-case> element inside <tests> when running `rules test`.
 * Returns 0 when the case passes, EC_CHECK when it fails (with the
 * difference in err), another code when the case is malformed.
 */
int linkage_test_case(xmlNodePtr link_case, const struct ruleset *rs,
		      struct strbuf *err);

#endif
