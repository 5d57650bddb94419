/* hex.h - bytes written as hex, read back: one way for every file, option
 * and answer the program takes in (card profiles, the audit key, the
 * virtual card's state and command line). */
#ifndef EIDKIOSK_HEX_H
#define EIDKIOSK_HEX_H

#include <stddef.h>
#include <stdint.h>

/* Pairs of hex digits, spaces between pairs allowed ("3B 7F96"), into out
 * (room for cap bytes). Returns the byte count, -1 when s is not such
 * hex, -2 when it holds more than cap bytes. */
int hex_decode(const char *s, uint8_t *out, size_t cap);

#endif
