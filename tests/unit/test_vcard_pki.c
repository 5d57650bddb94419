/* test_vcard_pki.c - the virtual card's certificates (chain, subject,
 * expired, untrusted), signatures (verify with the certificate's key, and
 * not with --wrong-key), the test CA directory, and the state file. */
#include "build-config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "vcard.h"
#include "vcard_pki.h"
#include "vcard_state.h"
#include "vcard_test_util.h"

static const char sel_sign[] = "50164332";

/* Read a card's certificate (auth "4331" or sign path) and parse it. */
static X509 *card_cert(struct vcard *vc, const char *path)
{
	size_t n;
	uint8_t *der = tv_read_file(vc, path, &n);
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)n);

	assert_non_null(x);
	assert_int_equal(p - der, n);
	free(der);
	return x;
}

/* Verify x against the CA file of dir: the X509_V_ error, 0 for ok. */
static int chain_error(X509 *x, const char *dir)
{
	char path[256];
	X509_STORE *st = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int err;

	snprintf(path, sizeof(path), "%s/ca.pem", dir);
	assert_int_equal(X509_STORE_load_file(st, path), 1);
	assert_int_equal(X509_STORE_CTX_init(ctx, st, x, NULL), 1);
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_X509_STRICT);
	err = X509_verify_cert(ctx) == 1 ? 0 : X509_STORE_CTX_get_error(ctx);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
	return err;
}

/* One subject attribute as text. */
static void subject_field(X509 *x, int nid, char *out, int size)
{
	assert_true(X509_NAME_get_text_by_NID(X509_get_subject_name(x), nid, out,
	                                      size) > 0);
}

/* Certificates read over APDUs parse, chain to the CA, name the holder
 * and hold the card's keys. */
static void test_cert_chain(void **state)
{
	struct vcard vc;
	X509 *a, *s;
	char buf[128];
	const unsigned char *p;
	EVP_PKEY *k;

	tv_card(&vc, VS_ACTIVE);
	a = card_cert(&vc, "4331");
	s = card_cert(&vc, sel_sign);
	assert_int_equal(chain_error(a, tv_dir()), 0);
	assert_int_equal(chain_error(s, tv_dir()), 0);
	subject_field(a, NID_givenName, buf, sizeof(buf));
	assert_string_equal(buf, "Matti Tapani");
	subject_field(a, NID_countryName, buf, sizeof(buf));
	assert_string_equal(buf, "FI");
	subject_field(a, NID_serialNumber, buf, sizeof(buf));
	assert_int_equal(strlen(buf), 9);
	assert_memory_equal(buf, "999", 3);
	subject_field(a, NID_commonName, buf, sizeof(buf));
	assert_memory_equal(buf, "MEIK\xC3\x84L\xC3\x84INEN MATTI TAPANI 999", 28);
	assert_true(X509_get_key_usage(a) & KU_DIGITAL_SIGNATURE);
	assert_true(X509_get_key_usage(s) & KU_NON_REPUDIATION);
	assert_int_equal(EVP_PKEY_get_bits(X509_get0_pubkey(a)), 384);
	p = vc.key[0];
	k = d2i_AutoPrivateKey(NULL, &p, (long)vc.key_len[0]);
	assert_int_equal(X509_check_private_key(a, k), 1);
	assert_int_equal(X509_check_private_key(s, k), 0);
	EVP_PKEY_free(k);
	X509_free(a);
	X509_free(s);
	vcard_free(&vc);
}

/* --expired and --untrusted cards fail the chain check the right way; the
 * untrusted one leaves the CA of the directory alone. */
static void test_cert_expired_untrusted(void **state)
{
	struct vcard_spec sp = { .start = VS_ACTIVE, .ca_dir = tv_dir(),
	                         .expired = true };
	struct vcard vc;
	X509 *x;

	tv_card_spec(&vc, &sp);
	x = card_cert(&vc, "4331");
	assert_int_equal(chain_error(x, tv_dir()), X509_V_ERR_CERT_HAS_EXPIRED);
	assert_true(X509_cmp_current_time(X509_get0_notAfter(x)) < 0);
	X509_free(x);
	vcard_free(&vc);
	sp.expired = false;
	sp.untrusted = true;
	tv_card_spec(&vc, &sp);
	x = card_cert(&vc, sel_sign);
	assert_int_equal(chain_error(x, tv_dir()),
	                 X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
	X509_free(x);
	vcard_free(&vc);
	tv_card(&vc, VS_NEW);
	x = card_cert(&vc, sel_sign);
	assert_int_equal(chain_error(x, tv_dir()), 0);
	X509_free(x);
	vcard_free(&vc);
}

/* Verify raw r||s over hash with the certificate's key: 1 valid, 0 not. */
static int sig_valid(X509 *x, const uint8_t *hash, const uint8_t *raw)
{
	ECDSA_SIG *es = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, 48, NULL), *s = BN_bin2bn(raw + 48, 48, NULL);
	unsigned char *der = NULL;
	int dl, ok;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(X509_get0_pubkey(x), NULL);

	assert_int_equal(ECDSA_SIG_set0(es, r, s), 1);
	dl = i2d_ECDSA_SIG(es, &der);
	assert_true(dl > 0);
	assert_int_equal(EVP_PKEY_verify_init(ctx), 1);
	ok = EVP_PKEY_verify(ctx, der, (size_t)dl, hash, 48) == 1;
	EVP_PKEY_CTX_free(ctx);
	OPENSSL_free(der);
	ECDSA_SIG_free(es);
	return ok;
}

/* VERIFY PIN1 with the default value: 0 when the card said 9000. */
static int pin1_ok(struct vcard *vc)
{
	return tv_code(vc, 0x20, 0x11, "1357", NULL) == 0x9000 ? 0 : -1;
}

/* SET SE for a key and PSO HASH of a fixed hash. */
static void set_hash(struct vcard *vc, int key, uint8_t *hash)
{
	uint8_t cmd[60] = { 0x00, 0x2A, 0x90, 0xA0, 0x32, 0x90, 0x30 };
	char se[64];

	for (int i = 0; i < 48; i++)
		hash[i] = (uint8_t)(i * 7 + key);
	memcpy(cmd + 7, hash, 48);
	snprintf(se, sizeof(se), "002241B6068001548401%02d", key);
	assert_int_equal(tv_x(vc, se, NULL, NULL), 0x9000);
	assert_int_equal(tv_raw(vc, cmd, 55, NULL, NULL), 0x9000);
}

/* Sign with both keys after their PINs; signatures verify; PIN2's
 * verified state and the hash are used up by one signature. */
static void test_sign(void **state)
{
	struct vcard vc;
	uint8_t hash[48], sig[300];
	size_t n;
	X509 *a, *s;

	tv_card(&vc, VS_ACTIVE);
	a = card_cert(&vc, "4331");
	s = card_cert(&vc, sel_sign);
	set_hash(&vc, 1, hash);
	assert_int_equal(tv_x(&vc, "002A9E9A00", sig, &n), 0x6982);
	assert_int_equal(pin1_ok(&vc), 0);
	assert_int_equal(tv_x(&vc, "002A9E9A00", sig, &n), 0x9000);
	assert_int_equal(n, 96);
	assert_true(sig_valid(a, hash, sig));
	assert_false(sig_valid(s, hash, sig));
	assert_int_equal(tv_x(&vc, "002A9E9A60", sig, &n), 0x6985);
	set_hash(&vc, 1, hash);
	assert_int_equal(tv_x(&vc, "002A9E9A20", sig, &n), 0x6C60);
	assert_int_equal(tv_x(&vc, "002A9E9A60", sig, &n), 0x9000);
	assert_true(sig_valid(a, hash, sig));
	set_hash(&vc, 2, hash);
	assert_int_equal(tv_x(&vc, "002A9E9A60", sig, &n), 0x6982);
	assert_int_equal(tv_x(&vc, "002000820C 323436383031000000000000",
	                      NULL, NULL), 0x9000);
	assert_int_equal(tv_x(&vc, "002A9E9A60", sig, &n), 0x9000);
	assert_true(sig_valid(s, hash, sig));
	set_hash(&vc, 2, hash);
	assert_int_equal(tv_x(&vc, "002A9E9A60", sig, &n), 0x6982);
	X509_free(a);
	X509_free(s);
	vcard_free(&vc);
}

/* A --wrong-key card signs with a key its certificate does not hold. */
static void test_sign_wrong_key(void **state)
{
	struct vcard_spec sp = { .start = VS_ACTIVE, .ca_dir = tv_dir(),
	                         .wrong_key = true };
	struct vcard vc;
	uint8_t hash[48], sig[300];
	size_t n;
	X509 *a;

	tv_card_spec(&vc, &sp);
	a = card_cert(&vc, "4331");
	assert_int_equal(chain_error(a, tv_dir()), 0);
	set_hash(&vc, 1, hash);
	assert_int_equal(pin1_ok(&vc), 0);
	assert_int_equal(tv_x(&vc, "002A9E9A60", sig, &n), 0x9000);
	assert_int_equal(n, 96);
	assert_false(sig_valid(a, hash, sig));
	X509_free(a);
	vcard_free(&vc);
}

/* Security environment and PSO refusals. */
static void test_sign_refusals(void **state)
{
	struct vcard vc;
	uint8_t hash[48];

	tv_card(&vc, VS_ACTIVE);
	assert_int_equal(pin1_ok(&vc), 0);
	assert_int_equal(tv_x(&vc, "002A9E9A60", NULL, NULL), 0x6985);
	assert_int_equal(tv_x(&vc, "002A90A032 9030"
	                      "000000000000000000000000000000000000000000000000"
	                      "000000000000000000000000000000000000000000000000",
	                      NULL, NULL), 0x6985);
	assert_int_equal(tv_x(&vc, "002241B606800155840101", NULL, NULL), 0x6A80);
	assert_int_equal(tv_x(&vc, "002241B606800154840103", NULL, NULL), 0x6A88);
	assert_int_equal(tv_x(&vc, "002241A406800154840101", NULL, NULL), 0x6A86);
	assert_int_equal(tv_x(&vc, "002241B60580015484 01", NULL, NULL), 0x6700);
	assert_int_equal(tv_x(&vc, "002241B606800154840101", NULL, NULL), 0x9000);
	assert_int_equal(tv_x(&vc, "002A90A004 90300000", NULL, NULL), 0x6700);
	assert_int_equal(tv_x(&vc, "002A9E9B60", NULL, NULL), 0x6A86);
	assert_int_equal(tv_x(&vc, "002A9E9A60", NULL, NULL), 0x6985);
	set_hash(&vc, 1, hash);
	vcard_reset(&vc);
	assert_int_equal(tv_x(&vc, "00A4040C0CA000000063504B43532D3135",
	                      NULL, NULL), 0x9000);
	assert_int_equal(tv_x(&vc, "002A9E9A60", NULL, NULL), 0x6985);
	vcard_free(&vc);
}

/* Save, check the mode, load: the same card, volatile state fresh. */
static void test_state_roundtrip(void **state)
{
	struct vcard vc, back;
	char path[256], *cause = NULL;
	struct stat st;
	uint8_t hash[48], sig[300];
	size_t n;
	X509 *a;

	tv_card(&vc, VS_PIN1_SET);
	assert_int_equal(tv_code(&vc, 0x20, 0x11, "0000", NULL), 0x63C4);
	snprintf(path, sizeof(path), "%s/rt.state", tv_dir());
	assert_int_equal(vcard_state_save(&vc, path, &cause), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(vcard_state_load(&back, path, &cause), 0);
	assert_int_equal(back.gen, vc.gen);
	assert_string_equal(back.docnum, vc.docnum);
	assert_memory_equal(&back.pin1, &vc.pin1, sizeof(vc.pin1));
	assert_memory_equal(&back.pin2, &vc.pin2, sizeof(vc.pin2));
	assert_memory_equal(&back.puk, &vc.puk, sizeof(vc.puk));
	for (int i = 0; i < 2; i++) {
		assert_int_equal(back.cert_len[i], vc.cert_len[i]);
		assert_memory_equal(back.cert[i], vc.cert[i], vc.cert_len[i]);
		assert_int_equal(back.key_len[i], vc.key_len[i]);
		assert_memory_equal(back.key[i], vc.key[i], vc.key_len[i]);
	}
	assert_int_equal(back.selected_app, 0);
	assert_int_equal(back.selected_ef, -1);
	assert_int_equal(back.se_key, -1);
	assert_int_equal(tv_x(&back, "00A4040C0CA000000063504B43532D3135",
	                      NULL, NULL), 0x9000);
	a = card_cert(&back, "4331");
	set_hash(&back, 1, hash);
	assert_int_equal(pin1_ok(&back), 0);
	assert_int_equal(tv_x(&back, "002A9E9A60", sig, &n), 0x9000);
	assert_true(sig_valid(a, hash, sig));
	X509_free(a);
	vcard_free(&back);
	vcard_free(&vc);
}

/* Write text to a file in the test directory; returns its path. */
static const char *write_file(const char *name, const char *text)
{
	static char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tv_dir(), name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Broken state files are refused with file and line. */
static void test_state_errors(void **state)
{
	struct vcard vc;
	char *cause = NULL, want[300];
	const char *p;

	assert_int_equal(vcard_state_load(&vc, "/nonexistent/x.state", &cause), -1);
	assert_non_null(strstr(cause, "/nonexistent/x.state: "));
	free(cause);
	p = write_file("bad1.state", "# c\nformat 1\ngen 2023\n");
	assert_int_equal(vcard_state_load(&vc, p, &cause), -1);
	snprintf(want, sizeof(want), "%s:3: ", p);
	assert_non_null(strstr(cause, want));
	free(cause);
	p = write_file("bad2.state", "format 1\ngen 2022\nwhat 1\n");
	assert_int_equal(vcard_state_load(&vc, p, &cause), -1);
	snprintf(want, sizeof(want), "%s:3: unknown setting 'what'", p);
	assert_string_equal(cause, want);
	free(cause);
	p = write_file("bad3.state", "format 1\ngen 2022\ndocnum X1\n");
	assert_int_equal(vcard_state_load(&vc, p, &cause), -1);
	assert_non_null(strstr(cause, "missing pin1.value"));
	free(cause);
	p = write_file("bad4.state", "format 1\ncert.auth 30a\n");
	assert_int_equal(vcard_state_load(&vc, p, &cause), -1);
	assert_non_null(strstr(cause, ":2: bad value for cert.auth"));
	free(cause);
}

/* Specs with bad codes or names are refused with a reason. */
static void test_create_rejects(void **state)
{
	static const struct vcard_spec bad[] = {
		{ .puk = "123456" }, { .puk = "123456789" }, { .puk = "1234567a" },
		{ .pin1 = "123" }, { .pin2 = "12345" }, { .docnum = "XK-12" },
		{ .docnum = "" }, { .start = (enum vcard_start)9 },
	};
	struct vcard vc;
	char *cause;

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		cause = NULL;
		assert_int_equal(vcard_create(&vc, &bad[i], &cause), -1);
		assert_non_null(cause);
		free(cause);
	}
}

/* Several processes asking for the CA of a new directory at once end up
 * with one CA that every card chains to; the key is private. */
static void test_ca_race(void **state)
{
	char dir[256], key[300];
	struct vcard_spec sp = { .start = VS_NEW };
	struct stat st;
	struct vcard vc;
	pid_t pids[6];
	int status;
	X509 *x;

	snprintf(dir, sizeof(dir), "%s/race", tv_dir());
	for (int i = 0; i < 6; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			struct vcard child;

			sp.ca_dir = dir;
			_exit(vcard_create(&child, &sp, NULL) == 0 ? 0 : 1);
		}
	}
	for (int i = 0; i < 6; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	snprintf(key, sizeof(key), "%s/ca.key", dir);
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	sp.ca_dir = dir;
	tv_card_spec(&vc, &sp);
	x = card_cert(&vc, "4331");
	assert_int_equal(chain_error(x, dir), 0);
	assert_int_equal(chain_error(x, tv_dir()),
	                 X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
	X509_free(x);
	vcard_free(&vc);
}

/* Without a directory the CA is made in memory and thrown away. */
static void test_ephemeral_ca(void **state)
{
	struct vcard_spec sp = { .start = VS_ACTIVE, .gen = VCARD_2025 };
	struct vcard vc;
	uint8_t atr[33];
	X509 *x;

	tv_card_spec(&vc, &sp);
	assert_int_equal(vcard_atr(&vc, atr), 20);
	assert_int_equal(atr[12], 0x10);
	x = card_cert(&vc, "4331");
	assert_int_equal(chain_error(x, tv_dir()),
	                 X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
	X509_free(x);
	vcard_free(&vc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cert_chain),
		cmocka_unit_test(test_cert_expired_untrusted),
		cmocka_unit_test(test_sign),
		cmocka_unit_test(test_sign_wrong_key),
		cmocka_unit_test(test_sign_refusals),
		cmocka_unit_test(test_state_roundtrip),
		cmocka_unit_test(test_state_errors),
		cmocka_unit_test(test_create_rejects),
		cmocka_unit_test(test_ca_race),
		cmocka_unit_test(test_ephemeral_ca),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
