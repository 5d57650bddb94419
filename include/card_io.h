/* card_io.h - one exchange of raw bytes with a card, whatever carries it
 * (PC/SC in pcsc.c, the in-process virtual card in the demo, a script in
 * unit tests). Everything above this line speaks APDUs, never PC/SC. */
#ifndef EIDKIOSK_CARD_IO_H
#define EIDKIOSK_CARD_IO_H

#include <stddef.h>
#include <stdint.h>

/* Why an exchange failed before the card could answer with a status word. */
enum card_err {
	CE_OK = 0,
	CE_REMOVED,     /* card pulled (SCARD_W_REMOVED_CARD, vcard closed) */
	CE_NO_SERVICE,  /* pcscd gone or restarting */
	CE_COMM,        /* reader or transport failure */
	CE_MALFORMED,   /* answer shorter than a status word or unparsable */
	CE_TIMEOUT,     /* card did not answer in time */
};

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
