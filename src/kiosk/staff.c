/* staff.c - the staff key and the service screen. The staff code is
 * checked against its salted, slow hash; a wrong one costs a wait that
 * doubles with each wrong code in a row, and after staff.max_wrong_codes
 * the key closes for staff.lockout_seconds (doubling with each closing).
 * Staff may take the kiosk out of service (an "out of order" screen, never
 * a blank terminal) and put it back. Every attempt and action goes to the
 * audit trail; never a digit. */
#include "build-config.h"
#include "app_rules.h"
#include "staff_code.h"

#define STAFF_LOCK_MAX_MS (24LL * 3600 * 1000)   /* the longest closing */

/* Now, on the effects' monotonic clock (ms). */
static long long staff_now(const struct app *a)
{
	return a->fx->now(a->fx->ctx);
}

/* Whole units (of unit ms) left until t, rounded up; at least 1. */
static int staff_left(const struct app *a, long long t, long long unit)
{
	long long left = t - staff_now(a);

	return left <= unit ? 1 : (int)((left + unit - 1) / unit);
}

/* Whether the site has a staff code at all. */
APP_GUARD(g_no_staff_code)
{
	return !a->set->staff_code_set;
}

/* Whether the wait after a wrong code is still on. */
APP_GUARD(g_staff_waiting)
{
	return staff_now(a) < a->staff_wait_until;
}

/* Whether the staff key is closed after too many wrong codes. */
APP_GUARD(g_staff_closed)
{
	return staff_now(a) < a->staff_closed_until;
}

/* Whether the typed code matches the site's hash (PBKDF2: slow on
 * purpose). */
APP_GUARD(g_staff_ok)
{
	return a->set->staff_code_set &&
	       staff_code_check(&a->set->staff_code, a->staff->d,
	                        a->staff->len);
}

/* Whether the kiosk is out of service. */
APP_GUARD(g_out_of_service)
{
	return a->out_of_service;
}

/* Whether a reset that waited for the card's answer is moot: the answer
 * ended the visit on a screen that tells the story (the kiosk starts
 * over when the card comes out). */
APP_GUARD(g_reset_moot)
{
	return e->arg == 1 &&
	       (a->fsm.state == ST_DONE || a->fsm.state == ST_CARD_END ||
	        a->fsm.state == ST_TEST_RESULT || a->fsm.state == ST_REMOVED);
}

/* Whether the audit file cannot be written and the site stops serving. */
APP_GUARD(g_audit_down)
{
	return a->audit_down;
}

/* Whether the kiosk is at rest (no visit to interrupt). */
APP_GUARD(g_welcome)
{
	return a->fsm.state == ST_WELCOME;
}

/* Choice 1 on the service screen of a kiosk out of service: back in. */
APP_GUARD(g_out_back_in)
{
	return a->out_of_service && e->arg == 1;
}

/* The staff key: whatever the citizen was doing is abandoned. */
APP_ACTION(act_staff)
{
	app_reset(a);
}

/* The staff key while it is closed: say for how long, and record it. */
APP_ACTION(act_staff_refused)
{
	a->notice = MSG_STAFF_CLOSED;
	a->note_kind = NOTE_ERROR;
	a->notice_n = staff_left(a, a->staff_closed_until, 60000);
	audit_record(a->audit, "staff_key", "result=closed minutes_left=%d",
	             a->notice_n);
}

/* A key during the wait after a wrong code: nothing is taken. */
APP_ACTION(act_staff_wait)
{
	a->notice = MSG_STAFF_WAIT;
	a->note_kind = NOTE_ERROR;
	a->notice_n = staff_left(a, a->staff_wait_until, 1000);
}

/* Right staff code: the code goes at once; the service screen opens. */
APP_ACTION(act_staff_ok)
{
	secret_wipe(a->staff);
	a->staff_wrong = 0;
	a->staff_lockouts = 0;
	app_log(a, "staff code right: service screen opened");
	audit_record(a->audit, "staff_code", "result=ok");
	audit_record(a->audit, "staff_service", "action=open");
}

/* Close the staff key for the site's time, doubled for each closing
 * before; the wrong codes start again from none. */
static void staff_close(struct app *a)
{
	long long ms = a->set->staff_lockout_s * 1000LL;

	for (int i = 0; i < a->staff_lockouts && ms < STAFF_LOCK_MAX_MS; i++)
		ms *= 2;
	if (ms > STAFF_LOCK_MAX_MS)
		ms = STAFF_LOCK_MAX_MS;
	a->staff_lockouts++;
	a->staff_wrong = 0;
	a->staff_closed_until = staff_now(a) + ms;
	a->notice = MSG_STAFF_CLOSED;
	a->notice_n = (int)((ms + 59999) / 60000);
	app_log(a, "too many wrong staff codes: staff key closed for %d "
	        "minutes", a->notice_n);
	audit_record(a->audit, "staff_key", "result=closing minutes=%d",
	             a->notice_n);
}

/* Wrong staff code: a wait that doubles with each one in a row, or the
 * key closes. */
APP_ACTION(act_staff_wrong)
{
	secret_wipe(a->staff);
	a->staff_wrong++;
	a->note_kind = NOTE_ERROR;
	app_log(a, "wrong staff code (%d in a row)", a->staff_wrong);
	audit_record(a->audit, "staff_code", "result=wrong in_a_row=%d",
	             a->staff_wrong);
	if (a->staff_wrong >= a->set->staff_max_wrong) {
		staff_close(a);
		return;
	}
	a->staff_wait_until = staff_now(a) + (1000LL << (a->staff_wrong - 1));
	a->notice = MSG_STAFF_WAIT;
	a->notice_n = 1 << (a->staff_wrong - 1);
}

/* Out of the staff screens, recorded when the service screen was open. */
static void staff_leave(struct app *a)
{
	secret_wipe(a->staff);
	if (a->fsm.state == ST_STAFF_MENU || a->fsm.state == ST_STAFF_CONFIRM)
		audit_record(a->audit, "staff_service", "action=close");
}

/* Leaving the staff screens to the out-of-order screen. */
APP_ACTION(act_staff_leave)
{
	staff_leave(a);
}

/* Leaving the staff screens: the card in is read again. */
APP_ACTION(act_staff_leave_read)
{
	staff_leave(a);
	act_read(a, e);
}

/* Leaving the staff screens with a card no profile serves in. */
APP_ACTION(act_staff_leave_unsupported)
{
	staff_leave(a);
	act_unsupported(a, e);
}

/* Leaving the staff screens with no card in. */
APP_ACTION(act_staff_leave_reset)
{
	staff_leave(a);
	act_reset(a, e);
}

/* Choice 1 on the service screen: asked first. */
APP_ACTION(act_staff_ask_out)
{
	app_log(a, "staff asked to take the kiosk out of service");
}

/* Out of service: the out-of-order screen until staff put it back. */
APP_ACTION(act_out_of_service)
{
	staff_leave(a);
	a->out_of_service = true;
	app_reset(a);
	app_log(a, "taken out of service by staff");
	audit_record(a->audit, "staff_action", "action=out_of_service");
}

/* Back in service (the service screen, or a reset from the monitor): the
 * kiosk starts over through the reset rows. */
APP_ACTION(act_back_in_service)
{
	staff_leave(a);
	a->out_of_service = false;
	app_log(a, "put back in service by staff");
	audit_record(a->audit, "staff_action", "action=back_in_service");
	app_post(a, EV_STAFF_RESET, 0);
}

/* The audit file cannot be written and the site said stop: no new visit
 * starts (one underway ends as usual). */
APP_ACTION(act_audit_down)
{
	a->audit_down = true;
	app_log(a, "audit file not written: no new visits (audit.on_failure)");
}

/* The audit file is written again: a card waiting in the reader of a
 * kiosk that was out of order is read now. */
APP_ACTION(act_audit_up)
{
	a->audit_down = false;
	app_log(a, "audit file written again: serving");
	if (a->fsm.state == ST_OUT_OF_ORDER && !a->out_of_service && a->card_in)
		app_post(a, a->card_ok ? EV_CARD_IN : EV_CARD_UNSUPPORTED,
		         (int)a->advice);
}

/* A reset from the monitor while a write is with the card: done once the
 * card has answered (app_observe posts it after the result). */
APP_ACTION(act_reset_later)
{
	a->reset_pending = true;
	app_log(a, "staff reset waits for the card's answer");
	audit_record(a->audit, "staff_reset", "result=waits_for_card");
}

/* The card's answer ended the visit on its own end screen. */
APP_ACTION(act_reset_moot)
{
	app_log(a, "staff reset not needed: the card answered and the visit "
	        "ended");
	audit_record(a->audit, "staff_reset", "result=not_needed");
}
