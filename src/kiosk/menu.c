/* menu.c - the menu an activated card gets: only the journeys that make
 * sense for its code states, the recommended one first (a blocked PIN's
 * unblocking), and what picking each one starts; and the choices of an
 * end screen that offers a next step. */
#include "build-config.h"
#include "app_rules.h"

/* Menu choice 1. */
APP_GUARD(g_pick1)
{
	return e->arg == 1;
}

/* Menu choice 2. */
APP_GUARD(g_pick2)
{
	return e->arg == 2;
}

/* Whether PIN i is blocked on the card. */
static bool menu_blocked(const struct app *a, int i)
{
	return a->info.code[i].tries_left == 0;
}

/* Whether the activation code may still be typed here: with one try left
 * the kiosk sends the citizen to the staff instead. A card that does not
 * tell its tries keeps counting them itself, and its first wrong answer
 * (63Cx) tells; the entry screen warns meanwhile. */
static bool menu_puk_usable(const struct app *a)
{
	const struct code_status *c = &a->info.code[CODE_PUK];

	return !c->known || c->tries_left >= 2;
}

int app_menu(const struct app *a, enum app_choice out[C_COUNT])
{
	int n = 0;

	/* A blocked PIN first: that is why the citizen came. */
	for (int i = 0; i < 2; i++)
		if (menu_blocked(a, i) && menu_puk_usable(a))
			out[n++] = i == 0 ? C_UNBLOCK1 : C_UNBLOCK2;
	out[n++] = C_TEST;
	for (int i = 0; i < 2; i++)
		if (!menu_blocked(a, i))
			out[n++] = i == 0 ? C_CHANGE1 : C_CHANGE2;
	/* "I forgot my PIN": the same journey for a PIN that still works. */
	for (int i = 0; i < 2; i++)
		if (!menu_blocked(a, i) && menu_puk_usable(a))
			out[n++] = i == 0 ? C_UNBLOCK1 : C_UNBLOCK2;
	out[n++] = C_FINISH;
	return n;
}

int app_end_choices(const struct app *a, enum app_choice out[C_COUNT])
{
	int n = 0;

	if (!a->card_in || !a->card_ok)
		return 0;
	switch (a->verdict) {
	case V_PIN1_BLOCKED: case V_PIN2_BLOCKED:
		out[n++] = C_UNBLOCK_NOW;
		break;
	case V_EXPIRED:
		out[n++] = C_TEST;     /* its details all the same */
		break;
	case V_CARD_ERROR:
		if (a->unknown)        /* only a new insertion tells what it holds */
			return 0;
		out[n++] = C_RETRY;
		break;
	default:
		return 0;
	}
	out[n++] = C_FINISH;
	return n;
}

/* The choice behind a picked number, or C_COUNT. */
enum app_choice app_choice_at(const struct app *a, int arg)
{
	return arg >= 1 && arg <= a->nmenu ? a->menu[arg - 1] : C_COUNT;
}

APP_GUARD(g_pick_unblock)
{
	enum app_choice c = app_choice_at(a, e->arg);

	return c == C_UNBLOCK1 || c == C_UNBLOCK2;
}

APP_GUARD(g_pick_change)
{
	enum app_choice c = app_choice_at(a, e->arg);

	return c == C_CHANGE1 || c == C_CHANGE2;
}

APP_GUARD(g_pick_test)
{
	return app_choice_at(a, e->arg) == C_TEST;
}

APP_GUARD(g_pick_finish)
{
	return app_choice_at(a, e->arg) == C_FINISH;
}

APP_GUARD(g_pick_unblock_now)
{
	return app_choice_at(a, e->arg) == C_UNBLOCK_NOW;
}

APP_GUARD(g_pick_retry)
{
	return app_choice_at(a, e->arg) == C_RETRY;
}

/* Whether the journey started from the menu (Esc goes back there). */
APP_GUARD(g_from_menu)
{
	return a->kind != J_ACTIVATE;
}

/* Whether READ_INFO leads to the menu. */
APP_GUARD(g_v_menu)
{
	enum app_verdict v = app_verdict(a);

	return v == V_ACTIVE || v == V_PIN1_BLOCKED || v == V_PIN2_BLOCKED;
}

/* The menu for what the card says now; the last journey is over. */
APP_ACTION(act_menu)
{
	if (a->fsm.state == ST_READING)
		a->info = a->cev.info;
	app_journey_end(a, END_CANCELLED);   /* back from a journey */
	a->kind = J_NONE;
	a->verdict = app_verdict_of(&a->info);
	a->nmenu = app_menu(a, a->menu);
	a->timeouts = 0;
}

/* A journey for PIN i: unblock or change. */
static void menu_begin(struct app *a, enum app_journey kind, int i)
{
	app_journey_begin(a, kind);
	a->cur = i;
	a->need[i] = true;
	a->need[!i] = false;
	a->done[0] = a->done[1] = false;
	a->ready[0] = a->ready[1] = false;
	a->timeouts = 0;
}

/* A journey for one PIN from the menu: unblock or change. */
APP_ACTION(act_choose)
{
	enum app_choice c = app_choice_at(a, e->arg);

	menu_begin(a, c == C_CHANGE1 || c == C_CHANGE2 ? J_CHANGE : J_UNBLOCK,
	           c == C_UNBLOCK2 || c == C_CHANGE2);
}

/* The PIN an end screen says is blocked, unblocked at once: the same
 * journey as the menu's (Esc on its introduction goes to the menu). */
APP_ACTION(act_unblock_now)
{
	menu_begin(a, J_UNBLOCK, a->verdict == V_PIN2_BLOCKED);
}
