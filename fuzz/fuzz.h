/* fuzz.h - what the libFuzzer targets in fuzz/ share: a private temporary
 * directory for loaders that read files, the audit key every audit input is
 * checked with, and the scripted card that answers APDUs from fuzz input
 * (fuzz_apdu.c and fuzz/seeds.c run the same card conversation). */
#ifndef EIDKIOSK_FUZZ_H
#define EIDKIOSK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include "card_io.h"
#include "profile.h"

/* Stop the run with a message: an invariant of the code under test broke.
 * libFuzzer reports the abort and saves the input. */
#define FZ_CHECK(cond) \
	((cond) ? (void)0 : fz_fail(__FILE__, __LINE__, #cond))
void fz_fail(const char *file, int line, const char *what)
	__attribute__((noreturn));

/* A directory of our own under $TMPDIR (made once, removed at exit). */
const char *fz_tmpdir(void);

/* Write d to <tmpdir>/name (replacing it); returns the path, static per
 * name slot: up to 4 different names. */
const char *fz_write_file(const char *name, const uint8_t *d, size_t n);

/* The source tree (conf/, themes/): $EIDKIOSK_SRCDIR, else where the
 * target was built from. */
const char *fz_srcdir(void);

/* The audit key the audit target and its seeds use: 32 fixed bytes as 64
 * hex digits, and a key file holding it (mode 0600, made on first use). */
extern const char fz_audit_key_hex[65];
const char *fz_audit_key_file(void);

/* ---- a card that answers from a script ----
 * Script: byte 0 picks the card profile, then one answer per command:
 * 2 bytes of length (big-endian, low 9 bits used) and that many bytes.
 * A length over what the caller can take, or the end of the script, is a
 * transport failure (CE_COMM), as a pulled card or a broken reader is. */
struct fz_card {
	const uint8_t *d;
	size_t n, off;
	unsigned commands;     /* commands the card was sent */
	enum card_proto proto; /* what the connection negotiated */
};

/* The card_io of a script card (on c->proto). */
struct card_io fz_card_io(struct fz_card *c);

/* What the kiosk asks of a card on insertion and in a journey, one
 * operation after the other whatever the answers (so every parser gets
 * its turn), checking what each promises. */
void fz_card_conversation(const struct card_io *io,
                          const struct card_profile *p);

/* The profiles of conf/cards.conf (loaded once). */
const struct profile_set *fz_profiles(void);

#endif
