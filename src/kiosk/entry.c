/* entry.c - typing a code: digits in and out, time running out on an
 * entry (and giving up after too many in a row), and a new PIN checked
 * against the site's rules and typed twice. The guards and actions the
 * table names for every entry screen. */
#include "build-config.h"
#include <string.h>
#include "app_rules.h"
#include "pin_rules.h"

/* Whether the entry of this state is empty. */
APP_GUARD(g_empty)
{
	const struct secret *s = app_entry(a, a->fsm.state, NULL);

	return !s || s->len == 0;
}

/* Whether this timeout makes max_entry_timeouts in a row. */
APP_GUARD(g_last_timeout)
{
	return a->timeouts + 1 >= a->set->max_entry_timeouts;
}

/* Whether the first entry of the new PIN breaks a rule. */
APP_GUARD(g_rule_broken)
{
	return app_pin_rule(a, a->fsm.state == ST_ENTER_PIN2) != MSG_COUNT;
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

/* One digit into the entry of this state; digits past its limit are
 * dropped (the field shows that nothing more was taken). */
APP_ACTION(act_digit)
{
	int max;
	struct secret *s = app_entry(a, a->fsm.state, &max);

	if (s && (int)s->len < max && e->arg >= 0 && e->arg <= 9)
		secret_push(s, (char)('0' + e->arg));
}

/* Erase the last digit. */
APP_ACTION(act_erase)
{
	struct secret *s = app_entry(a, a->fsm.state, NULL);

	if (s)
		secret_pop(s);
}

/* The countdown reached zero: the digits go, the citizen may try again. */
APP_ACTION(act_entry_timeout)
{
	secret_wipe(app_entry(a, a->fsm.state, NULL));
	a->timeouts++;
	a->notice = MSG_TIMEOUT_TEXT;
	a->note_kind = NOTE_WARNING;
}

/* Too many timeouts in a row: nobody is typing, the journey ends with the
 * card still in. Everything is forgotten but what the screen tells: how
 * often time ran out (the notice, also for the staff's monitor), and what
 * this visit set on the card. */
APP_ACTION(act_give_up)
{
	enum app_journey kind = a->kind;
	bool need[2] = { a->need[0], a->need[1] };
	bool done[2] = { a->done[0], a->done[1] };
	int n = a->timeouts + 1;

	app_journey_end(a, END_TIMEOUT);
	app_reset(a);
	a->kind = kind;
	memcpy(a->need, need, sizeof need);
	memcpy(a->done, done, sizeof done);
	a->timeouts = n;
	a->notice = MSG_TIMEOUT_RESTART;
	a->notice_n = n;
	a->note_kind = NOTE_WARNING;
}

/* The message of a broken PIN rule. */
static enum msg_id entry_rule_msg(enum pin_verdict v)
{
	switch (v) {
	case PIN_NOT_DIGITS: return MSG_RULE_NOT_DIGITS;
	case PIN_TOO_SHORT: return MSG_RULE_TOO_SHORT;
	case PIN_TOO_LONG: return MSG_RULE_TOO_LONG;
	case PIN_ALL_SAME: return MSG_RULE_ALL_SAME;
	case PIN_RUN: return MSG_RULE_RUN;
	case PIN_DATE: return MSG_RULE_DATE;
	default: return MSG_COUNT;
	}
}

/* The rule new PIN i breaks, or MSG_COUNT: the site's rules, and in a
 * change, a new PIN equal to the current one. */
enum msg_id app_pin_rule(const struct app *a, int i)
{
	enum msg_id m = entry_rule_msg(pin_rules_check(a->pin[i],
	                                                 &a->set->pin[i]));

	if (m == MSG_COUNT && a->kind == J_CHANGE &&
	    pin_rules_equal(a->pin[i], a->old))
		m = MSG_RULE_SAME_AS_OLD;
	return m;
}

/* The new PIN breaks a rule: say which, and wipe it. */
APP_ACTION(act_rule)
{
	int i = a->fsm.state == ST_ENTER_PIN2;

	a->notice = app_pin_rule(a, i);
	a->note_kind = NOTE_ERROR;
	secret_wipe(a->pin[i]);
	a->timeouts = 0;
}

/* The first entry passed the rules: type it again. */
APP_ACTION(act_first_ok)
{
	a->timeouts = 0;
}

/* The two entries differ: both go, start the PIN again. */
APP_ACTION(act_mismatch)
{
	int i = a->fsm.state == ST_AGAIN_PIN2;

	secret_wipe(a->pin[i]);
	secret_wipe(a->again[i]);
	a->notice = MSG_RULE_MISMATCH;
	a->note_kind = NOTE_ERROR;
	a->timeouts = 0;
}

/* PIN2 equals PIN1: the citizen decides. */
APP_ACTION(act_same)
{
	a->timeouts = 0;
}

/* The citizen wants a different PIN2. */
APP_ACTION(act_change_pin2)
{
	secret_wipe(a->pin[1]);
	secret_wipe(a->again[1]);
	a->timeouts = 0;
}
