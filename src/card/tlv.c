/* tlv.c - strict BER-TLV reading. Card answers are untrusted input: every
 * length is checked against what is really there, and anything odd
 * (indefinite length, oversized tags or lengths, trailing bytes) is an
 * error rather than a guess. */
#include "build-config.h"
#include "tlv.h"

#define TLV_TAG_MAX 3
#define TLV_LEN_BYTES_MAX 3

/* Read the tag at p; returns its size in bytes, or -1. */
static int tlv_tag(const uint8_t *p, size_t n, unsigned *tag)
{
	size_t i = 1;

	/* 00 (end-of-contents) and FF are padding in ISO 7816, never tags. */
	if (n < 1 || p[0] == 0x00 || p[0] == 0xFF)
		return -1;
	*tag = p[0];
	if ((p[0] & 0x1F) != 0x1F)
		return 1;
	/* Multi-byte tag: more bytes while bit 8 is set. A first subsequent
	 * byte of 0x80 would be a non-minimal encoding. */
	if (n < 2 || p[1] == 0x80)
		return -1;
	for (;;) {
		if (i >= n || i >= TLV_TAG_MAX)
			return -1;
		*tag = *tag << 8 | p[i];
		if (!(p[i++] & 0x80))
			return (int)i;
	}
}

/* Read the definite length at p; returns its size in bytes, or -1. */
static int tlv_len(const uint8_t *p, size_t n, size_t *len)
{
	size_t k;

	if (n < 1)
		return -1;
	if (p[0] < 0x80) {
		*len = p[0];
		return 1;
	}
	k = p[0] & 0x7F;
	if (k == 0 || k > TLV_LEN_BYTES_MAX || k > n - 1)
		return -1;       /* indefinite, too long, or truncated */
	*len = 0;
	for (size_t i = 1; i <= k; i++)
		*len = *len << 8 | p[i];
	return (int)(k + 1);
}

/* Read one TLV at p: tag, definite length, value within the n bytes. */
int tlv_next(const uint8_t *p, size_t n, struct tlv *out)
{
	int t, l;
	size_t off, len;
	unsigned tag;

	if (p == NULL)
		return -1;
	t = tlv_tag(p, n, &tag);
	if (t < 0)
		return -1;
	l = tlv_len(p + t, n - (size_t)t, &len);
	if (l < 0)
		return -1;
	off = (size_t)t + (size_t)l;
	if (len > n - off)
		return -1;
	out->tag = tag;
	out->val = p + off;
	out->len = len;
	return (int)(off + len);
}

/* Find the first TLV with tag among those filling p..p+n exactly; the whole
 * run is checked so that garbage after a match is still caught. */
int tlv_find(const uint8_t *p, size_t n, unsigned tag, struct tlv *out)
{
	struct tlv t;
	size_t off = 0;
	int found = 0, r;

	while (off < n) {
		r = tlv_next(p + off, n - off, &t);
		if (r < 0)
			return -1;
		if (!found && t.tag == tag) {
			*out = t;
			found = 1;
		}
		off += (size_t)r;
	}
	return found ? 0 : 1;
}
