/* fuzz_util.c - helpers the fuzz targets share (fuzz.h). */
#include "build-config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "certinfo.h"
#include "fineid.h"
#include "fuzz.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

void fz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	abort();
}

static char tmpdir[256];
static struct { char name[32]; char path[320]; } slots[4];

/* Remove what we wrote, and the directory (a clean exit only: after a
 * crash fuzz/run removes its whole TMPDIR). */
static void fz_cleanup(void)
{
	for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
		if (slots[i].path[0])
			unlink(slots[i].path);
	if (tmpdir[0]) {
		char key[300];
		snprintf(key, sizeof key, "%s/audit.key", tmpdir);
		unlink(key);
		rmdir(tmpdir);
	}
}

const char *fz_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	if (tmpdir[0])
		return tmpdir;
	snprintf(tmpdir, sizeof tmpdir, "%s/eidkiosk-fuzz.XXXXXX",
	         base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		fprintf(stderr, "fuzz: mkdtemp %s: %s\n", tmpdir, strerror(errno));
		exit(1);
	}
	atexit(fz_cleanup);
	return tmpdir;
}

/* Write all of d to path; exit on failure (the machine, not the target). */
static void fz_write_path(const char *path, const void *d, size_t n, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	const char *p = d;

	if (fd < 0) {
		fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "fuzz: write %s: %s\n", path, strerror(errno));
			exit(1);
		}
		p += w;
		n -= (size_t)w;
	}
	close(fd);
}

const char *fz_write_file(const char *name, const uint8_t *d, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof slots / sizeof slots[0]; i++) {
		if (!slots[i].name[0]) {
			snprintf(slots[i].name, sizeof slots[i].name, "%s", name);
			snprintf(slots[i].path, sizeof slots[i].path, "%s/%s",
			         fz_tmpdir(), name);
		}
		if (strcmp(slots[i].name, name) == 0)
			break;
	}
	if (i == sizeof slots / sizeof slots[0])
		fz_fail(__FILE__, __LINE__, "more than 4 file names");
	fz_write_path(slots[i].path, d, n, 0600);
	return slots[i].path;
}

const char *fz_srcdir(void)
{
	const char *s = getenv("EIDKIOSK_SRCDIR");

	return s && *s ? s : TOP_SRCDIR;
}

const char fz_audit_key_hex[65] =
	"00112233445566778899aabbccddeeff0f1e2d3c4b5a69788796a5b4c3d2e1f0";

const char *fz_audit_key_file(void)
{
	static char path[300];

	if (!path[0]) {
		snprintf(path, sizeof path, "%s/audit.key", fz_tmpdir());
		fz_write_path(path, fz_audit_key_hex, 64, 0600);
	}
	return path;
}

/* ---- the script card ---- */

static enum card_err fz_card_transmit(void *ctx, const uint8_t *cmd,
                                      size_t clen, uint8_t *resp, size_t *rlen)
{
	struct fz_card *c = ctx;
	size_t len;

	/* What apdu.c sends must be a short APDU it built; on T=0 a TPDU:
	 * one P3 byte, never Le after data. */
	FZ_CHECK(cmd != NULL && clen >= 4 && clen <= APDU_CMD_MAX);
	if (c->proto == CARD_T0)
		FZ_CHECK(clen == 5 || clen == 5u + cmd[4]);
	c->commands++;
	if (c->n - c->off < 2)
		return CE_COMM;
	len = ((size_t)c->d[c->off] << 8 | c->d[c->off + 1]) & 0x1FF;
	c->off += 2;
	if (len > *rlen || len > c->n - c->off) {
		c->off = c->n;
		return CE_COMM;
	}
	memcpy(resp, c->d + c->off, len);
	c->off += len;
	*rlen = len;
	return CE_OK;
}

struct card_io fz_card_io(struct fz_card *c)
{
	return (struct card_io){ .transmit = fz_card_transmit, .ctx = c,
	                         .proto = c->proto };
}

/* What every fineid_* call promises about its result. */
static void fz_check_result(int rc, const struct card_result *res)
{
	FZ_CHECK(rc == 0 || rc == -1);
	FZ_CHECK(card_err_name(res->err) != NULL);
	FZ_CHECK(apdu_sw_name(res->kind) != NULL);
	if (rc == 0) {
		FZ_CHECK(res->err == CE_OK && res->kind == SW_OK);
		return;
	}
	FZ_CHECK(res->err != CE_OK || res->kind != SW_OK);
	if (res->err != CE_OK)
		FZ_CHECK(res->tries_left == -1);
	if (res->err == CE_OK && res->kind == SW_WRONG_CODE)
		FZ_CHECK(res->tries_left >= 0 && res->tries_left <= 15);
}

/* Read a certificate and summarise it, as card_ops does on insertion. */
static uint8_t *fz_read_cert(const struct card_io *io,
                             const struct card_profile *p, enum key_id key,
                             size_t *len)
{
	struct card_result res;
	struct cert_summary cs;
	uint8_t *der = NULL;
	int rc;

	rc = fineid_read_cert(io, p, key, &der, len, &res);
	fz_check_result(rc, &res);
	if (rc < 0) {
		FZ_CHECK(der == NULL);
		return NULL;
	}
	FZ_CHECK(der != NULL && *len >= 2 && *len <= 8192 && der[0] == 0x30);
	if (certinfo_parse(der, *len, &cs) == 0) {
		FZ_CHECK(memchr(cs.holder, 0, sizeof cs.holder) != NULL);
		FZ_CHECK(memchr(cs.issuer_cn, 0, sizeof cs.issuer_cn) != NULL);
	}
	return der;
}

void fz_card_conversation(const struct card_io *io,
                          const struct card_profile *p)
{
	static const enum code_id codes[] = { CODE_PIN1, CODE_PIN2, CODE_PUK };
	struct secret pin = { .d = "1357", .len = 4 };
	const struct key_ref *k = &p->key[KEY_AUTH];
	const struct apdu bare = { 0x00, 0x84, 0x00, 0x00, NULL, 0, 0 };
	struct card_result res;
	struct code_status st;
	struct apdu_resp r;
	uint8_t hash[PROFILE_HASH_MAX], sig[PROFILE_SIG_MAX];
	uint8_t *auth, *sign;
	size_t alen = 0, slen = 0;
	char docnum[32];
	enum card_err e;
	int rc;

	fz_check_result(fineid_select(io, p, &res), &res);

	rc = fineid_read_docnum(io, p, docnum, sizeof docnum, &res);
	fz_check_result(rc, &res);
	FZ_CHECK(memchr(docnum, 0, sizeof docnum) != NULL);
	if (rc == 0)
		FZ_CHECK(docnum[0] != '\0' &&
		         strspn(docnum, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                "abcdefghijklmnopqrstuvwxyz") == strlen(docnum));

	auth = fz_read_cert(io, p, KEY_AUTH, &alen);
	sign = fz_read_cert(io, p, KEY_SIGN, &slen);

	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		/* 0 whenever the card answered: the status may be unknown */
		rc = fineid_code_status(io, p, codes[i], &st, &res);
		FZ_CHECK(rc == 0 || (rc == -1 && res.err != CE_OK));
		if (rc == 0 && st.known)
			FZ_CHECK(st.tries_left >= 0 && st.tries_left <= 15 &&
			         res.tries_left == st.tries_left &&
			         res.kind == SW_OK);
		if (rc == 0 && !st.known)
			FZ_CHECK(st.tries_left == -1 && st.activated &&
			         res.kind != SW_OK);
	}

	/* "Test my card": verify PIN1, sign a challenge, check it. */
	fz_check_result(fineid_verify(io, p, CODE_PIN1, &pin, &res), &res);
	memset(hash, 0x5A, sizeof hash);
	rc = fineid_sign(io, p, KEY_AUTH, hash, sig, &res);
	fz_check_result(rc, &res);
	if (rc == 0 && auth) {
		rc = certinfo_verify_sig(auth, alen, k->sig, k->hash, hash,
		                         k->hash_len, sig, k->sig_len);
		FZ_CHECK(rc >= -1 && rc <= 1);
	}
	free(auth);
	free(sign);

	/* A bare case 1 command: the 6Cxx rule must add an Le to it. */
	e = apdu_exchange(io, &bare, &r);
	FZ_CHECK(r.len <= APDU_DATA_MAX);
	if (e != CE_OK)
		FZ_CHECK(r.len == 0 && r.sw == 0);
	else
		FZ_CHECK(apdu_sw_name(apdu_sw_kind(r.sw, &rc)) != NULL);
}

const struct profile_set *fz_profiles(void)
{
	static struct profile_set set;
	char path[512], *cause = NULL;

	if (set.n)
		return &set;
	snprintf(path, sizeof path, "%s/conf/cards.conf", fz_srcdir());
	if (profile_load(path, &set, &cause) < 0 || set.n == 0) {
		fprintf(stderr, "fuzz: %s\n", cause ? cause : path);
		exit(1);
	}
	return &set;
}
