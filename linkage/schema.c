#include "core/schema.h"

/* Tables owned by linkage/. See core/schema.h for the rules of migrations. */
const char schema_linkage_v1[] = "SELECT 1;";
