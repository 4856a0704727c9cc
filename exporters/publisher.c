#include "core/common.h"
#include "exporters/dict.h"
#include "exporters/export.h"

/* [publisher] and outbox.csv_header (docs/export.md, "Package contents"). */
static const char *const keys[] = { "name", "code", "address", "phone", "email",
				    "objection" };

int export_publisher_load(const struct config *cfg, struct export_publisher *p,
			  struct strbuf *err)
{
	char **field[] = { &p->name, &p->code, &p->address, &p->phone, &p->email,
			   &p->objection };
	const char *h = config_get(cfg, "outbox", "csv_header");

	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *v = config_get(cfg, "publisher", keys[i]);

		if (v && *v)
			*field[i] = xstrdup(v);
	}
	if (!h || !strcmp(h, "zh"))
		p->csv_header = HEADER_ZH;
	else if (!strcmp(h, "en"))
		p->csv_header = HEADER_EN;
	else if (!strcmp(h, "both"))
		p->csv_header = HEADER_BOTH;
	else {
		export_publisher_release(p);
		ec_error(err, EC_CONFIG, "%s:%d: outbox.csv_header is '%s' (want zh, "
			 "en or both)", config_file(cfg) ? config_file(cfg) : "(config)",
			 config_line(cfg, "outbox", "csv_header"), h);
		return EC_CONFIG;
	}
	return 0;
}

void export_publisher_release(struct export_publisher *p)
{
	free(p->name);
	free(p->code);
	free(p->address);
	free(p->phone);
	free(p->email);
	free(p->objection);
	memset(p, 0, sizeof(*p));
}
