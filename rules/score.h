#ifndef SCORE_H
#define SCORE_H

/*
 * The meanings of the rating method (docs/rating.md, semantics), separate from its
 * figures (which live in the rule set). Pure functions, no I/O: the engine
 * (ratings/), `explain`, `simulate` and `rules test` all compute a colour
 * through score_apply, so they cannot disagree.
 *
 * Colours are ordered best to worst; "one step worse" is +1, capped at
 * black; "capped at red" means never better than red.
 */
enum score_colour {
	COLOUR_GREEN,
	COLOUR_BLUE,
	COLOUR_YELLOW,
	COLOUR_RED,
	COLOUR_BLACK,
	COLOUR_COUNT
};

enum score_effect { EFFECT_NONE, EFFECT_VETO, EFFECT_INCIDENT };

/* One row of the rule set's event table. */
struct score_rule {
	const char *type; /* core/evtype.h code */
	int points;       /* signed: deductions < 0, additions > 0 */
	int months;       /* validity */
	enum score_effect effect;
	int line;         /* in the rule-set file */
};

/* The figures score_apply needs (filled from a rule set). */
struct score_model {
	int start, max;
	int band_min[COLOUR_COUNT], band_max[COLOUR_COUNT];
	int band_has_min[COLOUR_COUNT], band_has_max[COLOUR_COUNT];
	int veto_cap;       /* a colour */
	int incident_steps; /* per active incident */
};

struct score_result {
	int score;
	int band;       /* colour of the score band */
	int colour;     /* after incidents, veto and override */
	int incidents;  /* active incidents applied */
	int vetoed;     /* 1 when the veto cap made the colour worse */
	int overridden; /* 1 when an override replaced the colour */
};

const char *score_colour_name(int colour); /* "green" ... */
/* A colour as people write it: the English name ("green") or the Chinese
 * one (绿色, also 绿); -1 when not a colour name. What is stored is always
 * score_colour_name() of the result (docs/i18n.md). */
int score_colour_parse(const char *name);
/* "绿色" ... (the names reports and packages print) */
const char *score_colour_zh(int colour);
/* An emergency alert level as people write it: none, yellow, orange, red,
 * or 无, 黄色, 橙色, 红色 (also 黄, 橙, 红 and 黄色预警 ...), n bytes of s.
 * Returns the English name to store and pass on, or NULL. */
const char *alert_level_parse(const char *s, size_t n);

/* The window of an event dated day: [*start, *end), end = the same
 * calendar day `months` later, clamped to month end (docs/rating.md, semantics). */
void score_window(int day, int offset_days, int months, int *start, int *end);
/* 1 when an event dated day counts on as_of. */
int score_active(int day, int offset_days, int months, int as_of);
/*
 * The latest event date whose window has ended by as_of: an event dated d
 * is active on as_of iff threshold < d <= as_of - offset_days. Lets the
 * engine select active events with plain date comparisons in SQL.
 */
int score_active_after(int as_of, int offset_days, int months);

/* The band colour of a score (bands cover every score, checked on load). */
int score_band(const struct score_model *m, int score);
/*
 * Score = min(max, start + points_sum); colour = band, then each active
 * incident one step worse, then an active veto caps at veto_cap, then an
 * override (override_colour >= 0) replaces it.
 */
void score_apply(const struct score_model *m, int points_sum, int incidents,
		 int vetoes, int override_colour, struct score_result *out);

#endif
