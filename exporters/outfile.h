#ifndef OUTFILE_H
#define OUTFILE_H

#include <stdio.h>

#include "core/strbuf.h"

/*
 * Files that appear atomically (git lockfile.h): written under a hidden
 * temporary name in the destination folder ("dir/.name.XXXXXX", mode 0600
 * until committed), flushed and fsync'ed, then renamed over the final name.
 * A reader of the folder never sees a partial file. outfile_sync_dir makes
 * the renames durable.
 */
struct outfile {
	FILE *f;
	int fd;
	char *tmp;   /* temporary path */
	char *final; /* final path */
};

int outfile_open(const char *dir, const char *name, struct outfile *of,
		 struct strbuf *err);
/* fflush + fsync + close; the file stays under its temporary name. */
int outfile_finish(struct outfile *of, int mode, struct strbuf *err);
/* Rename a finished file to its final name. */
int outfile_rename(struct outfile *of, struct strbuf *err);
/* Rename a finished file to its final name only if that name is free
 * (renameat2 RENAME_NOREPLACE; link + unlink where the file system lacks
 * it): a published file is never replaced (EC_DATA when it exists). */
int outfile_rename_noreplace(struct outfile *of, struct strbuf *err);
/* Remove the temporary file (if any) and free; NULL-safe, idempotent. */
void outfile_abort(struct outfile *of);
/* Write data to dir/name atomically with mode (refuses to replace an
 * existing file when exclusive). */
int outfile_write(const char *dir, const char *name, const void *data,
		  size_t len, int mode, int exclusive, struct strbuf *err);
int outfile_sync_dir(const char *dir, struct strbuf *err);

#endif
