/* vcard.h - the virtual FinEID card: a pure model of (state, APDU) ->
 * (state, response). Used in-process by --demo and over vpcd by
 * eidkiosk-vcard. Signing uses OpenSSL with the state's private keys. */
#ifndef EIDKIOSK_VCARD_H
#define EIDKIOSK_VCARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vcard_gen { VCARD_2022, VCARD_2025 };

/* Starting states a test or the demo can ask for. */
enum vcard_start {
	VS_NEW,           /* nothing activated */
	VS_PIN1_SET,      /* PIN1 activated, PIN2 not (half-way activation) */
	VS_ACTIVE,        /* both PINs set */
	VS_PIN1_BLOCKED,
	VS_PIN2_BLOCKED,
	VS_LOCKED,        /* activation code blocked: locked for good */
};

struct vcard_code {
	char value[13];   /* digits, NUL-terminated; "" when never set */
	int tries;        /* tries left */
	int max_tries;    /* 5 */
	bool activated;
};

struct vcard {
	enum vcard_gen gen;
	char docnum[16];
	struct vcard_code pin1, pin2, puk;
	uint8_t *cert[2]; size_t cert_len[2];   /* DER: auth, sign */
	uint8_t *key[2];  size_t key_len[2];    /* private keys, DER */
	/* volatile (reset on power/reset): */
	int selected_app;           /* AID selected */
	int selected_ef;            /* index of the selected file, -1 none */
	bool verified[2];           /* PIN1, PIN2 verified since reset */
	int se_key;                 /* key chosen by SET SE, -1 none */
	uint8_t hash[48]; bool have_hash;
	uint8_t pending[256];       /* T=0: data waiting for GET RESPONSE */
	size_t pending_len;
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

/* ATR of this card's generation. */
size_t vcard_atr(const struct vcard *vc, uint8_t *out);

/* Free keys and certificates, wipe codes. */
void vcard_free(struct vcard *vc);

#endif
