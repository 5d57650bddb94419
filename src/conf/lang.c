/* lang.c - language catalogs from conf/lang/<code>.conf. The message list
 * is the X-macro in messages.def, so a catalog is complete exactly when it
 * defines every key of that list and nothing else. */
#include "build-config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libconfig.h>
#include "conf_file.h"
#include "confcheck.h"
#include "lang.h"

static const char *const msg_keys[MSG_COUNT] = {
#define MSG(id, key) key,
#include "messages.def"
#undef MSG
};

/* The key of a message id. */
const char *lang_key(enum msg_id id)
{
	return (unsigned)id < MSG_COUNT ? msg_keys[id] : "?";
}

/* The message id of a key, or -1. */
int lang_find_key(const char *key)
{
	for (int i = 0; i < MSG_COUNT; i++)
		if (strcmp(msg_keys[i], key) == 0)
			return i;
	return -1;
}

/* The text to show for id; the key when the catalog lacks it. */
const char *lang_get(const struct lang *l, enum msg_id id)
{
	if ((unsigned)id >= MSG_COUNT)
		return "?";
	if (!l || !l->text[id])
		return msg_keys[id];
	return l->text[id];
}

/* Free every text and forget the catalog. */
void lang_free(struct lang *l)
{
	if (!l)
		return;
	for (int i = 0; i < MSG_COUNT; i++)
		free(l->text[i]);
	memset(l, 0, sizeof *l);
}

/* The line of a setting (0 when libconfig does not know it). */
static int lang_line(const config_setting_t *s)
{
	return s ? (int)config_setting_source_line(s) : 0;
}

/* Whether code looks like a language code: 2 or 3 lowercase letters. */
static int lang_code_ok(const char *code)
{
	size_t n = strlen(code);

	if (n < 2 || n > 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (code[i] < 'a' || code[i] > 'z')
			return 0;
	return 1;
}

/* Store one member of the language group. */
static void lang_read_field(struct lang *l, const config_setting_t *m,
                            struct conf_problems *p)
{
	const char *name = config_setting_name(m);
	const char *v = config_setting_get_string(m);
	int is_code = strcmp(name, "code") == 0;

	if (!is_code && strcmp(name, "name") != 0)
		conf_problem_add(p, l->path, lang_line(m), "unknown setting "
		                 "language.%s (expected code or name)", name);
	else if (!v)
		conf_problem_add(p, l->path, lang_line(m),
		                 "language.%s must be a string", name);
	else if (is_code && !lang_code_ok(v))
		conf_problem_add(p, l->path, lang_line(m), "language.code \"%s\" "
		                 "is not a language code like \"fi\"", v);
	else if (is_code)
		snprintf(l->code, sizeof l->code, "%s", v);
	else
		snprintf(l->name, sizeof l->name, "%s", v);
}

/* Read the language = { code; name; } group. */
static void lang_read_header(struct lang *l, const config_setting_t *g,
                             struct conf_problems *p)
{
	int n = config_setting_length(g);

	for (int i = 0; i < n; i++)
		lang_read_field(l, config_setting_get_elem(g, (unsigned)i), p);
	if (!config_setting_get_member(g, "code"))
		conf_problem_add(p, l->path, lang_line(g), "language.code is missing");
	if (!config_setting_get_member(g, "name"))
		conf_problem_add(p, l->path, lang_line(g), "language.name is missing");
}

/* Store one message text, reporting what is wrong with it. */
static void lang_read_one(struct lang *l, const config_setting_t *m,
                          struct conf_problems *p)
{
	const char *key = config_setting_name(m), *v, *near;
	int id = lang_find_key(key);

	if (id < 0) {
		near = conf_suggest(key, msg_keys, MSG_COUNT);
		conf_problem_add(p, l->path, lang_line(m),
		    "unknown message \"%s\"%s%s%s", key,
		    near ? " (did you mean \"" : "", near ? near : "",
		    near ? "\"?)" : "");
		return;
	}
	v = config_setting_get_string(m);
	if (!v) {
		conf_problem_add(p, l->path, lang_line(m),
		                 "message \"%s\" must be a string", key);
		return;
	}
	if (!*v) {
		conf_problem_add(p, l->path, lang_line(m),
		                 "message \"%s\" is empty", key);
		return;
	}
	if (l->text[id]) {  /* libconfig refuses duplicates; keep the check */
		conf_problem_add(p, l->path, lang_line(m),
		    "message \"%s\" is defined twice (first on line %d)", key,
		    l->line[id]);
		return;
	}
	l->text[id] = strdup(v);
	l->line[id] = lang_line(m);
	if (!l->text[id])
		abort();
}

/* Read the messages group and report every message it lacks. */
static void lang_read_messages(struct lang *l, const config_setting_t *g,
                               struct conf_problems *p)
{
	int n = config_setting_length(g);

	for (int i = 0; i < n; i++)
		lang_read_one(l, config_setting_get_elem(g, (unsigned)i), p);
	for (int i = 0; i < MSG_COUNT; i++)
		if (!l->text[i] && !config_setting_get_member(g, msg_keys[i]))
			conf_problem_add(p, l->path, lang_line(g),
			                 "message \"%s\" is missing", msg_keys[i]);
}

/* Walk the top level: language and messages groups, nothing else. */
static void lang_read_root(struct lang *l, const config_t *cfg,
                           struct conf_problems *p)
{
	config_setting_t *root = config_root_setting(cfg), *g;
	int n = config_setting_length(root);

	for (int i = 0; i < n; i++) {
		g = config_setting_get_elem(root, (unsigned)i);
		const char *name = config_setting_name(g);
		if (strcmp(name, "language") != 0 && strcmp(name, "messages") != 0)
			conf_problem_add(p, l->path, lang_line(g),
			    "unknown setting \"%s\" (expected language and messages)",
			    name);
		else if (!config_setting_is_group(g))
			conf_problem_add(p, l->path, lang_line(g),
			                 "%s must be a group { ... }", name);
		else if (strcmp(name, "language") == 0)
			lang_read_header(l, g, p);
		else
			lang_read_messages(l, g, p);
	}
	if (!config_lookup(cfg, "language"))
		conf_problem_add(p, l->path, 0,
		                 "the language = { code; name; } group is missing");
	if (!config_lookup(cfg, "messages"))
		conf_problem_add(p, l->path, 0,
		                 "the messages = { ... } group is missing");
}

/* Load a whole catalog; every problem goes into *cause. */
int lang_load(struct lang *l, const char *path, char **cause)
{
	struct conf_problems p = { 0 };
	config_t cfg;

	memset(l, 0, sizeof *l);
	snprintf(l->path, sizeof l->path, "%s", path);
	config_init(&cfg);
	if (conf_file_load(&cfg, path, &p) == 0)
		lang_read_root(l, &cfg, &p);
	config_destroy(&cfg);
	if (p.count > 0)
		lang_free(l);
	return conf_problems_finish(&p, cause);
}

/* Load <dir>/<code>.conf and make sure it says it is that language. */
int lang_load_code(struct lang *l, const char *dir, const char *code,
                   char **cause)
{
	char path[512];
	struct conf_problems p = { 0 };

	if (!lang_code_ok(code)) {
		memset(l, 0, sizeof *l);
		conf_problem_add(&p, dir, 0, "\"%s\" is not a language code", code);
		return conf_problems_finish(&p, cause);
	}
	snprintf(path, sizeof path, "%s/%s.conf", dir, code);
	if (lang_load(l, path, cause) < 0)
		return -1;
	if (strcmp(l->code, code) != 0) {
		conf_problem_add(&p, path, 0,
		    "language.code is \"%s\" but the file is for \"%s\"",
		    l->code, code);
		lang_free(l);
		return conf_problems_finish(&p, cause);
	}
	return 0;
}
