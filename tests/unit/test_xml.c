#include "unit.h"
#include "core/embed.h"
#include "core/xml.h"

static int parse(const char *text, xmlDocPtr *doc, struct strbuf *err)
{
	return xml_parse_memory(text, strlen(text), "t.xml", doc, err);
}

static void schema_include_resolves_to_embedded(void **state)
{
	struct strbuf err = STRBUF_INIT;
	/* The shipped rule set: its schema includes linkage.xsd. */
	const struct embedded_file *f = embedded_find("rules/jiangsu-2020.xml");
	xmlDocPtr doc;

	(void)state;
	assert_non_null(f);
	assert_int_equal(xml_parse_memory((const char *)f->data, f->size, "t.xml",
					  &doc, &err), 0);
	assert_int_equal(xml_validate(doc, "rules/ruleset.xsd", "t.xml", &err), 0);
	xmlFreeDoc(doc);
	assert_int_equal(parse("<ruleset xmlns=\"urn:ecredit:rules:1\">\n<linkage/>"
			       "</ruleset>", &doc, &err), 0);
	assert_int_equal(xml_validate(doc, "rules/ruleset.xsd", "t.xml", &err), EC_DATA);
	assert_non_null(strstr(err.buf, "t.xml:1: not valid"));
	xmlFreeDoc(doc);
	strbuf_release(&err);
}

static void doctype_and_entities_refused(void **state)
{
	struct strbuf err = STRBUF_INIT;
	xmlDocPtr doc = NULL;

	(void)state;
	assert_int_equal(parse("<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n"
			       "<!ENTITY a \"aaaaaaaaaa\">\n"
			       "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
			       "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
			       "]>\n<r>&c;</r>", &doc, &err), EC_DATA);
	assert_null(doc);
	assert_non_null(strstr(err.buf, "DOCTYPE"));
	assert_int_equal(parse("<!DOCTYPE r SYSTEM \"file:///etc/passwd\"><r/>", &doc, &err),
			 EC_DATA);
	assert_int_equal(parse("<r><unclosed></r>", &doc, &err), EC_DATA);
	assert_non_null(strstr(err.buf, "t.xml:1: not well-formed"));
	strbuf_release(&err);
}

static void deep_nesting_refused(void **state)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	xmlDocPtr doc = NULL;

	(void)state;
	for (int i = 0; i < 100000; i++)
		strbuf_addstr(&text, "<a>");
	assert_int_equal(xml_parse_memory(text.buf, text.len, "deep.xml", &doc, &err),
			 EC_DATA);
	assert_null(doc);
	strbuf_release(&text);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(schema_include_resolves_to_embedded),
		cmocka_unit_test(doctype_and_entities_refused),
		cmocka_unit_test(deep_nesting_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
