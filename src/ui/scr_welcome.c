/* scr_welcome.c - the resting screen: insert your card, choose a language
 * by its number. When the card service is down, no reader is connected or
 * another terminal is using the reader, it says that instead of asking for
 * a card. */
#include "screens.h"

/* Language names, each in its own language, as a numbered menu. */
static void welcome_langs(struct scr *c)
{
	const char *items[SETTINGS_MAX_LANGS];
	int n = c->set->nlangs;

	for (int i = 0; i < n; i++)
		items[i] = c->langs[i].name;
	if (n > 1 && scr_rows_left(c) > n)
		c->y += wg_menu(c->w, c->look, c->y, c->x, c->width, items, n,
		                c->app->lang) + 1;
}

/* What the reader situation asks of the citizen. */
static void welcome_body(struct scr *c)
{
	switch (c->app->reader) {
	case RD_NO_READER:
		scr_para(c, MSG_NO_READER_TITLE, 0, ROLE_ERROR);
		scr_para(c, MSG_NO_READER_TEXT, 0, ROLE_NORMAL);
		break;
	case RD_SERVICE_DOWN:
		scr_para(c, MSG_SERVICE_DOWN_TITLE, 0, ROLE_ERROR);
		scr_para(c, MSG_SERVICE_DOWN_TEXT, 0, ROLE_NORMAL);
		break;
	case RD_BUSY:
		scr_para(c, MSG_READER_BUSY_TITLE, 0, ROLE_WARNING);
		scr_para(c, MSG_READER_BUSY_TEXT, 0, ROLE_NORMAL);
		break;
	default:
		scr_para(c, MSG_WELCOME_TEXT, 0, ROLE_NORMAL);
		scr_para(c, MSG_WELCOME_INSERT, 0, ROLE_WARNING);
		break;
	}
}

/* The welcome screen. */
static void welcome_draw(struct scr *c)
{
	scr_title(c, MSG_WELCOME_TITLE);
	welcome_body(c);
	scr_notice(c);
	welcome_langs(c);
	scr_para(c, MSG_ASK_STAFF, 0, ROLE_NORMAL);
	if (c->set->nlangs > 1)
		scr_hint(c, MSG_HINT_CHOOSE);
	scr_hint_lang(c);
}

/* A digit picks a language. */
static struct fsm_event welcome_key(struct scr *c, int key)
{
	struct fsm_event e = scr_pick(key, c->set->nlangs);

	return e.ev == EV_PICK ? e : scr_ev(EV_NONE, 0);
}

const struct screen screen_welcome = {
	.draw = welcome_draw,
	.key = welcome_key,
};
