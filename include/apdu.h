/* apdu.h - building command APDUs, T=0 exchanges, status words. */
#ifndef EIDKIOSK_APDU_H
#define EIDKIOSK_APDU_H

#include <stdbool.h>
#include "card_io.h"
#include "xlist.h"

#define APDU_CMD_MAX 261   /* 4 header + 1 Lc + 255 data + 1 Le */
#define APDU_DATA_MAX 256  /* response data, status word excluded */

struct apdu_resp {
	uint8_t data[APDU_DATA_MAX];
	size_t len;     /* bytes of data, status word excluded */
	uint16_t sw;
};

/* What a status word means for us, and its name in logs (apdu_sw_name);
 * tries come from 63Cx. */
#define SW_KIND_LIST(X) \
	X(SW_OK, "ok")                                 /* 9000 */ \
	X(SW_WRONG_CODE, "wrong code")            /* 63Cx, x tries left */ \
	X(SW_BLOCKED, "blocked")                       /* 6983 */ \
	X(SW_NOT_USABLE, "reference data not usable")  /* 6984 */ \
	X(SW_SECURITY, "security status not satisfied") /* 6982 */ \
	X(SW_CONDITIONS, "conditions not satisfied")   /* 6985 */ \
	X(SW_BAD_DATA, "bad data")                     /* 6A80 */ \
	X(SW_NOT_FOUND, "file not found")              /* 6A82 */ \
	X(SW_REF_NOT_FOUND, "reference not found")     /* 6A88 */ \
	X(SW_WRONG_LENGTH, "wrong length")             /* 6700 */ \
	X(SW_INS_UNSUPPORTED, "instruction not supported") /* 6D00, 6E00 */ \
	X(SW_OFFSET, "offset beyond end")              /* 6B00 */ \
	/* 9000, but the data cannot be used */ \
	X(SW_BAD_ANSWER, "unusable answer") \
	X(SW_OTHER, "other status")

enum sw_kind { SW_KIND_LIST(XLIST_ENUM) };

/* One command as the code means it: header, data, and how many bytes it
 * expects back. apdu_exchange puts it on the wire for the protocol the
 * connection negotiated, so no command carries a hand-placed Le. */
struct apdu {
	uint8_t cla, ins, p1, p2;
	const uint8_t *data;   /* lc bytes of command data, NULL when none */
	size_t lc;             /* 0..255 */
	int le;                /* bytes expected: 0 none, 1..256 (256: all) */
};

/* The command as sent on proto into out (APDU_CMD_MAX bytes); returns its
 * length. T=1: header, Lc + data, Le (256 as 00) as present. T=0 (ISO
 * 7816-3 TPDU): a case-4 command goes without Le (its data comes back
 * through 61xx and GET RESPONSE), a case-1 command gets P3 = 00. */
size_t apdu_encode(const struct apdu *c, enum card_proto proto, uint8_t *out);

/* One command with the exchange rules done here, on either protocol: 61xx
 * fetches the rest with GET RESPONSE (appending data), 6Cxx resends a
 * command that expects data with Le = xx; both bounded. An answer under 2
 * bytes, or 6Cxx to a T=0 command that cannot carry Le, is CE_MALFORMED.
 * Every copy of the command (it may carry a code) is wiped. */
enum card_err apdu_exchange(const struct card_io *io, const struct apdu *c,
                            struct apdu_resp *r);

/* Classify sw; for SW_WRONG_CODE *tries (if not NULL) gets x, else -1. */
enum sw_kind apdu_sw_kind(uint16_t sw, int *tries);

/* Short English name of a kind ("wrong code", "blocked"), for logs. */
const char *apdu_sw_name(enum sw_kind k);

/* Whether a command carries a code in its body (VERIFY, CHANGE, RESET
 * RETRY COUNTER): logs must then show the header only. */
bool apdu_carries_code(const uint8_t *cmd, size_t clen);

#endif
