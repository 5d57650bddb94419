/* problems.c - the list of "file:line: message" lines that the settings,
 * language and theme loaders fill, so that every problem in a file is
 * reported at once instead of only the first. */
#include "build-config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "confcheck.h"

/* Make room for n more bytes plus the NUL; out of memory is fatal. */
static void problems_reserve(struct conf_problems *p, size_t n)
{
	size_t want = p->len + n + 1;
	char *t;

	if (want <= p->cap)
		return;
	if (want < 256)
		want = 256;
	if (want < p->cap * 2)
		want = p->cap * 2;
	t = realloc(p->text, want);
	if (!t) {
		fputs("eidkiosk: out of memory\n", stderr);
		abort();
	}
	p->text = t;
	p->cap = want;
}

/* Append raw bytes, starting a new line when the list is not empty. */
static void problems_put(struct conf_problems *p, const char *s, size_t n)
{
	problems_reserve(p, n + 1);
	if (p->len > 0)
		p->text[p->len++] = '\n';
	memcpy(p->text + p->len, s, n);
	p->len += n;
	p->text[p->len] = '\0';
}

/* Add one formatted problem at file:line. */
void conf_problem_add(struct conf_problems *p, const char *file, int line,
                      const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	if (line > 0)
		n = snprintf(buf, sizeof buf / 2, "%s:%d: ", file, line);
	else
		n = snprintf(buf, sizeof buf / 2, "%s: ", file);
	if (n < 0 || (size_t)n >= sizeof buf / 2)
		n = (int)(sizeof buf / 2) - 1;
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
	va_end(ap);
	problems_put(p, buf, strlen(buf));
	p->count++;
}

/* Append lines produced elsewhere (each counts as one problem). */
void conf_problem_append(struct conf_problems *p, const char *lines)
{
	size_t n;

	if (!lines || !*lines)
		return;
	n = strlen(lines);
	while (n > 0 && lines[n - 1] == '\n')
		n--;
	problems_put(p, lines, n);
	p->count++;
	for (size_t i = 0; i < n; i++)
		if (lines[i] == '\n')
			p->count++;
}

/* Give the text to the caller as *cause and empty the list. */
int conf_problems_finish(struct conf_problems *p, char **cause)
{
	int had = p->count > 0;

	if (cause)
		*cause = had ? p->text : NULL;
	if (!cause || !had)
		free(p->text);
	memset(p, 0, sizeof *p);
	return had ? -1 : 0;
}

/* Edit distance of two short names (a swap of two neighbours counts as
 * one edit), or -1 when they are not close enough to be a slip. */
int conf_near_miss(const char *word, const char *cand)
{
	size_t a = strlen(word), b = strlen(cand);
	int rows[3][64], limit;
	int *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *t;

	if (a >= 63 || b >= 63 || a == 0 || b == 0)
		return -1;
	for (size_t j = 0; j <= b; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= a; i++) {
		cur[0] = (int)i;
		for (size_t j = 1; j <= b; j++) {
			int best = prev[j - 1] + (word[i - 1] != cand[j - 1]);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && word[i - 1] == cand[j - 2] &&
			    word[i - 2] == cand[j - 1] && prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	limit = b <= 4 ? 1 : (b <= 8 ? 2 : 3);
	return prev[b] <= limit ? prev[b] : -1;
}

/* The candidate nearest to word as a typing slip, or NULL. */
const char *conf_suggest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	int bestd = 99;

	for (size_t i = 0; i < n; i++) {
		int d = conf_near_miss(word, cands[i]);
		if (d >= 0 && d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return best;
}
