/* fineid.h - FinEID card operations, driven by a card profile. Each call is
 * a few APDUs on an open connection; the caller keeps one connection (and
 * transaction) for a whole operation so the verified state is not lost. */
#ifndef EIDKIOSK_FINEID_H
#define EIDKIOSK_FINEID_H

#include <stdbool.h>
#include "apdu.h"
#include "profile.h"
#include "secret.h"

/* Outcome of one operation. */
struct card_result {
	enum card_err err;   /* CE_OK when the card answered */
	enum sw_kind kind;   /* meaningful when err == CE_OK */
	uint16_t sw;         /* last status word, 0 if none */
	int tries_left;      /* from 63Cx or a status read; -1 unknown */
};

struct code_status {
	bool known;          /* the card told: GET DATA answered and parsed */
	int tries_left;      /* DF21's first byte; -1 when not known */
	bool activated;      /* false when DF2F is present and 00; true when
	                        not known (nothing may be assumed unset) */
};

/* Select the application (AID). */
int fineid_select(const struct card_io *io, const struct card_profile *p,
                  struct card_result *res);

/* Document number from the token info file, NUL-terminated. */
int fineid_read_docnum(const struct card_io *io, const struct card_profile *p,
                       char *out, size_t outsz, struct card_result *res);

/* Certificate DER for a key (malloc'd into *der; the caller frees). */
int fineid_read_cert(const struct card_io *io, const struct card_profile *p,
                     enum key_id key, uint8_t **der, size_t *len,
                     struct card_result *res);

/* Tries left and activated flag without spending a try (GET DATA).
 * Unlike the others this returns 0 whenever the card answered, with
 * st->known false when it refused (6A88 ...) or its answer cannot be
 * parsed; -1 only when the exchange itself failed (res->err). */
int fineid_code_status(const struct card_io *io, const struct card_profile *p,
                       enum code_id code, struct code_status *st,
                       struct card_result *res);

/* RESET RETRY COUNTER with the activation code (PUK) and a new PIN: this
 * activates a new PIN and unblocks a blocked one. */
int fineid_reset_retry(const struct card_io *io, const struct card_profile *p,
                       enum code_id pin, const struct secret *puk,
                       const struct secret *newpin, struct card_result *res);

/* CHANGE REFERENCE DATA: old PIN to new PIN. */
int fineid_change(const struct card_io *io, const struct card_profile *p,
                  enum code_id pin, const struct secret *oldpin,
                  const struct secret *newpin, struct card_result *res);

/* VERIFY a code. */
int fineid_verify(const struct card_io *io, const struct card_profile *p,
                  enum code_id code, const struct secret *pin,
                  struct card_result *res);

/* Sign a hash with a key (after its PIN was verified on this connection),
 * as the profile's key says: SET SE with its algorithm byte, PSO HASH with
 * its hash (key.hash_len bytes), PSO COMPUTE DIGITAL SIGNATURE. sig
 * (PROFILE_SIG_MAX bytes) gets exactly key.sig_len bytes. */
int fineid_sign(const struct card_io *io, const struct card_profile *p,
                enum key_id key, const uint8_t *hash, uint8_t *sig,
                struct card_result *res);

/* All of the above return 0 when the card said 9000, -1 otherwise with
 * res filled (err, or kind + sw + tries_left). An answer that says 9000
 * but cannot be used is err CE_OK, kind SW_BAD_ANSWER. */

#endif
