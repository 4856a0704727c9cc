#ifndef VERIFY_INT_H
#define VERIFY_INT_H

#include "core/crypto.h"
#include "core/date.h"

/* Private to exporters/verify*.c: the state's rows. */
struct state_row {
	char channel[32];
	long long sequence;
	char sha256[SHA256_HEX_SIZE];
	char date[DATE_TEXT_SIZE];
};

struct verify_state {
	struct state_row *rows;
	size_t nr, alloc;
	int dirty;
	int lock_fd; /* held flock on FILE.lock, or -1 */
};

struct state_row *verify_state_find(struct verify_state *s, const char *channel);
void verify_state_accept(struct verify_state *s, const char *channel,
			 long long sequence, const char *sha256, const char *date);

#endif
