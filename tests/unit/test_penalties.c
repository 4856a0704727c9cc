#include "unit.h"
#include "importers/csv.h"
#include "importers/penalties.h"

/* Parse text (given encoding) into "a|b|c\n" lines, "!problem" marked. */
static int parse(const char *text, size_t len, enum csv_encoding enc,
		 struct strbuf *out, struct strbuf *err)
{
	FILE *f = fmemopen((void *)text, len, "rb");
	struct csv_reader *r;
	struct csv_record rec;
	int rc;

	assert_non_null(f);
	r = csv_open(f, "mem", enc);
	strbuf_reset(out);
	while ((rc = csv_next(r, &rec, err)) > 0) {
		strbuf_addf(out, "%ld:", rec.line);
		for (size_t i = 0; i < rec.nfields; i++) {
			assert_int_equal(strlen(rec.field[i]), rec.len[i]);
			strbuf_addf(out, "%s%s", i ? "|" : "", rec.field[i]);
		}
		if (rec.problem)
			strbuf_addf(out, "!%s", rec.problem);
		strbuf_addch(out, '\n');
	}
	csv_close(r);
	fclose(f);
	return rc;
}

#define PARSES(text, want)                                                     \
	do {                                                                   \
		assert_int_equal(parse(text, sizeof(text) - 1, CSV_UTF8, &out, &err), 0); \
		assert_string_equal(out.buf, want);                            \
	} while (0)

static void csv_rfc4180_edge_cases(void **state)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;

	(void)state;
	PARSES("a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n");
	PARSES("a,b\r\n1,2\r\n", "1:a|b\n2:1|2\n");
	PARSES("a,b", "1:a|b\n"); /* no final line end */
	PARSES("\"x,y\",\"say \"\"hi\"\"\"\n", "1:x,y|say \"hi\"\n");
	/* a newline inside quotes: the next record starts on line 3 */
	PARSES("\"l1\nl2\",b\nc,d\n", "1:l1\nl2|b\n3:c|d\n");
	PARSES("\"l1\r\nl2\",b\r\nc,d\r\n", "1:l1\r\nl2|b\n3:c|d\n");
	/* blank lines are skipped but still counted as lines */
	PARSES("a\n\n\r\nb\n", "1:a\n4:b\n");
	PARSES(",,\n", "1:||\n");
	PARSES("\"\"\n", "1:\n");
	PARSES("a,\n", "1:a|\n");
	PARSES("a\rb,c\n", "1:a\n2:b|c\n"); /* CR alone ends a record */
	PARSES("a,b\r1,2\r\r3,4", "1:a|b\n2:1|2\n4:3|4\n"); /* CR-only file */
	PARSES("\"x\ry\",b\rc\r\n", "1:x\ry|b\n2:c\n"); /* quoted CR is data */
	PARSES("ab\"c,d\n", "1:ab\"c|d!quote inside unquoted field 1\n");
	PARSES("\"ab\"c,d\ne\n", "1:abc|d!text after a closing quote in field 1\n2:e\n");
	assert_int_equal(parse("\"open,b\nc\n", 10, CSV_UTF8, &out, &err), EC_DATA);
	assert_string_equal(err.buf, "line 1: quoted field never closed");
	assert_int_equal(parse("a\0b,c\n", 6, CSV_UTF8, &out, &err), 0);
	assert_string_equal(out.buf, "1:ab|c!NUL byte in field 1\n");
	strbuf_release(&out);
	strbuf_release(&err);
}

static void csv_bounds(void **state)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;

	(void)state;
	/* a field over the limit: cut, flagged, and the next record is fine */
	strbuf_addch(&in, '"');
	for (int i = 0; i < CSV_MAX_FIELD + 10; i++)
		strbuf_addch(&in, i % 100 ? 'x' : '\n');
	strbuf_addstr(&in, "\",b\nnext,1\n");
	assert_int_equal(parse(in.buf, in.len, CSV_UTF8, &out, &err), 0);
	assert_non_null(strstr(out.buf, "!field 1 longer than 16384 bytes\n"));
	/* 164 newlines inside the field: "next" is on line 166 */
	assert_non_null(strstr(out.buf, "\n166:next|1\n"));
	/* a record over the limit */
	strbuf_reset(&in);
	for (int i = 0; i < 8; i++) {
		for (int k = 0; k < CSV_MAX_FIELD - 1; k++)
			strbuf_addch(&in, 'y');
		strbuf_addch(&in, ',');
	}
	strbuf_addstr(&in, "\nz\n");
	assert_int_equal(parse(in.buf, in.len, CSV_UTF8, &out, &err), 0);
	assert_non_null(strstr(out.buf, "!record longer than 65536 bytes\n2:z\n"));
	/* too many fields */
	strbuf_reset(&in);
	for (int i = 0; i < CSV_MAX_FIELDS + 5; i++)
		strbuf_addstr(&in, "f,");
	strbuf_addstr(&in, "\nz\n");
	assert_int_equal(parse(in.buf, in.len, CSV_UTF8, &out, &err), 0);
	assert_non_null(strstr(out.buf, "!more than 64 fields\n2:z\n"));
	strbuf_release(&in);
	strbuf_release(&out);
	strbuf_release(&err);
}

static int detect(const char *text, size_t len, enum csv_encoding *enc,
		  int *bom, struct strbuf *err)
{
	FILE *f = fmemopen((void *)text, len, "rb");
	int rc;

	assert_non_null(f);
	rc = csv_detect(f, "mem", enc, bom, err);
	assert_int_equal(ftell(f), 0); /* rewound */
	fclose(f);
	return rc;
}

static void encodings_detected(void **state)
{
	/* 罚款,〔2026〕 in UTF-8 and GB18030 */
	static const char utf8[] = "\xe7\xbd\x9a\xe6\xac\xbe,\xe3\x80\x94" "2026\xe3\x80\x95\n";
	static const char gb[] = "\xb7\xa3\xbf\xee,\xa1\xb2" "2026\xa1\xb3\n";
	static const char gb_bom[] = "\x84\x31\x95\x33\xb7\xa3\xbf\xee\n";
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	enum csv_encoding enc;
	int bom;

	(void)state;
	assert_int_equal(detect(utf8, sizeof(utf8) - 1, &enc, &bom, &err), 0);
	assert_int_equal(enc, CSV_UTF8);
	assert_int_equal(bom, 0);
	assert_int_equal(detect("\xef\xbb\xbf" "a\n", 5, &enc, &bom, &err), 0);
	assert_int_equal(enc, CSV_UTF8);
	assert_int_equal(bom, 1);
	assert_int_equal(detect(gb, sizeof(gb) - 1, &enc, &bom, &err), 0);
	assert_int_equal(enc, CSV_GB18030);
	assert_int_equal(parse(gb, sizeof(gb) - 1, CSV_GB18030, &out, &err), 0);
	assert_string_equal(out.buf, "1:罚款|〔2026〕\n");
	assert_int_equal(detect(gb_bom, sizeof(gb_bom) - 1, &enc, &bom, &err), 0);
	assert_int_equal(enc, CSV_GB18030);
	assert_int_equal(bom, 1);
	assert_int_equal(parse(gb_bom, sizeof(gb_bom) - 1, CSV_GB18030, &out, &err), 0);
	assert_string_equal(out.buf, "1:罚款\n"); /* BOM dropped */
	assert_int_equal(parse("\xef\xbb\xbf" "a,b\n", 7, CSV_UTF8, &out, &err), 0);
	assert_string_equal(out.buf, "1:a|b\n");
	/* neither: 0x80 is no GB18030 lead byte, 0xff never UTF-8 */
	assert_int_equal(detect("a\nb\x80\xff\n", 6, &enc, &bom, &err), EC_DATA);
	assert_string_equal(err.buf,
			    "cannot decode: neither UTF-8 (line 2: invalid UTF-8 byte 0x80)"
			    " nor GB18030: line 2: invalid GB18030 byte 0x80");
	assert_int_equal(detect("\xff\xfe" "a\0", 4, &enc, &bom, &err), EC_DATA);
	assert_non_null(strstr(err.buf, "UTF-16"));
	/* a GB18030 character cut off at the end */
	assert_int_equal(detect("a\n\xb7", 3, &enc, &bom, &err), EC_DATA);
	assert_non_null(strstr(err.buf, "GB18030 character cut off"));
	/* overlong, surrogate, above U+10FFFF: not UTF-8 */
	assert_false(csv_utf8_valid("\xc0\x80", 2));
	assert_false(csv_utf8_valid("\xed\xa0\x80", 3));
	assert_false(csv_utf8_valid("\xf4\x90\x80\x80", 4));
	assert_false(csv_utf8_valid("\xe7\xbd", 2));
	assert_true(csv_utf8_valid("\xf4\x8f\xbf\xbf", 4));
	/* reading UTF-8 that turns out invalid (file changed): EC_DATA */
	assert_int_equal(parse("a\n\xff\n", 4, CSV_UTF8, &out, &err), EC_DATA);
	assert_string_equal(err.buf, "line 2: invalid UTF-8 byte 0xff");
	strbuf_release(&out);
	strbuf_release(&err);
}

static void decision_numbers_normalised(void **state)
{
	static const char *const same[] = {
		"海环罚〔2019〕156号", "海环罚[2019]156号", "海环罚(2019)156号",
		"海环罚（2019）156号", "海环罚【2019】156号", "海环罚［2019］156号",
		"海环罚﹝2019﹞156号", "海环罚〖2019〗156号", " 海环罚 〔 2019 〕 156 号 ",
		"海环罚〔２０１９〕１５６号", "海环罚\xe3\x80\x80(2019)156号",
	};
	struct strbuf out = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(same); i++) {
		penalties_decision_id(same[i], &out);
		assert_string_equal(out.buf, "海环罚〔2019〕156号");
	}
	penalties_decision_id("ｈｍ-cn 2026-001", &out);
	assert_string_equal(out.buf, "HM-CN2026-001");
	penalties_decision_id("  \xe3\x80\x80 ", &out);
	assert_string_equal(out.buf, "");
	penalties_decision_id("海环罚〔2019〕157号", &out);
	assert_string_not_equal(out.buf, "海环罚〔2019〕156号");
	strbuf_release(&out);
}

static void dates_in_three_forms(void **state)
{
	char d[DATE_TEXT_SIZE];
	const char *why;

	(void)state;
	assert_int_equal(penalties_parse_date("2026-03-05", d, &why), 0);
	assert_string_equal(d, "2026-03-05");
	assert_int_equal(penalties_parse_date("2026/3/5", d, &why), 0);
	assert_string_equal(d, "2026-03-05");
	assert_int_equal(penalties_parse_date("2026年3月15日", d, &why), 0);
	assert_string_equal(d, "2026-03-15");
	assert_int_equal(penalties_parse_date(" ２０２６年１２月３１日 ", d, &why), 0);
	assert_string_equal(d, "2026-12-31");
	assert_int_equal(penalties_parse_date("2024-02-29", d, &why), 0);
	assert_int_equal(penalties_parse_date("2026-02-30", d, &why), -1);
	assert_string_equal(why, "no such day");
	assert_int_equal(penalties_parse_date("2026年2月29日", d, &why), -1);
	assert_string_equal(why, "no such day");
	assert_int_equal(penalties_parse_date("2026-13-01", d, &why), -1);
	assert_int_equal(penalties_parse_date("1800-01-01", d, &why), -1);
	assert_string_equal(why, "year out of range");
	static const char *const bad[] = {
		"2026-03/05", "2026年3月5", "05/03/2026", "2026-3-5x", "26-03-05",
		"2026-003-05", "2026-03-05 00:00:00", "2026.03.05", "", "-",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(penalties_parse_date(bad[i], d, &why), -1);
		assert_non_null(why);
	}
}

static void fines(void **state)
{
	const char *why;
	double v;
	int has;

	(void)state;
	assert_int_equal(penalties_parse_fine("12.5", &v, &has, &why), 0);
	assert_true(has);
	assert_true(v == 12.5);
	assert_int_equal(penalties_parse_fine("１００", &v, &has, &why), 0);
	assert_true(v == 100.0);
	static const char *const none[] = { "", "  ", "—", "——", "-", "－", "–" };
	for (size_t i = 0; i < ARRAY_SIZE(none); i++) {
		assert_int_equal(penalties_parse_fine(none[i], &v, &has, &why), 0);
		assert_false(has);
	}
	assert_int_equal(penalties_parse_fine("-3", &v, &has, &why), -1);
	assert_string_equal(why, "negative amount");
	static const char *const bad[] = { "12万", "1e3", "inf", "nan", "1.2.3",
					   ".5", "5.", "0x10", "1,000",
					   "1234567890123456" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(penalties_parse_fine(bad[i], &v, &has, &why), -1);
		assert_string_equal(why, "not a number");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_rfc4180_edge_cases),
		cmocka_unit_test(csv_bounds),
		cmocka_unit_test(encodings_detected),
		cmocka_unit_test(decision_numbers_normalised),
		cmocka_unit_test(dates_in_three_forms),
		cmocka_unit_test(fines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
