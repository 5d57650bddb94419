/* vcard_pki.c - making a new virtual FinEID card from a spec: codes for the
 * start state, the two keys of its generation (EC P-384, or RSA-2048 and
 * EC P-256 on v3.1), their certificates and their validity. */
#include "build-config.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include "vcard.h"
#include "vcard_int.h"
#include "vcard_pki.h"

#define MAX_TRIES 5
#define DAY (24L * 3600)
#define RSA_BITS 2048

static const char *const start_names[] = {
	[VS_NEW] = "new",
	[VS_PIN1_SET] = "pin1-set",
	[VS_ACTIVE] = "active",
	[VS_PIN1_BLOCKED] = "pin1-blocked",
	[VS_PIN2_BLOCKED] = "pin2-blocked",
	[VS_LOCKED] = "locked",
};

/* The start state called name. */
int vcard_start_parse(const char *name, enum vcard_start *out)
{
	for (size_t i = 0; i < sizeof start_names / sizeof *start_names; i++)
		if (strcmp(name, start_names[i]) == 0) {
			*out = (enum vcard_start)i;
			return 0;
		}
	return -1;
}

/* Whether s is min..max characters, each a digit (or alphanumeric). */
static bool chars_ok(const char *s, size_t min, size_t max, bool alnum)
{
	size_t n = strlen(s);

	if (n < min || n > max)
		return false;
	for (; *s; s++)
		if (alnum ? !isalnum((unsigned char)*s) : !isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Check the parts of a spec a person typed. */
static int spec_check(const struct vcard_spec *sp, const char *puk,
                      const char *p1, const char *p2, const char *doc,
                      char **cause)
{
	if (!chars_ok(puk, 7, 8, false))
		cause_set(cause, "vcard: the activation code must be 7 or 8 digits");
	else if (!chars_ok(p1, 4, 12, false))
		cause_set(cause, "vcard: PIN1 must be 4 to 12 digits");
	else if (!chars_ok(p2, 6, 12, false))
		cause_set(cause, "vcard: PIN2 must be 6 to 12 digits");
	else if (sp->docnum_any ? !*doc || strlen(doc) > 15
	                        : !chars_ok(doc, 1, 15, true))
		cause_set(cause, "vcard: the document number must be 1 to 15 letters or digits");
	else if ((unsigned)sp->start > VS_LOCKED || (unsigned)sp->gen > VCARD_31)
		cause_set(cause, "vcard: unknown start state or generation");
	else if (sp->atr_len && (!sp->atr || sp->atr_len < 2 ||
	                         sp->atr_len > VCARD_ATR_MAX))
		cause_set(cause, "vcard: an ATR must be 2 to %d bytes",
		          VCARD_ATR_MAX);
	else
		return 0;
	return -1;
}

/* Give a code a value (or none) with full tries. */
static void code_init(struct vcard_code *c, const char *value)
{
	memset(c, 0, sizeof *c);
	if (value)
		snprintf(c->value, sizeof c->value, "%s", value);
	c->activated = value != NULL;
	c->max_tries = MAX_TRIES;
	c->tries = MAX_TRIES;
}

/* Codes and counters for a start state. */
static void codes_init(struct vcard *vc, enum vcard_start st, const char *puk,
                       const char *p1, const char *p2)
{
	bool set1 = st != VS_NEW && st != VS_LOCKED;
	bool set2 = set1 && st != VS_PIN1_SET;

	code_init(&vc->puk, puk);
	code_init(&vc->pin1, set1 ? p1 : NULL);
	code_init(&vc->pin2, set2 ? p2 : NULL);
	if (st == VS_PIN1_BLOCKED)
		vc->pin1.tries = 0;
	if (st == VS_PIN2_BLOCKED)
		vc->pin2.tries = 0;
	if (st == VS_LOCKED)
		vc->puk.tries = 0;
}

/* A test SATU: 999 and five random digits, then the check character
 * (the number mod 31, as in Finnish identity codes). */
static int satu_make(char out[10])
{
	static const char check[] = "0123456789ABCDEFHJKLMNPRSTUVWXY";
	unsigned char r[4];
	unsigned long n;

	if (RAND_bytes(r, sizeof r) != 1)
		return -1;
	n = 99900000UL + ((unsigned long)r[0] << 24 | (unsigned long)r[1] << 16 |
	                  (unsigned long)r[2] << 8 | r[3]) % 100000UL;
	snprintf(out, 10, "%08lu%c", n, check[n % 31]);
	return 0;
}

/* t moved by years calendar years (UTC; 29 February may become 1 March). */
static time_t years_add(time_t t, int years)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	tm.tm_year += years;
	return timegm(&tm);
}

/* When the holder certificates are valid: the spec's day, or the
 * generation's default; 5 years and 1 day. Expired cards ended yesterday. */
static void validity(const struct vcard_spec *sp, time_t *nb, time_t *na)
{
	int back = vcard_gen_info(sp->gen)->cert_back_years;
	time_t now = time(NULL);

	if (sp->expired) {
		*nb = now - 3 * 365 * DAY;
		*na = now - DAY;
		return;
	}
	*nb = sp->issued ? sp->issued
	      : back ? years_add(now, -back) : now - DAY;
	*na = years_add(*nb, 5) + DAY;
}

/* A new key of the kind a key slot of the generation holds. */
static EVP_PKEY *key_gen(const struct vcard_key_info *k)
{
	return k->curve ? EVP_EC_gen(k->curve) : EVP_RSA_gen(RSA_BITS);
}

/* One key and its certificate into slot i of the card. */
static int key_make(struct vcard *vc, int i, const struct vcard_ca *ca,
                    const struct vcard_holder *h, const struct vcard_spec *sp)
{
	const struct vcard_key_info *k = &vcard_gen_info(sp->gen)->key[i];
	EVP_PKEY *key = key_gen(k);
	EVP_PKEY *other = key && sp->wrong_key ? key_gen(k) : NULL;
	X509 *x = NULL;
	time_t nb, na;
	int klen, clen, rc = -1;

	if (!key || (sp->wrong_key && !other))
		goto out;
	validity(sp, &nb, &na);
	x = vcard_cert_issue(ca, other ? other : key, h, i == 1, nb, na);
	if (!x)
		goto out;
	klen = i2d_PrivateKey(key, &vc->key[i]);
	clen = i2d_X509(x, &vc->cert[i]);
	if (klen <= 0 || clen <= 0)
		goto out;
	vc->key_len[i] = (size_t)klen;
	vc->cert_len[i] = (size_t)clen;
	rc = 0;
out:
	X509_free(x);
	EVP_PKEY_free(other);
	EVP_PKEY_free(key);
	return rc;
}

/* The CA that issues this card's certificates. */
static int ca_pick(struct vcard_ca *ca, const struct vcard_spec *sp,
                   char **cause)
{
	if (sp->untrusted) {
		if (sp->ca_dir && vcard_ca_ensure(sp->ca_dir, cause) < 0)
			return -1;
		if (vcard_ca_new(ca, "eidkiosk UNTRUSTED TEST CA - not for real use") == 0)
			return 0;
	} else if (sp->ca_dir) {
		return vcard_ca_load(ca, sp->ca_dir, cause);
	} else if (vcard_ca_new(ca, VCARD_CA_NAME) == 0) {
		return 0;
	}
	cause_set(cause, "vcard: cannot make a CA (OpenSSL)");
	return -1;
}

/* Make a new card of a spec (see vcard_pki.h). */
int vcard_create(struct vcard *vc, const struct vcard_spec *sp, char **cause)
{
	const char *puk = sp->puk ? sp->puk : VCARD_DEFAULT_PUK;
	const char *p1 = sp->pin1 ? sp->pin1 : VCARD_DEFAULT_PIN1;
	const char *p2 = sp->pin2 ? sp->pin2 : VCARD_DEFAULT_PIN2;
	const char *doc = sp->docnum ? sp->docnum : VCARD_DEFAULT_DOCNUM;
	char satu[10];
	struct vcard_holder h = {
		sp->given ? sp->given : VCARD_DEFAULT_GIVEN,
		sp->surname ? sp->surname : VCARD_DEFAULT_SURNAME, satu
	};
	struct vcard_ca ca;

	memset(vc, 0, sizeof *vc);
	vcard_reset(vc);
	if (spec_check(sp, puk, p1, p2, doc, cause) < 0)
		return -1;
	vc->gen = sp->gen;
	vc->atr_len = sp->atr_len;
	if (sp->atr_len)
		memcpy(vc->atr, sp->atr, sp->atr_len);
	snprintf(vc->docnum, sizeof vc->docnum, "%s", doc);
	codes_init(vc, sp->start, puk, p1, p2);
	if (satu_make(satu) < 0) {
		cause_set(cause, "vcard: no random bytes (OpenSSL)");
		vcard_free(vc);
		return -1;
	}
	if (ca_pick(&ca, sp, cause) < 0) {
		vcard_free(vc);
		return -1;
	}
	for (int i = 0; i < 2; i++)
		if (key_make(vc, i, &ca, &h, sp) < 0) {
			cause_set(cause, "vcard: cannot make keys or certificates "
			          "(OpenSSL; is the name too long?)");
			vcard_ca_free(&ca);
			vcard_free(vc);
			return -1;
		}
	vcard_ca_free(&ca);
	return 0;
}

/* "YYYY-MM-DD" to its midnight UTC, checked by converting back. */
int vcard_date_parse(const char *s, time_t *out)
{
	struct tm tm, back;
	int y, m, d;

	if (strlen(s) != 10)
		return -1;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return -1;
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 1970 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	*out = timegm(&tm);
	gmtime_r(out, &back);
	return back.tm_mday == d && back.tm_mon == m - 1 ? 0 : -1;
}
