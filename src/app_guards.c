/* app_guards.c - the questions the transition table asks. Guards only look
 * at the model and the event; they never change anything. */
#include <string.h>
#include "app_rules.h"
#include "pin_rules.h"

/* Whether a supported card is in the reader. */
APP_GUARD(g_card_ready)
{
	return a->card_in && a->card_ok;
}

/* Whether any card is in the reader. */
APP_GUARD(g_card_in)
{
	return a->card_in;
}

/* Whether the card thread is working on a request. */
APP_GUARD(g_busy)
{
	return a->busy;
}

/* Whether the entry of this state is empty. */
APP_GUARD(g_empty)
{
	const struct secret *s = app_entry(a, a->fsm.state, NULL);

	return !s || s->len == 0;
}

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

/* Whether the first entry of the new PIN breaks a rule. */
APP_GUARD(g_rule_broken)
{
	return app_pin_rule(a, a->fsm.state == ST_ENTER_PIN2) != MSG_COUNT;
}

/* Whether the journey changes a PIN (the current PIN comes first). */
APP_GUARD(g_kind_change)
{
	return a->kind == J_CHANGE;
}

/* Whether the second entry differs from the first. */
APP_GUARD(g_mismatch)
{
	int i = a->fsm.state == ST_AGAIN_PIN2;

	return !pin_rules_equal(a->pin[i], a->again[i]);
}

/* Whether the new PIN2 equals the PIN1 chosen in this same visit (only
 * then is PIN1 still known). */
APP_GUARD(g_same_as_pin1)
{
	return a->pin[0]->len > 0 && pin_rules_equal(a->pin[0], a->pin[1]);
}

/* Menu choice 1. */
APP_GUARD(g_pick1)
{
	return e->arg == 1;
}

/* Menu choice 2. */
APP_GUARD(g_pick2)
{
	return e->arg == 2;
}

/* Whether this timeout makes max_entry_timeouts in a row. */
APP_GUARD(g_last_timeout)
{
	return a->timeouts + 1 >= a->set->max_entry_timeouts;
}

/* Whether the result says the card went away: pulled, or lost with
 * pcscd. Its removal event follows and tells the rest. */
APP_GUARD(g_res_removed)
{
	return a->cev.res.err == CE_REMOVED || a->cev.res.err == CE_NO_SERVICE;
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
