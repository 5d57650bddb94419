/* app.h - the kiosk's model: what the state machine's actions read and
 * change (card facts, the journey, the secrets being typed, notices), and
 * the effects they ask the outside world for. No curses, no PC/SC here:
 * the loop supplies real effects, unit tests record them. */
#ifndef EIDKIOSK_APP_H
#define EIDKIOSK_APP_H

#include <stdbool.h>
#include <stdint.h>
#include "audit.h"
#include "card.h"
#include "fsm.h"
#include "lang.h"
#include "secret.h"
#include "settings.h"
#include "xlist.h"

/* What the outside world does for the actions. */
struct app_effects {
	void (*show)(void *ctx, enum fsm_state st);   /* a state was entered */
	void (*timer)(void *ctx, int seconds, bool tick); /* 0 s = stop */
	int (*card)(void *ctx, const struct card_request *rq); /* 0 queued */
	void (*lang)(void *ctx, int index);           /* settings.langs[index] */
	void (*redraw)(void *ctx);                    /* everything, now */
	void (*alert)(void *ctx);                     /* a tone: time runs out */
	void (*warn)(void *ctx);      /* a countdown's last seconds: said too */
	void (*quit)(void *ctx, int status);
	void (*log)(void *ctx, const char *line);     /* never holds a code */
	long long (*now)(void *ctx);                  /* monotonic ms */
	void *ctx;
};

/* What a READ_INFO says of the card: a journey (activation, the menu) or
 * a state the kiosk shows and stops at (ST_CARD_END); X(id, name on the
 * staff monitor's line). */
#define APP_VERDICT_LIST(X) \
	X(V_NONE, "-") \
	/* a PIN is not activated: the activation journey */ \
	X(V_ACTIVATE, "activate") \
	X(V_ACTIVE, "active")             /* already activated: the menu */ \
	/* the menu, unblocking first; after a journey: end */ \
	X(V_PIN1_BLOCKED, "pin1_blocked") \
	X(V_PIN2_BLOCKED, "pin2_blocked") \
	/* a PIN blocked, activation code at one try: staff */ \
	X(V_BLOCKED_PUK_LOW, "blocked_puk_low") \
	/* activation code blocked: locked for good */ \
	X(V_LOCKED, "locked") \
	/* activation code has one try left: see the staff */ \
	X(V_PUK_LAST, "puk_last_try") \
	X(V_EXPIRED, "expired")           /* the certificate is out of date */ \
	/* a PIN test: the certificate failed its check */ \
	X(V_UNTRUSTED, "untrusted") \
	X(V_UNSUPPORTED, "unsupported") \
	/* read without contact: insert it into the slot */ \
	X(V_CONTACTLESS, "contactless") \
	/* a generation whose cards have all expired */ \
	X(V_OLD_CARD, "old_card") \
	X(V_UNREADABLE, "unreadable") \
	/* the card refused a write for another reason */ \
	X(V_CARD_ERROR, "card_error")

enum app_verdict { APP_VERDICT_LIST(XLIST_ENUM) };

/* The journey underway: X(id, name in logs, the audit trail and the staff
 * monitor). */
#define APP_JOURNEY_LIST(X) \
	X(J_NONE, "none") \
	/* activation code, then each unset PIN twice */ \
	X(J_ACTIVATE, "activate") \
	/* activation code, then the new PIN twice */ \
	X(J_UNBLOCK, "unblock") \
	/* current PIN, then the new PIN twice */ \
	X(J_CHANGE, "change") \
	/* the card's details, then PIN tests */ \
	X(J_TEST, "test")

enum app_journey { APP_JOURNEY_LIST(XLIST_ENUM) J_COUNT };

/* How a journey ended (record.c): X(id, words in the log, reason in
 * the audit trail's journey_end records). */
#define APP_END_LIST(X) \
	/* finished (a test journey: left in any way) */ \
	X(END_DONE, "done", "done") \
	/* the card was pulled */ \
	X(END_REMOVED, "card removed", "card_removed") \
	/* nobody typed or answered */ \
	X(END_TIMEOUT, "timed out", "timeout") \
	/* Esc, the staff key, a staff reset */ \
	X(END_CANCELLED, "cancelled", "cancelled") \
	/* a code got blocked, or one try left */ \
	X(END_BLOCKED, "code blocked", "code_blocked") \
	/* the card refused, or a test failed */ \
	X(END_CARD_ERROR, "card error", "card_error") \
	/* the card service (pcscd) went away */ \
	X(END_SERVICE_DOWN, "card service lost", "service_down") \
	/* the kiosk ended: a signal, its terminal gone */ \
	X(END_STOPPED, "kiosk stopped", "stopped")

enum app_end { APP_END_LIST(XLIST_ENUM) END_COUNT };

/* Counters since start, for the service screen. */
struct app_counters {
	int started, finished;
	int done[J_COUNT];          /* finished, by journey */
	int failed[END_COUNT];      /* ended otherwise, by reason */
};

/* The numbered choices of a menu screen: the main menu (menu.c), the
 * card details (test.c) and an end that offers a next step. */
enum app_choice {
	C_UNBLOCK1,       /* "I forgot my PIN1, or it is blocked" */
	C_UNBLOCK2,
	C_TEST,
	C_CHANGE1,
	C_CHANGE2,
	C_FINISH,
	C_TEST_PIN1,      /* card details: test a PIN */
	C_TEST_PIN2,
	C_BACK,           /* card details: back to the menu */
	C_UNBLOCK_NOW,    /* end: unblock the PIN that got blocked, at once */
	C_RETRY,          /* end: the card refused; read it and try again */
	C_COUNT
};

enum app_reader { RD_UNKNOWN, RD_OK, RD_NO_READER, RD_SERVICE_DOWN, RD_BUSY };

enum app_note { NOTE_INFO, NOTE_OK, NOTE_WARNING, NOTE_ERROR };

/* The card in the reader as staff see it (service screen, monitor): the
 * last reader a card was inserted in, and the card's ATR and profile. */
struct app_card_seen {
	char reader[128];
	uint8_t atr[33];
	size_t atr_len;             /* 0: no card */
	char profile[48];           /* its profile; "" none */
	char known[48];             /* no profile: a card cards.conf knows */
};

#define APP_WARN_S 10       /* a countdown warns this long before the end */
#define APP_CODE_MAX 12     /* digits a card code field takes */
#define APP_STAFF_MAX 16

struct app {
	const struct settings *set;
	const struct app_effects *fx;
	struct audit *audit;        /* the audit trail, or NULL (record.c) */
	struct fsm fsm;             /* the state machine: state, posted events */
	int lang;                   /* index into set->langs */
	int lang0;                  /* the language each visit starts in */

	/* Facts from the card service (app_observe). */
	enum app_reader reader;
	bool card_in, card_ok;      /* inserted; supported by a profile */
	enum card_advice advice;    /* a card in that no profile serves */
	bool busy;                  /* a request is out, no result yet */
	enum card_req_kind req;     /* ... that request */
	struct card_event cev;      /* the last CEV_RESULT */
	struct app_card_seen seen;  /* the card in the reader, for staff */
	struct card_info info;      /* code states, refreshed after writes */

	/* The journey. */
	enum app_verdict verdict;
	enum app_journey kind;
	bool open;                  /* the journey is counted, not yet ended */
	struct app_counters count;  /* since start: never reset */
	bool need[2];               /* PINs this journey sets */
	bool done[2];               /* ... set on the card this time */
	bool ready[2];              /* both entries typed, rules passed */
	int cur;                    /* the PIN being typed or sent: 0, 1 */
	bool unknown;               /* pulled while a write was running */
	bool wipe_on_result;        /* secrets lent to the card thread */
	bool reset_pending;         /* a staff reset waits for that result */
	int timeouts;               /* code entry timeouts in a row */

	/* One line under the entry field or on the screen. */
	enum msg_id notice;         /* MSG_COUNT: none */
	enum app_note note_kind;
	int notice_n;               /* its {n} */

	int count_left, count_total;  /* the countdown, seconds */
	long long entry_end_ms;     /* a code entry's whole time ends (fx->now) */
	bool asking;                /* "Are you still there?" is up */
	bool finished_well;         /* the visit ended as the citizen chose (a
	                               thank-you), not by time or a failure */

	/* The citizen's choices for the visit (access.c), kept from the
	 * welcome screen to the end of the visit: speech (and the headset it
	 * came from), its volume 1..SETTINGS_VOLUMES, more time everywhere,
	 * high contrast. speech_again counts the speech key's presses while
	 * speech is on: the narrator repeats or stops on each. */
	bool speech, headset, more_time, contrast;
	bool speech_down;           /* the speech helper is not there */
	int volume;
	unsigned speech_again;

	/* The numbered choices shown (main menu, card details). */
	enum app_choice menu[C_COUNT];
	int nmenu;

	/* Codes: typed digit by digit, never shown, wiped as soon as used.
	 * old is the current PIN of a change or a test. */
	struct secret *puk, *pin[2], *again[2], *old, *staff;

	/* The staff key (staff.c): wrong codes in a row, closings so far,
	 * until when a wrong code's wait and a closing last (the effects'
	 * monotonic ms), and whether the kiosk is out of service. */
	int staff_wrong, staff_lockouts;
	long long staff_wait_until, staff_closed_until;
	bool out_of_service;
	bool audit_down;            /* records cannot reach the audit file and
	                               the site stops serving meanwhile */
};

/* Set up a (secrets from the arena) with its audit trail (NULL: none).
 * -1 when the arena is full. */
int app_init(struct app *a, const struct settings *set,
             const struct app_effects *fx, struct audit *audit, int lang);

/* Wipe and free the secrets. */
void app_free(struct app *a);

/* The visit's choices back to the site's: speech on only while a headset
 * is in, normal volume, time and colours (access.c). */
void app_access_reset(struct app *a);

/* Seconds of a time limit in this visit: longer in more-time mode. */
int app_time(const struct app *a, int seconds);

/* Forget the journey and every code: idle, removal, a new card. */
void app_reset(struct app *a);

/* Update the card facts an event carries, before the table is consulted
 * (a hook of the table). */
void app_observe(struct app *a, const struct fsm_event *e);

/* Enter the first state, ST_WELCOME. */
void app_start(struct app *a);

/* One event into the model: through the state machine, with what it
 * posts. key: it came from the keyboard; card: the card service's event
 * behind it, or NULL. */
void app_event(struct app *a, enum fsm_ev ev, int arg, bool key,
               const struct card_event *card);

/* An event of the card service into the model, as the state machine's
 * event it is (its facts travel with it). */
void app_card_event(struct app *a, const struct card_event *ce);

/* The audit and log records of what the card service said (record.c):
 * card operations, cards not served, insertions and removals. */
void app_record_card(struct app *a, const struct card_event *ce);

/* Queue an event to run after the current one. */
void app_post(struct app *a, enum fsm_ev ev, int arg);

/* The secret typed in state st, or NULL; its digit limit in *max. */
struct secret *app_entry(const struct app *a, enum fsm_state st, int *max);

/* The card state a READ_INFO result (a->cev) leads to. */
enum app_verdict app_verdict(const struct app *a);

/* The same from card facts already read. */
enum app_verdict app_verdict_of(const struct card_info *in);

/* Whether every PIN this activation had to set is set. */
bool app_all_set(const struct app *a);

/* Whether pcscd or the reader went away with the card (it was not pulled:
 * it is read again when they are back). */
bool app_card_lost(const struct app *a);

/* Whether the journey ended because time ran out on code entries too
 * often in a row (a->timeouts says how often). */
bool app_gave_up(const struct app *a);

/* Step counter for the status line: 0 when the state has none. */
int app_step(const struct app *a, enum fsm_state st, int *steps);

/* A journey begins, or ends for a reason (counted; record.c). */
void app_journey_begin(struct app *a, enum app_journey kind);
void app_journey_end(struct app *a, enum app_end why);

/* Why a journey ends when its card goes out: pulled, or lost with pcscd
 * (the card event carries which). */
enum app_end app_removal(const struct app *a);

/* Names (names.c): a journey's ("activate"; "none" for J_NONE), how
 * one ended in the log ("card removed") and in the audit trail
 * ("card_removed"), and a verdict's on the monitor ("pin1_blocked"). */
const char *app_journey_name(enum app_journey j);
const char *app_end_name(enum app_end why);
const char *app_end_audit_name(enum app_end why);
const char *app_verdict_name(enum app_verdict v);

/* The menu for the card's code states (menu.c): only the journeys
 * that make sense, the recommended one first. Returns how many. */
int app_menu(const struct app *a, enum app_choice out[C_COUNT]);

/* The choices of the end screen for a->verdict (menu.c): a next step
 * where there is one here, then finishing; none when the only next step is
 * taking the card. Returns how many. */
int app_end_choices(const struct app *a, enum app_choice out[C_COUNT]);

/* Log a line through the effects (never pass a code). */
void app_log(const struct app *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
