#include "core/common.h"
#include "core/report.h"

/* Reports over the tables of ratings/ (SPEC §3). */
const struct report_def ratings_reports[] = {
	{ NULL, NULL, NULL, NULL },
};
