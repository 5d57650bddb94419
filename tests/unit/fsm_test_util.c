/* fsm_test_util.c - the fixture of the state machine tests: a machine
 * whose effects are recorded instead of done (screens, timers, card
 * requests, language, quit, log lines), and the card's answers made up
 * as records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fsm_test_util.h"

/* Record one effect. */
void rec_add(struct rec *r, const char *fmt, ...)
{
	va_list ap;

	assert_true(r->n < REC_MAX);
	va_start(ap, fmt);
	vsnprintf(r->log[r->n++], sizeof r->log[0], fmt, ap);
	va_end(ap);
}

static void fx_show(void *ctx, enum fsm_state st)
{
	rec_add(ctx, "show %s", fsm_state_name(st));
}

static void fx_timer(void *ctx, int s, bool tick)
{
	if (s == 0)
		rec_add(ctx, "timer off");
	else
		rec_add(ctx, "timer %d%s", s, tick ? " tick" : "");
}

static int fx_card(void *ctx, const struct card_request *rq)
{
	struct rec *r = ctx;
	static const char *const kinds[] = { "read", "activate", "change", "sign" };

	r->rq = *rq;
	r->rq_puk_len = rq->puk ? rq->puk->len : 0;
	r->rq_pin_len = rq->new_pin ? rq->new_pin->len : 0;
	r->rq_old_len = rq->old_pin ? rq->old_pin->len : 0;
	if (rq->kind == REQ_READ_INFO)
		rec_add(r, "card read");
	else
		rec_add(r, "card %s %s", kinds[rq->kind],
		        rq->code == CODE_PIN1 ? "pin1" : "pin2");
	return r->card_rc;
}

static void fx_lang(void *ctx, int i) { rec_add(ctx, "lang %d", i); }
static void fx_redraw(void *ctx) { rec_add(ctx, "redraw"); }
static void fx_alert(void *ctx) { rec_add(ctx, "alert"); }
static void fx_warn(void *ctx) { rec_add(ctx, "warn"); }
static void fx_quit(void *ctx, int st) { rec_add(ctx, "quit %d", st); }
static void fx_log(void *ctx, const char *l) { rec_add(ctx, "log %s", l); }
static long long fx_now(void *ctx) { return ((struct rec *)ctx)->now_ms; }

/* The fixture's staff code, hashed as the site's file holds it. */
static void staff_code_for_tests(struct settings *s)
{
	char line[STAFF_LINE_MAX];
	const char *why;

	assert_int_equal(staff_code_make(TEST_STAFF_CODE,
	                                 strlen(TEST_STAFF_CODE), STAFF_ITER_MIN,
	                                 line, sizeof line, &why), 0);
	assert_int_equal(staff_code_parse(line, &s->staff_code, &why), 0);
	s->staff_code_set = true;
}

/* A fresh machine in ST_WELCOME with default (DVV) settings. */
int setup(void **state)
{
	struct rec *r = calloc(1, sizeof *r);

	if (!r)
		return -1;
	secret_arena_init();
	settings_defaults(&r->set);
	staff_code_for_tests(&r->set);
	r->fx = (struct app_effects){ fx_show, fx_timer, fx_card, fx_lang,
	                              fx_redraw, fx_alert, fx_warn, fx_quit,
	                              fx_log, fx_now, r };
	if (app_init(&r->app, &r->set, &r->fx, NULL, 0) < 0)
		return -1;
	app_start(&r->app);
	r->n = 0;
	*state = r;
	return 0;
}

int teardown(void **state)
{
	struct rec *r = *state;

	app_free(&r->app);
	free(r);
	return 0;
}

/* Dispatch and forget the effects so far. */
void ev(struct rec *r, enum fsm_ev e, int arg)
{
	r->n = 0;
	app_event(&r->app, e, arg, true, NULL);
}

/* The card service's event, through the model as the loop hands it on. */
void card(struct rec *r, const struct card_event *c)
{
	r->n = 0;
	app_card_event(&r->app, c);
}

/* Whether an effect was recorded by the last event. */
bool did(const struct rec *r, const char *what)
{
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->log[i], what) == 0)
			return true;
	return false;
}

/* Type digits and press Enter; effects of the Enter stay recorded. */
void type(struct rec *r, const char *digits)
{
	for (const char *p = digits; *p; p++)
		ev(r, EV_DIGIT, *p - '0');
	ev(r, EV_ENTER, 0);
}

/* The card answers READ_INFO: PIN1/PIN2 activated flags, tries left. */
void read_result(struct rec *r, bool pin1, bool pin2, int t1, int t2,
                        int tpuk)
{
	struct card_event ce, *c = &ce;

	memset(c, 0, sizeof *c);
	c->kind = CEV_RESULT;
	c->req = REQ_READ_INFO;
	c->read_complete = true;
	c->info.code[CODE_PIN1] = (struct code_status){ t1 >= 0, t1, pin1 };
	c->info.code[CODE_PIN2] = (struct code_status){ t2 >= 0, t2, pin2 };
	c->info.code[CODE_PUK] = (struct code_status){ tpuk >= 0, tpuk, true };
	card(r, c);
}

/* A result of req that got as far as got says. */
static void got_result(struct card_event *c, enum card_req_kind req,
                       enum got got, enum card_err err, enum sw_kind kind,
                       int tries)
{
	memset(c, 0, sizeof *c);
	c->kind = CEV_RESULT;
	c->req = req;
	c->write_sent = req != REQ_TEST_SIGN;
	c->written = c->write_sent && got >= GOT_WRITTEN;
	c->states_fresh = got == GOT_FRESH;
	c->sig_ok = -1;
	c->res = (struct card_result){ err, kind, 0, tries };
}

/* The card answers ACTIVATE. */
void act_result(struct rec *r, enum got got, enum card_err err,
                enum sw_kind kind, int tries)
{
	struct card_event ce, *c = &ce;
	int cur = r->app.cur;

	got_result(c, REQ_ACTIVATE, got, err, kind, tries);
	if (got == GOT_FRESH) {
		c->info.code[CODE_PIN1] = (struct code_status){ true, 5, cur == 0 ||
		                           r->app.info.code[0].activated };
		c->info.code[CODE_PIN2] = (struct code_status){ true, 5, cur == 1 };
		c->info.code[CODE_PUK] = (struct code_status){ true, 5, true };
	}
	card(r, c);
}


/* The card answers a CHANGE or a TEST_SIGN (sig_ok for a signature). */
void pin_result(struct rec *r, enum card_req_kind req, enum got got,
                enum card_err err, enum sw_kind kind, int tries, int sig_ok)
{
	struct card_event ce, *c = &ce;

	got_result(c, req, got, err, kind, tries);
	c->sig_ok = sig_ok;
	c->info = r->app.info;
	card(r, c);
}
