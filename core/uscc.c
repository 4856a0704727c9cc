#include "core/common.h"
#include "core/uscc.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20,
				 29, 25, 13, 8, 24, 10, 30, 28 };

static int value_of(char c)
{
	const char *p;

	if (!c)
		return -1;
	p = strchr(alphabet, c);
	return p ? (int)(p - alphabet) : -1;
}

int uscc_well_formed(const char *s)
{
	if (!s || strlen(s) != USCC_LEN)
		return 0;
	for (int i = 0; i < USCC_LEN; i++)
		if (value_of(s[i]) < 0)
			return 0;
	return 1;
}

char uscc_check_char(const char *s17)
{
	int sum = 0, c;

	for (int i = 0; i < 17; i++) {
		int v = value_of(s17[i]);

		if (v < 0)
			return 0;
		sum += v * weights[i];
	}
	c = 31 - sum % 31;
	if (c == 31)
		c = 0;
	return alphabet[c];
}

int uscc_valid(const char *s)
{
	return uscc_well_formed(s) && uscc_check_char(s) == s[17];
}
