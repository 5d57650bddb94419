/* test_apdu.c - APDU building, T=0 exchange rules, status words. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "apdu.h"
#include "card_script.h"

/* Assert that r holds exactly the bytes of hex. */
static void assert_data(const struct apdu_resp *r, const char *hex)
{
	uint8_t want[APDU_DATA_MAX];
	size_t n = script_hex(hex, want, sizeof want);

	assert_int_equal(r->len, n);
	assert_memory_equal(r->data, want, n);
}

/* Every error kind has its own name. */
static void test_err_names(void **state)
{
	enum card_err all[] = { CE_OK, CE_REMOVED, CE_NO_SERVICE, CE_COMM,
	                        CE_MALFORMED, CE_TIMEOUT };
	size_t n = sizeof all / sizeof all[0];

	for (size_t i = 0; i < n; i++) {
		assert_non_null(card_err_name(all[i]));
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(card_err_name(all[i]),
			                        card_err_name(all[j]));
	}
	assert_string_equal(card_err_name(CE_REMOVED), "card removed");
	assert_non_null(card_err_name((enum card_err)99));
}

/* The four APDU cases and the Le encodings. */
static void test_build(void **state)
{
	uint8_t out[APDU_CMD_MAX], want[16];
	const uint8_t d[] = { 0x50, 0x32 };
	size_t n;

	n = apdu_build(out, 0x00, 0xA4, 0x08, 0x04, d, 2, -1);
	assert_int_equal(n, script_hex("00 A4 08 04 02 50 32", want, 16));
	assert_memory_equal(out, want, n);
	n = apdu_build(out, 0x00, 0xB0, 0x01, 0x02, NULL, 0, 0xE7);
	assert_int_equal(n, script_hex("00 B0 01 02 E7", want, 16));
	assert_memory_equal(out, want, n);
	n = apdu_build(out, 0x00, 0x2A, 0x9E, 0x9A, NULL, 0, 256);
	assert_int_equal(n, script_hex("00 2A 9E 9A 00", want, 16));
	assert_memory_equal(out, want, n);
	n = apdu_build(out, 0x00, 0x20, 0x00, 0x11, NULL, 0, -1);
	assert_int_equal(n, 4);
	n = apdu_build(out, 0x00, 0xCB, 0x00, 0xFF, d, 2, 256);
	assert_int_equal(n, script_hex("00 CB 00 FF 02 50 32 00", want, 16));
	assert_memory_equal(out, want, n);
}

/* A plain answer: data and 9000. */
static void test_exchange_plain(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t cmd[] = { 0x00, 0xB0, 0x00, 0x00, 0x03 };

	script_init(&s);
	script_add(&s, "00 B0 00 00 03", "01 02 03 90 00");
	assert_int_equal(apdu_exchange(&s.io, cmd, sizeof cmd, &r), CE_OK);
	assert_int_equal(r.sw, 0x9000);
	assert_data(&r, "01 02 03");
	script_done(&s);
}

/* 61xx: GET RESPONSE, repeated, data appended in order. */
static void test_exchange_61_chain(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t cmd[] = { 0x00, 0xA4, 0x08, 0x04, 0x02, 0x50, 0x32 };

	script_init(&s);
	script_add(&s, "00 A4 08 04 02 50 32", "AA 61 03");
	script_add(&s, "00 C0 00 00 03", "01 02 03 61 02");
	script_add(&s, "00 C0 00 00 02", "04 05 61 00");
	script_add(&s, "00 C0 00 00 00", "06 6A 82");
	assert_int_equal(apdu_exchange(&s.io, cmd, sizeof cmd, &r), CE_OK);
	assert_int_equal(r.sw, 0x6A82);
	assert_data(&r, "AA 01 02 03 04 05 06");
	script_done(&s);
}

/* 6Cxx: the same command again with Le = xx, for each APDU case. */
static void test_exchange_6c(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t c2[] = { 0x00, 0xB0, 0x00, 0xE7, 0xE7 };
	uint8_t c1[] = { 0x00, 0xCA, 0x01, 0x02 };
	uint8_t c3[] = { 0x00, 0xCB, 0x00, 0xFF, 0x01, 0x5C };
	uint8_t c4[] = { 0x00, 0xCB, 0x00, 0xFF, 0x01, 0x5C, 0x00 };

	script_init(&s);
	script_add(&s, "00 B0 00 E7 E7", "6C 02");
	script_add(&s, "00 B0 00 E7 02", "0A 0B 90 00");
	script_add(&s, "00 CA 01 02", "6C 01");
	script_add(&s, "00 CA 01 02 01", "0C 90 00");
	script_add(&s, "00 CB 00 FF 01 5C", "6C 01");
	script_add(&s, "00 CB 00 FF 01 5C 01", "0D 90 00");
	script_add(&s, "00 CB 00 FF 01 5C 00", "6C 60");
	script_add(&s, "00 CB 00 FF 01 5C 60", "61 01");
	script_add(&s, "00 C0 00 00 01", "6C 02");
	script_add(&s, "00 C0 00 00 02", "0E 0F 90 00");
	assert_int_equal(apdu_exchange(&s.io, c2, sizeof c2, &r), CE_OK);
	assert_data(&r, "0A 0B");
	assert_int_equal(apdu_exchange(&s.io, c1, sizeof c1, &r), CE_OK);
	assert_data(&r, "0C");
	assert_int_equal(apdu_exchange(&s.io, c3, sizeof c3, &r), CE_OK);
	assert_data(&r, "0D");
	assert_int_equal(apdu_exchange(&s.io, c4, sizeof c4, &r), CE_OK);
	assert_data(&r, "0E 0F");
	assert_int_equal(r.sw, 0x9000);
	script_done(&s);
}

/* Answers shorter than a status word are malformed, at any step. */
static void test_exchange_short(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t cmd[] = { 0x00, 0xB0, 0x00, 0x00, 0x10 };

	script_init(&s);
	script_add(&s, "00 B0 00 00 10", "90");
	script_add(&s, "00 B0 00 00 10", "");
	script_add(&s, "00 B0 00 00 10", "61 02");
	script_add(&s, "00 C0 00 00 02", "");
	for (int i = 0; i < 3; i++) {
		assert_int_equal(apdu_exchange(&s.io, cmd, sizeof cmd, &r),
		                 CE_MALFORMED);
		assert_int_equal(r.len, 0);
		assert_int_equal(r.sw, 0);
	}
	script_done(&s);
}

/* Transport errors pass through, also in the middle of a chain. */
static void test_exchange_transport(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t cmd[] = { 0x00, 0xB0, 0x00, 0x00, 0x10 };

	script_init(&s);
	script_add_err(&s, "00 B0 00 00 10", CE_REMOVED);
	script_add(&s, "00 B0 00 00 10", "61 02");
	script_add_err(&s, "00 C0 00 00 02", CE_NO_SERVICE);
	script_add(&s, "00 B0 00 00 10", "6C 02");
	script_add_err(&s, "00 B0 00 00 02", CE_TIMEOUT);
	assert_int_equal(apdu_exchange(&s.io, cmd, sizeof cmd, &r), CE_REMOVED);
	assert_int_equal(apdu_exchange(&s.io, cmd, sizeof cmd, &r),
	                 CE_NO_SERVICE);
	assert_int_equal(apdu_exchange(&s.io, cmd, sizeof cmd, &r), CE_TIMEOUT);
	script_done(&s);
}

/* A card that never stops asking for GET RESPONSE or a new Le is cut off. */
static void test_exchange_bounded(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t cmd[] = { 0x00, 0xB0, 0x00, 0x00, 0x10 };
	int i;

	script_init(&s);
	script_add(&s, "00 B0 00 00 10", "61 01");
	for (i = 1; i < 32; i++)
		script_add(&s, "00 C0 00 00 01", "61 01");
	assert_int_equal(apdu_exchange(&s.io, cmd, sizeof cmd, &r),
	                 CE_MALFORMED);
	script_done(&s);

	script_init(&s);
	for (i = 0; i < 32; i++)
		script_add(&s, i % 2 ? "00 B0 00 00 11" : "00 B0 00 00 10",
		           i % 2 ? "6C 10" : "6C 11");
	assert_int_equal(apdu_exchange(&s.io, cmd, sizeof cmd, &r),
	                 CE_MALFORMED);
	script_done(&s);
}

/* More chained data than a response holds is malformed, not truncated. */
static void test_exchange_overflow(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t cmd[] = { 0x00, 0xB0, 0x00, 0x00, 0x00 };
	uint8_t big[200];

	memset(big, 0x5A, sizeof big);
	script_init(&s);
	script_add_data(&s, "00 B0 00 00 00", big, sizeof big, 0x6164);
	script_add_data(&s, "00 C0 00 00 64", big, 100, 0x9000);
	assert_int_equal(apdu_exchange(&s.io, cmd, sizeof cmd, &r),
	                 CE_MALFORMED);
	script_done(&s);

	/* Exactly 256 bytes is fine. */
	script_init(&s);
	script_add_data(&s, "00 B0 00 00 00", big, sizeof big, 0x6138);
	script_add_data(&s, "00 C0 00 00 38", big, 56, 0x9000);
	assert_int_equal(apdu_exchange(&s.io, cmd, sizeof cmd, &r), CE_OK);
	assert_int_equal(r.len, 256);
	script_done(&s);
}

/* A command too short or too long to be an APDU is refused unsent. */
static void test_exchange_bad_cmd(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t cmd[APDU_CMD_MAX + 1] = { 0 };

	script_init(&s);
	assert_int_equal(apdu_exchange(&s.io, cmd, 3, &r), CE_MALFORMED);
	assert_int_equal(apdu_exchange(&s.io, cmd, sizeof cmd, &r),
	                 CE_MALFORMED);
	/* 6Cxx on a command whose Lc does not fit its length. */
	script_add(&s, "00 B0 00 00 05 01", "6C 01");
	cmd[1] = 0xB0;
	cmd[4] = 0x05;
	cmd[5] = 0x01;
	assert_int_equal(apdu_exchange(&s.io, cmd, 6, &r), CE_MALFORMED);
	script_done(&s);
}

/* Every status word kind, with tries from 63Cx only. */
static void test_sw_kind(void **state)
{
	static const struct { uint16_t sw; enum sw_kind k; int tries; } t[] = {
		{ 0x9000, SW_OK, -1 }, { 0x63C0, SW_WRONG_CODE, 0 },
		{ 0x63C3, SW_WRONG_CODE, 3 }, { 0x63CF, SW_WRONG_CODE, 15 },
		{ 0x6983, SW_BLOCKED, -1 }, { 0x6984, SW_NOT_USABLE, -1 },
		{ 0x6982, SW_SECURITY, -1 }, { 0x6985, SW_CONDITIONS, -1 },
		{ 0x6A80, SW_BAD_DATA, -1 }, { 0x6A82, SW_NOT_FOUND, -1 },
		{ 0x6A88, SW_REF_NOT_FOUND, -1 }, { 0x6700, SW_WRONG_LENGTH, -1 },
		{ 0x6D00, SW_INS_UNSUPPORTED, -1 },
		{ 0x6E00, SW_INS_UNSUPPORTED, -1 }, { 0x6B00, SW_OFFSET, -1 },
		{ 0x6300, SW_OTHER, -1 }, { 0x63D3, SW_OTHER, -1 },
		{ 0x6F00, SW_OTHER, -1 }, { 0x9001, SW_OTHER, -1 },
		{ 0x6282, SW_OTHER, -1 }, { 0x0000, SW_OTHER, -1 },
	};
	int tries;

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		tries = 42;
		assert_int_equal(apdu_sw_kind(t[i].sw, &tries), t[i].k);
		assert_int_equal(tries, t[i].tries);
		assert_int_equal(apdu_sw_kind(t[i].sw, NULL), t[i].k);
	}
}

/* Every kind has its own name. */
static void test_sw_names(void **state)
{
	for (int i = SW_OK; i <= SW_OTHER; i++) {
		assert_non_null(apdu_sw_name((enum sw_kind)i));
		for (int j = SW_OK; j < i; j++)
			assert_string_not_equal(apdu_sw_name((enum sw_kind)i),
			                        apdu_sw_name((enum sw_kind)j));
	}
	assert_string_equal(apdu_sw_name(SW_WRONG_CODE), "wrong code");
	assert_string_equal(apdu_sw_name(SW_BLOCKED), "blocked");
	assert_non_null(apdu_sw_name((enum sw_kind)99));
}

/* Commands carrying codes are recognised; others and empty bodies not. */
static void test_carries_code(void **state)
{
	uint8_t c[32];
	size_t n;

	n = script_hex("00 20 00 11 0C 31 32 33 34 00 00 00 00 00 00 00 00",
	               c, sizeof c);
	assert_true(apdu_carries_code(c, n));
	c[1] = 0x24;
	assert_true(apdu_carries_code(c, n));
	c[1] = 0x2C;
	assert_true(apdu_carries_code(c, n));
	c[1] = 0xB0;
	assert_false(apdu_carries_code(c, n));
	c[1] = 0x20;
	assert_false(apdu_carries_code(c, 4));   /* VERIFY status query */
	assert_false(apdu_carries_code(c, 5));
	n = script_hex("00 CB 00 FF 05 A0 03 83 01 11 00", c, sizeof c);
	assert_false(apdu_carries_code(c, n));
	assert_false(apdu_carries_code(NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_err_names),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_exchange_plain),
		cmocka_unit_test(test_exchange_61_chain),
		cmocka_unit_test(test_exchange_6c),
		cmocka_unit_test(test_exchange_short),
		cmocka_unit_test(test_exchange_transport),
		cmocka_unit_test(test_exchange_bounded),
		cmocka_unit_test(test_exchange_overflow),
		cmocka_unit_test(test_exchange_bad_cmd),
		cmocka_unit_test(test_sw_kind),
		cmocka_unit_test(test_sw_names),
		cmocka_unit_test(test_carries_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
