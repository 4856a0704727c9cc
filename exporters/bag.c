#include "core/common.h"
#include "core/archive.h"
#include "exporters/bag.h"

struct member {
	char *name;       /* under the bag folder: 'bagit.txt', 'data/x.csv' */
	const char *src;  /* staged payload file, or NULL */
	struct strbuf *data; /* tag file text, or NULL */
};

static int member_cmp(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->name, ((const struct member *)b)->name);
}

static void hash_line(struct strbuf *manifest, const char *name, const struct strbuf *data)
{
	char hex[SHA256_HEX_SIZE];

	sha256_hex(data->buf, data->len, hex);
	strbuf_addf(manifest, "%s  %s\n", hex, name);
}

/* bag-info.txt values are one line each: a line break becomes a space. */
static void info_line(struct strbuf *sb, const char *label, const char *v)
{
	if (!v)
		return;
	strbuf_addf(sb, "%s: ", label);
	for (; *v; v++)
		strbuf_addch(sb, *v == '\n' || *v == '\r' ? ' ' : *v);
	strbuf_addch(sb, '\n');
}

/* The issuing organisation ([publisher]); RFC 8493 §2.2.2 reserved labels
 * where there is one. */
static void bag_publisher(struct strbuf *sb, const struct export_publisher *p)
{
	info_line(sb, "Source-Organization", p->name ? p->name : "ecredit");
	info_line(sb, "Organization-Code", p->code);
	info_line(sb, "Organization-Address", p->address);
	info_line(sb, "Contact-Phone", p->phone);
	info_line(sb, "Contact-Email", p->email);
	info_line(sb, "Objection-Address", p->objection);
}

int bag_write(struct export_ctx *ctx, const struct bag_info *bi,
	      struct outfile *archive, char tagmanifest_sha256[SHA256_HEX_SIZE],
	      struct strbuf *err)
{
	struct strbuf bagit = STRBUF_INIT, info = STRBUF_INIT;
	struct strbuf manifest = STRBUF_INIT, tagmanifest = STRBUF_INIT;
	struct strbuf path = STRBUF_INIT;
	struct member *m = NULL;
	struct arc_writer *w = NULL;
	size_t nr = 0;
	int64_t octets = 0;
	int rc = 0;

	strbuf_addstr(&bagit, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	for (size_t i = 0; i < ctx->nr; i++) {
		strbuf_addf(&manifest, "%s  %s\n", ctx->files[i].sha256, ctx->files[i].name);
		octets += ctx->files[i].size;
	}
	/* Bagging-Date is the business date: nothing here reads the clock. */
	bag_publisher(&info, ctx->pub);
	strbuf_addf(&info,
		    "External-Identifier: %s\n"
		    "Bagging-Date: %s\n"
		    "Payload-Oxum: %lld.%zu\n"
		    "Channel: %s\n"
		    "Business-Date: %s\n"
		    "Sequence: %lld\n"
		    "Run-Id: %s\n"
		    "Rule-Set-Id: %s\n"
		    "Rule-Set-Version: %s\n"
		    "Rule-Set-SHA256: %s\n"
		    "Records: %s\n",
		    bi->name, ctx->as_of, (long long)octets, ctx->nr, ctx->channel,
		    ctx->as_of, bi->sequence, ctx->run_id, bi->rule_set_id,
		    bi->rule_set_version, bi->rule_set_sha256, bi->records);
	hash_line(&tagmanifest, "bag-info.txt", &info);
	hash_line(&tagmanifest, "bagit.txt", &bagit);
	hash_line(&tagmanifest, "manifest-sha256.txt", &manifest);
	sha256_hex(tagmanifest.buf, tagmanifest.len, tagmanifest_sha256);

	m = xcalloc(ctx->nr + 4, sizeof(*m));
	m[nr++] = (struct member){ xstrdup("bagit.txt"), NULL, &bagit };
	m[nr++] = (struct member){ xstrdup("bag-info.txt"), NULL, &info };
	m[nr++] = (struct member){ xstrdup("manifest-sha256.txt"), NULL, &manifest };
	m[nr++] = (struct member){ xstrdup("tagmanifest-sha256.txt"), NULL, &tagmanifest };
	for (size_t i = 0; i < ctx->nr; i++) {
		/* payload files live flat in the stage folder */
		m[nr].name = xstrdup(ctx->files[i].name);
		m[nr].src = ctx->files[i].name + strlen("data/");
		nr++;
	}
	qsort(m, nr, sizeof(*m), member_cmp);

	if ((rc = arc_writer_open(archive->fd, archive->final, bi->mtime, &w, err)))
		goto out;
	for (size_t i = 0; i < nr; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", bi->name, m[i].name);
		if (m[i].data) {
			rc = arc_writer_add_data(w, path.buf, m[i].data->buf,
						 m[i].data->len, err);
		} else {
			struct strbuf src = STRBUF_INIT;

			strbuf_addf(&src, "%s/%s", ctx->stage, m[i].src);
			rc = arc_writer_add_file(w, path.buf, src.buf, err);
			strbuf_release(&src);
		}
		if (rc)
			goto out;
	}
	rc = arc_writer_close(w, err);
	w = NULL;
out:
	arc_writer_free(w);
	for (size_t i = 0; i < nr; i++)
		free(m[i].name);
	free(m);
	strbuf_release(&bagit);
	strbuf_release(&info);
	strbuf_release(&manifest);
	strbuf_release(&tagmanifest);
	strbuf_release(&path);
	return rc;
}
