/* journey.c - the steps of the journeys that write a PIN: activation
 * (plan from the card's state, the activation code, each new PIN twice),
 * unblocking (the activation code, the new PIN twice) and changing (the
 * current PIN, the new PIN twice): the guards that read the card's
 * answers, and the steps. Typing itself is in entry.c.
 *
 * Secrets: the activation code stays in its locked secret until its last
 * use (PIN2 is set with the same code), then it is wiped. PIN1 stays until
 * PIN2 has been compared with it (the "same PIN" warning), and a PIN the
 * card refused because the activation code was wrong stays so that only
 * the code needs retyping; every other entry is wiped the moment it is
 * sent or found wrong. */
#include "build-config.h"
#include <string.h>
#include "app_rules.h"

/* Whether the activation code's length is not the one the card tells, or
 * (when it does not tell) none the site allows: refused on screen, so no
 * try is spent on a code that cannot be right. */
APP_GUARD(g_puk_bad_len)
{
	if (a->info.puk_len > 0)
		return (int)a->puk->len != a->info.puk_len;
	for (int i = 0; i < a->set->npuk_lengths; i++)
		if ((int)a->puk->len == a->set->puk_lengths[i])
			return false;
	return true;
}

/* Whether the current PIN was typed twice before (a wrong activation code
 * sent the citizen back to retype only the code). */
APP_GUARD(g_pin_ready)
{
	return a->ready[a->cur];
}

/* Whether the journey is at PIN1. */
APP_GUARD(g_cur_pin1)
{
	return a->cur == 0;
}

/* Whether the journey changes a PIN (the current PIN comes first). */
APP_GUARD(g_kind_change)
{
	return a->kind == J_CHANGE;
}

/* Whether the card read leads to the activation journey. */
APP_GUARD(g_v_activate)
{
	return app_verdict(a) == V_ACTIVATE;
}

/* Whether the card took the new PIN (it answered the RESET RETRY COUNTER
 * or CHANGE with 9000), whatever happened while re-reading the states. */
APP_GUARD(g_written)
{
	return (a->cev.req == REQ_ACTIVATE || a->cev.req == REQ_CHANGE) &&
	       a->cev.written;
}

/* Whether the PIN was set and PIN2 is still to be set. */
APP_GUARD(g_written_more)
{
	return g_written(a, e) && a->cur == 0 && a->need[1] && !a->done[1];
}

/* Whether the card refused a change as "the new PIN equals the current
 * one": 6985, or 6A80 on the Thales applet family (DigiDoc4). */
APP_GUARD(g_card_same)
{
	return a->cev.req == REQ_CHANGE && a->cev.res.err == CE_OK &&
	       (a->cev.res.kind == SW_CONDITIONS ||
	        a->cev.res.kind == SW_BAD_DATA);
}

/* The same, for PIN1. */
APP_GUARD(g_card_same_pin1)
{
	return g_card_same(a, e) && a->cur == 0;
}

/* Whether the card refused the activation code: 63Cx, x tries left. */
static int app_wrong_puk_tries(const struct app *a)
{
	if (a->cev.req != REQ_ACTIVATE || a->cev.res.err != CE_OK ||
	    a->cev.res.kind != SW_WRONG_CODE)
		return -1;
	return a->cev.res.tries_left;
}

/* Wrong activation code, two or more tries left: type it again. */
APP_GUARD(g_wrong_puk)
{
	return app_wrong_puk_tries(a) >= 2;
}

/* Wrong activation code, one try left: stop, see the staff. */
APP_GUARD(g_puk_last)
{
	return app_wrong_puk_tries(a) == 1;
}

/* The activation code is blocked: the card is locked for good. */
APP_GUARD(g_puk_locked)
{
	return app_wrong_puk_tries(a) == 0 ||
	       (a->cev.req == REQ_ACTIVATE && a->cev.res.err == CE_OK &&
	        a->cev.res.kind == SW_BLOCKED);
}

/* The tries a wrong current PIN left (change, test), or -1. */
static int app_wrong_pin_tries(const struct app *a)
{
	if ((a->cev.req != REQ_CHANGE && a->cev.req != REQ_TEST_SIGN) ||
	    a->cev.res.err != CE_OK || a->cev.res.kind != SW_WRONG_CODE)
		return -1;
	return a->cev.res.tries_left;
}

/* Wrong current PIN, tries left: type it again. */
APP_GUARD(g_wrong_pin)
{
	return app_wrong_pin_tries(a) >= 1;
}

/* The current PIN is blocked now (or already was). */
APP_GUARD(g_pin_blocked_now)
{
	return app_wrong_pin_tries(a) == 0 ||
	       ((a->cev.req == REQ_CHANGE || a->cev.req == REQ_TEST_SIGN) &&
	        a->cev.res.err == CE_OK && a->cev.res.kind == SW_BLOCKED);
}

/* Wipe every entry of the journey. */
static void journey_wipe(struct app *a)
{
	secret_wipe(a->puk);
	secret_wipe(a->old);
	for (int i = 0; i < 2; i++) {
		secret_wipe(a->pin[i]);
		secret_wipe(a->again[i]);
		a->ready[i] = false;
	}
}

/* Which PINs an activation still has to set, from the card's code states
 * (unblocking and changing chose their one PIN from the menu). */
static void journey_plan(struct app *a)
{
	if (a->kind == J_ACTIVATE) {
		a->need[0] = !a->info.code[CODE_PIN1].activated;
		a->need[1] = !a->info.code[CODE_PIN2].activated;
		a->cur = a->need[0] ? 0 : 1;
	}
	a->timeouts = 0;
}

/* Take the card's fresh code states from a result that got as far as
 * re-reading them (card_ops.c: after the write, after the test). */
void app_take_states(struct app *a)
{
	if (a->cev.states_fresh)
		memcpy(a->info.code, a->cev.info.code, sizeof a->info.code);
}

/* What a wrong code's answer (63Cx, 6983) told of its tries: now known,
 * even on a card whose status could not be read. */
void app_note_tries(struct app *a, enum code_id c, int tries)
{
	a->info.code[c].tries_left = tries;
	a->info.code[c].known = tries >= 0;
}

/* READ_INFO said a PIN waits for activation. */
APP_ACTION(act_plan)
{
	a->info = a->cev.info;
	memset(a->done, 0, sizeof a->done);
	app_journey_begin(a, J_ACTIVATE);
	journey_plan(a);
}

/* From the introduction to the activation code. */
APP_ACTION(act_begin)
{
	journey_wipe(a);
	a->timeouts = 0;
}

/* Esc in an entry: everything typed goes; the introduction shows what is
 * left to do on the card now. */
APP_ACTION(act_cancel)
{
	journey_wipe(a);
	journey_plan(a);
}

/* The activation code has a length the site does not allow. */
APP_ACTION(act_puk_bad_len)
{
	secret_wipe(a->puk);
	a->timeouts = 0;
	a->notice = MSG_RULE_PUK_LENGTH;
	a->note_kind = NOTE_ERROR;
}

/* The activation code is typed: on to the new PIN. */
APP_ACTION(act_next_entry)
{
	a->timeouts = 0;
}

/* Send the new PIN to the card with the activation code (activate,
 * unblock) or the current PIN (change). */
APP_ACTION(act_send)
{
	int i = a->cur;
	struct card_request rq = {
		.kind = a->kind == J_CHANGE ? REQ_CHANGE : REQ_ACTIVATE,
		.code = i == 0 ? CODE_PIN1 : CODE_PIN2,
		.puk = a->puk,
		.old_pin = a->old,
		.new_pin = a->pin[i],
	};

	secret_wipe(a->again[i]);   /* equal to pin[i]: no longer needed */
	a->ready[i] = true;
	a->timeouts = 0;
	app_request(a, &rq);
}

/* PIN1 is set; PIN2 is next, with the same activation code. */
APP_ACTION(act_pin_set)
{
	app_note_write(a);
	app_take_states(a);
	a->ready[0] = false;
	a->cur = 1;
	a->notice = MSG_PIN1_DONE;
	a->note_kind = NOTE_OK;
}

/* The last PIN is set: the journey is complete. */
APP_ACTION(act_all_done)
{
	app_note_write(a);
	app_take_states(a);
	journey_wipe(a);
	app_journey_end(a, END_DONE);
}

/* Wrong activation code with tries left: retype only the code. */
APP_ACTION(act_wrong_puk)
{
	secret_wipe(a->puk);
	app_note_tries(a, CODE_PUK, a->cev.res.tries_left);
	a->notice = MSG_WRONG_PUK;
	a->note_kind = NOTE_ERROR;
}

/* Wrong activation code, one try left: no more tries at the kiosk. */
APP_ACTION(act_puk_last)
{
	journey_wipe(a);
	app_note_tries(a, CODE_PUK, 1);
	app_end(a, V_PUK_LAST);
	app_journey_end(a, END_BLOCKED);
}

/* The activation code is blocked now. */
APP_ACTION(act_locked)
{
	journey_wipe(a);
	app_note_tries(a, CODE_PUK, 0);
	app_end(a, V_LOCKED);
	app_journey_end(a, END_BLOCKED);
}

/* The card refused a change because the new PIN equals the current one
 * (6985 or 6A80 on the Thales applet family): type a new PIN twice more;
 * the current PIN, which the card accepted, stays. */
APP_ACTION(act_card_same)
{
	int i = a->cur;

	secret_wipe(a->pin[i]);
	secret_wipe(a->again[i]);
	a->ready[i] = false;
	a->notice = MSG_RULE_SAME_AS_OLD;
	a->note_kind = NOTE_ERROR;
	a->timeouts = 0;
}

/* The card refused the write for another reason; nothing was set. */
APP_ACTION(act_card_error)
{
	app_note_write(a);
	journey_wipe(a);
	app_end(a, V_CARD_ERROR);
	app_journey_end(a, END_CARD_ERROR);
	app_log(a, "card refused %s for %s: %s (sw %04X, %s)",
	        card_req_name(a->cev.req), profile_code_name((enum code_id)a->cur),
	        apdu_sw_name(a->cev.res.kind), a->cev.res.sw,
	        card_err_name(a->cev.res.err));
}

/* The current PIN was wrong, tries are left: retype only that (a new PIN
 * typed twice already stays ready). */
APP_ACTION(act_wrong_pin)
{
	secret_wipe(a->old);
	app_note_tries(a, (enum code_id)a->cur, a->cev.res.tries_left);
	a->notice = a->cur == 0 ? MSG_WRONG_PIN1 : MSG_WRONG_PIN2;
	a->note_kind = NOTE_ERROR;
}

/* The current PIN was wrong for the last time: it is blocked now. */
APP_ACTION(act_pin_blocked)
{
	enum app_verdict v;

	journey_wipe(a);
	app_note_tries(a, (enum code_id)a->cur, 0);
	v = app_verdict_of(&a->info);
	app_end(a, v == V_BLOCKED_PUK_LOW ? v
	           : a->cur == 0 ? V_PIN1_BLOCKED : V_PIN2_BLOCKED);
	app_log(a, "pin%d blocked by a wrong entry", a->cur + 1);
	app_journey_end(a, END_BLOCKED);
}
