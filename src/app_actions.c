/* app_actions.c - what the transitions do outside the activation journey
 * itself: reading a card, typing, time-outs, the card coming out, language.
 * The journey's own steps are in app_journey.c, the staff's in
 * app_staff.c. */
#include <string.h>
#include "app_rules.h"

/* A request the card service could not even take: its result is told
 * like a card that did not answer (card_request refuses when busy or the
 * card is gone). Posted with arg 1: an earlier request the service still
 * works on keeps its codes lent until its own result comes. */
static void app_refused(struct app *a, enum card_req_kind kind, bool earlier)
{
	a->busy = earlier;
	memset(&a->cev, 0, sizeof a->cev);
	a->cev.kind = CEV_RESULT;
	a->cev.req = kind;
	a->cev.res.err = CE_COMM;
	a->cev.res.tries_left = -1;
	a->cev.sig_ok = -1;
	app_post(a, EV_RESULT, 1);
}

/* Hand a request to the card service; borrowed secrets stay untouched
 * until its result arrives. */
void app_request(struct app *a, const struct card_request *rq)
{
	bool earlier = a->busy;

	a->busy = true;
	a->req = rq->kind;
	if (a->fx->card(a->fx->ctx, rq) != 0)
		app_refused(a, rq->kind, earlier);
}

/* A new card: forget everything and read it without spending a try. */
APP_ACTION(act_read)
{
	struct card_request rq = { .kind = REQ_READ_INFO };

	app_reset(a);
	app_request(a, &rq);
}

/* The card state ST_CARD_END shows, and the choices it offers. */
void app_end(struct app *a, enum app_verdict v)
{
	a->verdict = v;
	a->nmenu = app_end_choices(a, a->menu);
}

/* The card state to show at ST_CARD_END, from the READ_INFO result. */
APP_ACTION(act_end)
{
	a->info = a->cev.info;
	app_end(a, app_verdict(a));
}

/* A card no profile serves: what the citizen is told depends on what it
 * is (cards.conf's not_served). */
APP_ACTION(act_unsupported)
{
	app_reset(a);
	app_end(a, a->advice == ADV_CONTACTLESS ? V_CONTACTLESS
	         : a->advice == ADV_EXPIRED ? V_OLD_CARD : V_UNSUPPORTED);
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

/* The journey is over but the card is still in: forget everything. A
 * thank-you when the citizen chose to finish, not after time ran out or
 * on an end screen (a blocked PIN, an expired card, a refusal). */
APP_ACTION(act_finish)
{
	if (e->ev == EV_TIMEOUT)
		app_journey_end(a, END_TIMEOUT);
	app_reset(a);
	a->finished_well = e->ev != EV_TIMEOUT && a->fsm.state != ST_CARD_END;
}

/* Forget everything; the next visit starts in the site's language. */
APP_ACTION(act_reset)
{
	if (e->ev == EV_TIMEOUT)
		app_journey_end(a, END_TIMEOUT);
	else if (e->ev == EV_CARD_OUT)
		app_journey_end(a, app_removal(a));
	app_reset(a);
	app_access_reset(a);
	if (a->lang != a->lang0) {
		a->lang = a->lang0;
		a->fx->lang(a->fx->ctx, a->lang);
	}
}

/* What a write's result says was changed: the PIN was set (the card said
 * so), nothing (the card answered no, or nothing was sent), or still
 * unknown (the write went out and its answer was lost). */
void app_note_write(struct app *a)
{
	const struct card_event *ev = &a->cev;

	if (ev->req != REQ_ACTIVATE && ev->req != REQ_CHANGE)
		return;
	if (ev->written) {
		a->done[a->cur] = true;
		a->info.code[a->cur].activated = true;
		a->unknown = false;
	} else {
		a->unknown = ev->write_sent && ev->res.err != CE_OK;
	}
}

/* A pulled card's result arrived before the removal itself. */
APP_ACTION(act_note_result)
{
	app_note_write(a);
}

/* The card was pulled, or pcscd went away with it: keep what the removed
 * screen must tell (what was set), forget the codes. */
APP_ACTION(act_removed)
{
	app_journey_end(a, app_removal(a));
	if (a->busy && (a->req == REQ_ACTIVATE || a->req == REQ_CHANGE))
		a->unknown = true;
	secret_wipe(a->staff);
	if (a->busy) {
		a->wipe_on_result = true;
	} else {
		secret_wipe(a->puk);
		secret_wipe(a->old);
		for (int i = 0; i < 2; i++) {
			secret_wipe(a->pin[i]);
			secret_wipe(a->again[i]);
		}
	}
	memset(a->ready, 0, sizeof a->ready);
	a->verdict = V_NONE;
}

/* The result of a write that was running when the card was pulled: now
 * the removed screen can say what was saved. */
APP_ACTION(act_late_result)
{
	app_note_write(a);
}

/* The next language in the offered order. */
APP_ACTION(act_next_lang)
{
	if (a->set->nlangs <= 0)
		return;
	a->lang = (a->lang + 1) % a->set->nlangs;
	a->fx->lang(a->fx->ctx, a->lang);
}

/* A language picked by its number on the welcome screen. */
APP_ACTION(act_pick_lang)
{
	if (e->arg < 1 || e->arg > a->set->nlangs)
		return;
	a->lang = e->arg - 1;
	a->fx->lang(a->fx->ctx, a->lang);
}

/* Draw everything again (resize, reader state). */
APP_ACTION(act_redraw)
{
	a->fx->redraw(a->fx->ctx);
}
