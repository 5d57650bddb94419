/* test_pin_rules.c - the PIN rules as a table of (PIN, policy, verdict). */
#include "build-config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "pin_rules.h"

/* PIN1 as DVV tells citizens, PIN2 likewise, the card's own PIN2 range,
 * each rule alone, and no rules at all. */
static const struct pin_policy pol_pin1 = { 4, 8, true, true, true };
static const struct pin_policy pol_pin2 = { 6, 8, true, true, true };
static const struct pin_policy pol_card = { 6, 12, true, true, true };
static const struct pin_policy pol_date = { 4, 12, false, false, true };
static const struct pin_policy pol_run = { 1, 12, false, true, false };
static const struct pin_policy pol_same = { 1, 12, true, false, false };
static const struct pin_policy pol_none = { 4, 12, false, false, false };

struct row {
	const char *pin;
	const struct pin_policy *pol;
	enum pin_verdict want;
	const char *why;
};

static const struct row rows[] = {
	/* Digits only, checked before anything else. */
	{ "12a4", &pol_pin1, PIN_NOT_DIGITS, "letter" },
	{ "12 4", &pol_pin1, PIN_NOT_DIGITS, "space" },
	{ "12a", &pol_pin1, PIN_NOT_DIGITS, "not digits beats too short" },
	{ "123456789x", &pol_pin1, PIN_NOT_DIGITS, "not digits beats too long" },
	{ "-123", &pol_pin1, PIN_NOT_DIGITS, "minus sign" },
	/* Length bounds. */
	{ "", &pol_pin1, PIN_TOO_SHORT, "empty" },
	{ "583", &pol_pin1, PIN_TOO_SHORT, "one below min 4" },
	{ "5823", &pol_pin1, PIN_OK, "exactly min 4" },
	{ "58236471", &pol_pin1, PIN_OK, "exactly max 8" },
	{ "582364719", &pol_pin1, PIN_TOO_LONG, "one above max 8" },
	{ "58236", &pol_pin2, PIN_TOO_SHORT, "PIN2 one below min 6" },
	{ "582364", &pol_pin2, PIN_OK, "PIN2 exactly min 6" },
	{ "123", &pol_pin1, PIN_TOO_SHORT, "too short beats run" },
	{ "111111111", &pol_pin1, PIN_TOO_LONG, "too long beats same digit" },
	{ "5823647195826", &pol_card, PIN_TOO_LONG, "13 digits, card max 12" },
	{ "582364719582", &pol_card, PIN_OK, "12 digits, card max 12" },
	/* Same digit. */
	{ "1111", &pol_pin1, PIN_ALL_SAME, "four ones" },
	{ "00000000", &pol_pin1, PIN_ALL_SAME, "eight zeros" },
	{ "1111", &pol_date, PIN_DATE, "rule off: 11.11 is still a date" },
	{ "1111", &pol_none, PIN_OK, "no rules" },
	{ "11111", &pol_same, PIN_ALL_SAME, "same rule alone" },
	{ "7", &pol_same, PIN_OK, "one digit is no pattern" },
	{ "11112", &pol_same, PIN_OK, "last digit differs" },
	/* Runs: +1 or -1 all the way, no wrap-around. */
	{ "1234", &pol_pin1, PIN_RUN, "ascending" },
	{ "9876", &pol_pin1, PIN_RUN, "descending" },
	{ "0123", &pol_pin1, PIN_RUN, "run beats date (MMDD 01/23)" },
	{ "3210", &pol_pin1, PIN_RUN, "descending to zero" },
	{ "12345678", &pol_pin1, PIN_RUN, "eight ascending" },
	{ "98765", &pol_pin1, PIN_RUN, "five descending" },
	{ "7890", &pol_pin1, PIN_OK, "9 -> 0 does not wrap" },
	{ "8901", &pol_pin1, PIN_OK, "no wrap in the middle" },
	{ "1234567890", &pol_card, PIN_OK, "no wrap at the end" },
	{ "1235", &pol_pin1, PIN_OK, "last step is 2" },
	{ "1243", &pol_pin1, PIN_OK, "mixed directions" },
	{ "10", &pol_run, PIN_RUN, "two digits descending" },
	{ "1234", &pol_none, PIN_OK, "no rules" },
	{ "0123", &pol_date, PIN_DATE, "run off: MMDD 01/23" },
	/* Four digits: DDMM, MMDD, YYYY. */
	{ "0229", &pol_pin1, PIN_DATE, "MMDD 29 Feb" },
	{ "2902", &pol_pin1, PIN_DATE, "DDMM 29 Feb" },
	{ "3102", &pol_pin1, PIN_OK, "31 Feb does not exist" },
	{ "3002", &pol_pin1, PIN_OK, "30 Feb does not exist" },
	{ "3104", &pol_pin1, PIN_OK, "31 Apr does not exist" },
	{ "3101", &pol_pin1, PIN_DATE, "DDMM 31 Jan" },
	{ "3011", &pol_pin1, PIN_DATE, "DDMM 30 Nov" },
	{ "1231", &pol_pin1, PIN_DATE, "MMDD 31 Dec" },
	{ "1300", &pol_pin1, PIN_OK, "month 13, day 0" },
	{ "0000", &pol_date, PIN_OK, "day 0 month 0 year 0" },
	{ "1900", &pol_pin1, PIN_DATE, "YYYY lower bound" },
	{ "1899", &pol_pin1, PIN_OK, "YYYY below 1900" },
	{ "2099", &pol_pin1, PIN_DATE, "YYYY upper bound" },
	{ "2100", &pol_pin1, PIN_OK, "YYYY above 2099" },
	{ "1984", &pol_pin1, PIN_DATE, "a birth year" },
	{ "4711", &pol_pin1, PIN_OK, "no reading as a date" },
	/* Six digits: DDMMYY, YYMMDD, MMDDYY. */
	{ "121212", &pol_pin2, PIN_DATE, "DDMMYY 12.12.12" },
	{ "311299", &pol_pin2, PIN_DATE, "DDMMYY 31.12.99" },
	{ "991231", &pol_pin2, PIN_DATE, "YYMMDD 99-12-31" },
	{ "480731", &pol_pin2, PIN_DATE, "YYMMDD 48-07-31" },
	{ "123199", &pol_pin2, PIN_DATE, "MMDDYY 12/31/99" },
	{ "290232", &pol_pin2, PIN_DATE, "DDMMYY 29.2.32, leap" },
	{ "290231", &pol_pin2, PIN_OK, "29.2.31 no leap, no other form" },
	{ "290200", &pol_pin2, PIN_DATE, "DDMMYY 29.2.(20)00, leap" },
	{ "319912", &pol_pin2, PIN_OK, "no form fits" },
	{ "000000", &pol_date, PIN_OK, "zeros are no date" },
	/* Eight digits: DDMMYYYY, YYYYMMDD. */
	{ "29022000", &pol_pin1, PIN_DATE, "2000 was leap" },
	{ "29021900", &pol_pin1, PIN_OK, "1900 was not leap" },
	{ "29022024", &pol_pin1, PIN_DATE, "2024 leap" },
	{ "29022023", &pol_pin1, PIN_OK, "2023 not leap" },
	{ "29022100", &pol_pin1, PIN_OK, "year 2100 out of range" },
	{ "31121900", &pol_pin1, PIN_DATE, "DDMMYYYY lower year" },
	{ "31121899", &pol_pin1, PIN_OK, "DDMMYYYY year 1899" },
	{ "19991231", &pol_pin1, PIN_DATE, "YYYYMMDD" },
	{ "20991231", &pol_pin1, PIN_DATE, "YYYYMMDD upper year" },
	{ "21001231", &pol_pin1, PIN_OK, "YYYYMMDD year 2100" },
	{ "19700101", &pol_pin1, PIN_DATE, "YYYYMMDD epoch" },
	{ "01011970", &pol_pin1, PIN_DATE, "DDMMYYYY epoch" },
	{ "19701301", &pol_pin1, PIN_OK, "month 13" },
	/* Other lengths are never dates. */
	{ "12125", &pol_pin1, PIN_OK, "five digits" },
	{ "1212199", &pol_pin1, PIN_OK, "seven digits" },
	{ "0101197001", &pol_card, PIN_OK, "ten digits" },
	{ "121212", &pol_none, PIN_OK, "date rule off" },
};

/* A secret on the stack holding text (tests only; real ones live in the
 * arena). */
static struct secret mk(const char *text)
{
	struct secret s;

	memset(&s, 0, sizeof s);
	s.len = strlen(text);
	assert_true(s.len <= SECRET_MAX);
	memcpy(s.d, text, s.len);
	return s;
}

/* Every row of the table gives its verdict; report all failures at once. */
static void test_table(void **state)
{
	size_t i, bad = 0;

	(void)state;
	assert_true(sizeof rows / sizeof rows[0] >= 40);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct secret s = mk(rows[i].pin);
		enum pin_verdict got = pin_rules_check(&s, rows[i].pol);

		if (got != rows[i].want) {
			print_error("\"%s\" (%s): got %d, want %d\n", rows[i].pin,
			            rows[i].why, (int)got, (int)rows[i].want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Every valid DDMM of a leap year is a date; day 0 and day max+1 are not. */
static void test_every_ddmm(void **state)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30,
	                               31, 31, 30, 31, 30, 31 };
	char buf[32];
	int m, d, dates = 0;

	(void)state;
	for (m = 1; m <= 12; m++) {
		for (d = 1; d <= mdays[m - 1]; d++) {
			struct secret s;

			snprintf(buf, sizeof buf, "%02d%02d", d, m);
			s = mk(buf);
			assert_int_equal(pin_rules_check(&s, &pol_date), PIN_DATE);
			dates++;
		}
	}
	assert_int_equal(dates, 366);
}

/* Equal codes match; one digit or one length apart do not. */
static void test_equal(void **state)
{
	struct secret a = mk("482915"), b = mk("482915"), c = mk("482916");
	struct secret d = mk("4829150"), e = mk(""), f = mk("");

	(void)state;
	assert_true(pin_rules_equal(&a, &b));
	assert_true(pin_rules_equal(&b, &a));
	assert_false(pin_rules_equal(&a, &c));
	assert_false(pin_rules_equal(&a, &d));
	assert_false(pin_rules_equal(&d, &a));
	assert_true(pin_rules_equal(&e, &f));
	assert_false(pin_rules_equal(&a, &e));
}

/* Bytes beyond len (stale or not) play no part in equality. */
static void test_equal_ignores_tail(void **state)
{
	struct secret a = mk("1357"), b = mk("1357");

	(void)state;
	b.d[4] = '9';
	b.d[SECRET_MAX - 1] = 'x';
	assert_true(pin_rules_equal(&a, &b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_every_ddmm),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_equal_ignores_tail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
