#ifndef DATE_H
#define DATE_H

#include <stdint.h>

/*
 * Calendar dates as day numbers (days since 1970-01-01, proleptic
 * Gregorian) and as "YYYY-MM-DD" text. Business dates are Asia/Shanghai
 * calendar days; nothing here consults the C library's time zone.
 */
#define DATE_TEXT_SIZE 11

int date_from_ymd(int y, int m, int d);      /* no validation */
void date_to_ymd(int days, int *y, int *m, int *d);
int date_valid_ymd(int y, int m, int d);
int date_days_in_month(int y, int m);
/* Date and time of day from digits already checked: the year's four at
 * s + at[0], then two each for month, day, hour, minute and second at
 * s + at[1..5]. Wall-clock seconds since 1970-01-01 in *secs and 0, or -1
 * when it is no such moment (date_valid_ymd, 23:59:59). */
int date_time_at(const char *s, const unsigned char at[6], long long *secs);
/* Strict "YYYY-MM-DD" with a year of 1900 to 9999 (four digits: a fifth
 * is refused, never wrapped); 0 on success, -1 otherwise. */
int date_parse(const char *s, int *days);
/* 1 when the day number is a date date_parse accepts (1900-01-01 to
 * 9999-12-31): arithmetic on dates must check its result with this. */
int date_in_range(int days);
/* "YYYY-MM-DD"; a day outside date_in_range is written "0000-00-00" (never
 * a real-looking date) and -1 returned. */
int date_format(int days, char out[DATE_TEXT_SIZE]);
/* Same day n months later (n may be negative), clamped to month end. */
int date_add_months(int days, int n);
/* The Asia/Shanghai calendar day of a Unix time. */
int date_from_unix_shanghai(int64_t t);
/* Yesterday in Asia/Shanghai, from the wall clock: the default business
 * date of `nightly`. The only function here that reads the clock. */
int date_yesterday_shanghai(void);
/* Today in Asia/Shanghai, from the wall clock (the limit on business
 * dates: later than tomorrow needs an explicit option). */
int date_today_shanghai(void);
/* Wall-clock UTC as 'YYYY-MM-DDTHH:MM:SSZ', for ledgers and logs only. */
#define DATE_STAMP_SIZE 21
void date_now_stamp(char out[DATE_STAMP_SIZE]);

#endif
