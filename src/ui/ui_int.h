/* ui_int.h - what ui.c (windows, layout, keys) and ui_draw.c (drawing)
 * share. Private to src/ui/. */
#ifndef EIDKIOSK_UI_INT_H
#define EIDKIOSK_UI_INT_H

#include <curses.h>
#include "screens.h"
#include "ui.h"

struct ui {
	const struct settings *set;
	const struct lang *langs;
	int lang;
	const struct theme *themes;  /* [0] the site's, [1] high contrast */
	bool contrast;              /* themes[1] is in use */
	struct ui_look look;
	struct said said;           /* the last full draw's text */
	WINDOW *input;              /* never drawn: only read from */
	WINDOW *status, *body, *count, *demo, *hint;
	WINDOW *small;              /* the whole screen when too small */
	int rows, cols;
	int hint_rows, demo_rows;
	bool too_small;
	bool demo_on;               /* a demo line is shown */
	struct card_demo_line demo_info;
	const struct diag *diag;    /* the service screen's facts, or NULL */
	char demo_code[16];
	enum fsm_state shown;
	struct scr scr;             /* the last full draw's layout */
	bool count_shown;           /* the countdown window is on screen */
	int last_key;               /* keys.same_key_ms: the last key ... */
	long long last_key_ms;      /* ... and when it came */
};

/* (Re)make the windows for the terminal size, hint and demo rows. */
void ui_layout(struct ui *u, int hint_rows, int demo_rows);

#endif
