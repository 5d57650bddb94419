/* lang.h - language catalogs: every text the kiosk shows, by message id,
 * from conf/lang/<code>.conf (libconfig). The ids come from messages.def. */
#ifndef EIDKIOSK_LANG_H
#define EIDKIOSK_LANG_H

#include <stddef.h>

enum msg_id {
#define MSG(id, key) MSG_##id,
#include "messages.def"
#undef MSG
	MSG_COUNT
};

struct lang {
	char code[4];               /* "fi" */
	char name[32];              /* "Suomi": the language in itself */
	char *text[MSG_COUNT];      /* UTF-8, malloc'd; NULL before loading */
	int line[MSG_COUNT];        /* where each text was defined */
	char path[256];             /* the file it came from */
};

/* Load a catalog file. Every message must be defined exactly once and no
 * unknown key may appear. On error returns -1 with *cause (malloc'd), one
 * "file:line: message" per line for every problem found; *l is then empty. */
int lang_load(struct lang *l, const char *path, char **cause);

/* Load <dir>/<code>.conf and check that its language.code is code. */
int lang_load_code(struct lang *l, const char *dir, const char *code,
                   char **cause);

/* Free the texts; the struct may be loaded again. NULL is fine. */
void lang_free(struct lang *l);

/* The text of id; never NULL (the key itself when l is NULL or empty). */
const char *lang_get(const struct lang *l, enum msg_id id);

/* The key of id in the language files ("welcome_title"). */
const char *lang_key(enum msg_id id);

/* The id of a key, or -1. */
int lang_find_key(const char *key);

/* Check that every text of l uses exactly the placeholders of ref's text.
 * Returns the number of problems; with cause, they are appended to *cause
 * (malloc'd or realloc'd) as "file:line: message" lines. */
int lang_check_placeholders(const struct lang *l, const struct lang *ref,
                            char **cause);

/* Fill {name} placeholders of text: keys[] and values[] are parallel,
 * NULL-terminated arrays (keys without braces). Unknown placeholders stay as
 * they are. Writes at most outsz bytes, always NUL-terminated (cut at a
 * UTF-8 character boundary); returns the length the full result needs, like
 * snprintf. */
size_t lang_format(const char *text, const char *const keys[],
                   const char *const values[], char *out, size_t outsz);

#endif
