/* test_vcard_v31.c - the FinEID v3.1 personality of the virtual card:
 * ATR, the signing certificate at 5016 4335, an RSA-2048 authentication
 * key signing RSA-PSS (SHA-256) and an EC P-256 signing key 03 (raw r||s),
 * both verified with OpenSSL against the certificates; refusals of wrong
 * keys, algorithms and hash lengths on every generation; the default
 * certificate dates; the state file with "gen 3.1". */
#include "build-config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "vcard.h"
#include "vcard_pki.h"
#include "vcard_state.h"
#include "vcard_test_util.h"

#define PIN1 0x11
#define PIN2 0x82

/* One v3.1 card shared by the tests (RSA key generation takes a while). */
static struct vcard card;

/* Make the shared active v3.1 card. */
static int setup(void **state)
{
	tv_card_gen(&card, VCARD_31, VS_ACTIVE);
	return 0;
}

/* Free the shared card. */
static int teardown(void **state)
{
	vcard_free(&card);
	return 0;
}

/* Power-cycle the shared card and select the application again. */
static struct vcard *fresh(void)
{
	vcard_reset(&card);
	assert_int_equal(tv_x(&card, "00A4040C0CA000000063504B43532D3135",
	                      NULL, NULL), 0x9000);
	return &card;
}

/* The v3.1 ATR, and the files: 4331 with an RSA-2048 key, 5016 4335 with
 * a P-256 key, both chaining to the CA; 5016 4332 is not there. */
static void test_v31_files(void **state)
{
	struct vcard *vc = fresh();
	uint8_t atr[VCARD_ATR_MAX], want[20];
	X509 *a, *s;

	assert_int_equal(vcard_atr(vc, atr), 20);
	tv_hex("3B 7F 96 00 00 80 31 B8 65 B0 85 04 02 1B 12 00 F6 82 90 00", want);
	assert_memory_equal(atr, want, 20);
	a = tv_card_cert(vc, "4331");
	s = tv_card_cert(vc, "50164335");
	assert_int_equal(EVP_PKEY_get_base_id(X509_get0_pubkey(a)), EVP_PKEY_RSA);
	assert_int_equal(EVP_PKEY_get_bits(X509_get0_pubkey(a)), 2048);
	assert_int_equal(EVP_PKEY_get_base_id(X509_get0_pubkey(s)), EVP_PKEY_EC);
	assert_int_equal(EVP_PKEY_get_bits(X509_get0_pubkey(s)), 256);
	assert_true(X509_get_key_usage(a) & KU_DIGITAL_SIGNATURE);
	assert_true(X509_get_key_usage(s) & KU_NON_REPUDIATION);
	assert_int_equal(tv_chain_error(a, tv_dir()), 0);
	assert_int_equal(tv_chain_error(s, tv_dir()), 0);
	assert_int_equal(tv_x(vc, "00A408040450164332", NULL, NULL), 0x6A82);
	assert_int_equal(tv_x(vc, "00A4080C0450164332", NULL, NULL), 0x6A82);
	assert_int_equal(tv_select_fcp(vc, "3F0050164335"), vc->cert_len[1]);
	X509_free(a);
	X509_free(s);
}

/* One key of the card: SET SE, the PIN that guards it, a CDS with the
 * right Le and one that gets 6Cxx, the signature's length. */
struct key_case {
	const char *cert;
	uint8_t algo, ref, pin_ref;
	const char *pin, *cds_ok, *cds_bad;
	uint16_t sw_bad;
	size_t sig_len;
};

static const struct key_case auth_key = {
	"4331", 0x45, 0x01, PIN1, "1357", "002A9E9A00", "002A9E9A60", 0x6C00, 256
};
static const struct key_case sign_key = {
	"50164335", 0x44, 0x03, PIN2, "246801", "002A9E9A40", "002A9E9A00",
	0x6C40, 64
};

/* Sign over SHA-256 with a key: 6982 before its PIN, 6Cxx for the wrong
 * Le (the hash kept), then a signature that verifies with the key's
 * certificate and fails once altered; the hash is used up (6985). */
static void sign_check(struct vcard *vc, const struct key_case *k)
{
	uint8_t hash[32], sig[300];
	size_t n;
	X509 *x = tv_card_cert(vc, k->cert);

	tv_set_hash(vc, k->algo, k->ref, hash, 32);
	assert_int_equal(tv_x(vc, k->cds_ok, sig, &n), 0x6982);
	assert_int_equal(tv_code(vc, 0x20, k->pin_ref, k->pin, NULL), 0x9000);
	assert_int_equal(tv_x(vc, k->cds_bad, sig, &n), k->sw_bad);
	assert_int_equal(tv_x(vc, k->cds_ok, sig, &n), 0x9000);
	assert_int_equal(n, k->sig_len);
	assert_true(tv_sig_valid(x, hash, 32, sig, n));
	sig[n / 2] ^= 0x01;
	assert_false(tv_sig_valid(x, hash, 32, sig, n));
	assert_int_equal(tv_x(vc, k->cds_ok, sig, &n), 0x6985);
	X509_free(x);
}

/* Authentication: SET SE 45 on key 01, PSO HASH 90 20, CDS with Le 00
 * (= 256, right for RSA-2048, also when P3 is left out) gives an RSA-PSS
 * signature; PIN1 stays verified. */
static void test_v31_auth_rsa_pss(void **state)
{
	struct vcard *vc = fresh();
	uint8_t hash[32], sig[300];
	size_t n;
	X509 *a = tv_card_cert(vc, "4331");

	sign_check(vc, &auth_key);
	tv_set_hash(vc, 0x45, 0x01, hash, 32);
	assert_int_equal(tv_x(vc, "002A9E9A", sig, &n), 0x9000);
	assert_int_equal(n, 256);
	assert_true(tv_sig_valid(a, hash, 32, sig, 256));
	X509_free(a);
}

/* Signing: SET SE 44 on key 03, CDS with Le 40 gives 64 bytes r||s for
 * the P-256 certificate; Le 00 gets 6C40; PIN2's verified state is used
 * once; behind an APDU-level reader Le 00 gets the signature. */
static void test_v31_sign_p256(void **state)
{
	struct vcard *vc = fresh();
	uint8_t hash[32], sig[300];
	size_t n;
	X509 *s = tv_card_cert(vc, "50164335");

	assert_int_equal(tv_code(vc, 0x20, PIN1, "1357", NULL), 0x9000);
	sign_check(vc, &sign_key);
	tv_set_hash(vc, 0x44, 0x03, hash, 32);
	assert_int_equal(tv_x(vc, "002A9E9A40", sig, &n), 0x6982);
	vc->link = VCARD_LINK_APDU;
	assert_int_equal(tv_code(vc, 0x20, PIN2, "246801", NULL), 0x9000);
	assert_int_equal(tv_x(vc, "002A9E9A00", sig, &n), 0x9000);
	assert_int_equal(n, 64);
	assert_true(tv_sig_valid(s, hash, 32, sig, 64));
	vc->link = VCARD_LINK_TPDU;
	X509_free(s);
}

/* SET SE and PSO HASH refusals on v3.1: key 02 is not there (6A88), an
 * algorithm byte the key does not do is 6A80, a SHA-384 hash is 6700. */
static void test_v31_refusals(void **state)
{
	static const struct { const char *hex; uint16_t sw; } rows[] = {
		{ "002241B606800154840102", 0x6A88 },
		{ "002241B606800144840102", 0x6A88 },
		{ "002241B606800154840101", 0x6A80 },
		{ "002241B606800144840101", 0x6A80 },
		{ "002241B606800145840103", 0x6A80 },
		{ "002241B606800154840103", 0x6A80 },
		{ "002241B606800145840104", 0x6A88 },
		{ "002241B606810145840101", 0x6A80 },
	};
	struct vcard *vc = fresh();
	uint8_t hash[48], cmd[60] = { 0x00, 0x2A, 0x90, 0xA0, 0x32, 0x90, 0x30 };

	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		assert_int_equal(tv_x(vc, rows[i].hex, NULL, NULL), rows[i].sw);
	tv_set_hash(vc, 0x45, 0x01, hash, 32);
	assert_int_equal(tv_raw(vc, cmd, 55, NULL, NULL), 0x6700);
	assert_int_equal(tv_x(vc, "002A90A022 9030 "
	                      "0000000000000000000000000000000000000000000000000000000000000000",
	                      NULL, NULL), 0x6A80);
}

/* The same rules on v4: key 03 is not there, 0x45/0x44 are wrong for its
 * keys, a SHA-256 hash is the wrong length. */
static void test_v4_refusals(void **state)
{
	struct vcard vc;
	uint8_t cmd[40] = { 0x00, 0x2A, 0x90, 0xA0, 0x22, 0x90, 0x20 };

	tv_card_gen(&vc, VCARD_2025, VS_ACTIVE);
	assert_int_equal(tv_x(&vc, "002241B606800144840103", NULL, NULL), 0x6A88);
	assert_int_equal(tv_x(&vc, "002241B606800145840101", NULL, NULL), 0x6A80);
	assert_int_equal(tv_x(&vc, "002241B606800144840102", NULL, NULL), 0x6A80);
	assert_int_equal(tv_x(&vc, "002241B606800154840102", NULL, NULL), 0x9000);
	assert_int_equal(tv_raw(&vc, cmd, 39, NULL, NULL), 0x6700);
	assert_int_equal(tv_x(&vc, "00A408040450164335", NULL, NULL), 0x6A82);
	vcard_free(&vc);
}

/* By default a v3.1 card's certificates start 4 years ago (so before
 * 13 January 2026 until 2030) and last 5 years and a day. */
static void test_v31_dates(void **state)
{
	struct vcard *vc = fresh();
	time_t now = time(NULL), nb;
	X509 *x = tv_card_cert(vc, "4331");

	nb = tv_cert_time(x, 0);
	assert_true(labs((long)(nb - tv_years(now, -4))) < 120);
	if (now < 1894060800)   /* 2030-01-13 */
		assert_true(nb < 1768262400);   /* 2026-01-13 */
	assert_int_equal(tv_cert_time(x, 1), tv_years(nb, 5) + 86400);
	assert_true(X509_cmp_current_time(X509_get0_notAfter(x)) > 0);
	X509_free(x);
}

/* Saved as "gen 3.1" and loaded back: the loaded card still signs with
 * its RSA key. */
static void test_v31_state(void **state)
{
	struct vcard *vc = fresh(), back;
	char path[256], *cause = NULL, line[64];
	uint8_t hash[32], sig[300];
	size_t n;
	FILE *fp;
	X509 *a;

	snprintf(path, sizeof path, "%s/v31.state", tv_dir());
	assert_int_equal(vcard_state_save(vc, path, &cause), 0);
	fp = fopen(path, "r");
	assert_non_null(fp);
	while (fgets(line, sizeof line, fp) && strncmp(line, "gen ", 4) != 0)
		;
	fclose(fp);
	assert_string_equal(line, "gen 3.1\n");
	assert_int_equal(vcard_state_load(&back, path, &cause), 0);
	assert_int_equal(back.gen, VCARD_31);
	assert_int_equal(back.atr_len, 0);
	assert_int_equal(tv_x(&back, "00A4040C0CA000000063504B43532D3135",
	                      NULL, NULL), 0x9000);
	a = tv_card_cert(&back, "4331");
	tv_set_hash(&back, 0x45, 0x01, hash, 32);
	assert_int_equal(tv_code(&back, 0x20, PIN1, "1357", NULL), 0x9000);
	assert_int_equal(tv_x(&back, "002A9E9A00", sig, &n), 0x9000);
	assert_true(tv_sig_valid(a, hash, 32, sig, n));
	X509_free(a);
	vcard_free(&back);
}

/* Run the tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v31_files),
		cmocka_unit_test(test_v31_auth_rsa_pss),
		cmocka_unit_test(test_v31_sign_p256),
		cmocka_unit_test(test_v31_refusals),
		cmocka_unit_test(test_v4_refusals),
		cmocka_unit_test(test_v31_dates),
		cmocka_unit_test(test_v31_state),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
