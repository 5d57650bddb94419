/* fsm.c - the engine of the table in fsm_table.c: find the first matching
 * row, run its action, enter the new state (screen and timer). Events that
 * actions post are run afterwards, in order, never from inside an action. */
#include <string.h>
#include "app.h"
#include "fsm.h"

static const char *const ev_names[EV_COUNT] = {
	[EV_NONE] = "none", [EV_DIGIT] = "digit", [EV_ERASE] = "erase",
	[EV_ENTER] = "enter", [EV_BACK] = "back", [EV_PICK] = "pick",
	[EV_ANY_KEY] = "any_key", [EV_LANG] = "lang", [EV_STAFF] = "staff",
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

/* Start the timer a state runs (or stop it). */
static void fsm_arm(struct app *a, enum fsm_timer t)
{
	switch (t) {
	case TIMER_CODE:
		a->count_total = a->set->code_timeout;
		a->count_left = a->count_total;
		a->fx->timer(a->fx->ctx, a->count_total, true);
		break;
	case TIMER_IDLE:
		a->count_left = a->count_total = 0;
		a->fx->timer(a->fx->ctx, a->set->idle_timeout, false);
		break;
	case TIMER_NONE:
		a->count_left = a->count_total = 0;
		a->fx->timer(a->fx->ctx, 0, false);
		break;
	}
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
	else if (e->key && fsm_states[a->state].timer == TIMER_IDLE)
		fsm_arm(a, TIMER_IDLE);   /* someone is there: idle time restarts */
}

/* A key that means nothing on this screen still shows someone is there. */
void fsm_activity(struct app *a)
{
	if (fsm_states[a->state].timer == TIMER_IDLE)
		fsm_arm(a, TIMER_IDLE);
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
