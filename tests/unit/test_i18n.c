/*
 * Messages in two renderings (core/error.c, docs/i18n.md): err->buf is
 * English whatever the locale; the translation is remembered beside it and
 * given by ec_l10n(); the catalogue is the build's ($BUILD/locale).
 */
#include "unit.h"
#include "core/i18n.h"
#include "rules/score.h"

static int setup(void **state)
{
	struct strbuf dir = STRBUF_INIT;
	const char *build = getenv("BUILD");

	(void)state;
	strbuf_addf(&dir, "%s/locale", build ? build : "build");
	setenv("LC_ALL", "C.UTF-8", 1);
	setenv("LANGUAGE", "zh_CN", 1);
	unsetenv("ECREDIT_LOCALEDIR");
	assert_int_equal(ec_i18n_init(dir.buf), 0);
	strbuf_release(&dir);
	return 0;
}

static void error_english_translation_beside(void **state)
{
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_int_equal(ec_error(&err, EC_NOINPUT, "cannot open '%s': %s", "a.xml",
				  "gone"), EC_NOINPUT);
	assert_string_equal(err.buf, "cannot open 'a.xml': gone");
	assert_string_equal(ec_l10n(err.buf), "无法打开 'a.xml'：gone");
	ec_prefix(&err, "importing '%s': ", "a.xml");
	assert_string_equal(err.buf, "importing 'a.xml': cannot open 'a.xml': gone");
	assert_string_equal(ec_l10n(err.buf), "导入 'a.xml'：无法打开 'a.xml'：gone");
	/* a prefix with no translation keeps the tail's */
	ec_prefix(&err, "<%s> ", "x"); /* (a format the catalogue does not hold) */
	assert_string_equal(ec_l10n(err.buf), "<x> 导入 'a.xml'：无法打开 'a.xml'：gone");
	/* changed by other means: no translation, the text as it is */
	strbuf_addstr(&err, "!");
	assert_ptr_equal(ec_l10n(err.buf), err.buf);
	strbuf_release(&err);
}

static void errno_english_stored(void **state)
{
	struct strbuf err = STRBUF_INIT;

	(void)state;
	errno = ENOENT;
	assert_int_equal(ec_errno(&err, "cannot open", "/x"), EC_NOINPUT);
	assert_string_equal(err.buf, "cannot open '/x': No such file or directory");
	assert_non_null(strstr(ec_l10n(err.buf), "无法打开 '/x'"));
	strbuf_release(&err);
}

static void many_messages_then_an_old_one(void **state)
{
	struct strbuf err = STRBUF_INIT, old = STRBUF_INIT;

	(void)state;
	ec_error(&old, EC_USAGE, "unknown option '%s'", "--old");
	for (int i = 0; i < 100; i++) {
		char opt[16];

		snprintf(opt, sizeof(opt), "%d", i);
		ec_error(&err, EC_USAGE, "unknown option '%s'", opt);
	}
	/* forgotten after many newer messages: English, never a wrong one */
	assert_string_equal(ec_l10n(old.buf), "unknown option '--old'");
	assert_string_equal(ec_l10n(err.buf), "未知选项 '99'");
	strbuf_release(&err);
	strbuf_release(&old);
}

static void colours_both_languages(void **state)
{
	(void)state;
	assert_int_equal(score_colour_parse("green"), 0);
	assert_int_equal(score_colour_parse("绿色"), 0);
	assert_int_equal(score_colour_parse("绿"), 0);
	assert_int_equal(score_colour_parse("黑色"), 4);
	assert_int_equal(score_colour_parse("黑"), 4);
	assert_int_equal(score_colour_parse("绿色色"), -1);
	assert_int_equal(score_colour_parse("色"), -1);
	assert_int_equal(score_colour_parse(""), -1);
	assert_int_equal(score_colour_parse("Green"), -1);
	assert_string_equal(score_colour_zh(3), "红色");
	assert_string_equal(alert_level_parse("橙色预警", strlen("橙色预警")), "orange");
	assert_string_equal(alert_level_parse("橙色 预警", strlen("橙色")), "orange");
	assert_string_equal(alert_level_parse("红", strlen("红")), "red");
	assert_string_equal(alert_level_parse("yellow", 6), "yellow");
	assert_string_equal(alert_level_parse("无", strlen("无")), "none");
	assert_string_equal(alert_level_parse("none", 4), "none");
	assert_null(alert_level_parse("预警", strlen("预警")));
	assert_null(alert_level_parse("orangeX", 7));
	assert_null(alert_level_parse("ora", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(error_english_translation_beside),
		cmocka_unit_test(errno_english_stored),
		cmocka_unit_test(many_messages_then_an_old_one),
		cmocka_unit_test(colours_both_languages),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
