/* speech.c - starting eidkiosk-speech and talking to it: one line per
 * command down a pipe, one line per piece of news back up another. The
 * helper gets no other fd of the kiosk's (every fd here is close-on-exec),
 * an empty signal mask and /dev/null for stderr (ALSA and espeak-ng write
 * there, and the kiosk's stderr may be its screen). A helper that ends is
 * started again after a wait that doubles each time it ends before it was
 * ready (2 s up to 10 min), so speech comes back without a restart of the
 * kiosk, and a kiosk without sound does not spawn in a loop. */
#include "build-config.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "cause.h"
#include "mono.h"
#include "speech.h"

#ifndef PKGLIBEXECDIR
#define PKGLIBEXECDIR "/usr/local/libexec/eidkiosk"
#endif

#define SPEECH_LINE_MAX 4200
#define SPEECH_RETRY_FIRST_S 2
#define SPEECH_RETRY_MAX_S 600

extern char **environ;

struct speech {
	const struct settings *set;
	pid_t pid;
	int to, from;              /* its stdin, its stdout */
	long long retry_at;        /* when to start it again (ms); 0: running */
	int backoff_s;             /* the next wait after it ends */
	bool headset;              /* as last told: news is only a change */
	char in[SPEECH_LINE_MAX];  /* news not yet read whole */
	size_t inlen;
	char why[256];             /* its "fail" reason */
};

/* The helper's argument list. */
static void speech_args(const struct settings *set, char *rate, size_t ratesz,
                        char *argv[9])
{
	snprintf(rate, ratesz, "%d", set->speech_rate);
	argv[0] = set->speech_program[0] ? (char *)set->speech_program
	                                 : PKGLIBEXECDIR "/eidkiosk-speech";
	argv[1] = "--device";
	argv[2] = (char *)set->speech_device;
	argv[3] = "--headset";
	argv[4] = (char *)set->speech_headset;
	argv[5] = "--rate";
	argv[6] = rate;
	argv[7] = NULL;
}

/* Spawn with the pipes as its stdin and stdout. */
static int speech_spawn(struct speech *sp, char *const argv[], int down[2],
                        int up[2])
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none;
	int rc;

	sigemptyset(&none);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, down[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, up[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
	                                 O_WRONLY, 0);
	posix_spawnattr_init(&at);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK);
	rc = posix_spawn(&sp->pid, argv[0], &fa, &at, argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* Spawn the helper with fresh pipes; -1 with *cause. */
static int speech_open(struct speech *sp, char **cause)
{
	int down[2] = { -1, -1 }, up[2] = { -1, -1 }, rc;
	char rate[16], *argv[9];

	if (pipe2(down, O_CLOEXEC) < 0 || pipe2(up, O_CLOEXEC) < 0) {
		cause_set(cause, "speech: %s", strerror(errno));
		goto fail;
	}
	speech_args(sp->set, rate, sizeof rate, argv);
	rc = speech_spawn(sp, argv, down, up);
	if (rc != 0) {
		cause_set(cause, "speech: %s: %s", argv[0], strerror(rc));
		goto fail;
	}
	close(down[0]);
	close(up[1]);
	sp->to = down[1];
	sp->from = up[0];
	sp->inlen = 0;
	sp->why[0] = '\0';
	sp->retry_at = 0;
	sp->headset = false;
	fcntl(sp->to, F_SETFL, O_NONBLOCK);
	fcntl(sp->from, F_SETFL, O_NONBLOCK);
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (down[i] >= 0)
			close(down[i]);
		if (up[i] >= 0)
			close(up[i]);
	}
	return -1;
}

/* The next start after a wait that doubles each time. */
static void speech_later(struct speech *sp)
{
	sp->retry_at = mono_ms() + 1000LL * sp->backoff_s;
	sp->backoff_s = sp->backoff_s * 2 > SPEECH_RETRY_MAX_S
	                ? SPEECH_RETRY_MAX_S : sp->backoff_s * 2;
}

/* The helper started, its pipes ours (speech.h). */
struct speech *speech_start(const struct settings *set, char **cause)
{
	struct speech *sp = calloc(1, sizeof *sp);

	if (!sp) {
		cause_set(cause, "speech: out of memory");
		return NULL;
	}
	sp->set = set;
	sp->to = sp->from = -1;
	sp->backoff_s = SPEECH_RETRY_FIRST_S;
	if (speech_open(sp, cause) < 0) {
		free(sp);
		return NULL;
	}
	return sp;
}

int speech_retry_ms(const struct speech *sp)
{
	long long left;

	if (!sp || !sp->retry_at)
		return -1;
	left = sp->retry_at - mono_ms();
	return left > 0 ? (int)left : 0;
}

int speech_restart(struct speech *sp, char **cause)
{
	if (speech_retry_ms(sp) != 0)
		return -1;
	if (speech_open(sp, cause) == 0)
		return 0;
	speech_later(sp);
	return -1;
}

void speech_stop(struct speech *sp)
{
	if (!sp)
		return;
	if (sp->to >= 0)
		close(sp->to);       /* end of its input: it leaves */
	if (sp->from >= 0)
		close(sp->from);
	if (sp->pid > 0) {
		kill(sp->pid, SIGTERM);   /* without waiting for a sentence */
		waitpid(sp->pid, NULL, 0);
	}
	free(sp);
}

int speech_fd(const struct speech *sp)
{
	return sp && sp->from >= 0 ? sp->from : -1;
}

/* The helper is gone: its pipes closed, the process reaped. */
static enum speech_news speech_gone(struct speech *sp)
{
	close(sp->from);
	close(sp->to);
	sp->from = sp->to = -1;
	if (sp->pid > 0)
		waitpid(sp->pid, NULL, 0);
	sp->pid = 0;
	speech_later(sp);
	return SN_GONE;
}

/* One line of news. */
static enum speech_news speech_line(struct speech *sp, const char *line)
{
	if (strcmp(line, "ready") == 0) {
		sp->backoff_s = SPEECH_RETRY_FIRST_S;   /* it works again */
		return SN_READY;
	}
	if (strcmp(line, "done") == 0)
		return SN_DONE;
	/* the helper tells the state it starts with too: "headset 0" then
	 * is no news, and must not turn off speech asked for by its key */
	if (strcmp(line, "headset 1") == 0 || strcmp(line, "headset 0") == 0) {
		bool in = line[8] == '1';

		if (in == sp->headset)
			return SN_NONE;
		sp->headset = in;
		return in ? SN_HEADSET_IN : SN_HEADSET_OUT;
	}
	if (strncmp(line, "fail ", 5) == 0)
		snprintf(sp->why, sizeof sp->why, "%.200s", line + 5);
	return SN_NONE;
}

/* The next whole line of the helper's into line: 1, 0 none yet, -1 it is
 * gone (why says so). */
static int speech_read_line(struct speech *sp, char line[SPEECH_LINE_MAX],
                            char *why, size_t whysz)
{
	char *nl;
	ssize_t n;
	size_t len;

	while (!(nl = memchr(sp->in, '\n', sp->inlen))) {
		if (sp->inlen == sizeof sp->in)
			sp->inlen = 0;           /* no line is this long */
		n = read(sp->from, sp->in + sp->inlen, sizeof sp->in - sp->inlen);
		if (n > 0) {
			sp->inlen += (size_t)n;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		snprintf(why, whysz, "speech: %s", sp->why[0] ? sp->why
		         : "the helper ended");
		return -1;
	}
	len = (size_t)(nl - sp->in);
	memcpy(line, sp->in, len);
	line[len] = '\0';
	sp->inlen -= len + 1;
	memmove(sp->in, nl + 1, sp->inlen);
	return 1;
}

enum speech_news speech_news(struct speech *sp, char *why, size_t whysz)
{
	char line[SPEECH_LINE_MAX];
	enum speech_news sn = SN_NONE;
	int got = 0;

	if (!sp || sp->from < 0)
		return SN_NONE;
	/* lines that are no news are passed over, not left in the buffer
	 * (poll would not wake for them) */
	while (sn == SN_NONE &&
	       (got = speech_read_line(sp, line, why, whysz)) > 0)
		sn = speech_line(sp, line);
	return got < 0 ? speech_gone(sp) : sn;
}

void speech_send(struct speech *sp, const char *cmd, const char *text)
{
	char line[SPEECH_LINE_MAX];
	size_t n;

	if (!sp || sp->to < 0)
		return;
	n = (size_t)snprintf(line, sizeof line - 1, "%s%s%s", cmd,
	                     text ? " " : "", text ? text : "");
	if (n > sizeof line - 2)
		n = sizeof line - 2;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)line[i] < ' ')
			line[i] = ' ';
	line[n++] = '\n';
	/* a helper that cannot take it now misses it: the loop never blocks
	 * (a dead one is seen on its news fd) */
	if (write(sp->to, line, n) < 0)
		return;
}
