/* pcsc.c - the PC/SC backend of the card service (service.c): start, the
 * backend table, and the watcher thread that wakes the card thread
 * (SCardCancel) and bounds stuck card calls.
 *
 * Threads: the card thread (pcsc_thread.c) owns the SCARDCONTEXT; the
 * watcher only ever calls SCardCancel on it, the one cross-thread call
 * pcsc-lite allows. A single SCardCancel can be lost when it lands just
 * before the card thread enters its wait (pcsc-lite only forwards it while
 * a wait is in progress), so the watcher repeats it every 20 ms until the
 * card thread has taken the request: no busy loop while idle, no lost
 * wake-up. */
#include "build-config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pcsc_int.h"

#define PCSC_KICK_MS 20
#define PCSC_CALL_TIMEOUT_MS 10000   /* one APDU; real cards answer in < 2 s */

/* Whether a is at or after b. */
static bool pcsc_time_reached(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec >= b->tv_nsec);
}

/* The reader names the card thread saw last. */
static void pcsc_readers(struct card_service *cs, char *buf, size_t n)
{
	struct pcsc *p = cs->impl;

	service_lock(cs);
	snprintf(buf, n, "%s", p->readers);
	service_unlock(cs);
}

/* Why pcscd will not talk, if known. */
static void pcsc_problem_text(struct card_service *cs, char *buf, size_t n)
{
	struct pcsc *p = cs->impl;

	service_lock(cs);
	snprintf(buf, n, "%s", p->problem);
	service_unlock(cs);
}

/* Answer the running request with CE_TIMEOUT (lock held): the card thread
 * is stuck in a card call that only the card's removal can end. */
static void pcsc_watch_timeout(struct card_service *cs, struct pcsc *p)
{
	struct card_event ev = p->cur;

	ev.res.err = CE_TIMEOUT;
	ev.res.kind = SW_OTHER;
	ev.res.sw = 0;
	ev.res.tries_left = -1;
	ev.step = p->call_step;
	p->timed_out = true;
	service_post_locked(cs, &ev);
}

/* The watcher: sleeps on the record unless a wake-up is owed or a call is
 * timed; ends with the card thread. */
static void *pcsc_watch_main(void *arg)
{
	struct card_service *cs = arg;
	struct pcsc *p = cs->impl;
	struct timespec now, t;

	service_block_signals();
	service_lock(cs);
	while (!cs->thread_done) {
		if ((cs->req_waiting || (cs->stop && !p->in_call)) &&
		    p->ctx_valid) {
			SCardCancel(p->ctx);
			t = service_deadline(PCSC_KICK_MS);
			service_wait_until(cs, &t);
			continue;
		}
		if (p->in_call && !p->timed_out) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (pcsc_time_reached(&now, &p->call_deadline))
				pcsc_watch_timeout(cs, p);
			else
				service_wait_until(cs, &p->call_deadline);
			continue;
		}
		service_wait(cs);
	}
	service_unlock(cs);
	return NULL;
}

/* Lock held: the card thread is in a call the watcher already answered,
 * which only the card can end. */
static bool pcsc_stuck(const struct card_service *cs)
{
	const struct pcsc *p = cs->impl;

	return p->in_call && p->timed_out;
}

/* After the card thread: the watcher joined with it, or left with it. */
static void pcsc_end(struct card_service *cs, bool joined)
{
	struct pcsc *p = cs->impl;

	if (!p->watcher_started)
		return;
	if (joined)
		pthread_join(p->watcher, NULL);
	else
		pthread_detach(p->watcher);
}

/* Settings from the environment: debug logging, call timeout (tests). */
static void pcsc_read_env(struct pcsc *p)
{
	const char *d = getenv("EIDKIOSK_DEBUG_APDU");
	const char *t = getenv("EIDKIOSK_CARD_TIMEOUT_MS");
	long ms = t ? strtol(t, NULL, 10) : 0;

	p->debug_apdu = d && strcmp(d, "1") == 0;
	p->call_timeout_ms = ms >= 100 && ms <= 600000 ? (unsigned)ms
	                                               : PCSC_CALL_TIMEOUT_MS;
}

/* What the service core asks of PC/SC. */
static const struct card_backend pcsc_backend = {
	.name = "card service",
	.size = sizeof(struct pcsc),
	.run = pcsc_thread_main,
	.readers = pcsc_readers,
	.problem = pcsc_problem_text,
	.stuck = pcsc_stuck,
	.end = pcsc_end,
};

/* Start the watcher, then the card thread. */
struct card_service *card_start_pcsc(const struct card_config *cfg,
                                     char **cause)
{
	struct card_service *cs = service_new(&pcsc_backend, cfg, cause);
	struct pcsc *p;

	if (!cs)
		return NULL;
	p = cs->impl;
	pcsc_read_env(p);
	if (pthread_create(&p->watcher, NULL, pcsc_watch_main, cs) != 0) {
		*cause = strdup("card service: cannot start a thread");
		card_stop(cs);
		return NULL;
	}
	p->watcher_started = true;
	/* named for ps, top and the memory scan's reports */
	pthread_setname_np(p->watcher, "eidkiosk-watch");
	return service_start(cs, cause);
}
