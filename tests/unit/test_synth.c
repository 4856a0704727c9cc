#include "unit.h"
#include "core/archive.h"
#include "core/evtype.h"
#include "core/uscc.h"
#include "core/xml.h"
#include "importers/hj212.h"
#include "synth/synth.h"
#include "synth/synthInt.h"

#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>

/* A small city: 120 enterprises, 12 monitored outlets, 2 days. */
static void small_city(struct synth_options *opt, const char *dir)
{
	synth_options_init(opt);
	opt->dir = dir;
	opt->enterprises = 120;
	opt->outlets = 12;
	opt->days = 2;
	opt->seed = 42;
	opt->gzip = 0;
	opt->keys = 0;
}

/* Remove a city and its folder (the folder holds nothing else). */
static void remove_city(char *dir)
{
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(synth_prepare_dir(dir, &err), 0);
	assert_int_equal(rmdir(dir), 0);
	strbuf_release(&err);
	free(dir);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;

	assert_non_null(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb, len);
}

static void same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *x = slurp(a, &la), *y = slurp(b, &lb);

	assert_int_equal(la, lb);
	assert_memory_equal(x, y, la);
	free(x);
	free(y);
}

static void generate(struct synth_options *opt, struct synth_summary *sum)
{
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(synth_prepare_dir(opt->dir, &err), 0);
	if (synth_city(opt, sum, &err))
		fail_msg("synth_city: %s", err.buf);
	strbuf_release(&err);
}

static void same_seed_same_bytes(void **state)
{
	char *d1 = unit_tmpdir(), *d2 = unit_tmpdir();
	struct synth_options o1, o2;
	struct synth_summary s1, s2, s3;
	size_t l1, l3;
	char *p1, *p3;

	(void)state;
	small_city(&o1, d1);
	small_city(&o2, d2);
	generate(&o1, &s1);
	generate(&o2, &s2);
	same_file(s1.permits_file, s2.permits_file);
	same_file(s1.penalties_utf8, s2.penalties_utf8);
	same_file(s1.penalties_gb18030, s2.penalties_gb18030);
	same_file(s1.monitoring_file, s2.monitoring_file);
	same_file(s1.config, s2.config);
	assert_int_equal(s1.packets, s2.packets);

	/* another seed, another city */
	o2.seed = 43;
	generate(&o2, &s3);
	p1 = slurp(s1.permits_file, &l1);
	p3 = slurp(s3.permits_file, &l3);
	assert_true(l1 != l3 || memcmp(p1, p3, l1));
	free(p1);
	free(p3);
	synth_summary_release(&s1);
	synth_summary_release(&s2);
	synth_summary_release(&s3);
	remove_city(d1);
	remove_city(d2);
}

static void permits_are_well_formed_with_valid_usccs(void **state)
{
	char *dir = unit_tmpdir();
	struct synth_options opt;
	struct synth_summary sum;
	struct strbuf err = STRBUF_INIT;
	xmlDocPtr doc = NULL;
	long permits = 0, bad = 0, outlets = 0, mns = 0;

	(void)state;
	small_city(&opt, dir);
	opt.enterprises = 700; /* enough for a few deliberately wrong codes */
	generate(&opt, &sum);
	if (xml_parse_file(sum.permits_file, &doc, &err))
		fail_msg("%s", err.buf);
	assert_string_equal((const char *)xmlDocGetRootElement(doc)->ns->href,
			    "urn:ecredit:permits:1");
	for (xmlNodePtr p = xmlDocGetRootElement(doc)->children; p; p = p->next) {
		xmlChar *no;

		if (p->type != XML_ELEMENT_NODE)
			continue;
		assert_string_equal((const char *)p->name, "permit");
		permits++;
		no = xmlGetProp(p, (const xmlChar *)"no");
		for (xmlNodePtr c = p->children; c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			if (!strcmp((const char *)c->name, "enterprise")) {
				xmlChar *u = xmlGetProp(c, (const xmlChar *)"uscc");

				assert_true(uscc_well_formed((const char *)u));
				bad += !uscc_valid((const char *)u);
				/* permit number = USCC + 3 digits + P */
				assert_int_equal(strlen((const char *)no), 22);
				assert_memory_equal(no, u, 18);
				assert_int_equal(no[21], 'P');
				xmlFree(u);
			} else if (!strcmp((const char *)c->name, "outlet")) {
				xmlChar *mn = xmlGetProp(c, (const xmlChar *)"mn");

				outlets++;
				if (mn) {
					size_t n = strlen((const char *)mn);

					assert_true(n >= 14 && n <= 24);
					mns++;
				}
				xmlFree(mn);
			}
		}
		xmlFree(no);
	}
	assert_int_equal(permits, sum.permits);
	assert_int_equal(outlets, sum.outlets);
	assert_int_equal(mns, opt.outlets);
	assert_int_equal(bad, sum.bad_usccs);
	assert_true(bad >= 1 && bad <= 5);
	xmlFreeDoc(doc);
	synth_summary_release(&sum);
	strbuf_release(&err);
	remove_city(dir);
}

/* Check every line of a packet log; returns the lines that fail. */
static long check_packets(const char *text, size_t len, long *lines,
			  long *hourly, long *daily)
{
	const char *p = text, *end = text + len;
	long failed = 0;

	*lines = *hourly = *daily = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *hash = memmem(p, (size_t)(eol - p), "##", 2);
		size_t seg, want;
		char crc[5];
		unsigned long got;

		assert_non_null(eol);
		assert_non_null(hash);
		assert_true(hash > p); /* a receive stamp */
		assert_int_equal(eol[-1], '\r');
		(*lines)++;
		seg = (size_t)(eol - 1 - (hash + 6)); /* data + CRC */
		want = strtoul(hash + 2, NULL, 10);
		memcpy(crc, eol - 5, 4);
		crc[4] = '\0';
		got = strtoul(crc, NULL, 16);
		if (seg < 4 || seg - 4 != want ||
		    hj212_crc(hash + 6, want) != got)
			failed++;
		else if (memmem(hash, (size_t)(eol - hash), "CN=2061;", 8))
			(*hourly)++;
		else if (memmem(hash, (size_t)(eol - hash), "CN=2031;", 8))
			(*daily)++;
		p = eol + 1;
	}
	return failed;
}

static void packets_have_length_and_crc(void **state)
{
	char *dir = unit_tmpdir();
	struct synth_options opt;
	struct synth_summary sum;
	long lines, hourly, daily, failed;
	size_t len;
	char *text;

	(void)state;
	small_city(&opt, dir);
	generate(&opt, &sum);
	text = slurp(sum.monitoring_file, &len);
	failed = check_packets(text, len, &lines, &hourly, &daily);
	assert_int_equal(lines, sum.packets);
	assert_int_equal(failed, sum.corrupt_packets);
	assert_true(failed >= 4 && failed * 50 < lines);
	/* corrupt ones aside, all hourly and daily packets check out */
	assert_int_equal(hourly + daily + failed, lines);
	assert_true(daily > 0 && hourly > 500);
	/* realistic shares: some but not many flags other than N */
	assert_true(sum.nonnormal_flags > 0);
	assert_true(sum.nonnormal_flags * 5 < sum.hourly_packets * 3);
	assert_non_null(strstr(text, "-ZsAvg="));
	assert_non_null(strstr(text, "-Cou="));
	free(text);
	synth_summary_release(&sum);
	remove_city(dir);
}

static void gzip_variant_holds_the_same_log(void **state)
{
	char *d1 = unit_tmpdir(), *d2 = unit_tmpdir();
	struct synth_options o1, o2;
	struct synth_summary s1, s2;
	struct strbuf err = STRBUF_INIT, got = STRBUF_INIT;
	struct arc_stream *in;
	char buf[65536];
	ssize_t n;
	size_t len;
	char *plain;

	(void)state;
	small_city(&o1, d1);
	small_city(&o2, d2);
	o2.gzip = 1;
	generate(&o1, &s1);
	generate(&o2, &s2);
	assert_non_null(strstr(s2.monitoring_file, ".log.gz"));
	assert_int_equal(arc_stream_open(s2.monitoring_file, &in, &err), 0);
	assert_true(arc_stream_compressed(in));
	while ((n = arc_stream_read(in, buf, sizeof(buf), &err)) > 0)
		strbuf_add(&got, buf, (size_t)n);
	assert_int_equal(n, 0);
	arc_stream_close(in);
	plain = slurp(s1.monitoring_file, &len);
	assert_int_equal(got.len, len);
	assert_memory_equal(got.buf, plain, len);
	free(plain);
	strbuf_release(&got);
	strbuf_release(&err);
	synth_summary_release(&s1);
	synth_summary_release(&s2);
	remove_city(d1);
	remove_city(d2);
}

static long count_char(const char *s, size_t len, char c)
{
	long n = 0;

	for (size_t i = 0; i < len; i++)
		n += s[i] == c;
	return n;
}

static void penalties_in_utf8_and_gb18030(void **state)
{
	char *dir = unit_tmpdir();
	struct synth_options opt;
	struct synth_summary sum;
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t ulen, glen, inleft, outleft;
	char *u, *g, *in, *conv, *out;

	(void)state;
	assert_true(cd != (iconv_t)-1);
	small_city(&opt, dir);
	opt.enterprises = 2000; /* about 160 events: bad rows and duplicates */
	generate(&opt, &sum);
	u = slurp(sum.penalties_utf8, &ulen);
	g = slurp(sum.penalties_gb18030, &glen);
	assert_memory_equal(u, "\xEF\xBB\xBF行政处罚决定书文号,", 3 + strlen("行政处罚决定书文号,"));
	assert_int_equal(count_char(u, ulen, '\n'), sum.penalty_rows_utf8 + 1);
	/* the GB18030 file decodes whole and says the same things */
	in = g;
	inleft = glen;
	conv = xmalloc(glen * 2 + 16);
	out = conv;
	outleft = glen * 2 + 16;
	assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
	assert_int_equal(inleft, 0);
	*out = '\0';
	assert_null(memmem(g, glen, "行政处罚", strlen("行政处罚"))); /* not UTF-8 */
	assert_non_null(strstr(conv, "行政处罚决定书文号,统一社会信用代码,单位名称"));
	assert_non_null(strstr(conv, "\r\n"));
	assert_int_equal(count_char(conv, (size_t)(out - conv), '\n'),
			 sum.penalty_rows_gb18030 + 1);
	assert_int_equal(sum.penalty_rows,
			 sum.penalty_rows_utf8 + sum.penalty_rows_gb18030);
	assert_true(sum.penalty_bad_rows >= 2 && sum.penalty_duplicates >= 2);
	/* both bracket styles, all three date forms, fines empty and — */
	assert_true(strstr(u, "〔") || strstr(conv, "〔"));
	assert_true(strstr(u, "]") || strstr(conv, "]"));
	assert_true(strstr(u, "年") && strstr(u, "/") && strstr(u, ",—,"));
	assert_non_null(strstr(u, evtype_by_code("fine")->zh));
	assert_true(strstr(u, "通报批评") || strstr(conv, "通报批评"));
	free(conv);
	free(u);
	free(g);
	iconv_close(cd);
	synth_summary_release(&sum);
	remove_city(dir);
}

static void fixed_point_numbers(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	synth_add_fixed(&sb, 35, 0);
	strbuf_addch(&sb, ' ');
	synth_add_fixed(&sb, 1.5, 2);
	strbuf_addch(&sb, ' ');
	synth_add_fixed(&sb, 0.0049, 3);
	strbuf_addch(&sb, ' ');
	synth_add_fixed(&sb, -12.345, 1);
	strbuf_addch(&sb, ' ');
	synth_add_fixed(&sb, 99.999, 2);
	assert_string_equal(sb.buf, "35 1.50 0.005 -12.3 100.00");
	strbuf_release(&sb);
}

static void prepare_dir_keeps_foreign_folders(void **state)
{
	char *dir = unit_tmpdir();
	struct strbuf err = STRBUF_INIT, path = STRBUF_INIT;
	struct synth_options opt;
	struct synth_summary sum;
	FILE *f;

	(void)state;
	strbuf_addf(&path, "%s/precious.txt", dir);
	f = fopen(path.buf, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(synth_prepare_dir(dir, &err), EC_USAGE);
	assert_non_null(strstr(err.buf, "not empty"));
	unlink(path.buf);
	/* an earlier demo is replaced, and a file the user added survives */
	small_city(&opt, dir);
	generate(&opt, &sum);
	synth_summary_release(&sum);
	f = fopen(path.buf, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(synth_prepare_dir(dir, &err), 0);
	assert_int_equal(access(path.buf, F_OK), 0);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/inbox", dir);
	assert_int_not_equal(access(path.buf, F_OK), 0);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/precious.txt", dir);
	unlink(path.buf);
	strbuf_release(&path);
	strbuf_release(&err);
	remove_city(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_seed_same_bytes),
		cmocka_unit_test(permits_are_well_formed_with_valid_usccs),
		cmocka_unit_test(packets_have_length_and_crc),
		cmocka_unit_test(gzip_variant_holds_the_same_log),
		cmocka_unit_test(penalties_in_utf8_and_gb18030),
		cmocka_unit_test(fixed_point_numbers),
		cmocka_unit_test(prepare_dir_keeps_foreign_folders),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
