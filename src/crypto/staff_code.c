/* staff_code.c - the staff code as a salted PBKDF2-HMAC-SHA256 hash
 * (OpenSSL EVP_KDF), its text form, and the file it is kept in. The
 * derived bytes and the file's text are wiped after use. */
#include "build-config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include "cause.h"
#include "secret_file.h"
#include "staff_code.h"

#define STAFF_PREFIX "$pbkdf2-sha256$"
#define STAFF_ITER_MAX 100000000UL

/* PBKDF2-HMAC-SHA256 of the code into out (STAFF_HASH_LEN); 0 or -1. */
static int staff_derive(const char *digits, size_t n, const uint8_t *salt,
                        unsigned long iter, uint8_t *out)
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "PBKDF2", NULL);
	EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	unsigned int it = (unsigned int)iter;
	OSSL_PARAM p[] = {
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
		                                  (void *)(uintptr_t)digits, n),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
		                                  (void *)(uintptr_t)salt,
		                                  STAFF_SALT_LEN),
		OSSL_PARAM_construct_uint(OSSL_KDF_PARAM_ITER, &it),
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
		                                 (char *)"SHA256", 0),
		OSSL_PARAM_construct_end(),
	};
	int rc = ctx && EVP_KDF_derive(ctx, out, STAFF_HASH_LEN, p) == 1 ? 0 : -1;

	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	ERR_clear_error();
	return rc;
}

/* Whether s is n digits, at least STAFF_CODE_MIN of them. */
static bool staff_digits_ok(const char *s, size_t n)
{
	if (n < STAFF_CODE_MIN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int staff_code_make(const char *digits, size_t n, unsigned long iter,
                    char *line, size_t linesz, const char **why)
{
	struct staff_hash h = { .iter = iter };
	char salt64[32], hash64[48];

	*why = NULL;
	if (!staff_digits_ok(digits, n)) {
		*why = "the staff code must be digits only, at least 8 of them";
		return -2;
	}
	if (iter < STAFF_ITER_MIN || iter > STAFF_ITER_MAX)
		*why = "iterations out of range";
	else if (RAND_bytes(h.salt, sizeof h.salt) != 1)
		*why = "no random bytes (OpenSSL)";
	else if (staff_derive(digits, n, h.salt, iter, h.hash) < 0)
		*why = "PBKDF2 failed (OpenSSL)";
	if (*why) {
		OPENSSL_cleanse(&h, sizeof h);
		return -1;
	}
	EVP_EncodeBlock((unsigned char *)salt64, h.salt, sizeof h.salt);
	EVP_EncodeBlock((unsigned char *)hash64, h.hash, sizeof h.hash);
	OPENSSL_cleanse(&h, sizeof h);
	snprintf(line, linesz, STAFF_PREFIX "%lu$%s$%s", iter, salt64, hash64);
	return 0;
}

/* Base64 of exactly n bytes into out; 0 or -1. */
static int staff_b64(const char *s, size_t len, uint8_t *out, size_t n)
{
	unsigned char buf[64];
	int got;

	if (len == 0 || len % 4 != 0 || len > sizeof buf / 3 * 4)
		return -1;
	got = EVP_DecodeBlock(buf, (const unsigned char *)s, (int)len);
	/* EVP_DecodeBlock counts the '=' padding as zero bytes */
	while (len > 0 && s[len - 1] == '=') {
		got--;
		len--;
	}
	if (got != (int)n)
		return -1;
	memcpy(out, buf, n);
	return 0;
}

int staff_code_parse(const char *line, struct staff_hash *h,
                     const char **why)
{
	const char *p = line, *salt, *hash;
	char *end;

	*why = "not a staff code hash: make one with eidkiosk --hash-staff-code";
	if (strncmp(p, STAFF_PREFIX, strlen(STAFF_PREFIX)) != 0)
		return -1;
	p += strlen(STAFF_PREFIX);
	errno = 0;
	h->iter = strtoul(p, &end, 10);
	if (end == p || *end != '$' || errno)
		return -1;
	if (h->iter < STAFF_ITER_MIN || h->iter > STAFF_ITER_MAX) {
		*why = "too few iterations (at least 100000): make it again with "
		       "eidkiosk --hash-staff-code";
		return -1;
	}
	salt = end + 1;
	hash = strchr(salt, '$');
	if (!hash || staff_b64(salt, (size_t)(hash - salt), h->salt,
	                       STAFF_SALT_LEN) < 0 ||
	    staff_b64(hash + 1, strlen(hash + 1), h->hash, STAFF_HASH_LEN) < 0)
		return -1;
	*why = NULL;
	return 0;
}

/* The staff code's hash from its file (staff_code.h). */
int staff_code_load(const char *path, struct staff_hash *h, char **cause)
{
	char line[STAFF_LINE_MAX + 2];
	const char *why;
	int rc = -1;

	if (secret_file_read(path, 027, "make it 640, owned by root and the "
	                     "kiosk's group", line, sizeof line, NULL,
	                     cause) < 0)
		return -1;
	line[strcspn(line, "\r\n")] = '\0';
	if (staff_code_parse(line, h, &why) == 0)
		rc = 0;
	else
		cause_set(cause, "%s:1: %s", path, why);
	OPENSSL_cleanse(line, sizeof line);
	return rc;
}

bool staff_code_check(const struct staff_hash *h, const char *digits,
                      size_t n)
{
	uint8_t got[STAFF_HASH_LEN];
	bool ok;

	if (n == 0 || staff_derive(digits, n, h->salt, h->iter, got) < 0)
		return false;
	ok = CRYPTO_memcmp(got, h->hash, sizeof got) == 0;
	OPENSSL_cleanse(got, sizeof got);
	return ok;
}
