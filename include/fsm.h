/* fsm.h - the kiosk's state machine: states and events as enums, the
 * transitions as a const table {from, event, guard, action, to} with the
 * hooks that carry the app's policy (see src/kiosk/table.c), and a small engine
 * that runs it (fsm.c, which knows nothing of the app). Neither knows
 * curses or PC/SC: actions ask for effects through struct app_effects
 * (app.h), so unit tests can run scripts of events. */
#ifndef EIDKIOSK_FSM_H
#define EIDKIOSK_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "xlist.h"

struct app;          /* the model the guards and actions work on */
struct card_event;

/* The states, with their names for logs, the monitor and Graphviz. */
#define FSM_STATES(X) \
	/* no card: insert your card, choose a language */ \
	X(ST_WELCOME, "welcome") \
	X(ST_READING, "reading")        /* REQ_READ_INFO running */ \
	/* an activated card: what would you like to do? */ \
	X(ST_MENU, "menu") \
	/* a journey's introduction: what you need, ~30 s */ \
	X(ST_INTRO, "intro") \
	X(ST_ENTER_PUK, "enter_puk")    /* activation code */ \
	X(ST_ENTER_OLD, "enter_old")    /* the current PIN (change) */ \
	X(ST_ENTER_PIN1, "enter_pin1")  /* new PIN1 */ \
	X(ST_AGAIN_PIN1, "again_pin1")  /* new PIN1 again */ \
	X(ST_ENTER_PIN2, "enter_pin2")  /* new PIN2 */ \
	X(ST_AGAIN_PIN2, "again_pin2")  /* new PIN2 again */ \
	/* PIN2 equals PIN1: change (1) or keep (2) */ \
	X(ST_PIN2_SAME, "pin2_same") \
	X(ST_WORKING, "working")        /* a write or a test running */ \
	/* activated, unblocked or changed: take the card */ \
	X(ST_DONE, "done") \
	/* test my card: what the card says, PIN tests */ \
	X(ST_TEST_INFO, "test_info") \
	/* test my card: a certificate failed its check */ \
	X(ST_TEST_CERT, "test_cert") \
	X(ST_TEST_ENTER, "test_enter")  /* the PIN to test */ \
	X(ST_TEST_RESULT, "test_result") /* the PIN test's outcome */ \
	/* a card state this kiosk stops at (app.verdict) */ \
	X(ST_CARD_END, "card_end") \
	X(ST_REMOVED, "removed")        /* card pulled: what was changed */ \
	/* journey over, card still in: take your card */ \
	X(ST_FINISH, "finish") \
	X(ST_STAFF_CODE, "staff_code")  /* staff code entry */ \
	X(ST_STAFF_MENU, "staff_menu")  /* staff: the service screen */ \
	/* staff: take the kiosk out of service? */ \
	X(ST_STAFF_CONFIRM, "staff_confirm") \
	/* out of service until staff put it back */ \
	X(ST_OUT_OF_ORDER, "out_of_order")

enum fsm_state {
	FSM_STATES(XLIST_ENUM)
	ST_COUNT,
	ST_ANY = ST_COUNT,  /* table rows: any state (rows last) */
	ST_SAME,            /* table rows: stay, without entering again */
};

/* The events, with their names for logs and Graphviz. */
#define FSM_EVENTS(X) \
	X(EV_NONE, "none")          /* a key that means nothing here */ \
	X(EV_DIGIT, "digit")        /* arg: the digit 0-9 */ \
	X(EV_ERASE, "erase")        /* Backspace / Delete */ \
	X(EV_ENTER, "enter") \
	X(EV_BACK, "back")          /* Esc */ \
	X(EV_PICK, "pick")          /* a numbered choice; arg: its number */ \
	X(EV_ANY_KEY, "any_key")    /* "press any key" screens */ \
	X(EV_LANG, "lang")          /* the language key */ \
	X(EV_MORE_TIME, "more_time") /* the countdown starts again; on the \
	                               welcome screen: the visit's more time */ \
	X(EV_SPEECH, "speech")      /* on/off (welcome), repeat, stop */ \
	X(EV_VOLUME, "volume")      /* the next speech volume */ \
	X(EV_CONTRAST, "contrast")  /* the welcome screen's high contrast */ \
	X(EV_HEADSET, "headset")    /* arg 1 plugged in, 0 pulled out */ \
	X(EV_SPEECH_HELPER, "speech_helper") /* arg 1 ready, 0 gone */ \
	X(EV_STAFF, "staff")        /* the staff key */ \
	X(EV_RESIZE, "resize") \
	X(EV_TICK, "tick")          /* a countdown second; arg: seconds left */ \
	X(EV_TIMEOUT, "timeout")    /* countdown or idle time ran out */ \
	X(EV_CARD_IN, "card_in")    /* a supported card was inserted */ \
	X(EV_CARD_UNSUPPORTED, "card_unsupported") /* arg: enum card_advice */ \
	X(EV_CARD_OUT, "card_out") \
	X(EV_READER_EMPTY, "reader_empty") \
	X(EV_NO_READER, "no_reader") \
	X(EV_SERVICE_DOWN, "service_down") \
	X(EV_READER_BUSY, "reader_busy") /* another terminal holds the card */ \
	X(EV_RESULT, "result")      /* a card request answered (card) */ \
	X(EV_STAFF_RESET, "staff_reset") /* staff reset from the monitor */ \
	X(EV_AUDIT_DOWN, "audit_down") /* audit.on_failure = stop: the file \
	                                  is not written */ \
	X(EV_AUDIT_UP, "audit_up")  /* ... and it is again */

enum fsm_ev { FSM_EVENTS(XLIST_ENUM) EV_COUNT };

struct fsm_event {
	enum fsm_ev ev;
	int arg;
	bool key;           /* came from the keyboard (restarts idle time) */
	const struct card_event *card; /* the card service's event behind it
	                                  (card events, a result), or NULL */
};

typedef bool (*fsm_guard)(const struct app *a, const struct fsm_event *e);
typedef void (*fsm_action)(struct app *a, const struct fsm_event *e);

struct fsm_row {
	enum fsm_state from;        /* or ST_ANY */
	enum fsm_ev ev;
	fsm_guard guard;            /* NULL: always */
	const char *guard_name;
	fsm_action action;          /* NULL: none */
	const char *action_name;
	enum fsm_state to;          /* or ST_SAME */
};

/* Which timer a state runs while it is shown. */
enum fsm_timer {
	TIMER_NONE,     /* waits for the card or for a person: no wake-ups */
	TIMER_IDLE,     /* settings.idle_timeout, restarted by every key */
	TIMER_CODE,     /* settings.code_timeout, a visible countdown */
};

/* The app's policy around the table, named by the table (table.c)
 * beside its rows: the engine runs them and knows nothing else of the app. */
struct fsm_hooks {
	/* the facts an event carries, taken before any row is looked at */
	void (*observe)(struct app *a, const struct fsm_event *e);
	/* true: the event was taken before the table (a question on screen,
	 * a countdown second, a key that means nothing here) */
	bool (*intercept)(struct app *a, const struct fsm_event *e);
	/* a row leads to another state: called before its action */
	void (*leave)(struct app *a);
	/* state s was entered: its screen and timer */
	void (*enter)(struct app *a, enum fsm_state s);
	/* a key a row took without leaving the state: someone is there */
	void (*stay)(struct app *a, const struct fsm_event *e);
	/* no row takes e in this state */
	void (*ignored)(struct app *a, const struct fsm_event *e);
};

/* A machine: its rows, in order, and the hooks around them. */
struct fsm_def {
	const struct fsm_row *rows;
	size_t nrows;
	const struct fsm_hooks *hooks;
};

#define FSM_QUEUE 4

/* One running machine: its state and the events actions posted, run after
 * the current one, in order, never from inside an action. */
struct fsm {
	const struct fsm_def *def;
	struct app *app;
	enum fsm_state state;
	struct fsm_event queue[FSM_QUEUE];
	int nqueue;
};

/* The kiosk's machine (table.c): its states' timers, and its rows with
 * the app's hooks. */
extern const enum fsm_timer fsm_timers[ST_COUNT];
extern const struct fsm_def fsm_kiosk;

/* Names for logs and Graphviz. */
const char *fsm_state_name(enum fsm_state s);
const char *fsm_event_name(enum fsm_ev e);

/* Set m up to run def over the model a, in state s, without entering it. */
void fsm_init(struct fsm *m, const struct fsm_def *def, struct app *a,
              enum fsm_state s);

/* Enter state s (its screen and timer): the first state, or a test's. */
void fsm_start(struct fsm *m, enum fsm_state s);

/* Run one event and then the events its actions posted. An event no row
 * takes is handed to the ignored hook. */
void fsm_dispatch(struct fsm *m, const struct fsm_event *e);

/* Queue an event to run after the current one; false when the queue is
 * full (a bug: the table posts at most a few). */
bool fsm_post(struct fsm *m, const struct fsm_event *e);

/* The row of def that would take e in state s, or NULL (for tests). */
const struct fsm_row *fsm_find(const struct fsm_def *def, const struct app *a,
                               enum fsm_state s, const struct fsm_event *e);

/* A table as a Graphviz digraph (eidkiosk --dump-fsm). */
void fsm_dump(const struct fsm_def *def, FILE *out);

#endif
