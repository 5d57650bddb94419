/* vcard_sign.c - the virtual card's signing: MANAGE SECURITY ENVIRONMENT
 * picks a key of the card's generation and checks its algorithm byte, PSO
 * HASH takes the hash (SHA-384 on v4, SHA-256 on v3.1), PSO COMPUTE
 * DIGITAL SIGNATURE answers raw ECDSA r||s (P-384, P-256) or an RSA-PSS
 * signature (v3.1 key 01), made with OpenSSL 3 EVP. */
#include "build-config.h"
#include <string.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include "vcard.h"
#include "vcard_int.h"

#define SIG_MAX 256

/* DER ECDSA-Sig-Value to raw r||s of half bytes each; 0 ok, -1 failure. */
static int sig_der_to_raw(const uint8_t *der, size_t len, uint8_t *raw,
                          int half)
{
	const unsigned char *p = der;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)len);
	const BIGNUM *r, *s;
	int ok;

	if (!es)
		return -1;
	ECDSA_SIG_get0(es, &r, &s);
	ok = BN_bn2binpad(r, raw, half) == half &&
	     BN_bn2binpad(s, raw + half, half) == half;
	ECDSA_SIG_free(es);
	return ok ? 0 : -1;
}

/* ECDSA over the hash, as raw r||s of sig_len bytes. */
static int sign_ec(EVP_PKEY_CTX *ctx, const uint8_t *hash, size_t hash_len,
                   uint8_t *sig, size_t sig_len)
{
	unsigned char der[160];
	size_t dlen = sizeof der;

	if (EVP_PKEY_sign(ctx, der, &dlen, hash, hash_len) <= 0)
		return -1;
	return sig_der_to_raw(der, dlen, sig, (int)(sig_len / 2));
}

/* RSA-PSS over the hash: MGF1 with md, salt as long as the hash. */
static int sign_rsa_pss(EVP_PKEY_CTX *ctx, const EVP_MD *md,
                        const uint8_t *hash, size_t hash_len, uint8_t *sig,
                        size_t sig_len)
{
	size_t len = sig_len;

	if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, (int)hash_len) <= 0 ||
	    EVP_PKEY_sign(ctx, sig, &len, hash, hash_len) <= 0)
		return -1;
	return len == sig_len ? 0 : -1;
}

/* Sign a hash with a DER private key (see vcard_int.h). */
int vcard_sign_hash(const uint8_t *key, size_t key_len, const uint8_t *hash,
                    size_t hash_len, uint8_t *sig, size_t sig_len)
{
	const unsigned char *p = key;
	EVP_PKEY *pk = d2i_AutoPrivateKey(NULL, &p, (long)key_len);
	EVP_PKEY_CTX *ctx = pk ? EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL) : NULL;
	const EVP_MD *md = hash_len == 32 ? EVP_sha256()
	                   : hash_len == 48 ? EVP_sha384() : NULL;
	int rc = -1;

	if (ctx && md && sig_len <= SIG_MAX && EVP_PKEY_sign_init(ctx) > 0 &&
	    EVP_PKEY_CTX_set_signature_md(ctx, md) > 0)
		rc = EVP_PKEY_get_base_id(pk) == EVP_PKEY_RSA
		     ? sign_rsa_pss(ctx, md, hash, hash_len, sig, sig_len)
		     : sign_ec(ctx, hash, hash_len, sig, sig_len);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pk);
	return rc;
}

/* The slot (0 authentication, 1 signing) of key reference ref, or -1. */
static int key_slot(const struct vcard_gen_info *g, uint8_t ref)
{
	for (int i = 0; i < 2; i++)
		if (g->key[i].ref == ref)
			return i;
	return -1;
}

/* MSE SET for signing: 80 01 <algorithm> 84 01 <key>. A key the card
 * lacks is 6A88; an algorithm that key does not do, 6A80. */
size_t vcard_cmd_set_se(struct vcard *vc, const struct vcard_apdu *a,
                        uint8_t *resp)
{
	const struct vcard_gen_info *g = vcard_gen_info(vc->gen);
	int k;

	if (a->p1 != 0x41 || a->p2 != 0xB6)
		return vcard_sw(resp, VSW_WRONG_P1P2);
	if (a->lc != 6)
		return vcard_sw(resp, VSW_WRONG_LENGTH);
	if (memcmp(a->data, "\x80\x01", 2) != 0 ||
	    memcmp(a->data + 3, "\x84\x01", 2) != 0)
		return vcard_sw(resp, VSW_BAD_DATA);
	if ((k = key_slot(g, a->data[5])) < 0)
		return vcard_sw(resp, VSW_REF_NOT_FOUND);
	if (a->data[2] != g->key[k].algo)
		return vcard_sw(resp, VSW_BAD_DATA);
	vc->se_key = k;
	vc->have_hash = false;
	return vcard_sw(resp, VSW_OK);
}

/* PSO HASH: 90 <n> <hash of the generation's length>, kept for the
 * signature; another length is 6700. */
static size_t pso_hash(struct vcard *vc, const struct vcard_apdu *a,
                       uint8_t *resp)
{
	size_t hl = vcard_gen_info(vc->gen)->hash_len;

	if (a->lc != 2 + hl)
		return vcard_sw(resp, VSW_WRONG_LENGTH);
	if (a->data[0] != 0x90 || a->data[1] != hl)
		return vcard_sw(resp, VSW_BAD_DATA);
	if (vc->se_key < 0)
		return vcard_sw(resp, VSW_CONDITIONS);
	memcpy(vc->hash, a->data + 2, hl);
	vc->have_hash = true;
	return vcard_sw(resp, VSW_OK);
}

/* Whether the Le of a PSO CDS fits a signature of n bytes: P3 must be n
 * (00 = 256, also when absent); an APDU-level reader may ask 00 for any. */
static bool cds_le_ok(const struct vcard *vc, const struct vcard_apdu *a,
                      size_t n)
{
	size_t le = a->le < 0 ? 256 : (size_t)a->le;

	return le == n || (vc->link == VCARD_LINK_APDU && le == 256);
}

/* PSO COMPUTE DIGITAL SIGNATURE over the kept hash (case 2). A wrong Le
 * gets 6Cxx and keeps the hash for the resend. The hash is used once; the
 * signing key's verified state too. */
static size_t pso_cds(struct vcard *vc, const struct vcard_apdu *a,
                      uint8_t *resp)
{
	const struct vcard_gen_info *g = vcard_gen_info(vc->gen);
	uint8_t sig[SIG_MAX];
	size_t n;
	int k = vc->se_key;

	if (a->lc)
		return vcard_sw(resp, VSW_WRONG_LENGTH);
	if (k < 0 || k > 1 || !vc->have_hash)
		return vcard_sw(resp, VSW_CONDITIONS);
	if (!vc->verified[k])
		return vcard_sw(resp, VSW_SECURITY);
	n = g->key[k].sig_len;
	if (!cds_le_ok(vc, a, n))
		return vcard_sw(resp, (uint16_t)(0x6C00 | (n & 0xFF)));
	if (!vc->key[k] || vcard_sign_hash(vc->key[k], vc->key_len[k], vc->hash,
	                                   g->hash_len, sig, n) < 0)
		return vcard_sw(resp, 0x6F00);
	vc->have_hash = false;
	OPENSSL_cleanse(vc->hash, sizeof vc->hash);
	if (k == 1)
		vc->verified[1] = false;
	return vcard_data(sig, n, resp);
}

/* PERFORM SECURITY OPERATION: HASH or COMPUTE DIGITAL SIGNATURE. */
size_t vcard_cmd_pso(struct vcard *vc, const struct vcard_apdu *a,
                     uint8_t *resp)
{
	if (a->p1 == 0x90 && a->p2 == 0xA0)
		return pso_hash(vc, a, resp);
	if (a->p1 == 0x9E && a->p2 == 0x9A)
		return pso_cds(vc, a, resp);
	return vcard_sw(resp, VSW_WRONG_P1P2);
}
