#include "core/common.h"
#include "core/fname.h"
#include "nightly/internal.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

/*
 * The inbox as it is now: which entries it holds (nightly_inbox_scan, for
 * the job, the dry run and status reports), what kind each is, and the
 * job's sorted list of the regular files to import plus the JSON of the
 * entries it will not read. Importing them is inbox.c.
 */
const char *const nightly_kind_names[NIGHTLY_KINDS] = { "permits", "penalties",
							"monitoring", "generation" };
#define kind_names nightly_kind_names

void inbox_list_release(struct inbox_list *l)
{
	for (size_t i = 0; i < l->nr; i++)
		free(l->names[i]);
	free(l->names);
	free(l->mtimes);
	strbuf_release(&l->others);
	memset(l, 0, sizeof(*l));
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

const char *nightly_entry_type(unsigned int mode)
{
	if (S_ISREG(mode))
		return "file";
	if (S_ISLNK(mode))
		return "symbolic link";
	if (S_ISDIR(mode))
		return "folder";
	if (S_ISFIFO(mode))
		return "named pipe (FIFO)";
	if (S_ISSOCK(mode))
		return "socket";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "device";
	return "special file";
}

/* The done/ and rejected/ folders may live inside an inbox: not strays. */
static int is_job_dir(const struct nightly_config *nc, const struct stat *st)
{
	const char *dirs[2] = { nc->done_dir, nc->rejected_dir };
	struct stat d;

	for (int i = 0; i < 2; i++)
		if (dirs[i] && stat(dirs[i], &d) == 0 && d.st_dev == st->st_dev &&
		    d.st_ino == st->st_ino)
			return 1;
	return 0;
}

int nightly_inbox_scan(const struct nightly_config *nc, int kind,
		       nightly_entry_fn fn, void *data, struct strbuf *err)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int rc = 0;

	if (!nc->inbox[kind])
		return 0;
	if (!(d = opendir(nc->inbox[kind])))
		return ec_errno(err, "cannot read inbox", nc->inbox[kind]);
	/* never followed: lstat, so a link is reported as a link */
	while (!rc && (errno = 0, de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.') /* a producer's temp file is '.name' */
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue; /* gone since readdir */
		if (S_ISDIR(st.st_mode) && is_job_dir(nc, &st))
			continue;
		rc = fn(data, kind, de->d_name, &st);
	}
	if (!rc && errno)
		rc = ec_errno(err, "cannot read inbox", nc->inbox[kind]);
	closedir(d);
	return rc;
}

static int list_one(void *data, int kind, const char *name,
		    const struct stat *st)
{
	struct inbox_list *l = data;

	if (!S_ISREG(st->st_mode)) {
		struct strbuf u = STRBUF_INIT;

		fname_utf8(&u, name);
		strbuf_addstr(&l->others, l->nothers++ ? ",{\"kind\":" : "{\"kind\":");
		strbuf_add_json_string(&l->others, kind_names[kind]);
		strbuf_addstr(&l->others, ",\"name\":");
		strbuf_add_json_string(&l->others, u.buf);
		strbuf_addstr(&l->others, ",\"type\":");
		strbuf_add_json_string(&l->others, nightly_entry_type(st->st_mode));
		strbuf_addch(&l->others, '}');
		strbuf_release(&u);
		return 0;
	}
	ALLOC_GROW(l->names, l->nr + 1, l->alloc);
	ALLOC_GROW(l->mtimes, l->nr + 1, l->alloc_m);
	l->names[l->nr] = xstrdup(name);
	l->mtimes[l->nr++] = st->st_mtim.tv_sec;
	l->bytes += st->st_size;
	return 0;
}

/* Regular files of the inbox, sorted by name (mtimes kept in step). */
int list_inbox(const struct nightly_config *nc, int kind,
	       struct inbox_list *l, struct strbuf *err)
{
	int rc = nightly_inbox_scan(nc, kind, list_one, l, err);

	if (rc || l->nr < 2)
		return rc;
	{
		/* sort names, carrying the mtimes: sort indices by name */
		struct pair { char *name; time_t mtime; } *p = xcalloc(l->nr, sizeof(*p));

		for (size_t i = 0; i < l->nr; i++)
			p[i] = (struct pair){ l->names[i], l->mtimes[i] };
		qsort(p, l->nr, sizeof(*p), cmp_names);
		for (size_t i = 0; i < l->nr; i++) {
			l->names[i] = p[i].name;
			l->mtimes[i] = p[i].mtime;
		}
		free(p);
	}
	return 0;
}
