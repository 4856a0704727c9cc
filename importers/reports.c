#include "core/common.h"
#include "core/report.h"

/* Reports over the tables of importers/ (SPEC §3). */
const struct report_def importers_reports[] = {
	{ NULL, NULL, NULL, NULL },
};
