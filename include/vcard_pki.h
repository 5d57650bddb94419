/* vcard_pki.h - making a virtual FinEID card: the keys of its generation
 * (EC P-384 on v4; RSA-2048 and EC P-256 on v3.1), X.509 certificates from
 * a test CA kept in a directory, codes for a start state. Test material
 * only: the CA is called "not for real use". */
#ifndef EIDKIOSK_VCARD_PKI_H
#define EIDKIOSK_VCARD_PKI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "vcard.h"

struct vcard_spec {
	enum vcard_gen gen;
	enum vcard_start start;
	const char *puk;           /* 7 or 8 digits; NULL: "12345678" */
	const char *pin1, *pin2;   /* values where the start state sets them;
	                            * NULL: "1357" / "246801" */
	const char *given, *surname;  /* UTF-8, or any bytes (then a
	                               * T61String); NULL: the defaults below */
	const char *docnum;        /* 1..15 letters/digits; NULL: default */
	bool docnum_any;           /* docnum may be any 1..15 bytes but NUL
	                            * (a hostile card, for tests) */
	const char *ca_dir;        /* ca.pem + ca.key here (created if
	                            * missing); NULL: ephemeral in-memory CA */
	bool expired;              /* validity now-3y .. now-1d (over issued) */
	bool untrusted;            /* issued by a fresh CA not in ca_dir */
	bool wrong_key;            /* certificates hold other keys */
	time_t issued;             /* notBefore of both holder certificates;
	                            * 0: now - 1 day (v4), now - 4 years (v3.1).
	                            * notAfter is 5 years and 1 day later */
	const uint8_t *atr;        /* another ATR (2..VCARD_ATR_MAX bytes) */
	size_t atr_len;            /* 0: the generation's ATR */
};

#define VCARD_DEFAULT_PUK "12345678"
#define VCARD_DEFAULT_PIN1 "1357"
#define VCARD_DEFAULT_PIN2 "246801"
#define VCARD_DEFAULT_GIVEN "Matti Tapani"
#define VCARD_DEFAULT_SURNAME "Meik\xC3\xA4l\xC3\xA4inen"
#define VCARD_DEFAULT_DOCNUM "XK1234567"
#define VCARD_CA_NAME "eidkiosk TEST CA - not for real use"

/* Fill vc (zeroed first) as a new card of spec. Returns 0, or -1 with
 * *cause (malloc'd "file:line: message", or "vcard: message") set. */
int vcard_create(struct vcard *vc, const struct vcard_spec *spec,
                 char **cause);

/* Make sure dir holds a test CA (ca.pem, ca.key mode 0600), creating it
 * under a lock if missing; safe when several processes race. 0 or -1. */
int vcard_ca_ensure(const char *dir, char **cause);

/* A day "YYYY-MM-DD" as its midnight UTC; 0 ok, -1 malformed or not a
 * real date. */
int vcard_date_parse(const char *s, time_t *out);

/* Parse a start state name ("new", "pin1-set", "active", "pin1-blocked",
 * "pin2-blocked", "locked"); 0 ok, -1 unknown. */
int vcard_start_parse(const char *name, enum vcard_start *out);

#endif
