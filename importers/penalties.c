#include "core/common.h"
#include "core/evtype.h"
#include "core/uscc.h"
#include "importers/csv.h"
#include "importers/importer.h"
#include "importers/penalties.h"

/*
 * Penalties and other credit events, CSV (docs/importers-penalties.md). Each data record is
 * stored as one row of `event` (event_id = normalised decision number),
 * or counted as a duplicate, or quarantined with its line, field and
 * reason. A file that cannot be decoded, has no header, or lacks a
 * required column is rejected whole (EC_DATA) and nothing of it stays.
 *
 * Duplicates: a decision whose event id is already stored is never stored
 * again. When the stored event has the same content it is a plain
 * duplicate; when the content differs (other date, category, fine...) the
 * first one stored is kept, the record still counts as a duplicate, and a
 * warning names both places and the fields that differ.
 */

#define MAX_ID_BYTES 128 /* longest normalised decision number */
#define MIN_YEAR 1949
#define MAX_YEAR 2099

/* ---- text folding */

enum {
	FOLD_WIDTH = 1,    /* full-width ASCII forms -> ASCII */
	FOLD_NOSPACE = 2,  /* drop all whitespace, not only at the ends */
	FOLD_BRACKETS = 4, /* every bracket -> 〔 〕 */
	FOLD_UPPER = 8,
	FOLD_LOWER = 16,
};

/* Next code point of valid UTF-8 (a stray byte is returned as itself). */
static unsigned next_cp(const unsigned char *s, size_t *i)
{
	unsigned c = s[*i], n = c < 0xC0 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
	unsigned cp = n ? c & (0x3F >> n) : c;

	(*i)++;
	for (; n && (s[*i] & 0xC0) == 0x80; n--)
		cp = cp << 6 | (s[(*i)++] & 0x3F);
	return cp;
}

static void add_cp(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (int)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (int)(0xC0 | cp >> 6));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (int)(0xE0 | cp >> 12));
		strbuf_addch(sb, (int)(0x80 | (cp >> 6 & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	} else {
		strbuf_addch(sb, (int)(0xF0 | cp >> 18));
		strbuf_addch(sb, (int)(0x80 | (cp >> 12 & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (cp >> 6 & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	}
}

static int is_space_cp(unsigned cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 ||
	       cp == 0x3000 || cp == 0xFEFF || (cp >= 0x2000 && cp <= 0x200B);
}

static int bracket_of(unsigned cp)
{
	static const unsigned open[] = { '(', '[', 0x3014, 0x3010, 0x3016,
					 0xFE5D, 0xFE59, 0xFF08, 0xFF3B };
	static const unsigned close[] = { ')', ']', 0x3015, 0x3011, 0x3017,
					  0xFE5E, 0xFE5A, 0xFF09, 0xFF3D };

	for (size_t i = 0; i < ARRAY_SIZE(open); i++) {
		if (cp == open[i])
			return 1;
		if (cp == close[i])
			return 2;
	}
	return 0;
}

/* Replace out with s folded as asked, always trimmed. */
static void fold(const char *s, struct strbuf *out, unsigned how)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, keep = 0;

	strbuf_reset(out);
	while (u[i]) {
		unsigned cp = next_cp(u, &i);

		if (is_space_cp(cp)) {
			if (out->len && !(how & FOLD_NOSPACE))
				add_cp(out, (how & FOLD_WIDTH) && cp == 0x3000 ? ' ' : cp);
			continue;
		}
		if ((how & FOLD_WIDTH) && cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0;
		if (how & FOLD_BRACKETS) {
			int b = bracket_of(cp);

			if (b)
				cp = b == 1 ? 0x3014 : 0x3015;
		}
		if ((how & FOLD_UPPER) && cp >= 'a' && cp <= 'z')
			cp -= 'a' - 'A';
		if ((how & FOLD_LOWER) && cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		add_cp(out, cp);
		keep = out->len;
	}
	strbuf_setlen(out, keep);
}

void penalties_decision_id(const char *decision_no, struct strbuf *out)
{
	fold(decision_no, out, FOLD_WIDTH | FOLD_NOSPACE | FOLD_BRACKETS | FOLD_UPPER);
}

static int take_digits(const char **p, int min, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (**p >= '0' && **p <= '9' && n < max) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n >= min && !(**p >= '0' && **p <= '9') ? 0 : -1;
}

static int take(const char **p, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*p, lit, n))
		return -1;
	*p += n;
	return 0;
}

int penalties_parse_date(const char *s, char out[DATE_TEXT_SIZE],
			 const char **why)
{
	static const char *const seps[][3] = {
		{ "-", "-", "" }, { "/", "/", "" }, { "年", "月", "日" },
	};
	struct strbuf t = STRBUF_INIT;
	int y, m, d, rc = -1;

	fold(s, &t, FOLD_WIDTH);
	*why = "not a date (YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)";
	if (!t.len) {
		*why = "empty";
		goto out;
	}
	for (size_t k = 0; k < ARRAY_SIZE(seps); k++) {
		const char *p = t.buf;

		if (take_digits(&p, 4, 4, &y) || take(&p, seps[k][0]) ||
		    take_digits(&p, 1, 2, &m) || take(&p, seps[k][1]) ||
		    take_digits(&p, 1, 2, &d) || take(&p, seps[k][2]) || *p)
			continue;
		if (y < MIN_YEAR || y > MAX_YEAR) {
			*why = "year out of range";
		} else if (!date_valid_ymd(y, m, d)) {
			*why = "no such day";
		} else {
			snprintf(out, DATE_TEXT_SIZE, "%04d-%02d-%02d", y, m, d);
			rc = 0;
		}
		break;
	}
out:
	strbuf_release(&t);
	return rc;
}

static int is_dash(const char *s)
{
	static const char *const dashes[] = { "-", "—", "－", "–", "―" };
	int n = 0;

	while (*s) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(dashes); i++)
			if (!strncmp(s, dashes[i], strlen(dashes[i])))
				break;
		if (i == ARRAY_SIZE(dashes))
			return 0;
		s += strlen(dashes[i]);
		n++;
	}
	return n > 0 && n <= 3;
}

int penalties_parse_fine(const char *s, double *value, int *present,
			 const char **why)
{
	struct strbuf t = STRBUF_INIT;
	const char *p;
	int digits = 0, point = 0, rc = -1;

	*value = 0;
	*present = 0;
	*why = "not a number";
	/* full-width digits, but keep "－" (U+FF0D) recognisable as a dash */
	fold(s, &t, 0);
	if (!t.len || is_dash(t.buf)) {
		rc = 0;
		goto out;
	}
	fold(s, &t, FOLD_WIDTH);
	p = t.buf;
	if (*p == '-' && p[1] >= '0' && p[1] <= '9') {
		*why = "negative amount";
		goto out;
	}
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.' && !point++)
			;
		else
			goto out;
	}
	if (!digits || digits > 15 || t.buf[t.len - 1] == '.' || t.buf[0] == '.')
		goto out;
	*value = strtod(t.buf, NULL);
	*present = 1;
	rc = 0;
out:
	strbuf_release(&t);
	return rc;
}

/* ---- the columns */

enum col {
	C_DECISION, C_USCC, C_NAME, C_DATE, C_CATEGORY,
	C_VIOLATION, C_FINE, C_AUTHORITY, C_BASIS, NCOLS
};

static const struct column {
	const char *en, *zh, *zh_alt; /* zh written with ASCII brackets */
	int required;
} columns[NCOLS] = {
	{ "decision_no", "行政处罚决定书文号", NULL, 1 },
	{ "uscc", "统一社会信用代码", NULL, 1 },
	{ "name", "企业名称", "单位名称", 1 },
	{ "decided_on", "处罚决定日期", NULL, 1 },
	{ "category", "处罚类别", NULL, 1 },
	{ "violation", "违法行为类型", NULL, 0 },
	{ "fine_wan", "罚款金额(万元)", NULL, 0 },
	{ "authority", "处罚机关", NULL, 0 },
	{ "basis", "处罚依据", NULL, 0 },
};

/* One record's values, normalised. */
struct penalty {
	struct strbuf decision_no, id, uscc, name, category_in, violation,
		authority, basis;
	char date[DATE_TEXT_SIZE];
	const struct evtype *type;
	double fine;
	int has_fine;
};

struct pen {
	struct import_ctx *ctx;
	int col[NCOLS];       /* field index of each column, or -1 */
	size_t nheader;       /* fields in the header */
	long blank_records;   /* records whose fields are all empty */
	struct db_stmt *find, *insert;
	struct penalty v;
	struct strbuf reason, tmp;
};

static void pen_release(struct pen *p)
{
	struct penalty *v = &p->v;

	db_finalize(p->find);
	db_finalize(p->insert);
	strbuf_release(&v->decision_no);
	strbuf_release(&v->id);
	strbuf_release(&v->uscc);
	strbuf_release(&v->name);
	strbuf_release(&v->category_in);
	strbuf_release(&v->violation);
	strbuf_release(&v->authority);
	strbuf_release(&v->basis);
	strbuf_release(&p->reason);
	strbuf_release(&p->tmp);
}

static int map_header(struct pen *p, const struct csv_record *rec,
		      struct strbuf *err)
{
	struct strbuf h = STRBUF_INIT, want = STRBUF_INIT;
	int rc = 0;

	for (int c = 0; c < NCOLS; c++)
		p->col[c] = -1;
	p->nheader = rec->nfields;
	if (rec->problem) {
		rc = ec_error(err, EC_DATA, "line %ld: header: %s", rec->line,
			      rec->problem);
		goto out;
	}
	for (size_t i = 0; i < rec->nfields; i++) {
		fold(rec->field[i], &h, FOLD_WIDTH | FOLD_NOSPACE | FOLD_LOWER);
		for (int c = 0; c < NCOLS; c++) {
			int hit = !strcmp(h.buf, columns[c].en);

			fold(columns[c].zh, &want, FOLD_WIDTH | FOLD_NOSPACE);
			hit |= !strcmp(h.buf, want.buf);
			if (columns[c].zh_alt) {
				fold(columns[c].zh_alt, &want, FOLD_WIDTH | FOLD_NOSPACE);
				hit |= !strcmp(h.buf, want.buf);
			}
			if (!hit)
				continue;
			if (p->col[c] >= 0) {
				rc = ec_error(err, EC_DATA,
					      "line %ld: column '%s' appears twice"
					      " (fields %d and %zu)", rec->line,
					      columns[c].en, p->col[c] + 1, i + 1);
				goto out;
			}
			p->col[c] = (int)i;
		}
	}
	for (int c = 0; c < NCOLS; c++)
		if (columns[c].required && p->col[c] < 0) {
			rc = ec_error(err, EC_DATA,
				      "line %ld: the header has no column '%s' (%s%s%s)",
				      rec->line, columns[c].en, columns[c].zh,
				      columns[c].zh_alt ? " or " : "",
				      columns[c].zh_alt ? columns[c].zh_alt : "");
			goto out;
		}
out:
	strbuf_release(&h);
	strbuf_release(&want);
	return rc;
}

static const char *field_of(const struct pen *p, const struct csv_record *rec,
			    enum col c)
{
	return p->col[c] >= 0 ? rec->field[p->col[c]] : "";
}

/* Set p->reason to fmt + " 'value'" (value cut to 80 bytes on a boundary). */
static void reason_with(struct pen *p, const char *what, const char *value)
{
	size_t n = strlen(value);

	if (n > 80) {
		n = 80;
		while (n && !csv_utf8_valid(value, n))
			n--;
	}
	strbuf_reset(&p->reason);
	strbuf_addf(&p->reason, "%s: '%.*s%s'", what, (int)n, value,
		    n < strlen(value) ? "..." : "");
}

/* Check and normalise one record into p->v: NULL, or the bad field's
 * column (p->reason says why). */
static const char *empty(struct pen *p, const char *column)
{
	strbuf_addstr(&p->reason, "empty");
	return column;
}

/*
 * Control characters (issue 12): C0 and DEL are refused in every field,
 * except TAB, LF and CR, which the free-text fields (violation, basis) may
 * hold inside and every field may have around its value (trimmed). A
 * stored control character would break the XML of reports and packages
 * and could drive a terminal. NULL, or the column at fault.
 */
static const char *control_char(struct pen *p, const struct csv_record *rec)
{
	for (int c = 0; c < NCOLS; c++) {
		const unsigned char *u;
		size_t n, a = 0, b;
		int free_text = c == C_VIOLATION || c == C_BASIS;

		if (p->col[c] < 0)
			continue;
		u = (const unsigned char *)rec->field[p->col[c]];
		n = rec->len[p->col[c]];
		while (a < n && (u[a] == ' ' || (u[a] >= '\t' && u[a] <= '\r')))
			a++;
		for (b = n; b > a && (u[b - 1] == ' ' ||
				      (u[b - 1] >= '\t' && u[b - 1] <= '\r'));)
			b--;
		for (size_t i = 0; i < n; i++) {
			int ws = u[i] == '\t' || u[i] == '\n' || u[i] == '\r';

			if ((u[i] >= 0x20 && u[i] != 0x7F) ||
			    (ws && (free_text || i < a || i >= b)))
				continue;
			strbuf_reset(&p->reason);
			strbuf_addf(&p->reason, "control character U+%04X at byte %zu",
				    u[i], i + 1);
			return columns[c].en;
		}
	}
	return NULL;
}

static const char *check_record(struct pen *p, const struct csv_record *rec)
{
	struct penalty *v = &p->v;
	const char *s, *why;

	if ((s = control_char(p, rec)))
		return s;

	s = field_of(p, rec, C_DECISION);
	fold(s, &v->decision_no, 0);
	penalties_decision_id(s, &v->id);
	if (!v->id.len)
		return empty(p, "decision_no");
	if (v->id.len > MAX_ID_BYTES) {
		strbuf_reset(&p->tmp);
		strbuf_addf(&p->tmp, "longer than %d bytes", MAX_ID_BYTES);
		reason_with(p, p->tmp.buf, v->decision_no.buf);
		return "decision_no";
	}
	s = field_of(p, rec, C_USCC);
	fold(s, &v->uscc, FOLD_WIDTH | FOLD_NOSPACE | FOLD_UPPER);
	if (!v->uscc.len)
		return empty(p, "uscc");
	if (!uscc_well_formed(v->uscc.buf)) {
		reason_with(p, "not a unified social credit code (18 characters,"
			       " GB 32100-2015)", s);
		return "uscc";
	}
	s = field_of(p, rec, C_DATE);
	if (penalties_parse_date(s, v->date, &why)) {
		if (!*s)
			return empty(p, "decided_on");
		reason_with(p, why, s);
		return "decided_on";
	}
	s = field_of(p, rec, C_CATEGORY);
	fold(s, &v->category_in, FOLD_WIDTH | FOLD_LOWER);
	for (size_t i = 0; i < v->category_in.len; i++)
		if (v->category_in.buf[i] == '_')
			v->category_in.buf[i] = '-';
	v->type = v->category_in.len ? evtype_lookup(v->category_in.buf) : NULL;
	if (!v->category_in.len)
		return empty(p, "category");
	if (!v->type) {
		reason_with(p, "unknown category", s);
		return "category";
	}
	if (v->type->group == EVTYPE_MONITORING) {
		reason_with(p, "derived from online monitoring data, not accepted"
			       " from CSV", s);
		return "category";
	}
	s = field_of(p, rec, C_FINE);
	if (penalties_parse_fine(s, &v->fine, &v->has_fine, &why)) {
		reason_with(p, why, s);
		return "fine_wan";
	}
	fold(field_of(p, rec, C_NAME), &v->name, 0);
	fold(field_of(p, rec, C_VIOLATION), &v->violation, 0);
	fold(field_of(p, rec, C_AUTHORITY), &v->authority, 0);
	fold(field_of(p, rec, C_BASIS), &v->basis, 0);
	return NULL;
}

static int all_empty(const struct csv_record *rec, struct strbuf *tmp)
{
	for (size_t i = 0; i < rec->nfields; i++) {
		fold(rec->field[i], tmp, 0);
		if (tmp->len)
			return 0;
	}
	return 1;
}

static int quarantine(struct pen *p, const struct csv_record *rec,
		      const char *field, const char *reason, struct strbuf *err)
{
	char pos[32];

	snprintf(pos, sizeof(pos), "line %ld", rec->line);
	return import_quarantine(p->ctx, pos, field, reason, rec->raw,
				 rec->raw_len, err);
}

static const char *nullable(const struct strbuf *sb)
{
	return sb->len ? sb->buf : NULL;
}

static void bind_event(struct db_stmt *st, const struct pen *p, long line)
{
	const struct penalty *v = &p->v;

	db_bind_text(st, 1, v->id.buf);
	db_bind_text(st, 2, v->uscc.buf);
	db_bind_text(st, 3, nullable(&v->name));
	db_bind_text(st, 4, v->type->code);
	db_bind_text(st, 5, v->date);
	db_bind_text(st, 6, nullable(&v->violation));
	if (v->has_fine)
		db_bind_double(st, 7, v->fine);
	else
		db_bind_null(st, 7);
	db_bind_text(st, 8, nullable(&v->authority));
	db_bind_text(st, 9, nullable(&v->basis));
	db_bind_text(st, 10, v->decision_no.buf);
	db_bind_int64(st, 11, p->ctx->file_id);
	db_bind_int64(st, 12, line);
}

static void differs(struct strbuf *out, const char *what, const char *stored,
		    const char *now)
{
	if (!strcmp(stored, now ? now : ""))
		return;
	if (out->len)
		strbuf_addstr(out, ", ");
	strbuf_addstr(out, what);
}

/* 1 when the event id is already stored (warns when its content differs),
 * 0 when it is new, <0 on error. */
static int check_duplicate(struct pen *p, long line, struct strbuf *err)
{
	const struct penalty *v = &p->v;
	struct strbuf *diff = &p->tmp;
	int rc;

	db_reset(p->find);
	db_bind_text(p->find, 1, v->id.buf);
	if ((rc = db_step(p->find, err)) != DB_ROW)
		return rc;
	strbuf_reset(diff);
	differs(diff, "uscc", db_column_text(p->find, 0), v->uscc.buf);
	differs(diff, "category", db_column_text(p->find, 1), v->type->code);
	differs(diff, "decided_on", db_column_text(p->find, 2), v->date);
	if (db_column_is_null(p->find, 3) != !v->has_fine ||
	    (v->has_fine && db_column_double(p->find, 3) != v->fine))
		differs(diff, "fine_wan", "a", "b");
	differs(diff, "name", db_column_text(p->find, 4), nullable(&v->name));
	differs(diff, "violation", db_column_text(p->find, 5),
		nullable(&v->violation));
	differs(diff, "authority", db_column_text(p->find, 6),
		nullable(&v->authority));
	differs(diff, "basis", db_column_text(p->find, 7), nullable(&v->basis));
	if (diff->len)
		import_warn(p->ctx,
			    "line %ld: decision '%s' is already stored from '%s'"
			    " line %lld with a different %s; the stored one is"
			    " kept, this one counted as duplicate",
			    line, v->decision_no.buf, db_column_text(p->find, 8),
			    (long long)db_column_int64(p->find, 9), diff->buf);
	db_reset(p->find);
	return 1;
}

static int handle_record(struct pen *p, const struct csv_record *rec,
			 struct strbuf *err)
{
	struct import_ctx *ctx = p->ctx;
	const char *field;
	int rc;

	if (!rec->problem && all_empty(rec, &p->tmp)) {
		p->blank_records++;
		return 0;
	}
	ctx->counts.read++;
	strbuf_reset(&p->reason);
	if (rec->problem)
		return quarantine(p, rec, NULL, rec->problem, err);
	if (rec->nfields < p->nheader) {
		strbuf_addf(&p->reason, "%zu fields, the header has %zu",
			    rec->nfields, p->nheader);
		return quarantine(p, rec, NULL, p->reason.buf, err);
	}
	for (size_t i = p->nheader; i < rec->nfields; i++)
		if (rec->len[i]) {
			strbuf_addf(&p->reason, "%zu fields, the header has %zu",
				    rec->nfields, p->nheader);
			return quarantine(p, rec, NULL, p->reason.buf, err);
		}
	if ((field = check_record(p, rec)))
		return quarantine(p, rec, field, p->reason.buf, err);
	if ((rc = check_duplicate(p, rec->line, err))) {
		if (rc > 0)
			ctx->counts.duplicate++;
		return rc < 0 ? rc : 0;
	}
	bind_event(p->insert, p, rec->line);
	if ((rc = db_run(p->insert, err)) ||
	    (rc = import_upsert_enterprise(ctx, p->v.uscc.buf, nullable(&p->v.name),
					   NULL, NULL, p->v.date, err)))
		return rc;
	ctx->counts.stored++;
	if (!uscc_valid(p->v.uscc.buf))
		import_warn(ctx, "line %ld: uscc '%s' has a bad check character"
			    " (expected '%c'); stored", rec->line, p->v.uscc.buf,
			    uscc_check_char(p->v.uscc.buf));
	return 0;
}

static int prepare(struct pen *p, struct strbuf *err)
{
	int rc;

	rc = db_prepare(p->ctx->db,
			"SELECT e.uscc, e.category, e.date, e.fine_wan,"
			" coalesce(e.name, ''), coalesce(e.violation, ''),"
			" coalesce(e.authority, ''), coalesce(e.basis, ''),"
			" coalesce(f.path, '?'), coalesce(e.line, 0)"
			" FROM event e LEFT JOIN import_file f ON f.id = e.file_id"
			" WHERE e.event_id = ?1",
			&p->find, err);
	if (rc)
		return rc;
	return db_prepare(p->ctx->db,
			  "INSERT INTO event (event_id, uscc, name, category, date,"
			  " violation, fine_wan, authority, basis, source,"
			  " decision_no, file_id, line) VALUES (?1, ?2, ?3, ?4,"
			  " ?5, ?6, ?7, ?8, ?9, 'penalties', ?10, ?11, ?12)",
			  &p->insert, err);
}

static int penalties_run(struct import_ctx *ctx, struct strbuf *err)
{
	struct pen p = { .ctx = ctx };
	struct csv_reader *r = NULL;
	struct csv_record rec;
	enum csv_encoding enc;
	FILE *f = NULL;
	int bom, rc;

	strbuf_init(&p.reason, 128);
	if ((rc = import_fopen(ctx, &f, err)) ||
	    (rc = csv_detect(f, ctx->name, &enc, &bom, err)))
		goto out;
	r = csv_open(f, ctx->name, enc);
	/* the header is the first record with something in it */
	while ((rc = csv_next(r, &rec, err)) > 0 && !rec.problem &&
	       all_empty(&rec, &p.tmp))
		p.blank_records++;
	if (rc < 0)
		goto out;
	if (!rc) {
		rc = ec_error(err, EC_DATA, "no header row (empty file)");
		goto out;
	}
	if ((rc = map_header(&p, &rec, err)) || (rc = prepare(&p, err)))
		goto out;
	while ((rc = csv_next(r, &rec, err)) > 0)
		if ((rc = handle_record(&p, &rec, err)))
			goto out;
	if (rc)
		goto out;
	snprintf(ctx->extra, sizeof(ctx->extra),
		 "{\"encoding\":\"%s\",\"bom\":%s,\"blank\":%ld}",
		 csv_encoding_name(enc), bom ? "true" : "false",
		 csv_blank_lines(r) + p.blank_records);
out:
	csv_close(r);
	if (f)
		fclose(f);
	pen_release(&p);
	return rc;
}

const struct importer importer_penalties = { "penalties", penalties_run };
