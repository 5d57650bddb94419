/* fineid.c - FinEID operations as APDU sequences, driven by a card profile.
 * Card answers are untrusted: sizes are bounded, TLVs parsed strictly, and
 * anything unexpected is SW_BAD_ANSWER rather than a guess. Codes are padded
 * in stack buffers that are wiped before every return. */
#include "build-config.h"
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "fineid.h"
#include "tlv.h"

#define READ_CHUNK 0xE7       /* bytes per READ BINARY, safe for T=0 readers */
#define FILE_MAX 8192         /* no FinEID file we read is bigger */
#define TRIES_MAX 15          /* more than 63Cx could ever report */

/* The result of a call before anything was sent. */
static void fin_res_init(struct card_result *res)
{
	res->err = CE_OK;
	res->kind = SW_OK;
	res->sw = 0;
	res->tries_left = -1;
}

/* The card said 9000, but what it gave cannot be used. */
static int fin_malformed(struct card_result *res)
{
	res->err = CE_OK;
	res->kind = SW_BAD_ANSWER;
	res->tries_left = -1;
	return -1;
}

/* One command; res gets the outcome. 0 when the card said 9000. */
static int fin_xfer(const struct card_io *io, const struct apdu *c,
                    struct apdu_resp *r, struct card_result *res)
{
	res->err = apdu_exchange(io, c, r);
	if (res->err != CE_OK) {
		res->kind = SW_OTHER;
		res->sw = 0;
		res->tries_left = -1;
		return -1;
	}
	res->sw = r->sw;
	res->kind = apdu_sw_kind(r->sw, &res->tries_left);
	return res->kind == SW_OK ? 0 : -1;
}

/* Select the application by its AID. */
int fineid_select(const struct card_io *io, const struct card_profile *p,
                  struct card_result *res)
{
	struct apdu c = { 0x00, 0xA4, 0x04, 0x0C, p->aid, p->aid_len, 0 };
	struct apdu_resp r;

	fin_res_init(res);
	return fin_xfer(io, &c, &r, res);
}

/* File size from an FCP template (80 or 81); -1 when it gives none,
 * -2 when the template is malformed or the size out of bounds. */
static long fin_fcp_size(const uint8_t *d, size_t n)
{
	struct tlv fcp, t;
	static const unsigned tags[] = { 0x80, 0x81 };
	long size = 0;

	if (tlv_find(d, n, 0x62, &fcp) != 0)
		return -2;
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		int rc = tlv_find(fcp.val, fcp.len, tags[i], &t);
		if (rc < 0)
			return -2;
		if (rc == 1)
			continue;
		if (t.len < 1 || t.len > 3)
			return -2;
		for (size_t k = 0; k < t.len; k++)
			size = size << 8 | t.val[k];
		return size > FILE_MAX ? -2 : size;
	}
	return -1;
}

/* Select an EF by path; *size gets its size, -1 when the card did not say. */
static int fin_select_path(const struct card_io *io, const uint8_t *path,
                           size_t plen, long *size, struct card_result *res)
{
	/* case 4: the FCP comes back (through 61xx on T=0) */
	struct apdu c = { 0x00, 0xA4, 0x08, 0x04, path, plen, 256 };
	struct apdu_resp r;

	if (fin_xfer(io, &c, &r, res) < 0)
		return -1;
	*size = -1;
	if (r.len == 0)
		return 0;       /* 9000 without FCP: read until the end */
	*size = fin_fcp_size(r.data, r.len);
	return *size < -1 ? fin_malformed(res) : 0;
}

/* A file being read: known size, or -1 to read until the card says end. */
struct fin_file {
	uint8_t *buf;
	size_t len;
	long size;
	int done;
};

/* Read the next chunk into f. 0 on success (f->done at the end), -1.
 * Cards answer fewer bytes than asked (a real FinEID gives at most B5 at a
 * time): only 6B00, 6282 or an empty answer end a file of unknown size. */
static int fin_read_chunk(const struct card_io *io, struct fin_file *f,
                          struct card_result *res)
{
	size_t limit = f->size >= 0 ? (size_t)f->size : FILE_MAX;
	size_t want = limit - f->len < READ_CHUNK ? limit - f->len : READ_CHUNK;
	struct apdu c = { 0x00, 0xB0, (uint8_t)(f->len >> 8), (uint8_t)f->len,
	                  NULL, 0, (int)want };
	struct apdu_resp r;
	int rc, eof;

	rc = fin_xfer(io, &c, &r, res);
	eof = r.sw == 0x6282;   /* end of file reached before Le bytes */
	if (res->err == CE_OK && f->size < 0 && res->kind == SW_OFFSET) {
		f->done = 1;    /* offset past the end: the file ended here */
		return 0;
	}
	if (rc < 0 && !(res->err == CE_OK && eof))
		return -1;
	if (r.len > want || (r.len == 0 && f->size >= 0))
		return fin_malformed(res);
	memcpy(f->buf + f->len, r.data, r.len);
	f->len += r.len;
	if (eof || (f->size < 0 && r.len == 0))
		f->done = 1;
	return 0;
}

/* Read the selected file whole (bounded by FILE_MAX) into a malloc'd buffer. */
static int fin_read_binary(const struct card_io *io, long size, uint8_t **out,
                           size_t *len, struct card_result *res)
{
	struct fin_file f = { .size = size };
	size_t limit = size >= 0 ? (size_t)size : FILE_MAX;

	f.buf = malloc(FILE_MAX);
	if (f.buf == NULL)
		return fin_malformed(res);
	while (!f.done && f.len < limit) {
		if (fin_read_chunk(io, &f, res) < 0) {
			free(f.buf);
			return -1;
		}
	}
	/* Unknown size and no end within FILE_MAX: not a file of ours;
	 * known size and the card stopped early: truncated. */
	if ((size < 0 && !f.done) || (size >= 0 && f.len != limit)) {
		free(f.buf);
		return fin_malformed(res);
	}
	res->kind = SW_OK;
	res->sw = 0x9000;
	*out = f.buf;
	*len = f.len;
	return 0;
}

/* Select a file by path and read it whole. */
static int fin_read_file(const struct card_io *io, const uint8_t *path,
                         size_t plen, uint8_t **out, size_t *len,
                         struct card_result *res)
{
	long size;

	*out = NULL;
	*len = 0;
	if (fin_select_path(io, path, plen, &size, res) < 0)
		return -1;
	return fin_read_binary(io, size, out, len, res);
}

/* Whether c is an ASCII letter or digit. */
static int fin_alnum(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z');
}

/* The document number: the top-level OCTET STRING of the token info
 * SEQUENCE. Bytes after the SEQUENCE are file padding and ignored. */
static int fin_parse_docnum(const uint8_t *d, size_t n, char *out,
                            size_t outsz)
{
	struct tlv seq, num;

	if (tlv_next(d, n, &seq) < 0 || seq.tag != 0x30)
		return -1;
	if (tlv_find(seq.val, seq.len, 0x04, &num) != 0)
		return -1;
	if (num.len == 0 || num.len >= outsz)
		return -1;
	for (size_t i = 0; i < num.len; i++)
		if (!fin_alnum(num.val[i]))
			return -1;
	memcpy(out, num.val, num.len);
	out[num.len] = '\0';
	return 0;
}

/* Document number from the token info file. */
int fineid_read_docnum(const struct card_io *io, const struct card_profile *p,
                       char *out, size_t outsz, struct card_result *res)
{
	uint8_t *d;
	size_t n;
	int rc;

	fin_res_init(res);
	if (outsz > 0)
		out[0] = '\0';
	if (fin_read_file(io, p->token_path, p->token_path_len, &d, &n, res) < 0)
		return -1;
	rc = fin_parse_docnum(d, n, out, outsz);
	free(d);
	return rc < 0 ? fin_malformed(res) : 0;
}

/* Certificate DER of a key: one SEQUENCE, trimmed of file padding. */
int fineid_read_cert(const struct card_io *io, const struct card_profile *p,
                     enum key_id key, uint8_t **der, size_t *len,
                     struct card_result *res)
{
	struct tlv cert;
	int used;

	assert((unsigned)key < KEY_COUNT);
	fin_res_init(res);
	if (fin_read_file(io, p->key[key].cert_path, p->key[key].cert_path_len,
	                  der, len, res) < 0)
		return -1;
	used = tlv_next(*der, *len, &cert);
	if (used < 0 || cert.tag != 0x30) {
		free(*der);
		*der = NULL;
		*len = 0;
		return fin_malformed(res);
	}
	*len = (size_t)used;
	return 0;
}

/* Parse the A0 template of a code status answer as established clients
 * do: a real card answers A0 { 83, 8C, 9C, DF21 04 <tries> FF A5 03,
 * DF27, DF28, DF2F }; tags we do not know are skipped, DF21 and DF2F count
 * by their first byte whatever their length, and what follows the
 * template is ignored. */
static int fin_parse_status(const uint8_t *d, size_t n, struct code_status *st)
{
	struct tlv a, tries, flag;
	int rc;

	if (tlv_next(d, n, &a) < 0 || a.tag != 0xA0)
		return -1;
	if (tlv_find(a.val, a.len, 0xDF21, &tries) != 0 || tries.len < 1 ||
	    tries.val[0] > TRIES_MAX)
		return -1;
	rc = tlv_find(a.val, a.len, 0xDF2F, &flag);
	if (rc < 0 || (rc == 0 && flag.len < 1))
		return -1;
	st->tries_left = tries.val[0];
	/* DF2F = 00: this code was never set. No DF2F: it was. */
	st->activated = !(rc == 0 && flag.val[0] == 0x00);
	st->known = true;
	return 0;
}

/* Tries left and activated flag through GET DATA, spending no try; a
 * card that refuses to tell, or tells in a way we cannot read, leaves the
 * status unknown rather than the card unreadable. */
int fineid_code_status(const struct card_io *io, const struct card_profile *p,
                       enum code_id code, struct code_status *st,
                       struct card_result *res)
{
	const uint8_t data[] = { 0xA0, 0x03, 0x83, 0x01, p->code[code].ref };
	/* case 4: the status comes back (through 61xx on T=0) */
	struct apdu c = { 0x00, 0xCB, 0x00, 0xFF, data, sizeof data, 256 };
	struct apdu_resp r;

	assert((unsigned)code < CODE_COUNT);
	fin_res_init(res);
	*st = (struct code_status){ .known = false, .tries_left = -1,
	                            .activated = true };
	if (fin_xfer(io, &c, &r, res) < 0)
		return res->err == CE_OK ? 0 : -1;
	if (fin_parse_status(r.data, r.len, st) < 0) {
		*st = (struct code_status){ .known = false, .tries_left = -1,
		                            .activated = true };
		fin_malformed(res);
		return 0;
	}
	res->tries_left = st->tries_left;
	return 0;
}

/* Whether a code fits what the card takes: digits, within the profile's
 * lengths and the padding. */
static int fin_code_ok(const struct card_profile *p, enum code_id c,
                       const struct secret *s)
{
	const struct code_ref *cr = &p->code[c];

	if (s == NULL || s->len < cr->min_len || s->len > cr->max_len ||
	    s->len > p->pad_len || s->len > SECRET_MAX)
		return 0;
	for (size_t i = 0; i < s->len; i++)
		if (s->d[i] < '0' || s->d[i] > '9')
			return 0;
	return 1;
}

/* Send a command whose body is one or two padded codes (second may be
 * NULL); the padded copies live in the secret arena's scratch room and
 * are wiped before returning. */
static int fin_code_cmd(const struct card_io *io, const struct card_profile *p,
                        uint8_t ins, uint8_t ref, enum code_id c1,
                        const struct secret *s1, enum code_id c2,
                        const struct secret *s2, struct card_result *res)
{
	size_t blen = s2 ? 2u * p->pad_len : p->pad_len;
	uint8_t *body;
	struct apdu c = { 0x00, ins, 0x00, ref, NULL, blen, 0 };
	struct apdu_resp r;
	int rc;

	fin_res_init(res);
	if (!fin_code_ok(p, c1, s1) || (s2 && !fin_code_ok(p, c2, s2)) ||
	    blen > 255 || !(body = secret_scratch_take(blen))) {
		res->kind = SW_WRONG_LENGTH;   /* refused here, nothing sent */
		return -1;
	}
	c.data = body;
	memset(body, p->pad_byte, blen);
	memcpy(body, s1->d, s1->len);
	if (s2)
		memcpy(body + p->pad_len, s2->d, s2->len);
	rc = fin_xfer(io, &c, &r, res);
	secret_scratch_give(body, blen);
	return rc;
}

/* A command that sets PIN pin's new value, proven by code c (its value
 * s): both codes are its body; without a new PIN nothing is sent. */
static int fin_new_pin_cmd(const struct card_io *io,
                           const struct card_profile *p, uint8_t ins,
                           enum code_id pin, enum code_id c,
                           const struct secret *s, const struct secret *newpin,
                           struct card_result *res)
{
	assert((unsigned)pin < CODE_COUNT);
	if (newpin == NULL) {
		fin_res_init(res);
		res->kind = SW_WRONG_LENGTH;
		return -1;
	}
	return fin_code_cmd(io, p, ins, p->code[pin].ref, c, s, pin, newpin, res);
}

/* RESET RETRY COUNTER: activation code (PUK) and a new PIN. */
int fineid_reset_retry(const struct card_io *io, const struct card_profile *p,
                       enum code_id pin, const struct secret *puk,
                       const struct secret *newpin, struct card_result *res)
{
	return fin_new_pin_cmd(io, p, 0x2C, pin, CODE_PUK, puk, newpin, res);
}

/* CHANGE REFERENCE DATA: old PIN to new PIN. */
int fineid_change(const struct card_io *io, const struct card_profile *p,
                  enum code_id pin, const struct secret *oldpin,
                  const struct secret *newpin, struct card_result *res)
{
	return fin_new_pin_cmd(io, p, 0x24, pin, pin, oldpin, newpin, res);
}

/* VERIFY one code. */
int fineid_verify(const struct card_io *io, const struct card_profile *p,
                  enum code_id code, const struct secret *pin,
                  struct card_result *res)
{
	assert((unsigned)code < CODE_COUNT);
	return fin_code_cmd(io, p, 0x20, p->code[code].ref, code, pin, code,
	                    NULL, res);
}

/* SET SE, PSO HASH, PSO COMPUTE DIGITAL SIGNATURE, as the profile's key
 * says: the signature the card returns must be exactly key.sig_len. */
int fineid_sign(const struct card_io *io, const struct card_profile *p,
                enum key_id key, const uint8_t *hash, uint8_t *sig,
                struct card_result *res)
{
	const struct key_ref *k = &p->key[key];
	const uint8_t se[] = { 0x80, 0x01, k->algo, 0x84, 0x01, k->ref };
	uint8_t hd[2 + PROFILE_HASH_MAX] = { 0x90, k->hash_len };
	const struct apdu set_se = { 0x00, 0x22, 0x41, 0xB6, se, sizeof se, 0 };
	const struct apdu pso_hash = { 0x00, 0x2A, 0x90, 0xA0, hd,
	                               2u + k->hash_len, 0 };
	const struct apdu pso_cds = { 0x00, 0x2A, 0x9E, 0x9A, NULL, 0,
	                              k->sig_len };
	struct apdu_resp r;

	assert((unsigned)key < KEY_COUNT && k->hash_len <= PROFILE_HASH_MAX);
	fin_res_init(res);
	memcpy(hd + 2, hash, k->hash_len);
	if (fin_xfer(io, &set_se, &r, res) < 0 ||
	    fin_xfer(io, &pso_hash, &r, res) < 0 ||
	    fin_xfer(io, &pso_cds, &r, res) < 0)
		return -1;
	if (r.len != k->sig_len)
		return fin_malformed(res);
	memcpy(sig, r.data, k->sig_len);
	return 0;
}
