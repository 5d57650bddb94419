/* pin_rules.c - the plain rules a new PIN must pass before it goes to the
 * card: digits only, length, not one digit repeated, not a run, not a date.
 *
 * Decisions, so that screens and tests agree:
 * - A run steps by exactly +1 or exactly -1 all the way (1234, 9876, 0123,
 *   3210). There is no wrap-around: 7890 and 8901 are not runs, since 9->0
 *   is a step of -9 and few people would read 7890 as "counting".
 * - The pattern rules (same digit, run) look at PINs of two digits or more.
 * - "Date" means the whole PIN reads as a plausible date in one of the
 *   forms of the date_forms table. Four-digit years are 1900-2099. A
 *   two-digit year counts as 20YY for leap years (so 290200 is a date, as
 *   29.2.2000 was); a form without a year accepts 29 February. Only
 *   lengths 4, 6 and 8 can be dates. With the rule on, many four-digit
 *   PINs are dates (DDMM or MMDD): that is the product rule.
 */
#include "build-config.h"

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>

#include <openssl/crypto.h>

#include "pin_rules.h"

#define YEAR_MIN 1900
#define YEAR_MAX 2099
#define YEAR_NONE 2000   /* stands in when a form has no year: a leap year */

/* Where day, month and year sit in one date form; -1 when absent. */
struct date_form {
	size_t len;
	int day_at, month_at, year_at, year_digits;
};

static const struct date_form date_forms[] = {
	{ 4, 0, 2, -1, 0 },   /* DDMM */
	{ 4, 2, 0, -1, 0 },   /* MMDD */
	{ 4, -1, -1, 0, 4 },  /* YYYY */
	{ 6, 0, 2, 4, 2 },    /* DDMMYY */
	{ 6, 4, 2, 0, 2 },    /* YYMMDD */
	{ 6, 2, 0, 4, 2 },    /* MMDDYY */
	{ 8, 0, 2, 4, 4 },    /* DDMMYYYY */
	{ 8, 6, 4, 0, 4 },    /* YYYYMMDD */
};

/* The number written by n digits of s starting at at. */
static int digits_value(const char *s, int at, int n)
{
	int i, v = 0;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[at + i] - '0');
	return v;
}

/* Gregorian leap year. */
static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Whether day.month exists in year y. */
static bool day_valid(int d, int m, int y)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30,
	                               31, 31, 30, 31, 30, 31 };
	int max;

	if (m < 1 || m > 12 || d < 1)
		return false;
	max = mdays[m - 1] + (m == 2 && leap_year(y) ? 1 : 0);
	return d <= max;
}

/* Whether the digits read as a date in form f. */
static bool date_form_matches(const char *s, const struct date_form *f)
{
	int y = YEAR_NONE;

	if (f->year_digits == 4) {
		y = digits_value(s, f->year_at, 4);
		if (y < YEAR_MIN || y > YEAR_MAX)
			return false;
	} else if (f->year_digits == 2) {
		y = 2000 + digits_value(s, f->year_at, 2);
	}
	if (f->day_at < 0)
		return true;
	return day_valid(digits_value(s, f->day_at, 2),
	                 digits_value(s, f->month_at, 2), y);
}

/* Whether the whole PIN reads as a date in any form of its length. */
static bool pin_is_date(const struct secret *pin)
{
	size_t i;

	for (i = 0; i < sizeof date_forms / sizeof date_forms[0]; i++)
		if (date_forms[i].len == pin->len &&
		    date_form_matches(pin->d, &date_forms[i]))
			return true;
	return false;
}

/* Whether every step between neighbours equals step. */
static bool pin_steps_all(const struct secret *pin, int step)
{
	size_t i;

	if (pin->len < 2)
		return false;
	for (i = 1; i < pin->len; i++)
		if (pin->d[i] - pin->d[i - 1] != step)
			return false;
	return true;
}

/* Whether every character is an ASCII digit. */
static bool pin_all_digits(const struct secret *pin)
{
	size_t i;

	for (i = 0; i < pin->len; i++)
		if (pin->d[i] < '0' || pin->d[i] > '9')
			return false;
	return true;
}

/* The first rule the PIN breaks, in the order of enum pin_verdict. */
enum pin_verdict pin_rules_check(const struct secret *pin,
                                 const struct pin_policy *pol)
{
	assert(pin != NULL && pol != NULL && pin->len <= SECRET_MAX);
	if (!pin_all_digits(pin))
		return PIN_NOT_DIGITS;
	if ((int)pin->len < pol->min_len)
		return PIN_TOO_SHORT;
	if ((int)pin->len > pol->max_len)
		return PIN_TOO_LONG;
	if (pol->forbid_same_digit && pin_steps_all(pin, 0))
		return PIN_ALL_SAME;
	if (pol->forbid_run && (pin_steps_all(pin, 1) || pin_steps_all(pin, -1)))
		return PIN_RUN;
	if (pol->forbid_date && pin_is_date(pin))
		return PIN_DATE;
	return PIN_OK;
}

/* Whether the two entries match. Lengths are compared openly (they show
 * on screen as dots anyway); the digits in constant time. */
bool pin_rules_equal(const struct secret *a, const struct secret *b)
{
	assert(a != NULL && b != NULL);
	assert(a->len <= SECRET_MAX && b->len <= SECRET_MAX);
	if (a->len != b->len)
		return false;
	return CRYPTO_memcmp(a->d, b->d, a->len) == 0;
}
