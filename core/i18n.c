#include "core/common.h"
#include "core/i18n.h"

#include <locale.h>

/*
 * The operator's language, used only around catalogue lookups
 * (uselocale is per thread and undone at once). The global locale is never
 * set, so the process keeps the "C" locale: '.' decimal points, byte-wise
 * ctype, English strerror() and English library messages, whatever
 * LANG/LC_ALL say. See docs/i18n.md.
 */
static locale_t user_locale;

/* A locale named "xx_YY.UTF-8" that is not installed: the catalogue only
 * needs a UTF-8 ctype, so use C.UTF-8 and ask gettext for the language by
 * LANGUAGE (which it honours in any locale but "C"). */
static locale_t fallback_locale(void)
{
	const char *name = getenv("LC_ALL");
	char lang[32];
	size_t n;
	locale_t loc;

	if (!name || !*name)
		name = getenv("LC_MESSAGES");
	if (!name || !*name)
		name = getenv("LANG");
	if (!name || !*name)
		return (locale_t)0;
	if (!strstr(name, ".UTF-8") && !strstr(name, ".utf8") &&
	    !strstr(name, ".utf-8") && !strstr(name, ".UTF8"))
		return (locale_t)0;
	n = strcspn(name, ".@");
	if (n == 0 || n >= sizeof(lang) || !strcmp(name, "C.UTF-8") ||
	    !strncmp(name, "C.", 2))
		return (locale_t)0;
	loc = newlocale(LC_CTYPE_MASK | LC_MESSAGES_MASK, "C.UTF-8", (locale_t)0);
	if (!loc)
		return (locale_t)0;
	memcpy(lang, name, n);
	lang[n] = '\0';
	if (!getenv("LANGUAGE") || !*getenv("LANGUAGE"))
		setenv("LANGUAGE", lang, 1);
	return loc;
}

int ec_i18n_init(const char *localedir_default)
{
	const char *dir = getenv("ECREDIT_LOCALEDIR");

	if (!dir || !*dir)
		dir = localedir_default;
	if (!bindtextdomain(EC_TEXTDOMAIN, dir))
		return -1;
	user_locale = newlocale(LC_CTYPE_MASK | LC_MESSAGES_MASK, "", (locale_t)0);
	if (!user_locale)
		user_locale = fallback_locale();
	return user_locale ? 0 : -1;
}

const char *ec_gettext(const char *msgid)
{
	locale_t old;
	const char *s;

	if (!user_locale || !msgid || !*msgid)
		return msgid;
	old = uselocale(user_locale);
	s = dgettext(EC_TEXTDOMAIN, msgid);
	uselocale(old);
	return s;
}

const char *ec_strerror(int errnum)
{
	if (!user_locale)
		return strerror(errnum);
	return strerror_l(errnum, user_locale);
}
