#include "core/common.h"
#include "cmd/cli.h"
#include "core/i18n.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * Progress within a file, for `import` and `nightly` on a terminal: bytes
 * read of the file's size, records so far and per second, and the time
 * left. The importer's counts come from its progress hook; the bytes read
 * are the position of the file's descriptor in /proc/self/fdinfo (the
 * compressed position for a .gz log), so the importers need not report it.
 */
struct watch {
	char *path;     /* the file being imported */
	int fd;         /* its descriptor, -1 until found */
	long long size; /* bytes, 0 when unknown (a pipe) */
	double t0, last;
};

static struct watch w = { NULL, -1, 0, 0, 0 };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The descriptor open on path (same device and inode). */
static int find_fd(const char *path)
{
	struct stat want, st;
	struct dirent *de;
	DIR *d;
	int found = -1;

	if (!strcmp(path, "-"))
		return 0;
	if (stat(path, &want) < 0 || !(d = opendir("/proc/self/fd")))
		return -1;
	while (found < 0 && (de = readdir(d)) != NULL) {
		int fd = (int)strtol(de->d_name, NULL, 10);

		if (de->d_name[0] < '0' || de->d_name[0] > '9' || fd == dirfd(d))
			continue;
		if (fstat(fd, &st) == 0 && st.st_dev == want.st_dev &&
		    st.st_ino == want.st_ino)
			found = fd;
	}
	closedir(d);
	return found;
}

static long long fd_pos(int fd)
{
	char path[64], line[128];
	long long pos = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "pos: %lld", &pos) == 1)
			break;
	fclose(f);
	return pos;
}

static void human(long long bytes, char out[32])
{
	if (bytes >= 10LL << 20)
		snprintf(out, 32, "%.0f MB", (double)bytes / 1048576.0);
	else if (bytes >= 1LL << 20)
		snprintf(out, 32, "%.1f MB", (double)bytes / 1048576.0);
	else
		snprintf(out, 32, "%.0f kB", (double)bytes / 1024.0);
}

void cli_import_progress(void *data, const char *path,
			 const struct import_counts *sofar)
{
	const struct cli *cli = data;
	struct strbuf line = STRBUF_INIT;
	double t = now(), el, rate;
	long long pos;
	const char *base;
	struct stat st;

	if (cli->verbosity < 0 || !cli_tty())
		return;
	if (!w.path || strcmp(w.path, path)) {
		free(w.path);
		w.path = xstrdup(path);
		w.fd = -1;
		w.size = strcmp(path, "-") ? (stat(path, &st) == 0 ? st.st_size : 0)
					   : (fstat(0, &st) == 0 && S_ISREG(st.st_mode) ?
					      st.st_size : 0);
		w.t0 = t;
		w.last = t;
		return;
	}
	if (t - w.last < 0.25)
		return;
	w.last = t;
	if (w.fd < 0)
		w.fd = find_fd(path);
	pos = w.fd >= 0 ? fd_pos(w.fd) : -1;
	el = t - w.t0;
	rate = el > 0 ? (double)sofar->read / el : 0;
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	strbuf_addf(&line, "%s: ", strcmp(path, "-") ? base : "(stdin)");
	if (pos >= 0 && w.size > 0 && pos <= w.size) {
		char a[32], b[32];

		human(pos, a);
		human(w.size, b);
		strbuf_addf(&line, _("%s of %s (%d%%), "), a, b,
			    (int)(100.0 * (double)pos / (double)w.size));
	}
	strbuf_addf(&line, _("%lld records, %.0f records/s"), sofar->read, rate);
	if (pos > 0 && w.size > pos && el > 1) {
		double eta = el * (double)(w.size - pos) / (double)pos;

		strbuf_addf(&line, _(", ETA %dm%02ds"), (int)eta / 60, (int)eta % 60);
	}
	cli_progress(line.buf);
	strbuf_release(&line);
}
