/* scr_intro.c - before the first code: have the letter ready, think of the
 * PINs first, about 30 seconds per code. When the card is half activated
 * it says which PIN is already set and which one is left. */
#include "screens.h"

/* The introduction, or the "continue" variant for a half-done card. */
static void intro_draw(struct scr *c)
{
	const struct app *a = c->app;
	bool resume = a->need[0] != a->need[1];

	scr_title(c, resume ? MSG_ACT_RESUME_TITLE : MSG_ACT_TITLE);
	if (resume)
		scr_para(c, a->need[1] ? MSG_ACT_RESUME_PIN2 : MSG_ACT_RESUME_PIN1,
		         0, ROLE_WARNING);
	scr_para(c, MSG_ACT_INTRO_LETTER, 0, ROLE_NORMAL);
	if (!resume)
		scr_para(c, MSG_ACT_INTRO_PINS, 0, ROLE_NORMAL);
	scr_para(c, MSG_ACT_INTRO_TIME, c->set->code_timeout, ROLE_NORMAL);
	scr_notice(c);
	scr_para(c, MSG_ACT_INTRO_START, 0, ROLE_TITLE);
	scr_hint(c, MSG_HINT_ENTER);
	scr_hint(c, MSG_HINT_ESC_CANCEL);
	scr_hint_lang(c);
}

/* Enter starts, Esc cancels. */
static struct fsm_event intro_key(struct scr *c, int key)
{
	if (key == SK_ENTER)
		return scr_ev(EV_ENTER, 0);
	if (key == SK_ESC)
		return scr_ev(EV_BACK, 0);
	return scr_ev(EV_NONE, 0);
}

const struct screen screen_intro = {
	.draw = intro_draw,
	.key = intro_key,
};
