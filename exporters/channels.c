#include "core/common.h"
#include "exporters/channel.h"

const struct exporter *const exporters[] = {
	&exporter_tax, &exporter_finance, &exporter_pricing, &exporter_public,
	&exporter_bureau,
};
const size_t exporters_count = ARRAY_SIZE(exporters);

const struct exporter *exporter_find(const char *name)
{
	for (size_t i = 0; i < exporters_count; i++)
		if (!strcmp(exporters[i]->name, name))
			return exporters[i];
	return NULL;
}
