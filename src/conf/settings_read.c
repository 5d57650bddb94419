/* settings_read.c - reading one setting's value (from the file or from its
 * default text) into struct settings, with a plain message for each kind of
 * mistake, and the checks that span several settings. */
#include "build-config.h"
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "settings_int.h"

#define LIST_MAX 8   /* longest list any setting takes */

static const char *const ascii_names[] = { "auto", "always", "never" };

/* The field of d inside s. */
static void *setting_field(struct settings *s, const struct setting_def *d)
{
	return (char *)s + d->off;
}

/* The line of a setting in its file (0 when unknown). */
int setting_line(const config_setting_t *m)
{
	return m ? (int)config_setting_source_line(m) : 0;
}

/* Whether code is 2 or 3 lowercase letters. */
static bool code_ok(const char *code)
{
	size_t n = strlen(code);

	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)code[i]))
			return false;
	return true;
}

/* Store a list of n tokens (already checked) into the field of d. */
static void setting_store_list(struct settings *s, const struct setting_def *d,
                               const char *const *tok, int n)
{
	char *f = setting_field(s, d);

	if (d->type == SET_KEYS) {
		int *keys = (int *)(void *)f;
		for (int i = 0; i < n; i++)
			keys[i] = settings_key_code(tok[i]);
		keys[n] = 0;
		return;
	}
	for (int i = 0; i < n; i++) {
		if (d->type == SET_LANGS)
			snprintf(f + (size_t)i * 4, 4, "%s", tok[i]);
		else
			((int *)(void *)f)[i] = atoi(tok[i]);
	}
	*(int *)(void *)((char *)s + d->count_off) = n;
}

/* Set d to its default. Defaults are trusted: no checks. */
void setting_default(struct settings *s, const struct setting_def *d)
{
	char *f = setting_field(s, d), copy[64], *save = NULL, *t;
	const char *tok[LIST_MAX];
	int n = 0;

	switch (d->type) {
	case SET_INT:
		*(int *)(void *)f = atoi(d->dflt);
		return;
	case SET_BOOL:
		*(bool *)f = strcmp(d->dflt, "true") == 0;
		return;
	case SET_ASCII:
		for (int i = 0; i < 3; i++)
			if (strcmp(d->dflt, ascii_names[i]) == 0)
				*(enum ascii_mode *)(void *)f = (enum ascii_mode)i;
		return;
	case SET_LANGS: case SET_INTS: case SET_KEYS:
		snprintf(copy, sizeof copy, "%s", d->dflt);
		for (t = strtok_r(copy, " ", &save); t && n < LIST_MAX;
		     t = strtok_r(NULL, " ", &save))
			tok[n++] = t;
		setting_store_list(s, d, tok, n);
		return;
	default:
		snprintf(f, d->size, "%s", d->dflt);
		return;
	}
}

/* Check one text value for its type; returns false after reporting. */
static bool text_ok(struct sload *sl, const struct setting_def *d,
                    const char *v, int line)
{
	size_t n = strlen(v);
	const char *file = sl->path, *name = d->name;

	if (d->min > 0 && n == 0) {
		conf_problem_add(&sl->p, file, line, "%s must not be empty", name);
		return false;
	}
	if (d->type == SET_NAME && strspn(v, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") != n) {
		conf_problem_add(&sl->p, file, line, "%s = \"%s\": use only "
		                 "letters, digits, '-', '_' and '.'", name, v);
		return false;
	}
	if (d->type == SET_LANG && !code_ok(v)) {
		conf_problem_add(&sl->p, file, line, "%s = \"%s\" is not a "
		                 "language code like \"fi\"", name, v);
		return false;
	}
	return true;
}

/* Read a text setting (string, path, name, hash, language, ascii mode). */
static void read_text(struct sload *sl, const struct setting_def *d,
                      const config_setting_t *m)
{
	const char *v = config_setting_get_string(m);
	char *f = setting_field(sl->s, d), buf[512];
	int line = setting_line(m);

	if (!v) {
		conf_problem_add(&sl->p, sl->path, line, "%s must be text in "
		                 "quotes, like %s = \"...\";", d->name, d->name);
		return;
	}
	if (d->type == SET_ASCII) {
		for (int i = 0; i < 3; i++)
			if (strcmp(v, ascii_names[i]) == 0) {
				*(enum ascii_mode *)(void *)f = (enum ascii_mode)i;
				return;
			}
		conf_problem_add(&sl->p, sl->path, line, "%s = \"%s\": use \"auto\","
		                 " \"always\" or \"never\"", d->name, v);
		return;
	}
	if (!text_ok(sl, d, v, line))
		return;
	if (d->type == SET_PATH && *v && *v != '/')
		snprintf(buf, sizeof buf, "%s/%s", sl->dir, v);
	else
		snprintf(buf, sizeof buf, "%s", v);
	if (strlen(buf) >= d->size) {
		conf_problem_add(&sl->p, sl->path, line, "%s is too long (at most "
		                 "%zu characters)", d->name, d->size - 1);
		return;
	}
	memcpy(f, buf, strlen(buf) + 1);
}

/* Read a whole number within d's range. */
static void read_int(struct sload *sl, const struct setting_def *d,
                     const config_setting_t *m)
{
	int t = config_setting_type(m), line = setting_line(m);
	long long v;

	if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
		conf_problem_add(&sl->p, sl->path, line, "%s must be a whole number "
		                 "like %s = %s;", d->name, d->name, d->dflt);
		return;
	}
	v = config_setting_get_int64(m);
	if (v < d->min || v > d->max) {
		conf_problem_add(&sl->p, sl->path, line, "%s = %lld is out of range "
		                 "(allowed %d..%d)", d->name, v, d->min, d->max);
		return;
	}
	*(int *)setting_field(sl->s, d) = (int)v;
}

/* Read true or false. */
static void read_bool(struct sload *sl, const struct setting_def *d,
                      const config_setting_t *m)
{
	if (config_setting_type(m) != CONFIG_TYPE_BOOL) {
		conf_problem_add(&sl->p, sl->path, setting_line(m),
		                 "%s must be true or false", d->name);
		return;
	}
	*(bool *)setting_field(sl->s, d) = config_setting_get_bool(m);
}

/* Check one list element; its text form goes to buf. */
static bool read_elem(struct sload *sl, const struct setting_def *d,
                      const config_setting_t *e, char *buf, size_t bufsz)
{
	int line = setting_line(e), t = config_setting_type(e), k;
	const char *v;

	if (d->type == SET_INTS) {
		if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
			conf_problem_add(&sl->p, sl->path, line, "%s: each entry must be "
			                 "a whole number", d->name);
			return false;
		}
		long long n = config_setting_get_int64(e);
		if (n < d->min || n > d->max) {
			conf_problem_add(&sl->p, sl->path, line, "%s: %lld is out of "
			                 "range (allowed %d..%d)", d->name, n, d->min, d->max);
			return false;
		}
		snprintf(buf, bufsz, "%lld", n);
		return true;
	}
	if (!(v = config_setting_get_string(e))) {
		conf_problem_add(&sl->p, sl->path, line, "%s: each entry must be "
		                 "text in quotes", d->name);
		return false;
	}
	snprintf(buf, bufsz, "%s", v);
	if (d->type == SET_LANGS && !code_ok(v)) {
		conf_problem_add(&sl->p, sl->path, line, "%s: \"%s\" is not a "
		                 "language code like \"fi\"", d->name, v);
		return false;
	}
	if (d->type == SET_KEYS && (k = settings_key_code(v)) <= 0) {
		conf_problem_add(&sl->p, sl->path, line, k < 0 ?
		    "%s: key \"%s\" is reserved (digits, Enter, Backspace and Esc "
		    "are the citizen's keys)" : "%s: unknown key \"%s\" (use one "
		    "character like \"/\", or F1..F12)", d->name, v);
		return false;
	}
	return strlen(v) < bufsz;
}

/* Report v when an earlier entry of the list has the same text. */
static bool elem_unique(struct sload *sl, const struct setting_def *d,
                        char (*tok)[16], int i, int line)
{
	for (int j = 0; j < i; j++)
		if (strcmp(tok[j], tok[i]) == 0) {
			conf_problem_add(&sl->p, sl->path, line, "%s: \"%s\" is listed "
			                 "twice", d->name, tok[i]);
			return false;
		}
	return true;
}

/* Read a list; it replaces the default only when every entry is good. */
static void read_list(struct sload *sl, const struct setting_def *d,
                      const config_setting_t *m)
{
	int n = config_setting_length(m), lim, bad = 0;
	char tok[LIST_MAX][16];
	const char *ptr[LIST_MAX];

	if (!config_setting_is_array(m) && !config_setting_is_list(m)) {
		conf_problem_add(&sl->p, sl->path, setting_line(m), "%s must be a "
		                 "list in brackets, like %s = [ ... ];", d->name, d->name);
		return;
	}
	lim = d->type == SET_INTS ? 4 : d->max;
	if (n > lim || (n == 0 && d->type != SET_KEYS)) {
		conf_problem_add(&sl->p, sl->path, setting_line(m), "%s must have "
		                 "%d to %d entries", d->name, d->type == SET_KEYS ? 0 : 1,
		                 lim);
		return;
	}
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(m, (unsigned)i);
		if (!read_elem(sl, d, e, tok[i], sizeof tok[i]) ||
		    !elem_unique(sl, d, tok, i, setting_line(e))) {
			bad++;
			snprintf(tok[i], sizeof tok[i], "\x01%d", i);  /* no repeats */
		}
		ptr[i] = tok[i];
	}
	if (!bad)
		setting_store_list(sl->s, d, ptr, n);
}

/* Read one setting given in the file. */
void setting_read(struct sload *sl, const struct setting_def *d,
                  const config_setting_t *m)
{
	switch (d->type) {
	case SET_INT:
		read_int(sl, d, m);
		break;
	case SET_BOOL:
		read_bool(sl, d, m);
		break;
	case SET_LANGS: case SET_INTS: case SET_KEYS:
		read_list(sl, d, m);
		break;
	default:
		read_text(sl, d, m);
		break;
	}
}

/* The line where the named setting was given, else where the other one
 * was, else 0 (both from the defaults). */
static int seen_line(const struct sload *sl, const char *a, const char *b)
{
	size_t n;
	const struct setting_def *t = settings_table(&n);
	const struct setting_def *da = settings_find(a);
	const struct setting_def *db = b ? settings_find(b) : NULL;

	if (da && sl->seen[da - t])
		return sl->seen[da - t];
	return db ? sl->seen[db - t] : 0;
}

/* PIN limits: min not above max. */
static void check_pins(struct sload *sl)
{
	static const char *const names[2][2] = {
		{ "pin1.min", "pin1.max" }, { "pin2.min", "pin2.max" }
	};

	for (int i = 0; i < 2; i++) {
		const struct pin_policy *p = &sl->s->pin[i];
		if (p->min_len > p->max_len)
			conf_problem_add(&sl->p, sl->path,
			    seen_line(sl, names[i][0], names[i][1]),
			    "%s (%d) is larger than %s (%d)", names[i][0], p->min_len,
			    names[i][1], p->max_len);
	}
}

/* The default language must be one of those offered. */
static void check_langs(struct sload *sl)
{
	const struct settings *s = sl->s;

	for (int i = 0; i < s->nlangs; i++)
		if (strcmp(s->langs[i], s->lang_default) == 0)
			return;
	conf_problem_add(&sl->p, sl->path,
	    seen_line(sl, "language.default", "language.offered"),
	    "language.default = \"%s\" is not in language.offered", s->lang_default);
}

/* Whether key is in a keymap list (it ends at 0). */
static bool key_listed(const int *keys, int key)
{
	for (int i = 0; i < SETTINGS_MAX_KEYS && keys[i]; i++)
		if (keys[i] == key)
			return true;
	return false;
}

/* A key may have only one job. */
static void check_keys(struct sload *sl)
{
	const struct { const char *name; const int *keys; } map[] = {
		{ "keymap.language", sl->s->key_language },
		{ "keymap.staff", sl->s->key_staff },
		{ "keymap.more_time", sl->s->key_more_time },
		{ "keymap.speech", sl->s->key_speech },
		{ "keymap.volume", sl->s->key_volume },
	};
	const size_t n = sizeof map / sizeof map[0];
	char name[8];

	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 1; b < n; b++)
			for (int i = 0; i < SETTINGS_MAX_KEYS && map[b].keys[i]; i++)
				if (key_listed(map[a].keys, map[b].keys[i]))
					conf_problem_add(&sl->p, sl->path,
					    seen_line(sl, map[b].name, map[a].name),
					    "keymap: key \"%s\" is in both %s and %s",
					    settings_key_name(map[b].keys[i], name,
					                      sizeof name),
					    map[a].name, map[b].name);
}

/* An entry's whole time is at least one countdown. */
static void check_times(struct sload *sl)
{
	if (sl->s->code_timeout_max && sl->s->code_timeout_max < sl->s->code_timeout)
		conf_problem_add(&sl->p, sl->path,
		    seen_line(sl, "timeouts.code_entry_max", "timeouts.code_entry"),
		    "timeouts.code_entry_max (%d) is shorter than "
		    "timeouts.code_entry (%d)", sl->s->code_timeout_max,
		    sl->s->code_timeout);
}

/* A unix socket path must fit sockaddr_un and be absolute ("" where
 * empty is allowed: the default). */
static void check_socket(struct sload *sl, const char *name, const char *p,
                         bool may_be_empty)
{
	if (may_be_empty && !p[0])
		return;
	if (p[0] != '/' || strlen(p) > SETTINGS_SOCKET_MAX)
		conf_problem_add(&sl->p, sl->path, seen_line(sl, name, NULL),
		    "%s must be an absolute path of at most %d characters", name,
		    SETTINGS_SOCKET_MAX);
}

/* Checks that involve more than one setting, after the whole file. */
void settings_cross_check(struct sload *sl)
{
	check_pins(sl);
	check_langs(sl);
	check_keys(sl);
	check_times(sl);
	check_socket(sl, "staff.monitor_socket", sl->s->monitor_socket, false);
	check_socket(sl, "pcscd_socket", sl->s->pcscd_socket, true);
}
