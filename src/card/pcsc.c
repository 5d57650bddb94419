/* pcsc.c - the PC/SC card service as the main thread sees it: start, stop,
 * the event queue behind card_event_fd, requests, and the watcher thread
 * that wakes the card thread (SCardCancel) and bounds stuck card calls.
 *
 * Threads: the card thread (pcsc_thread.c) owns the SCARDCONTEXT; the
 * watcher only ever calls SCardCancel on it, the one cross-thread call
 * pcsc-lite allows. A single SCardCancel can be lost when it lands just
 * before the card thread enters its wait (pcsc-lite only forwards it while
 * a wait is in progress), so the watcher repeats it every 20 ms until the
 * card thread has taken the request: no busy loop while idle, no lost
 * wake-up. */
#include "build-config.h"
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include "pcsc_int.h"

#define PCSC_KICK_MS 20
#define PCSC_CALL_TIMEOUT_MS 10000   /* one APDU; real cards answer in < 2 s */
#define PCSC_STOP_WAIT_S 3

/* Monotonic now plus ms, for pthread_cond_timedwait on our clock. */
struct timespec pcsc_deadline(unsigned ms)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

/* Whether a is at or after b. */
static bool pcsc_time_reached(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec >= b->tv_nsec);
}

/* Queue an event with mu held; the oldest is dropped when nobody reads. */
void pcsc_post_locked(struct card_service *cs, const struct card_event *ev)
{
	uint64_t one = 1;

	if (cs->qlen == PCSC_QUEUE_MAX) {
		fprintf(stderr, "eidkiosk: card events not read, dropping one\n");
		cs->qhead = (cs->qhead + 1) % PCSC_QUEUE_MAX;
		cs->qlen--;
	}
	cs->q[(cs->qhead + cs->qlen) % PCSC_QUEUE_MAX] = *ev;
	cs->qlen++;
	/* Cannot fail short of a counter overflow; the queue is the truth. */
	if (write(cs->efd, &one, sizeof one) < 0 && errno != EAGAIN)
		perror("eidkiosk: card eventfd");
}

/* Queue an event for the main thread. */
void pcsc_post(struct card_service *cs, const struct card_event *ev)
{
	pthread_mutex_lock(&cs->mu);
	pcsc_post_locked(cs, ev);
	pthread_mutex_unlock(&cs->mu);
}

/* Name the card of an insertion: its profile, else what it is known as
 * and the advice for the citizen (any card no profile serves: at least
 * "unsupported"). */
void pcsc_name_card(struct card_event *ev, const struct card_profile *p,
                    const struct known_card *k)
{
	ev->profile[0] = ev->known[0] = '\0';
	ev->advice = ADV_NONE;
	if (p) {
		snprintf(ev->profile, sizeof ev->profile, "%s", p->name);
		return;
	}
	ev->advice = k ? k->advice : ADV_UNSUPPORTED;
	if (k)
		snprintf(ev->known, sizeof ev->known, "%s", k->name);
}

/* The reader names the service knows now. */
void card_readers(struct card_service *cs, char *buf, size_t n)
{
	pthread_mutex_lock(&cs->mu);
	snprintf(buf, n, "%s", cs->readers);
	pthread_mutex_unlock(&cs->mu);
}

/* Why the service is down, if known. */
void card_problem(struct card_service *cs, char *buf, size_t n)
{
	pthread_mutex_lock(&cs->mu);
	snprintf(buf, n, "%s", cs->problem);
	pthread_mutex_unlock(&cs->mu);
}

/* The fd the main loop polls. */
int card_event_fd(const struct card_service *cs)
{
	return cs->efd;
}

/* Pop one event; the eventfd is drained with the last one so that it is
 * readable exactly while events wait. */
int card_next_event(struct card_service *cs, struct card_event *ev)
{
	uint64_t n;
	int got = 0;

	pthread_mutex_lock(&cs->mu);
	if (cs->qlen > 0) {
		*ev = cs->q[cs->qhead];
		cs->qhead = (cs->qhead + 1) % PCSC_QUEUE_MAX;
		cs->qlen--;
		got = 1;
	}
	if (cs->qlen == 0 && read(cs->efd, &n, sizeof n) < 0 && errno != EAGAIN &&
	    got == 0)
		got = -1;
	pthread_mutex_unlock(&cs->mu);
	return got;
}

/* Queue a request for the card thread; the watcher wakes it. */
int card_request(struct card_service *cs, const struct card_request *rq)
{
	int rc = -1;

	pthread_mutex_lock(&cs->mu);
	if (!cs->busy && cs->card_ready && !cs->stop) {
		cs->req = *rq;
		cs->busy = true;
		cs->req_waiting = true;
		pthread_cond_broadcast(&cs->cv);
		rc = 0;
	}
	pthread_mutex_unlock(&cs->mu);
	return rc;
}

/* Answer the running request with CE_TIMEOUT (mu held): the card thread is
 * stuck in a card call that only the card's removal can end. */
static void pcsc_watch_timeout(struct card_service *cs)
{
	struct card_event ev = cs->cur;

	ev.res.err = CE_TIMEOUT;
	ev.res.kind = SW_OTHER;
	ev.res.sw = 0;
	ev.res.tries_left = -1;
	ev.step = cs->call_step;
	cs->timed_out = true;
	pcsc_post_locked(cs, &ev);
}

/* The watcher: sleeps on cv unless a wake-up is owed or a call is timed. */
void *pcsc_watch_main(void *arg)
{
	struct card_service *cs = arg;
	sigset_t all;
	struct timespec now, t;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	pthread_mutex_lock(&cs->mu);
	while (!cs->thread_done) {
		if ((cs->req_waiting || (cs->stop && !cs->in_call)) &&
		    cs->ctx_valid) {
			SCardCancel(cs->ctx);
			t = pcsc_deadline(PCSC_KICK_MS);
			pthread_cond_timedwait(&cs->cv, &cs->mu, &t);
			continue;
		}
		if (cs->in_call && !cs->timed_out) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (pcsc_time_reached(&now, &cs->call_deadline))
				pcsc_watch_timeout(cs);
			else
				pthread_cond_timedwait(&cs->cv, &cs->mu,
				                       &cs->call_deadline);
			continue;
		}
		pthread_cond_wait(&cs->cv, &cs->mu);
	}
	pthread_mutex_unlock(&cs->mu);
	return NULL;
}

/* Copy the configuration strings: the caller's may not outlive us. */
static int pcsc_copy_config(struct card_service *cs,
                            const struct card_config *cfg)
{
	cs->reader_match = strdup(cfg->reader_match ? cfg->reader_match : "");
	cs->cards_conf = strdup(cfg->cards_conf ? cfg->cards_conf : "");
	cs->ca_file = strdup(cfg->ca_file ? cfg->ca_file : "");
	if (!cs->reader_match || !cs->cards_conf || !cs->ca_file)
		return -1;
	cs->cfg.reader_match = cs->reader_match;
	cs->cfg.cards_conf = cs->cards_conf;
	cs->cfg.ca_file = cs->ca_file;
	cs->cfg.observe_only = cfg->observe_only;
	return 0;
}

/* Settings from the environment: debug logging, call timeout (tests). */
static void pcsc_read_env(struct card_service *cs)
{
	const char *d = getenv("EIDKIOSK_DEBUG_APDU");
	const char *t = getenv("EIDKIOSK_CARD_TIMEOUT_MS");
	long ms = t ? strtol(t, NULL, 10) : 0;

	cs->debug_apdu = d && strcmp(d, "1") == 0;
	cs->call_timeout_ms = ms >= 100 && ms <= 600000 ? (unsigned)ms
	                                                : PCSC_CALL_TIMEOUT_MS;
}

/* Free what card_start_pcsc built (threads already gone). */
static void pcsc_free(struct card_service *cs)
{
	if (!cs)
		return;
	if (cs->efd >= 0)
		close(cs->efd);
	profile_free(&cs->profiles);
	pthread_cond_destroy(&cs->cv);
	pthread_mutex_destroy(&cs->mu);
	free(cs->q);
	free(cs->reader_match);
	free(cs->cards_conf);
	free(cs->ca_file);
	free(cs);
}

/* Locks, queue and eventfd; -1 with *cause on failure. */
static int pcsc_init_sync(struct card_service *cs, char **cause)
{
	pthread_condattr_t ca;

	pthread_mutex_init(&cs->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&cs->cv, &ca);
	pthread_condattr_destroy(&ca);
	cs->q = calloc(PCSC_QUEUE_MAX, sizeof *cs->q);
	cs->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (!cs->q || cs->efd < 0) {
		if (asprintf(cause, "card service: %s", strerror(errno)) < 0)
			*cause = NULL;
		return -1;
	}
	return 0;
}

/* Start the card thread and its watcher. */
struct card_service *card_start_pcsc(const struct card_config *cfg,
                                     char **cause)
{
	struct card_service *cs = calloc(1, sizeof *cs);

	*cause = NULL;
	if (!cs || pcsc_copy_config(cs, cfg) < 0) {
		*cause = strdup("card service: out of memory");
		pcsc_free(cs);
		return NULL;
	}
	cs->efd = -1;
	pcsc_read_env(cs);
	if (pcsc_init_sync(cs, cause) < 0 ||
	    profile_load(cs->cards_conf, &cs->profiles, cause) < 0) {
		pcsc_free(cs);
		return NULL;
	}
	if (pthread_create(&cs->watcher, NULL, pcsc_watch_main, cs) != 0) {
		*cause = strdup("card service: cannot start a thread");
		pcsc_free(cs);
		return NULL;
	}
	cs->watcher_started = true;
	if (pthread_create(&cs->thread, NULL, pcsc_thread_main, cs) != 0) {
		*cause = strdup("card service: cannot start a thread");
		card_stop(cs);
		return NULL;
	}
	cs->thread_started = true;
	/* named for ps, top and the memory scan's reports */
	pthread_setname_np(cs->watcher, "eidkiosk-watch");
	pthread_setname_np(cs->thread, "eidkiosk-card");
	return cs;
}

/* Stop both threads. A card thread stuck in a card call that already
 * timed out (a card that never answers, on a reader driver without a
 * timeout) cannot be joined: both threads are detached and the record is
 * deliberately kept, as they still use it; the process is normally about
 * to exit then. */
void card_stop(struct card_service *cs)
{
	struct timespec t = pcsc_deadline(PCSC_STOP_WAIT_S * 1000);
	bool done;

	if (!cs)
		return;
	pthread_mutex_lock(&cs->mu);
	cs->stop = true;
	if (!cs->thread_started)
		cs->thread_done = true;
	pthread_cond_broadcast(&cs->cv);
	while (!cs->thread_done && !(cs->in_call && cs->timed_out) &&
	       pthread_cond_timedwait(&cs->cv, &cs->mu, &t) == 0)
		;
	done = cs->thread_done;
	pthread_mutex_unlock(&cs->mu);
	if (!done) {
		fprintf(stderr, "eidkiosk: card thread stuck in a card call; "
		        "leaving it\n");
		pthread_detach(cs->thread);
		pthread_detach(cs->watcher);
		return;
	}
	if (cs->thread_started)
		pthread_join(cs->thread, NULL);
	if (cs->watcher_started)
		pthread_join(cs->watcher, NULL);
	pcsc_free(cs);
}
