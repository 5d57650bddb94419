/* profile.h - card profiles: everything card-specific, from conf/cards.conf. */
#ifndef EIDKIOSK_PROFILE_H
#define EIDKIOSK_PROFILE_H

#include <stddef.h>
#include <stdint.h>
#include "certinfo.h"
#include "xlist.h"

/* The codes and keys of a card, and their names in cards.conf, messages
 * and JSON (profile_code_name, profile_key_name). */
#define CODE_LIST(X) \
	X(CODE_PIN1, "pin1") X(CODE_PIN2, "pin2") X(CODE_PUK, "puk")
#define KEY_LIST(X) X(KEY_AUTH, "auth") X(KEY_SIGN, "sign")

enum code_id { CODE_LIST(XLIST_ENUM) CODE_COUNT };
enum key_id { KEY_LIST(XLIST_ENUM) KEY_COUNT };

#define PROFILE_PATH_MAX 8

struct code_ref {
	uint8_t ref;       /* reference: PIN1 0x11, PIN2 0x82, PUK 0x83 */
	uint8_t min_len;   /* what the card accepts */
	uint8_t max_len;
};

#define PROFILE_HASH_MAX 64     /* bytes of the longest hash (SHA-512) */
#define PROFILE_SIG_MAX 256     /* bytes of the longest signature: one answer */

/* A key on the card, its certificate, and how it signs. */
struct key_ref {
	uint8_t ref;                        /* SET SE key reference */
	uint8_t algo;                       /* SET SE algorithm byte */
	char hash[8];                       /* OpenSSL digest: "sha384" */
	uint8_t hash_len;                   /* its size in bytes */
	enum sig_scheme sig;
	uint16_t sig_len;                   /* bytes the card returns */
	uint8_t cert_path[PROFILE_PATH_MAX];
	size_t cert_path_len;
};

struct card_profile {
	char name[48];
	uint8_t atr[33], atr_mask[33];
	size_t atr_len;
	uint8_t aid[16];
	size_t aid_len;
	uint8_t token_path[PROFILE_PATH_MAX];   /* document number file */
	size_t token_path_len;
	struct code_ref code[CODE_COUNT];
	/* Cards whose certificates start before this moment (UTC, 0: no such
	 * rule) have activation codes of exactly code[CODE_PUK].max_len. */
	long long puk_max_only_before;
	uint8_t pad_byte;      /* codes are right-padded with this ... */
	uint8_t pad_len;       /* ... to this many bytes */
	struct key_ref key[KEY_COUNT];
	char line_info[32];    /* "cards.conf:12", where it was defined */
};

/* What to tell the citizen about a card the kiosk knows but does not
 * serve, and its name in cards.conf and the audit trail
 * (profile_advice_name). */
#define CARD_ADVICE_LIST(X) \
	X(ADV_NONE, "none")                 /* served: a profile matched */ \
	/* no profile: a card the kiosk cannot use */ \
	X(ADV_UNSUPPORTED, "unsupported") \
	/* the card's contactless face: use the slot */ \
	X(ADV_CONTACTLESS, "contactless") \
	/* a generation whose cards have all expired */ \
	X(ADV_EXPIRED, "expired")

enum card_advice { CARD_ADVICE_LIST(XLIST_ENUM) ADV_COUNT };

/* A card recognised by its ATR but not served. */
struct known_card {
	char name[48];
	uint8_t atr[33], atr_mask[33];
	size_t atr_len;
	enum card_advice advice;
};

struct profile_set {
	struct card_profile *v;
	size_t n;
	struct known_card *known;
	size_t nknown;
};

/* Load every profile of a libconfig file. On error returns -1 and sets
 * *cause (malloc'd) to "file:line: what is wrong". */
int profile_load(const char *path, struct profile_set *out, char **cause);

/* The first profile whose masked ATR equals the masked atr, or NULL. */
const struct card_profile *profile_match(const struct profile_set *s,
                                         const uint8_t *atr, size_t n);

/* For a card no profile serves: the first known card it is, or NULL. */
const struct known_card *profile_known(const struct profile_set *s,
                                       const uint8_t *atr, size_t n);

void profile_free(struct profile_set *s);

/* Names for messages and JSON: "pin1", "pin2", "puk"; "auth", "sign";
 * "ecdsa", "rsa-pss"; "unsupported", "contactless", "expired". */
const char *profile_code_name(enum code_id c);
const char *profile_key_name(enum key_id k);
const char *profile_sig_name(enum sig_scheme s);
const char *profile_advice_name(enum card_advice a);

#endif
