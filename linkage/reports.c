#include "core/common.h"
#include "core/report.h"

/* Reports over the tables of linkage/ (SPEC §3). */
const struct report_def linkage_reports[] = {
	{ NULL, NULL, NULL, NULL },
};
