/* sink.h - where eidkiosk-speech's samples go: an ALSA device (the kiosk's
 * speakers, or the headset when one is plugged in: the sound card routes
 * it), or a directory of WAV files played out in real time, one file per
 * utterance with said.txt beside them (tests, and a record of what the
 * kiosk said when no sound card is there). Private to src/speech/. */
#ifndef EIDKIOSK_SINK_H
#define EIDKIOSK_SINK_H

#include <stdbool.h>
#include <stddef.h>

struct sink;

/* "dir:PATH" or an ALSA device name ("default", "hw:0"). NULL with
 * *cause on failure. */
struct sink *sink_open(const char *spec, int rate, char **cause);
void sink_close(struct sink *s);

/* An utterance begins: its voice and text (for said.txt). */
int sink_begin(struct sink *s, const char *voice, const char *text);

/* Mono 16-bit samples. Blocks at most as long as the device needs. */
int sink_write(struct sink *s, const short *pcm, int n);

/* Milliseconds of audio written ahead of the wall clock: how long the
 * speaker may wait before it must write again (a real device blocks in
 * sink_write instead and this is 0). */
int sink_ahead_ms(const struct sink *s);

/* The utterance ended: played out, or stopped (dropped at once). */
void sink_end(struct sink *s, bool stopped);

#endif
