/* timing.c - the kiosk's time around the table (the hooks table.c
 * names): each state's timer armed as it is entered, a countdown's seconds
 * and its warning, "Are you still there?" before an idle end, and the time
 * starting again with every key. A notice belongs to the screen it was set
 * for, and events no row takes are logged. */
#include "build-config.h"
#include "app_rules.h"

/* A visible countdown of seconds. */
static void timing_count(struct app *a, int seconds)
{
	a->count_left = seconds;
	a->fx->timer(a->fx->ctx, seconds, true);
}

/* Start the timer a state runs (or stop it). A code entry gets its
 * countdown and, behind it, the whole time it may take. */
static void timing_arm(struct app *a, enum fsm_timer t)
{
	a->asking = false;
	switch (t) {
	case TIMER_CODE:
		a->count_total = app_time(a, a->set->code_timeout);
		a->entry_end_ms = a->fx->now(a->fx->ctx) + 1000LL *
		                  app_time(a, a->set->code_timeout_max ?
		                           a->set->code_timeout_max :
		                           4 * a->set->code_timeout);
		timing_count(a, a->count_total);
		break;
	case TIMER_IDLE:
		a->count_left = a->count_total = 0;
		a->fx->timer(a->fx->ctx, app_time(a, a->set->idle_timeout), false);
		break;
	case TIMER_NONE:
		a->count_left = a->count_total = 0;
		a->fx->timer(a->fx->ctx, 0, false);
		break;
	}
}

/* Someone is there (a key): the time they have starts again. A code
 * entry's countdown measures the time since the last key, up to the whole
 * time the entry may take; the more-time key adds a countdown's worth to
 * that whole, as often as it is pressed. */
void app_stay(struct app *a, const struct fsm_event *e)
{
	long long now, left;

	switch (fsm_timers[a->fsm.state]) {
	case TIMER_IDLE:
		timing_arm(a, TIMER_IDLE);
		break;
	case TIMER_CODE:
		now = a->fx->now(a->fx->ctx);
		if (e->ev == EV_MORE_TIME)
			a->entry_end_ms = (a->entry_end_ms > now ? a->entry_end_ms
			                   : now) + a->count_total * 1000LL;
		left = (a->entry_end_ms - now) / 1000;
		if (left > a->count_total)
			left = a->count_total;
		if (left > a->count_left)
			timing_count(a, (int)left);
		break;
	case TIMER_NONE:
		break;
	}
}

/* Whether idle time running out on this state first asks whether anyone
 * is there: every citizen's screen that waits for a person; not the staff
 * screens, which simply close. */
static bool timing_asks_first(const struct app *a)
{
	enum fsm_state s = a->fsm.state;

	return fsm_timers[s] == TIMER_IDLE && !a->asking &&
	       s != ST_STAFF_MENU && s != ST_STAFF_CONFIRM;
}

/* Whether e is a key the citizen pressed (any of them answers the
 * question). */
static bool timing_pressed(const struct fsm_event *e)
{
	switch (e->ev) {
	case EV_NONE: case EV_DIGIT: case EV_ERASE: case EV_ENTER:
	case EV_BACK: case EV_PICK: case EV_ANY_KEY: case EV_LANG:
	case EV_MORE_TIME: case EV_SPEECH: case EV_VOLUME: case EV_CONTRAST:
	case EV_STAFF:
		return e->key;
	default:
		return false;
	}
}

/* The question answered: someone is there, the screen's time starts
 * again. */
static void timing_answered(struct app *a)
{
	timing_arm(a, fsm_timers[a->fsm.state]);
	a->fx->redraw(a->fx->ctx);
}

/* "Are you still there?", with its own countdown and a tone. */
static void timing_ask(struct app *a)
{
	a->asking = true;
	a->count_total = app_time(a, a->set->idle_question);
	timing_count(a, a->count_total);
	a->fx->alert(a->fx->ctx);
	a->fx->redraw(a->fx->ctx);
	app_log(a, "asking whether anyone is there");
}

/* A countdown second: the seconds left, and a tone and the spoken warning
 * as the last seconds begin (heard as well as seen). */
static void timing_tick(struct app *a, int left)
{
	int was = a->count_left;

	a->count_left = left;
	if (was > APP_WARN_S && left <= APP_WARN_S) {
		a->fx->alert(a->fx->ctx);
		a->fx->warn(a->fx->ctx);
	}
}

/* What is taken before the table: countdown seconds, the idle question
 * (asked, answered, or unanswered), and keys that mean nothing here but
 * show that someone is there. */
bool app_intercept(struct app *a, const struct fsm_event *e)
{
	if (e->ev == EV_TICK) {
		timing_tick(a, e->arg);
		return true;
	}
	if (e->ev == EV_TIMEOUT && timing_asks_first(a)) {
		timing_ask(a);
		return true;
	}
	if (a->asking && timing_pressed(e)) {
		timing_answered(a);
		return true;
	}
	if (e->ev == EV_TIMEOUT)
		a->asking = false;               /* nobody answered */
	if (e->ev == EV_NONE) {
		if (e->key)
			app_stay(a, e);
		return true;
	}
	return false;
}

/* Leaving a state: a notice belongs to the screen it was set for, so the
 * next screen starts without one unless the row's action sets it. */
void app_leave(struct app *a)
{
	a->notice = MSG_COUNT;
}

/* Entering state s: its screen, then its timer. */
void app_enter(struct app *a, enum fsm_state s)
{
	a->fx->show(a->fx->ctx, s);
	timing_arm(a, fsm_timers[s]);
}

/* An event no row takes here: logged, and otherwise ignored. */
void app_ignored(struct app *a, const struct fsm_event *e)
{
	app_log(a, "ignored event %s in state %s", fsm_event_name(e->ev),
	        fsm_state_name(a->fsm.state));
}
