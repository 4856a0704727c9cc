#include "unit.h"
#include "core/date.h"
#include "rules/ruleset.h"
#include "rules/score.h"

static int day(const char *s)
{
	int d = -1;

	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static struct ruleset *load_default(void)
{
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = NULL;

	if (ruleset_load_default(&rs, &err))
		fail_msg("%s", err.buf);
	strbuf_release(&err);
	return rs;
}

static void windows_and_clamping(void **state)
{
	int s, e;

	(void)state;
	score_window(day("2019-08-31"), 0, 6, &s, &e);
	assert_int_equal(e, day("2020-02-29"));
	score_window(day("2020-08-31"), 0, 6, &s, &e);
	assert_int_equal(e, day("2021-02-28"));
	score_window(day("2020-03-10"), 15, 6, &s, &e);
	assert_int_equal(s, day("2020-03-25"));
	assert_int_equal(e, day("2020-09-25"));
	assert_false(score_active(day("2020-03-10"), 0, 6, day("2020-03-09")));
	assert_true(score_active(day("2020-03-10"), 0, 6, day("2020-03-10")));
	assert_true(score_active(day("2020-03-10"), 0, 6, day("2020-09-09")));
	assert_false(score_active(day("2020-03-10"), 0, 6, day("2020-09-10")));
}

/* The SQL thresholds agree with the windows for every date, offset and
 * month count around month ends and leap days. */
static void thresholds_match_windows(void **state)
{
	(void)state;
	for (int as_of = day("2019-12-20"); as_of <= day("2021-03-10"); as_of += 3)
		for (int off = 0; off <= 15; off += 15)
			for (int months = 1; months <= 13; months += 5) {
				int t = score_active_after(as_of, off, months);

				for (int d = as_of - 450; d <= as_of; d++)
					assert_int_equal(score_active(d, off, months, as_of),
							 d > t && d <= as_of - off);
			}
}

static void bands_and_caps(void **state)
{
	struct ruleset *rs = load_default();
	const struct score_model *m = ruleset_model(rs);
	struct score_result r;

	(void)state;
	assert_int_equal(score_band(m, 12), COLOUR_GREEN);
	assert_int_equal(score_band(m, 11), COLOUR_GREEN);
	assert_int_equal(score_band(m, 10), COLOUR_BLUE);
	assert_int_equal(score_band(m, 6), COLOUR_BLUE);
	assert_int_equal(score_band(m, 5), COLOUR_YELLOW);
	assert_int_equal(score_band(m, 3), COLOUR_YELLOW);
	assert_int_equal(score_band(m, 2), COLOUR_RED);
	assert_int_equal(score_band(m, 1), COLOUR_RED);
	assert_int_equal(score_band(m, 0), COLOUR_BLACK);
	assert_int_equal(score_band(m, -40), COLOUR_BLACK);
	score_apply(m, 5, 0, 0, -1, &r);
	assert_int_equal(r.score, 12);
	assert_int_equal(r.colour, COLOUR_GREEN);
	score_apply(m, 0, 0, 0, -1, &r);
	assert_int_equal(r.score, 9);
	assert_int_equal(r.colour, COLOUR_BLUE);
	ruleset_free(rs);
}

static void precedence(void **state)
{
	struct ruleset *rs = load_default();
	const struct score_model *m = ruleset_model(rs);
	struct score_result r;

	(void)state;
	/* incident: one step worse */
	score_apply(m, 2, 1, 0, -1, &r);
	assert_int_equal(r.band, COLOUR_GREEN);
	assert_int_equal(r.colour, COLOUR_BLUE);
	/* two incidents on yellow: black, never beyond */
	score_apply(m, -5, 2, 0, -1, &r);
	assert_int_equal(r.colour, COLOUR_BLACK);
	score_apply(m, -5, 3, 0, -1, &r);
	assert_int_equal(r.colour, COLOUR_BLACK);
	/* veto after incident: green -> blue -> capped red */
	score_apply(m, 3, 1, 1, -1, &r);
	assert_int_equal(r.colour, COLOUR_RED);
	assert_true(r.vetoed);
	/* veto never lifts black */
	score_apply(m, -12, 0, 1, -1, &r);
	assert_int_equal(r.colour, COLOUR_BLACK);
	assert_false(r.vetoed);
	/* override last: replaces veto and incident, score unchanged */
	score_apply(m, -12, 1, 1, COLOUR_BLUE, &r);
	assert_int_equal(r.colour, COLOUR_BLUE);
	assert_int_equal(r.score, -3);
	assert_true(r.overridden);
	ruleset_free(rs);
}

static int load_text(const char *xml, struct strbuf *err)
{
	struct ruleset *rs = NULL;
	int rc = ruleset_load_memory(xml, strlen(xml), "t.xml", &rs, err);

	ruleset_free(rs);
	return rc;
}

#define HEAD "<ruleset xmlns='urn:ecredit:rules:1' id='t' version='1' effective-from='2020-01-01'>\n" \
	"<score start='9' max='12'/>\n<bands>\n"
#define TAIL "<window start-offset-days='0'/>\n<effects><veto cap='red'/><incident steps='1'/></effects>\n" \
	"<events><event type='fine' points='-3' months='6'/></events>\n" \
	"<monitoring><exceedance min-days='3'/><transmission min-percent='90' classes='key'/></monitoring>\n" \
	"</ruleset>\n"
#define BANDS_OK "<band colour='green' min='11'/><band colour='blue' min='6' max='10'/>\n" \
	"<band colour='yellow' min='3' max='5'/><band colour='red' min='1' max='2'/>\n" \
	"<band colour='black' max='0'/></bands>\n"

static void checks_name_the_line(void **state)
{
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_int_equal(load_text(HEAD BANDS_OK TAIL, &err), 0);
	/* gap: 5 is missing */
	assert_int_equal(load_text(HEAD "<band colour='green' min='11'/><band colour='blue' min='6' max='10'/>\n"
				   "<band colour='yellow' min='3' max='4'/><band colour='red' min='1' max='2'/>\n"
				   "<band colour='black' max='0'/></bands>\n" TAIL, &err), EC_CONFIG);
	if (!strstr(err.buf, "t.xml:5: gap: scores 5 to 5"))
		fail_msg("%s", err.buf);
	/* overlap */
	assert_int_equal(load_text(HEAD "<band colour='green' min='11'/><band colour='blue' min='5' max='10'/>\n"
				   "<band colour='yellow' min='3' max='5'/><band colour='red' min='1' max='2'/>\n"
				   "<band colour='black' max='0'/></bands>\n" TAIL, &err), EC_CONFIG);
	assert_non_null(strstr(err.buf, "overlap: score 5"));
	/* green must reach the maximum */
	assert_int_equal(load_text(HEAD "<band colour='green' min='11' max='11'/><band colour='blue' min='6' max='10'/>\n"
				   "<band colour='yellow' min='3' max='5'/><band colour='red' min='1' max='2'/>\n"
				   "<band colour='black' max='0'/></bands>\n" TAIL, &err), EC_CONFIG);
	assert_non_null(strstr(err.buf, "gap: scores 12 to 12"));
	/* unknown event type, named with its line */
	{
		struct strbuf x = STRBUF_INIT;

		strbuf_addstr(&x, HEAD BANDS_OK TAIL);
		strbuf_insert(&x, strstr(x.buf, "<event ") - x.buf,
			      "<event type='parking' points='-1' months='6'/>\n", 46);
		assert_int_equal(load_text(x.buf, &err), EC_CONFIG);
		assert_non_null(strstr(err.buf, "t.xml:9: unknown event type 'parking'"));
		strbuf_release(&x);
	}
	/* a date that is not a date */
	{
		struct strbuf x = STRBUF_INIT;

		strbuf_addstr(&x, HEAD BANDS_OK TAIL);
		memcpy(strstr(x.buf, "2020-01-01"), "2020-02-30", 10);
		assert_int_equal(load_text(x.buf, &err), EC_CONFIG);
		assert_non_null(strstr(err.buf, "t.xml:1: bad effective-from '2020-02-30'"));
		strbuf_release(&x);
	}
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(windows_and_clamping),
		cmocka_unit_test(thresholds_match_windows),
		cmocka_unit_test(bands_and_caps),
		cmocka_unit_test(precedence),
		cmocka_unit_test(checks_name_the_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
