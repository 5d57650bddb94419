/* scr_out.c - the kiosk out of service: "out of order" in every offered
 * language at once (nobody has chosen one), and where to get help. It
 * takes no keys but the staff key, which the keymap turns into an event
 * before any screen sees it. */
#include "build-config.h"
#include "screens.h"

/* Title and text in each offered language, the site's help last. */
static void out_draw(struct scr *c)
{
	scr_notice(c);      /* the staff key's answer, pressed here */
	for (int i = 0; i < c->set->nlangs && scr_rows_left(c) > 2; i++) {
		scr_text(c, lang_get(&c->langs[i], MSG_OUT_OF_ORDER_TITLE),
		         ROLE_TITLE);
		scr_text(c, lang_get(&c->langs[i], MSG_OUT_OF_ORDER_TEXT),
		         ROLE_NORMAL);
	}
	scr_site_help(c);
}

/* No key does anything here. */
static struct fsm_event out_key(struct scr *c, int key)
{
	(void)c;
	(void)key;
	return scr_ev(EV_NONE, 0);
}

const struct screen screen_out = {
	.draw = out_draw,
	.key = out_key,
};
