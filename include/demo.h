/* demo.h - `eidkiosk --demo`: the card service of card.h backed by the
 * in-process virtual FinEID card (vcard.h) instead of PC/SC, so the whole
 * kiosk runs without a reader or pcscd. The card keeps its state while it
 * is out of the reader, like a real one; choosing a start state makes a
 * fresh card for the next insertion. The activation code of every demo
 * card is VCARD_DEFAULT_PUK (12345678). */
#ifndef EIDKIOSK_DEMO_H
#define EIDKIOSK_DEMO_H

#include <stdbool.h>
#include "card.h"
#include "vcard.h"

/* Start the demo service: profiles from cfg->cards_conf, a worker thread
 * that answers requests with card_ops_run on the virtual card. Events,
 * requests and card_stop are those of card.h. The reader starts empty. */
struct card_service *card_start_demo(const struct card_config *cfg,
                                     char **cause);

/* Insert the card when it is out, take it out when it is in. */
void demo_toggle_card(struct card_service *cs);

/* The next kind, after the last the first again: the next insertion gets
 * a fresh card of that kind. */
void demo_next_card(struct card_service *cs);

/* Set the kind for the next insertion directly. */
void demo_set_card(struct card_service *cs, enum demo_card k);

/* Whether the demo card is in the reader (as last asked). */
bool demo_card_in(struct card_service *cs);

/* The kind the next fresh card gets, and its name ("new", "expired"). */
enum demo_card demo_card(struct card_service *cs);
const char *demo_card_name(struct card_service *cs);

#endif
