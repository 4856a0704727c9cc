#include "core/common.h"
#include "linkage/link.h"

int link_run(struct db *db, const char *as_of, const char *alert,
	     const char *run_id, struct link_summary *out, struct strbuf *err)
{
	(void)db;
	(void)alert;
	(void)run_id;
	memset(out, 0, sizeof(*out));
	return ec_error(err, EC_INTERNAL, "linking %s: not built yet", as_of);
}
