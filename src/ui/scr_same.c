/* scr_same.c - the new PIN2 is the same as PIN1: a warning the citizen may
 * answer by choosing another PIN2 (1, the safer choice first) or accept
 * (2). */
#include "build-config.h"
#include "screens.h"

/* Warning and the two choices. */
static void same_draw(struct scr *c)
{
	static const enum msg_id ids[] = {
		MSG_RULE_PIN2_SAME_CHANGE, MSG_RULE_PIN2_SAME_ACCEPT,
	};

	scr_title(c, MSG_ACT_TITLE);
	scr_para(c, MSG_RULE_PIN2_SAME, 0, ROLE_WARNING);
	scr_notice(c);
	scr_menu(c, ids, 2);
	scr_hint(c, MSG_HINT_ESC_BACK);
	scr_hint_lang(c);
}

/* 1 change, 2 keep, Esc change. */
static struct fsm_event same_key(struct scr *c, int key)
{
	return scr_pick(key, 2);
}

const struct screen screen_same = {
	.draw = same_draw,
	.key = same_key,
};
