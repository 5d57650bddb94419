/* test_hex.c - the one hex codec: pairs of digits in (spaces between pairs
 * allowed), and out in either case, with or without a separator, cut
 * only between whole bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hex.h"

static void test_decode(void **state)
{
	uint8_t b[4];

	(void)state;
	assert_int_equal(hex_decode("3B 7F96", b, sizeof b), 3);
	assert_memory_equal(b, "\x3b\x7f\x96", 3);
	assert_int_equal(hex_decode("3B7", b, sizeof b), -1);
	assert_int_equal(hex_decode("xx", b, sizeof b), -1);
	assert_int_equal(hex_decode("0102030405", b, sizeof b), -2);
}

static void test_encode(void **state)
{
	static const uint8_t atr[] = { 0x3b, 0x7f, 0x96, 0x00 };
	char out[16];

	(void)state;
	assert_string_equal(hex_encode(atr, 4, '\0', true, out, sizeof out),
	                    "3B7F9600");
	assert_string_equal(hex_encode(atr, 4, ' ', false, out, sizeof out),
	                    "3b 7f 96 00");
	assert_string_equal(hex_encode(atr, 0, ' ', true, out, sizeof out), "");
	/* room for two bytes and a half: two, never half a byte */
	assert_string_equal(hex_encode(atr, 4, '\0', true, out, 6), "3B7F");
	assert_string_equal(hex_encode(atr, 4, ' ', true, out, 8), "3B 7F");
}

static void test_round_trip(void **state)
{
	uint8_t in[200], back[200];
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (uint8_t)(i * 37 + 11);
	hex_fput(f, in, sizeof in, false);   /* more than one buffer's worth */
	fclose(f);
	assert_int_equal(len, 2 * sizeof in);
	assert_int_equal(hex_decode(text, back, sizeof back), (int)sizeof in);
	assert_memory_equal(in, back, sizeof in);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
