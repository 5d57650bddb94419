/* scr_menu.c - an activated card: what would you like to do? The card's
 * state in one line (a blocked PIN stands out), then only the journeys
 * that make sense, numbered, the recommended one first (src/kiosk/menu.c). */
#include "build-config.h"
#include "screens.h"

/* What the card's code states say, in a line or two. */
static void menu_status(struct scr *c)
{
	const struct app *a = c->app;
	bool blocked = false;

	for (int i = 0; i < 2; i++) {
		if (a->info.code[i].tries_left != 0)
			continue;
		scr_para(c, i == 0 ? MSG_BLOCKED_PIN1_TITLE : MSG_BLOCKED_PIN2_TITLE,
		         0, ROLE_ERROR);
		blocked = true;
	}
	if (!blocked)
		scr_para(c, MSG_MENU_STATUS_ACTIVE, 0, ROLE_SUCCESS);
}

/* Title, status, a notice, choices. */
static void menu_draw(struct scr *c)
{
	scr_title(c, MSG_MENU_TITLE);
	menu_status(c);
	scr_notice(c);
	scr_choices(c);
	scr_hint(c, MSG_HINT_ESC_BACK);
	scr_hint_lang(c);
}

/* A digit picks; Esc finishes. */
static struct fsm_event menu_key(struct scr *c, int key)
{
	return scr_pick(key, c->app->nmenu);
}

const struct screen screen_menu = {
	.draw = menu_draw,
	.key = menu_key,
};
