/* scr_entry.c - typing a code: the activation code, the current PIN (a
 * change or a test), a new PIN, the new PIN again, or the staff code. Tries left come first, then the prompt and
 * its rules, the masked field, the countdown and any notice. Digits go to
 * the model's secret as events; this screen only ever learns how many. */
#include "build-config.h"
#include <stdio.h>
#include "screens.h"

/* What one entry state says. */
struct entry_text {
	enum msg_id prompt, help, label;
};

/* Prompt, help and field label of a state. */
static struct entry_text entry_text(const struct app *a)
{
	int i = a->cur;

	switch (a->fsm.state) {
	case ST_ENTER_OLD:
		return (struct entry_text){
			i == 0 ? MSG_PROMPT_CURRENT_PIN1 : MSG_PROMPT_CURRENT_PIN2,
			MSG_COUNT, i == 0 ? MSG_NAME_PIN1 : MSG_NAME_PIN2 };
	case ST_TEST_ENTER:
		return (struct entry_text){
			i == 0 ? MSG_PROMPT_TEST_PIN1 : MSG_PROMPT_TEST_PIN2,
			i == 0 ? MSG_TEST_INTRO : MSG_TEST_INTRO_PIN2,
			i == 0 ? MSG_NAME_PIN1 : MSG_NAME_PIN2 };
	case ST_ENTER_PUK:
		return (struct entry_text){ MSG_PROMPT_PUK, MSG_PROMPT_PUK_HELP,
		                            MSG_NAME_PUK };
	case ST_ENTER_PIN1:
		return (struct entry_text){ MSG_PROMPT_NEW_PIN1,
		                            MSG_PROMPT_PIN1_HELP, MSG_NAME_PIN1 };
	case ST_AGAIN_PIN1:
		return (struct entry_text){ MSG_PROMPT_NEW_PIN1_AGAIN,
		                            MSG_PROMPT_AGAIN_HELP, MSG_NAME_PIN1 };
	case ST_ENTER_PIN2:
		return (struct entry_text){ MSG_PROMPT_NEW_PIN2,
		                            MSG_PROMPT_PIN2_HELP, MSG_NAME_PIN2 };
	case ST_AGAIN_PIN2:
		return (struct entry_text){ MSG_PROMPT_NEW_PIN2_AGAIN,
		                            MSG_PROMPT_AGAIN_HELP, MSG_NAME_PIN2 };
	default:
		return (struct entry_text){ MSG_STAFF_CODE_PROMPT, MSG_COUNT,
		                            MSG_COUNT };
	}
}

/* Places shown in the field: the longest length the code may have. */
static int entry_cap(const struct scr *c)
{
	const struct settings *s = c->set;
	int cap = 0;

	switch (c->app->fsm.state) {
	case ST_ENTER_PUK:
		if (c->app->info.puk_len > 0)
			return c->app->info.puk_len;
		for (int i = 0; i < s->npuk_lengths; i++)
			if (s->puk_lengths[i] > cap)
				cap = s->puk_lengths[i];
		return cap;
	case ST_ENTER_PIN1: case ST_AGAIN_PIN1: return s->pin[0].max_len;
	case ST_ENTER_PIN2: case ST_AGAIN_PIN2: return s->pin[1].max_len;
	case ST_ENTER_OLD: case ST_TEST_ENTER: return APP_CODE_MAX;
	default: return 0;
	}
}

/* Tries left of a code that can be used up, before it is typed: the
 * activation code (a warning at two; with one left the kiosk never gets
 * here) or the current PIN (a warning at one, and how to unblock). */
static void entry_tries(struct scr *c)
{
	const struct app *a = c->app;
	int n;

	if ((a->fsm.state == ST_ENTER_PUK || a->fsm.state == ST_ENTER_OLD ||
	     a->fsm.state == ST_TEST_ENTER) &&
	    !a->info.code[a->fsm.state == ST_ENTER_PUK ? CODE_PUK : a->cur].known) {
		scr_para(c, MSG_TRIES_UNKNOWN, 0, ROLE_WARNING);
		return;
	}
	switch (a->fsm.state) {
	case ST_ENTER_PUK:
		n = a->info.code[CODE_PUK].tries_left;
		if (n < 0)
			return;
		scr_para(c, MSG_TRIES_LEFT, n, n <= 2 ? ROLE_WARNING : ROLE_NORMAL);
		if (n == 2)
			scr_para(c, MSG_PUK_FEW_LEFT, n, ROLE_WARNING);
		return;
	case ST_ENTER_OLD: case ST_TEST_ENTER:
		n = a->info.code[a->cur].tries_left;
		if (n < 0)
			return;
		scr_para(c, MSG_TRIES_LEFT, n, n <= 1 ? ROLE_WARNING : ROLE_NORMAL);
		if (n == 1) {
			scr_para(c, MSG_LAST_TRY, 0, ROLE_WARNING);
			scr_para(c, MSG_LAST_TRY_PIN_HELP, 0, ROLE_NORMAL);
		}
		return;
	default:
		return;
	}
}

/* The journey's title. */
static enum msg_id entry_title(const struct app *a)
{
	bool pin1 = a->cur == 0;

	if (a->fsm.state == ST_STAFF_CODE)
		return MSG_STAFF_TITLE;
	switch (a->kind) {
	case J_UNBLOCK:
		return pin1 ? MSG_UNBLOCK_PIN1_TITLE : MSG_UNBLOCK_PIN2_TITLE;
	case J_CHANGE:
		return pin1 ? MSG_CHANGE_PIN1_TITLE : MSG_CHANGE_PIN2_TITLE;
	case J_TEST:
		return pin1 ? MSG_TEST_TITLE : MSG_TEST_TITLE_PIN2;
	default:
		return a->need[0] != a->need[1] ? MSG_ACT_RESUME_TITLE
		                                : MSG_ACT_TITLE;
	}
}

/* The field, or why there is none (no staff code configured). */
static void entry_field(struct scr *c, const struct entry_text *t)
{
	const struct secret *s = app_entry(c->app, c->app->fsm.state, NULL);
	char label[256];

	if (c->app->fsm.state == ST_STAFF_CODE && !c->set->staff_code_set) {
		scr_para(c, MSG_STAFF_CODE_NONE, 0, ROLE_WARNING);
		return;
	}
	if (scr_rows_left(c) < 1)
		return;
	if (t->label < MSG_COUNT)
		scr_fmt(c, t->label, 0, label, sizeof label);
	else
		label[0] = '\0';
	wg_field(c->w, c->look, c->y, c->x + 2, label, s ? s->len : 0,
	         entry_cap(c));
	c->y += 2;
}

/* The whole entry screen; the countdown row is left for its window. */
static void entry_draw(struct scr *c)
{
	struct entry_text t = entry_text(c->app);

	scr_title(c, entry_title(c->app));
	entry_tries(c);
	if (c->app->fsm.state != ST_STAFF_CODE || c->set->staff_code_set)
		scr_para(c, t.prompt, 0, ROLE_NORMAL);
	if (t.help < MSG_COUNT)
		scr_para(c, t.help, 0, ROLE_NORMAL);
	entry_field(c, &t);
	if (scr_rows_left(c) >= 1) {
		c->count_y = c->y;
		c->y += 2;
	}
	scr_notice(c);
	scr_hint(c, MSG_HINT_DIGITS);
	scr_hint(c, MSG_HINT_ENTER);
	scr_hint(c, MSG_HINT_BACKSPACE);
	scr_hint(c, MSG_HINT_ESC_CANCEL);
	scr_hint_more_time(c);
	scr_hint_lang(c);
}

/* The countdown alone: each second only this is drawn again. */
static void entry_tick(struct scr *c)
{
	char text[128];

	if (!c->cw)
		return;
	scr_fmt(c, MSG_COUNTDOWN, c->app->count_left, text, sizeof text);
	wg_countdown(c->cw, c->look, c->app->count_left, c->app->count_total,
	             text);
}

/* Digits, Enter, Backspace (on a citizen's entry, back when nothing is
 * typed: a keypad has no Esc), Esc. */
static struct fsm_event entry_key(struct scr *c, int key)
{
	const struct secret *typed = app_entry(c->app, c->app->fsm.state, NULL);

	if (key >= '0' && key <= '9')
		return scr_ev(EV_DIGIT, key - '0');
	if (key == SK_ERASE)
		return scr_ev((typed && typed->len > 0) ||
		              c->app->fsm.state == ST_STAFF_CODE ? EV_ERASE : EV_BACK, 0);
	return scr_enter_esc(key);
}

const struct screen screen_entry = {
	.draw = entry_draw,
	.key = entry_key,
	.tick = entry_tick,
};
