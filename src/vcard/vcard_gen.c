/* vcard_gen.c - what differs between the virtual card's generations: ATR,
 * signing certificate path, keys and their algorithms, hash length, the
 * default age of the certificates; and the names, ATRs and hex a person
 * types. */
#include "build-config.h"
#include <string.h>
#include "hex.h"
#include "vcard.h"
#include "vcard_int.h"

static const uint8_t atr_2022[] = {
	0x3B, 0x7F, 0x96, 0x00, 0x00, 0x80, 0x31, 0xB8, 0x65, 0xB0,
	0x85, 0x05, 0x00, 0x11, 0x12, 0x24, 0x60, 0x82, 0x90, 0x00
};

static const uint8_t atr_2025[] = {
	0x3B, 0x7F, 0x96, 0x00, 0x00, 0x80, 0x31, 0xB8, 0x65, 0xB0,
	0x85, 0x05, 0x10, 0x24, 0x12, 0x24, 0x60, 0x82, 0x90, 0x00
};

static const uint8_t atr_31[] = {
	0x3B, 0x7F, 0x96, 0x00, 0x00, 0x80, 0x31, 0xB8, 0x65, 0xB0,
	0x85, 0x04, 0x02, 0x1B, 0x12, 0x00, 0xF6, 0x82, 0x90, 0x00
};

/* v4: ECDSA with SHA-384 (0x54) on P-384, keys 01 and 02. */
#define V4_KEYS { { 0x01, 0x54, 96, "P-384" }, { 0x02, 0x54, 96, "P-384" } }

static const struct vcard_gen_info gens[] = {
	[VCARD_2022] = { atr_2022, sizeof atr_2022,
	                 { 0x50, 0x16, 0x43, 0x32 }, 48, V4_KEYS, 0 },
	[VCARD_2025] = { atr_2025, sizeof atr_2025,
	                 { 0x50, 0x16, 0x43, 0x32 }, 48, V4_KEYS, 0 },
	/* v3.1: RSA-PSS with SHA-256 (0x45) on key 01, ECDSA with SHA-256
	 * (0x44) on the P-256 key 03; issued until about 2022 */
	[VCARD_31] = { atr_31, sizeof atr_31,
	               { 0x50, 0x16, 0x43, 0x35 }, 32,
	               { { 0x01, 0x45, 256, NULL }, { 0x03, 0x44, 64, "P-256" } },
	               4 },
};

/* The facts of gen; an out-of-range value reads as the first. */
const struct vcard_gen_info *vcard_gen_info(enum vcard_gen gen)
{
	return (unsigned)gen < sizeof gens / sizeof *gens ? &gens[gen]
	                                                      : &gens[0];
}

static const char *const gen_names[] = { VCARD_GEN_LIST(XLIST_NAME) };

/* The name of gen, as saved and typed; an out-of-range value reads as the
 * first. */
const char *vcard_gen_name(enum vcard_gen gen)
{
	return XLIST_LOOKUP(gen_names, gen, gen_names[0]);
}

/* The generation called name. */
int vcard_gen_parse(const char *name, enum vcard_gen *out)
{
	for (size_t i = 0; i < sizeof gen_names / sizeof *gen_names; i++)
		if (strcmp(name, gen_names[i]) == 0) {
			*out = (enum vcard_gen)i;
			return 0;
		}
	return -1;
}

/* An ATR: 2..VCARD_ATR_MAX bytes of hex. */
int vcard_atr_parse(const char *hex, uint8_t *out, size_t *len)
{
	int n = hex_decode(hex, out, VCARD_ATR_MAX);

	if (n < 2)
		return -1;
	*len = (size_t)n;
	return 0;
}

/* A document number of any bytes but 00, from hex. */
int vcard_docnum_hex_parse(const char *hex, char out[16])
{
	int n = hex_decode(hex, (uint8_t *)out, 15);

	if (n < 1 || memchr(out, 0, (size_t)n))
		return -1;
	out[n] = '\0';
	return 0;
}

/* The card's own ATR, else its generation's. */
size_t vcard_atr(const struct vcard *vc, uint8_t *out)
{
	const struct vcard_gen_info *g = vcard_gen_info(vc->gen);

	if (vc->atr_len > 0 && vc->atr_len <= VCARD_ATR_MAX) {
		memcpy(out, vc->atr, vc->atr_len);
		return vc->atr_len;
	}
	memcpy(out, g->atr, g->atr_len);
	return g->atr_len;
}
