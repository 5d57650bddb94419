/* scr_staff.c - the staff menu after the right staff code. For now: exit
 * for maintenance, or back to the kiosk (the full service screen with
 * diagnostics comes later). */
#include "screens.h"

/* The staff menu. */
static void staff_draw(struct scr *c)
{
	char a[256], b[256];
	const char *items[2];

	scr_title(c, MSG_STAFF_TITLE);
	items[0] = scr_fmt(c, MSG_STAFF_EXIT, 0, a, sizeof a);
	items[1] = scr_fmt(c, MSG_STAFF_BACK, 0, b, sizeof b);
	c->y += wg_menu(c->w, c->look, c->y, c->x, c->width, items, 2, -1) + 1;
	scr_hint(c, MSG_HINT_CHOOSE);
	scr_hint(c, MSG_HINT_ESC_BACK);
	scr_hint_lang(c);
}

/* 1 exits; 2 and Esc go back to the kiosk. */
static struct fsm_event staff_key(struct scr *c, int key)
{
	struct fsm_event e = scr_pick(key, 2);

	if (e.ev == EV_PICK && e.arg == 2)
		return scr_ev(EV_BACK, 0);
	return e;
}

const struct screen screen_staff = {
	.draw = staff_draw,
	.key = staff_key,
};
