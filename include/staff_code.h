/* staff_code.h - the staff code, kept as a salted, slow hash (PBKDF2 with
 * HMAC-SHA256 through OpenSSL), in a file only root and the kiosk's group
 * may read:
 *
 *   $pbkdf2-sha256$ITERATIONS$SALT$HASH      (salt and hash in base64)
 *
 * eidkiosk --hash-staff-code makes the line; the kiosk checks a typed code
 * against it. A code has at least STAFF_CODE_MIN digits. */
#ifndef EIDKIOSK_STAFF_CODE_H
#define EIDKIOSK_STAFF_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define STAFF_CODE_MIN 8           /* digits */
#define STAFF_ITER_MIN 100000      /* fewer is refused */
#define STAFF_ITER_DEFAULT 600000
#define STAFF_SALT_LEN 16
#define STAFF_HASH_LEN 32
#define STAFF_LINE_MAX 160

struct staff_hash {
	unsigned long iter;
	uint8_t salt[STAFF_SALT_LEN];
	uint8_t hash[STAFF_HASH_LEN];
};

/* Hash a code (digits, n of them) with a fresh salt into line (room for
 * STAFF_LINE_MAX). 0; -2 with why when the code is not at least
 * STAFF_CODE_MIN digits; -1 with why when OpenSSL failed. */
int staff_code_make(const char *digits, size_t n, unsigned long iter,
                    char *line, size_t linesz, const char **why);

/* Parse a line; 0, or -1 with why (what is wrong with it, in words). */
int staff_code_parse(const char *line, struct staff_hash *h,
                     const char **why);

/* Read and parse the file; refused (-1 with *cause) when others may read
 * it or anyone but its owner may write it. */
int staff_code_load(const char *path, struct staff_hash *h, char **cause);

/* Whether the typed code matches (constant time in the comparison). */
bool staff_code_check(const struct staff_hash *h, const char *digits,
                      size_t n);

/* eidkiosk --hash-staff-code (staff_code_cmd.c): read the code from in
 * without echo when it is a terminal (twice, to catch a slip), else one
 * line; print the line for the staff code file to out. Exit status: 0,
 * 1 no random or the two entries differ, 2 a code that is too short. */
int staff_code_cmd(FILE *in, FILE *out, FILE *err, unsigned long iter);

#endif
