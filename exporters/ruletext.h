#ifndef RULETEXT_H
#define RULETEXT_H

#include "core/db.h"

/*
 * The consumer wording of the rule set that rated the business date: its
 * <publication> section (rules/publication.xsd) — per channel the list's
 * title, meaning and legal basis; the display names of grades; the plain
 * text of every rule id. A rule set without the section gives none, and
 * the packages fall back to the bare codes.
 */
struct rule_texts;

int rule_texts_load(struct db *db, const char *sha256, struct rule_texts **out,
		    struct strbuf *err);
void rule_texts_free(struct rule_texts *rt);

/* kind "rule" (key: rule id), "grade" (key: code), "title", "meaning",
 * "legal-basis" (key: channel). NULL when absent (or rt is NULL). */
const char *rule_text(const struct rule_texts *rt, const char *kind,
		      const char *key);
/* The next id of a space-separated list of rule ids, allocated (the
 * caller frees it), *p moved past it; NULL after the last. */
char *rule_ids_next(const char **p);
/* Iterate the rule texts: i from 0 while it returns 1. */
int rule_texts_rule(const struct rule_texts *rt, size_t i, const char **id,
		    const char **text);

#endif
