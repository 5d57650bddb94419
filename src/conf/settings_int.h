/* settings_int.h - private to src/conf/settings*.c: the settings table and
 * the state of one load, shared by the table walker and the value readers. */
#ifndef EIDKIOSK_SETTINGS_INT_H
#define EIDKIOSK_SETTINGS_INT_H

#include <stddef.h>
#include <libconfig.h>
#include "confcheck.h"
#include "settings.h"

enum set_type {
	SET_STR,     /* free text */
	SET_PATH,    /* file name; relative = from the settings file's directory */
	SET_NAME,    /* letters, digits, - _ . (theme, group) */
	SET_INT,
	SET_BOOL,
	SET_LANG,    /* "fi" */
	SET_LANGS,   /* ["fi", "sv"] */
	SET_INTS,    /* [7, 8] */
	SET_KEYS,    /* ["/", "F2"] */
	SET_ASCII,   /* "auto", "always", "never" */
};

struct setting_def {
	const char *name;      /* "timeouts.idle" */
	enum set_type type;
	int min, max;          /* value range; list: element range or count */
	const char *dflt;      /* as text; lists separated by spaces */
	size_t off, size;      /* the field in struct settings */
	size_t count_off;      /* SET_LANGS, SET_INTS: the int counting them */
};

#define SETTINGS_NDEFS_MAX 64

struct sload {
	struct settings *s;
	struct conf_problems p;
	const char *path;          /* the settings file, as given */
	char dir[256];             /* its directory */
	int seen[SETTINGS_NDEFS_MAX];  /* line where each setting was given */
};

const struct setting_def *settings_table(size_t *n);
const struct setting_def *settings_find(const char *name);
int setting_line(const config_setting_t *m);
void setting_default(struct settings *s, const struct setting_def *d);
void setting_read(struct sload *sl, const struct setting_def *d,
                  const config_setting_t *m);
void settings_cross_check(struct sload *sl);
/* Curses key code for a keymap name, 0 when unknown, -1 when reserved. */
int settings_key_code(const char *name);

#endif
