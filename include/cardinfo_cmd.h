/* cardinfo_cmd.h - `eidkiosk --card-info [--json]`: the inserted card's
 * state (profile, reader, ATR, document number, holder, certificates, each
 * code's tries left and activated flag) printed once, through the PC/SC
 * card service. */
#ifndef EIDKIOSK_CARDINFO_CMD_H
#define EIDKIOSK_CARDINFO_CMD_H

#include <stdbool.h>
#include <stdio.h>
#include "card.h"

/* Print the card's state to out (text, or one JSON object), problems to
 * err. Returns the process exit code: 0 shown, 1 no service / reader /
 * card, unsupported or unreadable card, 2 card profiles unusable. */
int cardinfo_run(const struct card_config *cfg, bool json, FILE *out, FILE *err);

#endif
