/* scr_end.c - screens that wait for the card to come out: a journey is
 * done, the card is in a state this kiosk stops at (blocked by a wrong
 * PIN just now, locked, expired, unsupported ...), or the visit is over.
 * Each says what the citizen can do next. An end that offers one more step
 * here (a PIN blocked just now unblocked at once, an expired card's
 * details, trying again after a refusal) numbers it and finishing; the box
 * that asks for the card (and the letter) comes only where taking the
 * card is the next step, so that no screen gives two opposite orders. */
#include "build-config.h"
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

/* Title and explanation of a blocked PIN (the choices say how on). */
static void end_blocked(struct scr *c, enum msg_id title)
{
	scr_para(c, title, 0, ROLE_ERROR);
	scr_para(c, MSG_BLOCKED_PIN_TEXT, 0, ROLE_NORMAL);
}

/* A blocked PIN the activation code cannot unblock here (one try left),
 * and what the citizen can do instead. */
static void end_blocked_puk_low(struct scr *c)
{
	const struct code_status *k = c->app->info.code;

	scr_para(c, k[CODE_PIN1].tries_left == 0 ? MSG_BLOCKED_PIN1_TITLE
	                                         : MSG_BLOCKED_PIN2_TITLE,
	         0, ROLE_ERROR);
	scr_para(c, MSG_BLOCKED_PUK_LOW_TEXT, 0, ROLE_WARNING);
	scr_para(c, MSG_PUK_LAST_OPTIONS, 0, ROLE_NORMAL);
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
	case V_BLOCKED_PUK_LOW:
		end_blocked_puk_low(c);
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
		scr_para(c, MSG_PUK_LAST_OPTIONS, 0, ROLE_NORMAL);
		break;
	case V_EXPIRED:
	case V_OLD_CARD:
		scr_para(c, MSG_CERT_EXPIRED_TITLE, 0, ROLE_ERROR);
		scr_para(c, MSG_CERT_EXPIRED_TEXT, 0, ROLE_NORMAL);
		break;
	case V_UNSUPPORTED:
		scr_para(c, MSG_UNSUPPORTED_TITLE, 0, ROLE_ERROR);
		scr_para(c, MSG_UNSUPPORTED_TEXT, 0, ROLE_NORMAL);
		break;
	case V_CONTACTLESS:
		scr_para(c, MSG_CONTACTLESS_TITLE, 0, ROLE_TITLE);
		scr_para(c, MSG_CONTACTLESS_TEXT, 0, ROLE_NORMAL);
		break;
	case V_UNREADABLE:
		scr_para(c, MSG_UNREADABLE_TITLE, 0, ROLE_ERROR);
		scr_para(c, MSG_UNREADABLE_TEXT, 0, ROLE_NORMAL);
		break;
	default:
		scr_para(c, MSG_CARD_ERROR_TITLE, 0, ROLE_ERROR);
		/* a write sent without a usable answer may have been saved */
		if (c->app->unknown) {
			scr_para(c, MSG_CARD_ERROR_UNKNOWN, 0, ROLE_WARNING);
			break;
		}
		end_changed(c);
		scr_para(c, MSG_CARD_ERROR_TEXT, 0, ROLE_NORMAL);
		break;
	}
}

/* The last words of every end screen, in a box that stands out: a thank
 * you only when the visit ended well (done, or the citizen chose to
 * finish), never after a time-out, from an end screen (act_finish) or for
 * a card that cannot be served. */
static void end_goodbye(struct scr *c)
{
	char a[512], b[512];
	const char *lines[2];
	bool well = c->app->fsm.state == ST_DONE ||
	            (c->app->fsm.state == ST_FINISH && c->app->finished_well);

	lines[0] = scr_fmt(c, well ? MSG_GOODBYE : MSG_GOODBYE_PLAIN, 0, a,
	                   sizeof a);
	lines[1] = scr_fmt(c, MSG_REMINDER_TAKE_CARD, 0, b, sizeof b);
	c->y += wg_box(c->w, c->look, c->y, NULL, lines, 2, ROLE_WARNING);
}

/* What the finished journey did. */
static void end_done(struct scr *c)
{
	bool pin1 = c->app->cur == 0;

	switch (c->app->kind) {
	case J_UNBLOCK:
		scr_para(c, MSG_DONE_UNBLOCKED_TITLE, 0, ROLE_SUCCESS);
		scr_para(c, pin1 ? MSG_DONE_UNBLOCKED_PIN1 : MSG_DONE_UNBLOCKED_PIN2,
		         0, ROLE_NORMAL);
		break;
	case J_CHANGE:
		scr_para(c, MSG_DONE_CHANGED_TITLE, 0, ROLE_SUCCESS);
		scr_para(c, pin1 ? MSG_DONE_CHANGED_PIN1 : MSG_DONE_CHANGED_PIN2,
		         0, ROLE_NORMAL);
		break;
	default:
		scr_para(c, MSG_DONE_ACTIVATED_TITLE, 0, ROLE_SUCCESS);
		scr_para(c, MSG_DONE_ACTIVATED_TEXT, 0, ROLE_NORMAL);
		break;
	}
	scr_para(c, MSG_DONE_KEEP_SAFE, 0, ROLE_NORMAL);
}

/* Finished: after time ran out too often, how often (the notice), what
 * the card holds now, and how to try again. */
static void end_finish(struct scr *c)
{
	scr_notice(c);
	if (!app_gave_up(c->app))
		return;
	scr_changed(c);
	scr_para(c, MSG_TIMEOUT_AGAIN, 0, ROLE_NORMAL);
}

/* Done, card state, or finished; then the end's choices, or the box
 * that asks for the card. A card read without contact gets neither: the
 * citizen is to insert it into the slot. */
static void end_draw(struct scr *c)
{
	bool card_end = c->app->fsm.state == ST_CARD_END;

	switch (c->app->fsm.state) {
	case ST_DONE:
		end_done(c);
		break;
	case ST_CARD_END:
		end_verdict(c);
		break;
	default:
		end_finish(c);
		break;
	}
	if (card_end && c->app->nmenu > 0)
		scr_choices(c);
	else if (!card_end || c->app->verdict != V_CONTACTLESS)
		end_goodbye(c);
	scr_hint_lang(c);
}

/* The card coming out moves on; an end's choices by their numbers. */
static struct fsm_event end_key(struct scr *c, int key)
{
	struct fsm_event e = scr_pick(key, c->app->nmenu);

	if (c->app->fsm.state != ST_CARD_END || e.ev != EV_PICK)
		return scr_ev(EV_NONE, 0);
	return e;
}

const struct screen screen_end = {
	.draw = end_draw,
	.key = end_key,
};
