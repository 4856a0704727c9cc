#ifndef XML_H
#define XML_H

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include <stdint.h>
#include <sys/types.h>

#include "core/strbuf.h"

/*
 * The libxml2 wrapper: every document is parsed here, with the safe options
 * set once — XML_PARSE_NONET, never NOENT or DTDLOAD, default size limits
 * (no XML_PARSE_HUGE), and a document with a DOCTYPE is refused outright:
 * none of our formats has one, so entities and external subsets never get
 * a chance. Schemas are the project's XSDs compiled into the binary
 * (core/embed.h); their xs:include/xs:import resolve only to other
 * embedded files, never to the file system or the network.
 *
 * Errors name the document and line: "permits.xml:12: ...".
 */
const char *xml_library_version(void);

/* Parse a whole document (small documents only: rule sets, exports). */
int xml_parse_file(const char *path, xmlDocPtr *out, struct strbuf *err);
int xml_parse_memory(const char *buf, size_t len, const char *name,
		     xmlDocPtr *out, struct strbuf *err);
/* Validate doc against the embedded schema ("importers/permits.xsd"). */
int xml_validate(xmlDocPtr doc, const char *schema, const char *name,
		 struct strbuf *err);

/* Stream a large document: an xmlTextReader with the safe options and, when
 * schema is not NULL, streaming validation against that embedded schema.
 * Read with xml_reader_next(); errors (well-formedness, validity, DOCTYPE)
 * come back as negative codes with err filled. */
struct xml_reader;
int xml_reader_open(const char *path, const char *schema,
		    struct xml_reader **out, struct strbuf *err);
/* The same over bytes the caller reads: fn reads len bytes at off (fewer
 * at the end, 0 past it, <0 with the error in err on failure). The
 * importers use it to hash a file in the same read that parses it. */
typedef ssize_t (*xml_pread_fn)(void *data, void *buf, size_t len,
				int64_t off);
int xml_reader_open_fn(const char *name, xml_pread_fn fn, void *data,
		       const char *schema, struct xml_reader **out,
		       struct strbuf *err);
/* 1 node read, 0 end of document, <0 error. */
int xml_reader_next(struct xml_reader *r, struct strbuf *err);
xmlTextReaderPtr xml_reader_handle(struct xml_reader *r);
void xml_reader_close(struct xml_reader *r);

/* The value of attribute name on node as a new C string, or NULL. */
char *xml_attr(xmlNodePtr node, const char *name);

#endif
