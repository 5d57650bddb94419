/* confcheck.h - checking every configuration file at once (--check-config
 * and start-up), and the problem list the settings, language and theme
 * loaders share to report "file:line: message" lines. */
#ifndef EIDKIOSK_CONFCHECK_H
#define EIDKIOSK_CONFCHECK_H

#include <stdio.h>
#include "settings.h"

/* A growing list of problems, one "file:line: message" per line. */
struct conf_problems {
	char *text;     /* malloc'd, NUL-terminated, or NULL when empty */
	size_t len, cap;
	int count;
};

/* Add one problem; line <= 0 leaves the line out ("file: message"). */
void conf_problem_add(struct conf_problems *p, const char *file, int line,
                      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Append another text of problem lines (a loader's *cause) as it is. */
void conf_problem_append(struct conf_problems *p, const char *lines);

/* Hand the text over as a malloc'd *cause (or free it when cause is NULL)
 * and reset the list. Returns -1 when there were problems, else 0. */
int conf_problems_finish(struct conf_problems *p, char **cause);

/* How far word is from cand (edit distance) when it looks like a typing
 * slip of cand, else -1: for "did you mean" hints. */
int conf_near_miss(const char *word, const char *cand);

/* The one of n candidates nearest to word as a typing slip, or NULL. */
const char *conf_suggest(const char *word, const char *const *cands, size_t n);

/* Check the settings file (NULL = defaults only), every offered language
 * file, the chosen theme and every theme in s->theme_dir, and the card
 * profiles file. Prints each problem as "file:line: message" to out and
 * returns how many there were (0 = all good). */
int confcheck_all(const struct settings *s, const char *settings_path,
                  FILE *out);

#endif
