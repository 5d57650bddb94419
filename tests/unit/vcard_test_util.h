/* vcard_test_util.h - helpers shared by the virtual card's unit tests:
 * APDUs from hex, raw exchanges, fixtures (any generation), the
 * recorded layouts (GET DATA, FCP) over T=0, certificates read over
 * APDUs, signature and certificate checks with OpenSSL. */
#ifndef EIDKIOSK_VCARD_TEST_UTIL_H
#define EIDKIOSK_VCARD_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <openssl/types.h>
#include "vcard.h"
#include "vcard_pki.h"

/* A directory for the tests' CA and files (made once, removed at exit). */
const char *tv_dir(void);

/* Hex (spaces allowed) to bytes; returns the count. */
size_t tv_hex(const char *hex, uint8_t *out);

/* Send raw bytes; data (may be NULL) gets the response without the status
 * word, *dlen its length. Returns the status word. */
uint16_t tv_raw(struct vcard *vc, const uint8_t *cmd, size_t clen,
                uint8_t *data, size_t *dlen);

/* The same with the command in hex. */
uint16_t tv_x(struct vcard *vc, const char *hex, uint8_t *data, size_t *dlen);

/* A command carrying one or two padded codes: INS ref Lc block [block]. */
uint16_t tv_code(struct vcard *vc, uint8_t ins, uint8_t ref, const char *a,
                 const char *b);

/* A new card in a start state (spec defaults, CA in tv_dir()); the card's
 * application is selected. Fails the test on error. */
void tv_card(struct vcard *vc, enum vcard_start st);
void tv_card_spec(struct vcard *vc, const struct vcard_spec *sp);

/* The same for a generation. */
void tv_card_gen(struct vcard *vc, enum vcard_gen gen, enum vcard_start st);

/* The GET DATA answer of a real card (recorded layout, 37 bytes) for a
 * code reference, tries left and DF2F flag. */
void tv_pin_info(uint8_t ref, int tries, int flag, uint8_t out[37]);

/* GET DATA of a code over T=0 (61xx, GET RESPONSE); checks the answer is
 * the recorded layout byte for byte; tries left, and whether DF2F said
 * 00 (never set). */
void tv_status(struct vcard *vc, uint8_t ref, int *tries, int *unset);

/* SELECT by path (hex) with FCP over T=0; checks the recorded layout
 * 62 04 81 02 <size> and returns the size. */
size_t tv_select_fcp(struct vcard *vc, const char *path_hex);

/* Read a whole file by path (hex) through SELECT + FCP + READ BINARY
 * (Le 00, answers of at most 0xB5 bytes); returns a malloc'd buffer and
 * its size. */
uint8_t *tv_read_file(struct vcard *vc, const char *path_hex, size_t *len);

/* Read a certificate by path (hex) and parse it; fails on leftovers. */
X509 *tv_card_cert(struct vcard *vc, const char *path_hex);

/* A certificate's notBefore (or notAfter with after) as a time_t. */
time_t tv_cert_time(X509 *x, int after);

/* t moved by whole calendar years (UTC), as the card's PKI counts them. */
time_t tv_years(time_t t, int years);

/* Verify x against the CA file (ca.pem) of dir, strictly: the X509_V_
 * error, 0 for ok. */
int tv_chain_error(X509 *x, const char *dir);

/* Whether sig is the card's signature over hash (32 bytes SHA-256 or 48
 * SHA-384) by the key of certificate x: raw r||s for an EC key, RSA-PSS
 * with MGF1 of the same hash and a salt as long as the hash for RSA. */
int tv_sig_valid(X509 *x, const uint8_t *hash, size_t hash_len,
                 const uint8_t *sig, size_t sig_len);

/* SET SE (80 01 algo 84 01 ref) and PSO HASH (90 hash_len) of a made-up
 * hash, which goes into hash; both must answer 9000. */
void tv_set_hash(struct vcard *vc, uint8_t algo, uint8_t ref, uint8_t *hash,
                 size_t hash_len);

#endif
