/* theme.h - what each kind of text on screen looks like: roles map to colours
 * and attributes from themes/<name>.theme (libconfig), with a fallback made
 * of attributes only for terminals without colour. Only theme_init_pairs
 * touches curses state; the loader is plain data. */
#ifndef EIDKIOSK_THEME_H
#define EIDKIOSK_THEME_H

#include <stdbool.h>
#include <curses.h>
#include "xlist.h"

/* The kinds of text on screen, and their names in theme files
 * (theme_role_name). */
#define THEME_ROLE_LIST(X) \
	X(ROLE_NORMAL, "normal")          /* body text */ \
	X(ROLE_TITLE, "title")            /* screen title */ \
	X(ROLE_HINT, "hint")              /* key hints bar, help lines */ \
	X(ROLE_WARNING, "warning")        /* last try, PIN2 same as PIN1 */ \
	/* wrong code, card locked, rule broken */ \
	X(ROLE_ERROR, "error") \
	X(ROLE_SUCCESS, "success")        /* done screens, chain OK */ \
	X(ROLE_COUNTDOWN, "countdown")    /* countdown number and bar */ \
	/* the last 10 seconds */ \
	X(ROLE_COUNTDOWN_URGENT, "countdown_urgent") \
	X(ROLE_FIELD, "field")            /* the masked code field */ \
	X(ROLE_MENU, "menu")              /* menu items */ \
	/* the highlighted menu item */ \
	X(ROLE_MENU_SELECTED, "menu_selected") \
	X(ROLE_FRAME, "frame")            /* borders and separators */ \
	/* top status line: site, language, step */ \
	X(ROLE_STATUS, "status")

enum theme_role { THEME_ROLE_LIST(XLIST_ENUM) ROLE_COUNT };

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
