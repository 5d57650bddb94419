/* tlv.h - strict BER-TLV reading: malformed or truncated data is an error. */
#ifndef EIDKIOSK_TLV_H
#define EIDKIOSK_TLV_H

#include <stddef.h>
#include <stdint.h>

struct tlv {
	unsigned tag;        /* tag bytes big-endian, e.g. 0xDF21, 0x30, 0x04 */
	const uint8_t *val;
	size_t len;
};

/* Read one TLV at p (n bytes available): multi-byte tags up to 3 bytes,
 * definite lengths up to 3 length bytes. Returns bytes consumed, or -1. */
int tlv_next(const uint8_t *p, size_t n, struct tlv *out);

/* Find tag among the TLVs that fill p..p+n exactly (one level). Returns 0
 * found, 1 not found, -1 malformed. */
int tlv_find(const uint8_t *p, size_t n, unsigned tag, struct tlv *out);

#endif
