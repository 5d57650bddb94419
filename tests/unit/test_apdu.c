/* test_apdu.c - commands on the wire for T=0 and T=1, the exchange rules
 * (61xx, 6Cxx), status words. */
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

/* A command for the tests: data as hex ("" none), le as in struct apdu;
 * the data lives in buf. */
static struct apdu cmd(uint8_t ins, uint8_t p1, uint8_t p2, const char *data,
                       int le, uint8_t *buf)
{
	size_t lc = script_hex(data, buf, 255);

	return (struct apdu){ 0x00, ins, p1, p2, lc ? buf : NULL, lc, le };
}

/* Assert that c goes on the wire as hex on proto. */
static void assert_wire(const struct apdu *c, enum card_proto proto,
                        const char *hex)
{
	uint8_t out[APDU_CMD_MAX], want[APDU_CMD_MAX];
	size_t n = script_hex(hex, want, sizeof want);

	assert_int_equal(apdu_encode(c, proto, out), n);
	assert_memory_equal(out, want, n);
}

/* The four cases on each protocol: T=0 leaves Le out of case 4 (its data
 * comes through 61xx) and gives case 1 a P3 of 00; T=1 sends what the
 * command means; Le 256 is 00. */
static void test_encode(void **state)
{
	uint8_t b[255];
	struct apdu c;

	c = cmd(0xA4, 0x04, 0x0C, "A0 00 00 00 63", 0, b);       /* case 3 */
	assert_wire(&c, CARD_T0, "00 A4 04 0C 05 A0 00 00 00 63");
	assert_wire(&c, CARD_T1, "00 A4 04 0C 05 A0 00 00 00 63");
	c = cmd(0xB0, 0x01, 0x02, "", 0xE7, b);                  /* case 2 */
	assert_wire(&c, CARD_T0, "00 B0 01 02 E7");
	assert_wire(&c, CARD_T1, "00 B0 01 02 E7");
	c = cmd(0x2A, 0x9E, 0x9A, "", 256, b);
	assert_wire(&c, CARD_T0, "00 2A 9E 9A 00");
	assert_wire(&c, CARD_T1, "00 2A 9E 9A 00");
	c = cmd(0xCB, 0x00, 0xFF, "A0 03 83 01 11", 256, b);     /* case 4 */
	assert_wire(&c, CARD_T0, "00 CB 00 FF 05 A0 03 83 01 11");
	assert_wire(&c, CARD_T1, "00 CB 00 FF 05 A0 03 83 01 11 00");
	c = cmd(0xA4, 0x08, 0x04, "43 31", 256, b);
	assert_wire(&c, CARD_T0, "00 A4 08 04 02 43 31");
	assert_wire(&c, CARD_T1, "00 A4 08 04 02 43 31 00");
	c = cmd(0x84, 0x00, 0x00, "", 0, b);                     /* case 1 */
	assert_wire(&c, CARD_T0, "00 84 00 00 00");
	assert_wire(&c, CARD_T1, "00 84 00 00");
}

/* A plain answer: data and 9000. */
static void test_exchange_plain(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t b[255];
	struct apdu c = cmd(0xB0, 0x00, 0x00, "", 3, b);

	script_init(&s);
	script_add(&s, "00 B0 00 00 03", "01 02 03 90 00");
	assert_int_equal(apdu_exchange(&s.io, &c, &r), CE_OK);
	assert_int_equal(r.sw, 0x9000);
	assert_data(&r, "01 02 03");
	script_done(&s);
}

/* 61xx: GET RESPONSE, repeated, data appended in order; on T=0 the case-4
 * command went without Le. */
static void test_exchange_61_chain(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t b[255];
	struct apdu c = cmd(0xA4, 0x08, 0x04, "50 32", 256, b);

	script_init(&s);
	script_add(&s, "00 A4 08 04 02 50 32", "AA 61 03");
	script_add(&s, "00 C0 00 00 03", "01 02 03 61 02");
	script_add(&s, "00 C0 00 00 02", "04 05 61 00");
	script_add(&s, "00 C0 00 00 00", "06 6A 82");
	assert_int_equal(apdu_exchange(&s.io, &c, &r), CE_OK);
	assert_int_equal(r.sw, 0x6A82);
	assert_data(&r, "AA 01 02 03 04 05 06");
	script_done(&s);
}

/* The same case-4 command on T=1 carries its Le; a card there may still
 * answer 61xx. */
static void test_exchange_t1(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t b[255];
	struct apdu c = cmd(0xCB, 0x00, 0xFF, "A0 03 83 01 11", 256, b);

	script_init(&s);
	s.io.proto = CARD_T1;
	script_add(&s, "00 CB 00 FF 05 A0 03 83 01 11 00", "A0 01 90 00");
	script_add(&s, "00 CB 00 FF 05 A0 03 83 01 11 00", "61 02");
	script_add(&s, "00 C0 00 00 02", "A0 00 90 00");
	script_add(&s, "00 CB 00 FF 05 A0 03 83 01 11 00", "6C 02");
	script_add(&s, "00 CB 00 FF 05 A0 03 83 01 11 02", "A0 00 90 00");
	assert_int_equal(apdu_exchange(&s.io, &c, &r), CE_OK);
	assert_data(&r, "A0 01");
	assert_int_equal(apdu_exchange(&s.io, &c, &r), CE_OK);
	assert_data(&r, "A0 00");
	assert_int_equal(apdu_exchange(&s.io, &c, &r), CE_OK);
	assert_data(&r, "A0 00");
	script_done(&s);
}

/* 6Cxx: the same command again with Le = xx, for each command that expects
 * data on T=0 (case 1 sent with P3 00, case 2, GET RESPONSE). */
static void test_exchange_6c(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t b[255];
	struct apdu c2 = cmd(0xB0, 0x00, 0xE7, "", 0xE7, b);
	struct apdu c1 = cmd(0xCA, 0x01, 0x02, "", 0, b);
	struct apdu c4 = cmd(0xCB, 0x00, 0xFF, "5C", 256, b);

	script_init(&s);
	script_add(&s, "00 B0 00 E7 E7", "6C 02");
	script_add(&s, "00 B0 00 E7 02", "0A 0B 90 00");
	script_add(&s, "00 CA 01 02 00", "6C 01");
	script_add(&s, "00 CA 01 02 01", "0C 90 00");
	script_add(&s, "00 CB 00 FF 01 5C", "61 01");
	script_add(&s, "00 C0 00 00 01", "6C 02");
	script_add(&s, "00 C0 00 00 02", "0E 0F 90 00");
	assert_int_equal(apdu_exchange(&s.io, &c2, &r), CE_OK);
	assert_data(&r, "0A 0B");
	assert_int_equal(apdu_exchange(&s.io, &c1, &r), CE_OK);
	assert_data(&r, "0C");
	assert_int_equal(apdu_exchange(&s.io, &c4, &r), CE_OK);
	assert_data(&r, "0E 0F");
	assert_int_equal(r.sw, 0x9000);
	script_done(&s);
}

/* 6Cxx to a T=0 command with data cannot be obeyed: a TPDU has no room
 * for Le there; nothing more is sent. */
static void test_exchange_6c_t0_data(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t b4[255], b3[255];
	struct apdu c4 = cmd(0xCB, 0x00, 0xFF, "5C", 256, b4);
	struct apdu c3 = cmd(0x22, 0x41, 0xB6, "80 01 54", 0, b3);

	script_init(&s);
	script_add(&s, "00 CB 00 FF 01 5C", "6C 01");
	script_add(&s, "00 22 41 B6 03 80 01 54", "6C 01");
	assert_int_equal(apdu_exchange(&s.io, &c4, &r), CE_MALFORMED);
	assert_int_equal(apdu_exchange(&s.io, &c3, &r), CE_MALFORMED);
	script_done(&s);
}

/* Answers shorter than a status word are malformed, at any step. */
static void test_exchange_short(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t b[255];
	struct apdu c = cmd(0xB0, 0x00, 0x00, "", 0x10, b);

	script_init(&s);
	script_add(&s, "00 B0 00 00 10", "90");
	script_add(&s, "00 B0 00 00 10", "");
	script_add(&s, "00 B0 00 00 10", "61 02");
	script_add(&s, "00 C0 00 00 02", "");
	for (int i = 0; i < 3; i++) {
		assert_int_equal(apdu_exchange(&s.io, &c, &r), CE_MALFORMED);
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
	uint8_t b[255];
	struct apdu c = cmd(0xB0, 0x00, 0x00, "", 0x10, b);

	script_init(&s);
	script_add_err(&s, "00 B0 00 00 10", CE_REMOVED);
	script_add(&s, "00 B0 00 00 10", "61 02");
	script_add_err(&s, "00 C0 00 00 02", CE_NO_SERVICE);
	script_add(&s, "00 B0 00 00 10", "6C 02");
	script_add_err(&s, "00 B0 00 00 02", CE_TIMEOUT);
	assert_int_equal(apdu_exchange(&s.io, &c, &r), CE_REMOVED);
	assert_int_equal(apdu_exchange(&s.io, &c, &r), CE_NO_SERVICE);
	assert_int_equal(apdu_exchange(&s.io, &c, &r), CE_TIMEOUT);
	script_done(&s);
}

/* A card that never stops asking for GET RESPONSE or a new Le is cut off. */
static void test_exchange_bounded(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t b[255];
	struct apdu c = cmd(0xB0, 0x00, 0x00, "", 0x10, b);
	int i;

	script_init(&s);
	script_add(&s, "00 B0 00 00 10", "61 01");
	for (i = 1; i < 32; i++)
		script_add(&s, "00 C0 00 00 01", "61 01");
	assert_int_equal(apdu_exchange(&s.io, &c, &r), CE_MALFORMED);
	script_done(&s);

	script_init(&s);
	for (i = 0; i < 32; i++)
		script_add(&s, i % 2 ? "00 B0 00 00 11" : "00 B0 00 00 10",
		           i % 2 ? "6C 10" : "6C 11");
	assert_int_equal(apdu_exchange(&s.io, &c, &r), CE_MALFORMED);
	script_done(&s);
}

/* More chained data than a response holds is malformed, not truncated. */
static void test_exchange_overflow(void **state)
{
	struct card_script s;
	struct apdu_resp r;
	uint8_t b[255], big[200];
	struct apdu c = cmd(0xB0, 0x00, 0x00, "", 256, b);

	memset(big, 0x5A, sizeof big);
	script_init(&s);
	script_add_data(&s, "00 B0 00 00 00", big, sizeof big, 0x6164);
	script_add_data(&s, "00 C0 00 00 64", big, 100, 0x9000);
	assert_int_equal(apdu_exchange(&s.io, &c, &r), CE_MALFORMED);
	script_done(&s);

	/* Exactly 256 bytes is fine. */
	script_init(&s);
	script_add_data(&s, "00 B0 00 00 00", big, sizeof big, 0x6138);
	script_add_data(&s, "00 C0 00 00 38", big, 56, 0x9000);
	assert_int_equal(apdu_exchange(&s.io, &c, &r), CE_OK);
	assert_int_equal(r.len, 256);
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
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_exchange_plain),
		cmocka_unit_test(test_exchange_61_chain),
		cmocka_unit_test(test_exchange_t1),
		cmocka_unit_test(test_exchange_6c),
		cmocka_unit_test(test_exchange_6c_t0_data),
		cmocka_unit_test(test_exchange_short),
		cmocka_unit_test(test_exchange_transport),
		cmocka_unit_test(test_exchange_bounded),
		cmocka_unit_test(test_exchange_overflow),
		cmocka_unit_test(test_sw_kind),
		cmocka_unit_test(test_sw_names),
		cmocka_unit_test(test_carries_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
