/* test_fsm_engine.c - the engine alone (src/kiosk/fsm.c) over a toy table
 * and toy hooks, with a model of this test's own: the engine knows no app,
 * so any struct app will do. What it promises: facts first, then what the
 * hooks take before the table, then the first row that matches (a guard
 * that says no passes it by, rows for any state match every state); the
 * leave hook before a transition's action, enter after it, stay only for
 * a key that stays; posted events after the current one, in order; an
 * event no row takes handed to the ignored hook. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "fsm.h"

/* The toy model: a trace of what the engine did, and a switch a guard
 * reads. */
struct app {
	struct fsm m;
	char trace[512];
	bool open;
	bool taken;          /* the intercept hook takes the next event */
};

/* Add one word to the trace. */
static void note(struct app *a, const char *fmt, ...)
{
	size_t n = strlen(a->trace);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->trace + n, sizeof a->trace - n, fmt, ap);
	va_end(ap);
	strncat(a->trace, " ", sizeof a->trace - strlen(a->trace) - 1);
}

static void h_observe(struct app *a, const struct fsm_event *e)
{
	note(a, "observe:%s", fsm_event_name(e->ev));
}

static bool h_intercept(struct app *a, const struct fsm_event *e)
{
	(void)e;
	if (!a->taken)
		return false;
	a->taken = false;
	note(a, "taken");
	return true;
}

static void h_leave(struct app *a) { note(a, "leave"); }

static void h_enter(struct app *a, enum fsm_state s)
{
	note(a, "enter:%s", fsm_state_name(s));
}

static void h_stay(struct app *a, const struct fsm_event *e)
{
	(void)e;
	note(a, "stay");
}

static void h_ignored(struct app *a, const struct fsm_event *e)
{
	note(a, "ignored:%s", fsm_event_name(e->ev));
}

static bool g_open(const struct app *a, const struct fsm_event *e)
{
	(void)e;
	return a->open;
}

static void act_a(struct app *a, const struct fsm_event *e)
{
	(void)e;
	note(a, "a");
}

/* Posts two events: they run after this one, in order. */
static void act_post(struct app *a, const struct fsm_event *e)
{
	struct fsm_event x = { .ev = EV_LANG }, y = { .ev = EV_RESIZE };

	(void)e;
	note(a, "post");
	assert_true(fsm_post(&a->m, &x));
	assert_true(fsm_post(&a->m, &y));
}

static void act_b(struct app *a, const struct fsm_event *e)
{
	(void)e;
	note(a, "b");
}

#define ROW(from, ev, guard, action, to) \
	{ from, ev, guard, #guard, action, #action, to }

static const struct fsm_row toy_rows[] = {
	ROW(ST_WELCOME, EV_ENTER, g_open, act_a, ST_MENU),
	ROW(ST_WELCOME, EV_ENTER, NULL, act_b, ST_SAME),
	ROW(ST_MENU, EV_PICK, NULL, act_post, ST_INTRO),
	ROW(ST_ANY, EV_LANG, NULL, act_a, ST_SAME),
	ROW(ST_ANY, EV_RESIZE, NULL, act_b, ST_SAME),
	ROW(ST_ANY, EV_ENTER, NULL, act_a, ST_WELCOME),
};

static const struct fsm_hooks toy_hooks = {
	h_observe, h_intercept, h_leave, h_enter, h_stay, h_ignored,
};

static const struct fsm_def toy = {
	toy_rows, sizeof toy_rows / sizeof toy_rows[0], &toy_hooks
};

/* Run one event and return the trace it left. */
static const char *run(struct app *a, enum fsm_ev ev, bool key)
{
	struct fsm_event e = { .ev = ev, .key = key };

	a->trace[0] = '\0';
	fsm_dispatch(&a->m, &e);
	return a->trace;
}

/* The first matching row; a guard that says no passes to the next. */
static void test_first_row(void **state)
{
	struct app a = { 0 };

	(void)state;
	fsm_init(&a.m, &toy, &a, ST_WELCOME);
	fsm_start(&a.m, ST_WELCOME);
	assert_string_equal(a.trace, "enter:welcome ");
	assert_string_equal(run(&a, EV_ENTER, true), "observe:enter b stay ");
	assert_string_equal(run(&a, EV_ENTER, false), "observe:enter b ");
	a.open = true;
	assert_string_equal(run(&a, EV_ENTER, true),
	                    "observe:enter leave a enter:menu ");
	assert_int_equal(a.m.state, ST_MENU);
	/* any-state rows match in every state */
	assert_string_equal(run(&a, EV_ENTER, true),
	                    "observe:enter leave a enter:welcome ");
}

/* Posted events run after the current one, in order; the queue has a
 * limit it reports. */
static void test_posted(void **state)
{
	struct app a = { 0 };
	struct fsm_event x = { .ev = EV_LANG };

	(void)state;
	fsm_init(&a.m, &toy, &a, ST_MENU);
	assert_string_equal(run(&a, EV_PICK, true),
	                    "observe:pick leave post enter:intro "
	                    "observe:lang a observe:resize b ");
	assert_int_equal(a.m.nqueue, 0);
	for (int i = 0; i < FSM_QUEUE; i++)
		assert_true(fsm_post(&a.m, &x));
	assert_false(fsm_post(&a.m, &x));
}

/* The hooks' share: an event taken before the table, and one no row
 * takes. */
static void test_hooks(void **state)
{
	struct app a = { 0 };

	(void)state;
	fsm_init(&a.m, &toy, &a, ST_MENU);
	a.taken = true;
	assert_string_equal(run(&a, EV_PICK, true), "observe:pick taken ");
	assert_int_equal(a.m.state, ST_MENU);
	assert_string_equal(run(&a, EV_DIGIT, true),
	                    "observe:digit ignored:digit ");
	assert_null(fsm_find(&toy, &a, ST_MENU,
	                     &(struct fsm_event){ .ev = EV_DIGIT }));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_row),
		cmocka_unit_test(test_posted),
		cmocka_unit_test(test_hooks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
