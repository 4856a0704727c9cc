#include "core/common.h"
#include "importers/importer.h"

static int penalties_run(struct import_ctx *ctx, struct strbuf *err)
{
	return ec_error(err, EC_INTERNAL, "'%s': the penalties importer is not built yet",
			ctx->name);
}

const struct importer importer_penalties = { "penalties", penalties_run };
