/* vcard_codes.c - the virtual card's PIN1, PIN2 and activation code (PUK):
 * VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER and the status read
 * (GET DATA) that spends no try. */
#include "build-config.h"
#include <string.h>
#include <openssl/crypto.h>
#include "vcard.h"
#include "vcard_int.h"

/* The code a reference names; *idx gets 0 (PIN1), 1 (PIN2) or -1 (PUK). */
static struct vcard_code *code_for(struct vcard *vc, uint8_t ref, int *idx)
{
	switch (ref) {
	case VCARD_REF_PIN1: *idx = 0; return &vc->pin1;
	case VCARD_REF_PIN2: *idx = 1; return &vc->pin2;
	case VCARD_REF_PUK: *idx = -1; return &vc->puk;
	default: return NULL;
	}
}

/* Whether n digits is a length the card takes for this code. */
static bool code_len_ok(const struct vcard *vc, int idx, size_t n)
{
	if (idx == 0)
		return n >= 4 && n <= 12;
	if (idx == 1)
		return n >= 6 && n <= 12;
	return n > 0 && n == strlen(vc->puk.value);
}

/* Unpad a 12-byte block (ASCII digits, then 00s) into out (13 bytes, zero
 * filled); -1 when the block is malformed or the length wrong. */
static int code_take(const struct vcard *vc, int idx, const uint8_t *blk,
                     char out[13])
{
	size_t n = 0;

	memset(out, 0, 13);
	while (n < VCARD_BLOCK && blk[n] >= '0' && blk[n] <= '9') {
		out[n] = (char)blk[n];
		n++;
	}
	for (size_t i = n; i < VCARD_BLOCK; i++)
		if (blk[i] != 0x00)
			return -1;
	return code_len_ok(vc, idx, n) ? 0 : -1;
}

/* Set a counter, noting a change of persistent state. */
static void code_set_tries(struct vcard *vc, struct vcard_code *c, int tries)
{
	if (c->tries != tries) {
		c->tries = tries;
		vc->changed = true;
	}
}

/* The 63Cx status word for tries left. */
static uint16_t sw_tries(int tries)
{
	return (uint16_t)(0x63C0 | (tries > 15 ? 15 : tries < 0 ? 0 : tries));
}

/* Present a candidate to a code: 0 when it matches (the counter is reset),
 * else the status word (6983 blocked, 63Cx wrong with a try spent; the
 * try that blocks answers 63C0). */
static uint16_t code_try(struct vcard *vc, struct vcard_code *c, int idx,
                         const char cand[13])
{
	if (c->tries <= 0)
		return VSW_BLOCKED;
	if (CRYPTO_memcmp(c->value, cand, 13) != 0) {
		code_set_tries(vc, c, c->tries - 1);
		if (idx >= 0)
			vc->verified[idx] = false;
		return sw_tries(c->tries);
	}
	code_set_tries(vc, c, c->max_tries);
	return 0;
}

/* VERIFY without data: the state of a code, spending nothing. */
static size_t verify_status(struct vcard *vc, struct vcard_code *c, int idx,
                            uint8_t *resp)
{
	if (!c->activated)
		return vcard_sw(resp, VSW_NOT_USABLE);
	if (c->tries <= 0)
		return vcard_sw(resp, VSW_BLOCKED);
	if (idx >= 0 && vc->verified[idx])
		return vcard_sw(resp, VSW_OK);
	return vcard_sw(resp, sw_tries(c->tries));
}

/* VERIFY a code (or, without data, ask its state). */
size_t vcard_cmd_verify(struct vcard *vc, const struct vcard_apdu *a,
                        uint8_t *resp)
{
	struct vcard_code *c;
	char cand[13];
	uint16_t sw;
	int idx;

	if (a->p1 != 0x00)
		return vcard_sw(resp, VSW_WRONG_P1P2);
	if (!(c = code_for(vc, a->p2, &idx)))
		return vcard_sw(resp, VSW_REF_NOT_FOUND);
	if (a->lc == 0 && a->le < 0)
		return verify_status(vc, c, idx, resp);
	if (a->lc != VCARD_BLOCK || a->le >= 0)
		return vcard_sw(resp, VSW_WRONG_LENGTH);
	if (code_take(vc, idx, a->data, cand) < 0)
		sw = VSW_BAD_DATA;
	else if (!c->activated)
		sw = VSW_NOT_USABLE;
	else if ((sw = code_try(vc, c, idx, cand)) == 0) {
		if (idx >= 0)
			vc->verified[idx] = true;
		sw = VSW_OK;
	}
	OPENSSL_cleanse(cand, sizeof cand);
	return vcard_sw(resp, sw);
}

/* Check the parts common to CHANGE and RESET RETRY COUNTER: P1 00, a PIN
 * reference, two padded blocks. Returns the PIN or NULL with *sw set. */
static struct vcard_code *pair_check(struct vcard *vc,
                                     const struct vcard_apdu *a, int *idx,
                                     uint16_t *sw)
{
	struct vcard_code *c;

	*sw = 0;
	if (a->p1 != 0x00)
		*sw = VSW_WRONG_P1P2;
	else if (!(c = code_for(vc, a->p2, idx)) || *idx < 0)
		*sw = VSW_REF_NOT_FOUND;
	else if (a->lc != 2 * VCARD_BLOCK || a->le >= 0)
		*sw = VSW_WRONG_LENGTH;
	else
		return c;
	return NULL;
}

/* Store a new value for a PIN and make it usable with full tries. */
static void code_set(struct vcard *vc, struct vcard_code *c, int idx,
                     const char val[13])
{
	memcpy(c->value, val, sizeof c->value);
	c->value[12] = '\0';
	c->activated = true;
	c->tries = c->max_tries;
	vc->verified[idx] = false;
	vc->changed = true;
}

/* CHANGE REFERENCE DATA: old and new PIN. New equal to old is refused with
 * 6985 after the old one was checked (so the counter is reset). The change
 * does not leave the PIN verified. */
size_t vcard_cmd_change(struct vcard *vc, const struct vcard_apdu *a,
                        uint8_t *resp)
{
	struct vcard_code *c;
	char oldv[13], newv[13];
	uint16_t sw;
	int idx;

	if (!(c = pair_check(vc, a, &idx, &sw)))
		return vcard_sw(resp, sw);
	if (code_take(vc, idx, a->data, oldv) < 0 ||
	    code_take(vc, idx, a->data + VCARD_BLOCK, newv) < 0)
		sw = VSW_BAD_DATA;
	else if (!c->activated)
		sw = VSW_NOT_USABLE;
	else if ((sw = code_try(vc, c, idx, oldv)) != 0)
		;
	else if (CRYPTO_memcmp(oldv, newv, sizeof newv) == 0)
		sw = VSW_CONDITIONS;
	else {
		code_set(vc, c, idx, newv);
		sw = VSW_OK;
	}
	OPENSSL_cleanse(oldv, sizeof oldv);
	OPENSSL_cleanse(newv, sizeof newv);
	return vcard_sw(resp, sw);
}

/* RESET RETRY COUNTER (P1 00): activation code and new PIN. Activates a new
 * PIN, unblocks a blocked one, replaces a forgotten one. */
size_t vcard_cmd_unblock(struct vcard *vc, const struct vcard_apdu *a,
                         uint8_t *resp)
{
	struct vcard_code *c;
	char puk[13], newv[13];
	uint16_t sw;
	int idx;

	if (!(c = pair_check(vc, a, &idx, &sw)))
		return vcard_sw(resp, sw);
	if (code_take(vc, -1, a->data, puk) < 0 ||
	    code_take(vc, idx, a->data + VCARD_BLOCK, newv) < 0)
		sw = VSW_BAD_DATA;
	else if ((sw = code_try(vc, &vc->puk, -1, puk)) == 0) {
		code_set(vc, c, idx, newv);
		sw = VSW_OK;
	}
	OPENSSL_cleanse(puk, sizeof puk);
	OPENSSL_cleanse(newv, sizeof newv);
	return vcard_sw(resp, sw);
}

/* GET DATA of a code's status, in the recorded layout byte for byte:
 * A0 23 { 83 ref, 8C, 9C, DF21 <tries> FF A5 03, DF27, DF28 0C, DF2F
 * <00 never set, 01 set> }, as case-4 data. */
size_t vcard_cmd_get_data(struct vcard *vc, const struct vcard_apdu *a,
                          uint8_t *resp)
{
	static const uint8_t tmpl[37] = {
		0xA0, 0x23, 0x83, 0x01, 0x00,
		0x8C, 0x04, 0xF0, 0x00, 0x00, 0x00,
		0x9C, 0x04, 0xF0, 0x00, 0x00, 0x00,
		0xDF, 0x21, 0x04, 0x00, 0xFF, 0xA5, 0x03,
		0xDF, 0x27, 0x02, 0xFF, 0xFF,
		0xDF, 0x28, 0x01, 0x0C,
		0xDF, 0x2F, 0x01, 0x00,
	};
	struct vcard_code *c;
	uint8_t out[sizeof tmpl];
	int idx;

	if (a->p1 != 0x00 || a->p2 != 0xFF)
		return vcard_sw(resp, VSW_WRONG_P1P2);
	if (a->lc != 5)
		return vcard_sw(resp, VSW_WRONG_LENGTH);
	if (memcmp(a->data, "\xA0\x03\x83\x01", 4) != 0)
		return vcard_sw(resp, VSW_BAD_DATA);
	if (!(c = code_for(vc, a->data[4], &idx)))
		return vcard_sw(resp, VSW_REF_NOT_FOUND);
	memcpy(out, tmpl, sizeof out);
	out[4] = a->data[4];
	out[20] = (uint8_t)(c->tries < 0 ? 0 : c->tries);
	out[36] = c->activated ? 0x01 : 0x00;
	return vcard_defer(vc, a, out, sizeof out, resp);
}
