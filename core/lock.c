#include "core/common.h"
#include "core/lock.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

struct lock {
	int fd;
	char *path;
};

/*
 * The lock belongs to the database file, not to the path it was named by:
 * "<real path>.lock", where the real path resolves every symbolic link (of
 * the file and of its folders). `--db alias.db`, a symlink to ecredit.db,
 * and `--db ./sub/../ecredit.db` all lock ecredit.db.lock. A database not
 * created yet (init) resolves its folder and keeps its own name.
 */
static void lock_path(const char *db_path, struct strbuf *out)
{
	char *real = realpath(db_path, NULL);

	if (!real) {
		const char *slash = strrchr(db_path, '/');
		struct strbuf dir = STRBUF_INIT;
		char *rdir;

		if (slash)
			strbuf_add(&dir, db_path, (size_t)(slash - db_path + 1));
		else
			strbuf_addstr(&dir, ".");
		rdir = realpath(dir.buf, NULL);
		if (rdir)
			strbuf_addf(out, "%s/%s.lock", rdir,
				    slash ? slash + 1 : db_path);
		else
			strbuf_addf(out, "%s.lock", db_path);
		free(rdir);
		strbuf_release(&dir);
		return;
	}
	strbuf_addf(out, "%s.lock", real);
	free(real);
}

int lock_acquire(const char *db_path, struct lock **out, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT;
	char pid[32];
	int fd, n;

	*out = NULL;
	lock_path(db_path, &path);
	fd = open(path.buf, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		int rc = ec_errno(err, "cannot open lock file", path.buf);

		strbuf_release(&path);
		return rc == EC_NOINPUT ? EC_IO : rc;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;
		char holder[32] = "";

		n = (int)pread(fd, holder, sizeof(holder) - 1, 0);
		holder[n > 0 ? n : 0] = '\0';
		holder[strcspn(holder, "\n")] = '\0';
		close(fd);
		if (e == EWOULDBLOCK)
			ec_error(err, EC_TEMPFAIL,
				 "database '%s' is locked by another run (pid %s); "
				 "try again later",
				 db_path, *holder ? holder : "unknown");
		else
			ec_error(err, EC_IO, "cannot lock '%s': %s", path.buf,
				 strerror(e));
		strbuf_release(&path);
		return e == EWOULDBLOCK ? EC_TEMPFAIL : EC_IO;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		/* The lock holds without the pid; only the message suffers. */
	}
	*out = xmalloc(sizeof(**out));
	(*out)->fd = fd;
	(*out)->path = strbuf_detach(&path, NULL);
	return 0;
}

void lock_release(struct lock *lk)
{
	if (!lk)
		return;
	close(lk->fd); /* releases the flock */
	free(lk->path);
	free(lk);
}

/*
 * /proc/locks lines look like
 *   1: FLOCK  ADVISORY  WRITE 4242 08:01:1234567 0 EOF
 * (a waiting request has "->" after the number): match the lock file's
 * device and inode.
 */
int lock_holder(const char *db_path, long *pid)
{
	struct strbuf path = STRBUF_INIT;
	struct stat st;
	char line[256];
	FILE *f;
	int found = 0;

	*pid = 0;
	strbuf_addf(&path, "%s.lock", db_path);
	if (stat(path.buf, &st) < 0) {
		strbuf_release(&path);
		return 0; /* never locked since the file would exist */
	}
	strbuf_release(&path);
	f = fopen("/proc/locks", "r");
	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned int maj, min;
		unsigned long long ino;
		char kind[16], mode[16], rw[16];
		long p;

		if (strstr(line, "->"))
			continue;
		if (sscanf(line, "%*d: %15s %15s %15s %ld %x:%x:%llu", kind, mode, rw,
			   &p, &maj, &min, &ino) != 7 || strcmp(kind, "FLOCK"))
			continue;
		if (ino == (unsigned long long)st.st_ino &&
		    makedev(maj, min) == st.st_dev) {
			*pid = p;
			found = 1;
		}
	}
	fclose(f);
	return found;
}
