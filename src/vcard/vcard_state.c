/* vcard_state.c - saving and loading the virtual card as "name value"
 * lines, binary in hex. One table describes every field for both ways.
 * "gen" is 2022, 2025 or 3.1; "atr" is optional (absent: the generation's
 * ATR, and then not written). */
#include "build-config.h"
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include "hex.h"
#include "vcard.h"
#include "vcard_int.h"
#include "vcard_state.h"

#define STATE_FORMAT 1

enum field_type { FT_GEN, FT_ATR, FT_DOC, FT_DIGITS, FT_INT, FT_BOOL,
                  FT_HEX };

/* One saved field: where it lives in struct vcard; for FT_HEX off2 is the
 * length member. An optional field may be missing from a file. */
struct field {
	const char *name;
	enum field_type type;
	size_t off, off2;
	bool optional;
};

#define CODE_FIELDS(c) \
	{ #c ".value", FT_DIGITS, offsetof(struct vcard, c.value), 0, false }, \
	{ #c ".tries", FT_INT, offsetof(struct vcard, c.tries), 0, false }, \
	{ #c ".max", FT_INT, offsetof(struct vcard, c.max_tries), 0, false }, \
	{ #c ".activated", FT_BOOL, offsetof(struct vcard, c.activated), 0, false }

#define BLOB_FIELD(name, m, i) \
	{ name, FT_HEX, offsetof(struct vcard, m[i]), \
	  offsetof(struct vcard, m##_len[i]), false }

static const struct field fields[] = {
	{ "gen", FT_GEN, offsetof(struct vcard, gen), 0, false },
	{ "atr", FT_ATR, offsetof(struct vcard, atr), 0, true },
	{ "docnum", FT_DOC, offsetof(struct vcard, docnum), 0, false },
	CODE_FIELDS(pin1),
	CODE_FIELDS(pin2),
	CODE_FIELDS(puk),
	BLOB_FIELD("cert.auth", cert, 0),
	BLOB_FIELD("cert.sign", cert, 1),
	BLOB_FIELD("key.auth", key, 0),
	BLOB_FIELD("key.sign", key, 1),
};
#define NFIELDS (sizeof fields / sizeof *fields)

/* Whether s is min..max characters from the digits (or alphanumerics). */
static bool text_ok(const char *s, size_t min, size_t max, bool alnum)
{
	size_t n = strlen(s);

	for (const char *p = s; *p; p++)
		if (alnum ? !isalnum((unsigned char)*p) : !isdigit((unsigned char)*p))
			return false;
	return n >= min && n <= max;
}

/* The document number as the file keeps it (vcard_state.h). */
void vcard_docnum_write(FILE *fp, const char *docnum)
{
	if (text_ok(docnum, 1, 15, true)) {
		fputs(docnum, fp);
		return;
	}
	fputs("hex:", fp);
	hex_fput(fp, (const uint8_t *)docnum, strlen(docnum), false);
}

/* A document number back from the file: letters and digits, or "hex:"
 * and any bytes but 00. */
static int docnum_read(const char *v, char *out)
{
	if (strncmp(v, "hex:", 4) == 0)
		return vcard_docnum_hex_parse(v + 4, out);
	if (!text_ok(v, 1, 15, true))
		return -1;
	strcpy(out, v);
	return 0;
}

/* Write one field's line. */
static void field_write(FILE *fp, const struct vcard *vc,
                        const struct field *f)
{
	const char *base = (const char *)vc;
	const uint8_t *blob;
	size_t len;

	if (f->type == FT_ATR && vc->atr_len == 0)
		return;
	fprintf(fp, "%s ", f->name);
	switch (f->type) {
	case FT_GEN:
		fputs(vcard_gen_name(vc->gen), fp);
		break;
	case FT_ATR:
		hex_fput(fp, vc->atr, vc->atr_len, true);
		break;
	case FT_DOC:
		vcard_docnum_write(fp, base + f->off);
		break;
	case FT_DIGITS:
		fputs(base + f->off, fp);
		break;
	case FT_INT:
		fprintf(fp, "%d", *(const int *)(const void *)(base + f->off));
		break;
	case FT_BOOL:
		fputs(*(const bool *)(base + f->off) ? "1" : "0", fp);
		break;
	case FT_HEX:
		memcpy(&blob, base + f->off, sizeof blob);
		memcpy(&len, base + f->off2, sizeof len);
		hex_fput(fp, blob, len, false);
		break;
	}
	fputc('\n', fp);
}

/* Save the card atomically (see vcard_state.h). */
int vcard_state_save(const struct vcard *vc, const char *path, char **cause)
{
	char *tmp;
	FILE *fp;

	if (vcard_atomic_open(path, 0600, &tmp, &fp) < 0) {
		cause_set(cause, "%s: cannot write: %s", path, strerror(errno));
		return -1;
	}
	fprintf(fp, "# eidkiosk virtual FinEID card. This file is the card: it "
	        "holds its codes and keys. Test use only.\nformat %d\n",
	        STATE_FORMAT);
	for (size_t i = 0; i < NFIELDS; i++)
		field_write(fp, vc, &fields[i]);
	if (vcard_atomic_commit(fp, tmp, path) < 0) {
		cause_set(cause, "%s: cannot write: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Hex to a new OPENSSL_malloc'd buffer; -1 when not hex pairs or empty. */
static int blob_decode(const char *s, uint8_t **out, size_t *len)
{
	size_t cap = strlen(s) / 2;
	uint8_t *b = cap ? OPENSSL_malloc(cap) : NULL;
	int n = b ? hex_decode(s, b, cap) : -1;

	if (n <= 0) {
		OPENSSL_free(b);
		return -1;
	}
	*len = (size_t)n;
	*out = b;
	return 0;
}

/* Parse a small non-negative integer. */
static int int_parse(const char *s, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < 0 || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

/* Store value into field f of vc; -1 when the value is malformed. */
static int field_read(struct vcard *vc, const struct field *f, const char *v)
{
	char *base = (char *)vc;
	uint8_t *blob;
	size_t len;

	switch (f->type) {
	case FT_GEN:
		return vcard_gen_parse(v, &vc->gen);
	case FT_ATR:
		return vcard_atr_parse(v, vc->atr, &vc->atr_len);
	case FT_DOC:
		return docnum_read(v, base + f->off);
	case FT_DIGITS:
		if (!text_ok(v, 0, 12, false))
			return -1;
		strcpy(base + f->off, v);
		return 0;
	case FT_INT:
		return int_parse(v, 15, (int *)(void *)(base + f->off));
	case FT_BOOL:
		if (strcmp(v, "0") && strcmp(v, "1"))
			return -1;
		*(bool *)(base + f->off) = v[0] == '1';
		return 0;
	case FT_HEX:
		if (blob_decode(v, &blob, &len) < 0)
			return -1;
		memcpy(base + f->off, &blob, sizeof blob);
		memcpy(base + f->off2, &len, sizeof len);
		return 0;
	}
	return -1;
}

/* Apply one "name value" line; seen marks fields already read. 0 ok, -1
 * with *cause. */
static int line_apply(struct vcard *vc, char *line, bool *seen,
                      const char *path, int lineno, char **cause)
{
	char *sp = strchr(line, ' ');
	const char *v = sp ? sp + 1 : "";

	if (sp)
		*sp = '\0';
	if (strcmp(line, "format") == 0) {
		if (strcmp(v, "1") == 0)
			return 0;
		cause_set(cause, "%s:%d: unknown format '%s'", path, lineno, v);
		return -1;
	}
	for (size_t i = 0; i < NFIELDS; i++) {
		if (strcmp(line, fields[i].name) != 0)
			continue;
		if (seen[i] || field_read(vc, &fields[i], v) < 0) {
			cause_set(cause, "%s:%d: %s %s", path, lineno,
			          seen[i] ? "repeated" : "bad value for", line);
			return -1;
		}
		seen[i] = true;
		return 0;
	}
	cause_set(cause, "%s:%d: unknown setting '%s'", path, lineno, line);
	return -1;
}

/* After reading: every field there and the counters sensible. */
static int state_check(const struct vcard *vc, const bool *seen,
                       const char *path, int lineno, char **cause)
{
	const struct vcard_code *codes[] = { &vc->pin1, &vc->pin2, &vc->puk };

	for (size_t i = 0; i < NFIELDS; i++)
		if (!seen[i] && !fields[i].optional) {
			cause_set(cause, "%s:%d: missing %s", path, lineno,
			          fields[i].name);
			return -1;
		}
	for (size_t i = 0; i < 3; i++)
		if (codes[i]->max_tries < 1 || codes[i]->tries > codes[i]->max_tries ||
		    codes[i]->activated != (codes[i]->value[0] != '\0')) {
			cause_set(cause, "%s:%d: inconsistent code %zu (tries or "
			          "activated)", path, lineno, i + 1);
			return -1;
		}
	return 0;
}

/* Read every line of fp into vc. */
static int state_parse(struct vcard *vc, FILE *fp, const char *path,
                       char **cause)
{
	bool seen[NFIELDS] = { false };
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0, rc = 0;

	while (rc == 0 && (n = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		rc = line_apply(vc, line, seen, path, lineno, cause);
	}
	if (line) {
		OPENSSL_cleanse(line, cap);
		free(line);
	}
	return rc < 0 ? -1 : state_check(vc, seen, path, lineno, cause);
}

/* Load a card (see vcard_state.h). */
int vcard_state_load(struct vcard *vc, const char *path, char **cause)
{
	FILE *fp = fopen(path, "r");
	int rc;

	memset(vc, 0, sizeof *vc);
	vcard_reset(vc);
	if (!fp) {
		cause_set(cause, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	rc = state_parse(vc, fp, path, cause);
	fclose(fp);
	if (rc < 0)
		vcard_free(vc);
	else
		vcard_reset(vc);
	return rc;
}
