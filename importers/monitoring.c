#include "core/common.h"
#include "importers/importer.h"

static int monitoring_run(struct import_ctx *ctx, struct strbuf *err)
{
	return ec_error(err, EC_INTERNAL, "'%s': the monitoring importer is not built yet",
			ctx->name);
}

const struct importer importer_monitoring = { "monitoring", monitoring_run };
