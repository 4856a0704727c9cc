#ifndef EVTYPE_H
#define EVTYPE_H

/*
 * The catalogue of credit event types (docs/rating.md, event types): what each type
 * *means*. Points, validity and effects are figures and live in the rule
 * set; the rule set may only name types that are in this catalogue.
 */
enum evtype_group {
	EVTYPE_PENALTY,    /* an administrative penalty or sanction */
	EVTYPE_POSITIVE,   /* commitment, commendation */
	EVTYPE_INCIDENT,   /* environmental incident */
	EVTYPE_MONITORING, /* derived from online monitoring data */
};

struct evtype {
	const char *code;     /* CSV value and rule-set id, e.g. "fine" */
	const char *zh;       /* Chinese name as it appears in CSV files */
	const char *aliases;  /* more accepted names, '|' separated, or NULL */
	enum evtype_group group;
};

extern const struct evtype evtypes[];
extern const int evtypes_count;

/* By code, Chinese name or alias (exact, after trimming); NULL if none. */
const struct evtype *evtype_lookup(const char *name);
const struct evtype *evtype_by_code(const char *code);

#endif
