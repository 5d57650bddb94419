/* fsm.h - the kiosk's state machine: states and events as enums, the
 * transitions as a const table {from, event, guard, action, to} (see
 * fsm_table.c) and a small engine that runs it. The engine and the table
 * know nothing of curses or PC/SC: actions ask for effects through
 * struct app_effects (app.h), so unit tests can run scripts of events. */
#ifndef EIDKIOSK_FSM_H
#define EIDKIOSK_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct app;

enum fsm_state {
	ST_WELCOME,      /* no card: insert your card, choose a language */
	ST_READING,      /* REQ_READ_INFO running */
	ST_MENU,         /* an activated card: what would you like to do? */
	ST_INTRO,        /* a journey's introduction: what you need, ~30 s */
	ST_ENTER_PUK,    /* activation code */
	ST_ENTER_OLD,    /* the current PIN (change) */
	ST_ENTER_PIN1,   /* new PIN1 */
	ST_AGAIN_PIN1,   /* new PIN1 again */
	ST_ENTER_PIN2,   /* new PIN2 */
	ST_AGAIN_PIN2,   /* new PIN2 again */
	ST_PIN2_SAME,    /* PIN2 equals PIN1: change (1) or keep (2) */
	ST_WORKING,      /* a write or a test running */
	ST_DONE,         /* activated, unblocked or changed: take the card */
	ST_TEST_INFO,    /* test my card: what the card says, PIN tests */
	ST_TEST_CERT,    /* test my card: a certificate failed its check */
	ST_TEST_ENTER,   /* the PIN to test */
	ST_TEST_RESULT,  /* the PIN test's outcome */
	ST_CARD_END,     /* a card state this kiosk stops at (app.verdict) */
	ST_REMOVED,      /* card pulled: what was changed */
	ST_FINISH,       /* journey over, card still in: take your card */
	ST_STAFF_CODE,   /* staff code entry */
	ST_STAFF_MENU,   /* staff: the service screen */
	ST_STAFF_CONFIRM,/* staff: take the kiosk out of service? */
	ST_OUT_OF_ORDER, /* out of service until staff put it back */
	ST_COUNT,
	ST_ANY = ST_COUNT,  /* table rows: any state (rows last) */
	ST_SAME,            /* table rows: stay, without entering again */
};

enum fsm_ev {
	EV_NONE,            /* a key that means nothing here: not dispatched */
	EV_DIGIT,           /* arg: the digit 0-9 */
	EV_ERASE,           /* Backspace / Delete */
	EV_ENTER,
	EV_BACK,            /* Esc */
	EV_PICK,            /* a numbered choice; arg: its number */
	EV_ANY_KEY,         /* "press any key" screens */
	EV_LANG,            /* the language key */
	EV_MORE_TIME,       /* the more-time key: the countdown starts again;
	                       on the welcome screen: the visit's more-time mode */
	EV_SPEECH,          /* the speech key: on/off (welcome), repeat, stop */
	EV_VOLUME,          /* the volume key: the next speech volume */
	EV_CONTRAST,        /* the welcome screen's high-contrast choice */
	EV_HEADSET,         /* a headset was plugged in (arg 1) or out (0) */
	EV_STAFF,           /* the staff key */
	EV_RESIZE,
	EV_TIMEOUT,         /* countdown or idle time ran out */
	EV_CARD_IN,         /* a supported card was inserted */
	EV_CARD_UNSUPPORTED,/* a card no profile matches */
	EV_CARD_OUT,
	EV_READER_EMPTY,
	EV_NO_READER,
	EV_SERVICE_DOWN,
	EV_READER_BUSY,     /* another terminal holds the reader and its card */
	EV_RESULT,          /* a card request answered: app.cev */
	EV_STAFF_RESET,     /* staff reset from the monitor */
	EV_AUDIT_DOWN,      /* audit.on_failure = stop: the file is not written */
	EV_AUDIT_UP,        /* ... and it is again */
	EV_COUNT
};

struct fsm_event {
	enum fsm_ev ev;
	int arg;
	bool key;           /* came from the keyboard (restarts idle time) */
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

struct fsm_state_info {
	const char *name;
	enum fsm_timer timer;
};

extern const struct fsm_state_info fsm_states[ST_COUNT];
extern const struct fsm_row fsm_table[];
extern const size_t fsm_table_len;

/* Names for logs and Graphviz. */
const char *fsm_state_name(enum fsm_state s);
const char *fsm_event_name(enum fsm_ev e);

/* Enter the first state (ST_WELCOME): its screen and timer. */
void fsm_start(struct app *a);

/* Run one event and any events its actions posted (app_post). An event no
 * row takes is logged and ignored. */
void fsm_dispatch(struct app *a, enum fsm_ev ev, int arg, bool key);

/* A key was pressed that no screen uses: restart the idle time. */
void fsm_activity(struct app *a);

/* The row that would take e in state s, or NULL (for tests and logs). */
const struct fsm_row *fsm_find(const struct app *a, enum fsm_state s,
                               const struct fsm_event *e);

/* The table as a Graphviz digraph (eidkiosk --dump-fsm). */
void fsm_dump(FILE *out);

#endif
