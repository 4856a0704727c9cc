/*
 * Fuzz the rule-set parser: schema validation, the checks behind it and
 * the test-case runner, on arbitrary bytes.
 */
#include "core/common.h"
#include "linkage/link.h"
#include "rules/cases.h"
#include "rules/ruleset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct ruleset *rs = NULL;
	int passed, failed;

	if (ruleset_load_memory((const char *)data, size, "fuzz.xml", &rs, &err) == 0) {
		cases_run(rs, linkage_test_case, &out, &passed, &failed);
		ruleset_free(rs);
	}
	strbuf_release(&err);
	strbuf_release(&out);
	return 0;
}
