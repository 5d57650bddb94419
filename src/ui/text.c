/* text.c - UTF-8 text for the screen without curses: display width,
 * wrapping by width (wcwidth, so wide and combining characters count
 * right), and folding to ASCII for terminals that cannot show more. */
#include "build-config.h"
#include <string.h>
#include <wchar.h>
#include "widgets.h"

/* Decode one UTF-8 character; invalid bytes count as U+FFFD of length 1. */
size_t text_decode(const char *s, size_t n, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len;
	unsigned c;

	if (n == 0) {
		*cp = 0;
		return 0;
	}
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xE0) == 0xC0) {
		len = 2;
		c = u[0] & 0x1F;
	} else if ((u[0] & 0xF0) == 0xE0) {
		len = 3;
		c = u[0] & 0x0F;
	} else if ((u[0] & 0xF8) == 0xF0) {
		len = 4;
		c = u[0] & 0x07;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len > n)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (u[i] & 0x3F);
	}
	*cp = c;
	return len;
bad:
	*cp = 0xFFFD;
	return 1;
}

/* Columns one character takes. */
static int text_cp_width(unsigned cp)
{
	int w;

	if (cp < 0x20 || cp == 0x7F)
		return 0;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

/* Display width of n bytes. */
int text_width(const char *s, size_t n)
{
	int w = 0;
	unsigned cp;

	for (size_t i = 0; i < n;) {
		i += text_decode(s + i, n - i, &cp);
		w += text_cp_width(cp);
	}
	return w;
}

/* The ASCII stand-in for a character, or NULL for '?'. */
static const char *text_fold_cp(unsigned cp)
{
	/* U+00C0 .. U+00FF, in order. */
	static const char *const latin1[64] = {
		"A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E",
		"I", "I", "I", "I", "D", "N", "O", "O", "O", "O", "O", "x",
		"O", "U", "U", "U", "U", "Y", "TH", "ss",
		"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
		"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "/",
		"o", "u", "u", "u", "u", "y", "th", "y",
	};

	if (cp >= 0xC0 && cp <= 0xFF)
		return latin1[cp - 0xC0];
	switch (cp) {
	case 0xA0: return " ";
	case 0xAB: case 0xBB: case 0x201C: case 0x201D: case 0x201E:
		return "\"";
	case 0x2018: case 0x2019: case 0x201A: return "'";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2212: return "-";
	case 0x2026: return "...";
	case 0x00B7: case 0x2022: return "*";
	case 0x0160: return "S";
	case 0x0161: return "s";
	case 0x017D: return "Z";
	case 0x017E: return "z";
	default: return NULL;
	}
}

/* Fold UTF-8 text to plain ASCII. */
size_t text_fold_ascii(const char *in, char *out, size_t outsz)
{
	size_t o = 0, n = strlen(in);
	unsigned cp;

	if (outsz == 0)
		return 0;
	for (size_t i = 0; i < n;) {
		const char *rep;
		char one[2] = { 0, 0 };
		i += text_decode(in + i, n - i, &cp);
		if (cp < 0x80) {
			one[0] = (char)cp;
			rep = one;
		} else if (!(rep = text_fold_cp(cp))) {
			rep = "?";
		}
		for (; *rep && o + 1 < outsz; rep++)
			out[o++] = *rep;
	}
	out[o] = '\0';
	return o;
}

/* The longest prefix of whole characters that fits width columns. */
size_t text_fit(const char *s, int width)
{
	size_t i = 0, n = strlen(s), k;
	int w = 0, cw;
	unsigned cp;

	while (i < n) {
		k = text_decode(s + i, n - i, &cp);
		cw = text_cp_width(cp);
		if (w + cw > width)
			break;
		w += cw;
		i += k;
	}
	return i;
}

/* Store a line, dropping its trailing spaces. */
static void text_put(const char *s, size_t off, size_t end,
                     struct wrap_line *lines, int max, int *count)
{
	while (end > off && s[end - 1] == ' ')
		end--;
	if (*count < max) {
		lines[*count].off = off;
		lines[*count].len = end - off;
		lines[*count].width = text_width(s + off, end - off);
	}
	(*count)++;
}

/* Where the line starting at pos ends (*end) and the next begins. */
static size_t text_line(const char *s, size_t n, size_t pos, int width,
                        size_t *end)
{
	size_t i = pos, brk = 0, k;
	bool have_brk = false;
	int w = 0, cw;
	unsigned cp;

	while (i < n) {
		if (s[i] == '\n') {
			*end = i;
			return i + 1;
		}
		k = text_decode(s + i, n - i, &cp);
		cw = text_cp_width(cp);
		if (w + cw > width) {
			if (have_brk) {
				*end = brk;
				return brk + 1;
			}
			*end = i > pos ? i : i + k;   /* a word longer than a line */
			return *end;
		}
		if (cp == ' ' && i > pos) {
			brk = i;
			have_brk = true;
		}
		w += cw;
		i += k;
	}
	*end = n;
	return n;
}

/* Wrap text by display width. */
int text_wrap(const char *s, int width, struct wrap_line *lines, int max)
{
	size_t n = strlen(s), pos = 0, end, next;
	int count = 0;

	if (width < 1)
		width = 1;
	while (pos < n) {
		next = text_line(s, n, pos, width, &end);
		text_put(s, pos, end, lines, max, &count);
		pos = next;
		/* spaces where a line was broken do not start the next one */
		if (pos > 0 && s[pos - 1] != '\n')
			while (pos < n && s[pos] == ' ')
				pos++;
	}
	return count;
}
