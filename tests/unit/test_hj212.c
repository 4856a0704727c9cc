#include "unit.h"
#include "importers/hj212.h"

/* Frame seg as "##LLLL<seg>CCCC\r\n" with the given CRC value into out. */
static void frame(char *out, size_t size, const char *seg, unsigned crc)
{
	snprintf(out, size, "##%04zu%s%04X\r\n", strlen(seg), seg, crc);
}

static void frame_ok(char *out, size_t size, const char *seg)
{
	frame(out, size, seg, hj212_crc(seg, strlen(seg)));
}

static int parse(const char *line, struct hj212_packet *p, struct hj212_error *e)
{
	return hj212_parse(line, strlen(line), p, e);
}

static int str_eq(struct hj212_str s, const char *lit)
{
	return s.n == strlen(lit) && !memcmp(s.p, lit, s.n);
}

static void crc_vectors(void **state)
{
	(void)state;
	assert_int_equal(hj212_crc("123456789", 9), 0x2F80);
	assert_int_equal(hj212_crc_modbus("123456789", 9), 0x4B37);
	assert_int_equal(hj212_crc("", 0), 0xFFFF);
	assert_int_equal(hj212_crc_modbus("", 0), 0xFFFF);
	/* table version agrees with the bitwise definition of Appendix A */
	for (unsigned n = 1; n < 200; n += 7) {
		unsigned char buf[200];
		unsigned reg = 0xffff;

		for (unsigned i = 0; i < n; i++)
			buf[i] = (unsigned char)(i * 37 + n);
		for (unsigned i = 0; i < n; i++) {
			reg = (reg >> 8) ^ buf[i];
			for (int b = 0; b < 8; b++)
				reg = reg & 1 ? (reg >> 1) ^ 0xa001 : reg >> 1;
		}
		assert_int_equal(hj212_crc(buf, n), reg);
	}
}

static void worked_example(void **state)
{
	const char *ex = "##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;"
			 "MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n";
	struct hj212_packet p;
	struct hj212_error e;
	struct hj212_field f;
	struct hj212_str it;

	(void)state;
	assert_int_equal(parse(ex, &p, &e), 0);
	assert_int_equal(p.crc, HJ212_CRC_OK);
	assert_int_equal(p.length, 101);
	assert_true(str_eq(p.qn, "20160801085857223"));
	assert_true(str_eq(p.st, "32"));
	assert_true(str_eq(p.cn, "1062"));
	assert_true(str_eq(p.pw, "100000"));
	assert_true(str_eq(p.mn, "010000A8900016F000169DC0"));
	assert_int_equal(p.flag_value, 5);
	assert_int_equal(p.version, 1);
	assert_int_equal(p.split, 0);
	assert_null(p.datatime.p);
	it = p.cp;
	assert_int_equal(hj212_cp_next(&it, &f, &e), 1);
	assert_true(str_eq(f.code, "RtdInterval"));
	assert_int_equal(f.suf, HJ212_SUF_NONE);
	assert_true(str_eq(f.value, "30"));
	assert_int_equal(hj212_cp_next(&it, &f, &e), 0);
	/* lowercase hex is the same CRC */
	{
		char low[200];

		snprintf(low, sizeof(low), "%.*s1c80", (int)(strlen(ex) - 6), ex);
		assert_int_equal(parse(low, &p, &e), 0);
		assert_int_equal(p.crc, HJ212_CRC_OK);
	}
}

static void crc_variants_detected(void **state)
{
	const char *seg = "QN=1;ST=31;CN=2061;PW=1;MN=ABC1234;Flag=4;"
			  "CP=&&DataTime=20240301090000;a21026-Avg=1.5&&";
	unsigned c = hj212_crc(seg, strlen(seg));
	char line[300];
	struct hj212_packet p;
	struct hj212_error e;

	(void)state;
	frame(line, sizeof(line), seg, hj212_crc_modbus(seg, strlen(seg)));
	assert_int_equal(parse(line, &p, &e), 0);
	assert_int_equal(p.crc, HJ212_CRC_MODBUS);
	assert_string_equal(hj212_crc_kind_name(p.crc), "modbus");
	frame(line, sizeof(line), seg, ((c & 0xff) << 8) | (c >> 8));
	assert_int_equal(parse(line, &p, &e), 0);
	assert_int_equal(p.crc, HJ212_CRC_SWAPPED);
	assert_string_equal(hj212_crc_kind_name(p.crc), "swapped");
	frame(line, sizeof(line), seg, c ^ 0x0101);
	assert_int_equal(parse(line, &p, &e), -1);
	assert_string_equal(e.field, "CRC");
	assert_non_null(strstr(e.reason, "CRC mismatch"));
	frame_ok(line, sizeof(line), seg);
	assert_int_equal(parse(line, &p, &e), 0);
	assert_int_equal(p.crc, HJ212_CRC_OK);
	assert_null(hj212_crc_kind_name(p.crc));
}

static void every_suffix(void **state)
{
	static const char *const names[] = { "Rtd", "Min", "Avg", "Max", "Cou",
		"ZsRtd", "ZsMin", "ZsAvg", "ZsMax", "Flag", "EFlag" };
	static const enum hj212_suffix sufs[] = { HJ212_SUF_RTD, HJ212_SUF_MIN,
		HJ212_SUF_AVG, HJ212_SUF_MAX, HJ212_SUF_COU, HJ212_SUF_ZSRTD,
		HJ212_SUF_ZSMIN, HJ212_SUF_ZSAVG, HJ212_SUF_ZSMAX, HJ212_SUF_FLAG,
		HJ212_SUF_OTHER };
	const char *cp = "DataTime=20240301090000;a21026-Rtd=1,a21026-Min=2,"
			 "a21026-Avg=3,a21026-Max=4,a21026-Cou=5,a21026-ZsRtd=6,"
			 "a21026-ZsMin=7,a21026-ZsAvg=8,a21026-ZsMax=9,a21026-Flag=N,"
			 "a21026-EFlag=A1";
	struct hj212_str it = { cp, strlen(cp) };
	struct hj212_field f;
	struct hj212_error e;
	double v;

	(void)state;
	assert_int_equal(hj212_cp_next(&it, &f, &e), 1);
	assert_true(str_eq(f.code, "DataTime"));
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		assert_int_equal(hj212_cp_next(&it, &f, &e), 1);
		assert_true(str_eq(f.code, "a21026"));
		assert_true(str_eq(f.suffix, names[i]));
		assert_int_equal(f.suf, sufs[i]);
		if (i < 9) {
			assert_int_equal(hj212_number(f.value, &v), 0);
			assert_true(v == (double)(i + 1));
			assert_string_equal(hj212_suffix_name(f.suf), names[i]);
		}
	}
	assert_int_equal(hj212_cp_next(&it, &f, &e), 0);
}

static void numbers_and_times(void **state)
{
	static const char *const bad[] = { "", "-", ".", "1e", "abc", "1,2",
		"nan", "inf", "0x10", " 1", "1 ", "1e999" };
	struct hj212_str s;
	char out[20];
	double v;

	(void)state;
	s.p = "-12.50";
	s.n = 6;
	assert_int_equal(hj212_number(s, &v), 0);
	assert_true(v == -12.5);
	s.p = "1.5e3";
	s.n = 5;
	assert_int_equal(hj212_number(s, &v), 0);
	assert_true(v == 1500);
	/* the fast path agrees with strtod, bit for bit */
	for (unsigned i = 0; i < 20000; i++) {
		char buf[40];
		double want;

		snprintf(buf, sizeof(buf), "%s%u.%0*u", i & 1 ? "-" : "",
			 i * 7919u % 100000u, (int)(i % 9) + 1, i * 104729u % 1000000000u);
		want = strtod(buf, NULL);
		s.p = buf;
		s.n = strlen(buf);
		assert_int_equal(hj212_number(s, &v), 0);
		assert_memory_equal(&v, &want, sizeof(v));
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		s.p = bad[i];
		s.n = strlen(bad[i]);
		assert_int_equal(hj212_number(s, &v), -1);
	}
	s.p = "20240229235959";
	s.n = 14;
	assert_int_equal(hj212_datatime(s, out), 0);
	assert_string_equal(out, "2024-02-29 23:59:59");
	s.p = "20230229000000";
	assert_int_equal(hj212_datatime(s, out), -1);
	s.p = "20240301240000";
	assert_int_equal(hj212_datatime(s, out), -1);
	s.p = "2024030109000";
	s.n = 13;
	assert_int_equal(hj212_datatime(s, out), -1);
}

static void versions_and_2005(void **state)
{
	char line[400];
	struct hj212_packet p;
	struct hj212_error e;
	struct hj212_str c;

	(void)state;
	/* 2005: no QN, no Flag */
	frame_ok(line, sizeof(line),
		 "ST=32;CN=2061;PW=123456;MN=MN00007;CP=&&DataTime=20240301090000;"
		 "02-Avg=11.0,02-Flag=N;011-Avg=40&&");
	assert_int_equal(parse(line, &p, &e), 0);
	assert_int_equal(p.has_flag, 0);
	assert_int_equal(p.version, 0);
	assert_null(p.qn.p);
	assert_true(str_eq(p.datatime, "20240301090000"));
	c.p = "02";
	c.n = 2;
	assert_string_equal(hj212_code_2005(c), "a21026");
	c.p = "03";
	assert_string_equal(hj212_code_2005(c), "a21002");
	c.p = "01";
	assert_string_equal(hj212_code_2005(c), "a34013");
	c.p = "011";
	c.n = 3;
	assert_string_equal(hj212_code_2005(c), "w01018");
	c.p = "060";
	assert_string_equal(hj212_code_2005(c), "w21003");
	c.p = "999";
	assert_null(hj212_code_2005(c));
	/* Flag versions 0, 1 and 8 (2025) accepted; 2 refused */
	{
		static const unsigned flags[] = { 0, 1, 4, 5, 32, 33 };
		static const unsigned versions[] = { 0, 0, 1, 1, 8, 8 };

		for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
			char seg[200];

			snprintf(seg, sizeof(seg),
				 "QN=1700000000123;ST=31;CN=2061;PW=1;MN=ABCDEFG;Flag=%u;"
				 "CP=&&DataTime=20240301090000;a21026-Avg=1&&", flags[i]);
			frame_ok(line, sizeof(line), seg);
			assert_int_equal(parse(line, &p, &e), 0);
			assert_int_equal(p.version, versions[i]);
			assert_int_equal(p.flag_value & 1, flags[i] & 1);
		}
	}
	/* Flag=8: version bits 2, unknown: read as 2017, marked (issue 12) */
	frame_ok(line, sizeof(line),
		 "ST=31;CN=2061;PW=1;MN=ABCDEFG;Flag=8;CP=&&a=1&&");
	assert_int_equal(parse(line, &p, &e), 0);
	assert_int_equal(p.version, 2);
	assert_int_equal(p.tolerated, HJ212_TOL_FLAG_VERSION);
	frame_ok(line, sizeof(line),
		 "ST=31;CN=2061;PW=1;MN=ABCDEFG;Flag=256;CP=&&a=1&&");
	assert_int_equal(parse(line, &p, &e), -1);
	assert_string_equal(e.field, "Flag");
}

/* Real variants read anyway (issue 12): 17-digit DataTime, blanks around
 * CP fields; ambiguous ones still refused. */
static void tolerated_variants(void **state)
{
	char line[512], out[20];
	struct hj212_packet p;
	struct hj212_error e;
	struct hj212_str it;
	struct hj212_field f;

	(void)state;
	frame_ok(line, sizeof(line),
		 "QN=20210305003817000;ST=22;CN=2061;PW=123456;MN=ABCDEFG;Flag=4;"
		 "CP=&&DataTime=20210305003817000;a21026-Avg=1&&");
	assert_int_equal(parse(line, &p, &e), 0);
	assert_int_equal(p.tolerated, HJ212_TOL_DATATIME_MS);
	assert_int_equal(hj212_datatime(p.datatime, out), 0);
	assert_string_equal(out, "2021-03-05 00:38:17");
	frame_ok(line, sizeof(line),
		 "QN=20160801085857223;ST=23;CN=2011;PW=123456;"
		 "MN=010000A8900016F000169DC0;Flag=5;"
		 "CP=&&DataTime=20160801085857; LA-Rtd=50.1&&");
	assert_int_equal(parse(line, &p, &e), 0);
	it = p.cp;
	assert_int_equal(hj212_cp_next(&it, &f, &e), 1);
	assert_int_equal(hj212_cp_next(&it, &f, &e), 1);
	assert_int_equal(f.code.n, 2);
	assert_memory_equal(f.code.p, "LA", 2);
	assert_int_equal(f.suf, HJ212_SUF_RTD);
	assert_int_equal(f.blanks, 1);
	assert_int_equal(hj212_cp_next(&it, &f, &e), 0);
	/* 12, 15, 16 and 18 digits: which digits mean what is a guess */
	{
		static const char *const bad[] = { "202103050038", "202103050038171",
			"2021030500381700", "202103050038170000" };

		for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
			struct hj212_str s = { bad[i], strlen(bad[i]) };

			assert_int_equal(hj212_datatime(s, out), -1);
		}
	}
}

static void framing_errors(void **state)
{
	static const struct {
		const char *line, *field, *reason;
	} cases[] = {
		{ "hello", NULL, "no packet header" },
		{ "##01", "LLLL", "too short" },
		{ "##0x01abcdefgh", "LLLL", "not 4 digits" },
		{ "##0009abcde1234", "LLLL", "length field says 9, data segment has 5 bytes" },
		{ "##0001aZZZZ", "CRC", "not 4 hex" },
	};
	struct hj212_packet p;
	struct hj212_error e;
	char line[300];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(parse(cases[i].line, &p, &e), -1);
		if (cases[i].field)
			assert_string_equal(e.field, cases[i].field);
		else
			assert_null(e.field);
		if (cases[i].reason)
			assert_non_null(strstr(e.reason, cases[i].reason));
	}
	frame_ok(line, sizeof(line), "QN=1;CN=2061;MN=A;Flag=4;PNUM=2;CP=&&x=1&&");
	assert_int_equal(parse(line, &p, &e), 0); /* PNUM without bit 1: ignored */
	frame_ok(line, sizeof(line), "QN=1;CN=2061;MN=A;Flag=6;PNUM=2;PNO=3;CP=&&x=1&&");
	assert_int_equal(parse(line, &p, &e), -1);
	assert_string_equal(e.field, "PNO");
	frame_ok(line, sizeof(line), "QN=1;CN=2061;MN=A;MN=B;CP=&&x=1&&");
	assert_int_equal(parse(line, &p, &e), -1);
	assert_string_equal(e.reason, "header field repeated");
	frame_ok(line, sizeof(line), "QN=1;CN=2061;MN=A;CP=&&x=1&");
	assert_int_equal(parse(line, &p, &e), -1);
	assert_string_equal(e.field, "CP");
	/* a receive stamp is kept, trimmed */
	{
		char stamped[400];

		frame_ok(line, sizeof(line), "CN=2011;MN=A;CP=&&DataTime=20240101000000&&");
		snprintf(stamped, sizeof(stamped), "  2024-01-01 00:00:01\t%s", line);
		assert_int_equal(parse(stamped, &p, &e), 0);
		assert_true(str_eq(p.stamp, "2024-01-01 00:00:01"));
	}
}

static void long_segment(void **state)
{
	struct strbuf seg = STRBUF_INIT;
	char *line;
	struct hj212_packet p;
	struct hj212_error e;

	(void)state;
	strbuf_addstr(&seg, "QN=1;ST=31;CN=2061;PW=1;MN=1234567890ABCDEFG;Flag=4;"
			    "CP=&&DataTime=20240301090000");
	for (int i = 0; i < 100; i++)
		strbuf_addf(&seg, ";a%05d-Avg=%d.5,a%05d-Flag=N", i, i, i);
	strbuf_addstr(&seg, "&&");
	assert_true(seg.len > 1024 && seg.len < 9999);
	line = xmalloc(seg.len + 20);
	frame_ok(line, seg.len + 20, seg.buf);
	assert_int_equal(parse(line, &p, &e), 0);
	assert_int_equal(p.length, seg.len);
	assert_int_equal(p.mn.n, 17);
	free(line);
	strbuf_release(&seg);
}

static void split_join(void **state)
{
	struct hj212_join *j = hj212_join_new(2, 1 << 16);
	char l1[300], l2[300], l3[300], other[300];
	struct hj212_packet p;
	struct hj212_error e;
	struct hj212_group *g;

	(void)state;
	frame_ok(l1, sizeof(l1), "QN=1;CN=2061;MN=M1;Flag=6;PNUM=3;PNO=1;"
				  "CP=&&DataTime=20240301090000;a21026-Avg=1&&");
	frame_ok(l2, sizeof(l2), "QN=1;CN=2061;MN=M1;Flag=6;PNUM=3;PNO=2;"
				  "CP=&&DataTime=20240301090000;a21002-Avg=2&&");
	frame_ok(l3, sizeof(l3), "QN=1;CN=2061;MN=M1;Flag=6;PNUM=3;PNO=3;"
				  "CP=&&DataTime=20240301090000;a34013-Avg=3&&");
	frame_ok(other, sizeof(other), "QN=1;CN=2061;MN=M2;Flag=6;PNUM=2;PNO=1;"
					"CP=&&DataTime=20240301090000;a21026-Avg=1&&");
	assert_int_equal(parse(l3, &p, &e), 0);
	assert_int_equal(p.split, 1);
	assert_int_equal(p.pnum_value, 3);
	assert_int_equal(p.pno_value, 3);
	assert_int_equal(hj212_join_add(j, &p, l3, strlen(l3), 1, &g), HJ212_JOIN_PENDING);
	assert_int_equal(parse(other, &p, &e), 0);
	assert_int_equal(hj212_join_add(j, &p, other, strlen(other), 2, &g), HJ212_JOIN_PENDING);
	assert_int_equal(parse(l1, &p, &e), 0);
	assert_int_equal(hj212_join_add(j, &p, l1, strlen(l1), 3, &g), HJ212_JOIN_PENDING);
	assert_int_equal(hj212_join_add(j, &p, l1, strlen(l1), 4, &g), HJ212_JOIN_REPEAT);
	assert_int_equal(g->parts[0].lineno, 3);
	assert_int_equal(parse(l2, &p, &e), 0);
	assert_int_equal(hj212_join_add(j, &p, l2, strlen(l2), 5, &g), HJ212_JOIN_COMPLETE);
	assert_int_equal(g->have, 3);
	assert_int_equal(g->parts[0].lineno, 3);
	assert_int_equal(g->parts[1].lineno, 5);
	assert_int_equal(g->parts[2].lineno, 1);
	assert_memory_equal(g->parts[1].line, l2, strlen(l2));
	hj212_join_release(j, g);
	/* two groups max: a third one is FULL until the oldest is evicted */
	assert_int_equal(parse(l1, &p, &e), 0);
	assert_int_equal(hj212_join_add(j, &p, l1, strlen(l1), 6, &g), HJ212_JOIN_PENDING);
	frame_ok(l3, sizeof(l3), "QN=1;CN=2061;MN=M3;Flag=6;PNUM=2;PNO=1;"
				  "CP=&&DataTime=20240301090000;a21026-Avg=1&&");
	assert_int_equal(parse(l3, &p, &e), 0);
	assert_int_equal(hj212_join_add(j, &p, l3, strlen(l3), 7, &g), HJ212_JOIN_FULL);
	g = hj212_join_oldest(j);
	assert_non_null(g);
	assert_int_equal(g->parts[0].lineno, 2); /* M2, the oldest */
	hj212_join_release(j, g);
	assert_int_equal(hj212_join_add(j, &p, l3, strlen(l3), 7, &g), HJ212_JOIN_PENDING);
	hj212_join_free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crc_vectors),
		cmocka_unit_test(worked_example),
		cmocka_unit_test(crc_variants_detected),
		cmocka_unit_test(every_suffix),
		cmocka_unit_test(numbers_and_times),
		cmocka_unit_test(versions_and_2005),
		cmocka_unit_test(framing_errors),
		cmocka_unit_test(tolerated_variants),
		cmocka_unit_test(long_segment),
		cmocka_unit_test(split_join),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
