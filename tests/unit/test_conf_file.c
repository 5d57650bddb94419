/* test_conf_file.c - what every loader refuses before libconfig reads a
 * file (@include, NUL bytes, huge files), and that what it accepts parses
 * with the same line numbers libconfig would give. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "conf_file.h"
#include "conf_test_util.h"

/* Parse text written to a file; returns conf_file_parse's result, its
 * cause copied into why. */
static int parse_text(const char *text, size_t n, int *line, char *why,
                      size_t whysz)
{
	const char *path = write_tmp("t.conf", "");
	FILE *f = fopen(path, "w");
	char *cause = NULL;
	config_t cfg;
	int rc;

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, n, f), n);
	fclose(f);
	config_init(&cfg);
	rc = conf_file_parse(&cfg, path, line, &cause);
	snprintf(why, whysz, "%s", cause ? cause : "");
	free(cause);
	if (rc == 0) {
		int v = 0;
		assert_true(config_lookup_int(&cfg, "a.b", &v));
		assert_int_equal(v, 7);
	}
	config_destroy(&cfg);
	return rc;
}

#define PARSE(lit) parse_text(lit, sizeof lit - 1, &line, why, sizeof why)
#define INCLUDE_LINE(lit) conf_file_include_line(lit, sizeof lit - 1)

static void test_good(void **state)
{
	char why[256] = "";
	int line = -1;

	(void)state;
	assert_int_equal(PARSE("# x\na = { b = 7; };\n"), 0);
	assert_int_equal(line, 0);
	/* Not at the start of a line: text, not an include. */
	assert_int_equal(PARSE("a = { b = 7; c = \"mail @include\"; };\n"), 0);
}

static void test_syntax_error_line(void **state)
{
	char why[256] = "";
	int line = 0;

	(void)state;
	assert_int_equal(PARSE("a = { b = 7; };\n\nc = ;\n"), -1);
	assert_int_equal(line, 3);
	assert_string_equal(why, "syntax error");
}

static void test_include_refused(void **state)
{
	char why[256] = "";
	int line = 0;

	(void)state;
	/* A directory here used to make libconfig exit() the process. */
	assert_int_equal(PARSE("a = { b = 7; };\n@include \"/\"\n"), -1);
	assert_int_equal(line, 2);
	assert_non_null(strstr(why, "@include is not supported"));
	assert_int_equal(PARSE("a = { b = 7; };\n\n \t@INCLUDE \"x\"\n"), -1);
	assert_int_equal(line, 3);
	assert_int_equal(INCLUDE_LINE("@include"), 1);
	assert_int_equal(INCLUDE_LINE("@inclu"), 0);
	assert_int_equal(INCLUDE_LINE("x\n\n\n  @include"), 4);
	assert_int_equal(INCLUDE_LINE("x @include"), 0);
}

static void test_nul_refused(void **state)
{
	char why[256] = "";
	int line = 0;

	(void)state;
	assert_int_equal(PARSE("a = { b = 7; };\n# \0 hidden\nc = 1;\n"), -1);
	assert_int_equal(line, 2);
	assert_non_null(strstr(why, "NUL byte"));
}

static void test_huge_refused(void **state)
{
	size_t n = CONF_FILE_MAX + 1;
	char *big = malloc(n), why[256] = "";
	int line = -1;

	(void)state;
	assert_non_null(big);
	memset(big, '#', n);
	assert_int_equal(parse_text(big, n, &line, why, sizeof why), -1);
	assert_int_equal(line, 0);
	assert_non_null(strstr(why, "larger than 1024 KiB"));
	free(big);
}

static void test_missing(void **state)
{
	char *why = NULL;
	int line = -1;
	config_t cfg;

	(void)state;
	config_init(&cfg);
	assert_int_equal(conf_file_parse(&cfg, "/nonexistent/x.conf", &line,
	                                 &why), -1);
	config_destroy(&cfg);
	assert_int_equal(line, 0);
	assert_string_equal(why, "cannot open: No such file or directory");
	free(why);
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_syntax_error_line),
		cmocka_unit_test(test_include_refused),
		cmocka_unit_test(test_nul_refused),
		cmocka_unit_test(test_huge_refused),
		cmocka_unit_test(test_missing),
	};
	return cmocka_run_group_tests(tests, tmpdir_make, tmpdir_remove);
}
