/* lang_format.c - {name} placeholders in catalog texts: filling them in,
 * and checking that a translation uses the same ones as the reference. */
#include "build-config.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "confcheck.h"
#include "lang.h"

#define NAME_MAX_LEN 24

/* Length of the placeholder name at s (just after '{') if it is one:
 * [a-z0-9_]+ followed by '}'; else 0. */
static size_t ph_name_len(const char *s)
{
	size_t n = 0;

	while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') ||
	       s[n] == '_')
		n++;
	return (n > 0 && n <= NAME_MAX_LEN && s[n] == '}') ? n : 0;
}

/* Output being built: bytes beyond the buffer are only counted. */
struct fmt_out {
	char *buf;
	size_t size, pos, cut;
	bool truncated;
};

/* Emit one byte; on the first that does not fit, remember where to cut so
 * that no UTF-8 character is split. */
static void fmt_put(struct fmt_out *o, unsigned char b)
{
	if (o->size > 0 && o->pos < o->size - 1) {
		o->buf[o->pos] = (char)b;
	} else if (!o->truncated) {
		o->truncated = true;
		o->cut = o->pos;
		if ((b & 0xC0) == 0x80 && o->size > 0) {
			while (o->cut > 0 && (o->buf[o->cut - 1] & 0xC0) == 0x80)
				o->cut--;
			if (o->cut > 0)
				o->cut--;
		}
	}
	o->pos++;
}

/* The value for a placeholder name, or NULL. */
static const char *fmt_value(const char *name, size_t n,
                             const char *const keys[],
                             const char *const values[])
{
	for (size_t i = 0; keys && keys[i]; i++)
		if (strlen(keys[i]) == n && memcmp(keys[i], name, n) == 0)
			return values[i] ? values[i] : "";
	return NULL;
}

/* Fill the placeholders of text (see lang.h). */
size_t lang_format(const char *text, const char *const keys[],
                   const char *const values[], char *out, size_t outsz)
{
	struct fmt_out o = { out, outsz, 0, 0, false };
	const char *v;
	size_t n;

	for (const char *s = text; *s; s++) {
		if (*s == '{' && (n = ph_name_len(s + 1)) > 0 &&
		    (v = fmt_value(s + 1, n, keys, values)) != NULL) {
			while (*v)
				fmt_put(&o, (unsigned char)*v++);
			s += n + 1;
			continue;
		}
		fmt_put(&o, (unsigned char)*s);
	}
	if (outsz > 0)
		out[o.truncated ? o.cut : o.pos] = '\0';
	return o.pos;
}

/* Whether text uses the placeholder name (of length n). */
static bool ph_used(const char *text, const char *name, size_t n)
{
	for (const char *s = strchr(text, '{'); s; s = strchr(s + 1, '{'))
		if (ph_name_len(s + 1) == n && memcmp(s + 1, name, n) == 0)
			return true;
	return false;
}

/* Report placeholders of a that b lacks; returns how many. */
static int ph_compare(const char *a, const char *b, const struct lang *l,
                      int id, bool lacks, struct conf_problems *p)
{
	int bad = 0;
	size_t n;

	for (const char *s = strchr(a, '{'); s; s = strchr(s + 1, '{')) {
		if ((n = ph_name_len(s + 1)) == 0 || ph_used(b, s + 1, n))
			continue;
		if (ph_used(s + n + 1, s + 1, n))  /* reported at its last use */
			continue;
		if (lacks)
			conf_problem_add(p, l->path, l->line[id], "message \"%s\" "
			    "lacks the placeholder {%.*s}", lang_key(id), (int)n, s + 1);
		else
			conf_problem_add(p, l->path, l->line[id], "message \"%s\" has "
			    "an unknown placeholder {%.*s}", lang_key(id), (int)n, s + 1);
		bad++;
	}
	return bad;
}

/* Compare every text of l with ref's placeholders (see lang.h). */
int lang_check_placeholders(const struct lang *l, const struct lang *ref,
                            char **cause)
{
	struct conf_problems p = { 0 };
	int bad = 0;

	if (cause && *cause) {
		conf_problem_append(&p, *cause);
		free(*cause);
		*cause = NULL;
	}
	for (int i = 0; i < MSG_COUNT; i++) {
		if (!l->text[i] || !ref->text[i])
			continue;
		bad += ph_compare(ref->text[i], l->text[i], l, i, true, &p);
		bad += ph_compare(l->text[i], ref->text[i], l, i, false, &p);
	}
	conf_problems_finish(&p, cause);
	return bad;
}
