/*
 * libFuzzer target: the HJ 212 packet parser (importers/hj212.c) over each
 * line of arbitrary bytes, the CP field iterator, numbers and DataTime on
 * every field, and the split-packet joiner (a small table, so eviction,
 * repeats and completion all happen).
 */
#include "core/common.h"
#include "importers/hj212.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk_fields(const struct hj212_packet *p)
{
	struct hj212_str it = p->cp;
	struct hj212_field f;
	struct hj212_error e;
	char dt[20];
	double v;
	int n = 0;

	while (hj212_cp_next(&it, &f, &e) == 1 && n++ < 100000) {
		/* blanks around a field are dropped (issue 12) */
		if ((f.code.n && (f.code.p[0] == ' ' || f.code.p[f.code.n - 1] == ' ')) ||
		    (f.value.n && (f.value.p[0] == ' ' ||
				   f.value.p[f.value.n - 1] == ' ')))
			abort();
		if (f.suf == HJ212_SUF_NONE)
			(void)hj212_datatime(f.value, dt);
		else if (f.suf != HJ212_SUF_FLAG && !hj212_number(f.value, &v) &&
			 v != v)
			abort(); /* a NaN must never pass */
		(void)hj212_code_2005(f.code);
		(void)hj212_suffix_name(f.suf);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	struct hj212_join *j = hj212_join_new(3, 3 * HJ212_MAX_LINE);
	struct hj212_group *g;
	long long lineno = 0;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		struct hj212_packet p;
		struct hj212_error e;

		lineno++;
		if (len <= HJ212_MAX_LINE && !hj212_parse(s, len, &p, &e)) {
			if (p.segment.p < s || p.segment.p + p.segment.n > s + len ||
			    p.cp.p < p.segment.p ||
			    p.cp.p + p.cp.n > p.segment.p + p.segment.n)
				abort();
			walk_fields(&p);
			if (p.split) {
				enum hj212_join_result r;

				while ((r = hj212_join_add(j, &p, s, len, lineno, &g)) ==
				       HJ212_JOIN_FULL) {
					if (!(g = hj212_join_oldest(j)))
						abort(); /* full yet empty */
					hj212_join_release(j, g);
				}
				if (r == HJ212_JOIN_COMPLETE) {
					for (unsigned i = 0; i < g->pnum; i++) {
						struct hj212_packet q;

						if (!g->parts[i].line ||
						    hj212_parse(g->parts[i].line, g->parts[i].len,
								&q, &e))
							abort(); /* a held part always re-parses */
						walk_fields(&q);
					}
					hj212_join_release(j, g);
				}
			}
		} else if (len <= HJ212_MAX_LINE && !e.reason) {
			abort(); /* every refusal has a reason */
		}
		s += len + (nl ? 1 : 0);
	}
	while ((g = hj212_join_oldest(j)))
		hj212_join_release(j, g);
	hj212_join_free(j);
	return 0;
}
