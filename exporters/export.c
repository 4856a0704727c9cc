#include "core/common.h"
#include "exporters/export.h"

int export_run(struct db *db, const struct export_options *opt,
	       struct export_result *out, struct strbuf *err)
{
	(void)db;
	memset(out, 0, sizeof(*out));
	return ec_error(err, EC_INTERNAL, "exporting %s: not built yet", opt->as_of);
}
