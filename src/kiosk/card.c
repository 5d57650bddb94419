/* card.c - the card in the reader: asking the card service (and a request
 * it cannot take), reading a new card, the card states a visit stops at, a
 * card no profile serves, the card coming out (with what a write that was
 * running did), and forgetting the citizen when a visit ends. */
#include "build-config.h"
#include <string.h>
#include "app_rules.h"

/* Whether a supported card is in the reader. */
APP_GUARD(g_card_ready)
{
	return a->card_in && a->card_ok;
}

/* Whether any card is in the reader. */
APP_GUARD(g_card_in)
{
	return a->card_in;
}

/* Whether the card thread is working on a request. */
APP_GUARD(g_busy)
{
	return a->busy;
}

/* Whether the result says the card went away: pulled, or lost with
 * pcscd. Its removal event follows and tells the rest. */
APP_GUARD(g_res_removed)
{
	return a->cev.res.err == CE_REMOVED || a->cev.res.err == CE_NO_SERVICE;
}

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

/* Draw everything again (resize, reader state). */
APP_ACTION(act_redraw)
{
	a->fx->redraw(a->fx->ctx);
}
