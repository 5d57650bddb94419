/* vcard_sign.c - the virtual card's signing: MANAGE SECURITY ENVIRONMENT
 * picks the key, PSO HASH gives the SHA-384 hash, PSO COMPUTE DIGITAL
 * SIGNATURE answers raw ECDSA P-384 r||s made with OpenSSL. */
#include "build-config.h"
#include <string.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "vcard.h"
#include "vcard_int.h"

#define SIG_LEN 96
#define HASH_LEN 48

/* DER ECDSA-Sig-Value to raw r||s of 48 bytes each; 0 ok, -1 failure. */
static int sig_der_to_raw(const uint8_t *der, size_t len, uint8_t raw[96])
{
	const unsigned char *p = der;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)len);
	const BIGNUM *r, *s;
	int ok;

	if (!es)
		return -1;
	ECDSA_SIG_get0(es, &r, &s);
	ok = BN_bn2binpad(r, raw, 48) == 48 && BN_bn2binpad(s, raw + 48, 48) == 48;
	ECDSA_SIG_free(es);
	return ok ? 0 : -1;
}

int vcard_sign_raw(const uint8_t *key, size_t key_len, const uint8_t *hash,
                   uint8_t sig[96])
{
	const unsigned char *p = key;
	EVP_PKEY *pk = d2i_AutoPrivateKey(NULL, &p, (long)key_len);
	EVP_PKEY_CTX *ctx = pk ? EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL) : NULL;
	unsigned char der[160];
	size_t dlen = sizeof(der);
	int rc = -1;

	if (ctx && EVP_PKEY_sign_init(ctx) > 0 &&
	    EVP_PKEY_sign(ctx, der, &dlen, hash, HASH_LEN) > 0)
		rc = sig_der_to_raw(der, dlen, sig);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pk);
	return rc;
}

size_t vcard_cmd_set_se(struct vcard *vc, const struct vcard_apdu *a,
                        uint8_t *resp)
{
	if (a->p1 != 0x41 || a->p2 != 0xB6)
		return vcard_sw(resp, VSW_WRONG_P1P2);
	if (a->lc != 6)
		return vcard_sw(resp, VSW_WRONG_LENGTH);
	if (memcmp(a->data, "\x80\x01\x54\x84\x01", 5) != 0)
		return vcard_sw(resp, VSW_BAD_DATA);
	if (a->data[5] != 0x01 && a->data[5] != 0x02)
		return vcard_sw(resp, VSW_REF_NOT_FOUND);
	vc->se_key = a->data[5] - 1;
	vc->have_hash = false;
	return vcard_sw(resp, VSW_OK);
}

/* PSO HASH: 90 30 <48-byte SHA-384>, kept for the signature. */
static size_t pso_hash(struct vcard *vc, const struct vcard_apdu *a,
                       uint8_t *resp)
{
	if (a->lc != 2 + HASH_LEN)
		return vcard_sw(resp, VSW_WRONG_LENGTH);
	if (a->data[0] != 0x90 || a->data[1] != HASH_LEN)
		return vcard_sw(resp, VSW_BAD_DATA);
	if (vc->se_key < 0)
		return vcard_sw(resp, VSW_CONDITIONS);
	memcpy(vc->hash, a->data + 2, HASH_LEN);
	vc->have_hash = true;
	return vcard_sw(resp, VSW_OK);
}

/* PSO COMPUTE DIGITAL SIGNATURE over the kept hash. Le 60, 00 or none
 * gives the 96 bytes; another Le gets 6C60 and keeps the hash for the
 * resend. The hash is used once; PIN2's verified state too. */
static size_t pso_cds(struct vcard *vc, const struct vcard_apdu *a,
                      uint8_t *resp)
{
	uint8_t sig[SIG_LEN];
	int k = vc->se_key;

	if (a->lc)
		return vcard_sw(resp, VSW_WRONG_LENGTH);
	if (k < 0 || k > 1 || !vc->have_hash)
		return vcard_sw(resp, VSW_CONDITIONS);
	if (!vc->verified[k])
		return vcard_sw(resp, VSW_SECURITY);
	if (a->le >= 0 && a->le != SIG_LEN && a->le != 256)
		return vcard_sw(resp, 0x6C00 | SIG_LEN);
	if (!vc->key[k] || vcard_sign_raw(vc->key[k], vc->key_len[k],
	                                  vc->hash, sig) < 0)
		return vcard_sw(resp, 0x6F00);
	vc->have_hash = false;
	OPENSSL_cleanse(vc->hash, sizeof(vc->hash));
	if (k == 1)
		vc->verified[1] = false;
	return vcard_data(sig, SIG_LEN, resp);
}

size_t vcard_cmd_pso(struct vcard *vc, const struct vcard_apdu *a,
                     uint8_t *resp)
{
	if (a->p1 == 0x90 && a->p2 == 0xA0)
		return pso_hash(vc, a, resp);
	if (a->p1 == 0x9E && a->p2 == 0x9A)
		return pso_cds(vc, a, resp);
	return vcard_sw(resp, VSW_WRONG_P1P2);
}
