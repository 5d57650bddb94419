/* certinfo.h - what a citizen and staff need to know of a certificate, and
 * the checks: chain against the site's CAs, a card's signature. OpenSSL. */
#ifndef EIDKIOSK_CERTINFO_H
#define EIDKIOSK_CERTINFO_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "xlist.h"

struct cert_summary {
	char holder[128];      /* "Given Names Surname" (GN+SN, else CN) */
	char subject_cn[128];
	char serial_number[64];/* subject serialNumber attribute, if any */
	char issuer_cn[128];
	time_t not_before, not_after;
	char key_type[32];     /* "EC P-384", "RSA 2048" */
};

/* Parse DER; 0 ok, -1 not a certificate we can read. */
int certinfo_parse(const uint8_t *der, size_t len, struct cert_summary *out);

/* A certificate chain's check: X(id, English name for logs, stable key
 * for --card-info's text and JSON). */
#define CHAIN_RESULT_LIST(X) \
	X(CHAIN_OK, "ok", "ok") \
	/* the certificate (or a CA) is out of date */ \
	X(CHAIN_EXPIRED, "expired", "expired") \
	X(CHAIN_NOT_YET_VALID, "not yet valid", "not-yet-valid") \
	/* no path to a configured CA */ \
	X(CHAIN_UNTRUSTED, "untrusted", "untrusted") \
	/* no CA file configured or readable */ \
	X(CHAIN_NO_CA, "no CA configured", "no-ca") \
	X(CHAIN_BAD, "unreadable certificate", "unreadable")

enum chain_result { CHAIN_RESULT_LIST(XLIST_ENUM) };

/* Check the certificate against the CA certificates in ca_file (PEM, may
 * hold several) at time now. */
enum chain_result certinfo_check_chain(const uint8_t *der, size_t len,
                                       const char *ca_file, time_t now);

/* A short English name for logs ("not yet valid"); screens use message
 * ids. */
const char *certinfo_chain_name(enum chain_result r);

/* The stable key of --card-info's text and JSON ("not-yet-valid"). */
const char *certinfo_chain_key(enum chain_result r);

/* How a card signs: the raw r||s of ECDSA, or RSA-PSS (MGF1 with the same
 * hash, any salt length); its name in cards.conf (profile_sig_name). */
#define SIG_SCHEME_LIST(X) X(SIG_ECDSA, "ecdsa") X(SIG_RSA_PSS, "rsa-pss")

enum sig_scheme { SIG_SCHEME_LIST(XLIST_ENUM) SIG_COUNT };

/* Verify a signature as a card returns it (raw r||s for ECDSA, the RSA
 * block for RSA-PSS) over hash (hlen bytes of the OpenSSL digest md, e.g.
 * "sha384") with the public key of the certificate. 1 valid, 0 invalid,
 * -1 could not check (unreadable certificate, a key of another kind than
 * the scheme, an unknown digest). */
int certinfo_verify_sig(const uint8_t *der, size_t len, enum sig_scheme sch,
                        const char *md, const uint8_t *hash, size_t hlen,
                        const uint8_t *sig, size_t siglen);

/* Fill buf with n bytes from the OpenSSL CSPRNG; 0 ok, -1 error. */
int certinfo_random(uint8_t *buf, size_t n);

/* The digest md ("sha256", "sha384", "sha512") of data into out (room for
 * EVP_MAX_MD_SIZE); returns its length, -1 for an unknown digest. */
int certinfo_digest(const char *md, const uint8_t *data, size_t n,
                    uint8_t *out);

#endif
