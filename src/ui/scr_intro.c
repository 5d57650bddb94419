/* scr_intro.c - before the first code of a journey, before any clock runs:
 * what the citizen needs (the letter, or the current PIN), the PIN rules
 * the site has on (so a PIN chosen at home is not refused under time
 * pressure), and the exact seconds per code and how to get more. An
 * activation of a half activated card says which PIN is already set. */
#include "build-config.h"
#include <stdio.h>
#include <string.h>
#include "screens.h"

/* What gives way when the body is too short for everything above the
 * prompt, the least needed first: the help for a citizen without the
 * letter, then a blocked PIN's story (the screen before told it). Never
 * the rules, the time or the prompt. */
enum intro_fit { FIT_ALL, FIT_NO_HELP, FIT_NO_STORY };

/* Message id, formatted, after the text in buf (a space between). */
static void intro_add(struct scr *c, char *buf, size_t bufsz, enum msg_id id,
                      int n)
{
	size_t o = strlen(buf);
	char one[512];

	scr_fmt(c, id, n, one, sizeof one);
	snprintf(buf + o, bufsz - o, "%s%s", o ? " " : "", one);
}

/* The rules the site has on for the PINs this journey sets, one sentence
 * each, after the text in buf. */
static void intro_rules(struct scr *c, char *buf, size_t bufsz)
{
	const struct app *a = c->app;
	bool date = false, run = false, same = false;

	for (int i = 0; i < 2; i++) {
		if (!a->need[i])
			continue;
		date |= c->set->pin[i].forbid_date;
		run |= c->set->pin[i].forbid_run;
		same |= c->set->pin[i].forbid_same_digit;
	}
	if (date)
		intro_add(c, buf, bufsz, MSG_RULES_NO_DATE, 0);
	if (run)
		intro_add(c, buf, bufsz, MSG_RULES_NO_RUN, 0);
	if (same)
		intro_add(c, buf, bufsz, MSG_RULES_NO_SAME, 0);
}

/* Where the letter is, and what to do without it. */
static void intro_letter(struct scr *c, enum msg_id id, enum intro_fit fit)
{
	char buf[1024] = "";

	intro_add(c, buf, sizeof buf, id, 0);
	if (fit < FIT_NO_HELP)
		intro_add(c, buf, sizeof buf, MSG_ACT_INTRO_NO_LETTER, 0);
	scr_text(c, buf, ROLE_NORMAL);
}

/* The activation: letter, the two PINs to think of and their rules; or
 * what is left. */
static void intro_activate(struct scr *c, enum intro_fit fit)
{
	const struct app *a = c->app;
	bool resume = a->need[0] != a->need[1];
	char buf[1024] = "";

	scr_title(c, resume ? MSG_ACT_RESUME_TITLE : MSG_ACT_TITLE);
	if (resume)
		scr_para(c, a->need[1] ? MSG_ACT_RESUME_PIN2 : MSG_ACT_RESUME_PIN1,
		         0, ROLE_WARNING);
	intro_letter(c, MSG_ACT_INTRO_LETTER, fit);
	if (!resume)
		intro_add(c, buf, sizeof buf, MSG_ACT_INTRO_PINS, 0);
	intro_rules(c, buf, sizeof buf);
	scr_text(c, buf, ROLE_NORMAL);
}

/* Unblocking (or a forgotten PIN): the letter, then the new PIN twice and
 * its rules. */
static void intro_unblock(struct scr *c, enum intro_fit fit)
{
	int i = c->app->cur;
	char buf[1024] = "";

	scr_title(c, i == 0 ? MSG_UNBLOCK_PIN1_TITLE : MSG_UNBLOCK_PIN2_TITLE);
	if (c->app->info.code[i].tries_left == 0 && fit < FIT_NO_STORY)
		scr_para(c, MSG_BLOCKED_PIN_TEXT, 0, ROLE_WARNING);
	intro_letter(c, MSG_UNBLOCK_INTRO, fit);
	intro_rules(c, buf, sizeof buf);
	scr_text(c, buf, ROLE_NORMAL);
}

/* Changing: the current PIN, then the new one twice and its rules. */
static void intro_change(struct scr *c)
{
	char buf[1024] = "";

	scr_title(c, c->app->cur == 0 ? MSG_CHANGE_PIN1_TITLE
	                              : MSG_CHANGE_PIN2_TITLE);
	intro_add(c, buf, sizeof buf, MSG_CHANGE_INTRO, 0);
	intro_rules(c, buf, sizeof buf);
	scr_text(c, buf, ROLE_NORMAL);
}

/* The seconds each code gets, and the more-time key when there is one. */
static void intro_time(struct scr *c)
{
	char buf[1024] = "";

	intro_add(c, buf, sizeof buf, MSG_ACT_INTRO_TIME, c->set->code_timeout);
	if (c->set->key_more_time[0])
		intro_add(c, buf, sizeof buf, MSG_ACT_INTRO_MORE_TIME, 0);
	scr_text(c, buf, ROLE_NORMAL);
}

/* Everything above the prompt, with as much as fit allows. */
static void intro_body(struct scr *c, enum intro_fit fit)
{
	switch (c->app->kind) {
	case J_UNBLOCK: intro_unblock(c, fit); break;
	case J_CHANGE: intro_change(c); break;
	default: intro_activate(c, fit); break;
	}
	intro_time(c);
	scr_notice(c);
}

/* The introduction of the journey underway, drawn again with less until
 * the prompt fits below it. */
static void intro_draw(struct scr *c)
{
	char start[256];
	int top = c->y;
	enum intro_fit fit = FIT_ALL;

	scr_fmt(c, MSG_ACT_INTRO_START, 0, start, sizeof start);
	intro_body(c, fit);
	while (scr_rows_left(c) < scr_text_rows(c, start) && fit < FIT_NO_STORY) {
		werase(c->w);
		c->y = top;
		intro_body(c, ++fit);
	}
	scr_text(c, start, ROLE_TITLE);
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
