/* outside.h - text from outside the program (a card's certificate names, a
 * reader's name from pcscd, a line from the kiosk's socket) made safe to
 * show anywhere: on the screen, in --card-info text and JSON, on the
 * monitor line, in logs. It is cleaned once, where it comes in; everything
 * after works on the clean copy.
 *
 * Kept: well-formed printable UTF-8. Replaced, each by one U+FFFD: C0
 * controls (NUL, TAB, NL, ESC, BEL ...), DEL, C1 controls (U+0080-U+009F,
 * and the raw bytes 0x80-0x9F, which are never valid UTF-8 alone), every
 * ill-formed sequence (stray continuation bytes, truncated, overlong or
 * surrogate sequences, beyond U+10FFFF: one U+FFFD for each maximal
 * subpart, as Unicode recommends), the bidirectional controls (U+061C,
 * U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and the line and paragraph
 * separators U+2028, U+2029.
 *
 * U+FFFD rather than '?': it is what Unicode and every terminal, JSON
 * reader and browser already take for "something was here that could not
 * be shown", it is one column wide, and it cannot be mistaken for a '?'
 * that really is in a name. */
#ifndef EIDKIOSK_OUTSIDE_H
#define EIDKIOSK_OUTSIDE_H

#include <stddef.h>

/* The replacement, U+FFFD in UTF-8. */
#define OUTSIDE_REPLACEMENT "\xEF\xBF\xBD"

/* Copy the n bytes at in (any bytes, NUL included) into out, cleaned as
 * above, and NUL-terminate it within cap bytes. A character or a
 * replacement that does not fit whole is left out with everything after
 * it: out is never cut inside a UTF-8 sequence. Returns the length of out
 * (strlen). cap 0 writes nothing; in may be NULL when n is 0; out and in
 * must not overlap. */
size_t outside_clean(char *out, size_t cap, const void *in, size_t n);

#endif
