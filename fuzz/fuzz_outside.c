/* fuzz_outside.c - the cleaner of text from outside (outside.h) on
 * arbitrary bytes. Input: byte 0 is the output's size (0..255), the rest
 * is the text. Promises checked against a decoder of our own, written
 * from the definition (bit patterns, then the shortest form, surrogates
 * and U+10FFFF) rather than from the table outside.c follows:
 *  - the output is NUL-terminated within its size, and nothing is written
 *    past it (the buffer is exactly that size on the heap, for ASan);
 *  - it is well-formed UTF-8 without C0, DEL, C1 or bidirectional controls
 *    (nor U+2028, U+2029);
 *  - with room for everything, clean printable UTF-8 comes out unchanged,
 *    and nothing grows by more than three bytes for each byte in;
 *  - with less room, the output is the longest prefix of the whole result
 *    that ends between two characters. */
#include "build-config.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "outside.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

/* The well-formed character at s (n bytes left): its length, 0 if none. */
static size_t oracle_char(const uint8_t *s, size_t n, uint32_t *cp)
{
	static const uint32_t shortest[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2
	           : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;

	if (len == 0 || len > n)
		return 0;
	*cp = len == 1 ? s[0] : s[0] & (0xFFu >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3F);
	}
	if (*cp < shortest[len] || *cp > 0x10FFFF ||
	    (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

/* Whether a character may be shown as it is. */
static bool oracle_safe(uint32_t cp)
{
	static const uint32_t bad[][2] = {
		{ 0x00, 0x1F }, { 0x7F, 0x9F }, { 0x061C, 0x061C },
		{ 0x200E, 0x200F }, { 0x2028, 0x202E }, { 0x2066, 0x2069 },
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (cp >= bad[i][0] && cp <= bad[i][1])
			return false;
	return true;
}

/* Whether all n bytes at s are safe well-formed characters. */
static bool oracle_clean(const uint8_t *s, size_t n)
{
	uint32_t cp;
	size_t len;

	for (; n > 0; s += len, n -= len)
		if ((len = oracle_char(s, n, &cp)) == 0 || !oracle_safe(cp))
			return false;
	return true;
}

/* The bounded output: terminated, clean, the longest prefix of all. */
static void check_bounded(const uint8_t *text, size_t n, size_t cap,
                          const char *all, size_t all_len)
{
	char *out = malloc(cap ? cap : 1);
	size_t len, next;
	uint32_t cp;

	FZ_CHECK(out != NULL);
	len = outside_clean(out, cap, text, n);
	if (cap == 0) {
		FZ_CHECK(len == 0);
	} else {
		FZ_CHECK(len < cap && out[len] == '\0' && strlen(out) == len);
		FZ_CHECK(len <= all_len && memcmp(out, all, len) == 0);
		if (len < all_len) {
			next = oracle_char((const uint8_t *)all + len, all_len - len,
			                   &cp);
			FZ_CHECK(next > 0 && len + next > cap - 1);
		}
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const uint8_t *text = d + 1;
	size_t tn = n ? n - 1 : 0, all_cap = 3 * tn + 1, all_len;
	char *all;

	if (n == 0)
		return 0;
	all = malloc(all_cap);
	FZ_CHECK(all != NULL);
	all_len = outside_clean(all, all_cap, text, tn);
	FZ_CHECK(all_len < all_cap && all[all_len] == '\0');
	FZ_CHECK(strlen(all) == all_len);
	FZ_CHECK(oracle_clean((const uint8_t *)all, all_len));
	if (oracle_clean(text, tn))
		FZ_CHECK(all_len == tn && memcmp(all, text, tn) == 0);
	check_bounded(text, tn, d[0], all, all_len);
	free(all);
	return 0;
}
