/* sink.c - the speaker's audio out: ALSA, or WAV files paced like a device.
 * A WAV directory plays in real time on purpose: the speaker then behaves
 * exactly as with a sound card (an utterance takes as long as it sounds,
 * and a stop cuts it), so tests see what a citizen would hear. */
#include "build-config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <alsa/asoundlib.h>
#include "cause.h"
#include "sink.h"

#define SINK_LATENCY_US 100000   /* ALSA buffer: a stop is heard within it */

struct sink {
	snd_pcm_t *pcm;           /* ALSA, or NULL: a directory */
	char dir[4096];
	int rate;
	FILE *said;               /* dir: said.txt */
	FILE *wav;                /* dir: the utterance's file */
	unsigned seq;
	uint32_t samples;         /* in this utterance */
	struct timespec start;    /* when its first sample "played" */
};

static void put_le(unsigned char *p, uint32_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* A 44-byte PCM header for n mono 16-bit samples at rate. */
static void wav_header(unsigned char h[44], int rate, uint32_t n)
{
	memcpy(h, "RIFF", 4);
	put_le(h + 4, 36 + n * 2, 4);
	memcpy(h + 8, "WAVEfmt ", 8);
	put_le(h + 16, 16, 4);
	put_le(h + 20, 1, 2);                  /* PCM */
	put_le(h + 22, 1, 2);                  /* mono */
	put_le(h + 24, (uint32_t)rate, 4);
	put_le(h + 28, (uint32_t)rate * 2, 4); /* bytes per second */
	put_le(h + 32, 2, 2);                  /* block align */
	put_le(h + 34, 16, 2);                 /* bits */
	memcpy(h + 36, "data", 4);
	put_le(h + 40, n * 2, 4);
}

/* The ALSA device opened for 16-bit mono at s->rate. */
static int sink_open_alsa(struct sink *s, const char *dev, char **cause)
{
	int rc = snd_pcm_open(&s->pcm, dev, SND_PCM_STREAM_PLAYBACK, 0);

	if (rc == 0)
		rc = snd_pcm_set_params(s->pcm, SND_PCM_FORMAT_S16_LE,
		                        SND_PCM_ACCESS_RW_INTERLEAVED, 1,
		                        (unsigned)s->rate, 1, SINK_LATENCY_US);
	if (rc < 0) {
		cause_set(cause, "sound device '%s': %s", dev, snd_strerror(rc));
		return -1;
	}
	return 0;
}

/* A sink for the samples (sink.h). */
struct sink *sink_open(const char *spec, int rate, char **cause)
{
	struct sink *s = calloc(1, sizeof *s);
	char path[4200];

	if (!s) {
		cause_set(cause, "out of memory");
		return NULL;
	}
	s->rate = rate;
	if (strncmp(spec, "dir:", 4) != 0) {
		if (sink_open_alsa(s, spec, cause) < 0) {
			sink_close(s);
			return NULL;
		}
		return s;
	}
	snprintf(s->dir, sizeof s->dir, "%s", spec + 4);
	snprintf(path, sizeof path, "%s/said.txt", s->dir);
	s->said = fopen(path, "a");
	if (!s->said) {
		cause_set(cause, "%s: %s", path, strerror(errno));
		sink_close(s);
		return NULL;
	}
	setvbuf(s->said, NULL, _IOLBF, 0);
	return s;
}

void sink_close(struct sink *s)
{
	if (!s)
		return;
	if (s->wav)
		sink_end(s, true);
	if (s->pcm)
		snd_pcm_close(s->pcm);
	if (s->said)
		fclose(s->said);
	free(s);
}

int sink_begin(struct sink *s, const char *voice, const char *text)
{
	char path[4200];
	unsigned char h[44];

	s->samples = 0;
	clock_gettime(CLOCK_MONOTONIC, &s->start);
	if (s->pcm)
		return 0;
	s->seq++;
	fprintf(s->said, "%04u %s %s\n", s->seq, voice, text);
	snprintf(path, sizeof path, "%s/%04u-%s.wav", s->dir, s->seq, voice);
	s->wav = fopen(path, "w");
	if (!s->wav)
		return -1;
	wav_header(h, s->rate, 0);
	return fwrite(h, sizeof h, 1, s->wav) == 1 ? 0 : -1;
}

/* ALSA: write all, recovering from an underrun (the speaker was slow). */
static int sink_write_alsa(struct sink *s, const short *pcm, int n)
{
	while (n > 0) {
		snd_pcm_sframes_t w = snd_pcm_writei(s->pcm, pcm, (snd_pcm_uframes_t)n);

		if (w < 0 && snd_pcm_recover(s->pcm, (int)w, 1) < 0)
			return -1;
		if (w > 0) {
			pcm += w;
			n -= (int)w;
		}
	}
	return 0;
}

int sink_write(struct sink *s, const short *pcm, int n)
{
	unsigned char b[2];

	s->samples += (uint32_t)n;
	if (s->pcm)
		return sink_write_alsa(s, pcm, n);
	if (!s->wav)
		return -1;
	for (int i = 0; i < n; i++) {
		put_le(b, (uint16_t)pcm[i], 2);
		if (fwrite(b, 2, 1, s->wav) != 1)
			return -1;
	}
	return 0;
}

int sink_ahead_ms(const struct sink *s)
{
	struct timespec now;
	long long played, wrote;

	if (s->pcm)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	played = (now.tv_sec - s->start.tv_sec) * 1000LL +
	         (now.tv_nsec - s->start.tv_nsec) / 1000000LL;
	wrote = (long long)s->samples * 1000 / s->rate;
	return wrote > played ? (int)(wrote - played) : 0;
}

void sink_end(struct sink *s, bool stopped)
{
	unsigned char h[44];

	if (s->pcm) {
		if (stopped)
			snd_pcm_drop(s->pcm);
		else
			snd_pcm_drain(s->pcm);
		snd_pcm_prepare(s->pcm);
		return;
	}
	if (!s->wav)
		return;
	wav_header(h, s->rate, s->samples);
	if (fseek(s->wav, 0, SEEK_SET) == 0)
		fwrite(h, sizeof h, 1, s->wav);
	fclose(s->wav);
	s->wav = NULL;
	fprintf(s->said, "%04u %s\n", s->seq, stopped ? "stopped" : "end");
}
