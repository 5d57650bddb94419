/* test_staff_code.c - the staff code's salted, slow hash: made, parsed and
 * checked; lines that are not ours refused with a reason; the file others
 * may read refused; eidkiosk --hash-staff-code from a pipe. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "cause.h"
#include "staff_code.h"

#define CODE "97531864"

/* A fresh line for CODE with the fewest iterations allowed. */
static void make(char line[STAFF_LINE_MAX])
{
	const char *why;

	assert_int_equal(staff_code_make(CODE, 8, STAFF_ITER_MIN, line,
	                                 STAFF_LINE_MAX, &why), 0);
}

/* Made, parsed, checked: the code matches, any other does not; two lines
 * for the same code differ (salt). */
static void test_round_trip(void **state)
{
	char a[STAFF_LINE_MAX], b[STAFF_LINE_MAX];
	struct staff_hash h;
	const char *why;

	(void)state;
	make(a);
	make(b);
	assert_string_not_equal(a, b);
	assert_null(strstr(a, CODE));
	assert_int_equal(strncmp(a, "$pbkdf2-sha256$100000$", 22), 0);
	assert_int_equal(staff_code_parse(a, &h, &why), 0);
	assert_int_equal(h.iter, STAFF_ITER_MIN);
	assert_true(staff_code_check(&h, CODE, 8));
	assert_false(staff_code_check(&h, "97531865", 8));
	assert_false(staff_code_check(&h, CODE, 7));
	assert_false(staff_code_check(&h, "", 0));
}

/* Codes too short or not digits are refused, saying why. */
static void test_make_refuses(void **state)
{
	char line[STAFF_LINE_MAX];
	const char *why;

	(void)state;
	assert_int_equal(staff_code_make("1234567", 7, STAFF_ITER_MIN, line,
	                                 sizeof line, &why), -2);
	assert_non_null(strstr(why, "at least 8"));
	assert_int_equal(staff_code_make("1234567a", 8, STAFF_ITER_MIN, line,
	                                 sizeof line, &why), -2);
	assert_int_equal(staff_code_make(CODE, 8, 1000, line, sizeof line,
	                                 &why), -1);
}

/* Lines that are not a staff code hash, each refused with a reason. */
static void test_parse_refuses(void **state)
{
	static const char *const bad[] = {
		"", "24681357",
		"5994471abb01112afcc18159f6cc74b4f511b99806da59b3caf5a9c173cacfc5",
		"$pbkdf2-sha256$", "$pbkdf2-sha256$x$AAAA$AAAA",
		"$pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==",
		"$pbkdf2-sha256$100000$AAAA$"
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
		"$pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
		"$pbkdf2-sha1$100000$AAAAAAAAAAAAAAAAAAAAAA==$"
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
	};
	char line[STAFF_LINE_MAX];
	struct staff_hash h;
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		if (staff_code_parse(bad[i], &h, &why) == 0)
			fail_msg("accepted: %s", bad[i]);
		assert_non_null(why);
	}
	make(line);
	memcpy(line + 15, "099999", 6);      /* too few iterations */
	assert_int_equal(staff_code_parse(line, &h, &why), -1);
	assert_non_null(strstr(why, "too few iterations"));
}

/* The file: read when only owner and group may read it; refused when
 * others may, and when it is a link. */
static void test_load(void **state)
{
	char dir[] = "/tmp/test_staff_code.XXXXXX", path[64], link[64];
	char line[STAFF_LINE_MAX], *err = NULL;
	struct staff_hash h;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/staff.code", dir);
	snprintf(link, sizeof link, "%s/link", dir);
	make(line);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", line);
	fclose(f);
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(staff_code_load(path, &h, &err), 0);
	assert_true(staff_code_check(&h, CODE, 8));
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(staff_code_load(path, &h, &err), -1);
	assert_non_null(strstr(err, "others may read or change it"));
	cause_drop(&err);
	assert_int_equal(chmod(path, 0660), 0);
	assert_int_equal(staff_code_load(path, &h, &err), -1);
	cause_drop(&err);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(staff_code_load(link, &h, &err), -1);
	cause_drop(&err);
	unlink(link);
	unlink(path);
	assert_int_equal(staff_code_load(path, &h, &err), -1);
	cause_drop(&err);
	rmdir(dir);
	free(err);
}

/* The command from a pipe: one line in, the hash line out; a short code
 * is refused with status 2 and nothing on out. */
static void test_cmd(void **state)
{
	char buf[512] = "", err[512] = "";
	struct staff_hash h;
	const char *why;
	FILE *in, *out, *er;

	(void)state;
	in = fmemopen((char *)CODE "\n", 9, "r");
	out = fmemopen(buf, sizeof buf, "w");
	er = fmemopen(err, sizeof err, "w");
	assert_int_equal(staff_code_cmd(in, out, er, STAFF_ITER_MIN), 0);
	fclose(in);
	fclose(out);
	fclose(er);
	buf[strcspn(buf, "\n")] = '\0';
	assert_int_equal(staff_code_parse(buf, &h, &why), 0);
	assert_true(staff_code_check(&h, CODE, 8));
	memset(buf, 0, sizeof buf);
	in = fmemopen((char *)"1234\n", 5, "r");
	out = fmemopen(buf, sizeof buf, "w");
	er = fmemopen(err, sizeof err, "w");
	assert_int_equal(staff_code_cmd(in, out, er, STAFF_ITER_MIN), 2);
	fclose(in);
	fclose(out);
	fclose(er);
	assert_string_equal(buf, "");
	assert_non_null(strstr(err, "at least 8"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_make_refuses),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_cmd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
