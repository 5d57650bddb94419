/* vcard.h - the virtual FinEID card: a pure model of (state, APDU) ->
 * (state, response). Used in-process by --demo and over vpcd by
 * eidkiosk-vcard. Generations: FinEID v4.0 "2022" and v4.1 "2025" (EC
 * P-384 keys 01/02), and v3.1 (RSA-2048 authentication key 01, EC P-256
 * signing key 03). The link mode says what reader the card sits behind:
 * a T=0 TPDU-level reader (the default: strict T=0, as the recorded real
 * cards) or an APDU-level one that fetches GET RESPONSE itself. Signing
 * uses OpenSSL with the state's private keys. */
#ifndef EIDKIOSK_VCARD_H
#define EIDKIOSK_VCARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "xlist.h"

/* The card generations, by the name saved and typed (vcard_gen_name). */
#define VCARD_GEN_LIST(X) \
	X(VCARD_2022, "2022") X(VCARD_2025, "2025") X(VCARD_31, "3.1")

enum vcard_gen { VCARD_GEN_LIST(XLIST_ENUM) };

/* The reader between the host and the card. VCARD_LINK_TPDU (0): a case-4
 * command must come without Le (else 6700, counted as a T=0 violation)
 * and its data comes only through 61xx + GET RESPONSE. VCARD_LINK_APDU: a
 * case-4 command with Le gets its data directly, and a case-2 command with
 * Le 00 its whole answer. */
enum vcard_link { VCARD_LINK_TPDU, VCARD_LINK_APDU };

/* Starting states a test or the demo can ask for. */
enum vcard_start {
	VS_NEW,           /* nothing activated */
	VS_PIN1_SET,      /* PIN1 activated, PIN2 not (half-way activation) */
	VS_ACTIVE,        /* both PINs set */
	VS_PIN1_BLOCKED,
	VS_PIN2_BLOCKED,
	VS_LOCKED,        /* activation code blocked: locked for good */
};

#define VCARD_ATR_MAX 33

struct vcard_code {
	char value[13];   /* digits, NUL-terminated; "" when never set */
	int tries;        /* tries left */
	int max_tries;    /* 5 */
	bool activated;
};

struct vcard {
	enum vcard_gen gen;
	enum vcard_link link;       /* not saved: chosen by whoever runs it */
	uint8_t atr[VCARD_ATR_MAX]; /* another ATR than the generation's */
	size_t atr_len;             /* 0: the generation's ATR */
	char docnum[16];
	struct vcard_code pin1, pin2, puk;
	uint8_t *cert[2]; size_t cert_len[2];   /* DER: auth, sign */
	uint8_t *key[2];  size_t key_len[2];    /* private keys, DER */
	/* volatile (reset on power/reset): */
	int selected_app;           /* AID selected */
	int selected_ef;            /* index of the selected file, -1 none */
	bool verified[2];           /* PIN1, PIN2 verified since reset */
	int se_key;                 /* key slot chosen by SET SE, -1 none */
	uint8_t hash[48]; bool have_hash;
	uint8_t pending[256];       /* T=0: data waiting for GET RESPONSE */
	size_t pending_len;
	/* commands refused as invalid T=0 TPDUs (data and Le) since the card
	 * was loaded; not reset by vcard_reset */
	unsigned long t0_violations;
	/* set by vcard_process when codes, tries or flags changed: the
	 * caller saves the state before replying */
	bool changed;
};

/* Answer one command APDU; resp gets at most 258 bytes; returns its length
 * (always >= 2). */
size_t vcard_process(struct vcard *vc, const uint8_t *cmd, size_t clen,
                     uint8_t *resp);

/* Power off/on/reset: forget volatile state. */
void vcard_reset(struct vcard *vc);

/* ATR of this card (its own, else its generation's); out holds
 * VCARD_ATR_MAX bytes. */
size_t vcard_atr(const struct vcard *vc, uint8_t *out);

/* Free keys and certificates, wipe codes. */
void vcard_free(struct vcard *vc);

/* A generation's name as in the state file and on the command line:
 * "2022", "2025", "3.1". */
const char *vcard_gen_name(enum vcard_gen gen);

/* The generation a name gives; 0 ok, -1 unknown. */
int vcard_gen_parse(const char *name, enum vcard_gen *out);

/* An ATR from hex (hex.h: pairs of digits, spaces between them allowed),
 * 2..VCARD_ATR_MAX bytes; 0 ok, -1 malformed. */
int vcard_atr_parse(const char *hex, uint8_t *out, size_t *len);

/* A document number of any bytes from hex (a hostile card's, for tests):
 * 1..15 bytes, none of them 00, into out, NUL-terminated; 0 ok, -1 not. */
int vcard_docnum_hex_parse(const char *hex, char out[16]);

#endif
