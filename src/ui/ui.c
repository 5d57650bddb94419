/* ui.c - the kiosk's windows: the look (colour or mono, UTF-8 or ASCII),
 * the layout (status line, body, demo line, key hints; a single message
 * when the terminal is too small), and what keys mean. */
#include "build-config.h"
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "mono.h"
#include "ui_int.h"

/* Whether the terminal can show UTF-8 (the locale says so). */
static bool ui_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* ASCII only when the site says so, or when the locale is not UTF-8. */
static bool ui_want_ascii(const struct settings *s)
{
	switch (s->ascii) {
	case ASCII_ALWAYS: return true;
	case ASCII_NEVER: return false;
	default: return !ui_locale_utf8();
	}
}

/* Delete a window if there is one. */
static void ui_del(WINDOW **w)
{
	if (*w)
		delwin(*w);
	*w = NULL;
}

/* The cursor is hidden: no window needs it put back after drawing, so a
 * countdown tick or a key's echo sends no cursor move for it (leaveok). */
static void ui_leave_cursor(struct ui *u)
{
	WINDOW *w[] = { u->small, u->status, u->body, u->demo, u->hint,
	                u->count };

	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
		if (w[i])
			leaveok(w[i], TRUE);
}

/* Windows for the current size. */
void ui_layout(struct ui *u, int hint_rows, int demo_rows)
{
	int body_rows;

	u->rows = LINES;
	u->cols = COLS;
	u->hint_rows = hint_rows;
	u->demo_rows = demo_rows;
	u->count_shown = false;
	ui_del(&u->status);
	ui_del(&u->body);
	ui_del(&u->count);
	ui_del(&u->demo);
	ui_del(&u->hint);
	ui_del(&u->small);
	u->too_small = u->rows < UI_MIN_ROWS || u->cols < UI_MIN_COLS;
	if (u->too_small) {
		u->small = newwin(u->rows, u->cols, 0, 0);
		ui_leave_cursor(u);
		return;
	}
	body_rows = u->rows - 1 - demo_rows - hint_rows;
	u->status = newwin(1, u->cols, 0, 0);
	u->body = newwin(body_rows, u->cols, 1, 0);
	if (demo_rows)
		u->demo = newwin(demo_rows, u->cols, 1 + body_rows, 0);
	u->hint = newwin(hint_rows, u->cols, u->rows - hint_rows, 0);
	u->count = newwin(1, u->cols - 8 > 64 ? 64 : u->cols - 8, 1, 4);
	if (!u->status || !u->body || !u->hint || !u->count ||
	    (demo_rows && !u->demo))
		abort();   /* out of memory: the SIGABRT handler restores the tty */
	ui_leave_cursor(u);
}

/* Set up the look and the windows. */
struct ui *ui_new(const struct settings *set, const struct lang *langs,
                  const struct theme themes[2])
{
	struct ui *u = calloc(1, sizeof *u);

	if (!u)
		return NULL;
	u->set = set;
	u->langs = langs;
	u->themes = themes;
	u->look.theme = &themes[0];
	u->look.ascii = ui_want_ascii(set);
	if (has_colors() && start_color() == OK)
		u->look.color = theme_init_pairs(&themes[0]);
	u->input = newwin(1, 1, 0, 0);
	if (!u->input) {
		free(u);
		return NULL;
	}
	keypad(u->input, TRUE);
	nodelay(u->input, TRUE);
	/* wgetch refreshes its window when touched: refresh it once now so
	 * reading keys never paints over the screen. */
	wnoutrefresh(u->input);
	u->shown = ST_WELCOME;
	ui_layout(u, 1, 0);
	return u;
}

/* Delete the windows (while curses still runs). */
void ui_free(struct ui *u)
{
	if (!u)
		return;
	if (!isendwin()) {
		ui_del(&u->status);
		ui_del(&u->body);
		ui_del(&u->count);
		ui_del(&u->demo);
		ui_del(&u->hint);
		ui_del(&u->small);
		ui_del(&u->input);
	}
	free(u);
}

/* Drop the rest of a CSI sequence (ESC [ parameters, final byte); a byte
 * that cannot belong to it is kept for the next read. */
static void ui_skip_csi(struct ui *u)
{
	int c;

	while ((c = wgetch(u->input)) != ERR) {
		if (c >= 0x40 && c <= 0x7e)
			return;
		if (c < 0x20 || c > 0x3f) {
			ungetch(c);
			return;
		}
	}
}

/* The next key, or ERR. ncurses gives an Esc followed by the rest of a
 * sequence it does not know (Home or F13 of another terminal type,
 * bracketed paste markers, Alt with a key) as Esc and then the other
 * bytes. Such an Esc arrives together with them: it is dropped with its
 * sequence, so that only an Esc pressed alone means back or cancel. */
int ui_getkey(struct ui *u)
{
	int key = wgetch(u->input), next = ERR;

	while (key == 27 && (next = wgetch(u->input)) != ERR && next != 27) {
		if (next == '[')
			ui_skip_csi(u);
		else if (next == 'O')
			wgetch(u->input);   /* SS3 and its one key */
		key = wgetch(u->input);
	}
	if (key == 27 && next == 27)
		ungetch(next);
	return key;
}

/* Whether key is one of the keymap's (0-terminated) keys. */
static bool ui_key_in(const int keys[SETTINGS_MAX_KEYS], int key)
{
	for (int i = 0; i < SETTINGS_MAX_KEYS && keys[i]; i++)
		if (keys[i] == key)
			return true;
	return false;
}

/* A keypad key with NumLock off, as the digit printed on it: a keypad-only
 * citizen cannot see or feel the NumLock light. */
static int ui_keypad_digit(int key)
{
	switch (key) {
	case KEY_IC: return '0';
	case KEY_END: case KEY_C1: return '1';
	case KEY_DOWN: return '2';
	case KEY_NPAGE: case KEY_C3: return '3';
	case KEY_LEFT: return '4';
	case KEY_B2: return '5';
	case KEY_RIGHT: return '6';
	case KEY_HOME: case KEY_A1: return '7';
	case KEY_UP: return '8';
	case KEY_PPAGE: case KEY_A3: return '9';
	default: return key;
	}
}

/* Enter, erase and Esc as the screens know them; other keys as they are.
 * The keypad's '.' erases (NumLock off it is Delete anyway). */
static int ui_normal_key(int key)
{
	switch (key) {
	case '\r': case '\n': case KEY_ENTER:
		return SK_ENTER;
	case KEY_BACKSPACE: case 127: case 8: case KEY_DC: case '.':
		return SK_ERASE;
	case 27:
		return SK_ESC;
	default:
		return key;
	}
}

/* The same key again within keys.same_key_ms: a key held down (auto-
 * repeat) or struck twice by a shaking hand, not meant twice (EN 301 549
 * 5.7, 5.8). Each repeat extends the window: a held key types once. */
static bool ui_repeated(struct ui *u, int key)
{
	long long now = mono_ms();
	bool again = key == u->last_key &&
	             now - u->last_key_ms < u->set->same_key_ms;

	u->last_key = key;
	u->last_key_ms = now;
	return again;
}

/* What a key means now. */
struct fsm_event ui_key(struct ui *u, const struct app *a, int key)
{
	const struct screen *sc = screen_of(a);
	struct fsm_event e;

	if (key == KEY_RESIZE)
		return scr_ev(EV_RESIZE, 0);
	if (u->set->keypad_nav_digits)
		key = ui_keypad_digit(key);
	if (u->set->same_key_ms > 0 && ui_repeated(u, key))
		return scr_ev(EV_NONE, 0);
	if (ui_key_in(u->set->key_speech, key))
		return scr_ev(EV_SPEECH, 0);
	if (ui_key_in(u->set->key_volume, key))
		return scr_ev(EV_VOLUME, 0);
	if (ui_key_in(u->set->key_language, key))
		return scr_ev(EV_LANG, 0);
	if (ui_key_in(u->set->key_staff, key))
		return scr_ev(EV_STAFF, 0);
	if (ui_key_in(u->set->key_more_time, key))
		return scr_ev(EV_MORE_TIME, 0);
	if (u->too_small)
		return scr_ev(EV_NONE, 0);   /* nobody can see what they press */
	u->scr.app = a;
	key = ui_normal_key(key);
	e = sc->key(&u->scr, key);
	/* erase where there is nothing to erase goes back, as Esc: a keypad
	 * has no Esc */
	if (e.ev == EV_NONE && key == SK_ERASE)
		e = sc->key(&u->scr, SK_ESC);
	return e;
}

/* A new state: its screen starts. */
void ui_show(struct ui *u, const struct app *a, enum fsm_state st)
{
	const struct screen *sc = screen_for(st);

	u->shown = st;
	u->scr.app = a;
	if (sc->enter)
		sc->enter(&u->scr);
}

/* Another language. */
void ui_lang(struct ui *u, int index)
{
	u->lang = index;
}

/* The terminal changed size. */
void ui_resize(struct ui *u)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
	ui_layout(u, u->hint_rows, u->demo_rows);
	clearok(curscr, TRUE);
}

/* The service screen's facts. */
void ui_diag(struct ui *u, const struct diag *d)
{
	u->diag = d;
}

/* What the demo line shows (drawn in the current language). */
void ui_demo(struct ui *u, const struct card_demo_line *d)
{
	u->demo_on = true;
	u->demo_info = *d;
	snprintf(u->demo_code, sizeof u->demo_code, "%s", d->code ? d->code : "");
	u->demo_info.code = u->demo_code;
}

/* Whether the ASCII look is used. */
bool ui_ascii(const struct ui *u)
{
	return u->look.ascii;
}

/* Whether the terminal is too small to show the screen. */
bool ui_too_small(const struct ui *u)
{
	return u->too_small;
}

/* The transcript of the last full draw. */
const struct said *ui_said(const struct ui *u)
{
	return &u->said;
}

/* The terminal's bell. */
void ui_alert(struct ui *u)
{
	(void)u;
	beep();
}

/* Show everything staged. */
void ui_flush(struct ui *u)
{
	doupdate();
}
