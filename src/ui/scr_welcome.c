/* scr_welcome.c - the resting screen: insert your card, choose a language
 * by its number, and the citizen's own switches: high contrast (the number
 * after the languages), speech and more time (their keys, which every
 * keypad has). When the card service is down, no reader is connected or
 * another terminal is using the reader, it says that instead of asking for
 * a card. */
#include "build-config.h"
#include <stdio.h>
#include "screens.h"

/* "High contrast: off" */
static const char *welcome_switch(struct scr *c, enum msg_id id, bool on,
                                  char *out, size_t outsz)
{
	snprintf(out, outsz, "%s: %s", lang_get(c->lang, id),
	         lang_get(c->lang, on ? MSG_WORD_ON : MSG_WORD_OFF));
	return out;
}

/* Language names, each in its own language, then high contrast, as a
 * numbered menu. */
static void welcome_choices(struct scr *c)
{
	const char *items[SETTINGS_MAX_LANGS + 1];
	char contrast[128];
	int n = c->set->nlangs;

	for (int i = 0; i < n; i++)
		items[i] = c->langs[i].name;
	items[n] = welcome_switch(c, MSG_OPT_CONTRAST, c->app->contrast,
	                          contrast, sizeof contrast);
	if (scr_rows_left(c) > n + 1)
		c->y += wg_menu(c->w, c->look, c->y, c->x, c->width, items, n + 1,
		                n > 1 ? c->app->lang : -1) + 1;
}

/* One switch on its key, "*  Read instructions aloud: off". */
static void welcome_key_switch(struct scr *c, const int *keys,
                               enum msg_id id, bool on)
{
	char key[8], text[160], line[192];

	if (!keys[0] || scr_rows_left(c) < 1)
		return;
	snprintf(line, sizeof line, "%s  %s",
	         settings_key_name(keys[0], key, sizeof key),
	         welcome_switch(c, id, on, text, sizeof text));
	c->y += wg_text(c->w, c->look, c->y, c->x + 2, c->width - 2,
	                scr_rows_left(c), line, on ? ROLE_MENU_SELECTED
	                                           : ROLE_MENU);
}

/* Speech and more time on their keys. */
static void welcome_switches(struct scr *c)
{
	if (c->set->speech_enabled)
		welcome_key_switch(c, c->set->key_speech, MSG_OPT_SPEECH,
		                   c->app->speech);
	welcome_key_switch(c, c->set->key_more_time, MSG_OPT_MORE_TIME,
	                   c->app->more_time);
	c->y++;
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
	welcome_choices(c);
	welcome_switches(c);
	scr_para(c, MSG_ASK_STAFF, 0, ROLE_NORMAL);
	scr_hint(c, MSG_HINT_CHOOSE);
	scr_hint_lang(c);
}

/* A digit picks a language, or high contrast after them. */
static struct fsm_event welcome_key(struct scr *c, int key)
{
	struct fsm_event e = scr_pick(key, c->set->nlangs + 1);

	return e.ev == EV_PICK ? e : scr_ev(EV_NONE, 0);
}

const struct screen screen_welcome = {
	.draw = welcome_draw,
	.key = welcome_key,
};
