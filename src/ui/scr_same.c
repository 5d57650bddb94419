/* scr_same.c - the new PIN2 is the same as PIN1: a warning the citizen may
 * accept (1) or answer by choosing another PIN2 (2). */
#include "screens.h"

/* Warning and the two choices. */
static void same_draw(struct scr *c)
{
	char a[256], b[256];
	const char *items[2];

	scr_title(c, MSG_ACT_TITLE);
	scr_para(c, MSG_RULE_PIN2_SAME, 0, ROLE_WARNING);
	items[0] = scr_fmt(c, MSG_RULE_PIN2_SAME_ACCEPT, 0, a, sizeof a);
	items[1] = scr_fmt(c, MSG_RULE_PIN2_SAME_CHANGE, 0, b, sizeof b);
	c->y += wg_menu(c->w, c->look, c->y, c->x, c->width, items, 2, -1) + 1;
	scr_hint(c, MSG_HINT_CHOOSE);
	scr_hint(c, MSG_HINT_ESC_BACK);
	scr_hint_lang(c);
}

/* 1 keep, 2 change, Esc change. */
static struct fsm_event same_key(struct scr *c, int key)
{
	return scr_pick(key, 2);
}

const struct screen screen_same = {
	.draw = same_draw,
	.key = same_key,
};
