/* audit_line.c - one audit record as a line of text: formatting with its
 * HMAC-SHA256, parsing it back, and cleaning the fields a caller gives so
 * that a record stays one line of single-word values and never holds a
 * code. */
#include "build-config.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include "audit_int.h"
#include "hex.h"

const char audit_zero_mac[AUDIT_HEX + 1] =
	"0000000000000000000000000000000000000000000000000000000000000000";

/* Field names the record's own frame uses. */
static const char *const reserved[] = {
	"seq", "time", "prev", "event", "mac", NULL
};

/* HMAC-SHA256 of data in lower-case hex; 0 or -1. */
int audit_mac_hex(const unsigned char key[AUDIT_KEY_LEN], const char *data,
                  size_t n, char out[AUDIT_HEX + 1])
{
	unsigned char md[32];
	size_t mdlen = 0;

	if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, AUDIT_KEY_LEN,
	               (const unsigned char *)data, n, md, sizeof md, &mdlen) ||
	    mdlen != sizeof md) {
		ERR_clear_error();
		return -1;
	}
	hex_encode(md, sizeof md, '\0', false, out, AUDIT_HEX + 1);
	return 0;
}

/* A whole line with its newline into buf; its length, or -1. */
int audit_line_format(char *buf, size_t bufsz,
                      const unsigned char key[AUDIT_KEY_LEN],
                      unsigned long long seq, time_t t, const char *prev,
                      const char *event, const char *fields)
{
	char when[24], mac[AUDIT_HEX + 1];
	struct tm tm;
	int n;

	if (!gmtime_r(&t, &tm) ||
	    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return -1;
	n = snprintf(buf, bufsz, "seq=%llu time=%s prev=%s event=%s%s%s", seq,
	             when, prev, event, *fields ? " " : "", fields);
	if (n < 0 || (size_t)n + sizeof " mac=\n" + AUDIT_HEX > bufsz)
		return -1;
	if (audit_mac_hex(key, buf, (size_t)n, mac) < 0)
		return -1;
	return n + snprintf(buf + n, bufsz - (size_t)n, " mac=%s\n", mac);
}

/* Whether s holds exactly n lower-case hex digits. */
bool audit_is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			return false;
	return true;
}

/* Take "name=" at *p; the value runs to the next space or end. */
static const char *take(const char **p, const char *end, const char *name,
                        size_t *vlen)
{
	size_t nl = strlen(name);
	const char *v, *sp;

	if ((size_t)(end - *p) < nl + 1 || memcmp(*p, name, nl) != 0 ||
	    (*p)[nl] != '=')
		return NULL;
	v = *p + nl + 1;
	sp = memchr(v, ' ', (size_t)(end - v));
	*vlen = (size_t)((sp ? sp : end) - v);
	*p = sp ? sp + 1 : end;
	return v;
}

/* Parse seq, time, prev and event, which open every record. */
static int parse_frame(const char *p, const char *end, struct audit_rec *r,
                       const char **why)
{
	const char *v;
	char *stop;
	size_t n;

	if (!(v = take(&p, end, "seq", &n)) || n == 0 || n > 19 ||
	    !isdigit((unsigned char)*v) || (*v == '0'))
		return *why = "no seq= at the start", -1;
	r->seq = strtoull(v, &stop, 10);
	if (stop != v + n)
		return *why = "seq is not a number", -1;
	if (!(v = take(&p, end, "time", &n)) || n != 20 || v[19] != 'Z')
		return *why = "no time=", -1;
	memcpy(r->time, v, n);
	r->time[n] = '\0';
	if (!(v = take(&p, end, "prev", &n)) || n != AUDIT_HEX ||
	    !audit_is_hex(v, n))
		return *why = "no prev=", -1;
	memcpy(r->prev, v, n);
	r->prev[n] = '\0';
	if (!(v = take(&p, end, "event", &n)) || n == 0 || n > AUDIT_EVENT_MAX)
		return *why = "no event=", -1;
	memcpy(r->event, v, n);
	r->event[n] = '\0';
	return 0;
}

/* Parse a line (no newline); 0 or -1 with *why. */
int audit_line_parse(const char *line, size_t len, struct audit_rec *r,
                     const char **why)
{
	static const char tag[] = " mac=";
	const char *m = NULL;

	memset(r, 0, sizeof r[0]);
	if (memchr(line, '\0', len))
		return *why = "not text", -1;
	/* the last " mac=": a value cannot hide one after it */
	for (const char *p = line; (p = memmem(p, (size_t)(line + len - p),
	                                       tag, sizeof tag - 1)); p++)
		m = p;
	if (!m || (size_t)(line + len - m) != sizeof tag - 1 + AUDIT_HEX ||
	    !audit_is_hex(m + sizeof tag - 1, AUDIT_HEX))
		return *why = "no mac= at the end", -1;
	memcpy(r->mac, m + sizeof tag - 1, AUDIT_HEX);
	r->mac[AUDIT_HEX] = '\0';
	r->body_len = (size_t)(m - line);
	return parse_frame(line, m, r, why);
}

/* Whether the record's MAC is right for the key. */
bool audit_line_mac_ok(const unsigned char key[AUDIT_KEY_LEN],
                       const char *line, const struct audit_rec *r)
{
	char mac[AUDIT_HEX + 1];

	return audit_mac_hex(key, line, r->body_len, mac) == 0 &&
	       CRYPTO_memcmp(mac, r->mac, AUDIT_HEX) == 0;
}

/* The value of field name in a parsed record's line into buf, or NULL. */
const char *audit_line_field(const char *line, const struct audit_rec *r,
                             const char *name, char *buf, size_t bufsz)
{
	char tag[AUDIT_EVENT_MAX + 3];
	const char *p, *end = line + r->body_len;
	size_t tl, vl;

	tl = (size_t)snprintf(tag, sizeof tag, " %s=", name);
	if (tl >= sizeof tag || !(p = memmem(line, r->body_len, tag, tl)))
		return NULL;
	p += tl;
	vl = strcspn(p, " ");
	if (p + vl > end)
		vl = (size_t)(end - p);
	snprintf(buf, bufsz, "%.*s", (int)vl, p);
	return buf;
}

/* The number in field name=N of a parsed record's line, or 0. */
unsigned long long audit_line_num(const char *line,
                                  const struct audit_rec *r,
                                  const char *name)
{
	char v[24];

	if (!audit_line_field(line, r, name, v, sizeof v) ||
	    !isdigit((unsigned char)v[0]))
		return 0;
	return strtoull(v, NULL, 10);
}

/* Clean an event name: [a-z0-9_]. */
void audit_event_clean(const char *in, char out[AUDIT_EVENT_MAX + 1])
{
	size_t i;

	for (i = 0; in && in[i] && i < AUDIT_EVENT_MAX; i++) {
		unsigned char c = (unsigned char)in[i];
		out[i] = (islower(c) || isdigit(c)) ? (char)c
		         : isupper(c) ? (char)tolower(c) : '_';
	}
	if (i == 0)
		out[i++] = '_';
	out[i] = '\0';
}

/* Buffer for the cleaner: appends what fits, never overruns. */
struct obuf {
	char *s;
	size_t n, len;
};

/* Append one character if there is room. */
static void put(struct obuf *o, char c)
{
	if (o->len + 1 < o->n)
		o->s[o->len++] = c;
	o->s[o->len] = '\0';
}

/* A value from start that is nothing but 4 or more digits has the shape
 * of a code (PIN 4-12, activation code 7-8 digits): it is redacted. */
static void value_finish(struct obuf *o, size_t start)
{
	static const char red[] = "redacted";
	size_t i;

	for (i = start; i < o->len && isdigit((unsigned char)o->s[i]); i++)
		;
	if (i == o->len && o->len - start >= 4) {
		o->len = start;
		for (const char *c = red; *c; c++)
			put(o, *c);
	}
}

/* Begin the field "k=" from a token's key part. */
static void key_put(struct obuf *o, const char *k, size_t kl)
{
	if (o->len)
		put(o, ' ');
	for (int i = 0; reserved[i]; i++)
		if (strlen(reserved[i]) == kl && !memcmp(reserved[i], k, kl))
			put(o, 'x'), put(o, '_');
	for (size_t i = 0; i < kl; i++) {
		unsigned char c = (unsigned char)k[i];
		put(o, (isalnum(c) || c == '_') && c < 0x80 ? (char)c : '_');
	}
	put(o, '=');
}

/* Clean "k=v k=v": a word without '=' belongs to the value before it
 * (joined with '_'); anything but printable ASCII becomes '_'. */
void audit_fields_clean(const char *in, char *out, size_t outsz)
{
	struct obuf o = { out, outsz, 0 };
	size_t vstart = 0;
	bool open = false;

	out[0] = '\0';
	while (in && *in) {
		size_t tl = strcspn(in, " \t\r\n");
		const char *eq = memchr(in, '=', tl), *v = in;
		if (tl == 0) {
			in++;
			continue;
		}
		if (eq && eq != in) {
			if (open)
				value_finish(&o, vstart);
			key_put(&o, in, (size_t)(eq - in));
			v = eq + 1;
			vstart = o.len;
			open = true;
		} else if (open) {
			put(&o, '_');
		} else {
			key_put(&o, "note", 4);
			vstart = o.len;
			open = true;
		}
		for (; v < in + tl; v++)
			put(&o, (*v > ' ' && *v < 0x7f) ? *v : '_');
		in += tl;
	}
	if (open)
		value_finish(&o, vstart);
}
