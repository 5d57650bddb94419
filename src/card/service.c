/* service.c - the card service's core, the same for every backend: the
 * record, its lock, the event queue behind card_event_fd, the request
 * slot, the card thread's start and stop, and what card.h asks of the
 * backend (readers, problem, the demo's keys and line) handed on to its
 * table (service_int.h).
 *
 * Threads: the main thread posts requests and reads events; the card
 * thread (and a backend's own helpers, as the PC/SC watcher) answers
 * them. Everything they share is under one lock, and one condition wakes
 * whoever waits on the record: a request, a stop, a backend's own news. */
#include "build-config.h"
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include "mono.h"
#include "service_int.h"

#define SERVICE_STOP_WAIT_S 3

/* Monotonic now plus ms, for waits on the record's condition. */
struct timespec service_deadline(unsigned ms)
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

/* Take the record's lock. */
void service_lock(struct card_service *cs)
{
	pthread_mutex_lock(&cs->mu);
}

/* Let the record's lock go. */
void service_unlock(struct card_service *cs)
{
	pthread_mutex_unlock(&cs->mu);
}

/* Wake everyone waiting on the record (lock held). */
void service_wake(struct card_service *cs)
{
	pthread_cond_broadcast(&cs->cv);
}

/* Wait to be woken (lock held). */
void service_wait(struct card_service *cs)
{
	pthread_cond_wait(&cs->cv, &cs->mu);
}

/* Wait to be woken or until t (lock held); non-zero when t passed. */
int service_wait_until(struct card_service *cs, const struct timespec *t)
{
	return pthread_cond_timedwait(&cs->cv, &cs->mu, t);
}

/* Whether the card thread was asked to stop. */
bool service_stopping(struct card_service *cs)
{
	bool s;

	service_lock(cs);
	s = cs->stop;
	service_unlock(cs);
	return s;
}

/* Signals stay with the main thread (its signalfd). */
void service_block_signals(void)
{
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
}

/* Queue an event with the lock held; the oldest is dropped when nobody
 * reads. */
void service_post_locked(struct card_service *cs, const struct card_event *ev)
{
	uint64_t one = 1;

	if (cs->qlen == SERVICE_QUEUE_MAX) {
		fprintf(stderr, "eidkiosk: card events not read, dropping one\n");
		cs->qhead = (cs->qhead + 1) % SERVICE_QUEUE_MAX;
		cs->qlen--;
	}
	cs->q[(cs->qhead + cs->qlen) % SERVICE_QUEUE_MAX] = *ev;
	cs->qlen++;
	/* Cannot fail short of a counter overflow; the queue is the truth. */
	if (write(cs->efd, &one, sizeof one) < 0 && errno != EAGAIN)
		perror("eidkiosk: card eventfd");
}

/* Queue an event for the main thread. */
void service_post(struct card_service *cs, const struct card_event *ev)
{
	service_lock(cs);
	service_post_locked(cs, ev);
	service_unlock(cs);
}

/* A reader state event; card_ready follows it, so that a request is
 * taken only while a card we serve is in. */
void service_post_state(struct card_service *cs, const struct card_event *ev,
                        bool ready)
{
	service_lock(cs);
	cs->card_ready = ready;
	service_post_locked(cs, ev);
	service_unlock(cs);
}

/* Take the waiting request (lock held); the PC/SC watcher stops its
 * wake-ups when it sees it taken. */
bool service_take_request(struct card_service *cs, struct card_request *rq)
{
	if (!cs->req_waiting)
		return false;
	*rq = cs->req;
	cs->req_waiting = false;
	service_wake(cs);
	return true;
}

/* The request is over (lock held): its answer posted, unless something
 * else answered it already; the slot is free. */
void service_answer_locked(struct card_service *cs,
                           const struct card_event *ev)
{
	if (ev)
		service_post_locked(cs, ev);
	cs->busy = false;
}

/* Name the card of an insertion: its profile, else what it is known as
 * and the advice for the citizen (any card no profile serves: at least
 * "unsupported"). */
void service_name_card(struct card_event *ev, const struct card_profile *p,
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

/* The reader names the backend knows now. */
void card_readers(struct card_service *cs, char *buf, size_t n)
{
	if (cs->be->readers)
		cs->be->readers(cs, buf, n);
	else if (n)
		buf[0] = '\0';
}

/* Why the service is down, if the backend knows. */
void card_problem(struct card_service *cs, char *buf, size_t n)
{
	if (cs->be->problem)
		cs->be->problem(cs, buf, n);
	else if (n)
		buf[0] = '\0';
}

/* A demo key for the backend; only the demo's takes any. */
bool card_demo_key(struct card_service *cs, int key)
{
	return cs->be->demo_key && cs->be->demo_key(cs, key);
}

/* The demo line; only the demo has one. */
bool card_demo_line(struct card_service *cs, struct card_demo_line *out)
{
	return cs->be->demo_line && cs->be->demo_line(cs, out);
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

	service_lock(cs);
	if (cs->qlen > 0) {
		*ev = cs->q[cs->qhead];
		cs->qhead = (cs->qhead + 1) % SERVICE_QUEUE_MAX;
		cs->qlen--;
		got = 1;
	}
	if (cs->qlen == 0 && read(cs->efd, &n, sizeof n) < 0 && errno != EAGAIN &&
	    got == 0)
		got = -1;
	service_unlock(cs);
	return got;
}

/* The next event before deadline, for clients outside the poll loop
 * (--card-info, the test driver, the loop's drain at exit). */
int card_wait_event(struct card_service *cs, struct card_event *ev,
                    long long deadline)
{
	struct pollfd pfd = { .fd = card_event_fd(cs), .events = POLLIN };
	long long left;
	int rc;

	for (;;) {
		rc = card_next_event(cs, ev);
		if (rc != 0)
			return rc;
		left = deadline - mono_ms();
		if (left <= 0)
			return 0;
		if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR)
			return -1;
	}
}

/* Queue a request for the card thread and wake it (the PC/SC watcher
 * wakes a thread waiting in pcscd). */
int card_request(struct card_service *cs, const struct card_request *rq)
{
	int rc = -1;

	service_lock(cs);
	if (!cs->busy && cs->card_ready && !cs->stop) {
		cs->req = *rq;
		cs->busy = true;
		cs->req_waiting = true;
		service_wake(cs);
		rc = 0;
	}
	service_unlock(cs);
	return rc;
}

/* *cause as "<backend>: what". */
static void service_cause(const struct card_backend *be, const char *what,
                          char **cause)
{
	if (asprintf(cause, "%s: %s", be->name, what) < 0)
		*cause = NULL;
}

/* Free the record (its threads gone). */
static void service_free(struct card_service *cs)
{
	if (cs->efd >= 0)
		close(cs->efd);
	profile_free(&cs->profiles);
	pthread_cond_destroy(&cs->cv);
	pthread_mutex_destroy(&cs->mu);
	free(cs->q);
	free(cs->reader_match);
	free(cs->cards_conf);
	free(cs->ca_file);
	free(cs->impl);
	free(cs);
}

/* The lock, and a condition on the monotonic clock. */
static void service_init_sync(struct card_service *cs)
{
	pthread_condattr_t ca;

	pthread_mutex_init(&cs->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&cs->cv, &ca);
	pthread_condattr_destroy(&ca);
}

/* Copy the configuration strings: the caller's may not outlive us. */
static int service_copy_config(struct card_service *cs,
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

/* The queue and its eventfd; -1 with *cause on failure. */
static int service_init_queue(struct card_service *cs, char **cause)
{
	cs->q = calloc(SERVICE_QUEUE_MAX, sizeof *cs->q);
	cs->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (!cs->q || cs->efd < 0) {
		service_cause(cs->be, strerror(errno), cause);
		return -1;
	}
	return 0;
}

/* A record for backend be: configuration, queue, card profiles. */
struct card_service *service_new(const struct card_backend *be,
                                 const struct card_config *cfg, char **cause)
{
	struct card_service *cs = calloc(1, sizeof *cs);

	*cause = NULL;
	if (!cs) {
		service_cause(be, "out of memory", cause);
		return NULL;
	}
	service_init_sync(cs);
	cs->be = be;
	cs->efd = -1;
	cs->impl = calloc(1, be->size ? be->size : 1);
	if (!cs->impl || service_copy_config(cs, cfg) < 0) {
		service_cause(be, "out of memory", cause);
		service_free(cs);
		return NULL;
	}
	if (service_init_queue(cs, cause) < 0 ||
	    profile_load(cs->cards_conf, &cs->profiles, cause) < 0) {
		service_free(cs);
		return NULL;
	}
	return cs;
}

/* Trust another CA file for the chain check. */
int service_trust(struct card_service *cs, const char *ca_file)
{
	char *c = strdup(ca_file);

	if (!c)
		return -1;
	free(cs->ca_file);
	cs->ca_file = c;
	cs->cfg.ca_file = c;
	return 0;
}

/* The card thread: the backend's body, then told done to card_stop and
 * to the backend's helpers. */
static void *service_thread(void *arg)
{
	struct card_service *cs = arg;

	service_block_signals();
	cs->be->run(cs);
	service_lock(cs);
	cs->thread_done = true;
	service_wake(cs);
	service_unlock(cs);
	return NULL;
}

/* Start the card thread. */
struct card_service *service_start(struct card_service *cs, char **cause)
{
	if (pthread_create(&cs->thread, NULL, service_thread, cs) != 0) {
		service_cause(cs->be, "cannot start a thread", cause);
		card_stop(cs);
		return NULL;
	}
	cs->thread_started = true;
	/* named for ps, top and the memory scan's reports */
	pthread_setname_np(cs->thread, "eidkiosk-card");
	return cs;
}

/* Ask the card thread to stop and wait for it a while; false when it is
 * stuck in a card call and cannot be joined. */
static bool service_halt(struct card_service *cs)
{
	struct timespec t = service_deadline(SERVICE_STOP_WAIT_S * 1000);
	bool done;

	service_lock(cs);
	cs->stop = true;
	if (!cs->thread_started)
		cs->thread_done = true;
	service_wake(cs);
	while (!cs->thread_done && !(cs->be->stuck && cs->be->stuck(cs)) &&
	       service_wait_until(cs, &t) == 0)
		;
	done = cs->thread_done;
	service_unlock(cs);
	return done;
}

/* Stop the card thread. One stuck in a card call that already timed out
 * (a card that never answers, on a reader driver without a timeout)
 * cannot be joined: it is detached and the record is deliberately kept,
 * as it still uses it; the process is normally about to exit then. */
void card_stop(struct card_service *cs)
{
	if (!cs)
		return;
	if (!service_halt(cs)) {
		fprintf(stderr, "eidkiosk: card thread stuck in a card call; "
		        "leaving it\n");
		pthread_detach(cs->thread);
		if (cs->be->end)
			cs->be->end(cs, false);
		return;
	}
	if (cs->thread_started)
		pthread_join(cs->thread, NULL);
	if (cs->be->end)
		cs->be->end(cs, true);
	service_free(cs);
}
