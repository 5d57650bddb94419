/* scr_common.c - what all screens share: which screen shows a state,
 * message formatting with the kiosk's placeholders, and laying paragraphs
 * out down the body window. */
#include "build-config.h"
#include <stdio.h>
#include <string.h>
#include "screens.h"

/* The screen of each state (test_widgets checks that every state has
 * one). */
static const struct screen *const scr_states[ST_COUNT] = {
	[ST_WELCOME] = &screen_welcome,
	[ST_READING] = &screen_wait, [ST_WORKING] = &screen_wait,
	[ST_MENU] = &screen_menu,
	[ST_INTRO] = &screen_intro,
	[ST_ENTER_PUK] = &screen_entry, [ST_ENTER_OLD] = &screen_entry,
	[ST_ENTER_PIN1] = &screen_entry, [ST_AGAIN_PIN1] = &screen_entry,
	[ST_ENTER_PIN2] = &screen_entry, [ST_AGAIN_PIN2] = &screen_entry,
	[ST_TEST_ENTER] = &screen_entry, [ST_STAFF_CODE] = &screen_entry,
	[ST_PIN2_SAME] = &screen_same,
	[ST_DONE] = &screen_end, [ST_CARD_END] = &screen_end,
	[ST_FINISH] = &screen_end,
	[ST_TEST_INFO] = &screen_info,
	[ST_TEST_CERT] = &screen_cert,
	[ST_TEST_RESULT] = &screen_tested,
	[ST_REMOVED] = &screen_removed,
	[ST_STAFF_MENU] = &screen_staff,
	[ST_STAFF_CONFIRM] = &screen_staff_confirm,
	[ST_OUT_OF_ORDER] = &screen_out,
};

/* The screen of state st, or NULL for a state without one. */
const struct screen *screen_for(enum fsm_state st)
{
	return (unsigned)st < ST_COUNT ? scr_states[st] : NULL;
}

/* The screen shown now: the idle question over the state's own. */
const struct screen *screen_of(const struct app *a)
{
	return a->asking ? &screen_idle : screen_for(a->fsm.state);
}

/* "7 or 8", "6, 7 or 8": the activation code lengths in words; the one
 * length the card tells, when it does. */
static void scr_lengths(struct scr *c, char *out, size_t outsz)
{
	const struct settings *s = c->set;
	size_t o = 0;

	out[0] = '\0';
	if (c->app->info.puk_len > 0) {
		snprintf(out, outsz, "%d", c->app->info.puk_len);
		return;
	}
	for (int i = 0; i < s->npuk_lengths && o < outsz; i++) {
		if (i > 0 && i + 1 == s->npuk_lengths)
			o += (size_t)snprintf(out + o, outsz - o, " %s ",
			                      lang_get(c->lang, MSG_WORD_OR));
		else if (i > 0)
			o += (size_t)snprintf(out + o, outsz - o, ", ");
		if (o < outsz)
			o += (size_t)snprintf(out + o, outsz - o, "%d",
			                      s->puk_lengths[i]);
	}
}

/* Which PIN's limits {min} and {max} mean on this screen. */
static int scr_pin_index(const struct scr *c)
{
	switch (c->app->fsm.state) {
	case ST_ENTER_PIN1: case ST_AGAIN_PIN1: return 0;
	case ST_ENTER_PIN2: case ST_AGAIN_PIN2: case ST_PIN2_SAME: return 1;
	default: return c->app->cur;
	}
}

/* A message with the kiosk's placeholders filled. */
const char *scr_fmt(struct scr *c, enum msg_id id, int n, char *buf,
                    size_t bufsz)
{
	const struct settings *s = c->set;
	const struct pin_policy *p = &s->pin[scr_pin_index(c)];
	char v[14][64], key[8];
	int steps = 0, step = app_step(c->app, c->app->fsm.state, &steps);
	static const char *const keys[] = {
		"n", "min", "max", "lengths", "key", "pin1_min", "pin1_max",
		"pin2_min", "pin2_max", "step", "steps", "more", "speech", "volume",
		NULL
	};
	const char *vals[15];

	snprintf(v[0], sizeof v[0], "%d", n);
	snprintf(v[1], sizeof v[1], "%d", p->min_len);
	snprintf(v[2], sizeof v[2], "%d", p->max_len);
	scr_lengths(c, v[3], sizeof v[3]);
	snprintf(v[4], sizeof v[4], "%s", s->key_language[0] ?
	         settings_key_name(s->key_language[0], key, sizeof key) : "");
	snprintf(v[5], sizeof v[5], "%d", s->pin[0].min_len);
	snprintf(v[6], sizeof v[6], "%d", s->pin[0].max_len);
	snprintf(v[7], sizeof v[7], "%d", s->pin[1].min_len);
	snprintf(v[8], sizeof v[8], "%d", s->pin[1].max_len);
	snprintf(v[9], sizeof v[9], "%d", step);
	snprintf(v[10], sizeof v[10], "%d", steps);
	snprintf(v[11], sizeof v[11], "%s", s->key_more_time[0] ?
	         settings_key_name(s->key_more_time[0], key, sizeof key) : "");
	snprintf(v[12], sizeof v[12], "%s", s->key_speech[0] ?
	         settings_key_name(s->key_speech[0], key, sizeof key) : "");
	snprintf(v[13], sizeof v[13], "%s", s->key_volume[0] ?
	         settings_key_name(s->key_volume[0], key, sizeof key) : "");
	for (int i = 0; i < 14; i++)
		vals[i] = v[i];
	vals[14] = NULL;
	lang_format(lang_get(c->lang, id), keys, vals, buf, bufsz);
	if (id == MSG_TRIES_LEFT)
		scr_private(c);   /* how many tries a code has: not for the hall */
	return buf;
}

/* The next text drawn is private: speech says it only into a headset. */
void scr_private(struct scr *c)
{
	if (c->look->said)
		c->look->said->priv = true;
}

/* Rows left in the body below the cursor. */
int scr_rows_left(const struct scr *c)
{
	return getmaxy(c->w) - c->y;
}

/* Rows text takes wrapped to the body's text width. */
int scr_text_rows(const struct scr *c, const char *text)
{
	return wg_text_rows(c->look, c->width, text);
}

/* Wrapped text at the cursor and a blank row after it. */
void scr_text(struct scr *c, const char *text, enum theme_role role)
{
	int rows = scr_rows_left(c);

	if (rows <= 0 || !*text)
		return;
	c->y += wg_text(c->w, c->look, c->y, c->x, c->width, rows, text, role);
	c->y++;
}

/* The texts that send the citizen to the staff: the site's help (where
 * the staff are) follows each. tests/unit/test_lang keeps this list and
 * the English texts that name the staff the same. */
static const enum msg_id scr_staff_texts[] = {
	MSG_ASK_STAFF, MSG_UNSUPPORTED_TEXT, MSG_CERT_UNTRUSTED_TEXT,
	MSG_CERT_NOT_YET_VALID, MSG_NO_READER_TEXT, MSG_READER_BUSY_TEXT,
	MSG_SERVICE_DOWN_TEXT, MSG_CARD_ERROR_TEXT, MSG_TEST_FAILED_TEXT,
	MSG_TEST_CERT_FAILED_TEXT, MSG_OUT_OF_ORDER_TEXT, MSG_SPEECH_UNAVAILABLE,
};

bool scr_sends_to_staff(enum msg_id id)
{
	for (size_t i = 0; i < sizeof scr_staff_texts / sizeof *scr_staff_texts;
	     i++)
		if (scr_staff_texts[i] == id)
			return true;
	return false;
}

/* Where the staff are ("Ask at counter 3."), when the site says. */
void scr_site_help(struct scr *c)
{
	if (c->set->site_help[0])
		scr_text(c, c->set->site_help, ROLE_NORMAL);
}

/* A message as a paragraph; the site's help after one that sends the
 * citizen to the staff. */
void scr_para(struct scr *c, enum msg_id id, int n, enum theme_role role)
{
	char buf[1024];

	scr_text(c, scr_fmt(c, id, n, buf, sizeof buf), role);
	if (scr_sends_to_staff(id))
		scr_site_help(c);
}

/* The title of a screen. */
void scr_title(struct scr *c, enum msg_id id)
{
	scr_para(c, id, 0, ROLE_TITLE);
}

/* What this visit changed on the card, as far as the kiosk knows. */
void scr_changed(struct scr *c)
{
	const struct app *a = c->app;

	if (a->unknown)
		scr_para(c, app_card_lost(a) ? MSG_LOST_UNKNOWN : MSG_REMOVED_UNKNOWN,
		         0, ROLE_WARNING);
	else if (!a->done[0] && !a->done[1])
		scr_para(c, MSG_REMOVED_NOTHING, 0, ROLE_NORMAL);
	else if (a->kind == J_UNBLOCK || a->kind == J_CHANGE)
		scr_para(c, MSG_REMOVED_CHANGE_SAVED, 0, ROLE_SUCCESS);
	else if (app_all_set(a))
		scr_para(c, MSG_DONE_ACTIVATED_TEXT, 0, ROLE_SUCCESS);
	else
		scr_para(c, MSG_REMOVED_PIN1_SET, 0, ROLE_WARNING);
}

/* The model's notice in the role of its kind. */
void scr_notice(struct scr *c)
{
	static const enum theme_role roles[] = {
		[NOTE_INFO] = ROLE_NORMAL, [NOTE_OK] = ROLE_SUCCESS,
		[NOTE_WARNING] = ROLE_WARNING, [NOTE_ERROR] = ROLE_ERROR,
	};

	if (c->app->notice < MSG_COUNT)
		scr_para(c, c->app->notice, c->app->notice_n,
		         roles[c->app->note_kind]);
}

/* Add a key hint. */
void scr_hint(struct scr *c, enum msg_id id)
{
	if (c->nhints >= SCR_HINTS_MAX)
		return;
	c->hints[c->nhints] = scr_fmt(c, id, 0, c->hintbuf[c->nhints],
	                              sizeof c->hintbuf[0]);
	c->nhints++;
}

/* The more-time key, when the site mapped one. */
void scr_hint_more_time(struct scr *c)
{
	if (c->set->key_more_time[0])
		scr_hint(c, MSG_HINT_MORE_TIME);
}

/* In speech mode: the keys that repeat, stop and change the volume. */
void scr_hint_speech(struct scr *c)
{
	if (!c->app->speech)
		return;
	/* on the welcome screen the speech key turns speech off */
	if (c->set->key_speech[0] && c->app->fsm.state != ST_WELCOME)
		scr_hint(c, MSG_HINT_SPEECH);
	if (c->set->key_volume[0])
		scr_hint(c, MSG_HINT_VOLUME);
}

/* The language key, when the site mapped one. */
void scr_hint_lang(struct scr *c)
{
	if (c->set->key_language[0] && c->set->nlangs > 1)
		scr_hint(c, MSG_HINT_LANGUAGE);
}

/* An event value. */
struct fsm_event scr_ev(enum fsm_ev ev, int arg)
{
	struct fsm_event e = { .ev = ev, .arg = arg, .key = true };

	return e;
}

/* "Label: value" at indent, wrapped to the width. */
void scr_label(struct scr *c, int indent, enum msg_id label, const char *value,
               enum theme_role role)
{
	char name[128], line[512];

	if (scr_rows_left(c) < 1)
		return;
	scr_fmt(c, label, 0, name, sizeof name);
	snprintf(line, sizeof line, "%s: %s", name, value);
	scr_private(c);         /* the card's facts: holder, document ... */
	c->y += wg_text(c->w, c->look, c->y, c->x + indent, c->width - indent,
	                scr_rows_left(c), line, role);
}

/* The model's numbered choices (a->menu) as a menu at the cursor. */
void scr_choices(struct scr *c)
{
	static const enum msg_id names[C_COUNT] = {
		[C_UNBLOCK1] = MSG_MENU_UNBLOCK_PIN1,
		[C_UNBLOCK2] = MSG_MENU_UNBLOCK_PIN2,
		[C_TEST] = MSG_MENU_TEST_CARD,
		[C_CHANGE1] = MSG_MENU_CHANGE_PIN1,
		[C_CHANGE2] = MSG_MENU_CHANGE_PIN2,
		[C_FINISH] = MSG_MENU_FINISH,
		[C_TEST_PIN1] = MSG_INFO_TEST_PIN1,
		[C_TEST_PIN2] = MSG_INFO_TEST_PIN2,
		[C_BACK] = MSG_MENU_BACK,
		[C_UNBLOCK_NOW] = MSG_BLOCKED_UNBLOCK_NOW,
		[C_RETRY] = MSG_BTN_TRY_AGAIN,
	};
	enum msg_id ids[C_COUNT];
	int n = c->app->nmenu;

	for (int i = 0; i < n; i++)
		ids[i] = names[c->app->menu[i]];
	scr_menu(c, ids, n);
}

void scr_menu(struct scr *c, const enum msg_id *ids, int n)
{
	char buf[C_COUNT][256];
	const char *items[C_COUNT];

	if (n > C_COUNT)
		n = C_COUNT;
	for (int i = 0; i < n; i++)
		items[i] = scr_fmt(c, ids[i], 0, buf[i], sizeof buf[i]);
	if (scr_rows_left(c) >= n)
		c->y += wg_menu(c->w, c->look, c->y, c->x, c->width, items, n,
		                -1) + 1;
	scr_hint(c, MSG_HINT_CHOOSE);
}

/* Enter goes on, Esc goes back; nothing else means anything. */
struct fsm_event scr_enter_esc(int key)
{
	if (key == SK_ENTER)
		return scr_ev(EV_ENTER, 0);
	if (key == SK_ESC)
		return scr_ev(EV_BACK, 0);
	return scr_ev(EV_NONE, 0);
}

/* Digits 1..n pick, Esc goes back. */
struct fsm_event scr_pick(int key, int n)
{
	if (key >= '1' && key < '1' + n)
		return scr_ev(EV_PICK, key - '0');
	if (key == SK_ESC)
		return scr_ev(EV_BACK, 0);
	return scr_ev(EV_NONE, 0);
}
