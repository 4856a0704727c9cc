#include "core/schema.h"

/* Tables owned by exporters/. See core/schema.h for the rules of migrations. */
const char schema_exporters_v1[] = "SELECT 1;";
