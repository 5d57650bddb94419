/* fsm.c - the engine of the table in fsm_table.c: find the first matching
 * row, run its action, enter the new state (screen and timer). Events that
 * actions post are run afterwards, in order, never from inside an action. */
#include <string.h>
#include "app.h"
#include "fsm.h"

static const char *const ev_names[EV_COUNT] = {
	[EV_NONE] = "none", [EV_DIGIT] = "digit", [EV_ERASE] = "erase",
	[EV_ENTER] = "enter", [EV_BACK] = "back", [EV_PICK] = "pick",
	[EV_ANY_KEY] = "any_key", [EV_LANG] = "lang",
	[EV_MORE_TIME] = "more_time", [EV_SPEECH] = "speech",
	[EV_VOLUME] = "volume", [EV_CONTRAST] = "contrast",
	[EV_HEADSET] = "headset", [EV_STAFF] = "staff",
	[EV_RESIZE] = "resize", [EV_TIMEOUT] = "timeout",
	[EV_CARD_IN] = "card_in", [EV_CARD_UNSUPPORTED] = "card_unsupported",
	[EV_CARD_OUT] = "card_out", [EV_READER_EMPTY] = "reader_empty",
	[EV_NO_READER] = "no_reader", [EV_SERVICE_DOWN] = "service_down",
	[EV_READER_BUSY] = "reader_busy",
	[EV_RESULT] = "result", [EV_STAFF_RESET] = "staff_reset",
	[EV_AUDIT_DOWN] = "audit_down", [EV_AUDIT_UP] = "audit_up",
};

/* The name of a state, or of the table's pseudo states. */
const char *fsm_state_name(enum fsm_state s)
{
	if (s == ST_ANY)
		return "any";
	if (s == ST_SAME)
		return "same";
	return (unsigned)s < ST_COUNT ? fsm_states[s].name : "?";
}

/* The name of an event. */
const char *fsm_event_name(enum fsm_ev e)
{
	return (unsigned)e < EV_COUNT ? ev_names[e] : "?";
}

/* The first row that takes e in state s. */
const struct fsm_row *fsm_find(const struct app *a, enum fsm_state s,
                               const struct fsm_event *e)
{
	for (size_t i = 0; i < fsm_table_len; i++) {
		const struct fsm_row *r = &fsm_table[i];
		if ((r->from == s || r->from == ST_ANY) && r->ev == e->ev &&
		    (!r->guard || r->guard(a, e)))
			return r;
	}
	return NULL;
}

/* A visible countdown of seconds. */
static void fsm_count(struct app *a, int seconds)
{
	a->count_left = seconds;
	a->fx->timer(a->fx->ctx, seconds, true);
}

/* Start the timer a state runs (or stop it). A code entry gets its
 * countdown and, behind it, the whole time it may take. */
static void fsm_arm(struct app *a, enum fsm_timer t)
{
	a->asking = false;
	switch (t) {
	case TIMER_CODE:
		a->count_total = app_time(a, a->set->code_timeout);
		a->entry_end_ms = a->fx->now(a->fx->ctx) + 1000LL *
		                  app_time(a, a->set->code_timeout_max ?
		                           a->set->code_timeout_max :
		                           4 * a->set->code_timeout);
		fsm_count(a, a->count_total);
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
static void fsm_restart(struct app *a, const struct fsm_event *e)
{
	long long now, left;

	switch (fsm_states[a->state].timer) {
	case TIMER_IDLE:
		fsm_arm(a, TIMER_IDLE);
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
			fsm_count(a, (int)left);
		break;
	case TIMER_NONE:
		break;
	}
}

/* Whether idle time running out on this state first asks whether anyone
 * is there: every citizen's screen that waits for a person; not the staff
 * screens, which simply close. */
static bool fsm_asks_first(const struct app *a)
{
	return fsm_states[a->state].timer == TIMER_IDLE && !a->asking &&
	       a->state != ST_STAFF_MENU && a->state != ST_STAFF_CONFIRM;
}

/* Whether e is a key the citizen pressed (any of them answers the
 * question). */
static bool fsm_pressed(const struct fsm_event *e)
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
static void fsm_answered(struct app *a)
{
	fsm_arm(a, fsm_states[a->state].timer);
	a->fx->redraw(a->fx->ctx);
}

/* "Are you still there?", with its own countdown and a tone. */
static void fsm_ask(struct app *a)
{
	a->asking = true;
	a->count_total = app_time(a, a->set->idle_question);
	fsm_count(a, a->count_total);
	a->fx->alert(a->fx->ctx);
	a->fx->redraw(a->fx->ctx);
	app_log(a, "asking whether anyone is there");
}

/* Enter state s: its screen, then its timer. */
static void fsm_enter(struct app *a, enum fsm_state s)
{
	a->state = s;
	a->fx->show(a->fx->ctx, s);
	fsm_arm(a, fsm_states[s].timer);
}

/* Enter the first state. */
void fsm_start(struct app *a)
{
	fsm_enter(a, ST_WELCOME);
}

/* Run one event: observe its facts, take the first row that matches. */
static void fsm_step(struct app *a, const struct fsm_event *e)
{
	const struct fsm_row *r;

	app_observe(a, e);
	if (e->ev == EV_TIMEOUT && fsm_asks_first(a)) {
		fsm_ask(a);
		return;
	}
	if (a->asking && fsm_pressed(e)) {
		fsm_answered(a);
		return;
	}
	if (e->ev == EV_TIMEOUT)
		a->asking = false;               /* nobody answered */
	r = fsm_find(a, a->state, e);
	if (!r) {
		app_log(a, "ignored event %s in state %s", fsm_event_name(e->ev),
		        fsm_state_name(a->state));
		return;
	}
	/* A notice belongs to the screen it was set for: a transition to a
	 * screen starts without one unless the action sets it. */
	if (r->to != ST_SAME)
		a->notice = MSG_COUNT;
	if (r->action)
		r->action(a, e);
	if (r->to != ST_SAME)
		fsm_enter(a, r->to);
	else if (e->key)
		fsm_restart(a, e);
}

/* A key that means nothing on this screen still shows someone is there. */
void fsm_activity(struct app *a)
{
	struct fsm_event e = { EV_NONE, 0, true };

	if (a->asking)
		fsm_answered(a);
	else
		fsm_restart(a, &e);
}

/* Run an event and then whatever its actions posted. */
void fsm_dispatch(struct app *a, enum fsm_ev ev, int arg, bool key)
{
	struct fsm_event e = { ev, arg, key };

	fsm_step(a, &e);
	while (a->nqueue > 0) {
		e = a->queue[0];
		a->nqueue--;
		memmove(a->queue, a->queue + 1, (size_t)a->nqueue * sizeof e);
		fsm_step(a, &e);
	}
}

/* The table as Graphviz: one edge per row, any-state rows from a box. */
void fsm_dump(FILE *out)
{
	fprintf(out, "digraph eidkiosk {\n\trankdir=LR;\n"
	        "\tnode [shape=ellipse, fontname=\"sans\"];\n"
	        "\tedge [fontname=\"sans\", fontsize=9];\n"
	        "\tany [shape=box, style=dashed];\n");
	for (size_t i = 0; i < fsm_table_len; i++) {
		const struct fsm_row *r = &fsm_table[i];
		const char *to = r->to == ST_SAME ? fsm_state_name(r->from)
		                                  : fsm_state_name(r->to);
		fprintf(out, "\t%s -> %s [label=\"%s", fsm_state_name(r->from), to,
		        fsm_event_name(r->ev));
		if (r->guard)
			fprintf(out, " [%s]", r->guard_name);
		if (r->action)
			fprintf(out, " / %s", r->action_name);
		fprintf(out, "\"];\n");
	}
	fprintf(out, "}\n");
}
