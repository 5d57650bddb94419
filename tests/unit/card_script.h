/* card_script.h - a scripted card for unit tests: each step is the exact
 * command expected and the canned answer (or transport error) to give. */
#ifndef EIDKIOSK_TEST_CARD_SCRIPT_H
#define EIDKIOSK_TEST_CARD_SCRIPT_H

#include "apdu.h"
#include "profile.h"

#define SCRIPT_STEPS 128

struct script_step {
	uint8_t cmd[APDU_CMD_MAX];
	size_t clen;
	uint8_t resp[APDU_DATA_MAX + 2];
	size_t rlen;
	enum card_err err;
};

struct card_script {
	struct script_step step[SCRIPT_STEPS];
	size_t n, pos;
	struct card_io io;
};

/* Start an empty script; s->io is the card_io to hand to the code. */
void script_init(struct card_script *s);

/* Expect cmd (hex, spaces allowed) and answer resp (hex). */
void script_add(struct card_script *s, const char *cmd, const char *resp);

/* Expect cmd and fail the exchange with err. */
void script_add_err(struct card_script *s, const char *cmd, enum card_err e);

/* Expect cmd (hex) and answer data bytes followed by sw. */
void script_add_data(struct card_script *s, const char *cmd,
                     const uint8_t *data, size_t len, uint16_t sw);

/* Assert that every step was used. */
void script_done(const struct card_script *s);

/* The FinEID v4 profile as in conf/cards.conf (AID A0 00 00 00 63 50 4B
 * 43 53 2D 31 35, ECDSA P-384 keys 01 and 02). */
struct card_profile script_profile(void);

/* Parse hex into out (max bytes); fails the test on bad hex. */
size_t script_hex(const char *hex, uint8_t *out, size_t max);

#endif
