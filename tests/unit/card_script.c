/* card_script.c - scripted card_io for unit tests: checks every command
 * byte for byte and answers from the script. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "card_script.h"

/* Parse hex pairs with optional spaces; fail the test on anything else. */
size_t script_hex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned v;

	while (*hex) {
		if (*hex == ' ') {
			hex++;
			continue;
		}
		if (sscanf(hex, "%2x", &v) != 1 || hex[1] == '\0' ||
		    hex[1] == ' ')
			fail_msg("bad hex in script: %s", hex);
		if (n == max)
			fail_msg("hex too long for buffer (%zu)", max);
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	return n;
}

/* Render bytes as hex for failure messages. */
static void script_render(const uint8_t *b, size_t n, char *out, size_t osz)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && o + 4 < osz; i++)
		o += (size_t)snprintf(out + o, osz - o, "%02X ", b[i]);
}

/* The transmit of the scripted card. */
static enum card_err script_transmit(void *ctx, const uint8_t *cmd,
                                     size_t clen, uint8_t *resp, size_t *rlen)
{
	struct card_script *s = ctx;
	const struct script_step *st;
	char got[800], want[800];

	script_render(cmd, clen, got, sizeof got);
	if (s->pos >= s->n)
		fail_msg("unexpected command after end of script: %s", got);
	st = &s->step[s->pos++];
	if (clen != st->clen || memcmp(cmd, st->cmd, clen) != 0) {
		script_render(st->cmd, st->clen, want, sizeof want);
		fail_msg("step %zu: command\n  got  %s\n  want %s", s->pos, got,
		         want);
	}
	if (st->err != CE_OK)
		return st->err;
	if (st->rlen > *rlen)
		fail_msg("step %zu: answer of %zu bytes, room for %zu", s->pos,
		         st->rlen, *rlen);
	memcpy(resp, st->resp, st->rlen);
	*rlen = st->rlen;
	return CE_OK;
}

/* Start an empty script. */
void script_init(struct card_script *s)
{
	memset(s, 0, sizeof *s);
	s->io.transmit = script_transmit;
	s->io.ctx = s;
}

/* The next free step, with its command parsed. */
static struct script_step *script_next(struct card_script *s, const char *cmd)
{
	struct script_step *st;

	if (s->n >= SCRIPT_STEPS)
		fail_msg("script too long");
	st = &s->step[s->n++];
	st->clen = script_hex(cmd, st->cmd, sizeof st->cmd);
	return st;
}

/* Expect cmd, answer resp. */
void script_add(struct card_script *s, const char *cmd, const char *resp)
{
	struct script_step *st = script_next(s, cmd);

	st->rlen = script_hex(resp, st->resp, sizeof st->resp);
}

/* Expect cmd, fail with e. */
void script_add_err(struct card_script *s, const char *cmd, enum card_err e)
{
	script_next(s, cmd)->err = e;
}

/* Expect cmd, answer data + sw. */
void script_add_data(struct card_script *s, const char *cmd,
                     const uint8_t *data, size_t len, uint16_t sw)
{
	struct script_step *st = script_next(s, cmd);

	assert_true(len + 2 <= sizeof st->resp);
	memcpy(st->resp, data, len);
	st->resp[len] = (uint8_t)(sw >> 8);
	st->resp[len + 1] = (uint8_t)sw;
	st->rlen = len + 2;
}

/* Every step of the script was used. */
void script_done(const struct card_script *s)
{
	if (s->pos != s->n)
		fail_msg("script stopped at step %zu of %zu", s->pos, s->n);
}

/* The FinEID v4 profile as in conf/cards.conf. */
struct card_profile script_profile(void)
{
	struct card_profile p = {
		.name = "FinEID test", .aid_len = 12, .token_path_len = 2,
		.pad_byte = 0x00, .pad_len = 12,
		.code = { { 0x11, 4, 12 }, { 0x82, 6, 12 }, { 0x83, 7, 8 } },
		.key = {
			{ .ref = 0x01, .algo = 0x54, .hash = "sha384", .hash_len = 48,
			  .sig = SIG_ECDSA, .sig_len = 96, .cert_path_len = 2 },
			{ .ref = 0x02, .algo = 0x54, .hash = "sha384", .hash_len = 48,
			  .sig = SIG_ECDSA, .sig_len = 96, .cert_path_len = 4 },
		},
	};

	script_hex("A0 00 00 00 63 50 4B 43 53 2D 31 35", p.aid, sizeof p.aid);
	script_hex("5032", p.token_path, sizeof p.token_path);
	script_hex("4331", p.key[KEY_AUTH].cert_path, PROFILE_PATH_MAX);
	script_hex("5016 4332", p.key[KEY_SIGN].cert_path, PROFILE_PATH_MAX);
	return p;
}
