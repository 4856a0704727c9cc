#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"

#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/*
 * Where the catalogue is: $ECREDIT_LOCALEDIR, else build/locale beside an
 * uninstalled binary (./ecredit in the source tree), else LOCALEDIR
 * ($(PREFIX)/share/locale, set by the Makefile). docs/i18n.md.
 */
static const char *locale_dir(struct strbuf *sb)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return LOCALEDIR;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return LOCALEDIR;
	strbuf_add(sb, exe, (size_t)(slash - exe));
	strbuf_addstr(sb, "/build/locale/zh_CN/LC_MESSAGES/" EC_TEXTDOMAIN ".mo");
	if (access(sb->buf, R_OK) != 0)
		return LOCALEDIR;
	strbuf_setlen(sb, (size_t)(slash - exe));
	strbuf_addstr(sb, "/build/locale");
	return sb->buf;
}

int main(int argc, char **argv)
{
	struct strbuf dir = STRBUF_INIT;
	int rc;

	ec_i18n_init(locale_dir(&dir));
	rc = cli_main(argc, argv);
	strbuf_release(&dir);
	return rc;
}
