/* certinfo.c - certificate summary, chain check against the site's CAs and
 * verification of a card's signature (raw ECDSA r||s, RSA-PSS). OpenSSL 3,
 * EVP/X509 only. */
#include "build-config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "certinfo.h"
#include "outside.h"

/* Largest raw r||s we accept: two P-521 scalars (66 bytes each). */
#define SIG_RAW_MAX 132

/* Decode the first certificate in der; trailing bytes are ignored because
 * card files are often read whole and padded after the certificate. */
static X509 *cert_decode(const uint8_t *der, size_t len)
{
	const unsigned char *p = der;
	X509 *x;

	if (der == NULL || len == 0 || len > LONG_MAX)
		return NULL;
	x = d2i_X509(NULL, &p, (long)len);
	if (x == NULL)
		ERR_clear_error();
	return x;
}

/* The first name entry with this NID as UTF-8 as it came, *n bytes
 * (OPENSSL_malloc'd); NULL when there is none or OpenSSL cannot convert
 * it (an ill-formed UTF8String, BMPString or UniversalString). */
static unsigned char *name_utf8(const X509_NAME *name, int nid, size_t *n)
{
	const X509_NAME_ENTRY *e;
	unsigned char *utf8 = NULL;
	int i = X509_NAME_get_index_by_NID(name, nid, -1), len;

	if (i < 0)
		return NULL;
	e = X509_NAME_get_entry(name, i);
	len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
	if (len < 0) {
		ERR_clear_error();
		return NULL;
	}
	*n = (size_t)len;
	return utf8;
}

/* The first name entry with this NID, cleaned (outside.h) into out; 0
 * found, -1 not. */
static int name_get(const X509_NAME *name, int nid, char *out, size_t cap)
{
	size_t n = 0;
	unsigned char *utf8 = name_utf8(name, nid, &n);

	out[0] = '\0';
	if (utf8 == NULL)
		return -1;
	outside_clean(out, cap, utf8, n);
	OPENSSL_free(utf8);
	return 0;
}

/* "Given Names Surname" when both are present, else the common name (cn,
 * already clean). Joined as they came and cleaned once. */
static void holder_get(const X509_NAME *subj, const char *cn, char *out,
                       size_t cap)
{
	size_t gl = 0, sl = 0;
	unsigned char *gn = name_utf8(subj, NID_givenName, &gl);
	unsigned char *sn = name_utf8(subj, NID_surname, &sl);
	unsigned char *both = gn && sn && gl && sl
	                      ? OPENSSL_malloc(gl + 1 + sl) : NULL;

	if (both != NULL) {
		memcpy(both, gn, gl);
		both[gl] = ' ';
		memcpy(both + gl + 1, sn, sl);
		outside_clean(out, cap, both, gl + 1 + sl);
	} else {
		snprintf(out, cap, "%s", cn);
	}
	OPENSSL_free(both);
	OPENSSL_free(gn);
	OPENSSL_free(sn);
}

/* An ASN1_TIME as seconds since the epoch (UTC); -1 on failure. */
static int asn1_time_get(const ASN1_TIME *t, time_t *out)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return -1;
	*out = timegm(&tm);
	return 0;
}

/* Human key description: "EC P-384", "RSA 2048", else algorithm + bits. */
static void key_type_get(EVP_PKEY *pk, char *out, size_t cap)
{
	char group[64];
	const char *nist;
	size_t glen = 0;
	int id = EVP_PKEY_get_base_id(pk);

	if (id == EVP_PKEY_EC &&
	    EVP_PKEY_get_group_name(pk, group, sizeof group, &glen) == 1) {
		nist = EC_curve_nid2nist(OBJ_sn2nid(group));
		snprintf(out, cap, "EC %.24s", nist != NULL ? nist : group);
	} else if (id == EVP_PKEY_RSA) {
		snprintf(out, cap, "RSA %d", EVP_PKEY_get_bits(pk));
	} else {
		snprintf(out, cap, "%.16s %d", OBJ_nid2sn(id), EVP_PKEY_get_bits(pk));
	}
}

/* Fill the summary from a decoded certificate; 0 ok, -1 unusable. */
static int summary_fill(X509 *x, struct cert_summary *out)
{
	const X509_NAME *subj = X509_get_subject_name(x);
	EVP_PKEY *pk = X509_get0_pubkey(x);

	if (subj == NULL || pk == NULL)
		return -1;
	name_get(subj, NID_commonName, out->subject_cn, sizeof out->subject_cn);
	name_get(subj, NID_serialNumber, out->serial_number,
	         sizeof out->serial_number);
	name_get(X509_get_issuer_name(x), NID_commonName, out->issuer_cn,
	         sizeof out->issuer_cn);
	holder_get(subj, out->subject_cn, out->holder, sizeof out->holder);
	if (asn1_time_get(X509_get0_notBefore(x), &out->not_before) < 0 ||
	    asn1_time_get(X509_get0_notAfter(x), &out->not_after) < 0)
		return -1;
	key_type_get(pk, out->key_type, sizeof out->key_type);
	return 0;
}

/* Summarise a DER certificate for the screens and --card-info. */
int certinfo_parse(const uint8_t *der, size_t len, struct cert_summary *out)
{
	X509 *x = cert_decode(der, len);
	int rc;

	memset(out, 0, sizeof *out);
	if (x == NULL)
		return -1;
	rc = summary_fill(x, out);
	X509_free(x);
	ERR_clear_error();
	if (rc < 0)
		memset(out, 0, sizeof *out);
	return rc;
}

/* A store holding every certificate of a PEM file; NULL when the file is
 * missing, unreadable or holds no certificate. */
static X509_STORE *store_load(const char *ca_file)
{
	X509_STORE *st;
	BIO *in;
	X509 *x;
	int n = 0;

	if (ca_file == NULL || ca_file[0] == '\0')
		return NULL;
	in = BIO_new_file(ca_file, "r");
	if (in == NULL || (st = X509_STORE_new()) == NULL) {
		BIO_free(in);
		ERR_clear_error();
		return NULL;
	}
	while ((x = PEM_read_bio_X509(in, NULL, NULL, NULL)) != NULL) {
		if (X509_STORE_add_cert(st, x) == 1)
			n++;
		X509_free(x);
	}
	BIO_free(in);
	ERR_clear_error();  /* the loop always ends on a "no start line" */
	if (n == 0) {
		X509_STORE_free(st);
		return NULL;
	}
	return st;
}

/* What a failed verification means to the citizen. A failure without an
 * error code (no memory) is no proof of trust either. */
static enum chain_result chain_map(int err)
{
	switch (err) {
	case X509_V_ERR_CERT_HAS_EXPIRED:
		return CHAIN_EXPIRED;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		return CHAIN_NOT_YET_VALID;
	default:
		return CHAIN_UNTRUSTED;
	}
}

/* Verify x against the store at time now. Any certificate of the CA file
 * is a trust anchor (PARTIAL_CHAIN): the site decides what it trusts, and
 * may list an issuing CA without its root. */
static enum chain_result chain_verify(X509_STORE *st, X509 *x, time_t now)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	enum chain_result r = CHAIN_UNTRUSTED;

	if (ctx == NULL || X509_STORE_CTX_init(ctx, st, x, NULL) != 1)
		goto out;
	/* set_time also sets X509_V_FLAG_USE_CHECK_TIME. */
	X509_STORE_CTX_set_time(ctx, 0, now);
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_PARTIAL_CHAIN);
	if (X509_verify_cert(ctx) == 1)
		r = CHAIN_OK;
	else
		r = chain_map(X509_STORE_CTX_get_error(ctx));
out:
	X509_STORE_CTX_free(ctx);
	return r;
}

/* Check a certificate against the CAs of ca_file at time now. */
enum chain_result certinfo_check_chain(const uint8_t *der, size_t len,
                                       const char *ca_file, time_t now)
{
	X509 *x = cert_decode(der, len);
	X509_STORE *st;
	enum chain_result r;

	if (x == NULL)
		return CHAIN_BAD;
	st = store_load(ca_file);
	if (st == NULL) {
		X509_free(x);
		return CHAIN_NO_CA;
	}
	r = chain_verify(st, x, now);
	X509_STORE_free(st);
	X509_free(x);
	ERR_clear_error();
	return r;
}

/* A short English name for logs and --card-info; screens use message ids. */
const char *certinfo_chain_name(enum chain_result r)
{
	static const char *const names[] = { CHAIN_RESULT_LIST(XLIST_NAME) };

	return XLIST_LOOKUP(names, r, "unknown");
}

/* The stable key of a result, for --card-info's text and JSON. */
const char *certinfo_chain_key(enum chain_result r)
{
	static const char *const keys[] = { CHAIN_RESULT_LIST(XLIST_KEY) };

	return XLIST_LOOKUP(keys, r, "unknown");
}

/* Raw r||s (halves of equal size) to a DER ECDSA-Sig-Value; *der is
 * OPENSSL_malloc'd. Returns its length, or -1. */
static int sig_raw_to_der(const uint8_t *sig, size_t siglen,
                          unsigned char **der)
{
	size_t half = siglen / 2;
	ECDSA_SIG *es = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(sig, (int)half, NULL);
	BIGNUM *s = BN_bin2bn(sig + half, (int)half, NULL);
	int n = -1;

	if (es == NULL || r == NULL || s == NULL ||
	    ECDSA_SIG_set0(es, r, s) != 1) {
		BN_free(r);
		BN_free(s);
	} else {
		*der = NULL;
		n = i2d_ECDSA_SIG(es, der);
	}
	ECDSA_SIG_free(es);   /* frees r and s once set0 took them */
	return n;
}

/* EVP_PKEY_verify of sig over hash with pk: RSA-PSS (MGF1 with md, the
 * salt length read from the signature) when pss, else as the key does
 * (DER ECDSA). 1, 0 or -1. */
static int sig_verify_pk(EVP_PKEY *pk, const EVP_MD *md, int pss,
                         const unsigned char *sig, size_t slen,
                         const uint8_t *hash, size_t hlen)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
	int rc = -1;

	if (ctx == NULL || EVP_PKEY_verify_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(ctx, md) != 1)
		goto out;
	if (pss && (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) != 1 ||
	            EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) != 1 ||
	            EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx,
	                                             RSA_PSS_SALTLEN_AUTO) != 1))
		goto out;
	rc = EVP_PKEY_verify(ctx, sig, slen, hash, hlen);
	if (rc < 0)
		rc = -1;
out:
	EVP_PKEY_CTX_free(ctx);
	return rc;
}

/* Whether the key is of the kind the scheme signs with. */
static int sig_key_fits(EVP_PKEY *pk, enum sig_scheme sch)
{
	int id = pk ? EVP_PKEY_get_base_id(pk) : 0;

	return sch == SIG_ECDSA ? id == EVP_PKEY_EC
	                        : sch == SIG_RSA_PSS && id == EVP_PKEY_RSA;
}

/* Verify the card's signature of a hash. A signature of odd, empty or
 * absurd size is simply invalid (0); -1 means we could not check at all
 * (unreadable certificate, not the key the scheme needs, no memory). */
int certinfo_verify_sig(const uint8_t *der, size_t len, enum sig_scheme sch,
                        const char *md, const uint8_t *hash, size_t hlen,
                        const uint8_t *sig, size_t siglen)
{
	const EVP_MD *dg = md ? EVP_get_digestbyname(md) : NULL;
	X509 *x = cert_decode(der, len);
	EVP_PKEY *pk = x ? X509_get0_pubkey(x) : NULL;
	unsigned char *sder = NULL;
	int n, rc = -1;

	if (dg == NULL || (size_t)EVP_MD_get_size(dg) != hlen ||
	    !sig_key_fits(pk, sch))
		goto out;
	rc = 0;
	if (sig == NULL || siglen == 0 || siglen > (size_t)EVP_PKEY_get_size(pk) ||
	    (sch == SIG_ECDSA && (siglen % 2 != 0 || siglen > SIG_RAW_MAX)))
		goto out;
	if (sch == SIG_RSA_PSS) {
		rc = sig_verify_pk(pk, dg, 1, sig, siglen, hash, hlen);
	} else if ((n = sig_raw_to_der(sig, siglen, &sder)) > 0) {
		rc = sig_verify_pk(pk, dg, 0, sder, (size_t)n, hash, hlen);
	} else {
		rc = -1;
	}
out:
	OPENSSL_free(sder);
	X509_free(x);
	ERR_clear_error();
	return rc;
}

/* Challenge bytes from the OpenSSL CSPRNG. */
int certinfo_random(uint8_t *buf, size_t n)
{
	if (n == 0)
		return 0;
	if (n > INT_MAX || RAND_bytes(buf, (int)n) != 1) {
		ERR_clear_error();
		return -1;
	}
	return 0;
}

/* The digest of a challenge. It cannot fail for a known digest short of
 * a broken library or no memory; a wrong hash must never be used quietly. */
int certinfo_digest(const char *md, const uint8_t *data, size_t n,
                    uint8_t *out)
{
	const EVP_MD *dg = md ? EVP_get_digestbyname(md) : NULL;
	unsigned int olen = 0;

	if (dg == NULL)
		return -1;
	if (EVP_Digest(data, n, out, &olen, dg, NULL) != 1)
		abort();
	return (int)olen;
}
