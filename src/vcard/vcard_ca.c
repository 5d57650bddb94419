/* vcard_ca.c - the test certificate authority of the virtual card: made
 * fresh in memory or kept in a directory (ca.pem, ca.key), and the holder
 * certificates it issues. OpenSSL 3 EVP/X509. Test material only. */
#include "build-config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "vcard_int.h"
#include "vcard_pki.h"

#define DAY (24L * 3600)

/* Add one extension written in openssl.cnf syntax; 0 ok, -1 failure. */
static int cert_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;
	int ok;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	ok = e && X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	return ok ? 0 : -1;
}

/* A v3 certificate skeleton: random serial, validity from nb to na,
 * public key. */
static X509 *cert_skeleton(EVP_PKEY *pub, time_t nb, time_t na)
{
	X509 *x = X509_new();
	uint64_t serial;

	if (!x || RAND_bytes((unsigned char *)&serial, sizeof serial) != 1)
		goto fail;
	serial = (serial >> 1) | 1;   /* positive, never zero */
	if (!X509_set_version(x, X509_VERSION_3) ||
	    !ASN1_INTEGER_set_uint64(X509_get_serialNumber(x), serial) ||
	    !X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &nb) ||
	    !X509_time_adj_ex(X509_getm_notAfter(x), 0, 0, &na) ||
	    !X509_set_pubkey(x, pub))
		goto fail;
	return x;
fail:
	X509_free(x);
	return NULL;
}

/* Add field=value to a name: a UTF8String when value is UTF-8, else its
 * bytes as they are in a T61String (which OpenSSL reads back as Latin-1:
 * how a hostile card carries raw 8-bit C1 controls). 0 ok, -1 failure. */
static int name_add(X509_NAME *n, const char *field, const char *value)
{
	const unsigned char *v = (const unsigned char *)value;

	if (X509_NAME_add_entry_by_txt(n, field, MBSTRING_UTF8, v, -1, -1, 0))
		return 0;
	ERR_clear_error();
	return X509_NAME_add_entry_by_txt(n, field, V_ASN1_T61STRING, v, -1, -1,
	                                  0) ? 0 : -1;
}

/* A self-signed P-384 CA valid from 5 years ago for 25 years. */
int vcard_ca_new(struct vcard_ca *ca, const char *cn)
{
	time_t now = time(NULL);
	X509_NAME *n;

	ca->cert = NULL;
	ca->key = EVP_EC_gen("P-384");
	if (!ca->key || !(ca->cert = cert_skeleton(ca->key, now - 5 * 365 * DAY,
	                                           now + 20 * 365 * DAY)))
		goto fail;
	n = X509_get_subject_name(ca->cert);
	if (name_add(n, "C", "FI") < 0 || name_add(n, "O", "eidkiosk tests") < 0 ||
	    name_add(n, "CN", cn) < 0 ||
	    !X509_set_issuer_name(ca->cert, n) ||
	    cert_ext(ca->cert, ca->cert, NID_basic_constraints,
	             "critical,CA:TRUE") < 0 ||
	    cert_ext(ca->cert, ca->cert, NID_key_usage,
	             "critical,keyCertSign,cRLSign") < 0 ||
	    cert_ext(ca->cert, ca->cert, NID_subject_key_identifier, "hash") < 0 ||
	    !X509_sign(ca->cert, ca->key, EVP_sha384()))
		goto fail;
	return 0;
fail:
	vcard_ca_free(ca);
	return -1;
}

/* Free a CA's key and certificate. */
void vcard_ca_free(struct vcard_ca *ca)
{
	X509_free(ca->cert);
	EVP_PKEY_free(ca->key);
	ca->cert = NULL;
	ca->key = NULL;
}

/* Upper-case ASCII and the Latin-1 letters of UTF-8 (ä -> Ä), as the
 * common names of FinEID certificates are. */
static void upper_utf8(const char *in, char *out, size_t size)
{
	size_t i = 0;

	for (; *in && i + 1 < size; in++, i++) {
		unsigned char c = (unsigned char)*in;

		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 32);
		else if (i > 0 && (unsigned char)out[i - 1] == 0xC3 &&
		         c >= 0xA0 && c <= 0xBE && c != 0xB7)
			c = (unsigned char)(c - 0x20);
		out[i] = (char)c;
	}
	out[i] = '\0';
}

/* Subject C=FI, serialNumber, GN, SN, CN="SURNAME GIVEN serial". */
static int holder_name(X509 *x, const struct vcard_holder *h)
{
	X509_NAME *n = X509_get_subject_name(x);
	char cn[256], up[256];

	snprintf(cn, sizeof cn, "%s %s %s", h->surname, h->given, h->satu);
	upper_utf8(cn, up, sizeof up);
	return name_add(n, "C", "FI") < 0 ||
	       name_add(n, "serialNumber", h->satu) < 0 ||
	       name_add(n, "GN", h->given) < 0 ||
	       name_add(n, "SN", h->surname) < 0 ||
	       name_add(n, "CN", up) < 0 ? -1 : 0;
}

/* A holder certificate (see vcard_int.h). */
X509 *vcard_cert_issue(const struct vcard_ca *ca, EVP_PKEY *pub,
                       const struct vcard_holder *h, bool sign_key,
                       time_t nb, time_t na)
{
	X509 *x = cert_skeleton(pub, nb, na);

	if (!x || holder_name(x, h) < 0 ||
	    !X509_set_issuer_name(x, X509_get_subject_name(ca->cert)) ||
	    cert_ext(x, ca->cert, NID_basic_constraints, "critical,CA:FALSE") < 0 ||
	    cert_ext(x, ca->cert, NID_key_usage, sign_key
	             ? "critical,nonRepudiation" : "critical,digitalSignature") < 0 ||
	    (!sign_key && cert_ext(x, ca->cert, NID_ext_key_usage,
	                           "clientAuth,emailProtection") < 0) ||
	    cert_ext(x, ca->cert, NID_subject_key_identifier, "hash") < 0 ||
	    cert_ext(x, ca->cert, NID_authority_key_identifier,
	             "keyid:always") < 0 ||
	    !X509_sign(x, ca->key, EVP_sha384())) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* Write the CA's key (0600) and certificate into dir, each by atomic
 * rename, the key first: a present ca.pem means a complete CA. */
static int ca_write(const struct vcard_ca *ca, const char *kpath,
                    const char *cpath)
{
	char *tmp;
	FILE *fp;

	if (vcard_atomic_open(kpath, 0600, &tmp, &fp) < 0)
		return -1;
	if (!PEM_write_PrivateKey(fp, ca->key, NULL, NULL, 0, NULL, NULL)) {
		vcard_atomic_abort(fp, tmp);
		errno = EIO;
		return -1;
	}
	if (vcard_atomic_commit(fp, tmp, kpath) < 0 ||
	    vcard_atomic_open(cpath, 0644, &tmp, &fp) < 0)
		return -1;
	if (!PEM_write_X509(fp, ca->cert)) {
		vcard_atomic_abort(fp, tmp);
		errno = EIO;
		return -1;
	}
	return vcard_atomic_commit(fp, tmp, cpath);
}

/* Create the CA files under the held lock unless both are there; a lone
 * file is an error rather than something to overwrite. */
static int ca_create_locked(const char *dir, const char *kpath,
                            const char *cpath, char **cause)
{
	struct vcard_ca ca;
	int hk = access(kpath, F_OK) == 0, hc = access(cpath, F_OK) == 0;

	if (hk && hc)
		return 0;
	if (hk != hc) {
		cause_set(cause, "%s: %s is missing beside %s", dir,
		          hk ? "ca.pem" : "ca.key", hk ? "ca.key" : "ca.pem");
		return -1;
	}
	if (vcard_ca_new(&ca, VCARD_CA_NAME) < 0) {
		cause_set(cause, "%s: cannot make a test CA (OpenSSL)", dir);
		return -1;
	}
	if (ca_write(&ca, kpath, cpath) < 0) {
		cause_set(cause, "%s: cannot write the test CA: %s", dir,
		          strerror(errno));
		vcard_ca_free(&ca);
		return -1;
	}
	vcard_ca_free(&ca);
	return 0;
}

/* Read ca.pem and ca.key and check that they belong together. */
static int ca_read(struct vcard_ca *ca, const char *kpath, const char *cpath,
                   char **cause)
{
	FILE *fc = fopen(cpath, "r"), *fk = fopen(kpath, "r");

	ca->cert = fc ? PEM_read_X509(fc, NULL, NULL, NULL) : NULL;
	ca->key = fk ? PEM_read_PrivateKey(fk, NULL, NULL, NULL) : NULL;
	if (fc)
		fclose(fc);
	if (fk)
		fclose(fk);
	if (!ca->cert || !ca->key) {
		cause_set(cause, "%s: cannot read a PEM %s", ca->cert ? kpath : cpath,
		          ca->cert ? "private key" : "certificate");
		vcard_ca_free(ca);
		return -1;
	}
	if (X509_check_private_key(ca->cert, ca->key) != 1) {
		cause_set(cause, "%s: the key does not match %s", kpath, cpath);
		vcard_ca_free(ca);
		return -1;
	}
	return 0;
}

/* The paths of the CA files in dir; -1 with *cause when too long. */
static int ca_paths(const char *dir, char *kpath, char *cpath, size_t size,
                    char **cause)
{
	if (snprintf(kpath, size, "%s/ca.key", dir) >= (int)size ||
	    snprintf(cpath, size, "%s/ca.pem", dir) >= (int)size) {
		cause_set(cause, "%s: path too long", dir);
		return -1;
	}
	return 0;
}

/* Make dir hold a CA, serialising racing processes with flock. */
int vcard_ca_ensure(const char *dir, char **cause)
{
	char lpath[4096], kpath[4096], cpath[4096];
	int fd, rc;

	if (ca_paths(dir, kpath, cpath, sizeof kpath, cause) < 0)
		return -1;
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		cause_set(cause, "%s: cannot create: %s", dir, strerror(errno));
		return -1;
	}
	snprintf(lpath, sizeof lpath, "%s/.ca.lock", dir);
	fd = open(lpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		cause_set(cause, "%s: cannot lock: %s", lpath, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	rc = ca_create_locked(dir, kpath, cpath, cause);
	close(fd);
	return rc;
}

/* The CA of dir, made there first if missing. */
int vcard_ca_load(struct vcard_ca *ca, const char *dir, char **cause)
{
	char kpath[4096], cpath[4096];

	ca->key = NULL;
	ca->cert = NULL;
	if (ca_paths(dir, kpath, cpath, sizeof kpath, cause) < 0 ||
	    vcard_ca_ensure(dir, cause) < 0)
		return -1;
	return ca_read(ca, kpath, cpath, cause);
}
