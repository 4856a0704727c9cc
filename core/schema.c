#include "core/common.h"
#include "core/schema.h"

/* In version order. Add new versions at the end; never edit a shipped one. */
const struct migration migrations[] = {
	{ 1, "core", schema_core_v1 },
	{ 1, "importers", schema_importers_v1 },
	{ 1, "ratings", schema_ratings_v1 },
	{ 1, "linkage", schema_linkage_v1 },
	{ 1, "exporters", schema_exporters_v1 },
	{ 2, "core", schema_core_v2 },
	{ 3, "core", schema_core_v3 },
	{ 3, "importers", schema_importers_v3 },
	{ 3, "linkage", schema_linkage_v3 },
	{ 3, "exporters", schema_exporters_v3 },
	{ 4, "importers", schema_importers_v4 },
};
const int migrations_count = (int)ARRAY_SIZE(migrations);
