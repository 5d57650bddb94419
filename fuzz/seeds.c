/* seeds.c - starting inputs the fuzz targets cannot guess, made fresh by
 * fuzz/run in its build directory (never committed):
 *   apdu/     the virtual FinEID card's real answers to the conversation of
 *             fuzz_apdu.c, recorded for each card generation and state
 *   tlv/      those answers' data, and the certificates
 *   cert/     certificates of the virtual cards: good, expired, untrusted
 *   audit/    real trails from fuzz.h's key as the initial key, and a
 *             rotated pair
 *   monitor/  client scripts: greeting, reset, refusal, slow reader, bad
 *             commands
 *   outside/  names as cards and readers give them, clean and hostile,
 *             each after the output size byte of fuzz_outside.c
 * The test CA is kept in CADIR (made there when missing; its ca.pem is
 * the cert target's $FUZZ_CA_FILE), so certificates grown into a corpus
 * stay issued by it from one run to the next.
 *
 *   seeds OUT CADIR */
#include "build-config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "audit.h"
#include "audit_int.h"
#include "fuzz.h"
#include "hex.h"
#include "vcard.h"
#include "vcard_pki.h"

static const char *out, *ca_dir;

static void mkdirs(const char *sub)
{
	char p[512];

	snprintf(p, sizeof p, "%s/%s", out, sub);
	if (mkdir(p, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "seeds: %s: %s\n", p, strerror(errno));
		exit(1);
	}
}

static void put(const char *sub, const char *name, const void *d, size_t n)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s/%s", out, sub, name);
	if (!(f = fopen(p, "wb")) || fwrite(d, 1, n, f) != n || fclose(f)) {
		fprintf(stderr, "seeds: %s: %s\n", p, strerror(errno));
		exit(1);
	}
}

/* ---- recording the virtual card ---- */

struct rec {
	struct vcard *vc;
	uint8_t buf[64 * 1024];
	size_t len;
	int nanswers;
	const char *tag;
};

static enum card_err rec_transmit(void *ctx, const uint8_t *cmd, size_t clen,
                                  uint8_t *resp, size_t *rlen)
{
	struct rec *r = ctx;
	uint8_t a[300];
	size_t n = vcard_process(r->vc, cmd, clen, a);
	char name[64];

	if (n > *rlen || r->len + 2 + n > sizeof r->buf)
		return CE_COMM;
	r->buf[r->len++] = (uint8_t)(n >> 8);
	r->buf[r->len++] = (uint8_t)n;
	memcpy(r->buf + r->len, a, n);
	r->len += n;
	/* Short answers with data are TLV (FCP, code status, token info). */
	if (n > 4 && n <= 66) {
		snprintf(name, sizeof name, "%s-%02d", r->tag, r->nanswers);
		put("tlv", name, a, n - 2);
	}
	r->nanswers++;
	memcpy(resp, a, n);
	*rlen = n;
	return CE_OK;
}

static struct vcard make_card(enum vcard_gen gen, enum vcard_start start,
                              bool expired, bool untrusted)
{
	struct vcard_spec spec = { .gen = gen, .start = start,
	                           .expired = expired, .untrusted = untrusted };
	struct vcard vc;
	char *cause = NULL;

	spec.ca_dir = ca_dir;
	if (vcard_create(&vc, &spec, &cause) < 0) {
		fprintf(stderr, "seeds: vcard: %s\n", cause ? cause : "?");
		exit(1);
	}
	return vc;
}

static void card_seeds(void)
{
	static const struct { enum vcard_start s; const char *name; } st[] = {
		{ VS_NEW, "new" }, { VS_ACTIVE, "active" },
		{ VS_PIN1_BLOCKED, "pin1-blocked" }, { VS_LOCKED, "locked" },
	};
	const struct profile_set *ps = fz_profiles();

	static const enum vcard_gen gens[] = { VCARD_2022, VCARD_2025, VCARD_31 };

	for (size_t g = 0; g < sizeof gens / sizeof gens[0]; g++) {
		const char *gn = vcard_gen_name(gens[g]);
		for (size_t i = 0; i < sizeof st / sizeof st[0]; i++) {
			static struct rec r;
			struct vcard vc = make_card(gens[g], st[i].s, false, false);
			struct card_io io = { .transmit = rec_transmit, .ctx = &r };
			const struct card_profile *p;
			uint8_t atr[VCARD_ATR_MAX];
			char tag[64], name[64];
			size_t n = vcard_atr(&vc, atr);

			p = profile_match(ps, atr, n);
			if (!p) {
				fprintf(stderr, "seeds: no profile for the vcard\n");
				exit(1);
			}
			snprintf(tag, sizeof tag, "%s-%s", gn, st[i].name);
			memset(&r, 0, sizeof r);
			r.vc = &vc;
			r.tag = tag;
			r.buf[r.len++] = (uint8_t)(p - ps->v);
			vcard_reset(&vc);
			fz_card_conversation(&io, p);
			put("apdu", tag, r.buf, r.len);
			if (i == 1) {
				snprintf(name, sizeof name, "%s-auth", gn);
				put("cert", name, vc.cert[0], vc.cert_len[0]);
				snprintf(name, sizeof name, "%s-sign", gn);
				put("cert", name, vc.cert[1], vc.cert_len[1]);
				snprintf(name, sizeof name, "%s-cert", gn);
				put("tlv", name, vc.cert[0], vc.cert_len[0]);
			}
			vcard_free(&vc);
		}
	}
	for (int k = 0; k < 2; k++) {
		struct vcard vc = make_card(VCARD_2022, VS_ACTIVE, k == 0, k == 1);
		put("cert", k ? "untrusted-auth" : "expired-auth", vc.cert[0],
		    vc.cert_len[0]);
		vcard_free(&vc);
	}
}

/* ---- audit trails ---- */

static size_t slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		fprintf(stderr, "seeds: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

/* One run of the writer: a journey's records. */
static void trail(const char *log, const char *state)
{
	char *err = NULL;
	struct audit *a = audit_open(log, state, NULL, &err);

	if (!a) {
		fprintf(stderr, "seeds: audit: %s\n", err);
		exit(1);
	}
	audit_record(a, "journey_start", "journey=activate lang=fi profile=%s",
	             "FinEID_2022");
	audit_record(a, "card_op", "op=reset_retry result=wrong_code "
	             "tries_before=5 tries_after=4");
	audit_record(a, "card_op", "op=%s result=ok code=%s", "change", "1357");
	audit_record(a, "journey_end", "reason=done");
	audit_close(a);
}

/* A trail whose initial key is fuzz.h's key: the audit target checks with
 * it, evolving it record by record. */
static void trail_new(const char *state, const char *initial)
{
	unsigned char k1[AUDIT_KEY_LEN];
	char *err = NULL;

	unlink(state);
	unlink(initial);
	if (hex_decode(fz_audit_key_hex, k1, sizeof k1) != AUDIT_KEY_LEN ||
	    audit_trail_new(state, k1, initial, NULL, &err) < 0) {
		fprintf(stderr, "seeds: audit: %s\n", err);
		exit(1);
	}
}

/* A trail, and it rotated with a second run (\f between the files). */
static void audit_seeds(void)
{
	static char buf[2][16384];
	char log[512], old[520], state[512], initial[520];
	size_t n0, n1;

	snprintf(log, sizeof log, "%s/audit.log", fz_tmpdir());
	snprintf(old, sizeof old, "%s.1", log);
	snprintf(state, sizeof state, "%s/audit.state", fz_tmpdir());
	snprintf(initial, sizeof initial, "%s.initial", state);
	unlink(log);
	unlink(old);
	trail_new(state, initial);
	trail(log, state);
	n0 = slurp(log, buf[0], sizeof buf[0]);
	put("audit", "trail", buf[0], n0);
	/* Rotated: the new file goes on from the old one's chain. */
	if (rename(log, old) < 0) {
		fprintf(stderr, "seeds: rename %s: %s\n", log, strerror(errno));
		exit(1);
	}
	trail(log, state);
	n1 = slurp(log, buf[1], sizeof buf[1]);
	if (n0 + 1 + n1 <= sizeof buf[0]) {
		buf[0][n0] = '\f';
		memcpy(buf[0] + n0 + 1, buf[1], n1);
		put("audit", "rotated", buf[0], n0 + 1 + n1);
	}
	unlink(log);
	unlink(old);
	unlink(state);
	unlink(initial);
}

/* ---- monitor scripts (fuzz_monitor.c's ops) ---- */

enum { CONNECT, SEND, READ, CLOSE, STATE, BURST, SHUT, READ_ALL };

static void monitor_seeds(void)
{
	/* Byte 0: reset allowed. Every op after the first connect is
	 * followed by a client byte. */
	static const uint8_t greet[] = { 0, STATE, 4, 'i', 'd', 'l', 'e',
		CONNECT, READ_ALL, 0, STATE, 0, 3, 'p', 'i', 'n', READ_ALL, 0 };
	static const uint8_t reset_yes[] = { 1, CONNECT, READ_ALL, 0,
		SEND, 0, 6, 'r', 'e', 's', 'e', 't', '\n', READ_ALL, 0 };
	static const uint8_t reset_no[] = { 0, CONNECT, READ_ALL, 0,
		SEND, 0, 6, 'r', 'e', 's', 'e', 't', '\n', READ_ALL, 0 };
	static const uint8_t bad[] = { 0, CONNECT, SEND, 0, 7, 's', 't', 'a',
		't', 'u', 's', '\n', READ_ALL, 0, CONNECT, 0, SEND, 1, 70,
		'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
		'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
		'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
		'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
		'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
		READ_ALL, 1 };
	static const uint8_t crowd[] = { 0, CONNECT, CONNECT, 0, CONNECT, 0,
		CONNECT, 0, CONNECT, 0, CONNECT, 0, CONNECT, 0, CONNECT, 0,
		CONNECT, 0, CONNECT, 0, READ_ALL, 8, READ_ALL, 9, CLOSE, 0,
		CONNECT, 0, READ_ALL, 9 };
	static const uint8_t slow[] = { 0, CONNECT, READ, 0, 5, BURST, 0, 63,
		BURST, 0, 63, READ, 0, 40, BURST, 0, 63, SHUT, 0, READ_ALL, 0,
		BURST, 0, 63, READ_ALL, 0 };

	put("monitor", "greet", greet, sizeof greet);
	put("monitor", "reset-allowed", reset_yes, sizeof reset_yes);
	put("monitor", "reset-refused", reset_no, sizeof reset_no);
	put("monitor", "bad-commands", bad, sizeof bad);
	put("monitor", "crowd", crowd, sizeof crowd);
	put("monitor", "slow-reader", slow, sizeof slow);
}

/* ---- text from outside (fuzz_outside.c: size byte, then the text) ---- */

static void outside_seeds(void)
{
	static const char *const names[][2] = {
		{ "clean", "\xff" "Matti Tapani Meik\xc3\xa4l\xc3\xa4inen" },
		{ "reader", "\x40" "Virtual PCD 00 00" },
		{ "escapes", "\xff" "Maija\x1b[2J\x1b]0;T\x07\xc2\x9b" "31m\xc2\x9d"
		             "\xe2\x80\xae\xe2\x81\xa6q\"x\\" },
		{ "ill-formed", "\x30" "Evil\x9b\x85\xc0\xaf\xe0\x80\xaf\xed\xa0\x80"
		                "\xf4\x90\x80\x80\xf0\x9f\x98\xe2\x82" },
		{ "cut", "\x06" "\xc3\xa4\xe2\x82\xac\xf0\x9f\x98\x80" },
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		put("outside", names[i][0], names[i][1], strlen(names[i][1]));
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: seeds OUT CADIR\n");
		return 2;
	}
	out = argv[1];
	ca_dir = argv[2];
	mkdirs("");
	mkdirs("apdu");
	mkdirs("tlv");
	mkdirs("cert");
	mkdirs("audit");
	mkdirs("monitor");
	mkdirs("outside");
	card_seeds();
	audit_seeds();
	monitor_seeds();
	outside_seeds();
	return 0;
}
