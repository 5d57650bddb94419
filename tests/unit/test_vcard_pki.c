/* test_vcard_pki.c - the virtual card's certificates (chain, subject,
 * expired, untrusted, dates), v4 signatures (verify with the certificate's
 * key, and not with --wrong-key; Le on T=0 and behind an APDU-level
 * reader), the test CA directory, and the state file (gen, ATR). The v3.1
 * personality is in test_vcard_v31.c. */
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
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <openssl/asn1.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "vcard.h"
#include "vcard_pki.h"
#include "vcard_state.h"
#include "vcard_test_util.h"

static const char sel_sign[] = "50164332";

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
	a = tv_card_cert(&vc, "4331");
	s = tv_card_cert(&vc, sel_sign);
	assert_int_equal(tv_chain_error(a, tv_dir()), 0);
	assert_int_equal(tv_chain_error(s, tv_dir()), 0);
	subject_field(a, NID_givenName, buf, sizeof buf);
	assert_string_equal(buf, "Matti Tapani");
	subject_field(a, NID_countryName, buf, sizeof buf);
	assert_string_equal(buf, "FI");
	subject_field(a, NID_serialNumber, buf, sizeof buf);
	assert_int_equal(strlen(buf), 9);
	assert_memory_equal(buf, "999", 3);
	subject_field(a, NID_commonName, buf, sizeof buf);
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
	x = tv_card_cert(&vc, "4331");
	assert_int_equal(tv_chain_error(x, tv_dir()), X509_V_ERR_CERT_HAS_EXPIRED);
	assert_true(X509_cmp_current_time(X509_get0_notAfter(x)) < 0);
	X509_free(x);
	vcard_free(&vc);
	sp.expired = false;
	sp.untrusted = true;
	tv_card_spec(&vc, &sp);
	x = tv_card_cert(&vc, sel_sign);
	assert_int_equal(tv_chain_error(x, tv_dir()),
	                 X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
	X509_free(x);
	vcard_free(&vc);
	tv_card(&vc, VS_NEW);
	x = tv_card_cert(&vc, sel_sign);
	assert_int_equal(tv_chain_error(x, tv_dir()), 0);
	X509_free(x);
	vcard_free(&vc);
}

/* VERIFY PIN1 with the default value: 0 when the card said 9000. */
static int pin1_ok(struct vcard *vc)
{
	return tv_code(vc, 0x20, 0x11, "1357", NULL) == 0x9000 ? 0 : -1;
}

/* SET SE for a key of a v4 card and PSO HASH of a made-up SHA-384. */
static void set_hash(struct vcard *vc, int key, uint8_t *hash)
{
	tv_set_hash(vc, 0x54, (uint8_t)key, hash, 48);
}

/* Whether sig is a P-384 signature over the 48-byte hash by x's key. */
static int sig_valid(X509 *x, const uint8_t *hash, const uint8_t *sig)
{
	return tv_sig_valid(x, hash, 48, sig, 96);
}

/* Sign with both keys after their PINs; signatures verify; PIN2's
 * verified state and the hash are used up by one signature. On T=0 the
 * Le must be the signature's length: 00 (256) gets 6C60. */
static void test_sign(void **state)
{
	struct vcard vc;
	uint8_t hash[48], sig[300];
	size_t n;
	X509 *a, *s;

	tv_card(&vc, VS_ACTIVE);
	a = tv_card_cert(&vc, "4331");
	s = tv_card_cert(&vc, sel_sign);
	set_hash(&vc, 1, hash);
	assert_int_equal(tv_x(&vc, "002A9E9A00", sig, &n), 0x6982);
	assert_int_equal(pin1_ok(&vc), 0);
	assert_int_equal(tv_x(&vc, "002A9E9A00", sig, &n), 0x6C60);
	assert_int_equal(n, 0);
	assert_int_equal(tv_x(&vc, "002A9E9A", sig, &n), 0x6C60);
	assert_int_equal(tv_x(&vc, "002A9E9A60", sig, &n), 0x9000);
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
	a = tv_card_cert(&vc, "4331");
	assert_int_equal(tv_chain_error(a, tv_dir()), 0);
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

/* Behind an APDU-level reader PSO CDS with Le 00 gets the 96 bytes at
 * once; another wrong Le still gets 6C60. */
static void test_sign_apdu_link(void **state)
{
	struct vcard vc;
	uint8_t hash[48], sig[300];
	size_t n;
	X509 *a;

	tv_card_gen(&vc, VCARD_2025, VS_ACTIVE);
	vc.link = VCARD_LINK_APDU;
	a = tv_card_cert(&vc, "4331");
	set_hash(&vc, 1, hash);
	assert_int_equal(pin1_ok(&vc), 0);
	assert_int_equal(tv_x(&vc, "002A9E9A20", sig, &n), 0x6C60);
	assert_int_equal(tv_x(&vc, "002A9E9A00", sig, &n), 0x9000);
	assert_int_equal(n, 96);
	assert_true(sig_valid(a, hash, sig));
	X509_free(a);
	vcard_free(&vc);
}

/* --issued: both holder certificates from that midnight UTC to 5 years
 * and a day later; by default a v4 card's start a day ago; --expired
 * wins over --issued. */
static void test_issued_dates(void **state)
{
	struct vcard_spec sp = { .start = VS_ACTIVE, .ca_dir = tv_dir() };
	struct vcard vc;
	time_t day, now = time(NULL);
	X509 *x[2];

	assert_int_equal(vcard_date_parse("2021-06-15", &day), 0);
	assert_int_equal(day, 1623715200);
	sp.issued = day;
	tv_card_spec(&vc, &sp);
	x[0] = tv_card_cert(&vc, "4331");
	x[1] = tv_card_cert(&vc, sel_sign);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(tv_cert_time(x[i], 0), 1623715200);
		assert_int_equal(tv_cert_time(x[i], 1), 1781568000); /* 2026-06-16 */
		X509_free(x[i]);
	}
	vcard_free(&vc);
	sp.issued = 0;
	tv_card_spec(&vc, &sp);
	x[0] = tv_card_cert(&vc, sel_sign);
	assert_true(labs((long)(tv_cert_time(x[0], 0) - (now - 86400))) < 120);
	assert_int_equal(tv_cert_time(x[0], 1),
	                 tv_years(tv_cert_time(x[0], 0), 5) + 86400);
	X509_free(x[0]);
	vcard_free(&vc);
	sp.issued = day;
	sp.expired = true;
	tv_card_spec(&vc, &sp);
	x[0] = tv_card_cert(&vc, "4331");
	assert_true(labs((long)(tv_cert_time(x[0], 1) - (now - 86400))) < 120);
	X509_free(x[0]);
	vcard_free(&vc);
}

/* Days as --issued takes them: YYYY-MM-DD, real dates only. */
static void test_date_parse(void **state)
{
	static const char *const bad[] = {
		"2021-02-29", "2021-6-15", "2021-06-15x", "1969-12-31",
		"2021/06/15", "2021-13-01", "+021-06-15", "2021-00-10",
		"2021-04-31", "", "20210615", "2021-06-1 ",
	};
	time_t t;

	assert_int_equal(vcard_date_parse("2024-02-29", &t), 0);
	assert_int_equal(t, 1709164800);
	assert_int_equal(vcard_date_parse("1970-01-01", &t), 0);
	assert_int_equal(t, 0);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(vcard_date_parse(bad[i], &t), -1);
}

/* Whether the text file at path holds line (a whole line). */
static bool file_has_line(const char *path, const char *line)
{
	char buf[8192], want[256];
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	snprintf(want, sizeof want, "\n%s\n", line);
	return strstr(buf, want) != NULL;
}

/* An ATR of its own is saved as "atr HEX" and comes back; a card without
 * one writes no atr line and loads with the generation's. */
static void test_state_atr(void **state)
{
	static const uint8_t cl[] = { 0x3B, 0x8F, 0x80, 0x01, 0x80, 0x31, 0xB8,
	                              0x65, 0xB0, 0x85, 0x05, 0x00, 0x11, 0x12,
	                              0x24, 0x60, 0x82, 0x90, 0x00, 0x5A };
	struct vcard_spec sp = { .start = VS_NEW, .ca_dir = tv_dir(),
	                         .gen = VCARD_2025, .atr = cl,
	                         .atr_len = sizeof cl };
	struct vcard vc, back;
	char path[256], *cause = NULL;
	uint8_t atr[VCARD_ATR_MAX];

	snprintf(path, sizeof path, "%s/atr.state", tv_dir());
	tv_card_spec(&vc, &sp);
	assert_int_equal(vcard_state_save(&vc, path, &cause), 0);
	assert_true(file_has_line(path, "gen 2025"));
	assert_true(file_has_line(path, "atr 3B8F8001" "8031B865B085050011122460829000" "5A"));
	assert_int_equal(vcard_state_load(&back, path, &cause), 0);
	assert_int_equal(back.gen, VCARD_2025);
	assert_int_equal(vcard_atr(&back, atr), sizeof cl);
	assert_memory_equal(atr, cl, sizeof cl);
	vcard_free(&back);
	vc.atr_len = 0;
	assert_int_equal(vcard_state_save(&vc, path, &cause), 0);
	assert_false(file_has_line(path, "atr 3B8F8001" "8031B865B085050011122460829000" "5A"));
	assert_int_equal(vcard_state_load(&back, path, &cause), 0);
	assert_int_equal(back.atr_len, 0);
	assert_int_equal(vcard_atr(&back, atr), 20);
	assert_int_equal(atr[12], 0x10);
	vcard_free(&back);
	vcard_free(&vc);
}

/* A bad or repeated atr line is refused with file and line. */
static void test_state_atr_errors(void **state)
{
	static const char *const lines[] = { "atr 3B", "atr 3B7", "atr XY7F",
	                                     "atr 3B7F\natr 3B7F" };
	char path[256], text[64], *cause = NULL;
	struct vcard vc;
	FILE *fp;

	snprintf(path, sizeof path, "%s/atrbad.state", tv_dir());
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		fp = fopen(path, "w");
		assert_non_null(fp);
		fprintf(fp, "format 1\ngen 2022\n%s\n", lines[i]);
		fclose(fp);
		assert_int_equal(vcard_state_load(&vc, path, &cause), -1);
		snprintf(text, sizeof text, ":%d: ", i == 3 ? 4 : 3);
		assert_non_null(strstr(cause, text));
		assert_non_null(strstr(cause, " atr"));
		free(cause);
	}
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
	snprintf(path, sizeof path, "%s/rt.state", tv_dir());
	assert_int_equal(vcard_state_save(&vc, path, &cause), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(vcard_state_load(&back, path, &cause), 0);
	assert_int_equal(back.gen, vc.gen);
	assert_string_equal(back.docnum, vc.docnum);
	assert_memory_equal(&back.pin1, &vc.pin1, sizeof vc.pin1);
	assert_memory_equal(&back.pin2, &vc.pin2, sizeof vc.pin2);
	assert_memory_equal(&back.puk, &vc.puk, sizeof vc.puk);
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
	a = tv_card_cert(&back, "4331");
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

	snprintf(path, sizeof path, "%s/%s", tv_dir(), name);
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
	snprintf(want, sizeof want, "%s:3: ", p);
	assert_non_null(strstr(cause, want));
	free(cause);
	p = write_file("bad2.state", "format 1\ngen 2022\nwhat 1\n");
	assert_int_equal(vcard_state_load(&vc, p, &cause), -1);
	snprintf(want, sizeof want, "%s:3: unknown setting 'what'", p);
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
		{ .gen = (enum vcard_gen)7 },
		{ .atr = (const uint8_t *)"\x3B", .atr_len = 1 },
		{ .atr = (const uint8_t *)"\x3B\x7F", .atr_len = 34 },
		{ .atr = NULL, .atr_len = 2 },
	};
	struct vcard vc;
	char *cause;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
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

	snprintf(dir, sizeof dir, "%s/race", tv_dir());
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
	snprintf(key, sizeof key, "%s/ca.key", dir);
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	sp.ca_dir = dir;
	tv_card_spec(&vc, &sp);
	x = tv_card_cert(&vc, "4331");
	assert_int_equal(tv_chain_error(x, dir), 0);
	assert_int_equal(tv_chain_error(x, tv_dir()),
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
	x = tv_card_cert(&vc, "4331");
	assert_int_equal(tv_chain_error(x, tv_dir()),
	                 X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
	X509_free(x);
	vcard_free(&vc);
}

/* Run the tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cert_chain),
		cmocka_unit_test(test_cert_expired_untrusted),
		cmocka_unit_test(test_sign),
		cmocka_unit_test(test_sign_wrong_key),
		cmocka_unit_test(test_sign_refusals),
		cmocka_unit_test(test_sign_apdu_link),
		cmocka_unit_test(test_issued_dates),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_state_atr),
		cmocka_unit_test(test_state_atr_errors),
		cmocka_unit_test(test_state_roundtrip),
		cmocka_unit_test(test_state_errors),
		cmocka_unit_test(test_create_rejects),
		cmocka_unit_test(test_ca_race),
		cmocka_unit_test(test_ephemeral_ca),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
