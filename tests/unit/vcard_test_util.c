/* vcard_test_util.c - helpers shared by the virtual card's unit tests. */
#include "build-config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include "vcard_test_util.h"

static char dir_buf[64];

/* Remove the test directory and what the tests left in it. */
static void dir_cleanup(void)
{
	char cmd[128];

	if (dir_buf[0]) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir_buf);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir_buf);
	}
}

/* The tests' directory, made on first use. */
const char *tv_dir(void)
{
	if (!dir_buf[0]) {
		snprintf(dir_buf, sizeof dir_buf, "/tmp/test_vcard.XXXXXX");
		assert_non_null(mkdtemp(dir_buf));
		atexit(dir_cleanup);
	}
	return dir_buf;
}

/* Hex with spaces to bytes. */
size_t tv_hex(const char *hex, uint8_t *out)
{
	size_t n = 0;
	unsigned v;

	while (*hex) {
		if (*hex == ' ') {
			hex++;
			continue;
		}
		assert_int_equal(sscanf(hex, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	return n;
}

/* One command to the model; the status word. */
uint16_t tv_raw(struct vcard *vc, const uint8_t *cmd, size_t clen,
                uint8_t *data, size_t *dlen)
{
	uint8_t resp[300];
	size_t n;

	memset(resp, 0xEE, sizeof resp);
	n = vcard_process(vc, cmd, clen, resp);
	assert_true(n >= 2 && n <= 258);
	assert_int_equal(resp[n], 0xEE);   /* wrote no more than it said */
	if (data)
		memcpy(data, resp, n - 2);
	if (dlen)
		*dlen = n - 2;
	return (uint16_t)(resp[n - 2] << 8 | resp[n - 1]);
}

/* One command in hex to the model; the status word. */
uint16_t tv_x(struct vcard *vc, const char *hex, uint8_t *data, size_t *dlen)
{
	uint8_t cmd[300];

	return tv_raw(vc, cmd, tv_hex(hex, cmd), data, dlen);
}

/* Right-pad digits with 00 to 12 bytes. */
static void pad(const char *digits, uint8_t *out)
{
	memset(out, 0, 12);
	memcpy(out, digits, strlen(digits));
}

/* VERIFY, CHANGE or RESET RETRY COUNTER with padded codes. */
uint16_t tv_code(struct vcard *vc, uint8_t ins, uint8_t ref, const char *a,
                 const char *b)
{
	uint8_t cmd[5 + 24] = { 0x00, ins, 0x00, ref, b ? 24 : 12 };

	pad(a, cmd + 5);
	if (b)
		pad(b, cmd + 17);
	return tv_raw(vc, cmd, b ? 29 : 17, NULL, NULL);
}

/* A new card of a spec, application selected. */
void tv_card_spec(struct vcard *vc, const struct vcard_spec *sp)
{
	char *cause = NULL;
	int rc = vcard_create(vc, sp, &cause);

	if (rc < 0)
		fail_msg("vcard_create: %s", cause ? cause : "?");
	assert_int_equal(tv_x(vc, "00 A4 04 0C 0C A000000063504B43532D3135",
	                      NULL, NULL), 0x9000);
}

/* A new 2022 card in a start state. */
void tv_card(struct vcard *vc, enum vcard_start st)
{
	tv_card_gen(vc, VCARD_2022, st);
}

/* A new card of a generation in a start state. */
void tv_card_gen(struct vcard *vc, enum vcard_gen gen, enum vcard_start st)
{
	struct vcard_spec sp = { .gen = gen, .start = st, .ca_dir = tv_dir() };

	tv_card_spec(vc, &sp);
}

/* The recorded GET DATA answer for a code. */
void tv_pin_info(uint8_t ref, int tries, int flag, uint8_t out[37])
{
	/* the recorded answer of a real FinEID to GET DATA of PIN1 */
	tv_hex("A023 830111 8C04F0000000 9C04F0000000 DF210405FFA503 "
	       "DF2702FFFF DF28010C DF2F0101", out);
	out[4] = ref;
	out[20] = (uint8_t)tries;
	out[36] = (uint8_t)flag;
}

/* GET DATA over T=0, checked against the recorded layout. */
void tv_status(struct vcard *vc, uint8_t ref, int *tries, int *unset)
{
	uint8_t cmd[10] = { 0x00, 0xCB, 0x00, 0xFF, 0x05, 0xA0, 0x03, 0x83, 0x01,
	                    ref }, d[300], want[37];
	size_t n;

	assert_int_equal(tv_raw(vc, cmd, sizeof cmd, NULL, NULL), 0x6125);
	assert_int_equal(tv_x(vc, "00C0000025", d, &n), 0x9000);
	assert_int_equal(n, 37);
	assert_true(d[36] == 0x00 || d[36] == 0x01);
	tv_pin_info(ref, d[20], d[36], want);
	assert_memory_equal(d, want, 37);
	*tries = d[20];
	*unset = d[36] == 0x00;
}

/* SELECT with FCP over T=0; the file size. */
size_t tv_select_fcp(struct vcard *vc, const char *path_hex)
{
	uint8_t cmd[16] = { 0x00, 0xA4, 0x08, 0x04 }, fcp[300];
	size_t n, got;

	n = tv_hex(path_hex, cmd + 5);
	cmd[4] = (uint8_t)n;
	assert_int_equal(tv_raw(vc, cmd, 5 + n, NULL, NULL), 0x6106);
	assert_int_equal(tv_x(vc, "00C0000006", fcp, &got), 0x9000);
	assert_int_equal(got, 6);
	assert_memory_equal(fcp, "\x62\x04\x81\x02", 4);
	return (size_t)fcp[4] << 8 | fcp[5];
}

/* A whole file by path, in READ BINARY answers of 0xB5 at most. */
uint8_t *tv_read_file(struct vcard *vc, const char *path_hex, size_t *len)
{
	size_t size = tv_select_fcp(vc, path_hex), off = 0, got;
	uint8_t *buf = malloc(size + 256);

	assert_non_null(buf);
	while (off < size) {
		uint8_t rb[5] = { 0x00, 0xB0, (uint8_t)(off >> 8), (uint8_t)off, 0x00 };

		assert_int_equal(tv_raw(vc, rb, 5, buf + off, &got), 0x9000);
		assert_int_equal(got, size - off < 0xB5 ? size - off : 0xB5);
		off += got;
	}
	*len = size;
	return buf;
}

/* A certificate read from the card. */
X509 *tv_card_cert(struct vcard *vc, const char *path_hex)
{
	size_t n;
	uint8_t *der = tv_read_file(vc, path_hex, &n);
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)n);

	assert_non_null(x);
	assert_int_equal(p - der, n);
	free(der);
	return x;
}

/* Raw r||s to a DER ECDSA-Sig-Value (OPENSSL_malloc'd); its length. */
static int ec_raw_to_der(const uint8_t *raw, size_t len, unsigned char **der)
{
	ECDSA_SIG *es = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, (int)(len / 2), NULL);
	BIGNUM *s = BN_bin2bn(raw + len / 2, (int)(len / 2), NULL);
	int dl;

	assert_int_equal(ECDSA_SIG_set0(es, r, s), 1);
	*der = NULL;
	dl = i2d_ECDSA_SIG(es, der);
	assert_true(dl > 0);
	ECDSA_SIG_free(es);
	return dl;
}

/* Verify a card signature with the certificate's key. */
int tv_sig_valid(X509 *x, const uint8_t *hash, size_t hash_len,
                 const uint8_t *sig, size_t sig_len)
{
	EVP_PKEY *pub = X509_get0_pubkey(x);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pub, NULL);
	const EVP_MD *md = hash_len == 32 ? EVP_sha256() : EVP_sha384();
	unsigned char *der = NULL;
	int ok;

	assert_int_equal(EVP_PKEY_verify_init(ctx), 1);
	assert_int_equal(EVP_PKEY_CTX_set_signature_md(ctx, md), 1);
	if (EVP_PKEY_get_base_id(pub) == EVP_PKEY_RSA) {
		assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(ctx,
		                 RSA_PKCS1_PSS_PADDING), 1);
		assert_int_equal(EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md), 1);
		assert_int_equal(EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx,
		                 (int)hash_len), 1);
		ok = EVP_PKEY_verify(ctx, sig, sig_len, hash, hash_len) == 1;
	} else {
		int dl = ec_raw_to_der(sig, sig_len, &der);

		ok = EVP_PKEY_verify(ctx, der, (size_t)dl, hash, hash_len) == 1;
	}
	OPENSSL_free(der);
	EVP_PKEY_CTX_free(ctx);
	return ok;
}

/* SET SE and PSO HASH of a made-up hash. */
void tv_set_hash(struct vcard *vc, uint8_t algo, uint8_t ref, uint8_t *hash,
                 size_t hash_len)
{
	uint8_t se[11] = { 0x00, 0x22, 0x41, 0xB6, 0x06, 0x80, 0x01, algo,
	                   0x84, 0x01, ref };
	uint8_t cmd[60] = { 0x00, 0x2A, 0x90, 0xA0, (uint8_t)(2 + hash_len),
	                    0x90, (uint8_t)hash_len };

	for (size_t i = 0; i < hash_len; i++)
		hash[i] = (uint8_t)(i * 7 + ref + algo);
	memcpy(cmd + 7, hash, hash_len);
	assert_int_equal(tv_raw(vc, se, sizeof se, NULL, NULL), 0x9000);
	assert_int_equal(tv_raw(vc, cmd, 7 + hash_len, NULL, NULL), 0x9000);
}

/* The chain check against the CA of dir. */
int tv_chain_error(X509 *x, const char *dir)
{
	char path[256];
	X509_STORE *st = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int err;

	snprintf(path, sizeof path, "%s/ca.pem", dir);
	assert_int_equal(X509_STORE_load_file(st, path), 1);
	assert_int_equal(X509_STORE_CTX_init(ctx, st, x, NULL), 1);
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_X509_STRICT);
	err = X509_verify_cert(ctx) == 1 ? 0 : X509_STORE_CTX_get_error(ctx);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
	return err;
}

/* notBefore or notAfter as time_t. */
time_t tv_cert_time(X509 *x, int after)
{
	struct tm tm;

	assert_int_equal(ASN1_TIME_to_tm(after ? X509_get0_notAfter(x)
	                                 : X509_get0_notBefore(x), &tm), 1);
	return timegm(&tm);
}

/* Whole calendar years later (or earlier). */
time_t tv_years(time_t t, int years)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	tm.tm_year += years;
	return timegm(&tm);
}
