/* tty.c - curses start and stop, and the terminal's restoration on every
 * exit path: atexit for normal exits, tty_fatal for fatal errors, and a
 * crash handler (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT) that can only
 * use async-signal-safe calls: it puts back the saved termios and writes a
 * restore sequence prepared in advance, then dies of the same signal.
 * In kiosk mode on a Linux VT, VT switching and Scroll Lock are locked
 * (vt.c) and unlocked on every one of those paths.
 *
 * Global state: the saved termios, the restore sequence and the previous
 * handlers are written once in tty_start, before the crash handler is
 * installed, and only read afterwards (by the handler); tty_on is only
 * touched by the main thread. */
#include "build-config.h"
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <curses.h>
#include <term.h>
#include "tty.h"
#include "vt.h"

#define TTY_ESCDELAY_MS 50

static struct termios tty_saved;
static bool tty_have_saved;
static char tty_restore[128];
static size_t tty_restore_len;
static bool tty_on;
static SCREEN *tty_screen;

/* Append a terminfo string to the crash restore sequence. */
static void tty_add_restore(const char *cap)
{
	char *s = tigetstr((char *)cap);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (tty_restore_len + n < sizeof tty_restore) {
		memcpy(tty_restore + tty_restore_len, s, n);
		tty_restore_len += n;
	}
}

static const int tty_crash_sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE,
                                      SIGABRT };
#define TTY_NCRASH (sizeof tty_crash_sigs / sizeof tty_crash_sigs[0])
static struct sigaction tty_crash_old[TTY_NCRASH];

/* The crash handler: restore the terminal, then let the handler that was
 * there before (the default, or a sanitizer's report) have the signal. */
static void tty_crash(int sig)
{
	vt_unlock();
	if (tty_have_saved)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &tty_saved);
	if (tty_restore_len && write(STDOUT_FILENO, tty_restore,
	                             tty_restore_len) < 0) {
		/* nothing more can be done from here */
	}
	for (size_t i = 0; i < TTY_NCRASH; i++)
		if (tty_crash_sigs[i] == sig)
			sigaction(sig, &tty_crash_old[i], NULL);
	raise(sig);   /* delivered on return, to the old handler */
}

/* Install the crash handler for the signals that end a process. */
static void tty_crash_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tty_crash;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < TTY_NCRASH; i++)
		sigaction(tty_crash_sigs[i], &sa, &tty_crash_old[i]);
}

/* Keypad digits and Enter in application mode (ESC O p .. ESC O y, ESC O
 * M) arrive as the plain keys, whatever the terminal's keypad mode. */
static void tty_keypad_keys(void)
{
	char seq[4] = "\033Op";

	for (int d = 0; d < 10; d++) {
		seq[2] = (char)('p' + d);
		define_key(seq, '0' + d);
	}
	define_key("\033OM", '\n');
}

/* ncurses writes out after every cursor move until its screen has once
 * been left and resumed (after newterm it counts as "initial", as for
 * programs that use only the terminfo level): a countdown tick would leave
 * in 3-4 writes, over SSH each its own packet with 34-41 bytes of its own.
 * Leaving and resuming once, before anything is drawn, makes every frame
 * one write. */
static void tty_one_write_per_frame(void)
{
	def_prog_mode();
	endwin();
	doupdate();
}

/* Start curses. */
int tty_start(bool kiosk, char **cause)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*cause = strdup("eidkiosk: standard input and output must be a "
		                "terminal");
		return -1;
	}
	tty_have_saved = tcgetattr(STDIN_FILENO, &tty_saved) == 0;
	tty_screen = newterm(NULL, stdout, stdin);
	if (!tty_screen) {
		*cause = strdup("eidkiosk: cannot start the terminal (is TERM "
		                "set to a known terminal type?)");
		return -1;
	}
	tty_on = true;
	atexit(tty_stop);
	tty_add_restore("sgr0");
	tty_add_restore("cnorm");
	tty_add_restore("rmcup");
	tty_crash_handlers();
	if (kiosk) {
		/* raw() clears IXON: Ctrl-S cannot stop the output, and
		 * nothing here sets IXON again until tty_stop */
		raw();
		vt_lock(STDIN_FILENO);
	} else {
		cbreak();
	}
	noecho();
	nonl();
	set_escdelay(TTY_ESCDELAY_MS);
	curs_set(0);
	tty_keypad_keys();
	tty_one_write_per_frame();
	return 0;
}

/* Whether curses is running. */
bool tty_active(void)
{
	return tty_on;
}

/* Give the terminal back. */
void tty_stop(void)
{
	vt_unlock();
	if (!tty_on)
		return;
	tty_on = false;
	curs_set(1);
	endwin();
	if (tty_screen) {
		delscreen(tty_screen);
		tty_screen = NULL;
	}
}

/* Suspend: the terminal as it was, the process stopped until SIGCONT. */
void tty_suspend(void)
{
	if (!tty_on)
		return;
	def_prog_mode();
	endwin();
	kill(getpid(), SIGSTOP);
	reset_prog_mode();
	refresh();
}

/* A fatal error: the terminal back first, then the message (exit wipes
 * the secrets, secret.c). */
void tty_fatal(const char *fmt, ...)
{
	va_list ap;

	tty_stop();
	fputs("eidkiosk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}
