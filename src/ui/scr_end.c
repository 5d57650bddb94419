/* scr_end.c - screens that wait for the card to come out: the activation
 * is done, the card is in a state this kiosk stops at (already active,
 * blocked, locked, unsupported ...), or the journey is over. Each says
 * what the citizen can do next and reminds them to take card and letter. */
#include <stdio.h>
#include "screens.h"

/* One line per PIN: its name and tries left. */
static void end_tries(struct scr *c)
{
	static const enum msg_id names[2] = { MSG_NAME_PIN1, MSG_NAME_PIN2 };
	char name[128], tries[128], line[300];

	for (int i = 0; i < 2; i++) {
		int n = c->app->info.code[i].tries_left;
		if (n < 0)
			continue;
		scr_fmt(c, names[i], 0, name, sizeof name);
		scr_fmt(c, MSG_TRIES_LEFT, n, tries, sizeof tries);
		snprintf(line, sizeof line, "%s: %s", name, tries);
		c->y += wg_text(c->w, c->look, c->y, c->x + 2, c->width - 2,
		                scr_rows_left(c), line,
		                n <= 1 ? ROLE_WARNING : ROLE_NORMAL);
	}
	c->y++;
}

/* "PIN1 was set" when this visit set it before stopping. */
static void end_changed(struct scr *c)
{
	if (c->app->done[0] && !c->app->done[1])
		scr_para(c, MSG_REMOVED_PIN1_SET, 0, ROLE_WARNING);
}

/* Title and explanation of a blocked PIN. */
static void end_blocked(struct scr *c, enum msg_id title)
{
	scr_para(c, title, 0, ROLE_ERROR);
	scr_para(c, MSG_BLOCKED_PIN_TEXT, 0, ROLE_NORMAL);
	scr_para(c, MSG_ASK_STAFF, 0, ROLE_NORMAL);
}

/* The body of ST_CARD_END for the model's verdict. */
static void end_verdict(struct scr *c)
{
	switch (c->app->verdict) {
	case V_ACTIVE:
		scr_para(c, MSG_MENU_STATUS_ACTIVE, 0, ROLE_SUCCESS);
		end_tries(c);
		break;
	case V_PIN1_BLOCKED:
		end_blocked(c, MSG_BLOCKED_PIN1_TITLE);
		break;
	case V_PIN2_BLOCKED:
		end_blocked(c, MSG_BLOCKED_PIN2_TITLE);
		break;
	case V_LOCKED:
		scr_para(c, MSG_LOCKED_TITLE, 0, ROLE_ERROR);
		scr_para(c, MSG_LOCKED_TEXT, 0, ROLE_NORMAL);
		scr_para(c, MSG_LOCKED_NEXT, 0, ROLE_NORMAL);
		break;
	case V_PUK_LAST:
		scr_para(c, MSG_PUK_LAST_TRY_TITLE, 0, ROLE_WARNING);
		end_changed(c);
		scr_para(c, MSG_PUK_LAST_TRY_TEXT, 0, ROLE_NORMAL);
		break;
	case V_EXPIRED:
		scr_para(c, MSG_CERT_EXPIRED_TITLE, 0, ROLE_ERROR);
		scr_para(c, MSG_CERT_EXPIRED_TEXT, 0, ROLE_NORMAL);
		break;
	case V_UNSUPPORTED:
		scr_para(c, MSG_UNSUPPORTED_TITLE, 0, ROLE_ERROR);
		scr_para(c, MSG_UNSUPPORTED_TEXT, 0, ROLE_NORMAL);
		break;
	case V_UNREADABLE:
		scr_para(c, MSG_UNREADABLE_TITLE, 0, ROLE_ERROR);
		scr_para(c, MSG_UNREADABLE_TEXT, 0, ROLE_NORMAL);
		break;
	default:
		scr_para(c, MSG_CARD_ERROR_TITLE, 0, ROLE_ERROR);
		end_changed(c);
		scr_para(c, MSG_CARD_ERROR_TEXT, 0, ROLE_NORMAL);
		break;
	}
}

/* The last words of every end screen, in a box that stands out. */
static void end_goodbye(struct scr *c)
{
	char a[512], b[512];
	const char *lines[2];

	lines[0] = scr_fmt(c, MSG_GOODBYE, 0, a, sizeof a);
	lines[1] = scr_fmt(c, MSG_REMINDER_TAKE_CARD, 0, b, sizeof b);
	c->y += wg_box(c->w, c->look, c->y, NULL, lines, 2, ROLE_WARNING);
}

/* Done, card state, or finished. */
static void end_draw(struct scr *c)
{
	switch (c->app->state) {
	case ST_DONE:
		scr_para(c, MSG_DONE_ACTIVATED_TITLE, 0, ROLE_SUCCESS);
		scr_para(c, MSG_DONE_ACTIVATED_TEXT, 0, ROLE_NORMAL);
		scr_para(c, MSG_DONE_KEEP_SAFE, 0, ROLE_NORMAL);
		break;
	case ST_CARD_END:
		end_verdict(c);
		break;
	default:
		scr_notice(c);
		break;
	}
	end_goodbye(c);
	scr_hint_lang(c);
}

/* Only the card coming out moves on. */
static struct fsm_event end_key(struct scr *c, int key)
{
	return scr_ev(EV_NONE, 0);
}

const struct screen screen_end = {
	.draw = end_draw,
	.key = end_key,
};
