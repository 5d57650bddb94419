/* card_ops.h - whole operations (what one request means as a sequence of
 * FinEID commands), on any card_io. Shared by the PC/SC thread and the
 * demo backend so both behave the same. */
#ifndef EIDKIOSK_CARD_OPS_H
#define EIDKIOSK_CARD_OPS_H

#include "card.h"

/* Run rq on an open connection to a card matched by p; fills ev->res,
 * ev->step, ev->sig_ok and ev->info (states re-read after a write). */
void card_ops_run(const struct card_io *io, const struct card_profile *p,
                  const struct card_config *cfg,
                  const struct card_request *rq, struct card_event *ev);

#endif
