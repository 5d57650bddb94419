/* pcsc_int.h - what the parts of the PC/SC backend share: its record
 * behind the service core (service_int.h), and the watchdog of one card
 * call. Private to src/card/pcsc*.c. */
#ifndef EIDKIOSK_PCSC_INT_H
#define EIDKIOSK_PCSC_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <time.h>
#include <winscard.h>
#include "service_int.h"

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

/* The backend's record (cs->impl). Fields under "lock" are those of the
 * service's lock: the card thread and the watcher share them; the card
 * thread's own view of the readers lives in struct pcsc_view inside the
 * thread, not here. */
struct pcsc {
	unsigned call_timeout_ms;        /* one card call, then CE_TIMEOUT */
	bool debug_apdu;                 /* EIDKIOSK_DEBUG_APDU=1 */
	pthread_t watcher;
	bool watcher_started;
	/* --- under lock --- */
	bool ctx_valid;                  /* ctx may be cancelled */
	SCARDCONTEXT ctx;
	struct card_event cur;           /* template of the running request's result */
	bool in_call;                    /* the card thread is in a card call */
	struct timespec call_deadline;
	bool timed_out;                  /* the running request was answered
	                                    CE_TIMEOUT by the watcher */
	int call_step;                   /* ev->step when the call began */
	char readers[256];               /* names, ", " between (service screen) */
	char problem[200];               /* why pcscd will not talk, "" unknown */
};

/* The card thread's body (struct card_backend run). */
void pcsc_thread_main(struct card_service *cs);

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

#endif
