/* pcsc_thread.c - the card thread: owns the SCARDCONTEXT, waits in
 * SCardGetStatusChange(INFINITE) on the readers and the PnP pseudo reader,
 * turns reader states into card events (only on changes), holds the reader
 * of a card we serve exclusively for the whole visit, runs requests, and
 * rebuilds the context with backoff when pcscd goes away. */
#include "build-config.h"
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include "outside.h"
#include "pcsc_int.h"

#define PCSC_BACKOFF_MIN_MS 100
#define PCSC_BACKOFF_MAX_MS 2000
#define PCSC_SPIN_RETURNS 50     /* wait returns per second that mean a spin */
#define PCSC_BUSY_RETRY_MS 500   /* a reader another client holds: try again */

/* The readers we watch; st[n] is the PnP pseudo reader. */
struct pcsc_readers {
	struct pcsc_name names[PCSC_MAX_READERS];
	SCARD_READERSTATE st[PCSC_MAX_READERS + 1];
	size_t n;
};

/* What was last posted, to post only changes. */
struct pcsc_view {
	bool posted;
	enum card_ev_kind kind;
	struct pcsc_name reader;
	uint8_t atr[33];
	size_t atr_len;
	unsigned counter;            /* pcsc-lite event counter of the reader */
	const struct card_profile *profile;
	const struct known_card *known;   /* no profile: a card we know */
	bool service_lost;           /* a removal because pcscd went away */
};

/* Wait ms, or less when stopped or a request arrives: a request while the
 * service is down is answered at once instead of after the backoff. */
static void pcsc_nap(struct card_service *cs, unsigned ms)
{
	struct timespec t = service_deadline(ms);

	service_lock(cs);
	while (!cs->stop && !cs->req_waiting && service_wait_until(cs, &t) == 0)
		;
	service_unlock(cs);
}

/* Post a state event and remember it; card_ready follows it. */
static void pcsc_post_state(struct card_service *cs, struct pcsc_view *v,
                            const struct pcsc_view *now)
{
	struct card_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = now->kind;
	ev.sig_ok = -1;
	snprintf(ev.reader, sizeof ev.reader, "%s", now->reader.shown);
	memcpy(ev.atr, now->atr, now->atr_len);
	ev.atr_len = now->atr_len;
	ev.service_lost = now->service_lost;
	if (now->kind == CEV_CARD_INSERTED)
		service_name_card(&ev, now->profile, now->known);
	service_post_state(cs, &ev,
	                   now->kind == CEV_CARD_INSERTED && now->profile);
	*v = *now;
	v->posted = true;
}

/* Whether now differs from what was posted. */
static bool pcsc_view_changed(const struct pcsc_view *v,
                              const struct pcsc_view *now)
{
	if (!v->posted || v->kind != now->kind)
		return true;
	if (now->kind == CEV_SERVICE_DOWN || now->kind == CEV_NO_READER)
		return false;
	if (strcmp(v->reader.raw, now->reader.raw) != 0)
		return true;
	return now->kind == CEV_CARD_INSERTED &&
	       (v->counter != now->counter || v->atr_len != now->atr_len ||
	        memcmp(v->atr, now->atr, now->atr_len) != 0);
}

/* Post now if it is a change; a card that was inserted is first reported
 * removed, so a fast remove + insert shows as both. */
static void pcsc_update(struct card_service *cs, struct pcsc_view *v,
                        const struct pcsc_view *now)
{
	struct pcsc_view gone;

	if (!pcsc_view_changed(v, now))
		return;
	if (v->posted && v->kind == CEV_CARD_INSERTED) {
		gone = *v;
		gone.kind = CEV_CARD_REMOVED;
		gone.profile = NULL;
		gone.service_lost = now->kind == CEV_SERVICE_DOWN;
		pcsc_post_state(cs, v, &gone);
	}
	pcsc_post_state(cs, v, now);
}

/* A result record for rq with nothing done yet. */
static void pcsc_result_init(struct card_event *ev, enum card_req_kind kind,
                             enum card_err err)
{
	memset(ev, 0, sizeof *ev);
	ev->kind = CEV_RESULT;
	ev->req = kind;
	ev->res.err = err;
	ev->res.kind = err == CE_OK ? SW_OK : SW_OTHER;
	ev->res.tries_left = -1;
	ev->sig_ok = -1;
}

/* Answer a waiting request that cannot reach a card (lock not held). */
static void pcsc_refuse_request(struct card_service *cs, enum card_err err)
{
	struct card_request rq;
	struct card_event ev;

	service_lock(cs);
	if (service_take_request(cs, &rq)) {
		pcsc_result_init(&ev, rq.kind, err);
		service_answer_locked(cs, &ev);
	}
	service_unlock(cs);
}

/* The reader names for the service screen (card_readers). */
static void pcsc_note_readers(struct card_service *cs,
                              const struct pcsc_readers *rd)
{
	struct pcsc *p = cs->impl;
	size_t o = 0;

	service_lock(cs);
	p->readers[0] = '\0';
	for (size_t i = 0; i < rd->n && o < sizeof p->readers; i++)
		o += (size_t)snprintf(p->readers + o, sizeof p->readers - o,
		                      "%s%s", i ? ", " : "", rd->names[i].shown);
	service_unlock(cs);
}

/* Index of a reader name in rd, or -1. */
static int pcsc_find_reader(const struct pcsc_readers *rd, const char *name)
{
	for (size_t i = 0; i < rd->n; i++)
		if (strcmp(rd->names[i].raw, name) == 0)
			return (int)i;
	return -1;
}

/* Re-list readers into rd, keeping the last state (current and event,
 * with the ATR) of those still there. Each name is cleaned here, as it
 * comes from pcscd: only the PC/SC calls see it raw. */
static LONG pcsc_relist(SCARDCONTEXT ctx, struct pcsc_readers *rd)
{
	struct pcsc_readers nw;
	char *buf = NULL, *p;
	DWORD len = SCARD_AUTOALLOCATE;
	LONG rv = SCardListReaders(ctx, NULL, (LPSTR)&buf, &len);
	int old;

	if (rv == SCARD_E_NO_READERS_AVAILABLE)
		buf = NULL;
	else if (rv != SCARD_S_SUCCESS)
		return rv;
	memset(&nw, 0, sizeof nw);
	for (p = buf; p && *p && nw.n < PCSC_MAX_READERS; p += strlen(p) + 1) {
		snprintf(nw.names[nw.n].raw, sizeof nw.names[0].raw, "%s", p);
		outside_clean(nw.names[nw.n].shown, sizeof nw.names[0].shown, p,
		              strlen(p));
		old = pcsc_find_reader(rd, p);
		if (old >= 0)
			nw.st[nw.n] = rd->st[old];
		nw.n++;
	}
	if (buf)
		SCardFreeMemory(ctx, buf);
	nw.st[nw.n].dwCurrentState = (DWORD)nw.n << 16;
	*rd = nw;
	for (size_t i = 0; i < rd->n; i++)
		rd->st[i].szReader = rd->names[i].raw;
	rd->st[rd->n].szReader = PCSC_PNP;
	return SCARD_S_SUCCESS;
}

/* The reader to follow: the configured fragment, else the one already
 * followed while it holds a card, else the first with a card, else the
 * first. -1 when there is none. */
static int pcsc_choose(const struct card_service *cs,
                       const struct pcsc_readers *rd, const struct pcsc_view *v)
{
	int keep;

	if (cs->reader_match[0]) {
		for (size_t i = 0; i < rd->n; i++)
			if (strstr(rd->names[i].raw, cs->reader_match))
				return (int)i;
		return -1;
	}
	keep = v->kind == CEV_CARD_INSERTED
	       ? pcsc_find_reader(rd, v->reader.raw) : -1;
	if (keep >= 0 && (rd->st[keep].dwEventState & SCARD_STATE_PRESENT))
		return keep;
	for (size_t i = 0; i < rd->n; i++)
		if (rd->st[i].dwEventState & SCARD_STATE_PRESENT)
			return (int)i;
	return rd->n > 0 ? 0 : -1;
}

/* Reader states -> the state to show. */
static void pcsc_derive(const struct card_service *cs,
                        const struct pcsc_readers *rd,
                        const struct pcsc_view *v, struct pcsc_view *now)
{
	int i = pcsc_choose(cs, rd, v);
	const SCARD_READERSTATE *s;

	memset(now, 0, sizeof *now);
	if (i < 0) {
		now->kind = CEV_NO_READER;
		return;
	}
	s = &rd->st[i];
	now->reader = rd->names[i];
	if (!(s->dwEventState & SCARD_STATE_PRESENT)) {
		now->kind = CEV_READER_EMPTY;
		return;
	}
	now->kind = CEV_CARD_INSERTED;
	now->counter = s->dwEventState >> 16;
	/* A mute card has no ATR: shown as inserted but unsupported. */
	if (!(s->dwEventState & SCARD_STATE_MUTE) && s->cbAtr <= sizeof now->atr) {
		memcpy(now->atr, s->rgbAtr, s->cbAtr);
		now->atr_len = s->cbAtr;
		now->profile = profile_match(&cs->profiles, now->atr,
		                             now->atr_len);
		now->known = profile_known(&cs->profiles, now->atr,
		                           now->atr_len);
	}
}

/* Hold the reader of the card now shows, if it is one we serve, for the
 * visit; another client holding it makes now "busy" (pcscd does not tell
 * when it lets go: the wait retries). Anything else lets the hold go.
 * Returns a service-loss code, else SCARD_S_SUCCESS (a card pulled in
 * between shows in the next wait; a request then connects anew). */
static LONG pcsc_claim(const struct card_service *cs, SCARDCONTEXT ctx,
                       struct pcsc_hold *hold, struct pcsc_view *now)
{
	LONG rv;

	if (now->kind != CEV_CARD_INSERTED || !now->profile ||
	    cs->cfg.observe_only) {
		pcsc_hold_drop(hold);
		return SCARD_S_SUCCESS;
	}
	if (hold->on && hold->counter == now->counter &&
	    strcmp(hold->reader, now->reader.raw) == 0)
		return SCARD_S_SUCCESS;
	pcsc_hold_drop(hold);
	rv = pcsc_hold_take(ctx, hold, now->reader.raw, now->counter);
	if (rv == SCARD_E_SHARING_VIOLATION)
		now->kind = CEV_READER_BUSY;
	return pcsc_service_lost(rv) ? rv : SCARD_S_SUCCESS;
}

/* Take the waiting request and run it on the card shown in v; the result
 * is posted unless the watcher already answered it (timeout). */
static LONG pcsc_take_request(struct card_service *cs, SCARDCONTEXT ctx,
                              struct pcsc_hold *hold,
                              const struct pcsc_view *v)
{
	struct pcsc *p = cs->impl;
	struct card_request rq;
	struct card_event ev;
	LONG rv = SCARD_S_SUCCESS;

	service_lock(cs);
	if (!service_take_request(cs, &rq)) {
		service_unlock(cs);
		return rv;
	}
	service_unlock(cs);
	if (v->kind != CEV_CARD_INSERTED || !v->profile)
		pcsc_result_init(&ev, rq.kind, CE_REMOVED);
	else
		rv = pcsc_run_request(cs, ctx, hold, &v->reader, v->profile,
		                      &rq, &ev);
	service_lock(cs);
	service_answer_locked(cs, p->timed_out ? NULL : &ev);
	p->timed_out = false;
	service_unlock(cs);
	return rv;
}

/* Whether the wait is returning suspiciously often; a guard so that a
 * reader that keeps reporting changes cannot make us spin. */
static bool pcsc_spinning(struct timespec *window, int *count)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec != window->tv_sec) {
		*window = now;
		*count = 0;
	}
	return ++*count > PCSC_SPIN_RETURNS;
}

/* One pass of the wait: returns a service-loss code to leave, else
 * SCARD_S_SUCCESS (state updated or nothing to do). While another client
 * holds the reader the wait is bounded, to try again. */
static LONG pcsc_wait_once(struct card_service *cs, SCARDCONTEXT ctx,
                           struct pcsc_readers *rd, struct pcsc_hold *hold,
                           struct pcsc_view *v)
{
	struct pcsc_view now;
	DWORD wait = v->kind == CEV_READER_BUSY ? PCSC_BUSY_RETRY_MS : INFINITE;
	LONG rv = SCardGetStatusChange(ctx, wait, rd->st, rd->n + 1);
	bool relist = false;

	if (rv == SCARD_E_CANCELLED ||
	    (rv == SCARD_E_TIMEOUT && wait == INFINITE))
		return SCARD_S_SUCCESS;
	if (pcsc_service_lost(rv))
		return rv;
	if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) {
		/* A reader vanished under us, or something odd: start over. */
		pcsc_nap(cs, PCSC_BACKOFF_MIN_MS);
		return pcsc_relist(ctx, rd);
	}
	for (size_t i = 0; i <= rd->n; i++) {
		if (rd->st[i].dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE))
			relist = true;
		rd->st[i].dwCurrentState = rd->st[i].dwEventState;
	}
	if ((rd->st[rd->n].dwEventState & SCARD_STATE_CHANGED) || relist) {
		rv = pcsc_relist(ctx, rd);
		if (rv != SCARD_S_SUCCESS)
			return rv;
	}
	pcsc_note_readers(cs, rd);
	pcsc_derive(cs, rd, v, &now);
	rv = pcsc_claim(cs, ctx, hold, &now);
	pcsc_update(cs, v, &now);
	return rv;
}

/* Follow the readers until stopped or pcscd is lost (returns the code). */
static LONG pcsc_monitor(struct card_service *cs, SCARDCONTEXT ctx,
                         struct pcsc_view *v)
{
	struct pcsc_readers rd;
	struct pcsc_hold hold;
	struct pcsc_view now;
	struct timespec window = {0, 0};
	int count = 0;
	bool waiting;
	LONG rv;

	memset(&rd, 0, sizeof rd);
	memset(&hold, 0, sizeof hold);
	rv = pcsc_relist(ctx, &rd);
	pcsc_note_readers(cs, &rd);
	while (!pcsc_service_lost(rv)) {
		pcsc_derive(cs, &rd, v, &now);
		if (now.kind == CEV_NO_READER)
			pcsc_update(cs, v, &now);   /* no wait result to come */
		service_lock(cs);
		waiting = cs->req_waiting;
		service_unlock(cs);
		if (service_stopping(cs))
			break;
		if (waiting)
			rv = pcsc_take_request(cs, ctx, &hold, v);
		else
			rv = pcsc_wait_once(cs, ctx, &rd, &hold, v);
		if (pcsc_spinning(&window, &count)) {
			fprintf(stderr, "eidkiosk: reader states change too fast\n");
			pcsc_nap(cs, PCSC_BACKOFF_MIN_MS);
		}
	}
	pcsc_hold_drop(&hold);
	return pcsc_service_lost(rv) ? rv : SCARD_S_SUCCESS;
}

/* Make the context visible to the watcher (SCardCancel), or withdraw it. */
static void pcsc_publish(struct card_service *cs, SCARDCONTEXT ctx, bool valid)
{
	struct pcsc *p = cs->impl;

	service_lock(cs);
	p->ctx = ctx;
	p->ctx_valid = valid;
	service_unlock(cs);
}

/* Report the service down (a card shown is first reported removed). */
static void pcsc_report_down(struct card_service *cs, struct pcsc_view *v)
{
	struct pcsc *p = cs->impl;
	struct pcsc_view down;

	memset(&down, 0, sizeof down);
	down.kind = CEV_SERVICE_DOWN;
	service_lock(cs);
	p->readers[0] = '\0';
	service_unlock(cs);
	pcsc_update(cs, v, &down);
	pcsc_refuse_request(cs, CE_NO_SERVICE);
}

/* Note why the context could not be had (rv; SCARD_S_SUCCESS: it could);
 * a new reason is told once, on stderr (the journal) and syslog. */
static void pcsc_note_problem(struct card_service *cs, LONG rv)
{
	struct pcsc *p = cs->impl;
	char why[sizeof p->problem];
	bool news;

	pcsc_problem(rv, why, sizeof why);
	service_lock(cs);
	news = strcmp(why, p->problem) != 0;
	snprintf(p->problem, sizeof p->problem, "%s", why);
	service_unlock(cs);
	if (news && why[0]) {
		fprintf(stderr, "eidkiosk: %s\n", why);
		syslog(LOG_ERR, "%s", why);
	}
}

/* The card thread (signals are blocked by the core). */
void pcsc_thread_main(struct card_service *cs)
{
	struct pcsc_view v;
	unsigned backoff = PCSC_BACKOFF_MIN_MS;
	SCARDCONTEXT ctx;

	memset(&v, 0, sizeof v);
	while (!service_stopping(cs)) {
		LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL,
		                                &ctx);

		pcsc_note_problem(cs, rv);
		if (rv != SCARD_S_SUCCESS) {
			pcsc_report_down(cs, &v);
			pcsc_nap(cs, backoff);
			backoff = backoff * 2 > PCSC_BACKOFF_MAX_MS
			          ? PCSC_BACKOFF_MAX_MS : backoff * 2;
			continue;
		}
		backoff = PCSC_BACKOFF_MIN_MS;
		pcsc_publish(cs, ctx, true);
		if (pcsc_service_lost(pcsc_monitor(cs, ctx, &v)))
			pcsc_report_down(cs, &v);
		pcsc_publish(cs, 0, false);
		SCardReleaseContext(ctx);
	}
}
