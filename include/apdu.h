/* apdu.h - building command APDUs, T=0 exchanges, status words. */
#ifndef EIDKIOSK_APDU_H
#define EIDKIOSK_APDU_H

#include <stdbool.h>
#include "card_io.h"

#define APDU_CMD_MAX 261   /* 4 header + 1 Lc + 255 data + 1 Le */
#define APDU_DATA_MAX 256  /* response data, status word excluded */

struct apdu_resp {
	uint8_t data[APDU_DATA_MAX];
	size_t len;     /* bytes of data, status word excluded */
	uint16_t sw;
};

/* What a status word means for us; tries come from 63Cx. */
enum sw_kind {
	SW_OK,            /* 9000 */
	SW_WRONG_CODE,    /* 63Cx, x tries left */
	SW_BLOCKED,       /* 6983 */
	SW_NOT_USABLE,    /* 6984 */
	SW_SECURITY,      /* 6982 */
	SW_CONDITIONS,    /* 6985 */
	SW_BAD_DATA,      /* 6A80 */
	SW_NOT_FOUND,     /* 6A82 */
	SW_REF_NOT_FOUND, /* 6A88 */
	SW_WRONG_LENGTH,  /* 6700 */
	SW_INS_UNSUPPORTED, /* 6D00, 6E00 */
	SW_OFFSET,        /* 6B00 */
	SW_OTHER,
};

/* Build a short APDU into out (APDU_CMD_MAX bytes); le < 0 means no Le,
 * le == 256 is encoded as 00. Returns its length. */
size_t apdu_build(uint8_t *out, uint8_t cla, uint8_t ins, uint8_t p1,
                  uint8_t p2, const uint8_t *data, size_t lc, int le);

/* One command with T=0 rules done here: 61xx fetches with GET RESPONSE
 * (appending data), 6Cxx resends with Le=xx. An answer under 2 bytes is
 * CE_MALFORMED. */
enum card_err apdu_exchange(const struct card_io *io, const uint8_t *cmd,
                            size_t clen, struct apdu_resp *r);

/* Classify sw; for SW_WRONG_CODE *tries (if not NULL) gets x, else -1. */
enum sw_kind apdu_sw_kind(uint16_t sw, int *tries);

/* Short English name of a kind ("wrong code", "blocked"), for logs. */
const char *apdu_sw_name(enum sw_kind k);

/* Whether a command carries a code in its body (VERIFY, CHANGE, RESET
 * RETRY COUNTER): logs must then show the header only. */
bool apdu_carries_code(const uint8_t *cmd, size_t clen);

#endif
