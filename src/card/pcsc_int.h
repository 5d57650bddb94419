/* pcsc_int.h - what the parts of the PC/SC card service share: the service
 * record, its event queue, and the watchdog of one card call. Private to
 * src/card/pcsc*.c. */
#ifndef EIDKIOSK_PCSC_INT_H
#define EIDKIOSK_PCSC_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <time.h>
#include <winscard.h>
#include "card.h"
#include "profile.h"

#define PCSC_QUEUE_MAX 64      /* events kept when nobody reads */
#define PCSC_MAX_READERS 16
#define PCSC_PNP "\\\\?PnP?\\Notification"

/* A reader as pcscd names it, for PC/SC calls, and as it is shown: cleaned
 * once, as the name comes from pcscd (outside.h), since a reader's USB
 * descriptors name it and anyone may plug a device in. */
struct pcsc_name {
	char raw[MAX_READERNAME];
	char shown[128];                 /* as card_event.reader */
};

/* The reader held for a visit: connected exclusively from the moment a
 * card we serve is seen until it is out, so that no other PC/SC client
 * (another kiosk on the same reader) can send it a command in between.
 * The card thread's own; requests run on this handle. */
struct pcsc_hold {
	bool on;
	SCARDHANDLE h;
	DWORD proto;                     /* as SCardConnect negotiated */
	char reader[MAX_READERNAME];
	unsigned counter;                /* the insertion held (event counter) */
};

/* One shared record. Fields under "mu" are touched by several threads and
 * only with mu held; the card thread's own view of the readers lives in
 * struct pcsc_view inside the thread, not here. */
struct card_service {
	struct card_config cfg;          /* strings below are our copies */
	char *reader_match, *cards_conf, *ca_file;
	struct profile_set profiles;
	unsigned call_timeout_ms;        /* one card call, then CE_TIMEOUT */
	bool debug_apdu;                 /* EIDKIOSK_DEBUG_APDU=1 */
	int efd;                         /* eventfd: readable iff queue not empty */
	pthread_t thread, watcher;
	bool thread_started, watcher_started;

	pthread_mutex_t mu;
	pthread_cond_t cv;               /* wakes the watcher and backoff waits */
	/* --- under mu --- */
	struct card_event *q;            /* ring of PCSC_QUEUE_MAX */
	size_t qhead, qlen;
	bool stop, thread_done;
	bool ctx_valid;                  /* ctx may be cancelled */
	SCARDCONTEXT ctx;
	bool card_ready;                 /* a supported card is inserted */
	bool busy;                       /* a request accepted, not answered */
	bool req_waiting;                /* ... and not yet taken by the thread */
	struct card_request req;
	struct card_event cur;           /* template of the running request's result */
	bool in_call;                    /* the card thread is in a card call */
	struct timespec call_deadline;
	unsigned call_gen;               /* counts card calls */
	bool timed_out;                  /* the running request was answered
	                                    CE_TIMEOUT by the watcher */
	int call_step;                   /* ev->step when the call began */
	char readers[256];               /* names, ", " between (service screen) */
	char problem[200];               /* why pcscd will not talk, "" unknown */
};

/* Queue an event for the main thread (takes mu). */
void pcsc_post(struct card_service *cs, const struct card_event *ev);

/* Same, with mu already held. */
void pcsc_post_locked(struct card_service *cs, const struct card_event *ev);

/* Name the card of an insertion event: the profile that serves it, else
 * the known card it is and what to tell the citizen. */
void pcsc_name_card(struct card_event *ev, const struct card_profile *p,
                    const struct known_card *k);

/* The card thread's body. */
void *pcsc_thread_main(void *arg);

/* The watcher's body: repeats SCardCancel until a request or a stop is
 * seen by the card thread, and answers CE_TIMEOUT for a stuck card call. */
void *pcsc_watch_main(void *arg);

/* Run the request taken from cs->req on reader/profile over the held
 * connection (a new exclusive one when none is held): transaction,
 * card_ops_run, and a reset after anything but a read. The hold is let go
 * when the card went (removed, mute, service lost). Returns the PC/SC code
 * that ended the connection attempt (SCARD_S_SUCCESS, or a service-loss
 * code). */
LONG pcsc_run_request(struct card_service *cs, SCARDCONTEXT ctx,
                      struct pcsc_hold *hold, const struct pcsc_name *reader,
                      const struct card_profile *p,
                      const struct card_request *rq, struct card_event *ev);

/* Hold reader (event counter counter) exclusively; SCARD_S_SUCCESS, or
 * why not (SCARD_E_SHARING_VIOLATION: another client has it). */
LONG pcsc_hold_take(SCARDCONTEXT ctx, struct pcsc_hold *hold,
                    const char *reader, unsigned counter);

/* Let the held reader go, leaving the card as it is. */
void pcsc_hold_drop(struct pcsc_hold *hold);

/* Map a PC/SC return code to a card error kind. */
enum card_err pcsc_err(LONG rv);

/* Whether rv means the daemon is gone and the context must be rebuilt. */
bool pcsc_service_lost(LONG rv);

/* Why SCardEstablishContext failed with rv, for staff, in buf ("" when
 * there is nothing more to say than "not running"): a daemon that speaks
 * another protocol version is named with its version and ours. */
void pcsc_problem(LONG rv, char *buf, size_t n);

/* Monotonic now plus ms. */
struct timespec pcsc_deadline(unsigned ms);

#endif
