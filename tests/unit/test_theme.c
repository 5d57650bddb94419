/* test_theme.c - shipped themes load cleanly and keep their promises (high
 * contrast, monochrome, a usable fallback without colour), broken themes
 * are reported with file:line, and theme_attr picks the right attributes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "conf_test_util.h"
#include "theme.h"

static const char *const shipped[] = { "default", "high-contrast", "mono" };

/* Assert that cause has the line "<path>:<rest>". */
static void expect_line(const char *cause, const char *path,
                        const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n = snprintf(line, sizeof line, "%s:", path);

	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	if (!has_line(cause, line))
		fail_msg("expected line\n  %s\nin\n%s", line, cause ? cause : "(none)");
}

/* Load a shipped theme, failing with its problems. */
static void load_shipped(struct theme *t, const char *name)
{
	char *cause = NULL;

	if (theme_load_name(t, TOP_SRCDIR "/themes", name, &cause) != 0)
		fail_msg("%s", cause);
	assert_string_equal(t->name, name);
}

/* Every shipped theme loads; the built-in one equals default.theme. */
static void test_shipped(void **state)
{
	struct theme t, b;

	(void)state;
	for (size_t i = 0; i < 3; i++)
		load_shipped(&t, shipped[i]);
	load_shipped(&t, "default");
	theme_builtin(&b);
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (memcmp(&t.role[r], &b.role[r], sizeof t.role[r]) != 0)
			fail_msg("role %s differs from the built-in one",
			         theme_role_name((enum theme_role)r));
	}
}

/* Roles that must stand out do so without colour, in every theme. */
static void test_mono_fallback(void **state)
{
	static const enum theme_role loud[] = {
		ROLE_TITLE, ROLE_HINT, ROLE_WARNING, ROLE_ERROR, ROLE_SUCCESS,
		ROLE_COUNTDOWN_URGENT, ROLE_FIELD, ROLE_MENU_SELECTED, ROLE_STATUS,
	};
	struct theme t;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		load_shipped(&t, shipped[i]);
		for (size_t j = 0; j < sizeof loud / sizeof loud[0]; j++)
			if (t.role[loud[j]].mono == 0)
				fail_msg("%s: role %s has no mono attributes", shipped[i],
				         theme_role_name(loud[j]));
		/* the selected menu item must differ from the others */
		assert_int_not_equal(t.role[ROLE_MENU_SELECTED].mono,
		                     t.role[ROLE_MENU].mono);
		assert_int_not_equal(t.role[ROLE_COUNTDOWN_URGENT].mono,
		                     t.role[ROLE_COUNTDOWN].mono);
	}
}

/* High contrast: only black, white and yellow, everything bold, and text
 * on black or black on white/yellow. */
static void test_high_contrast(void **state)
{
	struct theme t;

	(void)state;
	load_shipped(&t, "high-contrast");
	for (int r = 0; r < ROLE_COUNT; r++) {
		short fg = t.role[r].fg, bg = t.role[r].bg;
		int light_on_black = bg == 0 && (fg == 15 || fg == 11 || fg == 7 ||
		                                 fg == 3);
		int black_on_light = fg == 0 && (bg == 15 || bg == 11 || bg == 7 ||
		                                 bg == 3);
		if (!light_on_black && !black_on_light)
			fail_msg("role %s: fg %d on bg %d is not high contrast",
			         theme_role_name((enum theme_role)r), fg, bg);
		if (r != ROLE_FRAME && !(t.role[r].attrs & THEME_BOLD))
			fail_msg("role %s is not bold", theme_role_name((enum theme_role)r));
	}
}

/* Mono: no colours at all. */
static void test_mono_theme(void **state)
{
	struct theme t;

	(void)state;
	load_shipped(&t, "mono");
	for (int r = 0; r < ROLE_COUNT; r++) {
		assert_int_equal(t.role[r].fg, -1);
		assert_int_equal(t.role[r].bg, -1);
		assert_int_equal(t.role[r].attrs, t.role[r].mono);
	}
}

/* theme_attr: colour pair and attributes, or attributes only. */
static void test_attr(void **state)
{
	struct theme t;
	short pair = 99;
	attr_t a;

	(void)state;
	theme_builtin(&t);
	a = theme_attr(&t, ROLE_COUNTDOWN_URGENT, true, &pair);
	assert_int_equal(pair, ROLE_COUNTDOWN_URGENT + 1);
	assert_true(a & A_BOLD);
	assert_false(a & A_REVERSE);
	a = theme_attr(&t, ROLE_COUNTDOWN_URGENT, false, &pair);
	assert_int_equal(pair, 0);
	assert_true(a & A_BOLD);
	assert_true(a & A_REVERSE);
	a = theme_attr(&t, ROLE_NORMAL, false, &pair);
	assert_int_equal(a, A_NORMAL);
	/* the terminal's own colours take no pair: no colour change sent */
	theme_attr(&t, ROLE_COUNTDOWN, true, &pair);
	assert_int_equal(pair, 0);
	theme_attr(&t, ROLE_TITLE, true, &pair);
	assert_int_equal(pair, ROLE_TITLE + 1);
	a = theme_attr(&t, ROLE_ERROR, false, NULL);
	assert_true(a & A_UNDERLINE);
	assert_string_equal(theme_role_name(ROLE_MENU_SELECTED), "menu_selected");
}

/* A theme that leaves roles out keeps the built-in values for them. */
static void test_partial(void **state)
{
	struct theme t, b;
	char *cause = NULL;
	const char *p;

	(void)state;
	p = write_tmp("part.theme",
	    "title = \"Part\";\n"
	    "roles = { error = { fg = \"magenta\"; mono = [\"blink\"]; }; };\n");
	assert_int_equal(theme_load(&t, p, &cause), 0);
	assert_null(cause);
	theme_builtin(&b);
	assert_string_equal(t.name, "part");
	assert_string_equal(t.title, "Part");
	assert_int_equal(t.role[ROLE_ERROR].fg, 5);
	assert_int_equal(t.role[ROLE_ERROR].bg, b.role[ROLE_ERROR].bg);
	assert_int_equal(t.role[ROLE_ERROR].mono, THEME_BLINK);
	assert_memory_equal(&t.role[ROLE_TITLE], &b.role[ROLE_TITLE],
	                    sizeof t.role[ROLE_TITLE]);
}

/* Every mistake of a broken theme on its own line. */
static void test_broken(void **state)
{
	struct theme t;
	char *cause = NULL;
	const char *p;

	(void)state;
	p = write_tmp("bad.theme",
	    "title = \"Bad\";\n"                                              /* 1 */
	    "roles = {\n"                                                     /* 2 */
	    "  warnign = { fg = \"yellow\"; };\n"                             /* 3 */
	    "  error = { fg = \"rde\"; bg = \"bright-purple\"; };\n"          /* 4 */
	    "  title = { attrs = [\"bold\", \"italic\"]; fgg = \"red\"; };\n" /* 5 */
	    "  field = { fg = \"white\"; bg = \"white\"; };\n"                /* 6 */
	    "  hint = \"red\";\n"                                             /* 7 */
	    "  menu = { mono = \"bold\"; fg = 3; };\n"                        /* 8 */
	    "};\n"
	    "colours = 1;\n");                                                /* 10 */
	assert_int_equal(theme_load(&t, p, &cause), -1);
	expect_line(cause, p, "3: unknown role \"warnign\" (did you mean "
	            "\"warning\"?)");
	expect_line(cause, p, "4: unknown colour \"rde\" (did you mean \"red\"?)");
	expect_line(cause, p, "4: unknown colour \"bright-purple\"");
	expect_line(cause, p, "5: unknown attribute \"italic\"");
	expect_line(cause, p, "5: unknown setting \"fgg\" (did you mean \"fg\"?)");
	expect_line(cause, p, "6: field: fg and bg are the same colour, so the "
	            "text would be invisible");
	expect_line(cause, p, "7: hint must be a group like { fg = \"white\"; "
	            "bg = \"black\"; }");
	expect_line(cause, p, "8: menu.mono must be a list like [\"bold\", "
	            "\"reverse\"]");
	expect_line(cause, p, "8: menu.fg must be a colour name in quotes, like "
	            "\"white\"");
	expect_line(cause, p, "10: unknown setting \"colours\"");
	assert_int_equal(count_lines(cause), 10);
	free(cause);

	p = write_tmp("syntax.theme", "title = \"x\";\nroles = { error = { fg = ; }; };\n");
	assert_int_equal(theme_load(&t, p, &cause), -1);
	expect_line(cause, p, "2: syntax error");
	free(cause);

	assert_int_equal(theme_load_name(&t, tmpdir, "absent", &cause), -1);
	p = write_tmp("absent.theme", "");
	unlink(p);
	expect_line(cause, p, " cannot open: No such file or directory");
	free(cause);
}


/* Run every test of this file. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_mono_fallback),
		cmocka_unit_test(test_high_contrast),
		cmocka_unit_test(test_mono_theme),
		cmocka_unit_test(test_attr),
		cmocka_unit_test(test_partial),
		cmocka_unit_test(test_broken),
	};
	return cmocka_run_group_tests(tests, tmpdir_make, tmpdir_remove);
}
