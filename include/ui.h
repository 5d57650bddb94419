/* ui.h - the kiosk's screen: windows and layout, translating keys into
 * state machine events, full draws and countdown-only ticks. Drawing is
 * staged with wnoutrefresh; the loop calls ui_flush (one doupdate) once per
 * pass. Starts after tty_start. */
#ifndef EIDKIOSK_UI_H
#define EIDKIOSK_UI_H

#include <stdbool.h>
#include "app.h"
#include "diag.h"
#include "lang.h"
#include "settings.h"
#include "theme.h"

#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

struct ui;

/* Windows, colours and the ASCII decision (settings.ascii, locale). The
 * langs array (settings order) and the themes (the site's, and the high
 * contrast a citizen can switch to: app.contrast) must outlive the ui. */
struct ui *ui_new(const struct settings *set, const struct lang *langs,
                  const struct theme themes[2]);
void ui_free(struct ui *u);

/* The next key (wgetch, non-blocking), or ERR. */
int ui_getkey(struct ui *u);

/* The event a key means on the current screen: global keys (language,
 * staff, resize) first, then the screen's own. EV_NONE: nothing. */
struct fsm_event ui_key(struct ui *u, const struct app *a, int key);

/* A state was entered: its screen starts. */
void ui_show(struct ui *u, const struct app *a, enum fsm_state st);

/* The language changed. */
void ui_lang(struct ui *u, int index);

/* The terminal size changed: new layout, everything drawn again. */
void ui_resize(struct ui *u);

/* Stage a full draw / only the countdown. */
void ui_draw(struct ui *u, const struct app *a);
void ui_tick(struct ui *u, const struct app *a);

/* One doupdate for everything staged. */
void ui_flush(struct ui *u);

/* The demo line under the body (eidkiosk --demo): its keys and the card
 * service's facts in words. */
void ui_demo(struct ui *u, const struct card_demo_line *d);

/* The facts the staff service screen shows (kept by the caller). */
void ui_diag(struct ui *u, const struct diag *d);

/* Whether the ASCII look is used (for tests and the demo line). */
bool ui_ascii(const struct ui *u);

/* Whether the terminal is too small to show the screen ("make the window
 * larger" is shown instead). */
bool ui_too_small(const struct ui *u);

/* What the last full draw showed, for speech (widgets.h: struct said). */
const struct said *ui_said(const struct ui *u);

/* A tone: the terminal's bell, sent with the next flush. */
void ui_alert(struct ui *u);

#endif
