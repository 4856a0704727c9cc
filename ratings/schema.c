#include "core/schema.h"

/* Tables owned by ratings/. See core/schema.h for the rules of migrations. */
const char schema_ratings_v1[] = "SELECT 1;";
