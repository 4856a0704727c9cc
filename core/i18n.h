#ifndef I18N_H
#define I18N_H

/*
 * Translatable text. Every message a person reads (errors, warnings,
 * summaries, progress, help) is written _("English text") at the place it
 * is produced; N_() marks a string for the catalogue where it is stored in
 * a table and translated where it is printed, with _(table[i]).
 * The catalogue lives in po/ (domain "ecredit"); docs/operation.md says how
 * a locale is chosen.
 */
#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
