/* profile.h - card profiles: everything card-specific, from conf/cards.conf. */
#ifndef EIDKIOSK_PROFILE_H
#define EIDKIOSK_PROFILE_H

#include <stddef.h>
#include <stdint.h>

enum code_id { CODE_PIN1, CODE_PIN2, CODE_PUK, CODE_COUNT };
enum key_id { KEY_AUTH, KEY_SIGN, KEY_COUNT };

#define PROFILE_PATH_MAX 8

struct code_ref {
	uint8_t ref;       /* reference: PIN1 0x11, PIN2 0x82, PUK 0x83 */
	uint8_t min_len;   /* what the card accepts */
	uint8_t max_len;
};

struct card_profile {
	char name[48];
	uint8_t atr[33], atr_mask[33];
	size_t atr_len;
	uint8_t aid[16];
	size_t aid_len;
	uint8_t token_path[PROFILE_PATH_MAX];   /* document number file */
	size_t token_path_len;
	uint8_t cert_path[KEY_COUNT][PROFILE_PATH_MAX];
	size_t cert_path_len[KEY_COUNT];
	struct code_ref code[CODE_COUNT];
	uint8_t pad_byte;      /* codes are right-padded with this ... */
	uint8_t pad_len;       /* ... to this many bytes */
	uint8_t key_ref[KEY_COUNT];
	uint8_t sign_algo;     /* SET SE algorithm byte, 0x54 = ECDSA SHA-384 */
	char line_info[32];    /* "cards.conf:12", where it was defined */
};

struct profile_set {
	struct card_profile *v;
	size_t n;
};

/* Load every profile of a libconfig file. On error returns -1 and sets
 * *cause (malloc'd) to "file:line: what is wrong". */
int profile_load(const char *path, struct profile_set *out, char **cause);

/* The first profile whose masked ATR equals the masked atr, or NULL. */
const struct card_profile *profile_match(const struct profile_set *s,
                                         const uint8_t *atr, size_t n);

void profile_free(struct profile_set *s);

/* Names for messages and JSON: "pin1", "pin2", "puk"; "auth", "sign". */
const char *profile_code_name(enum code_id c);
const char *profile_key_name(enum key_id k);

#endif
