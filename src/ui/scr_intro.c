/* scr_intro.c - before the first code of a journey: what the citizen needs
 * (the letter, or the current PIN), and about 30 seconds per code. An
 * activation of a half activated card says which PIN is already set. */
#include "screens.h"

/* The activation: letter, the two PINs to think of; or what is left. */
static void intro_activate(struct scr *c)
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
}

/* Unblocking (or a forgotten PIN): the letter, then the new PIN twice. */
static void intro_unblock(struct scr *c)
{
	int i = c->app->cur;

	scr_title(c, i == 0 ? MSG_UNBLOCK_PIN1_TITLE : MSG_UNBLOCK_PIN2_TITLE);
	if (c->app->info.code[i].tries_left == 0)
		scr_para(c, MSG_BLOCKED_PIN_TEXT, 0, ROLE_WARNING);
	scr_para(c, MSG_UNBLOCK_INTRO, 0, ROLE_NORMAL);
}

/* Changing: the current PIN, then the new one twice. */
static void intro_change(struct scr *c)
{
	scr_title(c, c->app->cur == 0 ? MSG_CHANGE_PIN1_TITLE
	                              : MSG_CHANGE_PIN2_TITLE);
	scr_para(c, MSG_CHANGE_INTRO, 0, ROLE_NORMAL);
}

/* The introduction of the journey underway. */
static void intro_draw(struct scr *c)
{
	switch (c->app->kind) {
	case J_UNBLOCK: intro_unblock(c); break;
	case J_CHANGE: intro_change(c); break;
	default: intro_activate(c); break;
	}
	scr_para(c, MSG_ACT_INTRO_TIME, c->set->code_timeout, ROLE_NORMAL);
	scr_notice(c);
	scr_para(c, MSG_ACT_INTRO_START, 0, ROLE_TITLE);
	scr_hint(c, MSG_HINT_ENTER);
	scr_hint(c, c->app->kind == J_ACTIVATE ? MSG_HINT_ESC_CANCEL
	                                       : MSG_HINT_ESC_BACK);
	scr_hint_lang(c);
}

/* Enter starts, Esc cancels. */
static struct fsm_event intro_key(struct scr *c, int key)
{
	return scr_enter_esc(key);
}

const struct screen screen_intro = {
	.draw = intro_draw,
	.key = intro_key,
};
