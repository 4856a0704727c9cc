#include "core/common.h"
#include "core/date.h"
#include "rules/score.h"

static const char *const colour_names[COLOUR_COUNT] = {
	"green", "blue", "yellow", "red", "black",
};

const char *score_colour_name(int colour)
{
	if (colour < 0 || colour >= COLOUR_COUNT)
		return "?";
	return colour_names[colour];
}

int score_colour_parse(const char *name)
{
	for (int i = 0; i < COLOUR_COUNT; i++)
		if (name && !strcmp(name, colour_names[i]))
			return i;
	return -1;
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
