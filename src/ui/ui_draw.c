/* ui_draw.c - a full draw of the current screen (status line, body, demo
 * line, key hints, countdown) and the countdown-only tick. Everything is
 * staged with wnoutrefresh; ui_flush shows it with one doupdate. */
#include "build-config.h"
#include <stdio.h>
#include <string.h>
#include "ui_int.h"

#define UI_MARGIN 2
#define UI_TEXT_MAX 76   /* the text's width at 80 columns, and at most */

/* "Please make the window larger", wrapped to whatever room there is. */
static void ui_draw_small(struct ui *u)
{
	const struct lang *l = &u->langs[u->lang];
	static const char *const keys[] = { "cols", "rows", NULL };
	char c[8], r[8], text[512];
	const char *vals[3] = { c, r, NULL };
	int rows;

	snprintf(c, sizeof c, "%d", UI_MIN_COLS);
	snprintf(r, sizeof r, "%d", UI_MIN_ROWS);
	lang_format(lang_get(l, MSG_WINDOW_TOO_SMALL), keys, vals, text,
	            sizeof text);
	werase(u->small);
	rows = wg_text_rows(&u->look, u->cols, text);
	wg_text(u->small, &u->look, (u->rows - rows) / 2 > 0 ?
	        (u->rows - rows) / 2 : 0, 0, u->cols, u->rows, text, ROLE_ERROR);
	wnoutrefresh(u->small);
}

/* The status line: program and site on the left; step and language on
 * the right, so staff can see at a glance where the citizen is. */
static void ui_draw_status(struct ui *u, const struct app *a)
{
	const struct lang *l = &u->langs[u->lang];
	char left[256], right[128], step[96];
	int steps = 0, n = app_step(a, a->fsm.state, &steps), rw;

	snprintf(left, sizeof left, "%s%s%s", lang_get(l, MSG_APP_TITLE),
	         u->set->site_name[0] ? " - " : "", u->set->site_name);
	step[0] = '\0';
	if (n > 0)
		scr_fmt(&u->scr, MSG_STEP_OF, 0, step, sizeof step);
	snprintf(right, sizeof right, "%s%s%s", step, step[0] ? "   " : "",
	         l->name);
	werase(u->status);
	wg_role(u->status, &u->look, ROLE_STATUS);
	mvwprintw(u->status, 0, 0, "%*s", u->cols, "");
	rw = text_width(right, strlen(right));
	wg_line(u->status, &u->look, 0, 1, u->cols - rw - 4, left, ROLE_STATUS);
	wg_line(u->status, &u->look, 0, u->cols - rw - 1, rw, right,
	        ROLE_STATUS);
	wnoutrefresh(u->status);
}

/* Start the transcript again (a body drawn twice tells it once). */
static void ui_said_clear(struct ui *u)
{
	u->said.len = 0;
	u->said.text[0] = '\0';
	u->said.priv = false;
}

/* The body by its screen; returns the hint rows it asks for. */
static int ui_draw_body(struct ui *u, const struct app *a)
{
	struct scr *c = &u->scr;

	memset(c, 0, sizeof *c);
	ui_said_clear(u);
	c->w = u->body;
	c->look = &u->look;
	c->lang = &u->langs[u->lang];
	c->langs = u->langs;
	c->set = u->set;
	c->app = a;
	c->diag = u->diag;
	c->y = 1;
	/* on a large screen the text stays a readable column, centred */
	c->width = u->cols - 2 * UI_MARGIN;
	if (c->width > UI_TEXT_MAX)
		c->width = UI_TEXT_MAX;
	c->x = (u->cols - c->width) / 2;
	c->count_y = -1;
	c->cw = u->count;
	werase(u->body);
	screen_of(a)->draw(c);
	scr_hint_speech(c);
	return wg_hints_rows(&u->look, u->cols, c->hints, c->nhints);
}

/* The countdown window over its row of the body. */
static void ui_draw_count(struct ui *u, const struct app *a)
{
	const struct screen *sc = screen_of(a);

	u->count_shown = false;
	if (u->scr.count_y < 0 || !sc->tick || a->count_total <= 0)
		return;
	mvwin(u->count, 1 + u->scr.count_y, u->scr.x + 2);
	sc->tick(&u->scr);
	wnoutrefresh(u->count);
	u->count_shown = true;
}

struct ui_demo_parts {
	char text[3][160];
	const char *part[3];
	int n;
};

/* The words for each kind of demo card: the messages follow the kinds'
 * order (a kind without its message does not build). */
_Static_assert(MSG_DEMO_STATE_V31 - MSG_DEMO_STATE_NEW == DC_COUNT - 1,
               "one MSG_DEMO_STATE_* per demo card, in card.h's order");

/* One part of the demo line, formatted in the current language. */
static void ui_demo_part(const struct ui *u, struct ui_demo_parts *p,
                         enum msg_id id, const char *key)
{
	const struct lang *l = &u->langs[u->lang];
	static const char *const keys[] = { "key", "state", "code", NULL };
	const char *vals[4] = {
		key, lang_get(l, MSG_DEMO_STATE_NEW + u->demo_info.next),
		u->demo_info.code, NULL
	};

	lang_format(lang_get(l, id), keys, vals, p->text[p->n],
	            sizeof p->text[0]);
	p->part[p->n] = p->text[p->n];
	p->n++;
}

/* The demo line's parts (none without --demo). */
static void ui_demo_parts(const struct ui *u, struct ui_demo_parts *p)
{
	p->n = 0;
	if (!u->demo_on)
		return;
	ui_demo_part(u, p, u->demo_info.card_in ? MSG_DEMO_REMOVE
	                                        : MSG_DEMO_INSERT, "F5");
	ui_demo_part(u, p, MSG_DEMO_NEXT, "F6");
	ui_demo_part(u, p, MSG_DEMO_CODE, "");
}

/* Rows the demo line needs: none, one, or two when it wraps. */
static int ui_demo_rows(const struct ui *u, const struct ui_demo_parts *p)
{
	int rows;

	if (p->n == 0)
		return 0;
	rows = wg_parts_rows(&u->look, u->cols - 2, p->part, p->n);
	return rows < 1 ? 1 : rows > 2 ? 2 : rows;
}

/* Stage the demo line. */
static void ui_draw_demo(struct ui *u, const struct ui_demo_parts *p)
{
	if (!u->demo)
		return;
	werase(u->demo);
	wg_parts(u->demo, &u->look, 0, 1, u->cols - 2, u->demo_rows, p->part,
	         p->n, ROLE_WARNING);
	wnoutrefresh(u->demo);
}

/* The citizen's high-contrast choice: the other theme's colours, and
 * every cell sent again in them. */
static void ui_contrast(struct ui *u, bool on)
{
	if (on == u->contrast)
		return;
	u->contrast = on;
	u->look.theme = &u->themes[on];
	if (u->look.color)
		theme_init_pairs(u->look.theme);
	clearok(curscr, TRUE);
}

/* Stage a full draw. */
static void ui_draw_all(struct ui *u, const struct app *a)
{
	struct ui_demo_parts demo;
	int rows, drows;

	ui_demo_parts(u, &demo);
	drows = ui_demo_rows(u, &demo);
	if (!u->too_small && drows != u->demo_rows)
		ui_layout(u, u->hint_rows, drows);
	if (u->too_small) {
		ui_draw_small(u);
		return;
	}
	rows = ui_draw_body(u, a);
	if (rows != u->hint_rows) {
		ui_layout(u, rows, drows);
		if (u->too_small) {
			ui_draw_small(u);
			return;
		}
		ui_draw_body(u, a);
	}
	/* The key window's cell first, so the status line covers it even
	 * when a resize touched it (wgetch would otherwise repaint it). */
	wnoutrefresh(u->input);
	ui_draw_status(u, a);
	wnoutrefresh(u->body);
	ui_draw_demo(u, &demo);
	werase(u->hint);
	wg_hints(u->hint, &u->look, u->scr.hints, u->scr.nhints);
	wnoutrefresh(u->hint);
	ui_draw_count(u, a);
}

/* A full draw, its text kept for speech: the body and the key hints, or
 * "make the window larger". */
void ui_draw(struct ui *u, const struct app *a)
{
	ui_contrast(u, a->contrast);
	ui_said_clear(u);
	u->look.said = &u->said;
	ui_draw_all(u, a);
	u->look.said = NULL;
}

/* Stage only the countdown: a few cells change each second. */
void ui_tick(struct ui *u, const struct app *a)
{
	const struct screen *sc = screen_of(a);

	if (u->too_small || !u->count_shown || !sc->tick)
		return;
	u->scr.app = a;
	sc->tick(&u->scr);
	wnoutrefresh(u->count);
}
