/* hex.c - hex to bytes with OpenSSL's codec, in the one format every
 * reader of this program takes: pairs of digits, spaces between pairs
 * allowed. Nothing is copied on the way (the audit key is a secret). */
#include <openssl/crypto.h>
#include <openssl/err.h>
#include "hex.h"

/* Pairs of hex digits into out; the count, -1 not hex, -2 too long. */
int hex_decode(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	/* a first pass counts (and checks) without writing */
	if (!OPENSSL_hexstr2buf_ex(NULL, 0, &n, s, ' ')) {
		ERR_clear_error();
		return -1;
	}
	if (n > cap)
		return -2;
	if (n > 0 && !OPENSSL_hexstr2buf_ex(out, cap, &n, s, ' ')) {
		ERR_clear_error();
		return -1;
	}
	return (int)n;
}
