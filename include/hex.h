/* hex.h - bytes written as hex, read back: one way for every file, option
 * and answer the program takes in (card profiles, the audit key, the
 * virtual card's state and command line). */
#ifndef EIDKIOSK_HEX_H
#define EIDKIOSK_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Pairs of hex digits, spaces between pairs allowed ("3B 7F96"), into out
 * (room for cap bytes). Returns the byte count, -1 when s is not such
 * hex, -2 when it holds more than cap bytes. */
int hex_decode(const char *s, uint8_t *out, size_t cap);

/* n bytes as pairs of hex digits (upper or lower case), sep between
 * bytes unless it is '\0', into out (always terminated; bytes that do
 * not fit whole are left out). Returns out. */
char *hex_encode(const uint8_t *in, size_t n, char sep, bool upper,
                 char *out, size_t outsz);

/* The same, without separators, onto a stream. */
void hex_fput(FILE *fp, const uint8_t *in, size_t n, bool upper);

#endif
