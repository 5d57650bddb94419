/* vcard_int.h - what the virtual card's model files share among
 * themselves (vcard.c, vcard_gen.c, vcard_codes.c, vcard_sign.c, the PKI
 * and state files); not a contract. */
#ifndef EIDKIOSK_VCARD_INT_H
#define EIDKIOSK_VCARD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <openssl/types.h>
#include "cause.h"
#include "vcard.h"

/* Status words the model answers with. */
enum {
	VSW_OK = 0x9000,
	VSW_WRONG_LENGTH = 0x6700,
	VSW_SECURITY = 0x6982,
	VSW_BLOCKED = 0x6983,
	VSW_NOT_USABLE = 0x6984,
	VSW_CONDITIONS = 0x6985,
	VSW_BAD_DATA = 0x6A80,
	VSW_NOT_FOUND = 0x6A82,
	VSW_WRONG_P1P2 = 0x6A86,
	VSW_REF_NOT_FOUND = 0x6A88,
	VSW_OFFSET = 0x6B00,
	VSW_INS = 0x6D00,
	VSW_CLA = 0x6E00,
};

/* Reference bytes of the codes and the length of a padded code block. */
#define VCARD_REF_PIN1 0x11
#define VCARD_REF_PIN2 0x82
#define VCARD_REF_PUK 0x83
#define VCARD_BLOCK 12

/* The most a READ BINARY answers at once, as the recorded cards did. */
#define VCARD_READ_MAX 0xB5

/* One key of a generation. */
struct vcard_key_info {
	uint8_t ref;        /* key reference in SET SE (tag 84) */
	uint8_t algo;       /* the algorithm byte it takes (tag 80) */
	size_t sig_len;     /* bytes PSO COMPUTE DIGITAL SIGNATURE answers */
	const char *curve;  /* EC curve (raw r||s); NULL: RSA-2048, PSS */
};

/* What differs between the generations. */
struct vcard_gen_info {
	const uint8_t *atr;
	size_t atr_len;
	uint8_t sign_path[4];            /* signing certificate, 2 FIDs */
	size_t hash_len;                 /* PSO HASH: 48 SHA-384, 32 SHA-256 */
	struct vcard_key_info key[2];    /* authentication, signing */
	int cert_back_years;             /* default notBefore: now - years */
};

/* The facts of a generation (an unknown one reads as 2022). */
const struct vcard_gen_info *vcard_gen_info(enum vcard_gen gen);

/* One short command APDU, split into its parts. */
struct vcard_apdu {
	uint8_t cla, ins, p1, p2;
	const uint8_t *data;
	size_t lc;
	int le;        /* -1 absent, else 1..256 (00 means 256) */
};

/* Write a status word into resp; returns 2. */
size_t vcard_sw(uint8_t *resp, uint16_t sw);

/* Answer data of a case-4 command: kept for GET RESPONSE with 61xx; on an
 * APDU-level link a command with Le gets it directly (up to Le). */
size_t vcard_defer(struct vcard *vc, const struct vcard_apdu *a,
                   const uint8_t *data, size_t n, uint8_t *resp);

/* Answer data directly for a case-2 command whose Le was checked: data,
 * then 9000. */
size_t vcard_data(const uint8_t *data, size_t n, uint8_t *resp);

/* VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER, GET DATA. */
size_t vcard_cmd_verify(struct vcard *vc, const struct vcard_apdu *a,
                        uint8_t *resp);
size_t vcard_cmd_change(struct vcard *vc, const struct vcard_apdu *a,
                        uint8_t *resp);
size_t vcard_cmd_unblock(struct vcard *vc, const struct vcard_apdu *a,
                         uint8_t *resp);
size_t vcard_cmd_get_data(struct vcard *vc, const struct vcard_apdu *a,
                          uint8_t *resp);

/* MANAGE SECURITY ENVIRONMENT and PERFORM SECURITY OPERATION. */
size_t vcard_cmd_set_se(struct vcard *vc, const struct vcard_apdu *a,
                        uint8_t *resp);
size_t vcard_cmd_pso(struct vcard *vc, const struct vcard_apdu *a,
                     uint8_t *resp);

/* Sign a hash (32 bytes SHA-256 or 48 SHA-384) with private key DER: EC
 * gives raw r||s of sig_len bytes, RSA gives PSS (MGF1 with the same
 * hash, salt as long as the hash) of sig_len bytes. 0 ok, -1 failure. */
int vcard_sign_hash(const uint8_t *key, size_t key_len, const uint8_t *hash,
                    size_t hash_len, uint8_t *sig, size_t sig_len);

/* A certificate authority: key and certificate (OpenSSL objects). */
struct vcard_ca {
	EVP_PKEY *key;
	X509 *cert;
};

/* Who a card's certificates are for. */
struct vcard_holder {
	const char *given, *surname;  /* UTF-8, or any bytes (T61String) */
	const char *satu;             /* subject serialNumber */
};

/* A fresh in-memory CA with this common name; 0 ok, -1 failure. */
int vcard_ca_new(struct vcard_ca *ca, const char *cn);

/* The CA of dir (created there if missing); 0, or -1 with *cause. */
int vcard_ca_load(struct vcard_ca *ca, const char *dir, char **cause);

void vcard_ca_free(struct vcard_ca *ca);

/* A holder certificate for pub, issued by ca: for the signature key
 * (nonRepudiation) or the authentication key, valid from nb to na. */
X509 *vcard_cert_issue(const struct vcard_ca *ca, EVP_PKEY *pub,
                       const struct vcard_holder *h, bool sign_key,
                       time_t nb, time_t na);

/* Atomic file writing: open a temporary file beside path with mode, write
 * through *fp, then commit (flush, fsync, rename over path) or abort
 * (remove the temporary). Both consume *fp and tmp. 0 ok, -1 errno set. */
int vcard_atomic_open(const char *path, unsigned mode, char **tmp, FILE **fp);
int vcard_atomic_commit(FILE *fp, char *tmp, const char *path);
void vcard_atomic_abort(FILE *fp, char *tmp);

#endif
