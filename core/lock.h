#ifndef LOCK_H
#define LOCK_H

#include "core/strbuf.h"

/*
 * The writer's lock: flock(2) on "<database's real path>.lock" (every
 * symbolic link resolved, so any path to the same file gets the same
 * lock). Every command that writes the database holds it for its whole
 * run; a second writer fails at
 * once with EC_TEMPFAIL (exit 75) and a message naming the holder's pid.
 * The kernel drops the lock when the holder dies, so a killed run never
 * leaves a stale lock behind.
 */
struct lock;

int lock_acquire(const char *db_path, struct lock **out, struct strbuf *err);
void lock_release(struct lock *lk);
/* Who holds the writer's lock of db_path, without taking it (a reader
 * must never make a writer fail): 1 and *pid when held, 0 when free, -1
 * when it cannot be told (no /proc/locks). */
int lock_holder(const char *db_path, long *pid);

#endif
