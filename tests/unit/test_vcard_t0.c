/* test_vcard_t0.c - the virtual card as the recorded real cards behave:
 * the link modes (T=0 behind a TPDU-level reader refuses Le on a command
 * with data and counts it; an APDU-level reader gets case-4 data at
 * once), GET RESPONSE with 61xx and 6Cxx, the FCP and GET DATA layouts
 * byte for byte, READ BINARY in answers of at most 0xB5 bytes. */
#include "build-config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "vcard.h"
#include "vcard_pki.h"
#include "vcard_test_util.h"

#define PIN1 0x11
#define PIN2 0x82
#define PUK 0x83

static const char get_data_le[] = "00CB00FF05A003830111 00";
static const char get_data[] = "00CB00FF05A003830111";

/* The recorded answer of a real FinEID (web-eid libelectronic-id
 * FIN-V3/V4 mocks, "Get retry count") comes out byte for byte. */
static void test_get_data_recorded(void **state)
{
	struct vcard vc;
	uint8_t d[300], want[64];
	size_t n;

	tv_card(&vc, VS_ACTIVE);
	assert_int_equal(tv_x(&vc, get_data, d, &n), 0x6125);
	assert_int_equal(n, 0);
	assert_int_equal(tv_x(&vc, "00C0000025", d, &n), 0x9000);
	assert_int_equal(tv_hex("a0 23 83 01 11 8c 04 f0 00 00 00 9c 04 f0 00 00 00"
	                        " df 21 04 05 ff a5 03 df 27 02 ff ff df 28 01 0c"
	                        " df 2f 01 01", want), 37);
	assert_int_equal(n, 37);
	assert_memory_equal(d, want, 37);
	vcard_free(&vc);
}

/* GET DATA for every code of every start state and generation: tries in
 * DF21's first byte, DF2F 00 for a code never set and 01 otherwise. */
static void test_get_data_states(void **state)
{
	static const struct {
		enum vcard_start st;
		int t1, f1, t2, f2, tp;
	} rows[] = {
		{ VS_NEW, 5, 0, 5, 0, 5 },
		{ VS_PIN1_SET, 5, 1, 5, 0, 5 },
		{ VS_ACTIVE, 5, 1, 5, 1, 5 },
		{ VS_PIN1_BLOCKED, 0, 1, 5, 1, 5 },
		{ VS_PIN2_BLOCKED, 5, 1, 0, 1, 5 },
		{ VS_LOCKED, 5, 0, 5, 0, 0 },
	};
	struct vcard vc;
	uint8_t d[300], want[37], cmd[10];
	size_t n;

	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		const int t[3] = { rows[i].t1, rows[i].t2, rows[i].tp };
		const int f[3] = { rows[i].f1, rows[i].f2, 1 };
		const uint8_t refs[3] = { PIN1, PIN2, PUK };

		tv_card(&vc, rows[i].st);
		for (int k = 0; k < 3; k++) {
			tv_hex(get_data, cmd);
			cmd[9] = refs[k];
			assert_int_equal(tv_raw(&vc, cmd, 10, NULL, NULL), 0x6125);
			assert_int_equal(tv_x(&vc, "00C0000025", d, &n), 0x9000);
			tv_pin_info(refs[k], t[k], f[k], want);
			assert_int_equal(n, 37);
			assert_memory_equal(d, want, 37);
		}
		vcard_free(&vc);
	}
}

/* A wrong try shows in DF21 at once; activation sets DF2F to 01. */
static void test_get_data_follows(void **state)
{
	struct vcard vc;
	int t, u;

	tv_card(&vc, VS_PIN1_SET);
	assert_int_equal(tv_code(&vc, 0x20, PIN1, "0000", NULL), 0x63C4);
	tv_status(&vc, PIN1, &t, &u);
	assert_int_equal(t, 4);
	assert_int_equal(u, 0);
	tv_status(&vc, PIN2, &t, &u);
	assert_int_equal(u, 1);
	assert_int_equal(tv_code(&vc, 0x2C, PIN2, "12345678", "135791"), 0x9000);
	tv_status(&vc, PIN2, &t, &u);
	assert_int_equal(t, 5);
	assert_int_equal(u, 0);
	vcard_free(&vc);
}

/* Behind a TPDU-level reader (the default) a command with data and Le is
 * refused with 6700 and counted; nothing else is, and no try is spent. */
static void test_strict_refuses_le(void **state)
{
	struct vcard vc;
	uint8_t d[300];
	size_t n;

	tv_card(&vc, VS_ACTIVE);
	assert_int_equal(vc.link, VCARD_LINK_TPDU);
	assert_int_equal(vc.t0_violations, 0);
	assert_int_equal(tv_x(&vc, get_data_le, d, &n), 0x6700);
	assert_int_equal(n, 0);
	assert_int_equal(vc.t0_violations, 1);
	assert_int_equal(tv_x(&vc, "00A4080402433100", d, &n), 0x6700);
	assert_int_equal(tv_x(&vc, "00A4040C0CA000000063504B43532D3135 00",
	                      d, &n), 0x6700);
	assert_int_equal(tv_x(&vc, "002000110C 393939390000000000000000 00",
	                      d, &n), 0x6700);
	assert_int_equal(vc.pin1.tries, 5);
	assert_int_equal(vc.t0_violations, 4);
	/* commands without data, or with data and no Le, are TPDUs */
	assert_int_equal(tv_x(&vc, get_data, d, &n), 0x6125);
	assert_int_equal(tv_x(&vc, "00C0000025", d, &n), 0x9000);
	assert_int_equal(tv_x(&vc, "00200011", d, &n), 0x63C5);
	assert_int_equal(tv_x(&vc, "00A4080C024331", d, &n), 0x9000);
	assert_int_equal(tv_x(&vc, "00B0000000", d, &n), 0x9000);
	/* a refused command drops what was pending */
	assert_int_equal(tv_x(&vc, get_data, d, &n), 0x6125);
	assert_int_equal(tv_x(&vc, get_data_le, d, &n), 0x6700);
	assert_int_equal(tv_x(&vc, "00C0000025", d, &n), 0x6985);
	assert_int_equal(vc.t0_violations, 5);
	vcard_reset(&vc);
	assert_int_equal(vc.t0_violations, 5);
	vcard_free(&vc);
}

/* GET RESPONSE: Le over what waits gets 6Cxx and keeps it; a smaller Le
 * gets that much and 61xx for the rest; then nothing waits (6985). */
static void test_get_response(void **state)
{
	struct vcard vc;
	uint8_t d[300], want[37];
	size_t n;

	tv_card(&vc, VS_NEW);
	tv_pin_info(PIN1, 5, 0, want);
	assert_int_equal(tv_x(&vc, get_data, d, &n), 0x6125);
	assert_int_equal(tv_x(&vc, "00C0000000", d, &n), 0x6C25);
	assert_int_equal(n, 0);
	assert_int_equal(tv_x(&vc, "00C0000026", d, &n), 0x6C25);
	assert_int_equal(tv_x(&vc, "00C0000010", d, &n), 0x6115);
	assert_int_equal(n, 0x10);
	assert_memory_equal(d, want, 0x10);
	assert_int_equal(tv_x(&vc, "00C0000016", d, &n), 0x6C15);
	assert_int_equal(tv_x(&vc, "00C0000015", d, &n), 0x9000);
	assert_int_equal(n, 0x15);
	assert_memory_equal(d, want + 0x10, 0x15);
	assert_int_equal(tv_x(&vc, "00C0000001", d, &n), 0x6985);
	assert_int_equal(tv_x(&vc, "00C0010006", d, &n), 0x6A86);
	vcard_free(&vc);
}

/* SELECT with FCP answers 62 04 81 02 <size> and nothing else, for every
 * file, with or without 3F00 in front; P2 0C answers no FCP. */
static void test_fcp_layout(void **state)
{
	static const char *const paths[] = { "5032", "4331", "50164332",
	                                     "3F005032", "3F0050164332" };
	struct vcard vc;
	uint8_t d[300];
	size_t n;

	tv_card(&vc, VS_ACTIVE);
	assert_int_equal(tv_select_fcp(&vc, paths[0]), 128);
	assert_int_equal(tv_select_fcp(&vc, paths[1]), vc.cert_len[0]);
	assert_int_equal(tv_select_fcp(&vc, paths[2]), vc.cert_len[1]);
	assert_int_equal(tv_select_fcp(&vc, paths[3]), 128);
	assert_int_equal(tv_select_fcp(&vc, paths[4]), vc.cert_len[1]);
	assert_int_equal(tv_x(&vc, "00A40804024331", d, &n), 0x6106);
	assert_int_equal(tv_x(&vc, "00C0000006", d, &n), 0x9000);
	assert_int_equal(n, 6);
	assert_memory_equal(d, "\x62\x04\x81\x02", 4);
	assert_int_equal(d[4] << 8 | d[5], vc.cert_len[0]);
	assert_int_equal(tv_x(&vc, "00A4080C024331", d, &n), 0x9000);
	assert_int_equal(n, 0);
	assert_int_equal(tv_x(&vc, "00A408040450164335", d, &n), 0x6A82);
	vcard_free(&vc);
}

/* READ BINARY of a certificate: answers of 0xB5 for Le 00 or more, what
 * was asked below that, the short end with 9000, then 6B00; never 6Cxx. */
static void test_read_binary_chunks(void **state)
{
	struct vcard vc;
	uint8_t d[300], cmd[5] = { 0x00, 0xB0 };
	size_t n, size, off = 0;
	int chunks = 0;

	tv_card(&vc, VS_ACTIVE);
	size = tv_select_fcp(&vc, "4331");
	assert_true(size > 3 * 0xB5);
	assert_int_equal(tv_x(&vc, "00B00000FF", d, &n), 0x9000);
	assert_int_equal(n, 0xB5);
	assert_memory_equal(d, vc.cert[0], 0xB5);
	assert_int_equal(tv_x(&vc, "00B0000010", d, &n), 0x9000);
	assert_int_equal(n, 0x10);
	for (; off < size; off += n, chunks++) {
		cmd[2] = (uint8_t)(off >> 8);
		cmd[3] = (uint8_t)off;
		assert_int_equal(tv_raw(&vc, cmd, 5, d, &n), 0x9000);
		assert_int_equal(n, size - off < 0xB5 ? size - off : 0xB5);
		assert_memory_equal(d, vc.cert[0] + off, n);
	}
	assert_int_equal(chunks, (int)((size + 0xB4) / 0xB5));
	cmd[2] = (uint8_t)(size >> 8);
	cmd[3] = (uint8_t)size;
	assert_int_equal(tv_raw(&vc, cmd, 5, d, &n), 0x6B00);
	cmd[3]++;
	assert_int_equal(tv_raw(&vc, cmd, 5, d, &n), 0x6B00);
	cmd[2] = (uint8_t)((size - 1) >> 8);
	cmd[3] = (uint8_t)(size - 1);
	cmd[4] = 0x40;
	assert_int_equal(tv_raw(&vc, cmd, 5, d, &n), 0x9000);
	assert_int_equal(n, 1);
	vcard_free(&vc);
}

/* Behind an APDU-level reader a case-4 command with Le gets its data at
 * once (up to Le, the rest by GET RESPONSE); without Le still 61xx; no
 * violation is counted. */
static void test_lenient_link(void **state)
{
	struct vcard vc;
	uint8_t d[300], want[37];
	size_t n;

	tv_card(&vc, VS_NEW);
	vc.link = VCARD_LINK_APDU;
	tv_pin_info(PIN1, 5, 0, want);
	assert_int_equal(tv_x(&vc, get_data_le, d, &n), 0x9000);
	assert_int_equal(n, 37);
	assert_memory_equal(d, want, 37);
	assert_int_equal(tv_x(&vc, "00CB00FF05A003830111 10", d, &n), 0x6115);
	assert_int_equal(n, 0x10);
	assert_memory_equal(d, want, 0x10);
	assert_int_equal(tv_x(&vc, "00C0000015", d, &n), 0x9000);
	assert_memory_equal(d, want + 0x10, 0x15);
	assert_int_equal(tv_x(&vc, get_data, d, &n), 0x6125);
	assert_int_equal(n, 0);
	assert_int_equal(tv_x(&vc, "00A4080402433100", d, &n), 0x9000);
	assert_int_equal(n, 6);
	assert_memory_equal(d, "\x62\x04\x81\x02", 4);
	assert_int_equal(d[4] << 8 | d[5], vc.cert_len[0]);
	assert_int_equal(tv_x(&vc, "00B0000000", d, &n), 0x9000);
	assert_int_equal(n, 0xB5);
	assert_int_equal(vc.t0_violations, 0);
	vcard_free(&vc);
}

/* Run the tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_data_recorded),
		cmocka_unit_test(test_get_data_states),
		cmocka_unit_test(test_get_data_follows),
		cmocka_unit_test(test_strict_refuses_le),
		cmocka_unit_test(test_get_response),
		cmocka_unit_test(test_fcp_layout),
		cmocka_unit_test(test_read_binary_chunks),
		cmocka_unit_test(test_lenient_link),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
