#include "unit.h"

char *unit_tmpdir(void)
{
	char tmpl[] = "/tmp/ecredit-unit.XXXXXX";
	char *d = mkdtemp(tmpl);

	assert_non_null(d);
	return xstrdup(d);
}
