/* scr_removed.c - the card came out in the middle: say exactly what was
 * changed on it (scr_changed: nothing, PIN1 but not PIN2, everything, the
 * change or the unblocking, or not known because it came out during the
 * write), then back to the start. */
#include "build-config.h"
#include "screens.h"

/* Whether the activation is still unfinished on the card. */
static bool removed_unfinished(const struct app *a)
{
	return a->kind == J_ACTIVATE && !app_all_set(a);
}

/* The removed screen. pcscd or the reader going away reports the card out
 * too: then the screen says which (the card is read again when they are
 * back), and what was changed. */
static void removed_draw(struct scr *c)
{
	enum app_reader rd = c->app->reader;

	if (rd == RD_SERVICE_DOWN) {
		scr_title(c, MSG_SERVICE_DOWN_TITLE);
		scr_para(c, MSG_SERVICE_DOWN_TEXT, 0, ROLE_ERROR);
	} else if (rd == RD_NO_READER) {
		scr_title(c, MSG_NO_READER_TITLE);
		scr_para(c, MSG_NO_READER_TEXT, 0, ROLE_ERROR);
	} else {
		scr_title(c, MSG_REMOVED_TITLE);
	}
	scr_changed(c);
	if (!app_card_lost(c->app) && removed_unfinished(c->app))
		scr_para(c, MSG_REMOVED_INSERT_AGAIN, 0, ROLE_NORMAL);
	scr_notice(c);
	scr_hint(c, MSG_HINT_ANY_KEY);
	scr_hint_lang(c);
}

/* Any key goes back to the start. */
static struct fsm_event removed_key(struct scr *c, int key)
{
	return scr_ev(EV_ANY_KEY, 0);
}

const struct screen screen_removed = {
	.draw = removed_draw,
	.key = removed_key,
};
