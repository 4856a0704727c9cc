#ifndef RULESET_H
#define RULESET_H

#include <libxml/tree.h>

#include "core/strbuf.h"
#include "rules/score.h"

/*
 * Rule sets (docs/rating.md, docs/linkage.md): an XML document in namespace
 * urn:ecredit:rules:1 validated against rules/ruleset.xsd (which includes
 * rules/linkage.xsd for the <linkage> section). Every figure the program
 * uses lives here; the code holds only meanings.
 *
 * Owned by rules/. The linkage section is parsed by rules/linkage_params.c and
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
/* The <power-price> section (rules/power.h); ->present 0 when absent. */
struct power_params;
const struct power_params *ruleset_power(const struct ruleset *rs);

/*
 * Loading validates against the schema, then checks what a schema cannot:
 * bands cover every score exactly once and in colour order, start <= max,
 * event types exist in core/evtype.h and are listed once, the monitoring
 * event types are listed, dates are real calendar dates. Every failure
 * names "file:line" and returns EC_CONFIG (an invalid rule set is a
 * configuration error, docs/interfaces.md, exit codes); a missing file is EC_NOINPUT.
 */
#define RULESET_MAX_BYTES (4 << 20)

const char *ruleset_name(const struct ruleset *rs); /* file name */
/* The XML bytes as loaded (what sha256 covers). */
const char *ruleset_xml(const struct ruleset *rs, size_t *len);
const struct score_model *ruleset_model(const struct ruleset *rs);
int ruleset_start_offset_days(const struct ruleset *rs);
/* The event table, in file order. */
int ruleset_rule_count(const struct ruleset *rs);
const struct score_rule *ruleset_rule_at(const struct ruleset *rs, int i);
/* NULL when the type is not in the rule set (such events count nothing). */
const struct score_rule *ruleset_rule(const struct ruleset *rs, const char *type);
/* The longest validity of any rule, in months. */
int ruleset_max_months(const struct ruleset *rs);

/* Monitoring-derived events (docs/rating.md, event types). */
struct ruleset_monitoring {
	int exceed_min_days;     /* distinct days per enterprise-month */
	double tx_min_percent;   /* effective transmission below this */
	const char *tx_classes;  /* space-separated permit classes */
};
const struct ruleset_monitoring *ruleset_monitoring(const struct ruleset *rs);

/* Physical bounds of monitored values (<monitoring><bound>), file order. */
struct ruleset_bound {
	const char *pollutant; /* HJ 212-2017 code */
	double max;            /* in the pollutant's HJ 212 unit */
};
const struct ruleset_bound *ruleset_bounds(const struct ruleset *rs, size_t *n);

/* The <tests> element, or NULL (for rules/cases.c). */
xmlNodePtr ruleset_tests_node(const struct ruleset *rs);

#endif
