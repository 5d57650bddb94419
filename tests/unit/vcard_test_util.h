/* vcard_test_util.h - helpers shared by the virtual card's unit tests:
 * APDUs from hex, exchanges with and without the T=0 dance, fixtures. */
#ifndef EIDKIOSK_VCARD_TEST_UTIL_H
#define EIDKIOSK_VCARD_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>
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

/* Like tv_raw but doing what a host must on T=0: GET RESPONSE on 61xx,
 * resend with Le=xx on 6Cxx. data must hold 256 bytes per fetch. */
uint16_t tv_t0(struct vcard *vc, const uint8_t *cmd, size_t clen,
               uint8_t *data, size_t *dlen);

/* A command carrying one or two padded codes: INS ref Lc block [block]. */
uint16_t tv_code(struct vcard *vc, uint8_t ins, uint8_t ref, const char *a,
                 const char *b);

/* A new card in a start state (spec defaults, CA in tv_dir()); the card's
 * application is selected. Fails the test on error. */
void tv_card(struct vcard *vc, enum vcard_start st);
void tv_card_spec(struct vcard *vc, const struct vcard_spec *sp);

/* GET DATA of a code: tries left, and whether DF2F 00 (not set) came. */
void tv_status(struct vcard *vc, uint8_t ref, int *tries, int *unset);

/* Read a whole file by path (hex) through SELECT + FCP + READ BINARY;
 * returns a malloc'd buffer and its size. */
uint8_t *tv_read_file(struct vcard *vc, const char *path_hex, size_t *len);

#endif
