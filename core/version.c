#include "core/common.h"
#include "core/archive.h"
#include "core/crypto.h"
#include "core/db.h"
#include "core/version.h"
#include "core/xml.h"

void print_library_versions(FILE *out)
{
	fprintf(out, "libxml2 %s\n", xml_library_version());
	fprintf(out, "%s\n", crypto_library_version());
	fprintf(out, "SQLite %s\n", db_library_version());
	fprintf(out, "%s\n", arc_library_version());
}
