#include "core/common.h"
#include "core/date.h"
#include "exporters/verify.h"
#include "exporters/verify_int.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The consumer's state file: one line per channel,
 *   <channel> <sequence> <release sha256> <business date>
 * '#' lines are comments. One verifier at a time reads, checks and saves
 * it: verify_state_open holds an flock on FILE.lock (a file that is never
 * renamed, so every process locks the same inode) until verify_state_free.
 * Saved atomically: a temporary file beside it, fsync, rename, fsync of
 * the folder.
 */
void verify_state_free(struct verify_state *s)
{
	if (!s)
		return;
	if (s->lock_fd >= 0)
		close(s->lock_fd); /* releases the flock */
	free(s->rows);
	free(s);
}

static int state_read(const char *path, struct verify_state *s,
		      struct strbuf *err)
{
	char line[512];
	FILE *f = fopen(path, "r");
	int lineno = 0, rc = 0;

	if (!f)
		return errno == ENOENT ? 0 : ec_errno(err, "cannot read state", path);
	while (fgets(line, sizeof(line), f)) {
		struct state_row r;
		char seq[32] = "", extra[2];
		int n, days;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		memset(&r, 0, sizeof(r));
		n = sscanf(line, "%31s %31s %64s %10s %1s", r.channel, seq, r.sha256,
			   r.date, extra);
		r.sequence = strtoll(seq, NULL, 10);
		if (n != 4 || r.sequence < 1 || strlen(r.sha256) != 64 ||
		    date_parse(r.date, &days)) {
			rc = ec_error(err, EC_DATA, "%s:%d: bad state line", path, lineno);
			break;
		}
		ALLOC_GROW(s->rows, s->nr + 1, s->alloc);
		s->rows[s->nr++] = r;
	}
	if (!rc && ferror(f))
		rc = ec_errno(err, "cannot read state", path);
	fclose(f);
	return rc;
}

int verify_state_load(const char *path, struct verify_state **out,
		      struct strbuf *err)
{
	struct verify_state *s = xcalloc(1, sizeof(*s));
	int rc;

	s->lock_fd = -1;
	*out = NULL;
	if ((rc = state_read(path, s, err))) {
		verify_state_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int verify_state_open(const char *path, struct verify_state **out,
		      struct strbuf *err)
{
	struct verify_state *s = xcalloc(1, sizeof(*s));
	struct strbuf lock = STRBUF_INIT;
	int rc = 0, r;

	*out = NULL;
	strbuf_addf(&lock, "%s.lock", path);
	s->lock_fd = open(lock.buf, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (s->lock_fd < 0) {
		rc = ec_errno(err, "cannot open the state's lock", lock.buf);
	} else {
		/* waits for another verifier of the same state to finish */
		while ((r = flock(s->lock_fd, LOCK_EX)) && errno == EINTR)
			;
		if (r)
			rc = ec_errno(err, "cannot lock the state", lock.buf);
	}
	if (!rc)
		rc = state_read(path, s, err);
	strbuf_release(&lock);
	if (rc) {
		verify_state_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

struct state_row *verify_state_find(struct verify_state *s, const char *channel)
{
	for (size_t i = 0; i < s->nr; i++)
		if (!strcmp(s->rows[i].channel, channel))
			return &s->rows[i];
	return NULL;
}

void verify_state_accept(struct verify_state *s, const char *channel,
			 long long sequence, const char *sha256, const char *date)
{
	struct state_row *r = verify_state_find(s, channel);

	if (!r) {
		ALLOC_GROW(s->rows, s->nr + 1, s->alloc);
		r = &s->rows[s->nr++];
		memset(r, 0, sizeof(*r));
		snprintf(r->channel, sizeof(r->channel), "%s", channel);
	}
	r->sequence = sequence;
	snprintf(r->sha256, sizeof(r->sha256), "%s", sha256);
	snprintf(r->date, sizeof(r->date), "%s", date);
	s->dirty = 1;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int verify_state_save(const struct verify_state *s, const char *path,
		      struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT, tmp = STRBUF_INIT, dir = STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	int fd, rc = 0;

	if (!s->dirty)
		return 0;
	strbuf_addstr(&text, "# ecredit verify state: channel sequence "
			     "release-sha256 business-date\n");
	for (size_t i = 0; i < s->nr; i++)
		strbuf_addf(&text, "%s %lld %s %s\n", s->rows[i].channel,
			    s->rows[i].sequence, s->rows[i].sha256, s->rows[i].date);
	strbuf_addf(&tmp, "%s.tmp.XXXXXX", path);
	fd = mkostemp(tmp.buf, O_CLOEXEC);
	if (fd < 0) {
		rc = ec_errno(err, "cannot create a temporary state file", tmp.buf);
		goto out;
	}
	if (fchmod(fd, 0644) || write_all(fd, text.buf, text.len) || fsync(fd)) {
		rc = ec_errno(err, "cannot write state", tmp.buf);
		close(fd);
		unlink(tmp.buf);
		goto out;
	}
	if (close(fd) || rename(tmp.buf, path)) {
		rc = ec_errno(err, "cannot replace state", path);
		unlink(tmp.buf);
		goto out;
	}
	if (slash)
		strbuf_add(&dir, path, (size_t)(slash - path));
	else
		strbuf_addch(&dir, '.');
	fd = open(dir.len ? dir.buf : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd))
		rc = ec_errno(err, "cannot sync the state's folder", dir.buf);
	if (fd >= 0)
		close(fd);
out:
	strbuf_release(&text);
	strbuf_release(&tmp);
	strbuf_release(&dir);
	return rc;
}
