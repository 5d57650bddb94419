/* access.c - what a citizen can switch for their own visit, each
 * without needing what it makes up for: speech (the speech key, which a
 * keypad has, or plugging in a headset), its volume, more time at every
 * step, high contrast, and the language. All of it lasts until the visit
 * ends; then the next citizen gets the site's settings (only a headset
 * still plugged in keeps speech on). */
#include "build-config.h"
#include "app.h"
#include "app_rules.h"

/* The visit's choices back to the site's. */
void app_access_reset(struct app *a)
{
	a->speech = a->headset && a->set->speech_enabled && !a->speech_down;
	a->more_time = a->speech;      /* a listener needs more time */
	a->contrast = false;
	a->volume = a->set->speech_volume;
}

/* Seconds of a limit in this visit: longer in more-time mode. */
int app_time(const struct app *a, int seconds)
{
	return a->more_time ? seconds * a->set->more_time_factor : seconds;
}

/* Speech on (with more time, as a listener needs it) or off. */
static void app_speech_on(struct app *a, bool on)
{
	a->speech = on;
	if (on)
		a->more_time = true;
	app_log(a, "speech %s", on ? "on" : "off");
}

/* The speech key: on the welcome screen on and off; elsewhere on, and
 * once on, repeat (or stop what is being said). Where nothing can be
 * heard, the screen says why. */
APP_ACTION(act_speech)
{
	(void)e;
	if (!a->set->speech_enabled || a->speech_down) {
		a->notice = MSG_SPEECH_UNAVAILABLE;
		a->note_kind = NOTE_WARNING;
	} else if (!a->headset && settings_headset_only(a->set)) {
		a->notice = MSG_SPEECH_NEED_HEADSET;
		a->note_kind = NOTE_INFO;
	} else if (a->fsm.state == ST_WELCOME || !a->speech) {
		app_speech_on(a, a->fsm.state != ST_WELCOME || !a->speech);
	} else {
		a->speech_again++;
	}
	a->fx->redraw(a->fx->ctx);
}

/* The volume key: the next level, round again after the loudest. */
APP_ACTION(act_volume)
{
	(void)e;
	if (a->speech)
		a->volume = a->volume % SETTINGS_VOLUMES + 1;
	a->fx->redraw(a->fx->ctx);
}

/* A headset in starts speech, into it; pulled out, speech stops (the
 * citizen can turn it on again for the speakers with the speech key). */
APP_ACTION(act_headset)
{
	if (a->set->speech_enabled)
		app_speech_on(a, e->arg == 1);
	a->fx->redraw(a->fx->ctx);
}

/* The welcome screen's more-time key: every time limit of this visit
 * longer (timeouts.more_time_factor), or back. */
APP_ACTION(act_more_time_mode)
{
	(void)e;
	a->more_time = !a->more_time;
	app_log(a, "more time %s", a->more_time ? "on" : "off");
	a->fx->redraw(a->fx->ctx);
}

/* The welcome screen's choice after the languages: high contrast. */
APP_GUARD(g_contrast_pick)
{
	return e->arg == a->set->nlangs + 1;
}

/* The welcome screen's high-contrast choice. */
APP_ACTION(act_contrast)
{
	(void)e;
	a->contrast = !a->contrast;
	a->fx->redraw(a->fx->ctx);
}

/* The next language in the offered order. */
APP_ACTION(act_next_lang)
{
	if (a->set->nlangs <= 0)
		return;
	a->lang = (a->lang + 1) % a->set->nlangs;
	a->fx->lang(a->fx->ctx, a->lang);
}

/* A language picked by its number on the welcome screen. */
APP_ACTION(act_pick_lang)
{
	if (e->arg < 1 || e->arg > a->set->nlangs)
		return;
	a->lang = e->arg - 1;
	a->fx->lang(a->fx->ctx, a->lang);
}
