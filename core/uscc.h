#ifndef USCC_H
#define USCC_H

/*
 * Unified social credit codes (GB 32100-2015): 18 characters from
 * "0123456789ABCDEFGHJKLMNPQRTUWXY", the last a check character.
 */
#define USCC_LEN 18

/* 1 if s has the right length and alphabet (check character not tested). */
int uscc_well_formed(const char *s);
/* The check character for the first 17 characters, or 0 if any is bad. */
char uscc_check_char(const char *s17);
/* 1 if well formed and the check character is right. */
int uscc_valid(const char *s);

#endif
