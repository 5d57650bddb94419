/* vcard_state.h - the virtual card's whole persistent state (codes, tries,
 * flags, document number, certificates, private keys) in a text file.
 * The file IS the card, so it holds the codes: mode 0600. */
#ifndef EIDKIOSK_VCARD_STATE_H
#define EIDKIOSK_VCARD_STATE_H

#include <stdio.h>
#include "vcard.h"

/* Write vc to path atomically (temporary file in the same directory,
 * fsync, rename), mode 0600. 0, or -1 with *cause ("path: message"). */
int vcard_state_save(const struct vcard *vc, const char *path, char **cause);

/* Read a card from path into vc (volatile state reset). 0, or -1 with
 * *cause ("path:line: message") and vc left empty. */
int vcard_state_load(struct vcard *vc, const char *path, char **cause);

/* A document number as the file keeps it: letters and digits as they are,
 * any other bytes (a hostile card's, for tests) as "hex:" and hex. */
void vcard_docnum_write(FILE *fp, const char *docnum);

#endif
