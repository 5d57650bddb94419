/* outside.c - the one cleaner of text from outside the program (outside.h):
 * UTF-8 decoded by the well-formed byte sequences of Unicode's table 3-7,
 * so that overlong forms, surrogates and code points past U+10FFFF are
 * ill-formed by construction, never by a check added later. */
#include "build-config.h"
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "outside.h"

/* The length of the sequence lead byte b starts (0: it starts none), and
 * the range its second byte must lie in. */
static size_t utf8_lead(uint8_t b, uint8_t *lo, uint8_t *hi)
{
	*lo = 0x80;
	*hi = 0xBF;
	if (b >= 0xC2 && b <= 0xDF)
		return 2;
	if (b >= 0xE0 && b <= 0xEF) {
		if (b == 0xE0)
			*lo = 0xA0;       /* below: overlong */
		else if (b == 0xED)
			*hi = 0x9F;       /* above: surrogates */
		return 3;
	}
	if (b >= 0xF0 && b <= 0xF4) {
		if (b == 0xF0)
			*lo = 0x90;       /* below: overlong */
		else if (b == 0xF4)
			*hi = 0x8F;       /* above: past U+10FFFF */
		return 4;
	}
	return 0;
}

/* Decode the character at s (n > 0 bytes left) into *cp; returns the
 * bytes it takes, or 0 with *used the bytes of an ill-formed maximal
 * subpart (at least one). */
static size_t utf8_next(const uint8_t *s, size_t n, uint32_t *cp,
                        size_t *used)
{
	uint8_t lo = 0x80, hi = 0xBF;
	size_t len = s[0] < 0x80 ? 1 : utf8_lead(s[0], &lo, &hi);

	*used = 1;
	*cp = s[0];
	if (len <= 1)
		return len;
	*cp = s[0] & (0x7Fu >> len);
	for (size_t i = 1; i < len; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*used = i;
			return 0;
		}
		*cp = *cp << 6 | (s[i] & 0x3Fu);
		lo = 0x80;
		hi = 0xBF;
	}
	*used = len;
	return len;
}

/* Whether a well-formed character must not reach an output: C0, DEL, C1,
 * the bidirectional controls and the line and paragraph separators. */
static bool outside_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C ||
	       cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Clean text from outside into a bounded buffer (outside.h). */
size_t outside_clean(char *out, size_t cap, const void *in, size_t n)
{
	const uint8_t *s = in;
	const char *piece;
	size_t len = 0, used, plen;
	uint32_t cp;

	if (cap == 0)
		return 0;
	while (n > 0) {
		if (utf8_next(s, n, &cp, &used) == 0 || outside_unsafe(cp)) {
			piece = OUTSIDE_REPLACEMENT;
			plen = sizeof OUTSIDE_REPLACEMENT - 1;
		} else {
			piece = (const char *)s;
			plen = used;
		}
		if (plen > cap - 1 - len)
			break;
		memcpy(out + len, piece, plen);
		len += plen;
		s += used;
		n -= used;
	}
	out[len] = '\0';
	return len;
}
