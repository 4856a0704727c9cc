#ifndef I18N_H
#define I18N_H

/*
 * Translatable text (docs/i18n.md). Every message a person reads (errors,
 * warnings, summaries, progress, help) is written in English and passes
 * through the catalogue: _("English text") at the place it is printed, or
 * one of the functions that translate their format centrally (ec_error,
 * ec_prefix, cli_warn, cli_info, cli_usage, import_warn, nightly_note).
 * N_() marks a string for the catalogue where it is stored in a table and
 * translated where it is printed, with _(table[i]).
 *
 * The process locale stays "C" for everything (numbers, collation, ctype,
 * strerror, library messages): only the catalogue lookups use the
 * operator's LC_MESSAGES/LC_CTYPE/LANGUAGE, so nothing stored in the
 * database or written into a package can depend on the locale.
 * The catalogue lives in po/ (domain "ecredit").
 */
#include <libintl.h>

#define EC_TEXTDOMAIN "ecredit"

/* The message in the operator's language; msgid itself when there is no
 * catalogue, no translation, or ec_i18n_init() was not called. */
const char *ec_gettext(const char *msgid) __attribute__((format_arg(1)));
/* The same for an errno value (strerror in the operator's language);
 * strerror() itself stays English. */
const char *ec_strerror(int errnum);

/* Choose the operator's language from the environment and bind the
 * catalogue in localedir (NULL: $ECREDIT_LOCALEDIR, else localedir_default).
 * Returns 0, or -1 when no language could be set up (English then). */
int ec_i18n_init(const char *localedir_default);

#define _(s) ec_gettext(s)
#define N_(s) (s)

#endif
