#include "core/common.h"
#include "core/date.h"
#include "synth/synthInt.h"

/* The permits file, docs/importers-permits.md: one <permit> per enterprise (a few have a
 * second site), written one record at a time. */

static void add_number(struct strbuf *sb, double v)
{
	double r = (double)(long long)v;

	synth_add_fixed(sb, v, v == r ? 0 : (v * 10 == (double)(long long)(v * 10)) ? 1 : 2);
}

static void add_date_attr(struct strbuf *sb, const char *name, int day)
{
	char text[DATE_TEXT_SIZE];

	date_format(day, text);
	strbuf_addf(sb, " %s=\"%s\"", name, text);
}

static void add_outlet(struct strbuf *sb, const struct synth_outlet *o)
{
	strbuf_addf(sb, "    <outlet code=\"%s\" kind=\"%s\"", o->code,
		    o->water ? "water" : "air");
	if (o->monitored)
		strbuf_addf(sb, " mn=\"%s\"", o->mn);
	strbuf_addf(sb, " ultra-low=\"%s\"", o->ultra_low ? "true" : "false");
	if (o->unit[0])
		strbuf_addf(sb, " unit=\"%s\" commissioned=\"%s\"", o->unit,
			    o->commissioned);
	strbuf_addstr(sb, ">\n");
	for (int k = 0; k < o->nlimits; k++) {
		const struct synth_limit *l = &o->limits[k];

		strbuf_addf(sb, "      <limit pollutant=\"%s\" conc=\"", l->pollutant);
		add_number(sb, l->conc);
		strbuf_addch(sb, '"');
		if (l->ultra_low_conc > 0) {
			strbuf_addstr(sb, " ultra-low-conc=\"");
			add_number(sb, l->ultra_low_conc);
			strbuf_addch(sb, '"');
		}
		if (l->annual_t > 0) {
			strbuf_addstr(sb, " annual-t=\"");
			synth_add_fixed(sb, l->annual_t, 1);
			strbuf_addch(sb, '"');
		}
		strbuf_addstr(sb, "/>\n");
	}
	strbuf_addstr(sb, "    </outlet>\n");
}

static void add_permit(struct strbuf *sb, const struct synth_ent *e, int seq,
		       int issued, int valid_to, const struct synth_outlet *outlets,
		       int noutlets, const char *region)
{
	strbuf_addf(sb, "  <permit no=\"%s%03dP\" status=\"valid\"", e->uscc, seq);
	add_date_attr(sb, "issued", issued);
	add_date_attr(sb, "valid-from", issued);
	add_date_attr(sb, "valid-to", valid_to);
	strbuf_addf(sb, ">\n    <enterprise uscc=\"%s\" name=\"", e->uscc);
	strbuf_add_xml_escaped(sb, e->name);
	strbuf_addf(sb, "\" region=\"%s\" town=\"%s\"/>\n", region, e->town);
	strbuf_addf(sb, "    <industry code=\"%s\" name=\"", e->ind->code);
	strbuf_add_xml_escaped(sb, e->ind->name);
	strbuf_addf(sb, "\" key-industry=\"%s\"/>\n",
		    e->ind->key_industry ? "true" : "false");
	strbuf_addf(sb, "    <class>%s</class>\n    <grade>%s</grade>\n"
			"    <guarantee>%s</guarantee>\n",
		    e->class_, e->grade, e->guarantee ? "true" : "false");
	for (int k = 0; k < noutlets; k++)
		add_outlet(sb, &outlets[k]);
	strbuf_addstr(sb, "  </permit>\n");
}

int synth_write_permits(const struct synth_city *c, const char *path,
			struct synth_summary *sum, struct strbuf *err)
{
	struct synth_file *f = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct synth_ent e;
	char day[DATE_TEXT_SIZE];
	int rc;

	if ((rc = synth_file_open(path, 0, &f, err)))
		goto out;
	date_format(c->as_of, day);
	strbuf_addf(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			 "<permits xmlns=\"urn:ecredit:permits:1\""
			 " generated=\"%sT22:00:00+08:00\">\n", day);
	for (long i = 0; i < c->enterprises; i++) {
		synth_enterprise(c, i, &e);
		sum->enterprises++;
		sum->bad_usccs += !e.uscc_ok;
		if (!sum->sample_uscc[0] && e.uscc_ok)
			memcpy(sum->sample_uscc, e.uscc, sizeof(sum->sample_uscc));
		add_permit(&sb, &e, 1, e.issued, e.valid_to, e.outlets, e.noutlets,
			   c->region);
		sum->permits++;
		for (int k = 0; k < e.noutlets; k++) {
			sum->outlets++;
			sum->monitored_outlets += e.outlets[k].monitored;
		}
		if (e.second_permit) {
			/* a second site: one unmonitored outlet, its own dates */
			struct synth_outlet o;
			int issued = e.issued - 200 - (int)(e.index % 97);

			if (e.noutlets)
				o = e.outlets[e.noutlets - 1];
			else
				memset(&o, 0, sizeof(o));
			o.monitored = 0;
			o.mn[0] = '\0';
			add_permit(&sb, &e, 2, issued, date_add_months(issued, 60) - 1,
				   &o, e.noutlets ? 1 : 0, c->region);
			sum->permits++;
			sum->outlets += e.noutlets ? 1 : 0;
		}
		if (sb.len >= 1 << 16) {
			if ((rc = synth_file_write(f, sb.buf, sb.len, err)))
				goto out;
			strbuf_reset(&sb);
		}
	}
	strbuf_addstr(&sb, "</permits>\n");
	rc = synth_file_write(f, sb.buf, sb.len, err);
out:
	if (f) {
		int rc2 = synth_file_close(f, !rc, rc ? NULL : err);

		if (!rc)
			rc = rc2;
	}
	strbuf_release(&sb);
	return rc;
}
