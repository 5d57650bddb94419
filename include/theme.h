/* theme.h - what each kind of text on screen looks like: roles map to colours
 * and attributes from themes/<name>.theme (libconfig), with a fallback made
 * of attributes only for terminals without colour. Only theme_init_pairs
 * touches curses state; the loader is plain data. */
#ifndef EIDKIOSK_THEME_H
#define EIDKIOSK_THEME_H

#include <stdbool.h>
#include <curses.h>

enum theme_role {
	ROLE_NORMAL,            /* body text */
	ROLE_TITLE,             /* screen title */
	ROLE_HINT,              /* key hints bar, help lines */
	ROLE_WARNING,           /* last try, PIN2 same as PIN1 */
	ROLE_ERROR,             /* wrong code, card locked, rule broken */
	ROLE_SUCCESS,           /* done screens, chain OK */
	ROLE_COUNTDOWN,         /* countdown number and bar */
	ROLE_COUNTDOWN_URGENT,  /* the last 10 seconds */
	ROLE_FIELD,             /* the masked code field */
	ROLE_MENU,              /* menu items */
	ROLE_MENU_SELECTED,     /* the highlighted menu item */
	ROLE_FRAME,             /* borders and separators */
	ROLE_STATUS,            /* top status line: site, language, step */
	ROLE_COUNT
};

/* Attribute bits in theme files (mapped to A_* by theme_attr). */
enum {
	THEME_BOLD = 1 << 0,
	THEME_REVERSE = 1 << 1,
	THEME_UNDERLINE = 1 << 2,
	THEME_DIM = 1 << 3,
	THEME_BLINK = 1 << 4,
};

struct theme_style {
	short fg, bg;           /* curses colour numbers 0..15, -1 = default */
	unsigned attrs;         /* THEME_* with colours */
	unsigned mono;          /* THEME_* without colours */
};

struct theme {
	char name[32];          /* file name without .theme */
	char title[64];         /* human name from the file */
	struct theme_style role[ROLE_COUNT];
};

/* The built-in theme (used when nothing is loaded): same as default.theme. */
void theme_builtin(struct theme *t);

/* Load a theme file over the built-in one. Roles the file leaves out take
 * the built-in values. On error returns -1 with *cause (malloc'd), one
 * "file:line: message" per line for every problem. */
int theme_load(struct theme *t, const char *path, char **cause);

/* Load <dir>/<name>.theme. */
int theme_load_name(struct theme *t, const char *dir, const char *name,
                    char **cause);

/* The role's name in theme files ("countdown_urgent"). */
const char *theme_role_name(enum theme_role r);

/* What to pass to wattr_set(win, attr, *pair, NULL) for a role: with colour,
 * the role's attributes and colour pair (role + 1); without, only the mono
 * attributes and pair 0. */
attr_t theme_attr(const struct theme *t, enum theme_role r, bool has_color,
                  short *pair);

/* Set up the colour pairs (init_pair) when has_colors(); call after
 * start_color(). Returns whether colours are in use. */
bool theme_init_pairs(const struct theme *t);

#endif
