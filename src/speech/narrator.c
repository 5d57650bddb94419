/* narrator.c - speech mode's script. It compares each full draw's
 * transcript with the last one said: a new screen (or notice, or language)
 * is said whole, from its title down to its key hints; on the same screen
 * only what changed for the ear (digits typed). */
#include "build-config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "narrator.h"

#define NARRATOR_TEXT_MAX 4000
#define NARRATOR_WELCOME_REPEAT_S 20

struct narrator {
	const struct settings *set;
	const struct lang *langs;
	struct speech *sp;
	bool on;                   /* speech mode, as last seen */
	bool speaking;             /* an utterance is under way */
	int lang, volume;          /* as last sent; -1 none yet */
	unsigned again;            /* app.speech_again as last seen */
	int typed;                 /* digits in the field as last said */
	char last[SAID_MAX];       /* the transcript last said */
};

struct narrator *narrator_new(const struct settings *set,
                              const struct lang *langs, struct speech *sp)
{
	struct narrator *n = calloc(1, sizeof *n);

	if (!n)
		return NULL;
	n->set = set;
	n->langs = langs;
	n->sp = sp;
	n->lang = n->volume = -1;
	return n;
}

void narrator_free(struct narrator *n)
{
	free(n);
}

void narrator_forget(struct narrator *n)
{
	n->speaking = n->on = false;
	n->lang = n->volume = -1;
	n->last[0] = '\0';
}

/* espeak-ng's volume for a level 1..SETTINGS_VOLUMES: 50 to 200. */
static int narrator_amplitude(int level)
{
	return 50 * level;
}

/* Whether anything may be heard now: speech on, the kiosk's screens (not
 * the staff's), and a headset where the site allows only that. */
static bool narrator_may(const struct narrator *n, const struct app *a)
{
	if (!n->sp || !a->speech)
		return false;
	if (a->fsm.state == ST_STAFF_CODE || a->fsm.state == ST_STAFF_MENU ||
	    a->fsm.state == ST_STAFF_CONFIRM)
		return false;
	return a->headset || !settings_headset_only(n->set);
}

/* Say text in the screen's language at the visit's volume; loop_s > 0
 * says it again after that many seconds of silence. */
static void narrator_say(struct narrator *n, const struct app *a,
                         const char *text, int loop_s)
{
	char cmd[32];

	if (a->lang != n->lang) {
		n->lang = a->lang;
		speech_send(n->sp, "voice", n->set->langs[a->lang]);
	}
	if (a->volume != n->volume) {
		n->volume = a->volume;
		snprintf(cmd, sizeof cmd, "%d", narrator_amplitude(a->volume));
		speech_send(n->sp, "volume", cmd);
	}
	if (loop_s > 0) {
		snprintf(cmd, sizeof cmd, "loop %d", loop_s);
		speech_send(n->sp, cmd, text);
	} else {
		speech_send(n->sp, "say", text);
	}
	n->speaking = true;
}

/* A message of the screen's language with {n} and the speech keys. */
static void narrator_msg(const struct narrator *n, const struct app *a,
                         enum msg_id id, int num, char *out, size_t outsz)
{
	static const char *const keys[] = { "n", "more", "speech", "volume",
	                                    NULL };
	char v[4][16];
	const char *vals[5] = { v[0], v[1], v[2], v[3], NULL };

	snprintf(v[0], sizeof v[0], "%d", num);
	settings_key_name(n->set->key_more_time[0], v[1], sizeof v[1]);
	settings_key_name(n->set->key_speech[0], v[2], sizeof v[2]);
	settings_key_name(n->set->key_volume[0], v[3], sizeof v[3]);
	lang_format(lang_get(&n->langs[a->lang], id), keys, vals, out, outsz);
}

/* Append one line of the transcript as a spoken sentence: "a = b" as
 * "a: b", and a full stop where the line has none, for the pause. */
static void narrator_line(char *out, size_t outsz, const char *line,
                          size_t len)
{
	size_t o = strlen(out);
	char end = len ? line[len - 1] : '.';

	for (size_t i = 0; i < len && o + 3 < outsz; i++) {
		if (line[i] == '=' && i > 0 && line[i - 1] == ' ') {
			out[o - 1] = ':';
			continue;
		}
		out[o++] = line[i];
	}
	if (o + 3 < outsz && !strchr(".!?:", end))
		out[o++] = '.';
	if (o + 2 < outsz)
		out[o++] = ' ';
	out[o] = '\0';
}

/* The screen as speech: public lines, and private ones only into a
 * headset (else one sentence saying they are on the screen). */
static void narrator_script(const struct narrator *n, const struct app *a,
                            const char *said, char *out, size_t outsz)
{
	bool hidden = false;
	const char *p = said, *nl;

	out[0] = '\0';
	for (; *p && (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		if (*p == 'P' && !a->headset)
			hidden = true;
		else
			narrator_line(out, outsz, p + 1, (size_t)(nl - p - 1));
	}
	if (hidden) {
		char msg[512];

		narrator_msg(n, a, MSG_SPEAK_PRIVATE, 0, msg, sizeof msg);
		narrator_line(out, outsz, msg, strlen(msg));
	}
}

/* Digits in the code field now, or -1 when there is no field. */
static int narrator_typed(const struct app *a)
{
	const struct secret *s = a->asking ? NULL : app_entry(a, a->fsm.state, NULL);

	return s ? (int)s->len : -1;
}

/* The screen whole; the welcome screen again and again while a headset
 * is in (someone may have just plugged in and be waiting). */
static void narrator_whole(struct narrator *n, const struct app *a,
                           const struct said *said)
{
	char text[NARRATOR_TEXT_MAX];

	narrator_script(n, a, said->text, text, sizeof text);
	narrator_say(n, a, text, a->fsm.state == ST_WELCOME && a->headset
	             ? NARRATOR_WELCOME_REPEAT_S : 0);
	memcpy(n->last, said->text, said->len + 1);
	n->typed = narrator_typed(a);
}

void narrator_screen(struct narrator *n, const struct app *a,
                     const struct said *said)
{
	char text[256];
	int typed = narrator_typed(a);
	bool again = a->speech_again != n->again, was_on = n->on;

	n->again = a->speech_again;
	n->on = narrator_may(n, a);
	if (!n->on) {
		if (was_on || n->speaking)
			speech_send(n->sp, "stop", NULL);
		n->speaking = false;
		n->last[0] = '\0';
		return;
	}
	if (again && n->speaking) {          /* the speech key: stop ... */
		speech_send(n->sp, "stop", NULL);
		n->speaking = false;
	} else if (again || !was_on || strcmp(said->text, n->last) != 0) {
		narrator_whole(n, a, said);      /* ... or say it (again) */
	} else if (a->volume != n->volume) {
		narrator_msg(n, a, MSG_SPEAK_VOLUME, a->volume, text, sizeof text);
		narrator_say(n, a, text, 0);
	} else if (typed != n->typed && typed >= 0) {
		n->typed = typed;
		narrator_msg(n, a, MSG_SPEAK_TYPED, typed, text, sizeof text);
		narrator_say(n, a, text, 0);
	}
}

void narrator_warn(struct narrator *n, const struct app *a)
{
	char text[256];

	if (!n->on)
		return;
	narrator_msg(n, a, MSG_SPEAK_TIME_LEFT, a->count_left, text, sizeof text);
	narrator_say(n, a, text, 0);
}

void narrator_done(struct narrator *n)
{
	n->speaking = false;
}
