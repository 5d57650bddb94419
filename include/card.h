/* card.h - the card service seen from the main thread: requests go in, fixed
 * records come out of a pipe the main loop polls. One core with two
 * backends behind it: PC/SC (card_start_pcsc, a thread that owns the PC/SC
 * context) and the in-process virtual card of --demo (card_start_demo,
 * demo.h). */
#ifndef EIDKIOSK_CARD_H
#define EIDKIOSK_CARD_H

#include <stdbool.h>
#include <time.h>
#include "fineid.h"
#include "certinfo.h"
#include "xlist.h"

/* What the main thread asks of the card: X(id, name in logs, operation
 * in the audit trail's card_op records). */
#define CARD_REQ_LIST(X) \
	/* select, document number, certificates, code states */ \
	X(REQ_READ_INFO, "read info", "read_info") \
	/* reset retry counter of `code` with puk + new_pin */ \
	X(REQ_ACTIVATE, "activate", "reset_retry") \
	/* change `code`: old_pin -> new_pin */ \
	X(REQ_CHANGE, "change", "change") \
	/* verify `code`, sign a fresh challenge with the key that code \
	   guards, verify against the certificate */ \
	X(REQ_TEST_SIGN, "test sign", "test_sign")

enum card_req_kind { CARD_REQ_LIST(XLIST_ENUM) };

/* A request's name for logs ("read info"), "?" for no request. */
const char *card_req_name(enum card_req_kind k);

/* A request's operation in the audit trail ("read_info", "reset_retry"). */
const char *card_req_audit_name(enum card_req_kind k);

/* Secrets are borrowed: the main thread owns them and wipes them when the
 * CEV_RESULT for this request arrives. */
struct card_request {
	enum card_req_kind kind;
	enum code_id code;
	const struct secret *puk;
	const struct secret *old_pin;  /* also the PIN to verify for TEST_SIGN */
	const struct secret *new_pin;
};

/* Everything the kiosk shows about a card; read without spending a try. */
struct card_info {
	char profile[48];
	char docnum[32];             /* "" when the card did not tell */
	struct code_status code[CODE_COUNT];
	bool have_cert[KEY_COUNT];
	struct cert_summary cert[KEY_COUNT];
	enum chain_result chain[KEY_COUNT];
	int puk_len;                 /* the activation code's exact length
	                                when the card tells it, else 0 */
};

enum card_ev_kind {
	CEV_SERVICE_DOWN,   /* pcscd unreachable; retrying with backoff */
	CEV_NO_READER,      /* service up, no matching reader */
	CEV_READER_EMPTY,   /* reader present, no card */
	CEV_CARD_INSERTED,  /* atr, reader, profile (empty if unsupported) */
	CEV_READER_BUSY,    /* a card we serve, held by another program (another
	                       kiosk): we wait until it lets go */
	CEV_CARD_REMOVED,
	CEV_RESULT,         /* answer to the last request */
};

struct card_event {
	enum card_ev_kind kind;
	char reader[128];
	uint8_t atr[33];
	size_t atr_len;
	char profile[48];            /* CEV_CARD_INSERTED: matched profile */
	char known[48];              /* ... else a known card it is, or "" */
	enum card_advice advice;     /* ... else what to tell the citizen */
	bool service_lost;           /* CEV_CARD_REMOVED: because pcscd went
	                                away (the card may still be there) */
	enum card_req_kind req;      /* CEV_RESULT: which request */
	struct card_result res;      /* CEV_RESULT: outcome of the failing or
	                                last step */
	/* CEV_RESULT: what happened, as the card confirmed it. */
	bool read_complete;          /* READ_INFO: everything was asked */
	bool write_sent;             /* ACTIVATE, CHANGE: the write went out */
	bool written;                /* ... and the card said it was done */
	bool states_fresh;           /* the code states were read again */
	int step;                    /* commands confirmed, for logs only */
	int sig_ok;                  /* TEST_SIGN: 1 valid, 0 invalid, -1 n/a */
	struct card_info info;       /* READ_INFO, and states after writes */
};

struct card_config {
	const char *reader_match;    /* name fragment; NULL or "" = first */
	const char *cards_conf;      /* card profiles file */
	const char *ca_file;         /* CA certificates (PEM) for chain checks */
	bool observe_only;           /* only follow the readers, never hold one
	                                (tools that wait for a card to show) */
};

struct card_service;

/* Start the PC/SC card thread. Returns NULL with *cause set on failure. */
struct card_service *card_start_pcsc(const struct card_config *cfg,
                                     char **cause);

/* The fd the main loop polls; readable when card_next_event has a record. */
int card_event_fd(const struct card_service *cs);

/* Read one event (non-blocking); 1 got one, 0 none, -1 error. */
int card_next_event(struct card_service *cs, struct card_event *ev);

/* Queue a request; only one at a time. 0 ok, -1 busy or no card. */
int card_request(struct card_service *cs, const struct card_request *rq);

/* The names of the readers the service sees now, ", " between them ("" when
 * none or the service is down). For the staff service screen. */
void card_readers(struct card_service *cs, char *buf, size_t n);

/* Why the card service is down, when more is known than that (a pcscd that
 * speaks another protocol version), else "". For staff: the service screen,
 * --card-info. */
void card_problem(struct card_service *cs, char *buf, size_t n);

/* For clients outside the poll loop (--card-info, the test driver): the
 * next event before a deadline on the monotonic clock (mono_ms, mono.h);
 * 1 got one, 0 timed out, -1 error. */
int card_wait_event(struct card_service *cs, struct card_event *ev,
                    long long deadline);

/* The demo's keys (--demo): F5 puts the card in or takes it out, F6
 * chooses the next kind of card. True when the service used the key
 * (never for PC/SC). */
bool card_demo_key(struct card_service *cs, int key);

/* The demo's kinds of card, in the order F6 goes through them: the start
 * states of the virtual card, then activated cards whose certificate has
 * expired, comes from a CA the kiosk does not trust, or does not match the
 * card's key, and an activated FinEID v3.1 (RSA and P-256 keys). */
#define DEMO_CARD_LIST(X) \
	X(DC_NEW, "new") X(DC_PIN1_SET, "pin1-set") X(DC_ACTIVE, "active") \
	X(DC_PIN1_BLOCKED, "pin1-blocked") X(DC_PIN2_BLOCKED, "pin2-blocked") \
	X(DC_LOCKED, "locked") X(DC_EXPIRED, "expired") \
	X(DC_UNTRUSTED, "untrusted") X(DC_WRONG_KEY, "wrong-key") \
	X(DC_V31, "v3.1")
enum demo_card { DEMO_CARD_LIST(XLIST_ENUM) DC_COUNT };

/* What the demo line shows: the card in the reader or not, the kind the
 * next fresh card gets, and the activation code every demo card has (the
 * screen puts them into words). */
struct card_demo_line {
	bool card_in;
	enum demo_card next;
	const char *code;
};

/* The demo line's facts; false when there is none (PC/SC). */
bool card_demo_line(struct card_service *cs, struct card_demo_line *out);

/* Stop the thread (PC/SC: SCardCancel), release everything. */
void card_stop(struct card_service *cs);

#endif
