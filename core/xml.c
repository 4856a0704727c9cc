#include "core/common.h"
#include "core/embed.h"
#include "core/xml.h"

#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlversion.h>
#include <unistd.h>

#define XML_SAFE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
#define EMBEDDED_PREFIX "embedded:"

static int initialised;

static const struct embedded_file *embedded_by_url(const char *url)
{
	if (!url || strncmp(url, EMBEDDED_PREFIX, strlen(EMBEDDED_PREFIX)))
		return NULL;
	return embedded_find(url + strlen(EMBEDDED_PREFIX));
}

/* Resolve to embedded files only ("embedded:importers/permits.xsd", and
 * includes relative to it); refuse every other URL: no file, no network. */
static xmlParserInputPtr embedded_loader(const char *url, const char *id,
					 xmlParserCtxtPtr ctxt)
{
	const struct embedded_file *f = embedded_by_url(url);
	xmlParserInputBufferPtr buf;
	xmlParserInputPtr in;

	(void)id;
	if (!f)
		return NULL;
	/* A copy: libxml2 2.9.14's static input buffers break on files
	 * larger than one read chunk (4 KB) — schemas failed to compile. */
	buf = xmlParserInputBufferCreateMem((const char *)f->data,
					       (int)f->size, XML_CHAR_ENCODING_NONE);
	if (!buf)
		return NULL;
	in = xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_NONE);
	if (!in) {
		xmlFreeParserInputBuffer(buf);
		return NULL;
	}
	in->filename = (const char *)xmlStrdup((const xmlChar *)url);
	return in;
}

static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void xml_init(void)
{
	if (initialised)
		return;
	initialised = 1;
	xmlInitParser();
	xmlSetExternalEntityLoader(embedded_loader);
	xmlSetGenericErrorFunc(NULL, silent);
	xmlSetStructuredErrorFunc(NULL, NULL);
}

const char *xml_library_version(void)
{
	return LIBXML_DOTTED_VERSION;
}

static void error_from(const xmlError *e, const char *name, const char *what,
		       struct strbuf *err)
{
	struct strbuf msg = STRBUF_INIT;

	if (e && e->message) {
		strbuf_addstr(&msg, e->message);
		strbuf_trim(&msg);
	} else {
		strbuf_addstr(&msg, "unknown error");
	}
	if (e && e->line > 0)
		ec_error(err, EC_DATA, "%s:%d: %s: %s", name, e->line, what, msg.buf);
	else
		ec_error(err, EC_DATA, "%s: %s: %s", name, what, msg.buf);
	strbuf_release(&msg);
}

/*
 * Look at the prolog (before the root element) and refuse a DOCTYPE before
 * the parser sees it, so that no entity declaration is ever processed.
 * Returns the 1-based line of the DOCTYPE, or 0.
 */
static int prolog_doctype_line(const char *p, size_t len)
{
	const char *end = p + len;
	int line = 1;

	while (p < end) {
		if (*p == '\n')
			line++;
		if (*p != '<') {
			p++;
			continue;
		}
		if (end - p >= 4 && !memcmp(p, "<!--", 4)) {
			const char *c = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);

			if (!c)
				return 0;
			for (; p < c; p++)
				if (*p == '\n')
					line++;
			p = c + 3;
			continue;
		}
		if (end - p >= 2 && p[1] == '?') {
			const char *c = memmem(p + 2, (size_t)(end - p - 2), "?>", 2);

			if (!c)
				return 0;
			for (; p < c; p++)
				if (*p == '\n')
					line++;
			p = c + 2;
			continue;
		}
		if (end - p >= 2 && p[1] == '!')
			return line; /* <!DOCTYPE (or anything else declarative) */
		return 0;    /* the root element */
	}
	return 0;
}

static int doctype_error(const char *name, int line, struct strbuf *err)
{
	return ec_error(err, EC_DATA,
			"%s:%d: DOCTYPE declarations are not accepted (no DTDs or entities)",
			name, line);
}

static int refuse_doctype(xmlDocPtr doc, const char *name, struct strbuf *err)
{
	if (doc->intSubset || doc->extSubset) {
		int line = doc->intSubset ? (int)xmlGetLineNo((xmlNodePtr)doc->intSubset) : 0;

		if (line > 0)
			return ec_error(err, EC_DATA,
					"%s:%d: DOCTYPE declarations are not accepted "
					"(no DTDs or entities)",
					name, line);
		return ec_error(err, EC_DATA,
				"%s: DOCTYPE declarations are not accepted (no DTDs or entities)",
				name);
	}
	return 0;
}

int xml_parse_memory(const char *buf, size_t len, const char *name,
		     xmlDocPtr *out, struct strbuf *err)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	int rc;

	xml_init();
	*out = NULL;
	if (len > INT_MAX)
		return ec_error(err, EC_DATA, "%s: document too large", name);
	if ((rc = prolog_doctype_line(buf, len > 65536 ? 65536 : len)))
		return doctype_error(name, rc, err);
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return ec_error(err, EC_INTERNAL, "%s: cannot create XML parser", name);
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL, XML_SAFE_OPTIONS);
	if (!doc || !ctxt->wellFormed) {
		error_from(xmlCtxtGetLastError(ctxt), name, "not well-formed XML", err);
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return EC_DATA;
	}
	xmlFreeParserCtxt(ctxt);
	if ((rc = refuse_doctype(doc, name, err))) {
		xmlFreeDoc(doc);
		return rc;
	}
	*out = doc;
	return 0;
}

/*
 * Input from a file descriptor, with one more limit than libxml2's own: a
 * run of XML_MAX_RUN bytes without a '<' (a text node or an attribute value
 * that long) stops the parse. libxml2 would refuse such a text at 10 MB
 * anyway, but its streaming validator copies the text quadratically before
 * it gets there; our formats never need a megabyte between two tags.
 */
#define XML_MAX_RUN (1024 * 1024)

struct xml_io {
	int fd;
	xml_pread_fn pread; /* instead of fd (xml_reader_open_fn) */
	void *data;
	int64_t off;        /* where pread reads next */
	size_t run;     /* bytes since the last '<' */
	int *too_long;  /* set when the limit stops the parse */
};

static int read_fd(void *ctx, char *buf, int len)
{
	struct xml_io *io = ctx;
	ssize_t n;

	if (io->pread) {
		n = io->pread(io->data, buf, (size_t)len, io->off);
		if (n > 0)
			io->off += n;
	} else {
		do
			n = read(io->fd, buf, (size_t)len);
		while (n < 0 && errno == EINTR);
	}
	if (n <= 0)
		return n < 0 ? -1 : 0;
	/* The run before the first '<' of the block continues the previous
	 * one; the run after the last '<' carries on into the next block. Runs
	 * between tags inside a block are shorter than the block, which is
	 * far shorter than the limit (libxml2 reads 4 KB at a time). */
	{
		const char *first = memchr(buf, '<', (size_t)n);

		if (!first)
			io->run += (size_t)n;
		else if (io->run + (size_t)(first - buf) > XML_MAX_RUN)
			io->run += (size_t)(first - buf);
		else
			io->run = (size_t)(buf + n - (const char *)memrchr(buf, '<', (size_t)n) - 1);
	}
	if (io->run > XML_MAX_RUN) {
		*io->too_long = 1;
		return -1;
	}
	return (int)n;
}

static int close_fd(void *ctx)
{
	struct xml_io *io = ctx;

	if (io->fd >= 0)
		close(io->fd);
	free(io);
	return 0;
}

static int too_long_error(const char *name, struct strbuf *err)
{
	return ec_error(err, EC_DATA,
			"%s: a text or attribute value longer than %d bytes", name,
			XML_MAX_RUN);
}

/* The head of the input (a DOCTYPE in the prolog is refused before the
 * parser sees it), then the reader state. */
static int open_io(const char *path, int fd, xml_pread_fn fn, void *data,
		   int *too_long, struct xml_io **out, struct strbuf *err)
{
	char head[65536];
	ssize_t n;
	int line;

	n = fn ? fn(data, head, sizeof(head), 0) : pread(fd, head, sizeof(head), 0);
	if (n < 0) {
		int rc = fn ? EC_IO : ec_errno(err, "cannot read", path);

		if (fn && !err->len)
			ec_error(err, EC_IO, "cannot read '%s'", path);
		if (fd >= 0)
			close(fd);
		return rc;
	}
	if ((line = prolog_doctype_line(head, (size_t)n))) {
		if (fd >= 0)
			close(fd);
		return doctype_error(path, line, err);
	}
	*too_long = 0;
	*out = xcalloc(1, sizeof(**out));
	(*out)->fd = fd;
	(*out)->pread = fn;
	(*out)->data = data;
	(*out)->too_long = too_long;
	return 0;
}

static int open_fd(const char *path, int *too_long, struct xml_io **out,
		   struct strbuf *err)
{
	/* "-": standard input, which must be seekable (the head is read
	 * twice); cmd/import.c spools a pipe into a temporary file */
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC)
				   : fcntl(0, F_DUPFD_CLOEXEC, 3);

	if (fd < 0)
		return ec_errno(err, "cannot open", path);
	return open_io(path, fd, NULL, NULL, too_long, out, err);
}

int xml_parse_file(const char *path, xmlDocPtr *out, struct strbuf *err)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	struct xml_io *fd = NULL;
	int rc, too_long = 0;

	xml_init();
	*out = NULL;
	if ((rc = open_fd(path, &too_long, &fd, err)))
		return rc;
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		close_fd(fd);
		return ec_error(err, EC_INTERNAL, "%s: cannot create XML parser", path);
	}
	doc = xmlCtxtReadIO(ctxt, read_fd, close_fd, fd, path, NULL, XML_SAFE_OPTIONS);
	if (!doc || !ctxt->wellFormed) {
		if (too_long)
			too_long_error(path, err);
		else
			error_from(xmlCtxtGetLastError(ctxt), path, "not well-formed XML", err);
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return EC_DATA;
	}
	xmlFreeParserCtxt(ctxt);
	if ((rc = refuse_doctype(doc, path, err))) {
		xmlFreeDoc(doc);
		return rc;
	}
	*out = doc;
	return 0;
}

/* Compiled schemas are kept for the life of the process. */
struct schema_cache {
	const char *name;
	xmlSchemaPtr schema;
};
static struct schema_cache schemas[16];

static void collect_error(void *ctx, xmlError *e)
{
	struct strbuf *sb = ctx;

	if (sb->len || !e || e->level < XML_ERR_ERROR)
		return; /* keep the first error */
	if (e->line > 0)
		strbuf_addf(sb, "%d\t", e->line);
	else
		strbuf_addstr(sb, "0\t");
	strbuf_addstr(sb, e->message ? e->message : "invalid");
	strbuf_trim(sb);
}

static int load_schema(const char *name, xmlSchemaPtr *out, struct strbuf *err)
{
	struct strbuf url = STRBUF_INIT;
	xmlSchemaParserCtxtPtr pctxt;
	xmlSchemaPtr s;
	size_t i;

	xml_init();
	for (i = 0; i < ARRAY_SIZE(schemas) && schemas[i].name; i++)
		if (!strcmp(schemas[i].name, name)) {
			*out = schemas[i].schema;
			return 0;
		}
	if (i == ARRAY_SIZE(schemas) || !embedded_find(name))
		return ec_error(err, EC_INTERNAL, "schema '%s' is not built in", name);
	strbuf_addf(&url, EMBEDDED_PREFIX "%s", name);
	pctxt = xmlSchemaNewParserCtxt(url.buf);
	strbuf_release(&url);
	s = pctxt ? xmlSchemaParse(pctxt) : NULL;
	xmlSchemaFreeParserCtxt(pctxt);
	if (!s)
		return ec_error(err, EC_INTERNAL, "schema '%s' does not compile", name);
	schemas[i].name = xstrdup(name); /* callers may pass a temporary */
	schemas[i].schema = s;
	*out = s;
	return 0;
}

static int validity_error(struct strbuf *collected, const char *name,
			  struct strbuf *err)
{
	char *tab = strchr(collected->buf, '\t');
	long line = strtol(collected->buf, NULL, 10);

	if (line > 0)
		return ec_error(err, EC_DATA, "%s:%ld: not valid: %s", name, line,
				tab ? tab + 1 : collected->buf);
	return ec_error(err, EC_DATA, "%s: not valid: %s", name,
			tab ? tab + 1 : collected->buf);
}

int xml_validate(xmlDocPtr doc, const char *schema, const char *name,
		 struct strbuf *err)
{
	struct strbuf collected = STRBUF_INIT;
	xmlSchemaValidCtxtPtr vctxt;
	xmlSchemaPtr s;
	int rc;

	if ((rc = load_schema(schema, &s, err)))
		return rc;
	vctxt = xmlSchemaNewValidCtxt(s);
	if (!vctxt)
		return ec_error(err, EC_INTERNAL, "cannot create validator");
	xmlSchemaSetValidStructuredErrors(vctxt, collect_error, &collected);
	rc = xmlSchemaValidateDoc(vctxt, doc);
	xmlSchemaFreeValidCtxt(vctxt);
	if (rc != 0) {
		if (!collected.len)
			strbuf_addstr(&collected, "0\tdocument does not match the schema");
		rc = validity_error(&collected, name, err);
	}
	strbuf_release(&collected);
	return rc;
}

struct xml_reader {
	xmlTextReaderPtr r;
	char *name;
	struct strbuf errors;
	xmlSchemaValidCtxtPtr vctxt;
	int too_long;
};

static void reader_error(void *arg, xmlError *e)
{
	collect_error(arg, e);
}

static int reader_open(const char *path, xml_pread_fn fn, void *data,
		       const char *schema, struct xml_reader **out,
		       struct strbuf *err)
{
	struct xml_reader *xr;
	xmlSchemaPtr s = NULL;
	struct xml_io *fd = NULL;
	int rc;

	xml_init();
	*out = NULL;
	if (schema && (rc = load_schema(schema, &s, err)))
		return rc;
	xr = xcalloc(1, sizeof(*xr));
	if ((rc = fn ? open_io(path, -1, fn, data, &xr->too_long, &fd, err)
		     : open_fd(path, &xr->too_long, &fd, err))) {
		free(xr);
		return rc;
	}
	strbuf_init(&xr->errors, 0);
	xr->name = xstrdup(path);
	xr->r = xmlReaderForIO(read_fd, close_fd, fd, path, NULL, XML_SAFE_OPTIONS);
	if (!xr->r) {
		close_fd(fd);
		xml_reader_close(xr);
		return ec_error(err, EC_INTERNAL, "%s: cannot create XML reader", path);
	}
	xmlTextReaderSetStructuredErrorHandler(xr->r, NULL, NULL);
	xmlTextReaderSetErrorHandler(xr->r, NULL, NULL);
	if (s) {
		xr->vctxt = xmlSchemaNewValidCtxt(s);
		xmlSchemaSetValidStructuredErrors(xr->vctxt, reader_error, &xr->errors);
		if (xmlTextReaderSchemaValidateCtxt(xr->r, xr->vctxt, 0) != 0) {
			xml_reader_close(xr);
			return ec_error(err, EC_INTERNAL, "%s: cannot start validation", path);
		}
	}
	*out = xr;
	return 0;
}

int xml_reader_open(const char *path, const char *schema,
		    struct xml_reader **out, struct strbuf *err)
{
	return reader_open(path, NULL, NULL, schema, out, err);
}

int xml_reader_open_fn(const char *name, xml_pread_fn fn, void *data,
		       const char *schema, struct xml_reader **out,
		       struct strbuf *err)
{
	return reader_open(name, fn, data, schema, out, err);
}

int xml_reader_next(struct xml_reader *xr, struct strbuf *err)
{
	int rc = xmlTextReaderRead(xr->r);

	if (rc == 1 && xmlTextReaderNodeType(xr->r) == XML_READER_TYPE_DOCUMENT_TYPE)
		return ec_error(err, EC_DATA,
				"%s:%d: DOCTYPE declarations are not accepted "
				"(no DTDs or entities)",
				xr->name, xmlTextReaderGetParserLineNumber(xr->r));
	if (xr->too_long)
		return too_long_error(xr->name, err);
	if (xr->errors.len)
		return validity_error(&xr->errors, xr->name, err);
	if (rc < 0) {
		const xmlError *e = xmlGetLastError();

		error_from(e, xr->name, "not well-formed XML", err);
		return EC_DATA;
	}
	if (rc == 0 && xr->vctxt && xmlTextReaderIsValid(xr->r) != 1)
		return ec_error(err, EC_DATA, "%s: not valid against the schema", xr->name);
	return rc;
}

xmlTextReaderPtr xml_reader_handle(struct xml_reader *xr)
{
	return xr->r;
}

void xml_reader_close(struct xml_reader *xr)
{
	if (!xr)
		return;
	if (xr->r)
		xmlFreeTextReader(xr->r);
	if (xr->vctxt)
		xmlSchemaFreeValidCtxt(xr->vctxt);
	strbuf_release(&xr->errors);
	free(xr->name);
	free(xr);
}

char *xml_attr(xmlNodePtr node, const char *name)
{
	xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}
