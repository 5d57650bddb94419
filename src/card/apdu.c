/* apdu.c - command APDUs, the T=0 exchange rules (61xx, 6Cxx) and what a
 * status word means. Pure code over struct card_io: no PC/SC here. */
#include <assert.h>
#include <string.h>
#include <openssl/crypto.h>
#include "apdu.h"

/* A card that keeps answering 61xx or 6Cxx must not keep us here forever. */
#define APDU_MAX_ROUNDS 32

/* Human name of a transport error kind, for logs and --card-info. */
const char *card_err_name(enum card_err e)
{
	switch (e) {
	case CE_OK:         return "ok";
	case CE_REMOVED:    return "card removed";
	case CE_NO_SERVICE: return "card service not running";
	case CE_COMM:       return "reader communication error";
	case CE_MALFORMED:  return "malformed card answer";
	case CE_TIMEOUT:    return "card did not answer in time";
	}
	return "unknown card error";
}

/* Build a short APDU: header, optional Lc + data, optional Le. */
size_t apdu_build(uint8_t *out, uint8_t cla, uint8_t ins, uint8_t p1,
                  uint8_t p2, const uint8_t *data, size_t lc, int le)
{
	size_t n = 0;

	assert(lc <= 255 && le <= 256);
	out[n++] = cla;
	out[n++] = ins;
	out[n++] = p1;
	out[n++] = p2;
	if (lc > 0) {
		out[n++] = (uint8_t)lc;
		memcpy(out + n, data, lc);
		n += lc;
	}
	if (le >= 0)
		out[n++] = (uint8_t)(le == 256 ? 0 : le);
	return n;
}

/* Rewrite cmd (in place, buffer of APDU_CMD_MAX) to carry Le = le, as 6Cxx
 * asks: replace an existing Le or append one. Returns the new length, 0 if
 * cmd is not a well-formed short APDU. */
static size_t apdu_set_le(uint8_t *cmd, size_t clen, uint8_t le)
{
	size_t lc;

	if (clen == 4) {
		cmd[4] = le;
		return 5;
	}
	if (clen == 5) {            /* case 2: header + Le */
		cmd[4] = le;
		return 5;
	}
	if (clen < 6)
		return 0;
	lc = cmd[4];
	if (clen == 5 + lc) {       /* case 3: append Le */
		cmd[clen] = le;
		return clen + 1;
	}
	if (clen == 6 + lc) {       /* case 4: replace Le */
		cmd[clen - 1] = le;
		return clen;
	}
	return 0;
}

/* Send one command and put the answer (data + sw) in buf; rejects answers
 * shorter than a status word. */
static enum card_err apdu_send(const struct card_io *io, const uint8_t *cmd,
                               size_t clen, uint8_t *buf, size_t bufsz,
                               size_t *rlen)
{
	enum card_err e;

	*rlen = bufsz;
	e = io->transmit(io->ctx, cmd, clen, buf, rlen);
	if (e != CE_OK)
		return e;
	if (*rlen < 2 || *rlen > bufsz)
		return CE_MALFORMED;
	return CE_OK;
}

/* The round loop of apdu_exchange; cur holds the command to (re)send. */
static enum card_err apdu_rounds(const struct card_io *io, uint8_t *cur,
                                 size_t clen, struct apdu_resp *r)
{
	uint8_t buf[APDU_DATA_MAX + 2];
	size_t rlen, dlen;
	enum card_err e;

	for (int round = 0; round < APDU_MAX_ROUNDS; round++) {
		e = apdu_send(io, cur, clen, buf, sizeof buf, &rlen);
		if (e != CE_OK)
			return e;
		dlen = rlen - 2;
		uint8_t sw1 = buf[dlen], sw2 = buf[dlen + 1];
		if (sw1 == 0x6C) {
			/* Wrong Le: the same command again with the Le the card
			 * asked for; data sent along with 6Cxx is meaningless. */
			clen = apdu_set_le(cur, clen, sw2);
			if (clen == 0)
				return CE_MALFORMED;
			continue;
		}
		if (dlen > sizeof r->data - r->len)
			return CE_MALFORMED;
		memcpy(r->data + r->len, buf, dlen);
		r->len += dlen;
		if (sw1 == 0x61) {
			clen = apdu_build(cur, 0x00, 0xC0, 0x00, 0x00, NULL, 0,
			                  sw2 == 0 ? 256 : sw2);
			continue;
		}
		r->sw = (uint16_t)(sw1 << 8 | sw2);
		return CE_OK;
	}
	return CE_MALFORMED;
}

/* One command under T=0 rules: GET RESPONSE on 61xx (appending), resend with
 * the right Le on 6Cxx, both bounded. */
enum card_err apdu_exchange(const struct card_io *io, const uint8_t *cmd,
                            size_t clen, struct apdu_resp *r)
{
	uint8_t cur[APDU_CMD_MAX];
	enum card_err e;

	r->len = 0;
	r->sw = 0;
	if (clen < 4 || clen > APDU_CMD_MAX)
		return CE_MALFORMED;
	memcpy(cur, cmd, clen);
	e = apdu_rounds(io, cur, clen, r);
	/* The copy may carry a PIN (VERIFY, CHANGE, RESET RETRY COUNTER). */
	OPENSSL_cleanse(cur, sizeof cur);
	if (e != CE_OK) {
		OPENSSL_cleanse(r->data, sizeof r->data);
		r->len = 0;
		r->sw = 0;
	}
	return e;
}

/* Classify a status word; 63Cx gives the tries left. */
enum sw_kind apdu_sw_kind(uint16_t sw, int *tries)
{
	if (tries)
		*tries = -1;
	if ((sw & 0xFFF0) == 0x63C0) {
		if (tries)
			*tries = sw & 0x0F;
		return SW_WRONG_CODE;
	}
	switch (sw) {
	case 0x9000: return SW_OK;
	case 0x6983: return SW_BLOCKED;
	case 0x6984: return SW_NOT_USABLE;
	case 0x6982: return SW_SECURITY;
	case 0x6985: return SW_CONDITIONS;
	case 0x6A80: return SW_BAD_DATA;
	case 0x6A82: return SW_NOT_FOUND;
	case 0x6A88: return SW_REF_NOT_FOUND;
	case 0x6700: return SW_WRONG_LENGTH;
	case 0x6D00: return SW_INS_UNSUPPORTED;
	case 0x6E00: return SW_INS_UNSUPPORTED;
	case 0x6B00: return SW_OFFSET;
	}
	return SW_OTHER;
}

/* Short English name of a status word kind, for logs. */
const char *apdu_sw_name(enum sw_kind k)
{
	static const char *const names[] = {
		[SW_OK] = "ok",
		[SW_WRONG_CODE] = "wrong code",
		[SW_BLOCKED] = "blocked",
		[SW_NOT_USABLE] = "reference data not usable",
		[SW_SECURITY] = "security status not satisfied",
		[SW_CONDITIONS] = "conditions not satisfied",
		[SW_BAD_DATA] = "bad data",
		[SW_NOT_FOUND] = "file not found",
		[SW_REF_NOT_FOUND] = "reference not found",
		[SW_WRONG_LENGTH] = "wrong length",
		[SW_INS_UNSUPPORTED] = "instruction not supported",
		[SW_OFFSET] = "offset beyond end",
		[SW_OTHER] = "other status",
	};

	if ((unsigned)k < sizeof names / sizeof names[0] && names[k])
		return names[k];
	return "unknown status";
}

/* Whether the body of cmd is a code (VERIFY, CHANGE REFERENCE DATA, RESET
 * RETRY COUNTER with data), so that logs show the header only. */
bool apdu_carries_code(const uint8_t *cmd, size_t clen)
{
	if (cmd == NULL || clen < 6 || cmd[4] == 0)
		return false;
	return cmd[1] == 0x20 || cmd[1] == 0x24 || cmd[1] == 0x2C;
}
