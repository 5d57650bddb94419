/* card_io.h - one exchange of raw bytes with a card, whatever carries it
 * (PC/SC in pcsc.c, the in-process virtual card in the demo, a script in
 * unit tests). Everything above this line speaks APDUs, never PC/SC. */
#ifndef EIDKIOSK_CARD_IO_H
#define EIDKIOSK_CARD_IO_H

#include <stddef.h>
#include <stdint.h>
#include "xlist.h"

/* Why an exchange failed before the card could answer with a status
 * word, and its name in logs and --card-info (card_err_name). CE_OK is 0. */
#define CARD_ERR_LIST(X) \
	X(CE_OK, "ok") \
	/* card pulled (SCARD_W_REMOVED_CARD, vcard closed) */ \
	X(CE_REMOVED, "card removed") \
	/* pcscd gone or restarting */ \
	X(CE_NO_SERVICE, "card service not running") \
	/* reader or transport failure */ \
	X(CE_COMM, "reader communication error") \
	/* answer shorter than a status word or unparsable */ \
	X(CE_MALFORMED, "malformed card answer") \
	X(CE_TIMEOUT, "card did not answer in time")

enum card_err { CARD_ERR_LIST(XLIST_ENUM) };

/* The transmission protocol the connection negotiated: it decides how a
 * command is put on the wire (apdu.c). A FinEID card's contact interface
 * is T=0 only. */
enum card_proto { CARD_T0, CARD_T1 };

struct card_io {
	/* Send clen bytes of cmd; on CE_OK *rlen holds the bytes written to
	 * resp (at most the *rlen given), status word included. */
	enum card_err (*transmit)(void *ctx, const uint8_t *cmd, size_t clen,
	                          uint8_t *resp, size_t *rlen);
	void *ctx;
	enum card_proto proto;
};

/* Human name of an error kind, English, for logs and --card-info. */
const char *card_err_name(enum card_err e);

#endif
