#ifndef GENERATION_H
#define GENERATION_H

#include "core/date.h"

/*
 * The generation importer (importers/generation.c, docs/power-price.md):
 * hourly kWh of coal power units. Its value parsers, for tests:
 */

/* "YYYY-MM-DD HH[:00[:00]]" (or 'T'), "YYYYMMDDHH[0000]" -> the hour's start
 * as "YYYY-MM-DD HH:00:00". 0, or -1 when s is not the start of an hour. */
int generation_parse_hour(const char *s, char out[DATE_STAMP_SIZE]);

/* A decimal number of kWh >= 0 with at most 3 decimals -> whole watt-hours.
 * 0, or -1. */
int generation_parse_kwh(const char *s, long long *wh);

#endif
