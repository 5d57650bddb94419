/* scr_wait.c - the card is being read or written: a big box asking the
 * citizen to wait and to leave the card in. */
#include "build-config.h"
#include "screens.h"

/* A box in the middle of the body. */
static void wait_draw(struct scr *c)
{
	char a[512], b[512];
	const char *lines[2];
	int n = 0;

	if (c->app->fsm.state == ST_READING) {
		lines[n++] = scr_fmt(c, MSG_READING_CARD, 0, a, sizeof a);
	} else {
		lines[n++] = scr_fmt(c, MSG_WORKING, 0, a, sizeof a);
		lines[n++] = scr_fmt(c, MSG_WORKING_KEEP_CARD, 0, b, sizeof b);
	}
	c->y = getmaxy(c->w) / 3;
	c->y += wg_box(c->w, c->look, c->y, NULL, lines, n, ROLE_WARNING);
	scr_notice(c);
	scr_hint_lang(c);
}

/* Nothing to press while the card works. */
static struct fsm_event wait_key(struct scr *c, int key)
{
	return scr_ev(EV_NONE, 0);
}

const struct screen screen_wait = {
	.draw = wait_draw,
	.key = wait_key,
};
