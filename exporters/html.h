#ifndef HTML_H
#define HTML_H

#include "exporters/channel.h"

/*
 * Pieces shared by the packages' pages (public index.html, bureau
 * report.html): one self-contained HTML5 document in Chinese, no external
 * resources, readable without script, from 360 px phones to desktops and
 * on paper.
 */
/* <!DOCTYPE html> ... <body>, titled "title（business date）", with the
 * shared stylesheet and extra CSS; then the page's <header> with title as
 * its <h1> and the issuing organisation and the package's dates as a <dl>.
 * The caller closes the </header>. */
void html_begin(struct strbuf *sb, const struct export_ctx *ctx, const char *title,
		const char *css);
void html_end(struct strbuf *sb);
/* A date that never breaks: <span class="d">2026-11-28</span>. */
void html_date(struct strbuf *sb, const char *date);
/* The Chinese display name of a colour or grade ("领跑"), from the rule
 * set when it has one, else the dictionary, else the code itself. */
const char *html_code_name(const struct export_ctx *ctx, const char *list,
			   const char *code);

/* The bureau package's data/report.html (exporters/bureau_page.c). */
int bureau_write_page(struct export_ctx *ctx, struct strbuf *err);

#endif
