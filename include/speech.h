/* speech.h - the kiosk's end of eidkiosk-speech: the helper process is
 * started once (and again when it ended), told what to say through a pipe
 * and heard through another (an fd in the loop's poll). Writing never
 * blocks the loop: a command the pipe cannot take now is dropped (the
 * next screen says it again). */
#ifndef EIDKIOSK_SPEECH_H
#define EIDKIOSK_SPEECH_H

#include <stdbool.h>
#include <stddef.h>
#include "settings.h"

struct speech;

/* Start the helper (settings.speech_program, device, headset, rate).
 * NULL with *cause when it cannot start. */
struct speech *speech_start(const struct settings *set, char **cause);

/* Stop it and reap it. */
void speech_stop(struct speech *sp);

/* Its news fd, for poll. */
int speech_fd(const struct speech *sp);

/* What the helper said, read when the fd is readable. */
enum speech_news {
	SN_NONE,
	SN_READY,         /* it has its sound device */
	SN_HEADSET_IN,    /* the headset changed (a helper that starts */
	SN_HEADSET_OUT,   /* without one tells nothing) */
	SN_DONE,          /* an utterance was heard to its end */
	SN_GONE,          /* it failed or exited: no speech until it is
	                     started again (speech_restart) */
};

/* The next piece of news (SN_NONE: nothing more for now); on SN_GONE the
 * reason in why. */
enum speech_news speech_news(struct speech *sp, char *why, size_t whysz);

/* Milliseconds until a helper that ended is to be started again (0: now),
 * or -1 while it runs: the loop's poll waits no longer. */
int speech_retry_ms(const struct speech *sp);

/* Start the helper again when its time has come: 0 started (its news says
 * when it is ready), -1 not yet, or it could not start (*cause, when set;
 * it is tried again later). */
int speech_restart(struct speech *sp, char **cause);

/* Send one command line ("voice fi", "volume 100", "say ...", "loop 20
 * ...", "stop"); text is cleaned of control characters. */
void speech_send(struct speech *sp, const char *cmd, const char *text);

#endif
