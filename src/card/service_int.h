/* service_int.h - the card service's core as its backends see it: the
 * record the main thread and the card thread share (event queue and
 * eventfd, the request slot, stop), its one lock, and the table a backend
 * fills (struct card_backend: PC/SC in pcsc.c, the virtual card of --demo
 * in demo.c). Private to src/card. */
#ifndef EIDKIOSK_SERVICE_INT_H
#define EIDKIOSK_SERVICE_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "card.h"
#include "profile.h"

#define SERVICE_QUEUE_MAX 64    /* events kept when nobody reads */

/* What a backend does; the core calls it. Entries marked optional may be
 * NULL. */
struct card_backend {
	const char *name;           /* in messages: "card service" */
	size_t size;                /* its own record, zeroed, at cs->impl */
	/* The card thread's body; returns once it sees cs->stop. */
	void (*run)(struct card_service *cs);
	/* card_readers and card_problem (optional: ""). */
	void (*readers)(struct card_service *cs, char *buf, size_t n);
	void (*problem)(struct card_service *cs, char *buf, size_t n);
	/* Optional; lock held: the card thread is in a card call that only
	 * the card can end, so card_stop leaves it. */
	bool (*stuck)(const struct card_service *cs);
	/* Optional: after the card thread, joined (what it used may go) or
	 * left stuck (everything stays). */
	void (*end)(struct card_service *cs, bool joined);
	/* Optional: card_demo_key, card_demo_line. */
	bool (*demo_key)(struct card_service *cs, int key);
	bool (*demo_line)(struct card_service *cs, struct card_demo_line *out);
};

/* The record. Fields under "lock" are touched by several threads and
 * only between service_lock and service_unlock; a backend keeps its own
 * fields under the same lock. */
struct card_service {
	const struct card_backend *be;
	void *impl;                      /* the backend's record */
	struct card_config cfg;          /* strings below are our copies */
	char *reader_match, *cards_conf, *ca_file;
	struct profile_set profiles;
	int efd;                         /* eventfd: readable iff queue not empty */
	pthread_t thread;
	bool thread_started;

	pthread_mutex_t mu;
	pthread_cond_t cv;               /* on the monotonic clock */
	/* --- under lock --- */
	struct card_event *q;            /* ring of SERVICE_QUEUE_MAX */
	size_t qhead, qlen;
	bool stop, thread_done;
	bool card_ready;                 /* a supported card is inserted */
	bool busy;                       /* a request accepted, not answered */
	bool req_waiting;                /* ... and not yet taken by the thread */
	struct card_request req;
};

/* A record for backend be with our copy of cfg and its card profiles;
 * NULL with *cause on failure. */
struct card_service *service_new(const struct card_backend *be,
                                 const struct card_config *cfg, char **cause);

/* Start the card thread (be->run); on failure the service is stopped and
 * NULL returned with *cause. */
struct card_service *service_start(struct card_service *cs, char **cause);

/* Trust ca_file for the chain check instead of the configured one (the
 * demo's own CA). -1 when out of memory. */
int service_trust(struct card_service *cs, const char *ca_file);

/* The lock over the record (and the backend's shared fields). */
void service_lock(struct card_service *cs);
void service_unlock(struct card_service *cs);

/* Lock held: wake every thread waiting on the record; wait to be woken,
 * or until t (monotonic; non-zero when t passed). */
void service_wake(struct card_service *cs);
void service_wait(struct card_service *cs);
int service_wait_until(struct card_service *cs, const struct timespec *t);

/* Whether the card thread was asked to stop (takes the lock). */
bool service_stopping(struct card_service *cs);

/* Block every signal in the calling thread: they are the main loop's. */
void service_block_signals(void);

/* Queue an event for the main thread (takes the lock); the same with the
 * lock held. */
void service_post(struct card_service *cs, const struct card_event *ev);
void service_post_locked(struct card_service *cs,
                         const struct card_event *ev);

/* Post a reader state event; whether a request can be taken (card_ready)
 * follows it: ready when a card we serve is in. Takes the lock. */
void service_post_state(struct card_service *cs, const struct card_event *ev,
                        bool ready);

/* Lock held: take the waiting request into rq; false when none waits. */
bool service_take_request(struct card_service *cs, struct card_request *rq);

/* Lock held: the request is over; ev is its answer (NULL: already
 * answered). A new request may come. */
void service_answer_locked(struct card_service *cs,
                           const struct card_event *ev);

/* Name the card of an insertion event: the profile that serves it, else
 * the known card it is and what to tell the citizen. */
void service_name_card(struct card_event *ev, const struct card_profile *p,
                       const struct known_card *k);

/* Monotonic now plus ms, for service_wait_until. */
struct timespec service_deadline(unsigned ms);

#endif
