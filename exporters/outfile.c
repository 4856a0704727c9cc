#include "core/common.h"
#include "exporters/outfile.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int outfile_open(const char *dir, const char *name, struct outfile *of,
		 struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;

	memset(of, 0, sizeof(*of));
	of->fd = -1;
	strbuf_addf(&sb, "%s/%s", dir, name);
	of->final = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "%s/.%s.XXXXXX", dir, name);
	of->tmp = strbuf_detach(&sb, NULL);
	of->fd = mkstemp(of->tmp);
	if (of->fd < 0) {
		int rc = ec_errno(err, "cannot create", of->tmp);

		free(of->tmp);
		of->tmp = NULL;
		outfile_abort(of);
		return rc == EC_NOINPUT ? EC_IO : rc;
	}
	of->f = fdopen(of->fd, "wb");
	if (!of->f) {
		int rc = ec_errno(err, "cannot write", of->tmp);

		outfile_abort(of);
		return rc;
	}
	return 0;
}

int outfile_finish(struct outfile *of, int mode, struct strbuf *err)
{
	int bad = 0;

	if (!of->f)
		return 0;
	if (fflush(of->f) || ferror(of->f) || fchmod(of->fd, (mode_t)mode) ||
	    fsync(of->fd))
		bad = 1;
	if (fclose(of->f))
		bad = 1;
	of->f = NULL;
	of->fd = -1;
	if (bad) {
		ec_errno(err, "cannot write", of->tmp);
		return EC_IO; /* even ENOENT: the file was ours a moment ago */
	}
	return 0;
}

int outfile_rename(struct outfile *of, struct strbuf *err)
{
	if (rename(of->tmp, of->final)) {
		ec_errno(err, "cannot rename into", of->final);
		return EC_IO;
	}
	free(of->tmp);
	of->tmp = NULL;
	return 0;
}

int outfile_rename_noreplace(struct outfile *of, struct strbuf *err)
{
	int rc = renameat2(AT_FDCWD, of->tmp, AT_FDCWD, of->final, RENAME_NOREPLACE);

	if (rc && (errno == EINVAL || errno == ENOSYS)) {
		rc = link(of->tmp, of->final);
		if (!rc)
			unlink(of->tmp);
	}
	if (rc) {
		if (errno == EEXIST)
			return ec_error(err, EC_DATA,
					"'%s' already exists: a published file is never"
					" replaced", of->final);
		ec_errno(err, "cannot rename into", of->final);
		return EC_IO;
	}
	free(of->tmp);
	of->tmp = NULL;
	return 0;
}

void outfile_abort(struct outfile *of)
{
	if (!of)
		return;
	if (of->f)
		fclose(of->f);
	else if (of->fd >= 0)
		close(of->fd);
	if (of->tmp)
		unlink(of->tmp);
	free(of->tmp);
	free(of->final);
	memset(of, 0, sizeof(*of));
	of->fd = -1;
}

int outfile_write(const char *dir, const char *name, const void *data,
		  size_t len, int mode, int exclusive, struct strbuf *err)
{
	struct outfile of;
	int rc;

	if ((rc = outfile_open(dir, name, &of, err)))
		return rc;
	if (exclusive && access(of.final, F_OK) == 0) {
		rc = ec_error(err, EC_IO, "'%s' already exists: not replacing it",
			      of.final);
		goto out;
	}
	if (len && fwrite(data, 1, len, of.f) != len) {
		rc = ec_errno(err, "cannot write", of.tmp);
		goto out;
	}
	if ((rc = outfile_finish(&of, mode, err)) || (rc = outfile_rename(&of, err)))
		goto out;
out:
	outfile_abort(&of);
	return rc;
}

int outfile_sync_dir(const char *dir, struct strbuf *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return ec_errno(err, "cannot open folder", dir);
	if (fsync(fd) && errno != EINVAL)
		rc = ec_errno(err, "cannot sync folder", dir);
	close(fd);
	return rc;
}
