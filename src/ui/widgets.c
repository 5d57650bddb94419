/* widgets.c - drawing the screen's pieces into curses windows. Everything
 * goes through the theme's roles (colour or mono attributes) and, on an
 * ASCII-only terminal, through text_fold_ascii and ASCII line drawing. */
#include "build-config.h"
#include <stdio.h>
#include <string.h>
#include "widgets.h"

#define WG_TEXT_MAX 2048
#define WG_LINES_MAX 64

/* Set the role's look on w. */
void wg_role(WINDOW *w, const struct ui_look *lk, enum theme_role role)
{
	short pair = 0;
	attr_t at = theme_attr(lk->theme, role, lk->color, &pair);

	wattr_set(w, at, pair, NULL);
}

/* The text as this terminal shows it: folded to ASCII when needed. */
static const char *wg_prepare(const struct ui_look *lk, const char *text,
                              char *buf, size_t bufsz)
{
	if (!lk->ascii)
		return text;
	text_fold_ascii(text, buf, bufsz);
	return buf;
}

/* Spaces from x to x + width - 1 in the current attributes. */
static void wg_blank(WINDOW *w, int y, int x, int width)
{
	if (width > 0)
		mvwprintw(w, y, x, "%*s", width, "");
}

/* One line, cut to width. */
void wg_line(WINDOW *w, const struct ui_look *lk, int y, int x, int width,
             const char *text, enum theme_role role)
{
	char buf[WG_TEXT_MAX];
	const char *s = wg_prepare(lk, text, buf, sizeof buf);

	if (width <= 0)
		return;
	wg_role(w, lk, role);
	mvwaddnstr(w, y, x, s, (int)text_fit(s, width));
	wg_role(w, lk, ROLE_NORMAL);
}

/* Rows wrapped text takes. */
int wg_text_rows(const struct ui_look *lk, int width, const char *text)
{
	char buf[WG_TEXT_MAX];
	struct wrap_line l[1];

	return text_wrap(wg_prepare(lk, text, buf, sizeof buf), width, l, 0);
}

/* A line of the transcript: flag, text, newline; nothing when full. */
void said_add(struct said *s, const char *text)
{
	size_t n = strlen(text);
	bool priv = s->priv;

	s->priv = false;
	if (!n || s->len + n + 2 >= sizeof s->text)
		return;
	s->text[s->len++] = priv ? 'P' : '-';
	memcpy(s->text + s->len, text, n);
	s->len += n;
	s->text[s->len++] = '\n';
	s->text[s->len] = '\0';
}

/* Tell the transcript, if one is kept. */
static void wg_said(const struct ui_look *lk, const char *text)
{
	if (lk->said)
		said_add(lk->said, text);
}

/* Wrapped text from row y, without telling the transcript. */
static int wg_text_only(WINDOW *w, const struct ui_look *lk, int y, int x,
                        int width, int maxrows, const char *text,
                        enum theme_role role)
{
	char buf[WG_TEXT_MAX];
	struct wrap_line l[WG_LINES_MAX];
	const char *s = wg_prepare(lk, text, buf, sizeof buf);
	int n = text_wrap(s, width, l, WG_LINES_MAX);

	if (n > WG_LINES_MAX)
		n = WG_LINES_MAX;
	if (n > maxrows)
		n = maxrows < 0 ? 0 : maxrows;
	wg_role(w, lk, role);
	for (int i = 0; i < n; i++)
		mvwaddnstr(w, y + i, x, s + l[i].off, (int)l[i].len);
	wg_role(w, lk, ROLE_NORMAL);
	return n;
}

/* Wrapped text from row y. */
int wg_text(WINDOW *w, const struct ui_look *lk, int y, int x, int width,
            int maxrows, const char *text, enum theme_role role)
{
	wg_said(lk, text);
	return wg_text_only(w, lk, y, x, width, maxrows, text, role);
}

/* Numbered menu, one item per row (items wrap under their text). */
int wg_menu(WINDOW *w, const struct ui_look *lk, int y, int x, int width,
            const char *const items[], int n, int mark)
{
	int rows = 0;
	char num[8], said[WG_TEXT_MAX];

	for (int i = 0; i < n && i < 9; i++) {
		enum theme_role r = i == mark ? ROLE_MENU_SELECTED : ROLE_MENU;
		snprintf(num, sizeof num, "%c %d  ", i == mark ? '>' : ' ', i + 1);
		snprintf(said, sizeof said, "%d: %s.", i + 1, items[i]);
		wg_said(lk, said);
		wg_line(w, lk, y + rows, x, 6, num, r);
		rows += wg_text_only(w, lk, y + rows, x + 6, width - 6, 3, items[i],
		                     r);
	}
	return rows;
}

/* Masked field: the length is all this function ever learns. */
void wg_field(WINDOW *w, const struct ui_look *lk, int y, int x,
              const char *label, size_t len, int cap)
{
	int lw, slots = (int)len > cap ? (int)len : cap;
	char buf[WG_TEXT_MAX];
	const char *s = wg_prepare(lk, label, buf, sizeof buf);

	wg_said(lk, label);
	lw = text_width(s, strlen(s));
	wg_line(w, lk, y, x, lw, s, ROLE_NORMAL);
	x += lw + 2;
	wg_role(w, lk, ROLE_FIELD);
	mvwaddch(w, y, x, ' ');
	for (int i = 0; i < slots; i++) {
		waddch(w, i < (int)len ? '*' : '_');
		waddch(w, ' ');
	}
	wg_role(w, lk, ROLE_NORMAL);
}

/* Countdown: [bar] seconds, with a "!!" marker in the urgent seconds. */
void wg_countdown(WINDOW *w, const struct ui_look *lk, int left, int total,
                  const char *text)
{
	bool urgent = countdown_urgent(left);
	enum theme_role role = urgent ? ROLE_COUNTDOWN_URGENT : ROLE_COUNTDOWN;
	char label[160];
	int width = getmaxx(w), lw, cells, fill;

	snprintf(label, sizeof label, urgent ? "!! %s !!" : "%s", text);
	lw = text_width(label, strlen(label));
	cells = width - lw - 3;
	if (cells > 30)
		cells = 30;
	fill = countdown_fill(left, total, cells);
	werase(w);
	wg_role(w, lk, role);
	mvwaddch(w, 0, 0, '[');
	for (int i = 0; i < cells; i++) {
		if (lk->ascii)
			waddch(w, i < fill ? '#' : '-');
		else
			waddstr(w, i < fill ? "\u2588" : "\u2591");
	}
	waddch(w, ']');
	waddch(w, ' ');
	wg_line(w, lk, 0, cells + 3, width - cells - 3, label, role);
}

/* The frame's pieces: corners, horizontal, vertical. Unicode box drawing
 * is written as text, not through the terminal's alternate character set,
 * so it looks the same everywhere UTF-8 works (and in screen captures). */
struct wg_frame_chars {
	const char *tl, *tr, *bl, *br, *h, *v;
};

/* A horizontal run of one piece. */
static void wg_hrun(WINDOW *w, int y, int x, int n, const char *piece)
{
	wmove(w, y, x);
	for (int i = 0; i < n; i++)
		waddstr(w, piece);
}

/* A frame from (y, x), h rows by wd columns. */
static void wg_frame(WINDOW *w, const struct ui_look *lk, int y, int x,
                     int h, int wd)
{
	static const struct wg_frame_chars ascii = {
		"+", "+", "+", "+", "-", "|"
	}, box = {
		"\u250c", "\u2510", "\u2514", "\u2518", "\u2500", "\u2502"
	};
	const struct wg_frame_chars *f = lk->ascii ? &ascii : &box;

	wg_role(w, lk, ROLE_FRAME);
	mvwaddstr(w, y, x, f->tl);
	wg_hrun(w, y, x + 1, wd - 2, f->h);
	waddstr(w, f->tr);
	for (int r = 1; r < h - 1; r++) {
		mvwaddstr(w, y + r, x, f->v);
		mvwaddstr(w, y + r, x + wd - 1, f->v);
	}
	mvwaddstr(w, y + h - 1, x, f->bl);
	wg_hrun(w, y + h - 1, x + 1, wd - 2, f->h);
	waddstr(w, f->br);
	wg_role(w, lk, ROLE_NORMAL);
}

/* A framed box of paragraphs, centred; the title in the title role. */
int wg_box(WINDOW *w, const struct ui_look *lk, int y, const char *title,
           const char *const lines[], int n, enum theme_role role)
{
	int wd = getmaxx(w) - 4, x, h = 2, row, inner;

	if (wd > 70)
		wd = 70;
	inner = wd - 4;
	x = (getmaxx(w) - wd) / 2;
	if (title)
		h += wg_text_rows(lk, inner, title) + 1;
	for (int i = 0; i < n; i++)
		h += wg_text_rows(lk, inner, lines[i]) + (i + 1 < n);
	if (y + h > getmaxy(w))
		h = getmaxy(w) - y;
	if (h < 3 || inner < 4)
		return 0;
	wg_frame(w, lk, y, x, h, wd);
	row = y + 1;
	if (title)
		row += wg_text(w, lk, row, x + 2, inner, y + h - 1 - row, title,
		               ROLE_TITLE) + 1;
	for (int i = 0; i < n && row < y + h - 1; i++)
		row += wg_text(w, lk, row, x + 2, inner, y + h - 1 - row, lines[i],
		               role) + 1;
	return h;
}

#define WG_GAP 3

/* Lay parts out in rows, whole parts only, WG_GAP columns apart: row[i]
 * and col[i] of each part. Returns the rows used. */
static int wg_parts_layout(const struct ui_look *lk, int width,
                           const char *const parts[], int n, int row[],
                           int col[])
{
	char buf[WG_TEXT_MAX];
	int r = 0, x = 0, w;

	for (int i = 0; i < n; i++) {
		const char *s = wg_prepare(lk, parts[i], buf, sizeof buf);
		w = text_width(s, strlen(s));
		if (x > 0 && x + WG_GAP + w > width) {
			r++;
			x = 0;
		}
		if (x > 0)
			x += WG_GAP;
		row[i] = r;
		col[i] = x;
		x += w;
	}
	return n > 0 ? r + 1 : 0;
}

/* Rows the parts take at width. */
int wg_parts_rows(const struct ui_look *lk, int width,
                  const char *const parts[], int n)
{
	int row[WG_LINES_MAX], col[WG_LINES_MAX];

	if (n > WG_LINES_MAX)
		n = WG_LINES_MAX;
	return wg_parts_layout(lk, width, parts, n, row, col);
}

/* Parts from (y, x), never split, cut at width, at most maxrows rows. */
void wg_parts(WINDOW *w, const struct ui_look *lk, int y, int x, int width,
              int maxrows, const char *const parts[], int n,
              enum theme_role role)
{
	int row[WG_LINES_MAX], col[WG_LINES_MAX];

	if (n > WG_LINES_MAX)
		n = WG_LINES_MAX;
	wg_parts_layout(lk, width, parts, n, row, col);
	for (int i = 0; i < n; i++)
		if (row[i] < maxrows)
			wg_line(w, lk, y + row[i], x + col[i], width - col[i], parts[i],
			        role);
}

/* Rows the hints take at width (one or two). */
int wg_hints_rows(const struct ui_look *lk, int width,
                  const char *const hints[], int n)
{
	int rows = wg_parts_rows(lk, width - 2, hints, n);

	return rows < 1 ? 1 : rows > 2 ? 2 : rows;
}

/* The key hints bar, the full width of its window. */
void wg_hints(WINDOW *w, const struct ui_look *lk, const char *const hints[],
              int n)
{
	int rows = getmaxy(w), width = getmaxx(w);

	for (int i = 0; i < n; i++)
		wg_said(lk, hints[i]);
	wg_role(w, lk, ROLE_HINT);
	for (int r = 0; r < rows; r++)
		wg_blank(w, r, 0, width);
	wg_parts(w, lk, 0, 1, width - 2, rows, hints, n, ROLE_HINT);
	wg_role(w, lk, ROLE_NORMAL);
}
