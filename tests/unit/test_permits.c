#include "unit.h"
#include "core/db.h"
#include "importers/importer.h"

#define HEAD "<?xml version=\"1.0\"?>\n<permits xmlns=\"urn:ecredit:permits:1\" generated=\"%s\">\n"
#define ENT "<enterprise uscc=\"91320684MA1N00001R\" name=\"n\"/><industry code=\"C1\"/>" \
	    "<class>key</class>\n"

struct fx {
	char *dir;
	struct db *db;
	struct strbuf err, warnings;
	struct import_counts c;
	int files;
};

static void on_warn(void *data, const char *msg)
{
	struct strbuf *sb = data;

	strbuf_addf(sb, "%s\n", msg);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct strbuf path = STRBUF_INIT;

	f->dir = unit_tmpdir();
	strbuf_init(&f->err, 0);
	strbuf_init(&f->warnings, 0);
	strbuf_addf(&path, "%s/t.db", f->dir);
	assert_int_equal(db_open(path.buf, DB_OPEN_CREATE, &f->db, &f->err), 0);
	assert_int_equal(db_migrate(f->db, NULL, NULL, &f->err), 0);
	strbuf_release(&path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	struct strbuf cmd = STRBUF_INIT;

	db_close(f->db);
	strbuf_addf(&cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd.buf), 0);
	strbuf_release(&cmd);
	strbuf_release(&f->err);
	strbuf_release(&f->warnings);
	free(f->dir);
	free(f);
	return 0;
}

/* Import text (printf format) as a new file; returns import_file's code. */
__attribute__((format(printf, 2, 3)))
static int import(struct fx *f, const char *fmt, ...)
{
	struct import_options opt = { 0 };
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	va_list ap;
	FILE *out;
	int rc;

	va_start(ap, fmt);
	strbuf_vaddf(&text, fmt, ap);
	va_end(ap);
	strbuf_addf(&path, "%s/f%d.xml", f->dir, ++f->files);
	out = fopen(path.buf, "w");
	assert_non_null(out);
	assert_int_equal(fwrite(text.buf, 1, text.len, out), text.len);
	assert_int_equal(fclose(out), 0);
	opt.warn = on_warn;
	opt.warn_data = &f->warnings;
	strbuf_reset(&f->err);
	rc = import_file(f->db, "permits", path.buf, &opt, &f->c, &f->err);
	strbuf_release(&path);
	strbuf_release(&text);
	return rc;
}

static int64_t q(struct fx *f, const char *sql, const char *p1)
{
	int64_t v = -1;

	assert_int_equal(db_query_int64(f->db, sql, p1, NULL, &v, &f->err), 0);
	return v;
}

static void text_is(struct fx *f, const char *sql, const char *want)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(f->db, sql, &st, &f->err), 0);
	assert_int_equal(db_step(st, &f->err), DB_ROW);
	assert_string_equal(db_column_text(st, 0), want);
	db_finalize(st);
}

static void counts_are(struct fx *f, long long read, long long stored,
		       long long dup, long long quarantined)
{
	assert_int_equal(f->c.read, read);
	assert_int_equal(f->c.stored, stored);
	assert_int_equal(f->c.duplicate, dup);
	assert_int_equal(f->c.quarantined, quarantined);
}

#define PERMIT(no, attrs, body) \
	"<permit no=\"" no "\" status=\"valid\" " attrs ">" ENT body "</permit>\n"
#define DATES "valid-from=\"2022-01-01\" valid-to=\"2026-12-31\""
#define NO1 "91320684MA1N00001R001P"

static void stores_a_minimal_permit(void **state)
{
	struct fx *f = *state;

	assert_int_equal(import(f, HEAD PERMIT(NO1, DATES, "") "</permits>",
				"2026-11-28T22:00:00+08:00"), 0);
	counts_are(f, 1, 1, 0, 0);
	text_is(f, "SELECT grade || guarantee || generated FROM permit", "none02026-11-28T14:00:00Z");
	text_is(f, "SELECT first_seen || uscc_ok FROM enterprise", "2022-01-011");
	assert_int_equal(f->warnings.len, 0);
}

static void empty_file_of_permits(void **state)
{
	struct fx *f = *state;

	assert_int_equal(import(f, HEAD "</permits>", "2026-11-28T22:00:00Z"), 0);
	counts_are(f, 0, 0, 0, 0);
}

static void stamps_are_normalised_to_utc(void **state)
{
	static const char *const cases[][2] = {
		{ "2026-11-28T22:00:00+08:00", "2026-11-28T14:00:00Z" },
		{ "2026-11-28T02:00:00+08:00", "2026-11-27T18:00:00Z" },
		{ "2026-11-28T22:00:00", "2026-11-28T14:00:00Z" }, /* no zone: Shanghai */
		{ "2026-12-31T23:30:00.25-01:00", "2027-01-01T00:30:00Z" },
		{ "2026-02-28T24:00:00Z", "2026-03-01T00:00:00Z" },
	};
	struct fx *f = *state;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(db_exec(f->db, "DELETE FROM permit", &f->err), 0);
		assert_int_equal(import(f, HEAD PERMIT(NO1, DATES, "") "</permits>",
					cases[i][0]), 0);
		text_is(f, "SELECT generated FROM permit", cases[i][1]);
	}
}

static void quarantine_reasons(void **state)
{
	static const struct {
		const char *attrs, *body, *field, *reason;
	} cases[] = {
		{ "valid-from=\"2022-01-01\" valid-to=\"2026-02-29\"", "", "valid-to", "is not a date" },
		{ "valid-from=\"2022-01-01\" valid-to=\"2021-01-01\"", "", "valid-to", "is before valid-from" },
		{ "issued=\"x\" " DATES, "", "issued", "'x' is not a date" },
		{ "issued=\"2027-01-01\" " DATES, "", "issued", "is after valid-to" },
		{ DATES, "<outlet code=\"DA1\" kind=\"air\"/><outlet code=\"DA1\" kind=\"water\"/>",
		  "code", "outlet code 'DA1' appears twice" },
		{ DATES, "<outlet code=\"DA1\" kind=\"air\" mn=\"ABCDEFG\"/>"
			 "<outlet code=\"DA2\" kind=\"air\" mn=\"ABCDEFG\"/>",
		  "mn", "have the same mn" },
		{ DATES, "<outlet code=\"DA1\" kind=\"air\" mn=\"ABC\"/>", "mn", "not 7-24" },
		{ DATES, "<outlet code=\"DA1\" kind=\"air\"><limit pollutant=\"a\" conc=\"1\"/>"
			 "<limit pollutant=\"a\"/></outlet>", "pollutant", "has two limits" },
		{ DATES, "<outlet code=\"DA1\" kind=\"air\"><limit pollutant=\"a\" annual-t=\"-1\"/>"
			 "</outlet>", "annual-t", "is negative" },
	};
	struct fx *f = *state;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int64_t ok = 0;

		assert_int_equal(import(f, HEAD "<permit no=\"" NO1 "\" status=\"valid\" %s>" ENT
					"%s</permit></permits>",
					"2026-11-28T22:00:00Z", cases[i].attrs, cases[i].body), 0);
		counts_are(f, 1, 0, 0, 1);
		assert_int_equal(db_query_int64(f->db,
						"SELECT field = ?1 AND instr(reason, ?2) > 0"
						" AND position IN ('line 3, permit 1',"
						" 'line 4, permit 1')"
						" FROM quarantine ORDER BY id DESC LIMIT 1",
						cases[i].field, cases[i].reason, &ok, &f->err), 0);
		assert_int_equal(ok, 1);
	}
	assert_int_equal(q(f, "SELECT count(*) FROM permit", NULL), 0);
}

static void permit_number_and_uscc(void **state)
{
	struct fx *f = *state;

	assert_int_equal(import(f, HEAD
				PERMIT("91320684MA1N00001R01P", DATES, "")
				PERMIT("91320684MA1N00001RO01P", DATES, "")
				PERMIT("91320684MA1N00001R001Q", DATES, "")
				PERMIT("91320684MA1N00002W001P", DATES, "")
				"<permit no=\"" NO1 "\" status=\"valid\" " DATES ">"
				"<enterprise uscc=\"91320684MA1N0000IR\" name=\"n\"/>"
				"<industry code=\"C1\"/><class>key</class></permit>"
				"</permits>", "2026-11-28T22:00:00Z"), 0);
	counts_are(f, 5, 0, 0, 5);
	assert_int_equal(q(f, "SELECT count(*) FROM quarantine WHERE field = 'no'", NULL), 4);
	assert_int_equal(q(f, "SELECT count(*) FROM quarantine WHERE field = 'uscc'", NULL), 1);
}

static void bad_check_character_warns(void **state)
{
	struct fx *f = *state;

	assert_int_equal(import(f, HEAD
				"<permit no=\"91320684MA1N000031001P\" status=\"valid\" " DATES ">"
				"<enterprise uscc=\"91320684MA1N000031\" name=\"n\"/>"
				"<industry code=\"C1\"/><class>key</class></permit>"
				"</permits>", "2026-11-28T22:00:00Z"), 0);
	counts_are(f, 1, 1, 0, 0);
	assert_int_equal(f->c.warnings, 1);
	assert_non_null(strstr(f->warnings.buf, "bad check character"));
	assert_int_equal(q(f, "SELECT uscc_ok FROM enterprise", NULL), 0);
}

static void equal_stamp_replaces_and_revert_wins(void **state)
{
	struct fx *f = *state;
	const char *a = HEAD PERMIT(NO1, DATES, "<grade>A</grade>") "</permits>";
	const char *b = HEAD PERMIT(NO1, DATES, "<grade>B</grade>") "</permits>";

	assert_int_equal(import(f, a, "2026-01-01T00:00:00Z"), 0);
	assert_int_equal(import(f, b, "2026-01-01T00:00:00Z"), 0); /* equal: replaces */
	counts_are(f, 1, 1, 0, 0);
	text_is(f, "SELECT grade FROM permit", "B");
	assert_int_equal(import(f, a, "2026-01-01T00:00:00Z"), 0); /* known, not newer */
	counts_are(f, 1, 0, 1, 0);
	text_is(f, "SELECT grade FROM permit", "B");
	assert_int_equal(import(f, a, "2026-02-01T00:00:00Z"), 0); /* a revert */
	counts_are(f, 1, 1, 0, 0);
	text_is(f, "SELECT grade FROM permit", "A");
	assert_int_equal(q(f, "SELECT count(*) FROM permit_history", NULL), 2);
	assert_int_equal(import(f, b, "2025-01-01T00:00:00Z"), 0); /* older, known */
	counts_are(f, 1, 0, 1, 0);
	/* two versions in one file with one stamp: the later one wins, and
	 * importing the file again stores nothing */
	assert_int_equal(import(f, HEAD PERMIT(NO1, DATES, "<grade>C</grade>")
				PERMIT(NO1, DATES, "<grade>D</grade>") "</permits>",
				"2026-03-01T00:00:00Z"), 0);
	counts_are(f, 2, 2, 0, 0);
	assert_int_equal(import(f, HEAD PERMIT(NO1, DATES, "<grade>C</grade>")
				PERMIT(NO1, DATES, "<grade>D</grade>") "</permits>",
				"2026-03-01T00:00:00Z"), 0);
	counts_are(f, 2, 0, 2, 0);
	text_is(f, "SELECT grade FROM permit", "D");
}

static void outlets_replaced_with_the_permit(void **state)
{
	struct fx *f = *state;

	assert_int_equal(import(f, HEAD PERMIT(NO1, DATES,
				"<outlet code=\"DA1\" kind=\"air\"><limit pollutant=\"a\" conc=\"1\"/>"
				"</outlet><outlet code=\"DA2\" kind=\"air\"/>") "</permits>",
				"2026-01-01T00:00:00Z"), 0);
	assert_int_equal(import(f, HEAD PERMIT(NO1, DATES,
				"<outlet code=\"DA3\" kind=\"air\"><limit pollutant=\"b\"/></outlet>")
				"</permits>", "2026-01-02T00:00:00Z"), 0);
	text_is(f, "SELECT group_concat(code) FROM outlet", "DA3");
	text_is(f, "SELECT group_concat(pollutant || outlet_code) FROM outlet_limit", "bDA3");
}

static void line_numbers_past_65535(void **state)
{
	struct fx *f = *state;
	struct strbuf blank = STRBUF_INIT;

	for (int i = 0; i < 70000; i++)
		strbuf_addstr(&blank, "\n");
	assert_int_equal(import(f, HEAD "%s<permit no=\"" NO1 "\" status=\"valid\""
				" valid-from=\"2022-01-01\" valid-to=\"2021-01-01\">" ENT
				"</permit></permits>", "2026-01-01T00:00:00Z", blank.buf), 0);
	counts_are(f, 1, 0, 0, 1);
	/* libxml2 keeps element lines in 16 bits; past that the parser's
	 * line is used, which may be a little ahead */
	assert_int_equal(q(f, "SELECT substr(position, 6, 5) BETWEEN '70003' AND '70009'"
			   " AND position LIKE '%, permit 1' FROM quarantine", NULL), 1);
	strbuf_release(&blank);
}

static void schema_errors_reject_the_file(void **state)
{
	struct fx *f = *state;

	assert_int_equal(import(f, HEAD PERMIT(NO1, DATES, "") "<permit/></permits>",
				"2026-01-01T00:00:00Z"), EC_DATA);
	assert_non_null(strstr(f->err.buf, ":5: not valid: Element '{urn:ecredit:permits:1}permit':"
				   " The attribute 'no' is required"));
	assert_int_equal(q(f, "SELECT count(*) FROM permit", NULL), 0);
	assert_int_equal(import(f, "<permit xmlns=\"urn:ecredit:permits:1\"/>"), EC_DATA);
	assert_non_null(strstr(f->err.buf, "No matching global declaration"));
	assert_int_equal(import(f, HEAD PERMIT(NO1, DATES, "<outlet code=\"DA1\" kind=\"soil\"/>")
				"</permits>", "2026-01-01T00:00:00Z"), EC_DATA);
	assert_non_null(strstr(f->err.buf, "soil"));
	assert_int_equal(import(f, HEAD PERMIT(NO1, DATES "extra=\"1\"", "") "</permits>",
				"2026-01-01T00:00:00Z"), EC_DATA);
	assert_int_equal(import(f, HEAD "</permits>", "soon"), EC_DATA);
	assert_int_equal(q(f, "SELECT count(*) FROM import_file", NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(stores_a_minimal_permit, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_file_of_permits, setup, teardown),
		cmocka_unit_test_setup_teardown(stamps_are_normalised_to_utc, setup, teardown),
		cmocka_unit_test_setup_teardown(quarantine_reasons, setup, teardown),
		cmocka_unit_test_setup_teardown(permit_number_and_uscc, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_check_character_warns, setup, teardown),
		cmocka_unit_test_setup_teardown(equal_stamp_replaces_and_revert_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(outlets_replaced_with_the_permit, setup, teardown),
		cmocka_unit_test_setup_teardown(line_numbers_past_65535, setup, teardown),
		cmocka_unit_test_setup_teardown(schema_errors_reject_the_file, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
