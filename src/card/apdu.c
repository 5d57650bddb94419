/* apdu.c - commands put on the wire for the negotiated protocol (T=0 TPDUs
 * or T=1 APDUs), the exchange rules (61xx, 6Cxx) and what a status word
 * means. Pure code over struct card_io: no PC/SC here. */
#include "build-config.h"
#include <assert.h>
#include <string.h>
#include <openssl/crypto.h>
#include "apdu.h"
#include "secret.h"

/* A card that keeps answering 61xx or 6Cxx must not keep us here forever. */
#define APDU_MAX_ROUNDS 32

/* Human name of a transport error kind, for logs and --card-info. */
const char *card_err_name(enum card_err e)
{
	static const char *const names[] = { CARD_ERR_LIST(XLIST_NAME) };

	return XLIST_LOOKUP(names, e, "unknown card error");
}

/* Put c on the wire for proto: T=1 carries everything as it is; a T=0
 * TPDU has one P3 byte, so a case-4 command leaves its Le out and a
 * case-1 command gets P3 = 00. */
size_t apdu_encode(const struct apdu *c, enum card_proto proto, uint8_t *out)
{
	size_t n = 0;

	assert(c->lc <= 255 && c->le >= 0 && c->le <= 256);
	assert(c->lc == 0 || c->data != NULL);
	out[n++] = c->cla;
	out[n++] = c->ins;
	out[n++] = c->p1;
	out[n++] = c->p2;
	if (c->lc > 0) {
		out[n++] = (uint8_t)c->lc;
		memcpy(out + n, c->data, c->lc);
		n += c->lc;
	}
	if (c->le > 0 && (proto == CARD_T1 || c->lc == 0))
		out[n++] = (uint8_t)(c->le == 256 ? 0 : c->le);
	else if (proto == CARD_T0 && c->lc == 0)
		out[n++] = 0x00;
	return n;
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

/* The next command after 61xx or 6Cxx: GET RESPONSE for what is waiting,
 * or the same command again with the Le the card asked for. Returns false
 * when the answer leaves nothing sensible to send. */
static bool apdu_next(const struct card_io *io, struct apdu *cur,
                      uint8_t sw1, uint8_t sw2)
{
	int le = sw2 ? sw2 : 256;

	if (sw1 == 0x61) {
		*cur = (struct apdu){ .cla = 0x00, .ins = 0xC0, .le = le };
		return true;
	}
	/* 6Cxx: wrong Le. On T=0 only a command without data carries one
	 * (P3); a case-1 command, sent with P3 00, becomes case 2. */
	if (io->proto == CARD_T0 && cur->lc > 0)
		return false;
	cur->le = le;
	return true;
}

/* The round loop of apdu_exchange; wire is the buffer the command is
 * encoded into each round. */
static enum card_err apdu_rounds(const struct card_io *io, struct apdu cur,
                                 uint8_t *wire, struct apdu_resp *r)
{
	uint8_t buf[APDU_DATA_MAX + 2];
	size_t rlen, dlen, clen;
	enum card_err e;

	for (int round = 0; round < APDU_MAX_ROUNDS; round++) {
		clen = apdu_encode(&cur, io->proto, wire);
		e = apdu_send(io, wire, clen, buf, sizeof buf, &rlen);
		if (e != CE_OK)
			return e;
		dlen = rlen - 2;
		uint8_t sw1 = buf[dlen], sw2 = buf[dlen + 1];
		if (sw1 == 0x6C) {
			/* data sent along with 6Cxx is meaningless */
			if (!apdu_next(io, &cur, sw1, sw2))
				return CE_MALFORMED;
			continue;
		}
		if (dlen > sizeof r->data - r->len)
			return CE_MALFORMED;
		memcpy(r->data + r->len, buf, dlen);
		r->len += dlen;
		if (sw1 == 0x61 && apdu_next(io, &cur, sw1, sw2))
			continue;
		r->sw = (uint16_t)(sw1 << 8 | sw2);
		return CE_OK;
	}
	return CE_MALFORMED;
}

/* One command under the exchange rules (61xx, 6Cxx), on the negotiated
 * protocol. */
enum card_err apdu_exchange(const struct card_io *io, const struct apdu *c,
                            struct apdu_resp *r)
{
	/* The wire copy may carry a PIN (VERIFY, CHANGE, RESET RETRY COUNTER):
	 * it is made in the secret arena's scratch room and wiped there. */
	uint8_t *wire = secret_scratch_take(APDU_CMD_MAX);
	enum card_err e;

	r->len = 0;
	r->sw = 0;
	if (wire == NULL)
		return CE_MALFORMED;
	e = apdu_rounds(io, *c, wire, r);
	secret_scratch_give(wire, APDU_CMD_MAX);
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
	static const char *const names[] = { SW_KIND_LIST(XLIST_NAME) };

	return XLIST_LOOKUP(names, k, "unknown status");
}

/* Whether the body of cmd is a code (VERIFY, CHANGE REFERENCE DATA, RESET
 * RETRY COUNTER with data), so that logs show the header only. */
bool apdu_carries_code(const uint8_t *cmd, size_t clen)
{
	if (cmd == NULL || clen < 6 || cmd[4] == 0)
		return false;
	return cmd[1] == 0x20 || cmd[1] == 0x24 || cmd[1] == 0x2C;
}
