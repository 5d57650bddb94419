/* test_certinfo.c - certificate summary, chain check and signature check
 * against CAs and certificates made here, in-process, with OpenSSL. */
#include "build-config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "certinfo.h"
#include "outside.h"

/* Fixed instants (UTC) so results never depend on the clock. */
#define T_2000 946684800L
#define T_2005 1104537600L
#define T_2010 1262304000L
#define T_2015 1420070400L
#define T_2020 1577836800L
#define T_2020_06 1590969600L
#define T_2023 1672531200L
#define T_2025_06 1748736000L
#define T_2028 1830297600L
#define T_2040 2208988800L
#define T_2051 2556144000L   /* after 2049: encoded as GeneralizedTime */
#define NOW T_2025_06

/* Subject fields of a test certificate; NULL fields are left out. */
struct name_spec {
	const char *cn, *gn, *sn, *serial;
	const char *bmp_cn;      /* raw UCS-2 big-endian bytes for a BMPString CN */
	int bmp_len;
};

struct blob {
	unsigned char *der;
	size_t len;
};

/* Keys, CAs, leaves and CA files shared by all tests (made once). */
static struct {
	char dir[64], ca_pem[128], both_pem[128], empty_pem[128], junk_pem[128];
	char old_pem[128], inter_pem[128];
	EVP_PKEY *ca_key, *other_key, *old_key, *root2_key, *inter_key;
	EVP_PKEY *leaf_key, *leaf2_key, *rsa_key, *p256_key;
	X509 *ca, *other, *old_ca, *root2, *inter;
	struct blob leaf, cn_only, expired, foreign, forged, old_leaf;
	struct blob inter_leaf, rsa, p256, bmp, long_cn, evil;
} fx;

static const struct name_spec holder_name = {
	"MEIK\xc3\x84L\xc3\x84INEN MAIJA LIISA 99999999X", "Maija Liisa",
	"Meik\xc3\xa4l\xc3\xa4inen", "99999999X", NULL, 0
};

/* A fresh key: "EC" with a curve, or "RSA" 2048. */
static EVP_PKEY *key_new(const char *type, const char *curve)
{
	EVP_PKEY *k;

	if (curve != NULL)
		k = EVP_PKEY_Q_keygen(NULL, NULL, type, curve);
	else
		k = EVP_PKEY_Q_keygen(NULL, NULL, type, (size_t)2048);
	assert_non_null(k);
	return k;
}

/* Add one v3 extension in config syntax. */
static void ext_add(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	assert_non_null(e);
	assert_int_equal(X509_add_ext(x, e, -1), 1);
	X509_EXTENSION_free(e);
}

/* Add a UTF-8 name entry if the text is given. */
static void name_add(X509_NAME *n, int nid, const char *text)
{
	if (text != NULL)
		assert_int_equal(X509_NAME_add_entry_by_NID(n, nid, MBSTRING_UTF8,
		        (const unsigned char *)text, -1, -1, 0), 1);
}

/* The subject name described by s. */
static X509_NAME *name_make(const struct name_spec *s)
{
	X509_NAME *n = X509_NAME_new();

	assert_non_null(n);
	name_add(n, NID_countryName, "FI");
	name_add(n, NID_surname, s->sn);
	name_add(n, NID_givenName, s->gn);
	name_add(n, NID_serialNumber, s->serial);
	name_add(n, NID_commonName, s->cn);
	if (s->bmp_cn != NULL)
		assert_int_equal(X509_NAME_add_entry_by_NID(n, NID_commonName,
		        V_ASN1_BMPSTRING, (const unsigned char *)s->bmp_cn,
		        s->bmp_len, -1, 0), 1);
	return n;
}

/* A certificate for key; issued by issuer/signer, or self-signed when
 * issuer is NULL. signer may differ from the issuer's key (a forgery). */
static X509 *cert_make(const struct name_spec *s, EVP_PKEY *key, X509 *issuer,
                       EVP_PKEY *signer, time_t nb, time_t na, int ca)
{
	static long serial = 4096;
	X509 *x = X509_new();
	X509_NAME *n = name_make(s);

	assert_non_null(x);
	assert_int_equal(X509_set_version(x, X509_VERSION_3), 1);
	assert_int_equal(ASN1_INTEGER_set(X509_get_serialNumber(x), serial++), 1);
	assert_int_equal(X509_set_subject_name(x, n), 1);
	assert_int_equal(X509_set_issuer_name(x, issuer != NULL ?
	        X509_get_subject_name(issuer) : n), 1);
	assert_non_null(ASN1_TIME_set(X509_getm_notBefore(x), nb));
	assert_non_null(ASN1_TIME_set(X509_getm_notAfter(x), na));
	assert_int_equal(X509_set_pubkey(x, key), 1);
	if (ca) {
		ext_add(x, issuer != NULL ? issuer : x, NID_basic_constraints,
		        "critical,CA:TRUE");
		ext_add(x, issuer != NULL ? issuer : x, NID_key_usage,
		        "critical,keyCertSign,cRLSign");
	} else {
		ext_add(x, issuer, NID_key_usage, "critical,digitalSignature");
	}
	assert_true(X509_sign(x, signer != NULL ? signer : key, EVP_sha384()) > 0);
	X509_NAME_free(n);
	return x;
}

/* DER of a certificate made like cert_make; the X509 is freed. */
static struct blob leaf_make(const struct name_spec *s, EVP_PKEY *key,
                             X509 *issuer, EVP_PKEY *signer, time_t nb,
                             time_t na)
{
	X509 *x = cert_make(s, key, issuer, signer, nb, na, 0);
	struct blob b = { NULL, 0 };
	int n = i2d_X509(x, &b.der);

	assert_true(n > 0);
	b.len = (size_t)n;
	X509_free(x);
	return b;
}

/* A CA with a name of its own; self-signed when issuer is NULL. */
static X509 *ca_make(const char *cn, EVP_PKEY *key, X509 *issuer,
                     EVP_PKEY *signer, time_t nb, time_t na)
{
	struct name_spec s = { cn, NULL, NULL, NULL, NULL, 0 };

	return cert_make(&s, key, issuer, signer, nb, na, 1);
}

/* Write certificates as PEM into dir/name; the path goes to out. */
static void pem_write(char *out, size_t cap, const char *name, X509 *a, X509 *b)
{
	FILE *f;

	snprintf(out, cap, "%s/%s", fx.dir, name);
	f = fopen(out, "w");
	assert_non_null(f);
	if (a != NULL)
		assert_int_equal(PEM_write_X509(f, a), 1);
	if (b != NULL)
		assert_int_equal(PEM_write_X509(f, b), 1);
	assert_int_equal(fclose(f), 0);
}

/* Keys and CAs. */
static void fx_cas(void)
{
	fx.ca_key = key_new("EC", "P-384");
	fx.other_key = key_new("EC", "P-384");
	fx.old_key = key_new("EC", "P-384");
	fx.root2_key = key_new("EC", "P-384");
	fx.inter_key = key_new("EC", "P-384");
	fx.leaf_key = key_new("EC", "P-384");
	fx.leaf2_key = key_new("EC", "P-384");
	fx.p256_key = key_new("EC", "P-256");
	fx.rsa_key = key_new("RSA", NULL);
	fx.ca = ca_make("Test CA for Citizen Certificates", fx.ca_key, NULL, NULL,
	                T_2020, T_2040);
	fx.other = ca_make("Some Other CA", fx.other_key, NULL, NULL, T_2020, T_2040);
	fx.old_ca = ca_make("Old CA", fx.old_key, NULL, NULL, T_2000, T_2010);
	fx.root2 = ca_make("Root Two", fx.root2_key, NULL, NULL, T_2000, T_2040);
	fx.inter = ca_make("Issuing CA Two", fx.inter_key, fx.root2, fx.root2_key,
	                   T_2020, T_2040);
}

/* Leaf certificates: the normal one and every odd case. */
static void fx_leaves(void)
{
	static const struct name_spec cn_only = { "Kiosk Test Person", NULL, NULL,
	                                          NULL, NULL, 0 };
	static const struct name_spec evil = {
		"Evil\x1b[2J\x07\xc2\x9b" "31m\xe2\x80\xae" "Name",
		"A\"B\xc2\x85", "C\\D\xe2\x81\xa6", NULL, NULL, 0
	};
	static const struct name_spec bmp = { NULL, NULL, NULL, NULL,
	                                      "\0M\0\xe4\0k\0i", 8 };
	static char long_cn[129];
	struct name_spec lc = { long_cn, NULL, NULL, NULL, NULL, 0 };

	for (int i = 0; i < 64; i++)
		memcpy(long_cn + 2 * i, "\xc3\xa4", 2);   /* 64 x a-umlaut */
	fx.leaf = leaf_make(&holder_name, fx.leaf_key, fx.ca, fx.ca_key,
	                    T_2023, T_2028);
	fx.cn_only = leaf_make(&cn_only, fx.leaf2_key, fx.ca, fx.ca_key,
	                       T_2023, T_2051);
	fx.expired = leaf_make(&holder_name, fx.leaf_key, fx.ca, fx.ca_key,
	                       T_2015, T_2020_06);
	fx.foreign = leaf_make(&holder_name, fx.leaf2_key, fx.other, fx.other_key,
	                       T_2023, T_2028);
	fx.forged = leaf_make(&holder_name, fx.leaf_key, fx.ca, fx.other_key,
	                      T_2023, T_2028);
	fx.old_leaf = leaf_make(&holder_name, fx.leaf_key, fx.old_ca, fx.old_key,
	                        T_2005, T_2040);
	fx.inter_leaf = leaf_make(&holder_name, fx.leaf_key, fx.inter, fx.inter_key,
	                          T_2023, T_2028);
	fx.rsa = leaf_make(&cn_only, fx.rsa_key, fx.ca, fx.ca_key, T_2023, T_2028);
	fx.p256 = leaf_make(&cn_only, fx.p256_key, fx.ca, fx.ca_key, T_2023, T_2028);
	fx.bmp = leaf_make(&bmp, fx.leaf_key, fx.ca, fx.ca_key, T_2023, T_2028);
	fx.long_cn = leaf_make(&lc, fx.leaf_key, fx.ca, fx.ca_key, T_2023, T_2028);
	fx.evil = leaf_make(&evil, fx.leaf_key, fx.ca, fx.ca_key, T_2023, T_2028);
}

/* CA files: ours, two CAs, empty, not PEM, an expired CA, an intermediate. */
static void fx_files(void)
{
	FILE *f;

	pem_write(fx.ca_pem, sizeof fx.ca_pem, "ca.pem", fx.ca, NULL);
	pem_write(fx.both_pem, sizeof fx.both_pem, "both.pem", fx.other, fx.ca);
	pem_write(fx.empty_pem, sizeof fx.empty_pem, "empty.pem", NULL, NULL);
	pem_write(fx.old_pem, sizeof fx.old_pem, "old.pem", fx.old_ca, NULL);
	pem_write(fx.inter_pem, sizeof fx.inter_pem, "inter.pem", fx.inter, NULL);
	snprintf(fx.junk_pem, sizeof fx.junk_pem, "%s/junk.pem", fx.dir);
	f = fopen(fx.junk_pem, "w");
	assert_non_null(f);
	fputs("-----BEGIN CERTIFICATE-----\nnot base64 at all\n"
	      "-----END CERTIFICATE-----\nhello\n", f);
	assert_int_equal(fclose(f), 0);
}

/* Make keys, certificates and CA files in a private temporary folder. */
static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	/* Local time must not leak into UTC validity dates. */
	setenv("TZ", "Europe/Helsinki", 1);
	tzset();
	snprintf(fx.dir, sizeof fx.dir, "%s/test_certinfo.XXXXXX",
	         tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(fx.dir) == NULL)
		return -1;
	fx_cas();
	fx_leaves();
	fx_files();
	return 0;
}

/* Free everything (LeakSanitizer watches) and remove the folder. */
static int teardown(void **state)
{
	struct blob *b[] = { &fx.leaf, &fx.cn_only, &fx.expired, &fx.foreign,
	                     &fx.forged, &fx.old_leaf, &fx.inter_leaf, &fx.rsa,
	                     &fx.p256, &fx.bmp, &fx.long_cn, &fx.evil };
	EVP_PKEY *k[] = { fx.ca_key, fx.other_key, fx.old_key, fx.root2_key,
	                  fx.inter_key, fx.leaf_key, fx.leaf2_key, fx.rsa_key,
	                  fx.p256_key };
	X509 *c[] = { fx.ca, fx.other, fx.old_ca, fx.root2, fx.inter };
	const char *f[] = { fx.ca_pem, fx.both_pem, fx.empty_pem, fx.junk_pem,
	                    fx.old_pem, fx.inter_pem };

	(void)state;
	for (size_t i = 0; i < sizeof b / sizeof b[0]; i++)
		OPENSSL_free(b[i]->der);
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		EVP_PKEY_free(k[i]);
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		X509_free(c[i]);
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		unlink(f[i]);
	rmdir(fx.dir);
	return 0;
}

/* Holder from given names + surname, UTF-8 intact; the other fields. */
static void test_parse_full(void **state)
{
	struct cert_summary s;

	(void)state;
	assert_int_equal(certinfo_parse(fx.leaf.der, fx.leaf.len, &s), 0);
	assert_string_equal(s.holder, "Maija Liisa Meik\xc3\xa4l\xc3\xa4inen");
	assert_string_equal(s.subject_cn, holder_name.cn);
	assert_string_equal(s.serial_number, "99999999X");
	assert_string_equal(s.issuer_cn, "Test CA for Citizen Certificates");
	assert_int_equal(s.not_before, T_2023);
	assert_int_equal(s.not_after, T_2028);
	assert_string_equal(s.key_type, "EC P-384");
}

/* Only a CN: it is the holder; no serialNumber; a GeneralizedTime end;
 * other key types and string types. */
static void test_parse_variants(void **state)
{
	struct cert_summary s;

	(void)state;
	assert_int_equal(certinfo_parse(fx.cn_only.der, fx.cn_only.len, &s), 0);
	assert_string_equal(s.holder, "Kiosk Test Person");
	assert_string_equal(s.subject_cn, "Kiosk Test Person");
	assert_string_equal(s.serial_number, "");
	assert_int_equal(s.not_after, T_2051);
	/* Key types by name; a BMPString name converted to UTF-8. */
	assert_int_equal(certinfo_parse(fx.rsa.der, fx.rsa.len, &s), 0);
	assert_string_equal(s.key_type, "RSA 2048");
	assert_int_equal(certinfo_parse(fx.p256.der, fx.p256.len, &s), 0);
	assert_string_equal(s.key_type, "EC P-256");
	assert_int_equal(certinfo_parse(fx.bmp.der, fx.bmp.len, &s), 0);
	assert_string_equal(s.holder, "M\xc3\xa4ki");
}

/* A name longer than the field is cut between characters, and controls
 * (C0, C1, bidirectional) are replaced by U+FFFD (outside.h). */
static void test_parse_truncate_sanitise(void **state)
{
	struct cert_summary s;
	size_t n;

	(void)state;
	assert_int_equal(certinfo_parse(fx.long_cn.der, fx.long_cn.len, &s), 0);
	n = strlen(s.subject_cn);
	assert_int_equal(n, 126);              /* 63 whole characters */
	for (size_t i = 0; i < n; i += 2)
		assert_memory_equal(s.subject_cn + i, "\xc3\xa4", 2);
	assert_string_equal(s.holder, s.subject_cn);
	assert_int_equal(certinfo_parse(fx.evil.der, fx.evil.len, &s), 0);
	assert_string_equal(s.subject_cn, "Evil" OUTSIDE_REPLACEMENT "[2J"
	                    OUTSIDE_REPLACEMENT OUTSIDE_REPLACEMENT "31m"
	                    OUTSIDE_REPLACEMENT "Name");
	assert_string_equal(s.holder, "A\"B" OUTSIDE_REPLACEMENT " C\\D"
	                    OUTSIDE_REPLACEMENT);
}

/* Garbage, truncation and nothing are not certificates; trailing padding
 * after a whole certificate is fine (card files are padded). */
static void test_parse_bad(void **state)
{
	static const uint8_t junk[] = { 0x30, 0x82, 0x01, 0x00, 0x02, 0x01, 0x00 };
	unsigned char padded[4096];
	struct cert_summary s;

	(void)state;
	assert_int_equal(certinfo_parse(junk, sizeof junk, &s), -1);
	assert_string_equal(s.holder, "");
	assert_int_equal(certinfo_parse(fx.leaf.der, fx.leaf.len - 1, &s), -1);
	assert_int_equal(certinfo_parse(fx.leaf.der, 0, &s), -1);
	assert_int_equal(certinfo_parse(NULL, 10, &s), -1);
	assert_true(fx.leaf.len + 64 <= sizeof padded);
	memset(padded, 0xFF, sizeof padded);
	memcpy(padded, fx.leaf.der, fx.leaf.len);
	assert_int_equal(certinfo_parse(padded, fx.leaf.len + 64, &s), 0);
	assert_string_equal(s.serial_number, "99999999X");
}

/* Shorthand: chain result of a blob against a CA file at a time. */
static enum chain_result chain(const struct blob *b, const char *file, time_t t)
{
	return certinfo_check_chain(b->der, b->len, file, t);
}

/* Validity period at the given time, of the leaf and of its CA. */
static void test_chain_time(void **state)
{
	(void)state;
	assert_int_equal(chain(&fx.leaf, fx.ca_pem, NOW), CHAIN_OK);
	assert_int_equal(chain(&fx.leaf, fx.ca_pem, T_2028 + 1), CHAIN_EXPIRED);
	assert_int_equal(chain(&fx.leaf, fx.ca_pem, T_2023 - 1), CHAIN_NOT_YET_VALID);
	assert_int_equal(chain(&fx.expired, fx.ca_pem, NOW), CHAIN_EXPIRED);
	assert_int_equal(chain(&fx.expired, fx.ca_pem, T_2020 + 86400), CHAIN_OK);
	assert_int_equal(chain(&fx.old_leaf, fx.old_pem, NOW), CHAIN_EXPIRED);
	assert_int_equal(chain(&fx.old_leaf, fx.old_pem, T_2005 + 86400), CHAIN_OK);
}

/* Trust: only a path to a CA of the file counts; any CA of the file is
 * an anchor, even an intermediate listed without its root. */
static void test_chain_trust(void **state)
{
	(void)state;
	assert_int_equal(chain(&fx.foreign, fx.ca_pem, NOW), CHAIN_UNTRUSTED);
	assert_int_equal(chain(&fx.foreign, fx.both_pem, NOW), CHAIN_OK);
	assert_int_equal(chain(&fx.leaf, fx.both_pem, NOW), CHAIN_OK);
	assert_int_equal(chain(&fx.forged, fx.ca_pem, NOW), CHAIN_UNTRUSTED);
	assert_int_equal(chain(&fx.inter_leaf, fx.inter_pem, NOW), CHAIN_OK);
	assert_int_equal(chain(&fx.inter_leaf, fx.ca_pem, NOW), CHAIN_UNTRUSTED);
	/* No trust path is reported before the dates. */
	assert_int_equal(chain(&fx.foreign, fx.ca_pem, T_2028 + 1), CHAIN_UNTRUSTED);
}

/* No usable CA file; an unreadable certificate. */
static void test_chain_no_ca_bad(void **state)
{
	char missing[160];
	static const uint8_t junk[] = { 1, 2, 3 };

	(void)state;
	snprintf(missing, sizeof missing, "%s/missing.pem", fx.dir);
	assert_int_equal(chain(&fx.leaf, missing, NOW), CHAIN_NO_CA);
	assert_int_equal(chain(&fx.leaf, fx.empty_pem, NOW), CHAIN_NO_CA);
	assert_int_equal(chain(&fx.leaf, fx.junk_pem, NOW), CHAIN_NO_CA);
	assert_int_equal(chain(&fx.leaf, fx.dir, NOW), CHAIN_NO_CA);
	assert_int_equal(chain(&fx.leaf, NULL, NOW), CHAIN_NO_CA);
	assert_int_equal(chain(&fx.leaf, "", NOW), CHAIN_NO_CA);
	assert_int_equal(certinfo_check_chain(junk, sizeof junk, fx.ca_pem, NOW),
	                 CHAIN_BAD);
	assert_int_equal(certinfo_check_chain(junk, sizeof junk, NULL, NOW),
	                 CHAIN_BAD);
}

/* Every result has its own non-empty name. */
static void test_chain_names(void **state)
{
	const char *seen[CHAIN_BAD + 1];

	(void)state;
	for (int r = CHAIN_OK; r <= CHAIN_BAD; r++) {
		seen[r] = certinfo_chain_name((enum chain_result)r);
		assert_non_null(seen[r]);
		assert_true(seen[r][0] != '\0');
		for (int q = CHAIN_OK; q < r; q++)
			assert_string_not_equal(seen[q], seen[r]);
	}
}

/* Shorthand: verify a raw ECDSA signature of a SHA-384 hash against a
 * blob's key. */
static int verify(const struct blob *b, const uint8_t hash[48],
                  const uint8_t *sig, size_t n)
{
	return certinfo_verify_sig(b->der, b->len, SIG_ECDSA, "sha384", hash,
	                           48, sig, n);
}

/* SHA-384 of data, as the kiosk hashes a challenge. */
static void sha384(const uint8_t *data, size_t n, uint8_t out[48])
{
	assert_int_equal(certinfo_digest("sha384", data, n, out), 48);
}

/* Sign hash with key as a card would: raw r||s, each half padded to
 * half bytes. Returns the raw length. */
static size_t sign_raw(EVP_PKEY *key, const uint8_t hash[48], uint8_t *raw,
                       int half)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	unsigned char der[256];
	const unsigned char *p = der;
	size_t dlen = sizeof der;
	const BIGNUM *r, *s;
	ECDSA_SIG *es;

	assert_non_null(ctx);
	assert_int_equal(EVP_PKEY_sign_init(ctx), 1);
	assert_int_equal(EVP_PKEY_sign(ctx, der, &dlen, hash, 48), 1);
	EVP_PKEY_CTX_free(ctx);
	es = d2i_ECDSA_SIG(NULL, &p, (long)dlen);
	assert_non_null(es);
	ECDSA_SIG_get0(es, &r, &s);
	assert_int_equal(BN_bn2binpad(r, raw, half), half);
	assert_int_equal(BN_bn2binpad(s, raw + half, half), half);
	ECDSA_SIG_free(es);
	return 2 * (size_t)half;
}

/* A card-style signature verifies; any flipped bit, another hash or
 * another certificate does not. */
static void test_verify_sig(void **state)
{
	static const uint8_t challenge[] = "eidkiosk test challenge";
	uint8_t hash[48], raw[96];
	size_t n, bit;

	(void)state;
	sha384(challenge, sizeof challenge, hash);
	n = sign_raw(fx.leaf_key, hash, raw, 48);
	assert_int_equal(verify(&fx.leaf, hash, raw, n), 1);
	for (bit = 0; bit < 8 * n; bit++) {
		raw[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		if (verify(&fx.leaf, hash, raw, n) != 0)
			fail_msg("signature with bit %zu flipped was not rejected", bit);
		raw[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	hash[47] ^= 1;
	assert_int_equal(verify(&fx.leaf, hash, raw, n), 0);
	hash[47] ^= 1;
	assert_int_equal(verify(&fx.foreign, hash, raw, n), 0);
	assert_int_equal(verify(&fx.leaf, hash, raw, n), 1);
}

/* Odd (even with a valid r||s inside), empty, half or zero signatures are
 * invalid; no EC key or no certificate is an error. */
static void test_verify_sig_malformed(void **state)
{
	static const uint8_t junk[] = { 0x30, 0x03, 0x02, 0x01, 0x00 };
	uint8_t hash[48], raw[97], zero[96];

	(void)state;
	memset(zero, 0, sizeof zero);
	sha384((const uint8_t *)"x", 1, hash);
	sign_raw(fx.leaf_key, hash, raw, 48);
	raw[96] = 0;
	assert_int_equal(verify(&fx.leaf, hash, raw, 96), 1);
	assert_int_equal(verify(&fx.leaf, hash, raw, 97), 0);
	assert_int_equal(verify(&fx.leaf, hash, raw, 95), 0);
	assert_int_equal(verify(&fx.leaf, hash, raw, 0), 0);
	assert_int_equal(verify(&fx.leaf, hash, zero, 96), 0);
	assert_int_equal(verify(&fx.leaf, hash, raw, 48), 0);
	assert_int_equal(verify(&fx.rsa, hash, raw, 96), -1);
	assert_int_equal(certinfo_verify_sig(junk, sizeof junk, SIG_ECDSA,
	                                     "sha384", hash, 48, raw, 96), -1);
	/* a hash that is not of the digest named, an unknown digest */
	assert_int_equal(certinfo_verify_sig(fx.leaf.der, fx.leaf.len,
	                                     SIG_ECDSA, "sha384", hash, 32, raw,
	                                     96), -1);
	assert_int_equal(certinfo_verify_sig(fx.leaf.der, fx.leaf.len,
	                                     SIG_ECDSA, "nohash", hash, 48, raw,
	                                     96), -1);
}

/* r or s with leading zero bytes (about 1 in 128 signatures) still
 * verifies; and a P-256 key's 64-byte signature splits in half too. */
static void test_verify_sig_sizes(void **state)
{
	uint8_t hash[48], raw[96];
	int i, found = 0;

	(void)state;
	for (i = 0; i < 3000 && !found; i++) {
		sha384((const uint8_t *)&i, sizeof i, hash);
		sign_raw(fx.leaf_key, hash, raw, 48);
		found = raw[0] == 0 || raw[48] == 0;
	}
	assert_true(found);
	assert_int_equal(verify(&fx.leaf, hash, raw, 96), 1);
	sign_raw(fx.p256_key, hash, raw, 32);
	assert_int_equal(verify(&fx.p256, hash, raw, 64), 1);
	raw[63] ^= 0x80;
	assert_int_equal(verify(&fx.p256, hash, raw, 64), 0);
}

/* RSA-PSS over SHA-256 as a FinEID v3.1 authentication key signs (salt
 * of the hash's length): valid; a flipped bit, another hash, a short
 * signature are not; the ECDSA scheme for an RSA key and RSA-PSS for an EC
 * key cannot be checked. */
static void test_verify_rsa_pss(void **state)
{
	uint8_t hash[32], sig[256];
	size_t n = sizeof sig;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, fx.rsa_key, NULL);

	(void)state;
	assert_int_equal(certinfo_digest("sha256", (const uint8_t *)"c", 1, hash),
	                 32);
	assert_non_null(ctx);
	assert_int_equal(EVP_PKEY_sign_init(ctx), 1);
	assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING), 1);
	assert_int_equal(EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()), 1);
	assert_int_equal(EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, 32), 1);
	assert_int_equal(EVP_PKEY_sign(ctx, sig, &n, hash, 32), 1);
	EVP_PKEY_CTX_free(ctx);
	assert_int_equal(n, 256);
	assert_int_equal(certinfo_verify_sig(fx.rsa.der, fx.rsa.len, SIG_RSA_PSS,
	                                     "sha256", hash, 32, sig, n), 1);
	sig[100] ^= 0x04;
	assert_int_equal(certinfo_verify_sig(fx.rsa.der, fx.rsa.len, SIG_RSA_PSS,
	                                     "sha256", hash, 32, sig, n), 0);
	sig[100] ^= 0x04;
	hash[0] ^= 1;
	assert_int_equal(certinfo_verify_sig(fx.rsa.der, fx.rsa.len, SIG_RSA_PSS,
	                                     "sha256", hash, 32, sig, n), 0);
	hash[0] ^= 1;
	assert_int_equal(certinfo_verify_sig(fx.rsa.der, fx.rsa.len, SIG_RSA_PSS,
	                                     "sha256", hash, 32, sig, 255), 0);
	assert_int_equal(certinfo_verify_sig(fx.rsa.der, fx.rsa.len, SIG_ECDSA,
	                                     "sha256", hash, 32, sig, n), -1);
	assert_int_equal(certinfo_verify_sig(fx.p256.der, fx.p256.len,
	                                     SIG_RSA_PSS, "sha256", hash, 32, sig,
	                                     n), -1);
}

/* sha384 of data as lower-case hex. */
static void hex48(const uint8_t *data, size_t n, char hex[97])
{
	uint8_t md[48];

	sha384(data, n, md);
	for (int i = 0; i < 48; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* Known SHA-384 values (FIPS 180-2 "abc", and the empty message). */
static void test_sha384(void **state)
{
	char hex[97];

	(void)state;
	hex48((const uint8_t *)"abc", 3, hex);
	assert_string_equal(hex, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
	                         "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
	hex48((const uint8_t *)"", 0, hex);
	assert_string_equal(hex, "38b060a751ac96384cd9327eb1b1e36a21fdb71114be0743"
	                         "4c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b");
}

/* Random challenges are not zero and not repeated. */
static void test_random(void **state)
{
	uint8_t a[32] = { 0 }, b[32] = { 0 }, zero[32] = { 0 };

	(void)state;
	assert_int_equal(certinfo_random(a, sizeof a), 0);
	assert_int_equal(certinfo_random(b, sizeof b), 0);
	assert_memory_not_equal(a, zero, sizeof a);
	assert_memory_not_equal(a, b, sizeof a);
	assert_int_equal(certinfo_random(a, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_full),
		cmocka_unit_test(test_parse_variants),
		cmocka_unit_test(test_parse_truncate_sanitise),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_chain_time),
		cmocka_unit_test(test_chain_trust),
		cmocka_unit_test(test_chain_no_ca_bad),
		cmocka_unit_test(test_chain_names),
		cmocka_unit_test(test_verify_sig),
		cmocka_unit_test(test_verify_sig_malformed),
		cmocka_unit_test(test_verify_sig_sizes),
		cmocka_unit_test(test_verify_rsa_pss),
		cmocka_unit_test(test_sha384),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
