/* confcheck.c - every configuration file checked in one go, for
 * --check-config and at start-up: an operator sees all mistakes at once,
 * each as "file:line: message". */
#include "build-config.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include "cause.h"
#include "confcheck.h"
#include "lang.h"
#include "profile.h"
#include "settings.h"
#include "staff_code.h"
#include "theme.h"

/* Take a loader's *cause into the list. */
static void confcheck_take(struct conf_problems *p, char *cause)
{
	conf_problem_append(p, cause);
	free(cause);
}

/* Each offered language, and its placeholders against English when English
 * is among them (the English texts are the reference). */
static void confcheck_langs(const struct settings *s, struct conf_problems *p)
{
	struct lang *l = calloc((size_t)s->nlangs + 1, sizeof *l);
	char *cause = NULL;
	int ref = -1;

	if (!l)
		abort();
	for (int i = 0; i < s->nlangs; i++) {
		if (lang_load_code(&l[i], s->lang_dir, s->langs[i], &cause) < 0)
			confcheck_take(p, cause);
		else if (strcmp(s->langs[i], "en") == 0)
			ref = i;
		cause = NULL;
	}
	for (int i = 0; ref >= 0 && i < s->nlangs; i++) {
		if (i != ref && l[i].text[0] &&
		    lang_check_placeholders(&l[i], &l[ref], &cause) > 0)
			confcheck_take(p, cause);
		cause = NULL;
	}
	for (int i = 0; i < s->nlangs; i++)
		lang_free(&l[i]);
	free(l);
}

/* Whether a directory entry is a theme file. */
static int confcheck_is_theme(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 6 && strcmp(name + n - 6, ".theme") == 0;
}

/* Whether the theme file name (len bytes, ".theme" at the end) is theme. */
static bool confcheck_is_named(const char *name, size_t len, const char *theme)
{
	return len - 6 == strlen(theme) && strncmp(name, theme, len - 6) == 0;
}

/* The chosen theme, the one citizens switch to, then every other theme in
 * the directory. */
static void confcheck_themes(const struct settings *s, struct conf_problems *p)
{
	struct theme t;
	struct dirent **ents = NULL;
	char *cause = NULL, path[512];
	int n;

	if (theme_load_name(&t, s->theme_dir, s->theme, &cause) < 0)
		confcheck_take(p, cause);
	cause = NULL;
	if (strcmp(s->contrast_theme, s->theme) != 0 &&
	    theme_load_name(&t, s->theme_dir, s->contrast_theme, &cause) < 0)
		confcheck_take(p, cause);
	n = scandir(s->theme_dir, &ents, NULL, alphasort);
	if (n < 0) {
		conf_problem_add(p, s->theme_dir, 0, "cannot read the theme directory");
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		size_t len = strlen(name);
		cause = NULL;
		if (confcheck_is_theme(name) &&
		    !confcheck_is_named(name, len, s->theme) &&
		    !confcheck_is_named(name, len, s->contrast_theme)) {
			snprintf(path, sizeof path, "%s/%s", s->theme_dir, name);
			if (theme_load(&t, path, &cause) < 0)
				confcheck_take(p, cause);
		}
		free(ents[i]);
	}
	free(ents);
}

/* The card profiles file. */
static void confcheck_profiles(const struct settings *s,
                               struct conf_problems *p)
{
	struct profile_set set = { 0 };
	char *cause = NULL;

	if (profile_load(s->cards_file, &set, &cause) < 0)
		confcheck_take(p, cause);
	else if (set.n == 0)
		conf_problem_add(p, s->cards_file, 0, "no card profiles defined");
	profile_free(&set);
}

/* The staff code file, read as the kiosk reads it: a salted, slow hash in
 * a file others cannot read. */
static void confcheck_staff(const struct settings *s, struct conf_problems *p)
{
	struct staff_hash h;
	char *err = NULL;

	if (!s->staff_code_file[0])
		return;
	if (staff_code_load(s->staff_code_file, &h, &err) < 0)
		conf_problem_append(p, cause_text(err));
	free(err);
	OPENSSL_cleanse(&h, sizeof h);
}

/* Check everything; print the problems and return how many. The staff
 * code file only with the settings file (--check-config, the service
 * screen): --card-info is run by staff who may not read it. */
int confcheck_all(const struct settings *s, const char *settings_path,
                  FILE *out)
{
	struct conf_problems p = { 0 };
	struct settings tmp;
	char *cause = NULL;
	int count;

	if (settings_path) {
		settings_defaults(&tmp);
		if (settings_load(&tmp, settings_path, &cause) < 0)
			confcheck_take(&p, cause);
		confcheck_staff(s, &p);
	}
	confcheck_langs(s, &p);
	confcheck_themes(s, &p);
	confcheck_profiles(s, &p);
	count = p.count;
	if (out && p.text)
		fprintf(out, "%s\n", p.text);
	conf_problems_finish(&p, NULL);
	return count;
}
