#include "core/common.h"
#include "core/report.h"

/* Reports over the tables of importers/ (SPEC §3). */
const struct report_def importers_reports[] = {
	{ "permits", "one row per permit",
	  "SELECT p.permit_no, p.uscc, p.name, p.town,"
	  " p.industry_code AS industry, p.class, p.grade, p.valid_from,"
	  " p.valid_to,"
	  " (SELECT count(*) FROM outlet o WHERE o.permit_no = p.permit_no) AS outlets,"
	  " coalesce(e.uscc_ok, 0) AS uscc_ok"
	  " FROM permit p LEFT JOIN enterprise e ON e.uscc = p.uscc"
	  " ORDER BY p.permit_no",
	  NULL },
	{ NULL, NULL, NULL, NULL },
};
