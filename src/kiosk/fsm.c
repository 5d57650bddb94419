/* fsm.c - the engine of the table in table.c: take an event's facts,
 * find the first matching row, run its action, enter the new state. What
 * entering means (a screen, a timer), and what happens around the table,
 * is the app's policy, run through the hooks the table names. Events that
 * actions post are run afterwards, in order, never from inside an action. */
#include "build-config.h"
#include <string.h>
#include "fsm.h"

static const char *const ev_names[EV_COUNT] = { FSM_EVENTS(XLIST_NAME) };
static const char *const st_names[ST_COUNT] = { FSM_STATES(XLIST_NAME) };

/* The name of a state, or of the table's pseudo states. */
const char *fsm_state_name(enum fsm_state s)
{
	if (s == ST_ANY)
		return "any";
	if (s == ST_SAME)
		return "same";
	return XLIST_LOOKUP(st_names, s, "?");
}

/* The name of an event. */
const char *fsm_event_name(enum fsm_ev e)
{
	return XLIST_LOOKUP(ev_names, e, "?");
}

/* The first row of def that takes e in state s. */
const struct fsm_row *fsm_find(const struct fsm_def *def, const struct app *a,
                               enum fsm_state s, const struct fsm_event *e)
{
	for (size_t i = 0; i < def->nrows; i++) {
		const struct fsm_row *r = &def->rows[i];
		if ((r->from == s || r->from == ST_ANY) && r->ev == e->ev &&
		    (!r->guard || r->guard(a, e)))
			return r;
	}
	return NULL;
}

/* Set m up to run def over a, in state s. */
void fsm_init(struct fsm *m, const struct fsm_def *def, struct app *a,
              enum fsm_state s)
{
	memset(m, 0, sizeof *m);
	m->def = def;
	m->app = a;
	m->state = s;
}

/* Enter state s: the app's hook shows its screen and arms its timer. */
static void fsm_enter(struct fsm *m, enum fsm_state s)
{
	m->state = s;
	m->def->hooks->enter(m->app, s);
}

/* Enter the first state. */
void fsm_start(struct fsm *m, enum fsm_state s)
{
	fsm_enter(m, s);
}

/* Run one event: its facts first, then whatever the app takes before the
 * table, then the first row that matches. */
static void fsm_step(struct fsm *m, const struct fsm_event *e)
{
	const struct fsm_row *r;

	m->def->hooks->observe(m->app, e);
	if (m->def->hooks->intercept(m->app, e))
		return;
	r = fsm_find(m->def, m->app, m->state, e);
	if (!r) {
		m->def->hooks->ignored(m->app, e);
		return;
	}
	if (r->to != ST_SAME)
		m->def->hooks->leave(m->app);
	if (r->action)
		r->action(m->app, e);
	if (r->to != ST_SAME)
		fsm_enter(m, r->to);
	else if (e->key)
		m->def->hooks->stay(m->app, e);
}

/* Queue e for after the current event. */
bool fsm_post(struct fsm *m, const struct fsm_event *e)
{
	if (m->nqueue == FSM_QUEUE)
		return false;
	m->queue[m->nqueue++] = *e;
	return true;
}

/* Run an event and then whatever its actions posted. */
void fsm_dispatch(struct fsm *m, const struct fsm_event *e)
{
	struct fsm_event next;

	fsm_step(m, e);
	while (m->nqueue > 0) {
		next = m->queue[0];
		m->nqueue--;
		memmove(m->queue, m->queue + 1, (size_t)m->nqueue * sizeof next);
		fsm_step(m, &next);
	}
}

/* A table as Graphviz: one edge per row, any-state rows from a box. */
void fsm_dump(const struct fsm_def *def, FILE *out)
{
	fprintf(out, "digraph eidkiosk {\n\trankdir=LR;\n"
	        "\tnode [shape=ellipse, fontname=\"sans\"];\n"
	        "\tedge [fontname=\"sans\", fontsize=9];\n"
	        "\tany [shape=box, style=dashed];\n");
	for (size_t i = 0; i < def->nrows; i++) {
		const struct fsm_row *r = &def->rows[i];
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
