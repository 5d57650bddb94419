/* test_lang.c - the language catalogs are complete and consistent, the
 * loader reports broken files with file:line, and lang_format fills
 * placeholders safely. */
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
#include "lang.h"
#include "screens.h"

static const char *const codes[] = { "fi", "sv", "en" };

/* Path of a shipped catalog. */
static void shipped(char *buf, size_t n, const char *code)
{
	snprintf(buf, n, "%s/conf/lang/%s.conf", TOP_SRCDIR, code);
}

/* Assert that cause has line, showing cause when it does not. */
static void expect_line(const char *cause, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (!has_line(cause, line))
		fail_msg("expected line\n  %s\nin\n%s", line, cause);
}

/* Every shipped catalog defines every message and nothing more. */
static void test_complete(void **state)
{
	char path[512], *cause = NULL;
	struct lang l;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		shipped(path, sizeof path, codes[i]);
		if (lang_load_code(&l, TOP_SRCDIR "/conf/lang", codes[i], &cause) != 0)
			fail_msg("%s:\n%s", path, cause);
		assert_string_equal(l.code, codes[i]);
		assert_true(strlen(l.name) > 0);
		for (int id = 0; id < MSG_COUNT; id++) {
			assert_non_null(l.text[id]);
			assert_true(l.line[id] > 0);
		}
		lang_free(&l);
	}
}

/* qsort comparison of placeholder names. */
static int cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The sorted, unique {name} placeholders of text, joined by spaces. */
static void placeholders(const char *text, char *out, size_t n)
{
	char names[16][32];
	int k = 0;

	for (const char *p = strchr(text, '{'); p && k < 16;
	     p = strchr(p + 1, '{')) {
		size_t len = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789_");
		int dup = 0;
		if (len == 0 || len >= 32 || p[1 + len] != '}')
			continue;
		snprintf(names[k], sizeof names[k], "%.*s", (int)len, p + 1);
		for (int j = 0; j < k; j++)
			dup |= strcmp(names[j], names[k]) == 0;
		k += !dup;
	}
	qsort(names, (size_t)k, sizeof names[0], cmp_name);
	out[0] = '\0';
	for (int j = 0; j < k; j++) {
		strncat(out, names[j], n - strlen(out) - 1);
		strncat(out, " ", n - strlen(out) - 1);
	}
}

/* Translations use exactly the placeholders of the English texts
 * (checked here independently of lang_check_placeholders, and with it). */
static void test_placeholders_match(void **state)
{
	struct lang en, l;
	char *cause = NULL, a[256], b[256];

	(void)state;
	assert_int_equal(lang_load_code(&en, TOP_SRCDIR "/conf/lang", "en",
	                                &cause), 0);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(lang_load_code(&l, TOP_SRCDIR "/conf/lang", codes[i],
		                                &cause), 0);
		for (int id = 0; id < MSG_COUNT; id++) {
			placeholders(en.text[id], a, sizeof a);
			placeholders(l.text[id], b, sizeof b);
			if (strcmp(a, b) != 0)
				fail_msg("%s: %s has {%s} but English has {%s}", codes[i],
				         lang_key((enum msg_id)id), b, a);
		}
		if (lang_check_placeholders(&l, &en, &cause) != 0)
			fail_msg("%s", cause);
		assert_null(cause);
		lang_free(&l);
	}
	lang_free(&en);
}

/* Whether s is valid UTF-8 without control characters. */
static int utf8_ok(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80 ? 0 : (*s & 0xE0) == 0xC0 ? 1 :
		        (*s & 0xF0) == 0xE0 ? 2 : (*s & 0xF8) == 0xF0 ? 3 : -1;
		if (n < 0 || (n == 0 && *s < 0x20))
			return 0;
		if (n == 1 && *s < 0xC2)
			return 0;
		s++;
		while (n-- > 0)
			if ((*s++ & 0xC0) != 0x80)
				return 0;
	}
	return 1;
}

/* Texts are valid UTF-8, have no stray spaces, and the shared language
 * hint is the same everywhere so anyone can find it. */
static void test_texts_clean(void **state)
{
	struct lang l[3];
	char *cause = NULL;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(lang_load_code(&l[i], TOP_SRCDIR "/conf/lang",
		                                codes[i], &cause), 0);
		for (int id = 0; id < MSG_COUNT; id++) {
			const char *t = l[i].text[id];
			if (!utf8_ok((const unsigned char *)t) || t[0] == ' ' ||
			    t[strlen(t) - 1] == ' ' || strstr(t, "  "))
				fail_msg("%s: %s: \"%s\"", codes[i],
				         lang_key((enum msg_id)id), t);
		}
	}
	assert_string_equal(l[0].text[MSG_HINT_LANGUAGE],
	                    l[2].text[MSG_HINT_LANGUAGE]);
	assert_string_equal(l[1].name, "Svenska");
	assert_string_equal(l[2].text[MSG_WORD_OR], "or");
	for (size_t i = 0; i < 3; i++)
		lang_free(&l[i]);
}

/* Every text that sends the citizen to the staff gets the site's help after
 * it (scr_sends_to_staff), and only those: the English texts that name the
 * staff, but for the staff's own screens and the monitor. */
static void test_staff_texts(void **state)
{
	struct lang l;
	char *cause = NULL;

	(void)state;
	assert_int_equal(lang_load_code(&l, TOP_SRCDIR "/conf/lang", "en",
	                                &cause), 0);
	for (int id = 0; id < MSG_COUNT; id++) {
		const char *key = lang_key((enum msg_id)id);
		bool names = strstr(l.text[id], "staff") &&
		             strncmp(key, "staff_", 6) != 0 &&
		             strncmp(key, "mon_", 4) != 0;
		if (names != scr_sends_to_staff((enum msg_id)id))
			fail_msg("%s: \"%s\" %s the site's help", key, l.text[id],
			         names ? "lacks" : "needs no");
	}
	lang_free(&l);
}

/* DVV's words (the review of 2026-12, 1.1-1.4): what the citizen's letter
 * and DVV's pages say, nothing they do not; ranges with an en dash. */
static void test_dvv_words(void **state)
{
	static const struct { const char *code, *word; } never[] = {
		{ "sv", "signeringskod" }, { "sv", "Signeringskod" },
		{ "sv", "spärr" }, { "sv", "Spärr" }, { "sv", "apparat" },
		{ "sv", "Apparat" }, { "fi", "lukittunut" },
		{ "fi", "Lukittunut" }, { "fi", "lukittuu" },
		{ "en", "for good" }, { "en", "typed wrong" }, { "en", "go on" },
		{ "fi", "}-{" }, { "sv", "}-{" }, { "en", "}-{" },
		{ "fi", "0-9" }, { "sv", "0-9" }, { "en", "0-9" },
	};
	struct lang l[3];
	char *cause = NULL;
	int koodi = 0;

	(void)state;
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(lang_load_code(&l[i], TOP_SRCDIR "/conf/lang",
		                                codes[i], &cause), 0);
	for (size_t w = 0; w < sizeof never / sizeof never[0]; w++) {
		size_t i = 0;
		while (strcmp(codes[i], never[w].code) != 0)
			i++;
		for (int id = 0; id < MSG_COUNT; id++)
			if (strstr(l[i].text[id], never[w].word))
				fail_msg("%s: %s: \"%s\" says \"%s\"", codes[i],
				         lang_key((enum msg_id)id), l[i].text[id],
				         never[w].word);
	}
	/* fi: "aktivointitunnusluku", and once, in the first prompt, the
	 * common word for it */
	for (int id = 0; id < MSG_COUNT; id++)
		if (strstr(l[0].text[id], "ktivointikoodi"))
			koodi++;
	assert_int_equal(koodi, 1);
	assert_non_null(strstr(l[0].text[MSG_PROMPT_PUK],
	                       "aktivointitunnusluku (aktivointikoodi)"));
	assert_non_null(strstr(l[1].text[MSG_NAME_PIN2], "Signaturkod"));
	for (size_t i = 0; i < 3; i++)
		lang_free(&l[i]);
}

/* Keys and ids map both ways; lang_get falls back to the key. */
static void test_keys(void **state)
{
	(void)state;
	assert_int_equal(MSG_COUNT > 100, 1);
	for (int id = 0; id < MSG_COUNT; id++)
		assert_int_equal(lang_find_key(lang_key((enum msg_id)id)), id);
	assert_int_equal(lang_find_key("no_such_key"), -1);
	assert_string_equal(lang_key(MSG_WELCOME_TITLE), "welcome_title");
	assert_string_equal(lang_get(NULL, MSG_WELCOME_TITLE), "welcome_title");
}

/* Unknown, mistyped, missing and wrong-type messages: all reported, each
 * at its own line. */
static void test_broken_keys(void **state)
{
	const char *path;
	char *cause = NULL;
	struct lang l;

	(void)state;
	path = write_tmp("en.conf",
	    "language = { code = \"en\"; name = \"English\"; };\n"
	    "messages = {\n"
	    "  welcome_titel = \"Hello\";\n"
	    "  app_title = 5;\n"
	    "  countdown = \"\";\n"
	    "};\n"
	    "extra = 1;\n");
	assert_int_equal(lang_load(&l, path, &cause), -1);
	assert_non_null(cause);
	expect_line(cause, "%s:3: unknown message \"welcome_titel\" (did you mean "
	            "\"welcome_title\"?)", path);
	expect_line(cause, "%s:4: message \"app_title\" must be a string", path);
	expect_line(cause, "%s:5: message \"countdown\" is empty", path);
	expect_line(cause, "%s:2: message \"welcome_title\" is missing", path);
	expect_line(cause, "%s:7: unknown setting \"extra\" (expected language and "
	            "messages)", path);
	/* every message but the two present ones is missing: one line each */
	assert_int_equal(count_lines(cause), 4 + (MSG_COUNT - 2));
	assert_null(l.text[MSG_WELCOME_TITLE]);
	free(cause);
}

/* Syntax errors and duplicates come with libconfig's line. */
static void test_broken_syntax(void **state)
{
	const char *path;
	char *cause = NULL;
	struct lang l;

	(void)state;
	path = write_tmp("dup.conf",
	    "language = { code = \"en\"; name = \"English\"; };\n"
	    "messages = {\n"
	    "  app_title = \"A\";\n"
	    "  app_title = \"B\";\n"
	    "};\n");
	assert_int_equal(lang_load(&l, path, &cause), -1);
	expect_line(cause, "%s:4: duplicate setting name", path);
	assert_int_equal(count_lines(cause), 1);
	free(cause);

	path = write_tmp("syntax.conf",
	    "language = { code = \"en\"; name = \"English\"; };\n"
	    "messages = {\n"
	    "  app_title = \"A\";\n"
	    "  countdown = ;\n"
	    "};\n");
	assert_int_equal(lang_load(&l, path, &cause), -1);
	expect_line(cause, "%s:4: syntax error", path);
	free(cause);

	assert_int_equal(lang_load(&l, "/nonexistent/xx.conf", &cause), -1);
	expect_line(cause, "/nonexistent/xx.conf: cannot open: No such file or "
	            "directory");
	free(cause);
}

/* A file that claims another language, and a bad code. */
static void test_wrong_code(void **state)
{
	char *cause = NULL, src[512], buf[200000], expect[512];
	struct lang l;
	FILE *f;
	size_t n;

	(void)state;
	shipped(src, sizeof src, "sv");
	f = fopen(src, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	write_tmp("fi.conf", buf);  /* Swedish texts under the Finnish name */
	assert_int_equal(lang_load_code(&l, tmpdir, "fi", &cause), -1);
	snprintf(expect, sizeof expect, "%s/fi.conf: language.code is \"sv\" but "
	         "the file is for \"fi\"", tmpdir);
	expect_line(cause, "%s", expect);
	free(cause);
	assert_int_equal(lang_load_code(&l, tmpdir, "../x", &cause), -1);
	free(cause);
}

/* A translation that drops or invents a placeholder is reported at the
 * message's line. */
static void test_placeholder_mismatch(void **state)
{
	struct lang en, l;
	char *cause = NULL;
	const char *path;

	(void)state;
	assert_int_equal(lang_load_code(&en, TOP_SRCDIR "/conf/lang", "en",
	                                &cause), 0);
	assert_int_equal(lang_load_code(&l, TOP_SRCDIR "/conf/lang", "en",
	                                &cause), 0);
	free(l.text[MSG_TRIES_LEFT]);
	l.text[MSG_TRIES_LEFT] = strdup("Tries left: {count}");
	path = l.path;
	assert_int_equal(lang_check_placeholders(&l, &en, &cause), 2);
	expect_line(cause, "%s:%d: message \"tries_left\" lacks the placeholder "
	            "{n}", path, l.line[MSG_TRIES_LEFT]);
	expect_line(cause, "%s:%d: message \"tries_left\" has an unknown "
	            "placeholder {count}", path, l.line[MSG_TRIES_LEFT]);
	free(cause);
	lang_free(&l);
	lang_free(&en);
}

/* lang_format: filling, unknown names, braces that are not placeholders. */
static void test_format(void **state)
{
	const char *keys[] = { "n", "min", NULL };
	const char *vals[] = { "3", "4", NULL };
	char out[64];

	(void)state;
	assert_int_equal(lang_format("Tries left: {n}", keys, vals, out,
	                             sizeof out), 13);
	assert_string_equal(out, "Tries left: 3");
	lang_format("{min}-{max} {n}{n}", keys, vals, out, sizeof out);
	assert_string_equal(out, "4-{max} 33");
	lang_format("{ n} {} {N} {n", keys, vals, out, sizeof out);
	assert_string_equal(out, "{ n} {} {N} {n");
	lang_format("plain", NULL, NULL, out, sizeof out);
	assert_string_equal(out, "plain");
}

/* lang_format never overflows and never cuts a UTF-8 character. */
static void test_format_truncate(void **state)
{
	const char *keys[] = { "n", NULL };
	const char *vals[] = { "äää", NULL };
	char out[6];

	(void)state;
	memset(out, 'X', sizeof out);
	/* "Aikaa äää s" is 14 bytes */
	assert_int_equal(lang_format("Aikaa {n} s", keys, vals, out, 0), 14);
	assert_int_equal(out[0], 'X');
	assert_int_equal(lang_format("Aikaa {n} s", keys, vals, out, sizeof out),
	                 14);
	assert_string_equal(out, "Aikaa");
	assert_int_equal(lang_format("ab{n}", keys, vals, out, 5), 8);
	assert_string_equal(out, "abä");   /* 4 bytes fit, no half character */
	assert_int_equal(lang_format("ab{n}", keys, vals, out, 4), 8);
	assert_string_equal(out, "ab");
}


/* Run every test of this file. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_placeholders_match),
		cmocka_unit_test(test_texts_clean),
		cmocka_unit_test(test_staff_texts),
		cmocka_unit_test(test_dvv_words),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_broken_keys),
		cmocka_unit_test(test_broken_syntax),
		cmocka_unit_test(test_wrong_code),
		cmocka_unit_test(test_placeholder_mismatch),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_truncate),
	};
	return cmocka_run_group_tests(tests, tmpdir_make, tmpdir_remove);
}
