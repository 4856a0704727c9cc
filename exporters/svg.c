#include "core/common.h"
#include "exporters/channel.h"
#include "exporters/svg.h"

#define W 480.0       /* viewBox width */
#define LABEL 130.0   /* label column */
#define VALUE 50.0    /* room for the value after the longest bar */
#define BAR 18.0
#define GAP 10.0
#define LEGEND 24.0

struct svg_row *svg_add_row(struct svg_chart *c, const char *label)
{
	struct svg_row *r;

	ALLOC_GROW(c->rows, c->nr + 1, c->alloc);
	r = &c->rows[c->nr++];
	memset(r, 0, sizeof(*r));
	r->label = xstrdup(label);
	return r;
}

void svg_chart_release(struct svg_chart *c)
{
	for (size_t i = 0; i < c->nr; i++)
		free(c->rows[i].label);
	free(c->rows);
	c->rows = NULL;
	c->nr = c->alloc = 0;
}

static void num(struct strbuf *sb, double v)
{
	strbuf_addf(sb, "%.15g", v);
}

void svg_chart_write(struct strbuf *sb, const struct svg_chart *c)
{
	double max = 0, y, h;
	size_t ns = c->nseries ? c->nseries : 1;

	if (!c->nr) {
		strbuf_addstr(sb, "<p class=\"none\">无数据</p>\n");
		return;
	}
	for (size_t i = 0; i < c->nr; i++)
		for (size_t s = 0; s < ns; s++)
			if (c->rows[i].v[s] > max)
				max = c->rows[i].v[s];
	h = LEGEND + (double)c->nr * ((double)ns * BAR + GAP) + GAP;
	strbuf_addf(sb, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
			"viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
			"font-size=\"14\" font-family=\"sans-serif\"><title>", W, h);
	export_add_text(sb, c->title);
	strbuf_addstr(sb, "</title>\n");
	/* legend */
	for (size_t s = 0; s < ns && c->series; s++) {
		double x = LABEL + (double)s * 95;

		strbuf_addf(sb, "<rect x=\"%.0f\" y=\"4\" width=\"12\" height=\"12\" "
				"fill=\"%s\"/><text x=\"%.0f\" y=\"15\" font-size=\"12\">",
			    x, c->fill[s], x + 16);
		export_add_text(sb, c->series[s]);
		strbuf_addstr(sb, "</text>\n");
	}
	y = LEGEND;
	for (size_t i = 0; i < c->nr; i++) {
		const struct svg_row *r = &c->rows[i];

		strbuf_addf(sb, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">",
			    LABEL - 6, y + (double)ns * BAR / 2 + 4);
		export_add_text(sb, r->label);
		strbuf_addstr(sb, "</text>\n");
		for (size_t s = 0; s < ns; s++) {
			double len = max > 0 ? r->v[s] / max * (W - LABEL - VALUE) : 0;
			const char *fill = r->fill ? r->fill : c->fill[s];

			strbuf_addf(sb, "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" "
					"height=\"%.0f\" fill=\"%s\"%s stroke=\"#555\" "
					"stroke-width=\"0.5\"/>",
				    LABEL, y, len, BAR - 2, fill,
				    r->fill && s ? " fill-opacity=\"0.45\"" : "");
			strbuf_addf(sb, "<text x=\"%.1f\" y=\"%.1f\">", LABEL + len + 4,
				    y + BAR - 5);
			num(sb, r->v[s]);
			strbuf_addstr(sb, "</text>\n");
			y += BAR;
		}
		y += GAP;
	}
	strbuf_addstr(sb, "</svg>\n");
}
