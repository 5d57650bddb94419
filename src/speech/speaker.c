/* speaker.c - eidkiosk-speech: the kiosk's voice, a process of its own so
 * that the kiosk's poll() loop never waits for speech and the synthesiser
 * never shares memory with a code. It reads commands on stdin, one per
 * line, and speaks with espeak-ng:
 *     voice fi|sv|en     the voice of the screen's language
 *     volume N           0-200 (espeak-ng's scale, 100 normal)
 *     say TEXT           stop whatever is being said and say TEXT
 *     loop S TEXT        the same, and again after each S seconds of
 *                        silence until the next command (a welcome for
 *                        whoever plugs in a headset)
 *     stop               stop
 * and tells the kiosk on stdout:
 *     ready              up, with its sound device
 *     headset 1|0        a headset is in or not: once ready, then at
 *                        each plug in / pull out
 *     done               an utterance was heard to its end
 *     fail REASON        no sound device (then it exits 1)
 * Synthesis is synchronous and cut into short chunks; between chunks it
 * looks at stdin, so a new command stops the old utterance at once. */
#include "build-config.h"
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <espeak-ng/speak_lib.h>
#include "cause.h"
#include "jack.h"
#include "sink.h"

#define SPEAK_CHUNK_MS 50
#define SPEAK_LINE_MAX 4096

static struct {
	struct sink *sink;
	int jack;                  /* headset switch fd, or -1 */
	bool headset;
	char voice[16];
	int volume, rate;
	char last[SPEAK_LINE_MAX + 1];   /* loop: what is said again ... */
	int repeat_s;                     /* ... after this many seconds */
	char in[2 * SPEAK_LINE_MAX];   /* stdin not yet taken */
	size_t inlen;
	bool eof;
} sp = { .jack = -1, .voice = "en", .volume = 100,
         .rate = espeakRATE_NORMAL };

/* One line of news for the kiosk. */
static void tell(const char *what, const char *arg)
{
	printf("%s%s%s\n", what, arg ? " " : "", arg ? arg : "");
	fflush(stdout);
}

/* Read what stdin has (never blocks: poll said so, or O_NONBLOCK). */
static void take_input(void)
{
	ssize_t n;

	if (sp.inlen == sizeof sp.in)
		sp.inlen = 0;      /* a line longer than any command: drop it */
	n = read(STDIN_FILENO, sp.in + sp.inlen, sizeof sp.in - sp.inlen);
	if (n > 0)
		sp.inlen += (size_t)n;
	else if (n == 0 || (errno != EAGAIN && errno != EINTR))
		sp.eof = true;
}

/* Whether a whole command waits; waits up to ms for one (the jack too). */
static bool command_waiting(int ms)
{
	struct pollfd p[2] = { { STDIN_FILENO, POLLIN, 0 }, { sp.jack, POLLIN, 0 } };

	if (memchr(sp.in, '\n', sp.inlen) || sp.eof)
		return true;
	if (poll(p, sp.jack >= 0 ? 2 : 1, ms) <= 0)
		return false;
	if (p[1].revents) {
		int rc = jack_read(sp.jack, &sp.headset);

		if (rc > 0)
			tell("headset", sp.headset ? "1" : "0");
		if (rc < 0) {
			close(sp.jack);
			sp.jack = -1;
		}
	}
	if (p[0].revents)
		take_input();
	return memchr(sp.in, '\n', sp.inlen) || sp.eof;
}

/* espeak-ng hands over each chunk: play it, or stop (return 1) when a
 * command waits. Paced like the sound it is. */
static int on_samples(short *wav, int n, espeak_EVENT *events)
{
	(void)events;
	if (command_waiting(0))
		return 1;
	if (wav && n > 0 && sink_write(sp.sink, wav, n) < 0)
		return 1;
	while (sink_ahead_ms(sp.sink) > 2 * SPEAK_CHUNK_MS)
		if (command_waiting(sink_ahead_ms(sp.sink) - SPEAK_CHUNK_MS))
			return 1;
	return 0;
}

/* Say text to its end unless a command comes first. */
static void say(const char *text)
{
	espeak_ERROR rc;
	bool stopped;

	if (sink_begin(sp.sink, sp.voice, text) < 0)
		return;
	/* set before each utterance: espeak-ng may keep the parameters of
	 * one it was told to stop */
	espeak_SetVoiceByName(sp.voice);
	espeak_SetParameter(espeakRATE, sp.rate, 0);
	espeak_SetParameter(espeakVOLUME, sp.volume, 0);
	rc = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
	                  espeakCHARS_UTF8, NULL, NULL);
	stopped = rc != EE_OK || command_waiting(0);
	if (stopped)
		espeak_Cancel();
	/* the last chunk is still sounding */
	while (!stopped && sink_ahead_ms(sp.sink) > 0)
		stopped = command_waiting(sink_ahead_ms(sp.sink));
	sink_end(sp.sink, stopped);
	if (!stopped)
		tell("done", NULL);
}

/* One command line. */
static void run(char *line)
{
	char *arg = strchr(line, ' ');

	if (arg)
		*arg++ = '\0';
	else
		arg = line + strlen(line);
	sp.repeat_s = 0;
	if (strcmp(line, "loop") == 0 && atoi(arg) > 0 && strchr(arg, ' ')) {
		sp.repeat_s = atoi(arg);
		snprintf(sp.last, sizeof sp.last, "%s", strchr(arg, ' ') + 1);
		say(sp.last);
	} else if (strcmp(line, "say") == 0 && *arg)
		say(arg);
	else if (strcmp(line, "voice") == 0 &&
	         espeak_SetVoiceByName(arg) == EE_OK)
		snprintf(sp.voice, sizeof sp.voice, "%s", arg);
	else if (strcmp(line, "volume") == 0)
		sp.volume = atoi(arg);
}

/* Take and run the next command, if a whole one waits. */
static bool next_command(void)
{
	char line[SPEAK_LINE_MAX + 1];
	char *nl = memchr(sp.in, '\n', sp.inlen);
	size_t len;

	if (!nl)
		return false;
	len = (size_t)(nl - sp.in);
	if (len <= SPEAK_LINE_MAX) {
		memcpy(line, sp.in, len);
		line[len] = '\0';
	} else {
		line[0] = '\0';
	}
	sp.inlen -= len + 1;
	memmove(sp.in, nl + 1, sp.inlen);
	run(line);
	return true;
}

static int usage(void)
{
	fputs("usage: eidkiosk-speech [--device ALSA-DEVICE|dir:PATH] "
	      "[--headset auto|DEVICE|\"\"] [--rate WPM]\n"
	      "Started by eidkiosk; commands on stdin (see eidkiosk.conf(5)).\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "headset", required_argument, NULL, 'j' },
		{ "rate", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *device = "default", *headset = "auto";
	int c, hz;
	char *why = NULL;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			device = optarg;
		else if (c == 'j')
			headset = optarg;
		else if (c == 'r')
			sp.rate = atoi(optarg);
		else
			return usage();
	}
	if (optind != argc)
		return usage();
	hz = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, SPEAK_CHUNK_MS, NULL,
	                       espeakINITIALIZE_DONT_EXIT);
	if (hz <= 0) {
		tell("fail", "espeak-ng data not found (espeak-ng-data)");
		return 1;
	}
	sp.sink = sink_open(device, hz, &why);
	if (!sp.sink) {
		tell("fail", cause_text(why));
		free(why);
		return 1;
	}
	espeak_SetSynthCallback(on_samples);
	sp.jack = jack_open(headset, &sp.headset);
	tell("ready", NULL);
	tell("headset", sp.headset ? "1" : "0");
	while (!sp.eof) {
		if (next_command())
			continue;
		if (!command_waiting(sp.repeat_s > 0 ? sp.repeat_s * 1000 : -1) &&
		    sp.repeat_s > 0)
			say(sp.last);
	}
	sink_close(sp.sink);
	espeak_Terminate();
	return 0;
}
