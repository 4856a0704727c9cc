/*
 * An LD_PRELOAD shim that makes chosen system calls fail (SQLite's
 * fault-injection testing, done from outside the binary):
 *
 *   ECREDIT_FAULT="CLASS:N[+]:ACTION[,CLASS:N[+]:ACTION...]"
 *
 * CLASS   write  (write, pwrite, pwrite64 on fds > 2)
 *         fsync  (fsync, fdatasync)
 *         rename (rename, renameat, renameat2)
 * N       the Nth call of that class (from 1) is hit; "N+" hits the Nth
 *         and every later one (a disk that stays full)
 * ACTION  ENOSPC | EIO      the call fails with that errno, doing nothing
 *         KILL              SIGKILL before the call
 *         KILLAFTER         SIGKILL right after the call succeeded
 *         SLEEP             sleep ECREDIT_FAULT_SLEEP_MS (1500) first
 *
 * ECREDIT_FAULT_COUNT=FILE appends "write N fsync N rename N" at exit, so a
 * test can learn how many calls a clean run makes and aim inside it.
 * Built by `make tests-build` as $(B)/tests/faultinject.so; only tests use
 * it. It deliberately uses no project code.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int renameat2(int fd1, const char *from, int fd2, const char *to,
	      unsigned flags);

enum { C_WRITE, C_FSYNC, C_RENAME, C_NR };
enum { A_NONE, A_ERRNO, A_KILL, A_KILLAFTER, A_SLEEP };

struct fault {
	int cls;
	long n;
	int from_on;
	int action;
	int err;
};

static const char *const class_names[C_NR] = { "write", "fsync", "rename" };
static struct fault faults[8];
static int nfaults = -1;
static long counts[C_NR];

static void parse(void)
{
	const char *s = getenv("ECREDIT_FAULT");
	char buf[256], *save = NULL, *tok;

	nfaults = 0;
	if (!s || !*s)
		return;
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok && nfaults < 8;
	     tok = strtok_r(NULL, ",", &save)) {
		struct fault f = { 0 };
		char *c1 = strchr(tok, ':'), *c2, *end;

		if (!c1 || !(c2 = strchr(c1 + 1, ':')))
			continue;
		*c1 = *c2 = '\0';
		for (f.cls = 0; f.cls < C_NR; f.cls++)
			if (!strcmp(tok, class_names[f.cls]))
				break;
		if (f.cls == C_NR)
			continue;
		f.n = strtol(c1 + 1, &end, 10);
		f.from_on = *end == '+';
		if (!strcmp(c2 + 1, "ENOSPC"))
			f.action = A_ERRNO, f.err = ENOSPC;
		else if (!strcmp(c2 + 1, "EIO"))
			f.action = A_ERRNO, f.err = EIO;
		else if (!strcmp(c2 + 1, "KILL"))
			f.action = A_KILL;
		else if (!strcmp(c2 + 1, "KILLAFTER"))
			f.action = A_KILLAFTER;
		else if (!strcmp(c2 + 1, "SLEEP"))
			f.action = A_SLEEP;
		else
			continue;
		faults[nfaults++] = f;
	}
}

/* Count a call of cls; the action due now (A_NONE when none). */
static int hit(int cls, int *err)
{
	long n;

	if (nfaults < 0)
		parse();
	n = ++counts[cls];
	for (int i = 0; i < nfaults; i++) {
		const struct fault *f = &faults[i];

		if (f->cls != cls || !(n == f->n || (f->from_on && n > f->n)))
			continue;
		if (f->action == A_KILL)
			kill(getpid(), SIGKILL);
		if (f->action == A_SLEEP) {
			const char *ms = getenv("ECREDIT_FAULT_SLEEP_MS");
			long v = ms ? strtol(ms, NULL, 10) : 1500;
			struct timespec ts = { v / 1000, (v % 1000) * 1000000L };

			nanosleep(&ts, NULL);
			return A_NONE;
		}
		*err = f->err;
		return f->action;
	}
	return A_NONE;
}

static void after(int action)
{
	if (action == A_KILLAFTER)
		kill(getpid(), SIGKILL);
}

#define REAL(name) \
	static __typeof__(&name) real_##name; \
	if (!real_##name) \
		real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

#define FAULT(cls, fail_value)          \
	int e = 0, a = hit(cls, &e);    \
	if (a == A_ERRNO) {             \
		errno = e;              \
		return fail_value;      \
	}

ssize_t write(int fd, const void *buf, size_t len)
{
	REAL(write);
	if (fd <= 2)
		return real_write(fd, buf, len);
	FAULT(C_WRITE, -1);
	ssize_t r = real_write(fd, buf, len);
	after(a);
	return r;
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	REAL(pwrite);
	FAULT(C_WRITE, -1);
	ssize_t r = real_pwrite(fd, buf, len, off);
	after(a);
	return r;
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off_t off)
{
	REAL(pwrite64);
	FAULT(C_WRITE, -1);
	ssize_t r = real_pwrite64(fd, buf, len, off);
	after(a);
	return r;
}

int fsync(int fd)
{
	REAL(fsync);
	FAULT(C_FSYNC, -1);
	int r = real_fsync(fd);
	after(a);
	return r;
}

int fdatasync(int fd)
{
	REAL(fdatasync);
	FAULT(C_FSYNC, -1);
	int r = real_fdatasync(fd);
	after(a);
	return r;
}

int rename(const char *from, const char *to)
{
	REAL(rename);
	FAULT(C_RENAME, -1);
	int r = real_rename(from, to);
	after(a);
	return r;
}

int renameat(int fd1, const char *from, int fd2, const char *to)
{
	REAL(renameat);
	FAULT(C_RENAME, -1);
	int r = real_renameat(fd1, from, fd2, to);
	after(a);
	return r;
}

int renameat2(int fd1, const char *from, int fd2, const char *to, unsigned flags)
{
	REAL(renameat2);
	FAULT(C_RENAME, -1);
	int r = real_renameat2(fd1, from, fd2, to, flags);
	after(a);
	return r;
}

__attribute__((destructor)) static void report_counts(void)
{
	const char *path = getenv("ECREDIT_FAULT_COUNT");
	char line[128];
	int fd, n;

	if (!path)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	n = snprintf(line, sizeof(line), "write %ld fsync %ld rename %ld\n",
		     counts[C_WRITE], counts[C_FSYNC], counts[C_RENAME]);
	if (n > 0)
		(void)!syscall(SYS_write, fd, line, (size_t)n);
	close(fd);
}
