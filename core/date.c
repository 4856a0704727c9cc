#include "core/common.h"
#include "core/date.h"

#include <time.h>

/* Howard Hinnant's days_from_civil / civil_from_days. */
int date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(int days, int *y, int *m, int *d)
{
	int z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

int date_days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

int date_valid_ymd(int y, int m, int d)
{
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_days_in_month(y, m);
}

int date_time_at(const char *s, const unsigned char at[6], long long *secs)
{
#define N2(i) ((s[i] - '0') * 10 + (s[(i) + 1] - '0'))
	int y = N2(at[0]) * 100 + N2(at[0] + 2), mo = N2(at[1]), d = N2(at[2]),
	    h = N2(at[3]), mi = N2(at[4]), se = N2(at[5]);
#undef N2

	if (!date_valid_ymd(y, mo, d) || h > 23 || mi > 59 || se > 59)
		return -1;
	*secs = (long long)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int date_parse(const char *s, int *days)
{
	int y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	if (!date_valid_ymd(y, m, d))
		return -1;
	*days = date_from_ymd(y, m, d);
	return 0;
}

static char *put_digits(char *p, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

int date_in_range(int days)
{
	return days >= date_from_ymd(1900, 1, 1) &&
	       days <= date_from_ymd(9999, 12, 31);
}

int date_format(int days, char out[DATE_TEXT_SIZE])
{
	int y, m, d;
	char *p = out;

	if (!date_in_range(days)) {
		memcpy(out, "0000-00-00", DATE_TEXT_SIZE);
		return -1;
	}
	date_to_ymd(days, &y, &m, &d);
	p = put_digits(p, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	*p = '\0';
	return 0;
}

int date_add_months(int days, int n)
{
	int y, m, d, idx, dim;

	date_to_ymd(days, &y, &m, &d);
	idx = y * 12 + (m - 1) + n;
	y = idx / 12;
	m = idx % 12 + 1;
	dim = date_days_in_month(y, m);
	if (d > dim)
		d = dim;
	return date_from_ymd(y, m, d);
}

int date_from_unix_shanghai(int64_t t)
{
	int64_t local = t + 8 * 3600;
	int64_t days = local / 86400;

	if (local % 86400 < 0)
		days--;
	return (int)days;
}

int date_today_shanghai(void)
{
	return date_from_unix_shanghai((int64_t)time(NULL));
}

int date_yesterday_shanghai(void)
{
	return date_from_unix_shanghai((int64_t)time(NULL)) - 1;
}

void date_now_stamp(char out[DATE_STAMP_SIZE])
{
	int64_t t = (int64_t)time(NULL);
	int64_t secs = t % 86400;
	int y = 0, m = 0, d = 0;

	if (secs < 0)
		secs += 86400;
	char *p;

	(void)y, (void)m, (void)d;
	date_format((int)((t - secs) / 86400), out);
	p = out + 10;
	*p++ = 'T';
	p = put_digits(p, (int)(secs / 3600), 2);
	*p++ = ':';
	p = put_digits(p, (int)(secs / 60 % 60), 2);
	*p++ = ':';
	p = put_digits(p, (int)(secs % 60), 2);
	*p++ = 'Z';
	*p = '\0';
}
