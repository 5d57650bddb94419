/* model.c - the kiosk's model: setting it up, forgetting a citizen, the card
 * facts every event carries, and the questions screens and guards ask of
 * it (which code is being typed, which step, what the card's state means). */
#include "build-config.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "app.h"

/* Set up a; every secret comes from the locked arena. */
int app_init(struct app *a, const struct settings *set,
             const struct app_effects *fx, struct audit *audit, int lang)
{
	memset(a, 0, sizeof *a);
	a->set = set;
	a->fx = fx;
	a->audit = audit;
	a->lang = a->lang0 = lang;
	fsm_init(&a->fsm, &fsm_kiosk, a, ST_WELCOME);
	a->notice = MSG_COUNT;
	a->puk = secret_new();
	for (int i = 0; i < 2; i++) {
		a->pin[i] = secret_new();
		a->again[i] = secret_new();
	}
	a->old = secret_new();
	a->staff = secret_new();
	if (!a->puk || !a->pin[0] || !a->pin[1] || !a->again[0] ||
	    !a->again[1] || !a->old || !a->staff) {
		app_free(a);
		return -1;
	}
	app_reset(a);
	app_access_reset(a);
	return 0;
}

/* Wipe and give back the secrets. */
void app_free(struct app *a)
{
	secret_free(a->puk);
	secret_free(a->old);
	secret_free(a->staff);
	for (int i = 0; i < 2; i++) {
		secret_free(a->pin[i]);
		secret_free(a->again[i]);
	}
	a->puk = a->old = a->staff = NULL;
	a->pin[0] = a->pin[1] = a->again[0] = a->again[1] = NULL;
}

/* Wipe every code, unless the card thread still reads them: then as soon
 * as its result arrives (card.h: secrets are borrowed until CEV_RESULT). */
static void app_wipe_codes(struct app *a)
{
	if (a->busy) {
		a->wipe_on_result = true;
		return;
	}
	secret_wipe(a->puk);
	secret_wipe(a->old);
	secret_wipe(a->staff);
	for (int i = 0; i < 2; i++) {
		secret_wipe(a->pin[i]);
		secret_wipe(a->again[i]);
	}
}

/* Forget the citizen: codes, the card's details, the journey, notices. */
void app_reset(struct app *a)
{
	app_journey_end(a, END_CANCELLED);   /* abandoned, if still open */
	app_wipe_codes(a);
	memset(&a->info, 0, sizeof a->info);
	for (int c = 0; c < CODE_COUNT; c++)
		a->info.code[c].tries_left = -1;
	a->verdict = V_NONE;
	memset(a->need, 0, sizeof a->need);
	memset(a->done, 0, sizeof a->done);
	memset(a->ready, 0, sizeof a->ready);
	a->cur = 0;
	a->unknown = false;
	a->kind = J_NONE;
	a->nmenu = 0;
	a->timeouts = 0;
	a->notice = MSG_COUNT;
	a->finished_well = false;
}

/* The card the reader holds, as staff see it. */
static void app_see_card(struct app *a, const struct card_event *ce)
{
	struct app_card_seen *s = &a->seen;

	if (ce->kind == CEV_CARD_INSERTED) {
		snprintf(s->reader, sizeof s->reader, "%s", ce->reader);
		memcpy(s->atr, ce->atr, sizeof s->atr);
		s->atr_len = ce->atr_len;
		snprintf(s->profile, sizeof s->profile, "%s", ce->profile);
		snprintf(s->known, sizeof s->known, "%s", ce->known);
	} else if (ce->kind == CEV_CARD_REMOVED) {
		s->atr_len = 0;
		s->profile[0] = s->known[0] = '\0';
	}
}

/* The facts of the card service's own event: what it said is recorded
 * first (a result, with the tries before it), then taken in. */
static void app_observe_card(struct app *a, const struct card_event *ce)
{
	app_record_card(a, ce);
	app_see_card(a, ce);
	if (ce->kind == CEV_RESULT)
		a->cev = *ce;
	/* the service-down event follows; the removal screen and the
	 * journey's end need to know now that the card was not pulled */
	if (ce->kind == CEV_CARD_REMOVED && ce->service_lost)
		a->reader = RD_SERVICE_DOWN;
}

/* Facts first: whatever state takes the event, these stay true. */
void app_observe(struct app *a, const struct fsm_event *e)
{
	if (e->card)
		app_observe_card(a, e->card);
	switch (e->ev) {
	case EV_CARD_IN:
	case EV_CARD_UNSUPPORTED:
		a->card_in = true;
		a->card_ok = e->ev == EV_CARD_IN;
		a->advice = a->card_ok ? ADV_NONE : (enum card_advice)e->arg;
		a->reader = RD_OK;
		break;
	case EV_CARD_OUT:
		a->card_in = a->card_ok = false;
		break;
	case EV_READER_EMPTY:
		a->card_in = a->card_ok = false;
		a->reader = RD_OK;
		break;
	case EV_NO_READER:
	case EV_SERVICE_DOWN:
	case EV_READER_BUSY:
		a->card_in = a->card_ok = false;
		a->reader = e->ev == EV_NO_READER ? RD_NO_READER
		          : e->ev == EV_READER_BUSY ? RD_BUSY : RD_SERVICE_DOWN;
		break;
	case EV_HEADSET:
		a->headset = e->arg == 1;
		break;
	case EV_SPEECH_HELPER:  /* gone: no speech, nor a headset heard */
		a->speech_down = e->arg == 0;
		if (a->speech_down)
			a->speech = a->headset = false;
		break;
	case EV_RESULT:
		if (e->arg == 1)   /* refused unsent (app_refused): no answer */
			break;
		a->busy = false;
		if (a->wipe_on_result) {
			a->wipe_on_result = false;
			app_wipe_codes(a);
		}
		/* the result tells its story first, then the reset is done
		 * (arg 1: a reset that waited; an end screen makes it moot) */
		if (a->reset_pending) {
			a->reset_pending = false;
			app_post(a, EV_STAFF_RESET, 1);
		}
		break;
	default:
		break;
	}
}

/* Queue an event for after the current one; a full queue is a bug. */
void app_post(struct app *a, enum fsm_ev ev, int arg)
{
	struct fsm_event e = { ev, arg, false, NULL };

	if (!fsm_post(&a->fsm, &e))
		app_log(a, "event queue full, dropping %s", fsm_event_name(ev));
}

/* Enter the first state. */
void app_start(struct app *a)
{
	fsm_start(&a->fsm, ST_WELCOME);
}

/* One event through the state machine. */
void app_event(struct app *a, enum fsm_ev ev, int arg, bool key,
               const struct card_event *card)
{
	struct fsm_event e = { ev, arg, key, card };

	fsm_dispatch(&a->fsm, &e);
}

/* The state machine's event for a card service event. */
void app_card_event(struct app *a, const struct card_event *ce)
{
	static const enum fsm_ev evs[] = {
		[CEV_SERVICE_DOWN] = EV_SERVICE_DOWN,
		[CEV_NO_READER] = EV_NO_READER,
		[CEV_READER_EMPTY] = EV_READER_EMPTY,
		[CEV_CARD_INSERTED] = EV_CARD_IN,
		[CEV_READER_BUSY] = EV_READER_BUSY,
		[CEV_CARD_REMOVED] = EV_CARD_OUT,
		[CEV_RESULT] = EV_RESULT,
	};
	enum fsm_ev ev;

	if ((unsigned)ce->kind >= sizeof evs / sizeof evs[0])
		return;
	ev = evs[ce->kind];
	if (ce->kind == CEV_CARD_INSERTED && !ce->profile[0])
		ev = EV_CARD_UNSUPPORTED;
	app_event(a, ev, ev == EV_CARD_UNSUPPORTED ? (int)ce->advice : 0, false,
	          ce);
}

/* The secret a state types into. */
struct secret *app_entry(const struct app *a, enum fsm_state st, int *max)
{
	if (max)
		*max = APP_CODE_MAX;
	switch (st) {
	case ST_ENTER_PUK: return a->puk;
	case ST_ENTER_OLD: case ST_TEST_ENTER: return a->old;
	case ST_ENTER_PIN1: return a->pin[0];
	case ST_AGAIN_PIN1: return a->again[0];
	case ST_ENTER_PIN2: return a->pin[1];
	case ST_AGAIN_PIN2: return a->again[1];
	case ST_STAFF_CODE:
		if (max)
			*max = APP_STAFF_MAX;
		return a->staff;
	default:
		return NULL;
	}
}

/* Whether the card's certificate is out of date. */
static bool app_expired(const struct card_info *in)
{
	if (!in->have_cert[KEY_AUTH])
		return false;
	return in->chain[KEY_AUTH] == CHAIN_EXPIRED ||
	       (in->cert[KEY_AUTH].not_after != 0 &&
	        in->cert[KEY_AUTH].not_after < time(NULL));
}

/* What a card's code and certificate states mean for this kiosk. */
enum app_verdict app_verdict_of(const struct card_info *in)
{
	const struct code_status *c = in->code;

	if (c[CODE_PUK].tries_left == 0)
		return V_LOCKED;
	if (app_expired(in))
		return V_EXPIRED;
	if (!c[CODE_PIN1].activated || !c[CODE_PIN2].activated)
		return c[CODE_PUK].tries_left == 1 ? V_PUK_LAST : V_ACTIVATE;
	if (c[CODE_PIN1].tries_left == 0 || c[CODE_PIN2].tries_left == 0) {
		if (c[CODE_PUK].tries_left == 1)
			return V_BLOCKED_PUK_LOW;
		return c[CODE_PIN1].tries_left == 0 ? V_PIN1_BLOCKED
		                                    : V_PIN2_BLOCKED;
	}
	return V_ACTIVE;
}

/* What a READ_INFO result means: a card that could not be read through,
 * or that told nothing of its codes, is unreadable. */
enum app_verdict app_verdict(const struct app *a)
{
	const struct card_event *ev = &a->cev;
	const struct code_status *c = ev->info.code;

	if (ev->req != REQ_READ_INFO || !ev->read_complete)
		return V_UNREADABLE;
	if (!c[CODE_PIN1].known && !c[CODE_PIN2].known && !c[CODE_PUK].known)
		return V_UNREADABLE;
	return app_verdict_of(&ev->info);
}

bool app_all_set(const struct app *a)
{
	return (!a->need[0] || a->done[0]) && (!a->need[1] || a->done[1]);
}

bool app_card_lost(const struct app *a)
{
	return a->reader == RD_SERVICE_DOWN || a->reader == RD_NO_READER;
}

bool app_gave_up(const struct app *a)
{
	return a->timeouts >= a->set->max_entry_timeouts;
}

/* Step n of m: the activation code or the current PIN, then each new PIN
 * twice. A PIN test has no steps. */
int app_step(const struct app *a, enum fsm_state st, int *steps)
{
	int first2 = a->need[0] ? 4 : 2;

	*steps = 1 + 2 * (a->need[0] + a->need[1]);
	if (a->kind == J_NONE || a->kind == J_TEST)
		return 0;
	switch (st) {
	case ST_ENTER_PUK: case ST_ENTER_OLD: return 1;
	case ST_ENTER_PIN1: return 2;
	case ST_AGAIN_PIN1: return 3;
	case ST_ENTER_PIN2: return first2;
	case ST_AGAIN_PIN2: return first2 + 1;
	default: return 0;
	}
}

/* Log through the effects. */
void app_log(const struct app *a, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (a->fx && a->fx->log)
		a->fx->log(a->fx->ctx, line);
}
