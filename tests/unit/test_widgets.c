/* test_widgets.c - the screen's text logic without a terminal: wrapping by
 * display width (Finnish and Swedish letters are two bytes but one column,
 * CJK one character but two columns), cutting to a width, folding to
 * ASCII, the countdown bar's arithmetic, and a screen for every state. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "screens.h"
#include "widgets.h"

/* Wrapping needs a UTF-8 locale for wcwidth. */
static int setup_locale(void **state)
{
	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "C.utf8")) {
		fprintf(stderr, "no C.UTF-8 locale: install the Debian package "
		        "locales (or libc-bin)\n");
		return -1;
	}
	return 0;
}

/* The wrapped lines of s as one string, lines joined by '|'. */
static char *wrap_join(const char *s, int width, char *out, size_t outsz)
{
	struct wrap_line l[32];
	int n = text_wrap(s, width, l, 32);
	size_t o = 0;

	out[0] = '\0';
	for (int i = 0; i < n && i < 32; i++) {
		o += (size_t)snprintf(out + o, outsz - o, "%s%.*s", i ? "|" : "",
		                      (int)l[i].len, s + l[i].off);
		assert_true(l[i].width <= width);
	}
	return out;
}

/* Finnish text wraps at spaces by columns, not bytes. */
static void test_wrap_finnish(void **state)
{
	char out[512];
	const char *fi = "Mieti tunnusluvut valmiiksi ennen kuin aloitat. "
	                 "Kunkin koodin näppäilyyn on aikaa noin 30 sekuntia.";

	assert_string_equal(wrap_join(fi, 30, out, sizeof out),
	    "Mieti tunnusluvut valmiiksi|ennen kuin aloitat. Kunkin|"
	    "koodin näppäilyyn on aikaa|noin 30 sekuntia.");
	/* "näppäilyyn" is 10 columns (14 bytes): it fits a 10-column line */
	assert_string_equal(wrap_join("on näppäilyyn aikaa", 10, out, sizeof out),
	                    "on|näppäilyyn|aikaa");
}

/* Swedish: å, ä, ö count one column each. */
static void test_wrap_swedish(void **state)
{
	char out[512];
	struct wrap_line l[4];
	const char *sv = "Välj härnäst signeringskoden (PIN2).";

	assert_string_equal(wrap_join(sv, 20, out, sizeof out),
	                    "Välj härnäst|signeringskoden|(PIN2).");
	assert_int_equal(text_wrap("Försök kvar: 5", 14, l, 4), 1);
	assert_int_equal(l[0].width, 14);
	assert_int_equal(l[0].len, strlen("Försök kvar: 5"));
}

/* Wide characters take two columns; a word longer than a line is cut. */
static void test_wrap_wide_and_long(void **state)
{
	char out[512];

	assert_int_equal(text_width("漢字", strlen("漢字")), 4);
	assert_string_equal(wrap_join("漢字漢字", 5, out, sizeof out), "漢字|漢字");
	assert_string_equal(wrap_join("allekirjoitustunnusluku", 10, out,
	                              sizeof out), "allekirjoi|tustunnusl|uku");
	assert_string_equal(wrap_join("a\nb c", 10, out, sizeof out), "a|b c");
	assert_string_equal(wrap_join("", 10, out, sizeof out), "");
}

/* Cutting to a width never splits a character. */
static void test_fit(void **state)
{
	assert_int_equal(text_fit("äää", 2), 4);   /* two ä = 4 bytes */
	assert_int_equal(text_fit("abc", 10), 3);
	assert_int_equal(text_fit("漢字", 3), 3);   /* one wide char */
}

/* ASCII folding for terminals without UTF-8. */
static void test_fold_ascii(void **state)
{
	char out[128];

	text_fold_ascii("Päivää, Åland – Straße «ok» Šakki", out, sizeof out);
	assert_string_equal(out, "Paivaa, Aland - Strasse \"ok\" Sakki");
	/* the language files write ranges with an en dash */
	text_fold_ascii("4–8 numeroa, 0–9 = näppäile", out, sizeof out);
	assert_string_equal(out, "4-8 numeroa, 0-9 = nappaile");
	text_fold_ascii("\u2588 漢", out, sizeof out);
	assert_string_equal(out, "? ?");
	text_fold_ascii("Försök", out, 4);
	assert_string_equal(out, "For");
}

/* Invalid UTF-8 bytes are single replacement characters. */
static void test_decode(void **state)
{
	unsigned cp;

	assert_int_equal(text_decode("\xC3\xA4", 2, &cp), 2);
	assert_int_equal(cp, 0xE4);
	assert_int_equal(text_decode("\xC3", 1, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_decode("\xFF", 1, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
}

/* The bar: full at the start, rounded up, empty only at zero. */
static void test_countdown_fill(void **state)
{
	assert_int_equal(countdown_fill(30, 30, 30), 30);
	assert_int_equal(countdown_fill(29, 30, 30), 29);
	assert_int_equal(countdown_fill(15, 30, 10), 5);
	assert_int_equal(countdown_fill(14, 30, 10), 5);   /* 4.67 -> 5 */
	assert_int_equal(countdown_fill(1, 30, 10), 1);
	assert_int_equal(countdown_fill(0, 30, 10), 0);
	assert_int_equal(countdown_fill(40, 30, 10), 10);
	assert_int_equal(countdown_fill(5, 0, 10), 0);
	assert_int_equal(countdown_fill(5, 30, 0), 0);
}

/* The last ten seconds are urgent. */
static void test_countdown_urgent(void **state)
{
	assert_false(countdown_urgent(11));
	assert_true(countdown_urgent(10));
	assert_true(countdown_urgent(1));
}

/* Every state of the table has its screen. */
static void test_screen_for_every_state(void **state)
{
	(void)state;
	for (int s = 0; s < ST_COUNT; s++)
		if (!screen_for((enum fsm_state)s))
			fail_msg("state %s has no screen", fsm_state_name(s));
	assert_null(screen_for(ST_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap_finnish),
		cmocka_unit_test(test_wrap_swedish),
		cmocka_unit_test(test_wrap_wide_and_long),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_fold_ascii),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_countdown_fill),
		cmocka_unit_test(test_countdown_urgent),
		cmocka_unit_test(test_screen_for_every_state),
	};

	return cmocka_run_group_tests(tests, setup_locale, NULL);
}
