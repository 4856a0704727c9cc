#include "core/common.h"
#include "core/date.h"
#include "core/i18n.h"
#include "rules/score.h"

/* N_: printed translated by the CLI (_(score_colour_name(c))) */
static const char *const colour_names[COLOUR_COUNT] = {
	N_("green"), N_("blue"), N_("yellow"), N_("red"), N_("black"),
};

const char *score_colour_name(int colour)
{
	if (colour < 0 || colour >= COLOUR_COUNT)
		return "?";
	return colour_names[colour];
}

static const char *const colour_zh[COLOUR_COUNT] = {
	"绿色", "蓝色", "黄色", "红色", "黑色",
};

const char *score_colour_zh(int colour)
{
	if (colour < 0 || colour >= COLOUR_COUNT)
		return "?";
	return colour_zh[colour];
}

/* s (n bytes) is name, or its Chinese name with or without the final 色,
 * or that followed by suffix (e.g. 预警). */
static int name_is(const char *s, size_t n, const char *en, const char *zh,
		   const char *suffix)
{
	size_t e = strlen(en), z = strlen(zh), c = strlen("色");

	if (n == e && !memcmp(s, en, n))
		return 1;
	if (n >= z && !memcmp(s, zh, z)) {
		if (n == z)
			return 1;
		if (suffix && n == z + strlen(suffix) &&
		    !memcmp(s + z, suffix, strlen(suffix)))
			return 1;
	}
	return z > c && n == z - c && !memcmp(s, zh, n);
}

int score_colour_parse(const char *name)
{
	for (int i = 0; name && i < COLOUR_COUNT; i++)
		if (name_is(name, strlen(name), colour_names[i], colour_zh[i], NULL))
			return i;
	return -1;
}

const char *alert_level_parse(const char *s, size_t n)
{
	static const char *const level[][2] = {
		{ "yellow", "黄色" }, { "orange", "橙色" }, { "red", "红色" },
	};

	if (!s)
		return NULL;
	if ((n == 4 && !memcmp(s, "none", 4)) || (n == strlen("无") && !memcmp(s, "无", n)))
		return "none";
	for (size_t i = 0; i < ARRAY_SIZE(level); i++)
		if (name_is(s, n, level[i][0], level[i][1], "预警"))
			return level[i][0];
	return NULL;
}

void score_window(int day, int offset_days, int months, int *start, int *end)
{
	*start = day + offset_days;
	*end = date_add_months(*start, months);
}

int score_active(int day, int offset_days, int months, int as_of)
{
	int start, end;

	score_window(day, offset_days, months, &start, &end);
	return start <= as_of && as_of < end;
}

int score_active_after(int as_of, int offset_days, int months)
{
	/* add_months is monotone in its start, so the starts whose window has
	 * ended by as_of form a prefix; find its last element. Going back
	 * `months` months lands inside it (clamping only moves earlier), and
	 * month lengths differ by at most 3 days, so a few steps suffice. */
	int s = date_add_months(as_of, -months);

	while (date_add_months(s + 1, months) <= as_of)
		s++;
	while (date_add_months(s, months) > as_of)
		s--;
	return s - offset_days;
}

int score_band(const struct score_model *m, int score)
{
	for (int c = 0; c < COLOUR_COUNT; c++)
		if ((!m->band_has_min[c] || score >= m->band_min[c]) &&
		    (!m->band_has_max[c] || score <= m->band_max[c]))
			return c;
	return COLOUR_BLACK; /* unreachable for a checked rule set */
}

void score_apply(const struct score_model *m, int points_sum, int incidents,
		 int vetoes, int override_colour, struct score_result *out)
{
	int colour;

	memset(out, 0, sizeof(*out));
	out->score = m->start + points_sum;
	if (out->score > m->max)
		out->score = m->max;
	out->band = colour = score_band(m, out->score);
	for (int i = 0; i < incidents && colour < COLOUR_BLACK; i++) {
		colour += m->incident_steps;
		if (colour > COLOUR_BLACK)
			colour = COLOUR_BLACK;
	}
	out->incidents = incidents;
	if (vetoes > 0 && colour < m->veto_cap) {
		colour = m->veto_cap;
		out->vetoed = 1;
	}
	if (override_colour >= 0 && override_colour < COLOUR_COUNT) {
		out->overridden = 1;
		colour = override_colour;
	}
	out->colour = colour;
}
