/* theme.c - themes/<name>.theme: colours and attributes for each role of
 * text on screen. Loading is plain data (testable without a terminal); only
 * theme_init_pairs talks to curses. */
#include "build-config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libconfig.h>
#include "conf_file.h"
#include "confcheck.h"
#include "theme.h"

static const char *const role_names[ROLE_COUNT] = {
	THEME_ROLE_LIST(XLIST_NAME)
};

/* Colour names: curses numbers 0..7, bright- variants 8..15. */
static const char *const colour_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const char *const attr_names[] = {
	"bold", "reverse", "underline", "dim", "blink",
};
#define NATTRS (int)(sizeof attr_names / sizeof attr_names[0])

#define B THEME_BOLD
#define R THEME_REVERSE
#define U THEME_UNDERLINE

/* The built-in look, the same as themes/default.theme. */
static const struct theme_style builtin[ROLE_COUNT] = {
	[ROLE_NORMAL]           = { -1, -1, 0, 0 },
	[ROLE_TITLE]            = { 14, -1, B, B },
	[ROLE_HINT]             = { 0, 6, 0, R },
	[ROLE_WARNING]          = { 11, -1, B, B },
	[ROLE_ERROR]            = { 9, -1, B, B | U },
	[ROLE_SUCCESS]          = { 10, -1, B, B },
	[ROLE_COUNTDOWN]        = { -1, -1, 0, 0 },
	[ROLE_COUNTDOWN_URGENT] = { 15, 1, B, B | R },
	[ROLE_FIELD]            = { 0, 7, B, B | U },
	[ROLE_MENU]             = { -1, -1, 0, 0 },
	[ROLE_MENU_SELECTED]    = { 0, 6, B, B | R },
	[ROLE_FRAME]            = { 4, -1, 0, 0 },
	[ROLE_STATUS]           = { 0, 7, 0, R },
};

/* The name of a role in theme files. */
const char *theme_role_name(enum theme_role r)
{
	return XLIST_LOOKUP(role_names, r, "?");
}

/* Fill t with the built-in theme. */
void theme_builtin(struct theme *t)
{
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "default");
	snprintf(t->title, sizeof t->title, "Default");
	memcpy(t->role, builtin, sizeof builtin);
}

/* The curses number of a colour name, -1 for "default", -2 if unknown. */
static int theme_colour(const char *name)
{
	const char *base = name;
	int bright = 0;

	if (strcmp(name, "default") == 0)
		return -1;
	if (strncmp(name, "bright-", 7) == 0) {
		base = name + 7;
		bright = 8;
	}
	for (int i = 0; i < 8; i++)
		if (strcmp(base, colour_names[i]) == 0)
			return i + bright;
	return -2;
}

/* One load in progress. */
struct tload {
	struct theme *t;
	struct conf_problems p;
	const char *path;
};

/* Report an unknown name, suggesting the nearest of cands. */
static void theme_unknown(struct tload *tl, int line, const char *what,
                          const char *name, const char *const *cands, int n)
{
	const char *best = conf_suggest(name, cands, (size_t)n);

	if (best)
		conf_problem_add(&tl->p, tl->path, line, "unknown %s \"%s\" (did "
		                 "you mean \"%s\"?)", what, name, best);
	else
		conf_problem_add(&tl->p, tl->path, line, "unknown %s \"%s\"", what,
		                 name);
}

/* Read a colour: "default", a name, or bright-name. */
static void theme_read_colour(struct tload *tl, const config_setting_t *m,
                              const char *role, short *out)
{
	const char *v = config_setting_get_string(m);
	int line = (int)config_setting_source_line(m), c;

	if (!v) {
		conf_problem_add(&tl->p, tl->path, line, "%s.%s must be a colour "
		                 "name in quotes, like \"white\"", role,
		                 config_setting_name(m));
		return;
	}
	if ((c = theme_colour(v)) == -2) {
		theme_unknown(tl, line, "colour", v, colour_names, 8);
		return;
	}
	*out = (short)c;
}

/* Read a list of attribute names into bits. */
static void theme_read_attrs(struct tload *tl, const config_setting_t *m,
                             const char *role, unsigned *out)
{
	int n = config_setting_length(m), line = (int)config_setting_source_line(m);
	unsigned bits = 0, bad = 0;

	if (!config_setting_is_array(m) && !config_setting_is_list(m)) {
		conf_problem_add(&tl->p, tl->path, line, "%s.%s must be a list like "
		                 "[\"bold\", \"reverse\"]", role, config_setting_name(m));
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *v = config_setting_get_string_elem(m, i);
		int a = 0;
		while (v && a < NATTRS && strcmp(v, attr_names[a]) != 0)
			a++;
		if (!v || a == NATTRS) {
			theme_unknown(tl, line, "attribute", v ? v : "?", attr_names,
			              NATTRS);
			bad = 1;
		} else {
			bits |= 1u << a;
		}
	}
	if (!bad)
		*out = bits;
}

/* Read one role = { fg; bg; attrs; mono; } group. */
static void theme_read_role(struct tload *tl, const config_setting_t *g,
                            enum theme_role r)
{
	static const char *const keys[] = { "fg", "bg", "attrs", "mono" };
	struct theme_style *st = &tl->t->role[r];
	int n = config_setting_length(g);

	if (!config_setting_is_group(g)) {
		conf_problem_add(&tl->p, tl->path, (int)config_setting_source_line(g),
		    "%s must be a group like { fg = \"white\"; bg = \"black\"; }",
		    role_names[r]);
		return;
	}
	for (int i = 0; i < n; i++) {
		config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
		const char *k = config_setting_name(m);
		if (strcmp(k, "fg") == 0)
			theme_read_colour(tl, m, role_names[r], &st->fg);
		else if (strcmp(k, "bg") == 0)
			theme_read_colour(tl, m, role_names[r], &st->bg);
		else if (strcmp(k, "attrs") == 0)
			theme_read_attrs(tl, m, role_names[r], &st->attrs);
		else if (strcmp(k, "mono") == 0)
			theme_read_attrs(tl, m, role_names[r], &st->mono);
		else
			theme_unknown(tl, (int)config_setting_source_line(m), "setting",
			              k, keys, 4);
	}
	if (st->fg == st->bg && st->fg >= 0)
		conf_problem_add(&tl->p, tl->path, (int)config_setting_source_line(g),
		    "%s: fg and bg are the same colour, so the text would be "
		    "invisible", role_names[r]);
}

/* Read the roles = { ... } group. */
static void theme_read_roles(struct tload *tl, const config_setting_t *g)
{
	int n = config_setting_length(g);

	for (int i = 0; i < n; i++) {
		config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
		const char *k = config_setting_name(m);
		int r = 0;
		while (r < ROLE_COUNT && strcmp(k, role_names[r]) != 0)
			r++;
		if (r == ROLE_COUNT)
			theme_unknown(tl, (int)config_setting_source_line(m), "role", k,
			              role_names, ROLE_COUNT);
		else
			theme_read_role(tl, m, (enum theme_role)r);
	}
}

/* Walk the top level: title and roles. */
static void theme_read_root(struct tload *tl, const config_t *cfg)
{
	static const char *const keys[] = { "title", "roles" };
	config_setting_t *root = config_root_setting(cfg);
	int n = config_setting_length(root);

	for (int i = 0; i < n; i++) {
		config_setting_t *m = config_setting_get_elem(root, (unsigned)i);
		const char *k = config_setting_name(m);
		int line = (int)config_setting_source_line(m);
		if (strcmp(k, "title") == 0 && config_setting_get_string(m))
			snprintf(tl->t->title, sizeof tl->t->title, "%s",
			         config_setting_get_string(m));
		else if (strcmp(k, "title") == 0)
			conf_problem_add(&tl->p, tl->path, line, "title must be text");
		else if (strcmp(k, "roles") == 0 && config_setting_is_group(m))
			theme_read_roles(tl, m);
		else if (strcmp(k, "roles") == 0)
			conf_problem_add(&tl->p, tl->path, line,
			                 "roles must be a group: roles = { ... };");
		else
			theme_unknown(tl, line, "setting", k, keys, 2);
	}
}

/* Set t->name from the file name without directory and ".theme". */
static void theme_set_name(struct theme *t, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 6 && strcmp(base + n - 6, ".theme") == 0)
		n -= 6;
	snprintf(t->name, sizeof t->name, "%.*s", (int)n, base);
}

/* Load a theme file over the built-in theme. */
int theme_load(struct theme *t, const char *path, char **cause)
{
	struct tload tl = { t, { 0 }, path };
	config_t cfg;

	theme_builtin(t);
	theme_set_name(t, path);
	config_init(&cfg);
	if (conf_file_load(&cfg, path, &tl.p) == 0)
		theme_read_root(&tl, &cfg);
	config_destroy(&cfg);
	return conf_problems_finish(&tl.p, cause);
}

/* Load <dir>/<name>.theme. */
int theme_load_name(struct theme *t, const char *dir, const char *name,
                    char **cause)
{
	char path[512];

	snprintf(path, sizeof path, "%s/%s.theme", dir, name);
	return theme_load(t, path, cause);
}

/* Map THEME_* bits to curses attributes. */
static attr_t theme_bits(unsigned bits)
{
	attr_t a = A_NORMAL;

	if (bits & THEME_BOLD)
		a |= A_BOLD;
	if (bits & THEME_REVERSE)
		a |= A_REVERSE;
	if (bits & THEME_UNDERLINE)
		a |= A_UNDERLINE;
	if (bits & THEME_DIM)
		a |= A_DIM;
	if (bits & THEME_BLINK)
		a |= A_BLINK;
	return a;
}

/* Attributes and pair for a role (see theme.h). */
attr_t theme_attr(const struct theme *t, enum theme_role r, bool has_color,
                  short *pair)
{
	const struct theme_style *st = &t->role[(unsigned)r < ROLE_COUNT ? r : 0];

	/* a role in the terminal's own colours needs no pair: text in it
	 * costs no colour changes on the wire */
	if (pair)
		*pair = has_color && (st->fg >= 0 || st->bg >= 0) ? (short)(r + 1)
		                                                  : 0;
	return theme_bits(has_color ? st->attrs : st->mono);
}

/* A colour the terminal has: bright ones fold to the base colour on
 * 8-colour terminals, and "default" to black/white without default colours. */
static short theme_fold(short c, bool have_default, short fallback)
{
	if (c < 0)
		return have_default ? -1 : fallback;
	return c >= COLORS ? (short)(c % 8) : c;
}

/* Create one colour pair per role (the only curses calls in this file). */
bool theme_init_pairs(const struct theme *t)
{
	bool dflt;

	if (!has_colors() || COLOR_PAIRS <= ROLE_COUNT)
		return false;
	dflt = use_default_colors() == OK;
	for (int r = 0; r < ROLE_COUNT; r++)
		init_pair((short)(r + 1),
		          theme_fold(t->role[r].fg, dflt, COLOR_WHITE),
		          theme_fold(t->role[r].bg, dflt, COLOR_BLACK));
	return true;
}
