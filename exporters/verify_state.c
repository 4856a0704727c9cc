#include "core/common.h"
#include "core/date.h"
#include "exporters/outfile.h"
#include "exporters/verify.h"
#include "exporters/verify_int.h"

/*
 * The consumer's state file: one line per channel,
 *   <channel> <sequence> <release sha256> <business date>
 * '#' lines are comments. Saved atomically.
 */
void verify_state_free(struct verify_state *s)
{
	if (!s)
		return;
	free(s->rows);
	free(s);
}

int verify_state_load(const char *path, struct verify_state **out,
		      struct strbuf *err)
{
	struct verify_state *s = xcalloc(1, sizeof(*s));
	char line[512];
	FILE *f = fopen(path, "r");
	int lineno = 0, rc = 0;

	*out = NULL;
	if (!f) {
		if (errno == ENOENT) {
			*out = s;
			return 0;
		}
		verify_state_free(s);
		return ec_errno(err, "cannot read state", path);
	}
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

int verify_state_save(const struct verify_state *s, const char *path,
		      struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT, dir = STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	int rc;

	if (!s->dirty)
		return 0;
	strbuf_addstr(&text, "# ecredit verify state: channel sequence "
			     "release-sha256 business-date\n");
	for (size_t i = 0; i < s->nr; i++)
		strbuf_addf(&text, "%s %lld %s %s\n", s->rows[i].channel,
			    s->rows[i].sequence, s->rows[i].sha256, s->rows[i].date);
	if (slash)
		strbuf_add(&dir, path, (size_t)(slash - path));
	else
		strbuf_addch(&dir, '.');
	rc = outfile_write(dir.len ? dir.buf : "/", slash ? slash + 1 : path,
			   text.buf, text.len, 0644, 0, err);
	strbuf_release(&text);
	strbuf_release(&dir);
	return rc;
}
