/* test_confcheck.c - the whole shipped configuration checks clean, and a
 * broken site (settings, languages, themes, card profiles) has every
 * problem printed as "file:line: message" and counted. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "conf_test_util.h"
#include "confcheck.h"
#include "settings.h"

/* The whole content of a file (malloc'd). */
static char *read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

/* Copy a shipped file into tmpdir/rel. */
static void copy_shipped(const char *src_rel, const char *rel)
{
	char src[512], *text;

	snprintf(src, sizeof src, "%s/%s", TOP_SRCDIR, src_rel);
	text = read_all(src);
	write_tmp(rel, text);
	free(text);
}

/* Run confcheck_all; returns its count and the printed text in *out. */
static int run_check(const struct settings *s, const char *path, char **out)
{
	FILE *f = tmpfile();
	int n;
	long len;

	assert_non_null(f);
	n = confcheck_all(s, path, f);
	len = ftell(f);
	rewind(f);
	*out = calloc(1, (size_t)len + 1);
	assert_non_null(*out);
	assert_int_equal(fread(*out, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	return n;
}

/* Assert that text has the line built from fmt. */
static void expect_line(const char *text, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (!has_line(text, line))
		fail_msg("expected line\n  %s\nin\n%s", line, text);
}

/* Number of non-empty lines. */
static int nonempty_lines(const char *text)
{
	int n = 0;

	for (const char *p = text; *p; p++)
		if (*p != '\n' && (p == text || p[-1] == '\n'))
			n++;
	return n;
}

/* The 1-based line number of the first line containing needle. */
static int line_of(const char *text, const char *needle)
{
	const char *hit = strstr(text, needle);
	int line = 1;

	assert_non_null(hit);
	for (const char *p = text; p < hit; p++)
		line += *p == '\n';
	return line;
}

/* Settings pointing at the shipped files in the source tree. */
static void shipped_settings(struct settings *s)
{
	settings_defaults(s);
	snprintf(s->lang_dir, sizeof s->lang_dir, "%s/conf/lang", TOP_SRCDIR);
	snprintf(s->theme_dir, sizeof s->theme_dir, "%s/themes", TOP_SRCDIR);
	snprintf(s->cards_file, sizeof s->cards_file, "%s/conf/cards.conf",
	         TOP_SRCDIR);
}

/* The configuration as shipped has no problem at all. */
static void test_shipped_clean(void **state)
{
	struct settings s;
	char *out;
	int n;

	(void)state;
	shipped_settings(&s);
	n = run_check(&s, TOP_SRCDIR "/conf/eidkiosk.conf", &out);
	if (n != 0)
		fail_msg("%d problems:\n%s", n, out);
	assert_string_equal(out, "");
	free(out);
	/* without a settings file too */
	assert_int_equal(confcheck_all(&s, NULL, NULL), 0);
}

/* Remove the line holding needle from text (in place). */
static void drop_line(char *text, const char *needle)
{
	char *hit = strstr(text, needle), *start, *end;

	assert_non_null(hit);
	for (start = hit; start > text && start[-1] != '\n'; start--)
		;
	end = strchr(hit, '\n');
	memmove(start, end + 1, strlen(end + 1) + 1);
}

/* Line numbers of the planted mistakes in the broken language files. */
struct planted {
	int fi_line, sv_line;
};

/* Build a broken site in tmpdir: fi.conf lacks tries_left, sv.conf has {m}
 * for {n} there, an extra theme has a typo, the cards file is missing and
 * the settings file has two mistakes. Returns the settings file's path. */
static const char *plant_site(struct planted *pl)
{
	char path[512], *fi, *sv;

	snprintf(path, sizeof path, "%s/lang", tmpdir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/themes", tmpdir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/conf/lang/fi.conf", TOP_SRCDIR);
	fi = read_all(path);
	drop_line(fi, "\ttries_left = ");
	pl->fi_line = line_of(fi, "messages = {");
	write_tmp("lang/fi.conf", fi);
	snprintf(path, sizeof path, "%s/conf/lang/sv.conf", TOP_SRCDIR);
	sv = read_all(path);
	strstr(strstr(sv, "\ttries_left = "), "{n}")[1] = 'm';
	pl->sv_line = line_of(sv, "\ttries_left = ");
	write_tmp("lang/sv.conf", sv);
	free(fi);
	free(sv);
	copy_shipped("conf/lang/en.conf", "lang/en.conf");
	copy_shipped("themes/default.theme", "themes/default.theme");
	write_tmp("themes/ugly.theme", "roles = {\n  menu_selcted = { };\n};\n");
	return write_tmp("eidkiosk.conf",
	    "files = { lang_dir = \"lang\"; theme_dir = \"themes\";\n"
	    "          cards = \"cards.conf\"; };\n"
	    "timeouts = { idle = 0; };\n"
	    "pin2 = { min = 8; max = 7; };\n");
}

/* A broken site: every problem in every file printed and counted. */
static void test_broken_site(void **state)
{
	struct settings s;
	struct planted pl;
	char *out, *cause = NULL;
	const char *conf;
	int n;

	(void)state;
	conf = plant_site(&pl);
	settings_defaults(&s);
	assert_int_equal(settings_load(&s, conf, &cause), -1);
	free(cause);
	n = run_check(&s, conf, &out);
	expect_line(out, "%s:3: timeouts.idle = 0 is out of range (allowed "
	            "15..3600)", conf);
	expect_line(out, "%s:4: pin2.min (8) is larger than pin2.max (7)", conf);
	expect_line(out, "%s/lang/fi.conf:%d: message \"tries_left\" is missing",
	            tmpdir, pl.fi_line);
	expect_line(out, "%s/lang/sv.conf:%d: message \"tries_left\" lacks the "
	            "placeholder {n}", tmpdir, pl.sv_line);
	expect_line(out, "%s/lang/sv.conf:%d: message \"tries_left\" has an "
	            "unknown placeholder {m}", tmpdir, pl.sv_line);
	expect_line(out, "%s/themes/ugly.theme:2: unknown role \"menu_selcted\" "
	            "(did you mean \"menu_selected\"?)", tmpdir);
	/* the theme a citizen can switch to must be there too */
	expect_line(out, "%s/themes/high-contrast.theme: cannot open: No such "
	            "file or directory", tmpdir);
	if (!strstr(out, "/cards.conf:"))
		fail_msg("no problem reported for the missing cards file:\n%s", out);
	assert_int_equal(nonempty_lines(out), 8);
	free(out);
	assert_int_equal(n, 8);
}

/* A theme or language that has no file is named. */
static void test_missing_files(void **state)
{
	struct settings s;
	char *out;

	(void)state;
	shipped_settings(&s);
	snprintf(s.theme, sizeof s.theme, "nope");
	snprintf(s.langs[s.nlangs++], sizeof s.langs[0], "de");
	assert_int_equal(run_check(&s, NULL, &out), 2);
	expect_line(out, "%s/themes/nope.theme: cannot open: No such file or "
	            "directory", TOP_SRCDIR);
	expect_line(out, "%s/conf/lang/de.conf: cannot open: No such file or "
	            "directory", TOP_SRCDIR);
	free(out);
}


/* Run every test of this file. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_clean),
		cmocka_unit_test(test_broken_site),
		cmocka_unit_test(test_missing_files),
	};
	return cmocka_run_group_tests(tests, tmpdir_make, tmpdir_remove);
}
