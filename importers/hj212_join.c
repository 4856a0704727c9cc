#include "core/common.h"
#include "importers/hj212.h"

/*
 * The split-packet joiner (hj212.h). A fixed table of groups, each keyed by
 * MN, CN, DataTime and PNUM; parts are copies of their lines. Bounded by
 * the number of groups and the bytes of lines held; the caller evicts the
 * oldest group when told FULL.
 */
struct hj212_join {
	struct hj212_group *groups;
	unsigned max_groups;
	size_t max_bytes, bytes;
	unsigned long long seq;
};

struct hj212_join *hj212_join_new(unsigned max_groups, size_t max_bytes)
{
	struct hj212_join *j = xcalloc(1, sizeof(*j));

	j->max_groups = max_groups ? max_groups : 1;
	j->max_bytes = max_bytes < HJ212_MAX_LINE ? HJ212_MAX_LINE : max_bytes;
	j->groups = xcalloc(j->max_groups, sizeof(*j->groups));
	return j;
}

void hj212_join_release(struct hj212_join *j, struct hj212_group *g)
{
	if (!g || !g->used)
		return;
	for (unsigned i = 0; i < HJ212_MAX_PNUM; i++)
		free(g->parts[i].line);
	j->bytes -= g->bytes;
	memset(g, 0, sizeof(*g));
}

void hj212_join_free(struct hj212_join *j)
{
	if (!j)
		return;
	for (unsigned i = 0; i < j->max_groups; i++)
		hj212_join_release(j, &j->groups[i]);
	free(j->groups);
	free(j);
}

static size_t make_key(const struct hj212_packet *p, char *key, size_t size)
{
	int n = snprintf(key, size, "%.*s\x1f%.*s\x1f%.*s\x1f%u", (int)p->mn.n,
			 p->mn.p, (int)p->cn.n, p->cn.p, (int)p->datatime.n,
			 p->datatime.p, p->pnum_value);

	return n < 0 ? 0 : (size_t)n >= size ? size - 1 : (size_t)n;
}

enum hj212_join_result hj212_join_add(struct hj212_join *j,
				      const struct hj212_packet *p,
				      const char *line, size_t len,
				      long long lineno, struct hj212_group **done)
{
	char key[sizeof(((struct hj212_group *)0)->key)];
	size_t keylen = make_key(p, key, sizeof(key));
	struct hj212_group *g = NULL, *free_slot = NULL;
	struct hj212_part *part;

	*done = NULL;
	for (unsigned i = 0; i < j->max_groups; i++) {
		struct hj212_group *c = &j->groups[i];

		if (!c->used) {
			if (!free_slot)
				free_slot = c;
		} else if (c->keylen == keylen && !memcmp(c->key, key, keylen)) {
			g = c;
			break;
		}
	}
	if (g && g->parts[p->pno_value - 1].line) {
		*done = g;
		return HJ212_JOIN_REPEAT;
	}
	if ((!g && !free_slot) || j->bytes + len > j->max_bytes)
		return HJ212_JOIN_FULL;
	if (!g) {
		g = free_slot;
		g->used = 1;
		g->pnum = p->pnum_value;
		g->seq = ++j->seq;
		memcpy(g->key, key, keylen);
		g->keylen = keylen;
	}
	part = &g->parts[p->pno_value - 1];
	part->line = xmalloc(len + 1);
	memcpy(part->line, line, len);
	part->line[len] = '\0';
	part->len = len;
	part->lineno = lineno;
	part->pno = p->pno_value;
	g->have++;
	g->bytes += len;
	j->bytes += len;
	if (g->have < g->pnum)
		return HJ212_JOIN_PENDING;
	*done = g;
	return HJ212_JOIN_COMPLETE;
}

struct hj212_group *hj212_join_oldest(struct hj212_join *j)
{
	struct hj212_group *best = NULL;

	for (unsigned i = 0; i < j->max_groups; i++)
		if (j->groups[i].used && (!best || j->groups[i].seq < best->seq))
			best = &j->groups[i];
	return best;
}
