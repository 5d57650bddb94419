/* test_vcard.c - the virtual FinEID card model driven with raw APDUs:
 * ATRs, files, codes (activation, verify, change, unblock, lock),
 * refusals. The link modes and the recorded layouts are in
 * test_vcard_t0.c; certificates, signatures and the state file in
 * test_vcard_pki.c and test_vcard_v31.c. */
#include "build-config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <openssl/x509.h>
#include "vcard.h"
#include "vcard_pki.h"
#include "vcard_state.h"
#include "vcard_test_util.h"

#define PIN1 0x11
#define PIN2 0x82
#define PUK 0x83
#define VERIFY 0x20
#define CHANGE 0x24
#define UNBLOCK 0x2C

/* Each generation answers with its own ATR, a card with its own ATR
 * with that one. */
static void test_atr(void **state)
{
	static const struct { enum vcard_gen gen; const char *hex; } rows[] = {
		{ VCARD_2022, "3B7F96000080 31B865B0850500111224608290 00" },
		{ VCARD_2025, "3B7F96000080 31B865B0850510241224608290 00" },
		{ VCARD_31, "3B 7F 96 00 00 80 31 B8 65 B0 85 04 02 1B 12 00 F6 82 90 00" },
	};
	struct vcard vc = { .gen = VCARD_2022 };
	uint8_t atr[VCARD_ATR_MAX], want[VCARD_ATR_MAX];

	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		vc.gen = rows[i].gen;
		assert_int_equal(vcard_atr(&vc, atr), 20);
		tv_hex(rows[i].hex, want);
		assert_memory_equal(atr, want, 20);
	}
	vc.atr_len = tv_hex("3B8F8001 8031B865B0850500111224608290 00 AB", vc.atr);
	assert_int_equal(vcard_atr(&vc, atr), 20);
	assert_memory_equal(atr, vc.atr, 20);
	vc.atr_len = VCARD_ATR_MAX;
	memset(vc.atr, 0x3B, VCARD_ATR_MAX);
	assert_int_equal(vcard_atr(&vc, atr), VCARD_ATR_MAX);
	assert_memory_equal(atr, vc.atr, VCARD_ATR_MAX);
}

/* Generation names and ATRs as typed. */
static void test_gen_and_atr_parse(void **state)
{
	enum vcard_gen g = VCARD_2022;
	uint8_t atr[VCARD_ATR_MAX + 4];
	size_t n = 0;

	assert_int_equal(vcard_gen_parse("3.1", &g), 0);
	assert_int_equal(g, VCARD_31);
	assert_string_equal(vcard_gen_name(g), "3.1");
	assert_int_equal(vcard_gen_parse("2025", &g), 0);
	assert_int_equal(g, VCARD_2025);
	assert_string_equal(vcard_gen_name(VCARD_2022), "2022");
	assert_int_equal(vcard_gen_parse("3.0", &g), -1);
	assert_int_equal(vcard_gen_parse("", &g), -1);
	assert_int_equal(vcard_atr_parse("3b 7F", atr, &n), 0);
	assert_int_equal(n, 2);
	assert_memory_equal(atr, "\x3B\x7F", 2);
	assert_int_equal(vcard_atr_parse("3B", atr, &n), -1);
	assert_int_equal(vcard_atr_parse("3B 7", atr, &n), -1);
	assert_int_equal(vcard_atr_parse("3B 7G", atr, &n), -1);
	assert_int_equal(vcard_atr_parse("3 B7F", atr, &n), -1);
	assert_int_equal(vcard_atr_parse("", atr, &n), -1);
	assert_int_equal(vcard_atr_parse("3B7F96000080 31B865B0850500111224608290"
	                                 "00 0102030405060708090A0B0C0D", atr, &n), 0);
	assert_int_equal(n, 33);
	assert_int_equal(vcard_atr_parse("3B7F96000080 31B865B0850500111224608290"
	                                 "00 0102030405060708090A0B0C0D0E", atr, &n),
	                 -1);
}

/* READ BINARY of the token info: all of it at once (under 0xB5), the
 * short end with 9000, 6B00 at and past the end. */
static void test_token_read(void **state)
{
	struct vcard vc;
	uint8_t d[300];
	size_t n;

	tv_card(&vc, VS_NEW);
	assert_int_equal(tv_x(&vc, "00A4080C025032", d, &n), 0x9000);
	assert_int_equal(n, 0);
	assert_int_equal(tv_x(&vc, "00B0000000", d, &n), 0x9000);
	assert_int_equal(n, 0x80);
	assert_memory_equal(d, "\x30\x82\x00", 3);
	assert_true(d[3] < 0x7C);
	assert_memory_equal(d + 4, "\x02\x01\x00\x04\x09" "XK1234567", 14);
	for (size_t i = 4 + d[3]; i < 0x80; i++)
		assert_int_equal(d[i], 0);
	assert_int_equal(tv_x(&vc, "00B0007004", d, &n), 0x9000);
	assert_int_equal(n, 4);
	assert_int_equal(tv_x(&vc, "00B0007F02", d, &n), 0x9000);
	assert_int_equal(n, 1);
	assert_int_equal(tv_x(&vc, "00B0007F", d, &n), 0x9000);
	assert_int_equal(n, 1);
	assert_int_equal(tv_x(&vc, "00B0008001", d, &n), 0x6B00);
	assert_int_equal(tv_x(&vc, "00B0010001", d, &n), 0x6B00);
	vcard_free(&vc);
}

/* The document number and label as a host reads them. */
static void test_token_docnum(void **state)
{
	struct vcard_spec sp = { .ca_dir = tv_dir(), .docnum = "AB7654321XY" };
	struct vcard vc;
	uint8_t *f;
	size_t n;

	tv_card_spec(&vc, &sp);
	f = tv_read_file(&vc, "5032", &n);
	assert_int_equal(n, 128);
	assert_memory_equal(f + 7, "\x04\x0B" "AB7654321XY", 13);
	assert_non_null(memmem(f, n, "\x0C\x0A" "VRK-FINEID", 12));
	free(f);
	vcard_free(&vc);
}

/* A hostile card for tests: a document number of any bytes but 00 is in
 * the token info, saved as hex and read back the same; names that are no
 * UTF-8 go in as T61Strings, as they are. */
static void test_hostile_card(void **state)
{
	static const char doc[] = "\x1b[2J\x9b\xc0\xaf\"";
	struct vcard_spec sp = { .ca_dir = tv_dir(), .docnum = doc,
	                         .docnum_any = true,
	                         .given = "Maija\x1b]0;T\x07\xc2\x9b",
	                         .surname = "Evil\x9b\xff" };
	const X509_NAME *subj;
	const ASN1_STRING *sn;
	struct vcard vc, back;
	char path[256], line[64], *cause = NULL;
	uint8_t *f;
	size_t n;
	FILE *fp;
	X509 *x;

	tv_card_spec(&vc, &sp);
	f = tv_read_file(&vc, "5032", &n);
	assert_memory_equal(f + 7, "\x04\x08" "\x1b[2J\x9b\xc0\xaf\"", 10);
	free(f);
	snprintf(path, sizeof path, "%s/hostile.state", tv_dir());
	assert_int_equal(vcard_state_save(&vc, path, &cause), 0);
	assert_int_equal(vcard_state_load(&back, path, &cause), 0);
	assert_string_equal(back.docnum, doc);
	assert_non_null(fp = fopen(path, "r"));
	while (fgets(line, sizeof line, fp) && strncmp(line, "docnum ", 7))
		;
	fclose(fp);
	assert_string_equal(line, "docnum hex:1b5b324a9bc0af22\n");
	assert_int_equal(tv_x(&back, "00A4040C0CA000000063504B43532D3135",
	                      NULL, NULL), 0x9000);
	x = tv_card_cert(&back, "4331");
	subj = X509_get_subject_name(x);
	sn = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subj,
		X509_NAME_get_index_by_NID(subj, NID_surname, -1)));
	assert_int_equal(ASN1_STRING_type(sn), V_ASN1_T61STRING);
	assert_int_equal(ASN1_STRING_length(sn), 6);
	assert_memory_equal(ASN1_STRING_get0_data(sn), "Evil\x9b\xff", 6);
	X509_free(x);
	vcard_free(&back);
	vcard_free(&vc);
	unlink(path);
	sp.docnum = "";
	assert_int_equal(vcard_create(&vc, &sp, &cause), -1);
	free(cause);
}

/* A new card activated as the kiosk does it: PUK + PIN1, PUK + PIN2. */
static void test_activation(void **state)
{
	struct vcard vc;
	int t, u;

	tv_card(&vc, VS_NEW);
	assert_int_equal(tv_code(&vc, VERIFY, PIN1, "1357", NULL), 0x6984);
	assert_int_equal(tv_x(&vc, "0020001100", NULL, NULL), 0x6700);
	assert_int_equal(tv_x(&vc, "00200011", NULL, NULL), 0x6984);
	assert_int_equal(tv_code(&vc, UNBLOCK, PIN1, "12345678", "4826"), 0x9000);
	assert_true(vc.changed);
	tv_status(&vc, PIN1, &t, &u);
	assert_int_equal(t, 5);
	assert_int_equal(u, 0);
	tv_status(&vc, PIN2, &t, &u);
	assert_int_equal(u, 1);
	assert_int_equal(tv_code(&vc, UNBLOCK, PIN2, "12345678", "90817263"),
	                 0x9000);
	tv_status(&vc, PIN2, &t, &u);
	assert_int_equal(t, 5);
	assert_int_equal(u, 0);
	assert_int_equal(tv_x(&vc, "00200011", NULL, NULL), 0x63C5);
	assert_int_equal(tv_code(&vc, VERIFY, PIN1, "4826", NULL), 0x9000);
	assert_int_equal(tv_x(&vc, "00200011", NULL, NULL), 0x9000);
	assert_int_equal(tv_code(&vc, VERIFY, PIN2, "90817263", NULL), 0x9000);
	assert_string_equal(vc.pin1.value, "4826");
	assert_true(vc.pin2.activated);
	vcard_free(&vc);
}

/* Wrong activation codes count down; a right one resets the count; the
 * fifth wrong one locks the card for good. */
static void test_wrong_puk_locks(void **state)
{
	struct vcard vc;
	int t, u;

	tv_card(&vc, VS_NEW);
	assert_int_equal(tv_code(&vc, UNBLOCK, PIN1, "87654321", "4826"), 0x63C4);
	assert_true(vc.changed);
	assert_int_equal(tv_code(&vc, UNBLOCK, PIN1, "87654321", "4826"), 0x63C3);
	assert_int_equal(tv_code(&vc, VERIFY, PUK, "12345678", NULL), 0x9000);
	tv_status(&vc, PUK, &t, &u);
	assert_int_equal(t, 5);
	for (int i = 4; i >= 0; i--)
		assert_int_equal(tv_code(&vc, UNBLOCK, PIN2, "11111111", "135790"),
		                 0x63C0 | i);
	assert_int_equal(tv_code(&vc, UNBLOCK, PIN1, "12345678", "4826"), 0x6983);
	assert_int_equal(tv_code(&vc, VERIFY, PUK, "12345678", NULL), 0x6983);
	tv_status(&vc, PUK, &t, &u);
	assert_int_equal(t, 0);
	tv_status(&vc, PIN1, &t, &u);
	assert_int_equal(u, 1);
	assert_false(vc.pin1.activated);
	vcard_free(&vc);
}

/* VERIFY and CHANGE on an active card, blocking PIN1, unblocking it. */
static void test_verify_change_block(void **state)
{
	struct vcard vc;
	int t, u;

	tv_card(&vc, VS_ACTIVE);
	assert_int_equal(tv_code(&vc, VERIFY, PIN1, "9999", NULL), 0x63C4);
	assert_int_equal(tv_x(&vc, "00200011", NULL, NULL), 0x63C4);
	assert_int_equal(tv_code(&vc, VERIFY, PIN1, "1357", NULL), 0x9000);
	assert_int_equal(tv_x(&vc, "00200011", NULL, NULL), 0x9000);
	tv_status(&vc, PIN1, &t, &u);
	assert_int_equal(t, 5);
	assert_int_equal(tv_code(&vc, CHANGE, PIN1, "0000", "2468"), 0x63C4);
	assert_int_equal(tv_x(&vc, "00200011", NULL, NULL), 0x63C4);
	assert_int_equal(tv_code(&vc, CHANGE, PIN1, "1357", "1357"), 0x6985);
	tv_status(&vc, PIN1, &t, &u);
	assert_int_equal(t, 5);
	assert_int_equal(tv_code(&vc, CHANGE, PIN1, "1357", "2468"), 0x9000);
	assert_int_equal(tv_code(&vc, VERIFY, PIN1, "1357", NULL), 0x63C4);
	assert_int_equal(tv_code(&vc, CHANGE, PIN2, "246801", "80246813"), 0x9000);
	assert_int_equal(tv_code(&vc, VERIFY, PIN2, "80246813", NULL), 0x9000);
	for (int i = 3; i >= 0; i--)
		assert_int_equal(tv_code(&vc, VERIFY, PIN1, "1111", NULL), 0x63C0 | i);
	assert_int_equal(tv_code(&vc, VERIFY, PIN1, "2468", NULL), 0x6983);
	assert_int_equal(tv_code(&vc, CHANGE, PIN1, "2468", "3579"), 0x6983);
	assert_int_equal(tv_x(&vc, "00200011", NULL, NULL), 0x6983);
	assert_int_equal(tv_code(&vc, UNBLOCK, PIN1, "12345678", "5791"), 0x9000);
	assert_int_equal(tv_code(&vc, VERIFY, PIN1, "5791", NULL), 0x9000);
	tv_status(&vc, PIN1, &t, &u);
	assert_int_equal(t, 5);
	vcard_free(&vc);
}

/* A PIN that was never set cannot be verified or changed (6984); the PUK
 * is the only way in. A 7-digit activation code works too. */
static void test_not_activated(void **state)
{
	struct vcard_spec sp = { .start = VS_PIN1_SET, .ca_dir = tv_dir(),
	                         .puk = "7654321" };
	struct vcard vc;

	tv_card_spec(&vc, &sp);
	assert_int_equal(tv_code(&vc, VERIFY, PIN2, "246801", NULL), 0x6984);
	assert_int_equal(tv_code(&vc, CHANGE, PIN2, "246801", "135791"), 0x6984);
	assert_int_equal(tv_x(&vc, "00200082", NULL, NULL), 0x6984);
	assert_int_equal(tv_code(&vc, VERIFY, PIN1, "1357", NULL), 0x9000);
	assert_int_equal(tv_code(&vc, UNBLOCK, PIN2, "76543210", "135791"), 0x6A80);
	assert_int_equal(vc.puk.tries, 5);
	assert_int_equal(tv_code(&vc, UNBLOCK, PIN2, "7654321", "135791"), 0x9000);
	assert_int_equal(tv_code(&vc, VERIFY, PIN2, "135791", NULL), 0x9000);
	vcard_free(&vc);
}

/* Bad padding, bad lengths and wrong Lc are refused without a try spent. */
static void test_code_format(void **state)
{
	struct vcard vc;

	tv_card(&vc, VS_ACTIVE);
	assert_int_equal(tv_code(&vc, VERIFY, PIN1, "135", NULL), 0x6A80);
	assert_int_equal(tv_code(&vc, VERIFY, PIN2, "24680", NULL), 0x6A80);
	assert_int_equal(tv_code(&vc, VERIFY, PIN1, "13A7", NULL), 0x6A80);
	assert_int_equal(tv_code(&vc, VERIFY, PIN1, "", NULL), 0x6A80);
	assert_int_equal(tv_x(&vc, "002000110C 31333537 FF00000000000000",
	                      NULL, NULL), 0x6A80);
	assert_int_equal(tv_x(&vc, "002000110C 31333537 0000000000000031",
	                      NULL, NULL), 0x6A80);
	assert_int_equal(tv_x(&vc, "002000110C 313335370000000000000000",
	                      NULL, NULL), 0x9000);
	assert_int_equal(tv_x(&vc, "002000110B 3133353700000000000000",
	                      NULL, NULL), 0x6700);
	assert_int_equal(tv_x(&vc, "002000110C 3133353700000000000000",
	                      NULL, NULL), 0x6700);
	assert_int_equal(tv_code(&vc, UNBLOCK, PIN1, "1234567", "2468"), 0x6A80);
	assert_int_equal(tv_code(&vc, UNBLOCK, PIN1, "12345678", "24"), 0x6A80);
	assert_int_equal(tv_code(&vc, UNBLOCK, PIN1, "12345678", NULL), 0x6700);
	assert_int_equal(tv_code(&vc, CHANGE, PIN2, "246801", "2468"), 0x6A80);
	assert_int_equal(tv_code(&vc, CHANGE, PUK, "12345678", "87654321"), 0x6A88);
	assert_int_equal(tv_code(&vc, VERIFY, 0x01, "1357", NULL), 0x6A88);
	assert_int_equal(tv_x(&vc, "002001110C 313335370000000000000000",
	                      NULL, NULL), 0x6A86);
	assert_int_equal(vc.pin1.tries, 5);
	assert_int_equal(vc.pin2.tries, 5);
	assert_int_equal(vc.puk.tries, 5);
	vcard_free(&vc);
}

/* Unknown instructions, classes, parameters and malformed APDUs. */
static void test_refusals(void **state)
{
	struct vcard vc;

	tv_card(&vc, VS_ACTIVE);
	assert_int_equal(tv_x(&vc, "00FF000000", NULL, NULL), 0x6D00);
	assert_int_equal(tv_x(&vc, "00D6000001 00", NULL, NULL), 0x6D00);
	assert_int_equal(tv_x(&vc, "80A4040C0CA000000063504B43532D3135",
	                      NULL, NULL), 0x6E00);
	assert_int_equal(tv_x(&vc, "0CB0000010", NULL, NULL), 0x6E00);
	assert_int_equal(tv_x(&vc, "00A4020C025032", NULL, NULL), 0x6A86);
	assert_int_equal(tv_x(&vc, "00A4080002 5032", NULL, NULL), 0x6A86);
	assert_int_equal(tv_x(&vc, "00A4080C02 1234", NULL, NULL), 0x6A82);
	assert_int_equal(tv_x(&vc, "00A4040C0CA000000063504B43532D3136",
	                      NULL, NULL), 0x6A82);
	assert_int_equal(tv_x(&vc, "00CB00FE05A003830111", NULL, NULL), 0x6A86);
	assert_int_equal(tv_x(&vc, "00CB00FF04A0038301", NULL, NULL), 0x6700);
	assert_int_equal(tv_x(&vc, "00CB00FF05A003830199", NULL, NULL), 0x6A88);
	assert_int_equal(tv_x(&vc, "00CB00FF05A103830111", NULL, NULL), 0x6A80);
	assert_int_equal(tv_x(&vc, "00C0010000", NULL, NULL), 0x6A86);
	assert_int_equal(tv_x(&vc, "00A4", NULL, NULL), 0x6700);
	assert_int_equal(tv_x(&vc, "00A4080C05 5032", NULL, NULL), 0x6700);
	assert_int_equal(tv_x(&vc, "00A4080C00", NULL, NULL), 0x6700);
	assert_int_equal(tv_x(&vc, "00A4080C01 50", NULL, NULL), 0x6A80);
	assert_int_equal(tv_x(&vc, "00B0800001", NULL, NULL), 0x6A86);
	vcard_free(&vc);
}

/* Before the application is selected nothing is found or allowed; a reset
 * forgets the selection and the verified state. */
static void test_no_app_and_reset(void **state)
{
	struct vcard vc;

	tv_card(&vc, VS_ACTIVE);
	assert_int_equal(tv_code(&vc, VERIFY, PIN1, "1357", NULL), 0x9000);
	vcard_reset(&vc);
	assert_int_equal(vc.selected_app, 0);
	assert_false(vc.verified[0]);
	assert_int_equal(tv_x(&vc, "00A4080C025032", NULL, NULL), 0x6A82);
	assert_int_equal(tv_x(&vc, "00B0000010", NULL, NULL), 0x6985);
	assert_int_equal(tv_code(&vc, VERIFY, PIN1, "1357", NULL), 0x6985);
	assert_int_equal(tv_x(&vc, "00CB00FF05A003830111", NULL, NULL), 0x6985);
	assert_int_equal(tv_x(&vc, "0022 41B6 06 800154840101", NULL, NULL),
	                 0x6985);
	assert_int_equal(vc.pin1.tries, 5);
	assert_int_equal(tv_x(&vc, "00A4040C0CA000000063504B43532D3135",
	                      NULL, NULL), 0x9000);
	assert_int_equal(tv_x(&vc, "00B0000010", NULL, NULL), 0x6985);
	assert_int_equal(tv_x(&vc, "00200011", NULL, NULL), 0x63C5);
	vcard_free(&vc);
}

/* Run the tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_atr),
		cmocka_unit_test(test_gen_and_atr_parse),
		cmocka_unit_test(test_token_read),
		cmocka_unit_test(test_token_docnum),
		cmocka_unit_test(test_hostile_card),
		cmocka_unit_test(test_activation),
		cmocka_unit_test(test_wrong_puk_locks),
		cmocka_unit_test(test_verify_change_block),
		cmocka_unit_test(test_not_activated),
		cmocka_unit_test(test_code_format),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_no_app_and_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
