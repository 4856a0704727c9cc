#ifndef WRAPPER_H
#define WRAPPER_H

#include <stddef.h>

/*
 * Allocation wrappers. They never return NULL: on out-of-memory they print
 * one line and exit 70, so call sites do not check (git wrapper.c). Limits
 * on input sizes are the callers' business and are reported as errors.
 */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow an array to hold at least nr elements: ALLOC_GROW(arr, nr, alloc). */
#define ALLOC_GROW(x, nr, alloc)                                               \
	do {                                                                   \
		if ((size_t)(nr) > (alloc)) {                                  \
			(alloc) = ((alloc) + 16) * 3 / 2;                      \
			if ((alloc) < (size_t)(nr))                            \
				(alloc) = (nr);                                \
			(x) = xrealloc((x), (alloc) * sizeof(*(x)));           \
		}                                                              \
	} while (0)

#endif
