/* pin_rules.h - the plain rules a new PIN must pass before anything goes to
 * the card. Each failing rule has its own message id in the UI. */
#ifndef EIDKIOSK_PIN_RULES_H
#define EIDKIOSK_PIN_RULES_H

#include <stdbool.h>
#include "secret.h"

struct pin_policy {
	int min_len, max_len;
	bool forbid_same_digit;  /* 1111 */
	bool forbid_run;         /* 1234, 9876 (ascending or descending by 1) */
	bool forbid_date;        /* DDMMYY, YYMMDD, DDMMYYYY, YYYYMMDD, DDMM, MMDD, YYYY 19xx/20xx */
};

enum pin_verdict {
	PIN_OK,
	PIN_NOT_DIGITS,
	PIN_TOO_SHORT,
	PIN_TOO_LONG,
	PIN_ALL_SAME,
	PIN_RUN,
	PIN_DATE,
};

/* First rule the PIN breaks, in the order above, or PIN_OK. */
enum pin_verdict pin_rules_check(const struct secret *pin,
                                 const struct pin_policy *pol);

/* Whether two codes are equal (constant time in the common length). */
bool pin_rules_equal(const struct secret *a, const struct secret *b);

#endif
