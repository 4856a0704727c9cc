#include "core/common.h"
#include "core/i18n.h"

#include <pthread.h>

/*
 * Messages in two renderings (docs/i18n.md). err->buf always holds the
 * English text: it is what callers store (quarantine reasons, run steps,
 * .reason files, run reports), so stored text never depends on the
 * operator's locale. The rendering in the operator's language is made at
 * the same time from the translated format and remembered beside it, for
 * the last few messages; a printer asks ec_l10n(text) for it. Text that was
 * changed by other means since simply has no translation and prints as is.
 * The list is shared by the threads of a process (core/archive.c reads
 * ahead in one, and its errors are made there), so it is locked.
 */
#define L10N_SLOTS 32

static struct {
	char *en, *tr;
} l10n[L10N_SLOTS];
static unsigned l10n_next;
static pthread_mutex_t l10n_lock = PTHREAD_MUTEX_INITIALIZER;

static void l10n_remember(const char *en, const char *tr)
{
	unsigned i;

	pthread_mutex_lock(&l10n_lock);
	i = l10n_next++ % L10N_SLOTS;
	free(l10n[i].en);
	free(l10n[i].tr);
	l10n[i].en = xstrdup(en);
	l10n[i].tr = xstrdup(tr);
	pthread_mutex_unlock(&l10n_lock);
}

const char *ec_l10n(const char *en)
{
	const char *tr = en;

	if (!en || !*en)
		return en;
	pthread_mutex_lock(&l10n_lock);
	for (unsigned k = 1; k <= L10N_SLOTS; k++) {
		unsigned i = (l10n_next - k) % L10N_SLOTS;

		if (l10n[i].en && !strcmp(l10n[i].en, en)) {
			tr = l10n[i].tr;
			break;
		}
	}
	pthread_mutex_unlock(&l10n_lock);
	return tr;
}

void ec_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	const char *tfmt = ec_gettext(fmt);
	const char *before = sb->len ? ec_l10n(sb->buf) : sb->buf;
	struct strbuf tr = STRBUF_INIT;
	size_t start = sb->len;
	va_list aq;

	if (tfmt == fmt && before == sb->buf) {
		strbuf_vaddf(sb, fmt, ap);
		return;
	}
	strbuf_addstr(&tr, before);
	va_copy(aq, ap);
	strbuf_vaddf(&tr, tfmt, aq);
	va_end(aq);
	strbuf_vaddf(sb, fmt, ap);
	if (strcmp(tr.buf, sb->buf) && !memchr(sb->buf + start, '\0', sb->len - start))
		l10n_remember(sb->buf, tr.buf);
	strbuf_release(&tr);
}

void ec_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ec_vaddf(sb, fmt, ap);
	va_end(ap);
}

int ec_error(struct strbuf *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	strbuf_reset(err);
	va_start(ap, fmt);
	ec_vaddf(err, fmt, ap);
	va_end(ap);
	return code;
}

void ec_prefix(struct strbuf *err, const char *fmt, ...)
{
	struct strbuf pre = STRBUF_INIT, tail = STRBUF_INIT;
	va_list ap;

	if (!err)
		return;
	strbuf_addstr(&tail, ec_l10n(err->buf));
	va_start(ap, fmt);
	ec_vaddf(&pre, fmt, ap);
	va_end(ap);
	strbuf_insert(&tail, 0, ec_l10n(pre.buf), strlen(ec_l10n(pre.buf)));
	strbuf_insert(err, 0, pre.buf, pre.len);
	if (strcmp(tail.buf, err->buf))
		l10n_remember(err->buf, tail.buf);
	strbuf_release(&pre);
	strbuf_release(&tail);
}

int ec_errno(struct strbuf *err, const char *what, const char *path)
{
	int e = errno;
	int code = e == ENOENT ? EC_NOINPUT : EC_IO;
	struct strbuf tr = STRBUF_INIT;

	if (!err)
		return code;
	strbuf_reset(err);
	strbuf_addf(err, "%s '%s': %s", what, path, strerror(e));
	strbuf_addf(&tr, "%s '%s': %s", ec_gettext(what), path, ec_strerror(e));
	if (strcmp(tr.buf, err->buf))
		l10n_remember(err->buf, tr.buf);
	strbuf_release(&tr);
	return code;
}
