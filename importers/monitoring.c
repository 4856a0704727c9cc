#include "core/common.h"
#include "core/archive.h"
#include "importers/csv.h"
#include "importers/hj212.h"
#include "importers/importer.h"
#include "importers/monitoring_int.h"

#include <sys/stat.h>
#include <time.h>

/*
 * HJ 212 packet logs (docs/importers-monitoring.md): one record = one non-blank line = one
 * packet; its position is "packet N" where N is the line number in the
 * file (blank lines are skipped but counted in N). Hourly (CN 2061) and
 * daily (CN 2031) values are stored in `monitoring`, one row per MN, CN,
 * pollutant and DataTime; minute (2051) and real-time (2011) data only when
 * opt->store_minute; every other command is counted and not kept.
 *
 * Outcome of a packet:
 *   stored     it added at least one row, or revised one;
 *   duplicate  every row is already there with the same values (or equals
 *              an earlier superseded version: a stale copy), or it is a
 *              packet we do not keep and this very file was imported before;
 *   quarantined with the field and the reason.
 * A revision moves the old row to monitoring_revision. Split packets count
 * each part as a record, with the outcome of their joined group.
 *
 * Memory is bounded: one read buffer, the split-packet joiner's bounded
 * table, and a fixed table of the pollutants of the packet at hand.
 */
/* ---- reading lines ---- */

/* The first line end in s[0..n): LF, or a CR (alone or before LF). */
static char *find_eol(char *s, size_t n)
{
	char *nl = memchr(s, '\n', n);
	char *cr = memchr(s, '\r', nl ? (size_t)(nl - s) : n);

	return cr ? cr : nl;
}

/* 1 with a line (no line end), 0 at the end, <0 when the stream fails.
 * Lines end with LF, CRLF or CR alone. A line longer than HJ212_MAX_LINE
 * comes back cut, with *overlong set; the rest of it is skipped up to the
 * next line end. */
static int next_line(struct mon *m, const char **line, size_t *len,
		     int *overlong, struct strbuf *err)
{
	*overlong = 0;
	for (;;) {
		char *s = m->buf + m->start;
		size_t avail = m->end - m->start;
		char *nl;
		ssize_t r;

		if (m->after_cr && avail) {
			/* the LF of a CRLF split from its CR */
			m->after_cr = 0;
			if (*s == '\n') {
				m->start++;
				continue;
			}
		}
		nl = find_eol(s, avail);
		if (nl && *nl == '\r') {
			if (nl + 1 < s + avail && nl[1] == '\n')
				nl++; /* CRLF: the line ends at the LF */
			else if (nl + 1 == s + avail)
				m->after_cr = 1; /* its LF, if any, comes next */
		}
		if (m->skipping) {
			if (nl) {
				m->start += (size_t)(nl - s) + 1;
				m->skipping = 0;
				continue;
			}
			m->start = m->end = 0;
		} else if (nl) {
			*line = s;
			*len = (size_t)(nl - s);
			m->start += *len + 1;
			m->lineno++;
			if (*len > HJ212_MAX_LINE) {
				*len = HJ212_MAX_LINE;
				*overlong = 1;
			}
			return 1;
		} else if (avail > HJ212_MAX_LINE) {
			*line = s;
			*len = HJ212_MAX_LINE;
			*overlong = 1;
			m->skipping = 1;
			m->start += HJ212_MAX_LINE;
			m->lineno++;
			return 1;
		} else if (m->eof) {
			if (!avail)
				return 0;
			*line = s;
			*len = avail;
			m->start = m->end;
			m->lineno++;
			return 1;
		}
		if (m->eof)
			return 0;
		if (m->start) {
			memmove(m->buf, m->buf + m->start, m->end - m->start);
			m->end -= m->start;
			m->start = 0;
		}
		r = arc_stream_read(m->in, m->buf + m->end, m->cap - m->end, err);
		if (r < 0)
			return (int)r;
		if (r == 0)
			m->eof = 1;
		m->end += (size_t)r;
	}
}

/* ---- outcomes ---- */

int mon_quarantine(struct mon *m, long long lineno, const char *field,
		   const char *reason, const char *raw, size_t len,
		   struct strbuf *err)
{
	char pos[32];

	snprintf(pos, sizeof(pos), "packet %lld", lineno);
	return import_quarantine(m->ctx, pos, field, reason, raw, len, err);
}

static int quarantine_parts(struct mon *m, const struct hj212_group *g,
			    const char *field, const char *reason,
			    struct strbuf *err)
{
	int rc;

	for (unsigned i = 0; i < HJ212_MAX_PNUM; i++) {
		const struct hj212_part *pt = &g->parts[i];

		if (pt->line && (rc = mon_quarantine(m, pt->lineno, field, reason,
						 pt->line, pt->len, err)))
			return rc;
	}
	return 0;
}

static int evict(struct mon *m, struct hj212_group *g, const char *why,
		 struct strbuf *err)
{
	char reason[160];
	int rc;

	snprintf(reason, sizeof(reason),
		 "split packet incomplete %s: have %u of PNUM=%u parts", why,
		 g->have, g->pnum);
	rc = quarantine_parts(m, g, "PNO", reason, err);
	hj212_join_release(m->join, g);
	return rc;
}

static int store_group(struct mon *m, struct hj212_group *g, struct strbuf *err)
{
	const char *lines[HJ212_MAX_PNUM];
	size_t lens[HJ212_MAX_PNUM];
	long long linenos[HJ212_MAX_PNUM];
	struct hj212_error e;

	for (unsigned i = 0; i < g->pnum; i++) {
		lines[i] = g->parts[i].line;
		lens[i] = g->parts[i].len;
		linenos[i] = g->parts[i].lineno;
		if (hj212_parse(lines[i], lens[i], &m->parts[i], &e))
			return ec_error(err, EC_INTERNAL, "split part re-read failed: %s",
					e.reason);
	}
	if (hj212_datatime(m->parts[0].datatime, m->datatime))
		*m->datatime = '\0';
	m->n.joined++;
	return mon_store_packet(m, g->pnum, m->datatime, lines, lens, linenos, err);
}

static int join_part(struct mon *m, const struct hj212_packet *p,
		     const char *line, size_t len, struct strbuf *err)
{
	for (;;) {
		struct hj212_group *g;
		const struct hj212_part *old;
		char reason[128];
		int rc;

		switch (hj212_join_add(m->join, p, line, len, m->lineno, &g)) {
		case HJ212_JOIN_PENDING:
			return 0;
		case HJ212_JOIN_COMPLETE:
			rc = store_group(m, g, err);
			hj212_join_release(m->join, g);
			return rc;
		case HJ212_JOIN_REPEAT:
			old = &g->parts[p->pno_value - 1];
			if (old->len == len && !memcmp(old->line, line, len)) {
				m->ctx->counts.duplicate++;
				return 0;
			}
			snprintf(reason, sizeof(reason),
				 "split part PNO=%u repeated with other content"
				 " (first at packet %lld)", p->pno_value, old->lineno);
			return mon_quarantine(m, m->lineno, "PNO", reason, line, len, err);
		case HJ212_JOIN_FULL:
			g = hj212_join_oldest(m->join);
			if (!g)
				return ec_error(err, EC_INTERNAL, "split joiner full and empty");
			if ((rc = evict(m, g, "(too many split packets pending)", err)))
				return rc;
			continue;
		}
	}
}

/* ---- one line ---- */

/* The stamp is stored as text: valid UTF-8 without control characters. */
static int stamp_clean(struct hj212_str s)
{
	for (size_t i = 0; i < s.n; i++)
		if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7F)
			return 0;
	return csv_utf8_valid(s.p, s.n);
}

/* Count the variants p was read with, one warning per kind. */
static void warn_tolerated(struct mon *m, const struct hj212_packet *p)
{
	if (p->tolerated & HJ212_TOL_DATATIME_MS)
		import_warn_kind(m->ctx, "datatime-ms",
				 "packet %lld: DataTime=%.*s has milliseconds; read"
				 " to the second", m->lineno, (int)p->datatime.n,
				 p->datatime.p);
	if (p->tolerated & HJ212_TOL_FLAG_VERSION) {
		m->n.v_other++;
		import_warn_kind(m->ctx, "flag-version",
				 "packet %lld: unknown protocol version %u in Flag=%u;"
				 " read as HJ 212-2017", m->lineno, p->version,
				 p->flag_value);
	}
	if (p->tolerated & HJ212_TOL_CP_SPACE)
		import_warn_kind(m->ctx, "cp-space",
				 "packet %lld: blanks around CP fields ignored",
				 m->lineno);
}

/*
 * A DataTime the device cannot have meant: after the time the packet was
 * received (its stamp, else the file's time) by more than the tolerance,
 * or before it by more than the horizon. 1 with reason set, else 0.
 * Leaves the DataTime read in m->datatime.
 */
static int implausible_time(struct mon *m, const struct hj212_packet *p,
			    char *reason, size_t size)
{
	char *start = m->datatime, ref[20];
	long long t, r;
	const char *what = "the receive stamp";

	if (hj212_datatime_secs(p->datatime, start, &t)) {
		*start = '\0'; /* checked by the parser */
		return 0;
	}
	if (!p->stamp.n || mon_stamp_norm(p->stamp.p, p->stamp.n, ref, &r)) {
		r = m->file_time;
		what = "the file's time";
	}
	if (t > r + m->future_s) {
		snprintf(reason, size,
			 "implausible time: DataTime %s is %lld hours after %s"
			 " (tolerance %lld hours)", start, (t - r + 3599) / 3600, what,
			 m->future_s / 3600);
		return 1;
	}
	if (t < r - m->max_age_s) {
		snprintf(reason, size,
			 "implausible time: DataTime %s is %lld days before %s"
			 " (horizon %lld days)", start, (r - t) / 86400, what,
			 m->max_age_s / 86400);
		return 1;
	}
	return 0;
}

static int do_line(struct mon *m, const char *line, size_t len, int overlong,
		   struct strbuf *err)
{
	const struct import_options *opt = m->ctx->opt;
	struct hj212_packet *p = &m->parts[0];
	struct hj212_error e;
	char reason[160];
	int cn, keep;

	while (len && line[len - 1] == '\r')
		len--;
	m->ctx->counts.read++;
	if (overlong) {
		snprintf(reason, sizeof(reason), "line longer than %d bytes",
			 HJ212_MAX_LINE);
		return mon_quarantine(m, m->lineno, NULL, reason, line, len, err);
	}
	if (hj212_parse(line, len, p, &e))
		return mon_quarantine(m, m->lineno, e.field, e.reason, line, len, err);
	if (!stamp_clean(p->stamp))
		return mon_quarantine(m, m->lineno, "stamp",
				  "control character or invalid UTF-8 in the receive stamp",
				  line, len, err);
	if (p->crc == HJ212_CRC_MODBUS && !opt->accept_crc_modbus)
		return mon_quarantine(m, m->lineno, "CRC",
				  "CRC is CRC-16/MODBUS, not HJ 212 Appendix A",
				  line, len, err);
	if (p->crc == HJ212_CRC_SWAPPED && !opt->accept_crc_swapped)
		return mon_quarantine(m, m->lineno, "CRC",
				  "CRC is HJ 212 Appendix A with its bytes swapped",
				  line, len, err);
	m->n.crc_modbus += p->crc == HJ212_CRC_MODBUS;
	m->n.crc_swapped += p->crc == HJ212_CRC_SWAPPED;
	m->n.v2005 += p->version == 0;
	m->n.v2025 += p->version == 8;
	cn = (int)strtol(p->cn.p, NULL, 10);
	keep = cn == 2061 || cn == 2031 ||
	       ((cn == 2051 || cn == 2011) && opt->store_minute);
	if (!keep) {
		warn_tolerated(m, p);
		mon_count_kind(m, cn, 1);
		m->ctx->unkept++; /* stored, or duplicate when seen before */
		return 0;
	}
	if (!p->datatime.p)
		return mon_quarantine(m, m->lineno, "DataTime", "missing DataTime", line,
				  len, err);
	if (implausible_time(m, p, reason, sizeof(reason)))
		return mon_quarantine(m, m->lineno, "DataTime", reason, line, len, err);
	warn_tolerated(m, p);
	if (p->split)
		return join_part(m, p, line, len, err);
	return mon_store_packet(m, 1, m->datatime, &line, &len, &m->lineno, err);
}

/* ---- the importer ---- */

static void finish_report(struct mon *m)
{
	const struct mon_stats *n = &m->n;

	snprintf(m->ctx->extra, sizeof(m->ctx->extra),
		 "{\"hour\":%lld,\"day\":%lld,\"minute\":%lld,\"realtime\":%lld,"
		 "\"other\":%lld,\"values\":%lld,\"revised_packets\":%lld,"
		 "\"revised_values\":%lld,\"unknown_mn\":%lld,\"split_joined\":%lld,"
		 "\"crc_modbus\":%lld,\"crc_swapped\":%lld,\"v2005\":%lld,"
		 "\"v2025\":%lld,\"v_other\":%lld,\"older_packets\":%lld,"
		 "\"older_values\":%lld,\"minute_stored\":%s}",
		 n->hour, n->day, n->minute, n->realtime, n->other, n->values,
		 n->revised_packets, n->revised_values, n->unknown_mn, n->joined,
		 n->crc_modbus, n->crc_swapped, n->v2005, n->v2025, n->v_other,
		 n->older_packets, n->older_values,
		 m->ctx->opt->store_minute ? "true" : "false");
	if (n->older_packets)
		import_warn(m->ctx,
			    "%lld packets carry %lld values older than the stored ones"
			    " (by QN or receive stamp): kept in monitoring_revision,"
			    " the stored values stay current",
			    n->older_packets, n->older_values);
	if (n->revised_packets)
		import_warn(m->ctx,
			    "%lld packets revised %lld earlier values (old values kept in"
			    " monitoring_revision)",
			    n->revised_packets, n->revised_values);
	if (n->unknown_mn)
		import_warn(m->ctx,
			    "%lld packets come from MNs that match no permit outlet yet"
			    " (stored; see report unmatched)",
			    n->unknown_mn);
}

static int is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* The file's modification time (standard input: now) as Shanghai
 * wall-clock seconds, the reference for packets without a stamp. */
static long long file_time(const char *path)
{
	struct stat st;
	time_t t = time(NULL);

	if (strcmp(path, "-") && !stat(path, &st))
		t = st.st_mtime;
	return (long long)t + 8 * 3600;
}

static int monitoring_run(struct import_ctx *ctx, struct strbuf *err)
{
	struct mon *m = xcalloc(1, sizeof(*m));
	struct hj212_group *g;
	const char *line = NULL;
	size_t len = 0;
	int rc, overlong;

	m->ctx = ctx;
	strbuf_init(&m->series.keys, 0);
	m->future_s = 3600LL * (ctx->opt->future_tolerance_hours ?
				ctx->opt->future_tolerance_hours :
				IMPORT_FUTURE_TOLERANCE_HOURS);
	m->max_age_s = 86400LL * (ctx->opt->max_age_days ? ctx->opt->max_age_days :
				  IMPORT_MAX_AGE_DAYS);
	m->file_time = file_time(ctx->path);
	m->cap = HJ212_MAX_LINE + MON_READ_CHUNK;
	m->buf = xmalloc(m->cap);
	m->join = hj212_join_new(MON_MAX_PENDING, MON_PENDING_BYTES);
	if ((rc = mon_prepare(m, err)) ||
	    (rc = import_open_stream(ctx, &m->in, err)))
		goto out;
	while ((rc = next_line(m, &line, &len, &overlong, err)) > 0) {
		if (!overlong && is_blank(line, len))
			continue; /* blank line: not a record */
		if ((rc = do_line(m, line, len, overlong, err)))
			goto out;
	}
	if (rc < 0)
		goto out;
	while ((g = hj212_join_oldest(m->join)))
		if ((rc = evict(m, g, "at end of file", err)))
			goto out;
	if ((rc = mon_days_flush(m, err)))
		goto out;
	finish_report(m);
out:
	arc_stream_close(m->in);
	mon_finalize(m);
	hj212_join_free(m->join);
	free(m->buf);
	free(m);
	return rc;
}

const struct importer importer_monitoring = { "monitoring", monitoring_run };
