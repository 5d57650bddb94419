/* test_fineid.c - FinEID operations against a scripted card: the exact
 * APDUs sent, and every way an answer can go wrong. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fineid.h"
#include "card_script.h"

#define AID "A0 00 00 00 63 50 4B 43 53 2D 31 35"
#define PAD8 "00 00 00 00 00 00 00 00"
#define PIN_1234 "31 32 33 34 " PAD8
#define PUK_12345678 "31 32 33 34 35 36 37 38 00 00 00 00"


/* The FinEID v3.1 profile: RSA-PSS authentication key, P-256 key 03. */
static struct card_profile fineid_v31_profile(void)
{
	struct card_profile p = script_profile();

	p.key[KEY_AUTH] = (struct key_ref){ .ref = 0x01, .algo = 0x45,
		.hash = "sha256", .hash_len = 32, .sig = SIG_RSA_PSS,
		.sig_len = 256, .cert_path_len = 2 };
	p.key[KEY_SIGN] = (struct key_ref){ .ref = 0x03, .algo = 0x44,
		.hash = "sha256", .hash_len = 32, .sig = SIG_ECDSA, .sig_len = 64,
		.cert_path_len = 4 };
	script_hex("4331", p.key[KEY_AUTH].cert_path, PROFILE_PATH_MAX);
	script_hex("5016 4335", p.key[KEY_SIGN].cert_path, PROFILE_PATH_MAX);
	return p;
}

/* A code as the UI would hand it over. */
static struct secret code(const char *digits)
{
	struct secret s = { .len = strlen(digits) };

	assert_true(s.len <= SECRET_MAX);
	memcpy(s.d, digits, s.len);
	return s;
}

/* Check every field of a result. */
static void assert_res(const struct card_result *r, enum card_err err,
                       enum sw_kind kind, uint16_t sw, int tries)
{
	assert_int_equal(r->err, err);
	if (err == CE_OK)
		assert_int_equal(r->kind, kind);
	assert_int_equal(r->sw, sw);
	assert_int_equal(r->tries_left, tries);
}

/* SELECT AID: ok, not found, card gone. */
static void test_select(void **state)
{
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;

	script_init(&s);
	script_add(&s, "00 A4 04 0C 0C " AID, "90 00");
	script_add(&s, "00 A4 04 0C 0C " AID, "6A 82");
	script_add_err(&s, "00 A4 04 0C 0C " AID, CE_REMOVED);
	assert_int_equal(fineid_select(&s.io, &p, &r), 0);
	assert_res(&r, CE_OK, SW_OK, 0x9000, -1);
	assert_int_equal(fineid_select(&s.io, &p, &r), -1);
	assert_res(&r, CE_OK, SW_NOT_FOUND, 0x6A82, -1);
	assert_int_equal(fineid_select(&s.io, &p, &r), -1);
	assert_res(&r, CE_REMOVED, SW_OTHER, 0, -1);
	script_done(&s);
}

/* Token info: SEQUENCE { INTEGER 0, OCTET STRING "AB1234567" }, padded
 * with zeros to 32 bytes. */
#define TOKEN32 \
	"30 82 00 0E 02 01 00 04 09 41 42 31 32 33 34 35 36 37 " \
	"00 00 00 00 00 00 00 00 00 00 00 00 00 00"

/* Document number with the size from the FCP, FCP fetched with 61xx. */
static void test_docnum_fcp(void **state)
{
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;
	char num[32];

	script_init(&s);
	script_add(&s, "00 A4 08 04 02 50 32", "61 08");
	script_add(&s, "00 C0 00 00 08", "62 06 80 02 00 20 82 00 90 00");
	script_add(&s, "00 B0 00 00 20", TOKEN32 " 90 00");
	assert_int_equal(fineid_read_docnum(&s.io, &p, num, sizeof num, &r), 0);
	assert_string_equal(num, "AB1234567");
	assert_res(&r, CE_OK, SW_OK, 0x9000, -1);
	script_done(&s);
}

/* Select answering 9000 without FCP: read until 6B00, 6282 or an empty
 * answer (a short answer is not the end: real cards give at most B5 bytes
 * at a time); an FCP without a size is the same. */
static void test_docnum_no_size(void **state)
{
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;
	char num[32];
	uint8_t big[0xE7] = { 0 };

	script_hex(TOKEN32, big, sizeof big);
	script_init(&s);
	script_add(&s, "00 A4 08 04 02 50 32", "90 00");
	script_add(&s, "00 B0 00 00 E7", TOKEN32 " 90 00");
	script_add(&s, "00 B0 00 20 E7", "6B 00");
	script_add(&s, "00 A4 08 04 02 50 32", "62 03 82 01 01 90 00");
	script_add_data(&s, "00 B0 00 00 E7", big, sizeof big, 0x9000);
	script_add(&s, "00 B0 00 E7 E7", "6B 00");
	script_add(&s, "00 A4 08 04 02 50 32", "90 00");
	script_add(&s, "00 B0 00 00 E7", TOKEN32 " 62 82");
	script_add(&s, "00 A4 08 04 02 50 32", "90 00");
	script_add(&s, "00 B0 00 00 E7", TOKEN32 " 90 00");
	script_add(&s, "00 B0 00 20 E7", "90 00");
	for (int i = 0; i < 4; i++) {
		memset(num, 'x', sizeof num);
		assert_int_equal(fineid_read_docnum(&s.io, &p, num, sizeof num,
		                                    &r), 0);
		assert_string_equal(num, "AB1234567");
	}
	script_done(&s);
}

/* Token info that is not what it should be is an unusable answer. */
static void test_docnum_malformed(void **state)
{
	static const char *const bad[] = {
		"31 82 00 0E 02 01 00 04 09 41 42 31 32 33 34 35 36 37",
		"30 82 00 03 02 01 00",                    /* no OCTET STRING */
		"30 82 00 10 02 01 00 04 09 41 42 31 32 33 34 35 36 37",
		"30 82 00 0F 02 01 00 04 09 41 42 31 32 33 34 35 36 37 00",
		"30 82 00 0E 02 01 00 04 09 41 42 31 32 2D 34 35 36 37",
		"30 82 00 05 02 01 00 04 00",              /* empty number */
		"30 80 02 01 00 04 01 41 00 00",           /* indefinite */
		"30 82 00 0E 02 01 00 04 09 41 42 31 32 00 34 35 36 37",
	};
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;
	char num[32], fcp[64], rd[32];
	uint8_t b[64];
	size_t n = sizeof bad / sizeof bad[0], len;

	script_init(&s);
	for (size_t i = 0; i < n; i++) {
		len = script_hex(bad[i], b, sizeof b);
		snprintf(fcp, sizeof fcp, "62 04 81 02 00 %02zX 90 00", len);
		snprintf(rd, sizeof rd, "00 B0 00 00 %02zX", len);
		script_add(&s, "00 A4 08 04 02 50 32", fcp);
		script_add_data(&s, rd, b, len, 0x9000);
	}
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(fineid_read_docnum(&s.io, &p, num, sizeof num,
		                                    &r), -1);
		assert_res(&r, CE_OK, SW_BAD_ANSWER, 0x9000, -1);
		assert_string_equal(num, "");
	}
	/* A number longer than the caller's buffer. */
	script_add(&s, "00 A4 08 04 02 50 32", "61 06");
	script_add(&s, "00 C0 00 00 06", "62 04 81 02 00 20 90 00");
	script_add(&s, "00 B0 00 00 20", TOKEN32 " 90 00");
	assert_int_equal(fineid_read_docnum(&s.io, &p, num, 9, &r), -1);
	assert_res(&r, CE_OK, SW_BAD_ANSWER, 0x9000, -1);
	script_done(&s);
}

/* Errors at each step of reading: select, read, and broken FCPs. */
static void test_docnum_errors(void **state)
{
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;
	char num[32];

	script_init(&s);
	script_add_err(&s, "00 A4 08 04 02 50 32", CE_REMOVED);
	script_add(&s, "00 A4 08 04 02 50 32", "62 04 80 02 00 20 90 00");
	script_add_err(&s, "00 B0 00 00 20", CE_REMOVED);
	script_add(&s, "00 A4 08 04 02 50 32", "6A 82");
	script_add(&s, "00 A4 08 04 02 50 32", "62 05 80 02 00 20 90 00");
	script_add(&s, "00 A4 08 04 02 50 32", "62 04 80 02 20 01 90 00");
	script_add(&s, "00 A4 08 04 02 50 32", "62 02 80 00 90 00");
	script_add(&s, "00 A4 08 04 02 50 32", "6F 02 80 00 90 00");
	script_add(&s, "00 A4 08 04 02 50 32", "62 04 80 02 00 20 90 00");
	script_add(&s, "00 B0 00 00 20", "69 82");
	assert_int_equal(fineid_read_docnum(&s.io, &p, num, 32, &r), -1);
	assert_res(&r, CE_REMOVED, SW_OTHER, 0, -1);
	assert_int_equal(fineid_read_docnum(&s.io, &p, num, 32, &r), -1);
	assert_res(&r, CE_REMOVED, SW_OTHER, 0, -1);
	assert_int_equal(fineid_read_docnum(&s.io, &p, num, 32, &r), -1);
	assert_res(&r, CE_OK, SW_NOT_FOUND, 0x6A82, -1);
	for (int i = 0; i < 4; i++) {   /* truncated, > 8 KiB, empty, not 62 */
		assert_int_equal(fineid_read_docnum(&s.io, &p, num, 32, &r), -1);
		assert_res(&r, CE_OK, SW_BAD_ANSWER, 0x9000, -1);
	}
	assert_int_equal(fineid_read_docnum(&s.io, &p, num, 32, &r), -1);
	assert_res(&r, CE_OK, SW_SECURITY, 0x6982, -1);
	script_done(&s);
}

/* A 500-byte certificate in a 512-byte file: three reads, padding cut. */
static void test_cert(void **state)
{
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;
	uint8_t file[512] = { 0x30, 0x82, 0x01, 0xF0 }, *der = NULL;
	size_t len = 0;

	for (size_t i = 4; i < 500; i++)
		file[i] = (uint8_t)i;
	script_init(&s);
	script_add(&s, "00 A4 08 04 04 50 16 43 32",
	           "62 08 81 02 02 00 82 02 01 21 90 00");
	script_add_data(&s, "00 B0 00 00 E7", file, 0xE7, 0x9000);
	script_add_data(&s, "00 B0 00 E7 E7", file + 0xE7, 0xE7, 0x9000);
	script_add(&s, "00 B0 01 CE 32", "6C 20");   /* card gives less */
	script_add_data(&s, "00 B0 01 CE 20", file + 0x1CE, 0x20, 0x9000);
	script_add_data(&s, "00 B0 01 EE 12", file + 0x1EE, 0x12, 0x9000);
	assert_int_equal(fineid_read_cert(&s.io, &p, KEY_SIGN, &der, &len, &r),
	                 0);
	assert_res(&r, CE_OK, SW_OK, 0x9000, -1);
	assert_int_equal(len, 500);
	assert_memory_equal(der, file, 500);
	free(der);
	script_done(&s);
}

/* Certificate reads that must fail. */
static void test_cert_errors(void **state)
{
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;
	uint8_t file[0xE7] = { 0x30, 0x81, 0x10 }, *der = (uint8_t *)1;
	size_t len = 1;

	script_init(&s);
	/* Card removed mid-file. */
	script_add(&s, "00 A4 08 04 02 43 31", "62 04 80 02 01 00 90 00");
	script_add_data(&s, "00 B0 00 00 E7", file, 0xE7, 0x9000);
	script_add_err(&s, "00 B0 00 E7 19", CE_REMOVED);
	/* File ends before the size the FCP gave. */
	script_add(&s, "00 A4 08 04 02 43 31", "62 04 80 02 01 00 90 00");
	script_add_data(&s, "00 B0 00 00 E7", file, 0xE7, 0x9000);
	script_add(&s, "00 B0 00 E7 19", "6B 00");
	/* Empty 9000 answers with a known size would loop forever. */
	script_add(&s, "00 A4 08 04 02 43 31", "62 04 80 02 00 10 90 00");
	script_add(&s, "00 B0 00 00 10", "90 00");
	/* More bytes than asked for. */
	script_add(&s, "00 A4 08 04 02 43 31", "62 04 80 02 00 02 90 00");
	script_add(&s, "00 B0 00 00 02", "30 00 00 90 00");
	/* Not a SEQUENCE, and a SEQUENCE longer than the file. */
	script_add(&s, "00 A4 08 04 02 43 31", "62 04 80 02 00 02 90 00");
	script_add(&s, "00 B0 00 00 02", "04 00 90 00");
	script_add(&s, "00 A4 08 04 02 43 31", "62 04 80 02 00 02 90 00");
	script_add(&s, "00 B0 00 00 02", "30 05 90 00");

	assert_int_equal(fineid_read_cert(&s.io, &p, KEY_AUTH, &der, &len, &r),
	                 -1);
	assert_res(&r, CE_REMOVED, SW_OTHER, 0, -1);
	assert_null(der);
	assert_int_equal(len, 0);
	assert_int_equal(fineid_read_cert(&s.io, &p, KEY_AUTH, &der, &len, &r),
	                 -1);
	assert_res(&r, CE_OK, SW_OFFSET, 0x6B00, -1);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(fineid_read_cert(&s.io, &p, KEY_AUTH, &der, &len,
		                                  &r), -1);
		assert_res(&r, CE_OK, SW_BAD_ANSWER, 0x9000, -1);
		assert_null(der);
	}
	script_done(&s);
}

/* A file that never ends is cut off at 8 KiB. */
static void test_read_bounded(void **state)
{
	struct card_profile p = script_profile();
	struct card_script *s = malloc(sizeof *s);
	struct card_result r;
	uint8_t chunk[0xE7];
	uint8_t *der;
	size_t len, off = 0;
	char cmd[32];

	assert_non_null(s);
	memset(chunk, 0x30, sizeof chunk);
	script_init(s);
	script_add(s, "00 A4 08 04 02 43 31", "90 00");
	while (off < 8192) {
		size_t want = 8192 - off < 0xE7 ? 8192 - off : 0xE7;
		snprintf(cmd, sizeof cmd, "00 B0 %02zX %02zX %02zX", off >> 8,
		         off & 0xFF, want);
		script_add_data(s, cmd, chunk, want, 0x9000);
		off += want;
	}
	assert_int_equal(fineid_read_cert(&s->io, &p, KEY_AUTH, &der, &len, &r),
	                 -1);
	assert_res(&r, CE_OK, SW_BAD_ANSWER, 0x9000, -1);
	script_done(s);
	free(s);
}

/* GET DATA is case 4: on T=0 it goes without Le, its answer comes through
 * 61xx (PROTOCOL.md, libccid: a TPDU reader passes a Le through as it
 * is, which is no valid TPDU). */
#define Q_PIN1 "00 CB 00 FF 05 A0 03 83 01 11"
#define Q_PIN2 "00 CB 00 FF 05 A0 03 83 01 82"
#define Q_PUK "00 CB 00 FF 05 A0 03 83 01 83"

/* The answers recorded from real FinEID cards (libelectronic-id
 * tests/mock/select-certificate-script-FIN-V3.hpp and -FIN-V4.hpp, "Get
 * retry count"), byte for byte: a 4-byte DF21 whose first byte is the
 * tries left, tags we do not know around it. */
#define REC_PIN1 "A0 23 83 01 11 8C 04 F0 00 00 00 9C 04 F0 00 00 00 " \
	"DF 21 04 05 FF A5 03 DF 27 02 FF FF DF 28 01 0C DF 2F 01 01"
#define REC_PIN2 "A0 23 83 01 82 8C 04 F0 00 00 00 9C 04 F0 00 00 00 " \
	"DF 21 04 05 FF A5 03 DF 27 02 FF FF DF 28 01 0C DF 2F 01 01"

/* The recorded answers through the parser, on T=0 (61xx, GET RESPONSE)
 * and on T=1 (Le sent, data at once); DF2F 00 in the same layout is a code
 * never set, and the tries come from DF21's first byte. */
static void test_code_status_recorded(void **state)
{
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;
	struct code_status st;

	script_init(&s);
	script_add(&s, Q_PIN1, "61 25");
	script_add(&s, "00 C0 00 00 25", REC_PIN1 " 90 00");
	script_add(&s, Q_PIN2, "61 25");
	script_add(&s, "00 C0 00 00 25", REC_PIN2 " 90 00");
	script_add(&s, Q_PUK, "61 25");
	script_add(&s, "00 C0 00 00 25", "A0 23 83 01 83 8C 04 F0 00 00 00 "
	           "9C 04 F0 00 00 00 DF 21 04 03 FF A5 03 DF 27 02 FF FF "
	           "DF 28 01 0C DF 2F 01 00 90 00");
	assert_int_equal(fineid_code_status(&s.io, &p, CODE_PIN1, &st, &r), 0);
	assert_true(st.known);
	assert_int_equal(st.tries_left, 5);
	assert_true(st.activated);
	assert_res(&r, CE_OK, SW_OK, 0x9000, 5);
	assert_int_equal(fineid_code_status(&s.io, &p, CODE_PIN2, &st, &r), 0);
	assert_int_equal(st.tries_left, 5);
	assert_true(st.activated);
	assert_int_equal(fineid_code_status(&s.io, &p, CODE_PUK, &st, &r), 0);
	assert_int_equal(st.tries_left, 3);
	assert_false(st.activated);
	script_done(&s);

	script_init(&s);
	s.io.proto = CARD_T1;
	script_add(&s, Q_PIN1 " 00", REC_PIN1 " 90 00");
	assert_int_equal(fineid_code_status(&s.io, &p, CODE_PIN1, &st, &r), 0);
	assert_true(st.known && st.activated);
	assert_int_equal(st.tries_left, 5);
	script_done(&s);
}

/* The shortest answers a card may give: a 1-byte DF21, DF2F present or
 * not (absent: the code was set); what follows the template is ignored. */
static void test_code_status(void **state)
{
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;
	struct code_status st;

	script_init(&s);
	script_add(&s, Q_PIN1, "A0 0B 83 01 11 DF 21 01 05 DF 2F 01 00 90 00");
	script_add(&s, Q_PIN2, "61 0A");
	script_add(&s, "00 C0 00 00 0A", "A0 08 DF 21 01 03 DF 2F 01 01 90 00");
	script_add(&s, Q_PUK, "A0 07 83 01 83 DF 21 01 01 00 00 90 00");
	assert_int_equal(fineid_code_status(&s.io, &p, CODE_PIN1, &st, &r), 0);
	assert_int_equal(st.tries_left, 5);
	assert_false(st.activated);
	assert_res(&r, CE_OK, SW_OK, 0x9000, 5);
	assert_int_equal(fineid_code_status(&s.io, &p, CODE_PIN2, &st, &r), 0);
	assert_int_equal(st.tries_left, 3);
	assert_true(st.activated);
	assert_int_equal(fineid_code_status(&s.io, &p, CODE_PUK, &st, &r), 0);
	assert_int_equal(st.tries_left, 1);
	assert_true(st.activated && st.known);
	script_done(&s);
}

/* A status the card will not tell, or tells in a way we cannot read, is
 * unknown (the call still succeeds); only a failed exchange fails it. */
static void test_code_status_bad(void **state)
{
	static const char *const bad[] = {
		"A0 07 83 01 11 DF 2F 01 00 90 00",            /* no DF21 */
		"A0 03 DF 21 00 90 00",                        /* empty DF21 */
		"A0 04 DF 21 01 10 90 00",                     /* 16 tries */
		"A0 06 DF 21 01 05 DF 2F 00 90 00",            /* empty DF2F */
		"A1 04 DF 21 01 05 90 00",                     /* not A0 */
		"A0 05 DF 21 01 05 90 00",                     /* truncated */
		"A0 05 DF 21 01 05 DF 90 00",                  /* inner junk */
		"90 00",                                       /* nothing */
	};
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;
	struct code_status st;
	size_t n = sizeof bad / sizeof bad[0];

	script_init(&s);
	for (size_t i = 0; i < n; i++)
		script_add(&s, Q_PIN1, bad[i]);
	script_add(&s, Q_PIN1, "6A 88");
	script_add(&s, Q_PIN1, "90");
	script_add_err(&s, Q_PIN1, CE_REMOVED);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(fineid_code_status(&s.io, &p, CODE_PIN1, &st,
		                                    &r), 0);
		assert_false(st.known);
		assert_int_equal(st.tries_left, -1);
		assert_true(st.activated);
		assert_res(&r, CE_OK, SW_BAD_ANSWER, 0x9000, -1);
	}
	assert_int_equal(fineid_code_status(&s.io, &p, CODE_PIN1, &st, &r), 0);
	assert_false(st.known);
	assert_res(&r, CE_OK, SW_REF_NOT_FOUND, 0x6A88, -1);
	assert_int_equal(fineid_code_status(&s.io, &p, CODE_PIN1, &st, &r), -1);
	assert_res(&r, CE_MALFORMED, SW_OTHER, 0, -1);
	assert_int_equal(fineid_code_status(&s.io, &p, CODE_PIN1, &st, &r), -1);
	assert_res(&r, CE_REMOVED, SW_OTHER, 0, -1);
	script_done(&s);
}

/* VERIFY: ok, wrong code with tries, blocked, card gone, malformed. */
static void test_verify(void **state)
{
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;
	struct secret pin = code("1234"), pin2 = code("123456789012");
	const char *v = "00 20 00 11 0C " PIN_1234;

	script_init(&s);
	script_add(&s, v, "90 00");
	script_add(&s, v, "63 C3");
	script_add(&s, v, "69 83");
	script_add_err(&s, v, CE_REMOVED);
	script_add(&s, v, "");
	script_add(&s, "00 20 00 82 0C 31 32 33 34 35 36 37 38 39 30 31 32",
	           "90 00");
	assert_int_equal(fineid_verify(&s.io, &p, CODE_PIN1, &pin, &r), 0);
	assert_res(&r, CE_OK, SW_OK, 0x9000, -1);
	assert_int_equal(fineid_verify(&s.io, &p, CODE_PIN1, &pin, &r), -1);
	assert_res(&r, CE_OK, SW_WRONG_CODE, 0x63C3, 3);
	assert_int_equal(fineid_verify(&s.io, &p, CODE_PIN1, &pin, &r), -1);
	assert_res(&r, CE_OK, SW_BLOCKED, 0x6983, -1);
	assert_int_equal(fineid_verify(&s.io, &p, CODE_PIN1, &pin, &r), -1);
	assert_res(&r, CE_REMOVED, SW_OTHER, 0, -1);
	assert_int_equal(fineid_verify(&s.io, &p, CODE_PIN1, &pin, &r), -1);
	assert_res(&r, CE_MALFORMED, SW_OTHER, 0, -1);
	assert_int_equal(fineid_verify(&s.io, &p, CODE_PIN2, &pin2, &r), 0);
	script_done(&s);
}

/* Codes the card would not take are refused without sending anything. */
static void test_refused(void **state)
{
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;
	struct secret shortpin = code("123"), longpin = code("1234567890123");
	struct secret letter = code("12a4"), pin2short = code("12345");
	struct secret puk = code("12345678"), puk6 = code("123456");
	struct secret puk9 = code("123456789"), pin = code("1234");

	script_init(&s);   /* empty: any command fails the test */
	assert_int_equal(fineid_verify(&s.io, &p, CODE_PIN1, &shortpin, &r), -1);
	assert_res(&r, CE_OK, SW_WRONG_LENGTH, 0, -1);
	assert_int_equal(fineid_verify(&s.io, &p, CODE_PIN1, &longpin, &r), -1);
	assert_res(&r, CE_OK, SW_WRONG_LENGTH, 0, -1);
	assert_int_equal(fineid_verify(&s.io, &p, CODE_PIN1, &letter, &r), -1);
	assert_res(&r, CE_OK, SW_WRONG_LENGTH, 0, -1);
	assert_int_equal(fineid_verify(&s.io, &p, CODE_PIN2, &pin2short, &r), -1);
	assert_int_equal(fineid_verify(&s.io, &p, CODE_PIN1, NULL, &r), -1);
	assert_int_equal(fineid_reset_retry(&s.io, &p, CODE_PIN1, &puk6, &pin,
	                                    &r), -1);
	assert_res(&r, CE_OK, SW_WRONG_LENGTH, 0, -1);
	assert_int_equal(fineid_reset_retry(&s.io, &p, CODE_PIN1, &puk9, &pin,
	                                    &r), -1);
	assert_int_equal(fineid_reset_retry(&s.io, &p, CODE_PIN2, &puk, &pin,
	                                    &r), -1);
	assert_int_equal(fineid_reset_retry(&s.io, &p, CODE_PIN1, &puk, NULL,
	                                    &r), -1);
	assert_res(&r, CE_OK, SW_WRONG_LENGTH, 0, -1);
	assert_int_equal(fineid_change(&s.io, &p, CODE_PIN1, &pin, &shortpin,
	                               &r), -1);
	assert_int_equal(fineid_change(&s.io, &p, CODE_PIN1, &letter, &pin,
	                               &r), -1);
	assert_res(&r, CE_OK, SW_WRONG_LENGTH, 0, -1);
	/* A profile whose padding is shorter than its max still refuses. */
	p.pad_len = 8;
	struct secret nine = code("123456789");
	assert_int_equal(fineid_verify(&s.io, &p, CODE_PIN1, &nine, &r), -1);
	assert_res(&r, CE_OK, SW_WRONG_LENGTH, 0, -1);
	script_done(&s);
}

/* RESET RETRY COUNTER for each PIN, wrong and blocked activation code. */
static void test_reset_retry(void **state)
{
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;
	struct secret puk = code("12345678"), pin1 = code("1234");
	struct secret pin2 = code("654321"), puk7 = code("1234567");
	const char *c1 = "00 2C 00 11 18 " PUK_12345678 " " PIN_1234;

	script_init(&s);
	script_add(&s, c1, "90 00");
	script_add(&s, "00 2C 00 82 18 " PUK_12345678
	           " 36 35 34 33 32 31 00 00 00 00 00 00", "90 00");
	script_add(&s, "00 2C 00 11 18 31 32 33 34 35 36 37 00 00 00 00 00 "
	           PIN_1234, "63 C4");
	script_add(&s, c1, "69 83");
	script_add_err(&s, c1, CE_REMOVED);
	assert_int_equal(fineid_reset_retry(&s.io, &p, CODE_PIN1, &puk, &pin1,
	                                    &r), 0);
	assert_res(&r, CE_OK, SW_OK, 0x9000, -1);
	assert_int_equal(fineid_reset_retry(&s.io, &p, CODE_PIN2, &puk, &pin2,
	                                    &r), 0);
	assert_int_equal(fineid_reset_retry(&s.io, &p, CODE_PIN1, &puk7, &pin1,
	                                    &r), -1);
	assert_res(&r, CE_OK, SW_WRONG_CODE, 0x63C4, 4);
	assert_int_equal(fineid_reset_retry(&s.io, &p, CODE_PIN1, &puk, &pin1,
	                                    &r), -1);
	assert_res(&r, CE_OK, SW_BLOCKED, 0x6983, -1);
	assert_int_equal(fineid_reset_retry(&s.io, &p, CODE_PIN1, &puk, &pin1,
	                                    &r), -1);
	assert_res(&r, CE_REMOVED, SW_OTHER, 0, -1);
	script_done(&s);
}

/* CHANGE REFERENCE DATA, and the profile's own padding byte and length. */
static void test_change(void **state)
{
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;
	struct secret old = code("123456"), new = code("24681357");
	const char *c = "00 24 00 82 18 31 32 33 34 35 36 00 00 00 00 00 00 "
	                "32 34 36 38 31 33 35 37 00 00 00 00";

	script_init(&s);
	script_add(&s, c, "90 00");
	script_add(&s, c, "69 85");
	script_add(&s, c, "63 C1");
	script_add(&s, c, "6A 80");
	script_add(&s, "00 24 00 82 10 31 32 33 34 35 36 FF FF "
	           "32 34 36 38 31 33 35 37", "90 00");
	assert_int_equal(fineid_change(&s.io, &p, CODE_PIN2, &old, &new, &r), 0);
	assert_int_equal(fineid_change(&s.io, &p, CODE_PIN2, &old, &new, &r), -1);
	assert_res(&r, CE_OK, SW_CONDITIONS, 0x6985, -1);
	assert_int_equal(fineid_change(&s.io, &p, CODE_PIN2, &old, &new, &r), -1);
	assert_res(&r, CE_OK, SW_WRONG_CODE, 0x63C1, 1);
	assert_int_equal(fineid_change(&s.io, &p, CODE_PIN2, &old, &new, &r), -1);
	assert_res(&r, CE_OK, SW_BAD_DATA, 0x6A80, -1);
	p.pad_byte = 0xFF;
	p.pad_len = 8;
	p.code[CODE_PIN2].max_len = 8;
	assert_int_equal(fineid_change(&s.io, &p, CODE_PIN2, &old, &new, &r), 0);
	script_done(&s);
}

#define SET_SE_SIGN "00 22 41 B6 06 80 01 54 84 01 02"
#define HASH48 \
	"00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F "            \
	"10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F "            \
	"20 21 22 23 24 25 26 27 28 29 2A 2B 2C 2D 2E 2F"
#define PSO_HASH "00 2A 90 A0 32 90 30 " HASH48
#define PSO_CDS "00 2A 9E 9A 60"

/* Sign: the card's 96 bytes at once, through 61xx, or after 6Cxx; Le is
 * the profile's signature length. */
static void test_sign(void **state)
{
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;
	uint8_t hash[48], sig[PROFILE_SIG_MAX], want[96];

	for (int i = 0; i < 48; i++)
		hash[i] = (uint8_t)i;
	for (int i = 0; i < 96; i++)
		want[i] = (uint8_t)(0xA0 ^ i);
	script_init(&s);
	script_add(&s, SET_SE_SIGN, "90 00");
	script_add(&s, PSO_HASH, "90 00");
	script_add_data(&s, PSO_CDS, want, 96, 0x9000);
	script_add(&s, SET_SE_SIGN, "90 00");
	script_add(&s, PSO_HASH, "90 00");
	script_add(&s, PSO_CDS, "61 60");
	script_add_data(&s, "00 C0 00 00 60", want, 96, 0x9000);
	script_add(&s, SET_SE_SIGN, "90 00");
	script_add(&s, PSO_HASH, "90 00");
	script_add(&s, PSO_CDS, "6C 60");
	script_add_data(&s, PSO_CDS, want, 96, 0x9000);
	for (int k = 0; k < 3; k++) {
		memset(sig, 0, sizeof sig);
		assert_int_equal(fineid_sign(&s.io, &p, KEY_SIGN, hash, sig, &r),
		                 0);
		assert_res(&r, CE_OK, SW_OK, 0x9000, -1);
		assert_memory_equal(sig, want, 96);
	}
	script_done(&s);
}

/* FinEID v3.1 as recorded (FIN-V3 mock): the authentication key signs
 * with RSA-PSS (algorithm 45, a SHA-256 hash, 256 bytes: Le 00), the
 * signing key 03 with ECDSA over SHA-256 (algorithm 44, 64 bytes). */
static void test_sign_v31(void **state)
{
	struct card_profile p = fineid_v31_profile();
	struct card_script s;
	struct card_result r;
	uint8_t hash[32], sig[PROFILE_SIG_MAX], want[256];
	char hd[200];

	for (int i = 0; i < 32; i++)
		hash[i] = (uint8_t)i;
	for (int i = 0; i < 256; i++)
		want[i] = (uint8_t)(0x5C ^ i);
	snprintf(hd, sizeof hd, "00 2A 90 A0 22 90 20 %.95s", HASH48);
	script_init(&s);
	script_add(&s, "00 22 41 B6 06 80 01 45 84 01 01", "90 00");
	script_add(&s, hd, "90 00");
	script_add_data(&s, "00 2A 9E 9A 00", want, 256, 0x9000);
	script_add(&s, "00 22 41 B6 06 80 01 44 84 01 03", "90 00");
	script_add(&s, hd, "90 00");
	script_add_data(&s, "00 2A 9E 9A 40", want, 64, 0x9000);
	assert_int_equal(fineid_sign(&s.io, &p, KEY_AUTH, hash, sig, &r), 0);
	assert_memory_equal(sig, want, 256);
	assert_int_equal(fineid_sign(&s.io, &p, KEY_SIGN, hash, sig, &r), 0);
	assert_memory_equal(sig, want, 64);
	script_done(&s);
}

/* Sign failing at each step, and a signature of the wrong size. */
static void test_sign_errors(void **state)
{
	struct card_profile p = script_profile();
	struct card_script s;
	struct card_result r;
	uint8_t hash[48], sig[PROFILE_SIG_MAX], part[100] = { 0 };

	for (int i = 0; i < 48; i++)
		hash[i] = (uint8_t)i;
	script_init(&s);
	script_add_err(&s, SET_SE_SIGN, CE_REMOVED);
	script_add(&s, SET_SE_SIGN, "90 00");
	script_add_err(&s, PSO_HASH, CE_REMOVED);
	script_add(&s, SET_SE_SIGN, "90 00");
	script_add(&s, PSO_HASH, "90 00");
	script_add_err(&s, PSO_CDS, CE_REMOVED);
	script_add(&s, SET_SE_SIGN, "6A 88");
	script_add(&s, SET_SE_SIGN, "90 00");
	script_add(&s, PSO_HASH, "90 00");
	script_add(&s, PSO_CDS, "69 82");
	script_add(&s, SET_SE_SIGN, "90 00");
	script_add(&s, PSO_HASH, "90 00");
	script_add_data(&s, PSO_CDS, part, 64, 0x9000);
	script_add(&s, SET_SE_SIGN, "90 00");
	script_add(&s, PSO_HASH, "90 00");
	script_add_data(&s, PSO_CDS, part, 100, 0x9000);
	for (int k = 0; k < 3; k++) {
		assert_int_equal(fineid_sign(&s.io, &p, KEY_SIGN, hash, sig, &r),
		                 -1);
		assert_res(&r, CE_REMOVED, SW_OTHER, 0, -1);
	}
	assert_int_equal(fineid_sign(&s.io, &p, KEY_SIGN, hash, sig, &r), -1);
	assert_res(&r, CE_OK, SW_REF_NOT_FOUND, 0x6A88, -1);
	assert_int_equal(fineid_sign(&s.io, &p, KEY_SIGN, hash, sig, &r), -1);
	assert_res(&r, CE_OK, SW_SECURITY, 0x6982, -1);
	for (int k = 0; k < 2; k++) {   /* 64 and 100 bytes */
		assert_int_equal(fineid_sign(&s.io, &p, KEY_SIGN, hash, sig, &r),
		                 -1);
		assert_res(&r, CE_OK, SW_BAD_ANSWER, 0x9000, -1);
	}
	script_done(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_docnum_fcp),
		cmocka_unit_test(test_docnum_no_size),
		cmocka_unit_test(test_docnum_malformed),
		cmocka_unit_test(test_docnum_errors),
		cmocka_unit_test(test_cert),
		cmocka_unit_test(test_cert_errors),
		cmocka_unit_test(test_read_bounded),
		cmocka_unit_test(test_code_status_recorded),
		cmocka_unit_test(test_code_status),
		cmocka_unit_test(test_code_status_bad),
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_reset_retry),
		cmocka_unit_test(test_change),
		cmocka_unit_test(test_sign),
		cmocka_unit_test(test_sign_v31),
		cmocka_unit_test(test_sign_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
