/* screens.h - one screen per file in src/ui/, each a const vtable. A screen
 * draws the model and turns keys into events; it never changes the state
 * itself. The helpers lay text out from the top of the body window. */
#ifndef EIDKIOSK_SCREENS_H
#define EIDKIOSK_SCREENS_H

#include <curses.h>
#include "app.h"
#include "diag.h"
#include "lang.h"
#include "widgets.h"

#define SCR_HINTS_MAX 8

/* Normalised keys handed to screens (digits stay '0'..'9'). */
enum {
	SK_ENTER = '\n',
	SK_ESC = 27,
	SK_ERASE = KEY_BACKSPACE,
};

/* What a screen draws with: the body window and a cursor down it. */
struct scr {
	WINDOW *w;                  /* the body */
	const struct ui_look *look;
	const struct lang *lang;    /* the language shown */
	const struct lang *langs;   /* all offered, in settings order */
	const struct settings *set;
	const struct app *app;
	const struct diag *diag;    /* the service screen's facts */
	int y;                      /* next free row */
	int x, width;               /* text column and width */
	int count_y;                /* countdown row, -1: none */
	WINDOW *cw;                 /* the countdown's own window (tick) */
	const char *hints[SCR_HINTS_MAX];
	int nhints;
	char hintbuf[SCR_HINTS_MAX][96];
};

struct screen {
	void (*enter)(struct scr *c);               /* may be NULL */
	void (*draw)(struct scr *c);
	struct fsm_event (*key)(struct scr *c, int key);  /* EV_NONE: unused */
	void (*tick)(struct scr *c);                /* may be NULL */
};

extern const struct screen screen_welcome;   /* scr_welcome.c */
extern const struct screen screen_wait;      /* scr_wait.c */
extern const struct screen screen_intro;     /* scr_intro.c */
extern const struct screen screen_entry;     /* scr_entry.c */
extern const struct screen screen_same;      /* scr_same.c */
extern const struct screen screen_end;       /* scr_end.c */
extern const struct screen screen_removed;   /* scr_removed.c */
extern const struct screen screen_staff;     /* scr_staff.c */
extern const struct screen screen_staff_confirm;  /* scr_staff.c */
extern const struct screen screen_out;       /* scr_out.c */
extern const struct screen screen_menu;      /* scr_menu.c */
extern const struct screen screen_info;      /* scr_info.c */
extern const struct screen screen_cert;      /* scr_cert.c */
extern const struct screen screen_tested;    /* scr_tested.c */
extern const struct screen screen_idle;      /* scr_idle.c */

/* The screen that shows a state (NULL: a state without one, a bug the
 * unit tests catch). */
const struct screen *screen_for(enum fsm_state st);

/* The screen shown now: the idle question while it is asked, else the
 * state's. */
const struct screen *screen_of(const struct app *a);

/* ---- helpers for screens (scr_common.c) ---- */

/* The text of a message with every placeholder the kiosk knows filled
 * ({n} = n; PIN limits of the PIN being typed; activation code lengths;
 * the language key). */
const char *scr_fmt(struct scr *c, enum msg_id id, int n, char *buf,
                    size_t bufsz);

/* The next text drawn is private (speech says it only into a headset):
 * the card's facts, tries left (scr_fmt marks MSG_TRIES_LEFT itself). */
void scr_private(struct scr *c);

/* A wrapped paragraph at the cursor, then a blank row (and the site's
 * help after a text that sends the citizen to the staff). */
void scr_para(struct scr *c, enum msg_id id, int n, enum theme_role role);

/* The same for text already made. */
void scr_text(struct scr *c, const char *text, enum theme_role role);

/* Whether a message sends the citizen to the staff (scr_para then adds
 * the site's help), and that help as a paragraph when the site set one. */
bool scr_sends_to_staff(enum msg_id id);
void scr_site_help(struct scr *c);

/* The screen's title. */
void scr_title(struct scr *c, enum msg_id id);

/* What this visit changed on the card: nothing, PIN1 but not PIN2, all
 * of the activation, the change or unblocking, or not known (the card or
 * the service went away during a write). */
void scr_changed(struct scr *c);

/* The model's notice, if any, in its role. */
void scr_notice(struct scr *c);

/* Add a key hint (formatted like scr_fmt). */
void scr_hint(struct scr *c, enum msg_id id);

/* The language key hint, when a language key is mapped. */
void scr_hint_lang(struct scr *c);
void scr_hint_more_time(struct scr *c);
void scr_hint_speech(struct scr *c);

/* The rows left below the cursor, and the rows text would take there. */
int scr_rows_left(const struct scr *c);
int scr_text_rows(const struct scr *c, const char *text);

/* An event without an argument. */
struct fsm_event scr_ev(enum fsm_ev ev, int arg);

/* "Label: value", wrapped (no blank row after), private. */
void scr_label(struct scr *c, int indent, enum msg_id label, const char *value,
               enum theme_role role);

/* The model's numbered choices as a menu, and the hint for them. */
void scr_choices(struct scr *c);

/* Numbered choices (n messages, at most C_COUNT) as a menu when the
 * screen has room for them, and the hint for them. */
void scr_menu(struct scr *c, const enum msg_id *ids, int n);

/* Enter -> EV_ENTER, Esc -> EV_BACK, else EV_NONE. */
struct fsm_event scr_enter_esc(int key);

/* Choice keys: digit 1..n -> EV_PICK n; Esc -> EV_BACK. */
struct fsm_event scr_pick(int key, int n);

#endif
