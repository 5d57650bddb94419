/* widgets.h - the pieces screens are drawn from: wrapped text, numbered
 * menu, masked code field, countdown, message box, key hints. The text and
 * countdown arithmetic (text.c, countdown.c) is plain logic without curses,
 * unit tested; the drawing (widgets.c) puts it into curses windows. */
#ifndef EIDKIOSK_WIDGETS_H
#define EIDKIOSK_WIDGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>
#include "theme.h"

/* ---- plain logic (no curses) ---- */

/* One wrapped line: bytes [off, off+len) of the text, width columns. */
struct wrap_line {
	size_t off, len;
	int width;
};

/* Decode one UTF-8 character at s (n bytes available); returns its length
 * (1 for an invalid byte, with *cp = U+FFFD). */
size_t text_decode(const char *s, size_t n, unsigned *cp);

/* Display columns of the first n bytes of UTF-8 text (wcwidth; control
 * characters take none). */
int text_width(const char *s, size_t n);

/* Text for an ASCII-only terminal: accented Latin letters lose their
 * accents (ä -> a, Å -> A, ß -> ss), dashes and quotes become ASCII,
 * anything else becomes '?'. Returns the length written (out always
 * NUL-terminated). */
size_t text_fold_ascii(const char *in, char *out, size_t outsz);

/* Wrap text into lines of at most width columns, breaking at spaces (a
 * word longer than a line is cut) and at '\n'. Returns the number of lines
 * (only the first max are stored). */
int text_wrap(const char *s, int width, struct wrap_line *lines, int max);

/* The longest prefix of s (in bytes) that fits width columns. */
size_t text_fit(const char *s, int width);

/* Countdown bar: how many of cells are filled with left of total seconds
 * (rounded up, so the bar is empty only at zero). */
int countdown_fill(int left, int total, int cells);

/* Whether the countdown is in its last, urgent seconds. */
bool countdown_urgent(int left);

#define COUNTDOWN_URGENT_S 10

/* ---- drawing ---- */

/* What a full draw showed, as text in reading order, for speech: one
 * line per text a widget drew, each starting with 'P' when private (said
 * only into a headset) or '-'. A code field adds only its label. */
#define SAID_MAX 8192
struct said {
	char text[SAID_MAX];
	size_t len;
	bool priv;        /* the next line added is private */
};

/* Add a line (dropped when the transcript is full); it is private when
 * priv was set, which it clears. */
void said_add(struct said *s, const char *text);

/* How text looks on this terminal. */
struct ui_look {
	const struct theme *theme;
	bool color;       /* colours in use */
	bool ascii;       /* ASCII only: no line drawing, no accents */
	struct said *said;  /* widgets add what they draw here, or NULL */
};

/* Set the role's attributes on w. */
void wg_role(WINDOW *w, const struct ui_look *lk, enum theme_role role);

/* One line at y,x, cut to width (folded to ASCII when needed). */
void wg_line(WINDOW *w, const struct ui_look *lk, int y, int x, int width,
             const char *text, enum theme_role role);

/* Wrapped text from row y; returns the rows used (at most maxrows). */
int wg_text(WINDOW *w, const struct ui_look *lk, int y, int x, int width,
            int maxrows, const char *text, enum theme_role role);

/* Rows wrapped text would take. */
int wg_text_rows(const struct ui_look *lk, int width, const char *text);

/* Numbered menu "1  item"; item `mark` (0-based, -1 none) is marked with
 * '>' and the selected role. Returns the rows used. */
int wg_menu(WINDOW *w, const struct ui_look *lk, int y, int x, int width,
            const char *const items[], int n, int mark);

/* Masked code field: label, then one '*' per digit typed and '_' for the
 * places left up to cap. The digits themselves never reach this code. */
void wg_field(WINDOW *w, const struct ui_look *lk, int y, int x,
              const char *label, size_t len, int cap);

/* Countdown on its own window: bar, seconds, and in the urgent seconds a
 * "!!" marker that shows without colour. text is "{n} s left" filled. */
void wg_countdown(WINDOW *w, const struct ui_look *lk, int left, int total,
                  const char *text);

/* A framed box of wrapped text centred in w from row y; returns rows. */
int wg_box(WINDOW *w, const struct ui_look *lk, int y, const char *title,
           const char *const lines[], int n, enum theme_role role);

/* Short texts side by side, wrapping between them, never inside one. */
int wg_parts_rows(const struct ui_look *lk, int width,
                  const char *const parts[], int n);
void wg_parts(WINDOW *w, const struct ui_look *lk, int y, int x, int width,
              int maxrows, const char *const parts[], int n,
              enum theme_role role);

/* Key hints on the hint window (1 or 2 rows). */
void wg_hints(WINDOW *w, const struct ui_look *lk, const char *const hints[],
              int n);

/* The rows the hints need at width. */
int wg_hints_rows(const struct ui_look *lk, int width,
                  const char *const hints[], int n);

#endif
