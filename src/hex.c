/* hex.c - hex to bytes with OpenSSL's codec, in the one format every
 * reader of this program takes: pairs of digits, spaces between pairs
 * allowed; and bytes to hex, the one writer of it. Nothing is copied on
 * the way (the audit key is a secret). */
#include "build-config.h"
#include <stdio.h>
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

/* Bytes as hex digits, sep between bytes unless it is '\0'. */
char *hex_encode(const uint8_t *in, size_t n, char sep, bool upper,
                 char *out, size_t outsz)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		size_t need = (sep && i > 0) + 2;
		if (o + need >= outsz)
			break;
		if (sep && i > 0)
			out[o++] = sep;
		out[o++] = digits[in[i] >> 4];
		out[o++] = digits[in[i] & 15];
	}
	out[o] = '\0';
	return out;
}

/* Bytes as hex digits on a stream, a buffer at a time. */
void hex_fput(FILE *fp, const uint8_t *in, size_t n, bool upper)
{
	char buf[129];

	for (size_t i = 0; i < n; i += 64)
		fputs(hex_encode(in + i, n - i < 64 ? n - i : 64, '\0', upper, buf,
		                 sizeof buf), fp);
}
