/* scr_idle.c - "Are you still there?" over whatever screen was waiting for
 * the citizen when its idle time ran out: any key goes on where they
 * were; the seconds left count down in the text, and then the visit ends
 * as a time-out would have ended it. */
#include "build-config.h"
#include "screens.h"

/* The question and its seconds. */
static void idle_draw(struct scr *c)
{
	char text[512];

	scr_title(c, MSG_IDLE_TITLE);
	scr_fmt(c, MSG_IDLE_TEXT, c->app->count_left, text, sizeof text);
	scr_text(c, text, ROLE_WARNING);
	scr_site_help(c);
	scr_hint(c, MSG_HINT_ANY_KEY);
}

/* Any key is the answer. */
static struct fsm_event idle_key(struct scr *c, int key)
{
	(void)c;
	(void)key;
	return scr_ev(EV_ANY_KEY, 0);
}

const struct screen screen_idle = {
	.draw = idle_draw,
	.key = idle_key,
};
