#ifndef PENALTIES_H
#define PENALTIES_H

#include "core/date.h"
#include "core/strbuf.h"

/*
 * The penalties and credit-events importer (docs/importers-penalties.md): importer_penalties
 * in importer.h is the entry point; these are its field rules, exposed for
 * the unit tests and the fuzzer. Inputs are valid UTF-8 (the CSV reader
 * guarantees it); outputs are valid UTF-8.
 *
 * Decision numbers: the event id is the decision number with every kind
 * of whitespace removed, full-width ASCII forms (U+FF01..U+FF5E) made
 * ASCII, letters upper-cased, and every bracket of () [] （） ［］ 〔〕
 * 【】 〖〗 ﹝﹞ ﹙﹚ written as 〔 〕, so 海环罚[2019]156号 and
 * 海环罚〔２０１９〕１５６号 are one event.
 */
void penalties_decision_id(const char *decision_no, struct strbuf *out);

/* YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日 (month and day with one or two
 * digits; full-width digits accepted; surrounding space ignored) into
 * out as YYYY-MM-DD. 0, or -1 with *why set to a static reason. */
int penalties_parse_date(const char *s, char out[DATE_TEXT_SIZE],
			 const char **why);

/* Fine in 万元: a non-negative decimal number; empty, "-", "—", "——" or
 * "－" means none (*present = 0). 0, or -1 with *why set. */
int penalties_parse_fine(const char *s, double *value, int *present,
			 const char **why);

#endif
