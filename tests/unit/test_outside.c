/* test_outside.c - the one cleaner of text from outside (outside.h): clean
 * printable UTF-8 passes unchanged; every control, bidirectional control
 * and ill-formed sequence becomes U+FFFD; the output is bounded and never
 * cut inside a character. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "outside.h"

#define R OUTSIDE_REPLACEMENT

/* Clean a C string of n bytes into a large buffer; compare with want. */
static void expect(const char *in, size_t n, const char *want)
{
	char out[256];

	assert_int_equal(outside_clean(out, sizeof out, in, n), strlen(want));
	assert_string_equal(out, want);
}

#define EXPECT(in, want) expect(in, sizeof in - 1, want)

/* Names as cards carry them, and printable text of every length. */
static void test_clean_kept(void **state)
{
	static const char *const clean[] = {
		"", "Matti Tapani Meik\xC3\xA4l\xC3\xA4inen", "O'Brien \"Jr\" \\ x",
		"\xC3\x85sa \xC3\x96" "berg", "\xE2\x82\xAC \xE6\x97\xA5\xE6\x9C\xAC",
		"\xF0\x9F\x98\x80 U+1F600", "\xEF\xBF\xBD already replaced",
		"\xC2\xA0nbsp \xC2\xA0", "Virtual PCD 00 00",
		"\xF4\x8F\xBF\xBF last", "\xEE\x80\x80 private use",
	};

	(void)state;
	for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++)
		expect(clean[i], strlen(clean[i]), clean[i]);
}

/* C0 (NUL included), DEL and C1, encoded or raw. */
static void test_controls(void **state)
{
	(void)state;
	EXPECT("a\x1b[2Jb", "a" R "[2Jb");
	EXPECT("\x1b]0;T\x07", R "]0;T" R);
	EXPECT("t\tn\nr\r", "t" R "n" R "r" R);
	EXPECT("a\0b", "a" R "b");
	EXPECT("\x7f", R);
	EXPECT("\xC2\x80\xC2\x85\xC2\x9B" "2J\xC2\x9D\xC2\x9F", R R R "2J" R R);
	EXPECT("\x9b" "31m\x9d" "0;x\x9c", R "31m" R "0;x" R);
	EXPECT("\xC2\xA0", "\xC2\xA0");     /* U+00A0, the first after C1 */
}

/* Bidirectional controls and the line and paragraph separators. */
static void test_bidi(void **state)
{
	static const char *const bad[] = {
		"\xD8\x9C", "\xE2\x80\x8E", "\xE2\x80\x8F", "\xE2\x80\xA8",
		"\xE2\x80\xA9", "\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC",
		"\xE2\x80\xAD", "\xE2\x80\xAE", "\xE2\x81\xA6", "\xE2\x81\xA7",
		"\xE2\x81\xA8", "\xE2\x81\xA9",
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect(bad[i], strlen(bad[i]), R);
	EXPECT("abc\xE2\x80\xAE" "fdp.exe", "abc" R "fdp.exe");
	EXPECT("\xE2\x80\x8D\xE2\x81\xA5\xE2\x80\xA7", /* ZWJ, U+2065, U+2027 */
	       "\xE2\x80\x8D\xE2\x81\xA5\xE2\x80\xA7");
}

/* Ill-formed UTF-8: one U+FFFD for each maximal subpart. */
static void test_ill_formed(void **state)
{
	(void)state;
	EXPECT("\x80", R);                        /* stray continuation */
	EXPECT("\xC0\xAF", R R);                  /* overlong '/' */
	EXPECT("\xC1\xBF", R R);
	EXPECT("\xE0\x80\xAF", R R R);            /* overlong, 3 bytes */
	EXPECT("\xF0\x80\x80\xAF", R R R R);      /* overlong, 4 bytes */
	EXPECT("\xED\xA0\x80", R R R);            /* surrogate U+D800 */
	EXPECT("\xED\xBF\xBF", R R R);
	EXPECT("\xF4\x90\x80\x80", R R R R);      /* past U+10FFFF */
	EXPECT("\xF5\x80", R R);
	EXPECT("\xFF\xFE", R R);
	EXPECT("\xE2\x82", R);                    /* truncated at the end */
	EXPECT("\xE2\x82x", R "x");               /* ... and in the middle */
	EXPECT("\xF0\x9F\x98", R);
	EXPECT("\xF0\x9F\x98\xC3\xA4", R "\xC3\xA4");
	EXPECT("a\xC3", "a" R);
}

/* A full buffer ends on a whole character or replacement. */
static void test_bounded(void **state)
{
	const char in[] = "ab\xC3\xA4\xE2\x82\xAC\x1b!";
	char out[16];

	(void)state;
	/* cap: what fits, strlen */
	static const struct { size_t cap; const char *want; } t[] = {
		{ 1, "" }, { 2, "a" }, { 3, "ab" }, { 4, "ab" },
		{ 5, "ab\xC3\xA4" }, { 7, "ab\xC3\xA4" },
		{ 8, "ab\xC3\xA4\xE2\x82\xAC" }, { 10, "ab\xC3\xA4\xE2\x82\xAC" },
		{ 11, "ab\xC3\xA4\xE2\x82\xAC" R },
		{ 12, "ab\xC3\xA4\xE2\x82\xAC" R "!" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(out, 'Z', sizeof out);
		assert_int_equal(outside_clean(out, t[i].cap, in, sizeof in - 1),
		                 strlen(t[i].want));
		assert_string_equal(out, t[i].want);
		assert_int_equal(out[t[i].cap], 'Z');  /* nothing past cap */
	}
	memset(out, 'Z', sizeof out);
	assert_int_equal(outside_clean(out, 0, in, sizeof in - 1), 0);
	assert_int_equal(out[0], 'Z');
	assert_int_equal(outside_clean(out, sizeof out, NULL, 0), 0);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_kept),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_bidi),
		cmocka_unit_test(test_ill_formed),
		cmocka_unit_test(test_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
