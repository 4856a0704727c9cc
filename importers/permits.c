#include "core/common.h"
#include "importers/importer.h"

static int permits_run(struct import_ctx *ctx, struct strbuf *err)
{
	return ec_error(err, EC_INTERNAL, "'%s': the permits importer is not built yet",
			ctx->name);
}

const struct importer importer_permits = { "permits", permits_run };
