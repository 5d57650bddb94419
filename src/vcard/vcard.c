/* vcard.c - the virtual FinEID card: command dispatch, files, T=0
 * response handling (61xx + GET RESPONSE, 6Cxx), the link mode (a strict
 * T=0 TPDU reader or a lenient APDU-level one). Codes are in
 * vcard_codes.c, signing in vcard_sign.c, generations in vcard_gen.c. */
#include "build-config.h"
#include <string.h>
#include <openssl/crypto.h>
#include "vcard.h"
#include "vcard_int.h"

/* The files of the application, by index (selected_ef). */
enum vcard_file { VF_TOKEN, VF_AUTH_CERT, VF_SIGN_CERT, VF_COUNT };

/* Token info is padded with 00s to this size, as card files are. */
#define TOKEN_SIZE 128

static const uint8_t vcard_aid[12] = {
	0xA0, 0x00, 0x00, 0x00, 0x63, 0x50, 0x4B, 0x43, 0x53, 0x2D, 0x31, 0x35
};

/* Paths below the application, without a leading 3F00; the signing
 * certificate's path depends on the generation (vcard_gen.c). */
static const uint8_t path_token[2] = { 0x50, 0x32 };
static const uint8_t path_auth[2] = { 0x43, 0x31 };

/* A status word into resp. */
size_t vcard_sw(uint8_t *resp, uint16_t sw)
{
	resp[0] = (uint8_t)(sw >> 8);
	resp[1] = (uint8_t)sw;
	return 2;
}

/* Data, then 9000. */
size_t vcard_data(const uint8_t *data, size_t n, uint8_t *resp)
{
	if (n)
		memcpy(resp, data, n);
	return n + vcard_sw(resp + n, VSW_OK);
}

/* 61xx for n bytes still waiting (00 for 256), or 9000 for none. */
static uint16_t sw_more(size_t n)
{
	return n ? (uint16_t)(0x6100 | (n & 0xFF)) : VSW_OK;
}

/* Hand out le bytes of the pending data: 6Cxx when fewer wait, else the
 * bytes and 61xx for the rest (9000 when none is left). */
static size_t pending_take(struct vcard *vc, size_t le, uint8_t *resp)
{
	size_t n = vc->pending_len;

	if (le > n)
		return vcard_sw(resp, (uint16_t)(0x6C00 | (n & 0xFF)));
	memcpy(resp, vc->pending, le);
	memmove(vc->pending, vc->pending + le, n - le);
	vc->pending_len = n - le;
	return le + vcard_sw(resp + le, sw_more(vc->pending_len));
}

/* Case-4 data: 61xx, or directly on an APDU-level link when Le came. */
size_t vcard_defer(struct vcard *vc, const struct vcard_apdu *a,
                   const uint8_t *data, size_t n, uint8_t *resp)
{
	size_t le;

	if (n == 0)
		return vcard_sw(resp, VSW_OK);
	memcpy(vc->pending, data, n);
	vc->pending_len = n;
	if (vc->link != VCARD_LINK_APDU || a->le < 0)
		return vcard_sw(resp, sw_more(n));
	le = (size_t)a->le < n ? (size_t)a->le : n;
	return pending_take(vc, le, resp);
}

/* Split a short APDU into its parts; -1 when its length does not add up. */
static int apdu_split(const uint8_t *cmd, size_t clen, struct vcard_apdu *a)
{
	if (clen < 4)
		return -1;
	a->cla = cmd[0];
	a->ins = cmd[1];
	a->p1 = cmd[2];
	a->p2 = cmd[3];
	a->data = NULL;
	a->lc = 0;
	a->le = -1;
	if (clen == 4)
		return 0;
	if (clen == 5) {
		a->le = cmd[4] ? cmd[4] : 256;
		return 0;
	}
	a->lc = cmd[4];
	a->data = cmd + 5;
	if (a->lc == 0 || clen < 5 + a->lc || clen > 6 + a->lc)
		return -1;
	if (clen == 6 + a->lc)
		a->le = cmd[5 + a->lc] ? cmd[5 + a->lc] : 256;
	return 0;
}

/* The DER/bytes of a file; token info is built into buf (TOKEN_SIZE). */
static size_t file_content(const struct vcard *vc, int ef, uint8_t *buf,
                           const uint8_t **out)
{
	static const uint8_t manuf[] = "VRK-FINEID", label[] = "HENKILOKORTTI";
	size_t dl = strnlen(vc->docnum, sizeof vc->docnum), n = 4;

	if (ef == VF_AUTH_CERT || ef == VF_SIGN_CERT) {
		*out = vc->cert[ef - VF_AUTH_CERT];
		return vc->cert_len[ef - VF_AUTH_CERT];
	}
	memset(buf, 0, TOKEN_SIZE);
	memcpy(buf + n, "\x02\x01\x00", 3);
	n += 3;
	buf[n++] = 0x04;
	buf[n++] = (uint8_t)dl;
	memcpy(buf + n, vc->docnum, dl);
	n += dl;
	buf[n++] = 0x0C;
	buf[n++] = sizeof manuf - 1;
	memcpy(buf + n, manuf, sizeof manuf - 1);
	n += sizeof manuf - 1;
	buf[n++] = 0x80;
	buf[n++] = sizeof label - 1;
	memcpy(buf + n, label, sizeof label - 1);
	n += sizeof label - 1;
	memcpy(buf + n, "\x03\x02\x06\x40", 4);
	n += 4;
	buf[0] = 0x30;
	buf[1] = 0x82;
	buf[2] = (uint8_t)((n - 4) >> 8);
	buf[3] = (uint8_t)(n - 4);
	*out = buf;
	return TOKEN_SIZE;
}

/* SELECT the application by AID (P1 04). */
static size_t cmd_select_aid(struct vcard *vc, const struct vcard_apdu *a,
                             uint8_t *resp)
{
	if (a->p2 != 0x0C)
		return vcard_sw(resp, VSW_WRONG_P1P2);
	if (a->lc != sizeof vcard_aid ||
	    memcmp(a->data, vcard_aid, sizeof vcard_aid) != 0)
		return vcard_sw(resp, VSW_NOT_FOUND);
	/* Selecting the application again keeps the verified state: the
	 * host may re-select between VERIFY and signing. */
	vc->selected_app = 1;
	vc->selected_ef = -1;
	return vcard_sw(resp, VSW_OK);
}

/* Which file a path names on this card, or -1. */
static int path_lookup(const struct vcard *vc, const uint8_t *p, size_t n)
{
	const uint8_t *sign = vcard_gen_info(vc->gen)->sign_path;

	if (n >= 2 && p[0] == 0x3F && p[1] == 0x00) {
		p += 2;
		n -= 2;
	}
	if (n == 2 && memcmp(p, path_token, 2) == 0)
		return VF_TOKEN;
	if (n == 2 && memcmp(p, path_auth, 2) == 0)
		return VF_AUTH_CERT;
	if (n == 4 && memcmp(p, sign, 4) == 0)
		return VF_SIGN_CERT;
	return -1;
}

/* SELECT an EF by path from the application (P1 08); for P2 04 the FCP
 * as the recorded cards answer it: 62 04 81 02 <size>, as case-4 data. */
static size_t cmd_select_path(struct vcard *vc, const struct vcard_apdu *a,
                              uint8_t *resp)
{
	uint8_t buf[TOKEN_SIZE], fcp[6] = { 0x62, 0x04, 0x81, 0x02 };
	const uint8_t *content;
	size_t size;
	int ef;

	if (a->p2 != 0x04 && a->p2 != 0x0C)
		return vcard_sw(resp, VSW_WRONG_P1P2);
	if (a->lc == 0 || a->lc % 2 != 0)
		return vcard_sw(resp, a->lc ? VSW_BAD_DATA : VSW_WRONG_LENGTH);
	ef = vc->selected_app ? path_lookup(vc, a->data, a->lc) : -1;
	if (ef < 0)
		return vcard_sw(resp, VSW_NOT_FOUND);
	vc->selected_ef = ef;
	if (a->p2 == 0x0C)
		return vcard_sw(resp, VSW_OK);
	size = file_content(vc, ef, buf, &content);
	fcp[4] = (uint8_t)(size >> 8);
	fcp[5] = (uint8_t)size;
	return vcard_defer(vc, a, fcp, sizeof fcp, resp);
}

/* SELECT: by AID or by path. */
static size_t cmd_select(struct vcard *vc, const struct vcard_apdu *a,
                         uint8_t *resp)
{
	if (a->p1 == 0x04)
		return cmd_select_aid(vc, a, resp);
	if (a->p1 == 0x08)
		return cmd_select_path(vc, a, resp);
	return vcard_sw(resp, VSW_WRONG_P1P2);
}

/* READ BINARY from the selected EF, as the recorded cards: at most
 * VCARD_READ_MAX bytes an answer and only what is left at the end, both
 * with 9000 (never 6Cxx); 6B00 at or past the end. Absent Le is P3 = 00,
 * i.e. 256. */
static size_t cmd_read_binary(struct vcard *vc, const struct vcard_apdu *a,
                              uint8_t *resp)
{
	uint8_t buf[TOKEN_SIZE];
	const uint8_t *content;
	size_t off = (size_t)a->p1 << 8 | a->p2, size, left, le;

	if (a->p1 & 0x80)
		return vcard_sw(resp, VSW_WRONG_P1P2);
	if (a->lc)
		return vcard_sw(resp, VSW_WRONG_LENGTH);
	if (!vc->selected_app || vc->selected_ef < 0)
		return vcard_sw(resp, VSW_CONDITIONS);
	size = file_content(vc, vc->selected_ef, buf, &content);
	if (off >= size)
		return vcard_sw(resp, VSW_OFFSET);
	left = size - off;
	le = a->le < 0 ? 256 : (size_t)a->le;
	if (le > VCARD_READ_MAX)
		le = VCARD_READ_MAX;
	return vcard_data(content + off, le < left ? le : left, resp);
}

/* GET RESPONSE: hand out what the last case-4 command left pending. */
static size_t cmd_get_response(struct vcard *vc, const struct vcard_apdu *a,
                               uint8_t *resp)
{
	if (a->p1 || a->p2)
		return vcard_sw(resp, VSW_WRONG_P1P2);
	if (a->lc)
		return vcard_sw(resp, VSW_WRONG_LENGTH);
	if (vc->pending_len == 0)
		return vcard_sw(resp, VSW_CONDITIONS);
	return pending_take(vc, a->le < 0 ? 256 : (size_t)a->le, resp);
}

/* Route a command that needs the application selected. */
static size_t dispatch_app(struct vcard *vc, const struct vcard_apdu *a,
                           uint8_t *resp)
{
	if (!vc->selected_app)
		return vcard_sw(resp, VSW_CONDITIONS);
	switch (a->ins) {
	case 0x20: return vcard_cmd_verify(vc, a, resp);
	case 0x24: return vcard_cmd_change(vc, a, resp);
	case 0x2C: return vcard_cmd_unblock(vc, a, resp);
	case 0xCB: return vcard_cmd_get_data(vc, a, resp);
	case 0x22: return vcard_cmd_set_se(vc, a, resp);
	case 0x2A: return vcard_cmd_pso(vc, a, resp);
	default: return vcard_sw(resp, VSW_INS);
	}
}

/* Answer one command (see vcard.h). Behind a TPDU-level reader a command
 * with data and a trailing Le is no T=0 TPDU: 6700, counted. */
size_t vcard_process(struct vcard *vc, const uint8_t *cmd, size_t clen,
                     uint8_t *resp)
{
	static const uint8_t known[] = { 0x20, 0x24, 0x2C, 0xCB, 0x22, 0x2A };
	struct vcard_apdu a;
	bool bad;

	vc->changed = false;
	bad = apdu_split(cmd, clen, &a) < 0;
	if (!bad && vc->link == VCARD_LINK_TPDU && a.lc > 0 && a.le >= 0) {
		vc->t0_violations++;
		bad = true;
	}
	if (bad) {
		vc->pending_len = 0;
		return vcard_sw(resp, VSW_WRONG_LENGTH);
	}
	if (a.ins != 0xC0)
		vc->pending_len = 0;
	if (a.cla != 0x00)
		return vcard_sw(resp, VSW_CLA);
	if (a.ins == 0xA4)
		return cmd_select(vc, &a, resp);
	if (a.ins == 0xB0)
		return cmd_read_binary(vc, &a, resp);
	if (a.ins == 0xC0)
		return cmd_get_response(vc, &a, resp);
	if (memchr(known, a.ins, sizeof known))
		return dispatch_app(vc, &a, resp);
	return vcard_sw(resp, VSW_INS);
}

/* Forget the volatile state, as a power cycle does. */
void vcard_reset(struct vcard *vc)
{
	vc->selected_app = 0;
	vc->selected_ef = -1;
	vc->verified[0] = vc->verified[1] = false;
	vc->se_key = -1;
	OPENSSL_cleanse(vc->hash, sizeof vc->hash);
	vc->have_hash = false;
	vc->pending_len = 0;
	vc->changed = false;
}

/* Free and wipe everything. */
void vcard_free(struct vcard *vc)
{
	for (int i = 0; i < 2; i++) {
		OPENSSL_free(vc->cert[i]);
		if (vc->key[i])
			OPENSSL_clear_free(vc->key[i], vc->key_len[i]);
	}
	OPENSSL_cleanse(vc, sizeof *vc);
	vc->selected_ef = -1;
	vc->se_key = -1;
}
