#ifndef SVG_H
#define SVG_H

#include "core/strbuf.h"

/*
 * Horizontal bar charts as inline SVG, drawn by the program (no script, no
 * external resources): one group of bars per row, one bar per series,
 * the value written after each bar. The SVG scales to its container.
 */
#define SVG_MAX_SERIES 4

struct svg_row {
	char *label;
	double v[SVG_MAX_SERIES];
	const char *fill; /* this row's colour, or NULL for the series' */
};

struct svg_chart {
	const char *title;                    /* <title>, for screen readers */
	const char *const *series;            /* names, for the legend */
	const char *const *fill;              /* per series */
	size_t nseries;
	struct svg_row *rows;
	size_t nr, alloc;
};

/* Append a row (label copied). */
struct svg_row *svg_add_row(struct svg_chart *c, const char *label);
void svg_chart_release(struct svg_chart *c);
/* The chart as <svg class="chart">...</svg>; "无数据" when it has no row. */
void svg_chart_write(struct strbuf *sb, const struct svg_chart *c);

#endif
