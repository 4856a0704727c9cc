#include "core/common.h"
#include "exporters/keygen.h"

int keygen_write(const char *alg, const char *dir, struct strbuf *err)
{
	return ec_error(err, EC_INTERNAL, "keygen %s into '%s': not built yet", alg, dir);
}
