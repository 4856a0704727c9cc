#include "core/common.h"
#include "core/xml.h"
#include "exporters/ruletext.h"

struct entry {
	char *kind, *key, *text;
};

struct rule_texts {
	struct entry *e;
	size_t nr, alloc;
};

static void add(struct rule_texts *rt, const char *kind, const char *key,
		const char *text)
{
	ALLOC_GROW(rt->e, rt->nr + 1, rt->alloc);
	rt->e[rt->nr].kind = xstrdup(kind);
	rt->e[rt->nr].key = xstrdup(key ? key : "");
	rt->e[rt->nr].text = xstrdup(text);
	rt->nr++;
}

static int is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static void add_node(struct rule_texts *rt, const char *kind, const char *key,
		     xmlNodePtr n)
{
	xmlChar *t = xmlNodeGetContent(n);

	if (t && key)
		add(rt, kind, key, (const char *)t);
	xmlFree(t);
}

static void parse(struct rule_texts *rt, xmlNodePtr pub)
{
	for (xmlNodePtr n = pub->children; n; n = n->next) {
		char *key;

		if (is(n, "list")) {
			key = xml_attr(n, "channel");
			for (xmlNodePtr c = n->children; c; c = c->next)
				if (c->type == XML_ELEMENT_NODE)
					add_node(rt, (const char *)c->name, key, c);
		} else if (is(n, "grade")) {
			key = xml_attr(n, "code");
			add_node(rt, "grade", key, n);
		} else if (is(n, "rule")) {
			key = xml_attr(n, "ref");
			add_node(rt, "rule", key, n);
		} else {
			continue;
		}
		free(key);
	}
}

int rule_texts_load(struct db *db, const char *sha256, struct rule_texts **out,
		    struct strbuf *err)
{
	struct db_stmt *st = NULL;
	struct rule_texts *rt = xcalloc(1, sizeof(*rt));
	xmlDocPtr doc = NULL;
	int rc;

	*out = NULL;
	if ((rc = db_prepare(db, "SELECT xml FROM rule_set WHERE sha256 = ?1", &st, err)))
		goto out;
	db_bind_text(st, 1, sha256);
	rc = db_step(st, err);
	if (rc < 0)
		goto out;
	if (rc == DB_ROW && db_column_bytes(st, 0) > 0) {
		struct strbuf ignore = STRBUF_INIT;

		/* A stored set was validated when it was loaded; one that no
		 * longer parses simply has no wording. */
		if (!xml_parse_memory(db_column_blob(st, 0), db_column_bytes(st, 0),
				      "rule set", &doc, &ignore)) {
			xmlNodePtr root = xmlDocGetRootElement(doc);

			for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next)
				if (is(n, "publication"))
					parse(rt, n);
		}
		strbuf_release(&ignore);
	}
	rc = 0;
out:
	if (doc)
		xmlFreeDoc(doc);
	db_finalize(st);
	if (rc) {
		rule_texts_free(rt);
		return rc;
	}
	*out = rt;
	return 0;
}

void rule_texts_free(struct rule_texts *rt)
{
	if (!rt)
		return;
	for (size_t i = 0; i < rt->nr; i++) {
		free(rt->e[i].kind);
		free(rt->e[i].key);
		free(rt->e[i].text);
	}
	free(rt->e);
	free(rt);
}

const char *rule_text(const struct rule_texts *rt, const char *kind,
		      const char *key)
{
	for (size_t i = 0; rt && i < rt->nr; i++)
		if (!strcmp(rt->e[i].kind, kind) && !strcmp(rt->e[i].key, key))
			return rt->e[i].text;
	return NULL;
}

char *rule_ids_next(const char **p)
{
	const char *s = *p + strspn(*p, " ");
	size_t n = strcspn(s, " ");

	*p = s + n;
	return n ? xstrndup(s, n) : NULL;
}

int rule_texts_rule(const struct rule_texts *rt, size_t i, const char **id,
		    const char **text)
{
	size_t k = 0;

	for (size_t j = 0; rt && j < rt->nr; j++) {
		if (strcmp(rt->e[j].kind, "rule"))
			continue;
		if (k++ == i) {
			*id = rt->e[j].key;
			*text = rt->e[j].text;
			return 1;
		}
	}
	return 0;
}
