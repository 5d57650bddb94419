/* narrator.h - what the kiosk says in speech mode, and when: each screen
 * as it is shown (the transcript of its full draw, ui_said), in the
 * screen's language; what only the ear needs ("Digits typed: 3", "10
 * seconds left"); the volume; repeat and stop on the speech key. It never
 * says a code's digits (no code is in a transcript) and says private
 * lines (holder, document number, tries) only into a headset. */
#ifndef EIDKIOSK_NARRATOR_H
#define EIDKIOSK_NARRATOR_H

#include "app.h"
#include "lang.h"
#include "speech.h"
#include "widgets.h"

struct narrator;

/* sp may be NULL (speech disabled or unavailable): then nothing is said. */
struct narrator *narrator_new(const struct settings *set,
                              const struct lang *langs, struct speech *sp);
void narrator_free(struct narrator *n);

/* The speech helper was started again: it knows no voice or volume, and
 * has said nothing. */
void narrator_forget(struct narrator *n);

/* After each pass that drew the screen: say what is new. */
void narrator_screen(struct narrator *n, const struct app *a,
                     const struct said *said);

/* A countdown reached its warning: say the seconds left. */
void narrator_warn(struct narrator *n, const struct app *a);

/* The helper said an utterance ended. */
void narrator_done(struct narrator *n);

#endif
