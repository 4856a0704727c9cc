#ifndef SCHEMA_H
#define SCHEMA_H

/*
 * The numbered migrations. Version N is the concatenation of the areas'
 * SQL for N, run in one transaction; PRAGMA user_version records N.
 * Each area owns its tables and keeps its SQL in its own file
 * (<area>/schema.c) so that areas grow without touching each other.
 * A migration never loses data: it adds tables, columns and indexes, or
 * (version 4) moves rows to a new layout, every value copied.
 */
struct migration {
	int version;
	const char *area;
	const char *sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

extern const char schema_core_v1[];
extern const char schema_importers_v1[];
extern const char schema_ratings_v1[];
extern const char schema_linkage_v1[];
extern const char schema_exporters_v1[];
extern const char schema_core_v2[];
extern const char schema_core_v3[];
extern const char schema_importers_v3[];
extern const char schema_linkage_v3[];
extern const char schema_exporters_v3[];
extern const char schema_importers_v4[];

#endif
