#include "unit.h"
#include "core/config.h"
#include "core/date.h"
#include "core/evtype.h"
#include "core/uscc.h"

#include <unistd.h>

static void strbuf_grows_and_escapes(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_string_equal(sb.buf, "");
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%d,", i);
	assert_int_equal(sb.len, strlen(sb.buf));
	strbuf_reset(&sb);
	strbuf_add_csv_field(&sb, "a,\"b\"");
	assert_string_equal(sb.buf, "\"a,\"\"b\"\"\"");
	strbuf_reset(&sb);
	strbuf_add_xml_escaped(&sb, "<script>&'\"");
	assert_string_equal(sb.buf, "&lt;script&gt;&amp;&#39;&quot;");
	strbuf_reset(&sb);
	strbuf_add_json_string(&sb, "a\"\\\n\x01");
	assert_string_equal(sb.buf, "\"a\\\"\\\\\\n\\u0001\"");
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "world");
	strbuf_insertf(&sb, 0, "%s ", "hello");
	assert_string_equal(sb.buf, "hello world");
	strbuf_release(&sb);
}

static void dates_round_trip(void **state)
{
	char out[DATE_TEXT_SIZE];
	int d;

	(void)state;
	assert_int_equal(date_parse("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(date_parse("2026-11-28", &d), 0);
	date_format(d, out);
	assert_string_equal(out, "2026-11-28");
	assert_int_equal(date_parse("2026-02-29", &d), -1);
	assert_int_equal(date_parse("2024-02-29", &d), 0);
	assert_int_equal(date_parse("2026-13-01", &d), -1);
	assert_int_equal(date_parse("2026-1-01", &d), -1);
	assert_int_equal(date_parse("2026-01-01x", &d), -1);
	for (d = -1000; d < 40000; d += 37) {
		int back;

		date_format(d, out);
		assert_int_equal(date_parse(out, &back), 0);
		assert_int_equal(back, d);
	}
}

static void months_clamp_to_month_end(void **state)
{
	char out[DATE_TEXT_SIZE];
	int d;

	(void)state;
	date_parse("2026-08-31", &d);
	date_format(date_add_months(d, 6), out);
	assert_string_equal(out, "2027-02-28");
	date_parse("2023-08-31", &d);
	date_format(date_add_months(d, 6), out);
	assert_string_equal(out, "2024-02-29");
	date_parse("2026-01-31", &d);
	date_format(date_add_months(d, 1), out);
	assert_string_equal(out, "2026-02-28");
	date_parse("2026-06-15", &d);
	date_format(date_add_months(d, 12), out);
	assert_string_equal(out, "2027-06-15");
	date_format(date_add_months(d, -7), out);
	assert_string_equal(out, "2025-11-15");
}

/* Nothing wraps past 9999 (docs/export.md, "dates"). */
static void dates_never_wrap(void **state)
{
	char out[DATE_TEXT_SIZE];
	int d;

	(void)state;
	assert_int_equal(date_parse("9999-12-31", &d), 0);
	assert_int_equal(date_format(d, out), 0);
	assert_string_equal(out, "9999-12-31");
	assert_true(date_in_range(d));
	assert_false(date_in_range(d + 1));
	assert_int_equal(date_format(d + 7, out), -1);
	assert_string_equal(out, "0000-00-00");
	assert_int_equal(date_format(date_add_months(d, 1), out), -1);
	assert_int_equal(date_parse("10000-01-01", &d), -1);
	assert_int_equal(date_parse("1899-12-31", &d), -1);
}

static void shanghai_day(void **state)
{
	char out[DATE_TEXT_SIZE];

	(void)state;
	/* 2026-11-28T16:00:00Z is midnight 29 November in Shanghai */
	date_format(date_from_unix_shanghai(1795881600LL), out);
	assert_string_equal(out, "2026-11-29");
	date_format(date_from_unix_shanghai(1795881599LL), out);
	assert_string_equal(out, "2026-11-28");
}

static void uscc_check_characters(void **state)
{
	(void)state;
	assert_true(uscc_valid("91130200699229617X"));
	assert_false(uscc_valid("911302006992296170"));
	assert_false(uscc_valid("91130200699229617"));
	assert_false(uscc_valid("91130200699229617I")); /* I not in alphabet */
	assert_int_equal(uscc_check_char("91130200699229617"), 'X');
	assert_true(uscc_well_formed("911302006992296170"));
}

static void event_types_by_any_name(void **state)
{
	(void)state;
	assert_string_equal(evtype_lookup("罚款")->code, "fine");
	assert_string_equal(evtype_lookup("fine")->code, "fine");
	assert_string_equal(evtype_lookup("旁路")->code, "bypass");
	assert_string_equal(evtype_lookup("移送涉嫌环境犯罪")->code, "crime");
	assert_null(evtype_lookup("parking ticket"));
	assert_null(evtype_lookup(""));
}

static void config_parses_and_refuses(void **state)
{
	char *dir = unit_tmpdir();
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT;
	struct config *cfg;
	FILE *f;
	long n;
	int b;
	char *p;

	(void)state;
	strbuf_addf(&path, "%s/a.conf", dir);
	f = fopen(path.buf, "w");
	fputs("# comment\ndb = x.db\n[outbox]\ndir = /abs/out\nvalid_days = 30\n"
	      "[monitoring]\nstore_minute = yes\n",
	      f);
	fclose(f);
	assert_int_equal(config_load(path.buf, &cfg, &err), 0);
	assert_string_equal(config_get(cfg, NULL, "db"), "x.db");
	p = config_path(cfg, NULL, "db");
	assert_true(strstr(p, dir) == p);
	free(p);
	p = config_path(cfg, "outbox", "dir");
	assert_string_equal(p, "/abs/out");
	free(p);
	assert_int_equal(config_long(cfg, "outbox", "valid_days", 7, 1, 365, &n, &err), 0);
	assert_int_equal(n, 30);
	assert_int_equal(config_bool(cfg, "monitoring", "store_minute", 0, &b, &err), 0);
	assert_int_equal(b, 1);
	assert_null(config_get(cfg, "inbox", "permits"));
	config_free(cfg);

	f = fopen(path.buf, "w");
	fputs("[inbox]\npermits = in\nbogus = 1\n", f);
	fclose(f);
	assert_int_equal(config_load(path.buf, &cfg, &err), EC_CONFIG);
	assert_non_null(strstr(err.buf, ":3: unknown key 'bogus' in [inbox]"));

	/* issue 12: inline comments after a blank; '#' inside a value stays */
	f = fopen(path.buf, "w");
	fputs("db = e.db   # the database\n[keys]  # signing\n"
	      "cms_key = k#1 ; mine\n[alert]\t;x\nlevel =\t# none\n", f);
	fclose(f);
	strbuf_reset(&err);
	assert_int_equal(config_load(path.buf, &cfg, &err), 0);
	assert_string_equal(config_get(cfg, NULL, "db"), "e.db");
	assert_string_equal(config_get(cfg, "keys", "cms_key"), "k#1");
	assert_string_equal(config_get(cfg, "alert", "level"), "");
	config_free(cfg);

	/* a key or a section twice: refused, naming both lines */
	f = fopen(path.buf, "w");
	fputs("[outbox]\ndir = a\n\ndir = b\n", f);
	fclose(f);
	strbuf_reset(&err);
	assert_int_equal(config_load(path.buf, &cfg, &err), EC_CONFIG);
	assert_non_null(strstr(err.buf, ":4: key 'dir' set twice (first at line 2)"));
	f = fopen(path.buf, "w");
	fputs("[outbox]\ndir = a\n[outbox]\n", f);
	fclose(f);
	strbuf_reset(&err);
	assert_int_equal(config_load(path.buf, &cfg, &err), EC_CONFIG);
	assert_non_null(strstr(err.buf, ":3: section '[outbox]' appears twice"));
	unlink(path.buf);
	rmdir(dir);
	strbuf_release(&path);
	strbuf_release(&err);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strbuf_grows_and_escapes),
		cmocka_unit_test(dates_round_trip),
		cmocka_unit_test(months_clamp_to_month_end),
		cmocka_unit_test(dates_never_wrap),
		cmocka_unit_test(shanghai_day),
		cmocka_unit_test(uscc_check_characters),
		cmocka_unit_test(event_types_by_any_name),
		cmocka_unit_test(config_parses_and_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
