/* tty.h - the terminal under curses: starting it in kiosk (raw) or normal
 * (cbreak) mode, and giving it back on every way out: a normal exit, a
 * signal, a fatal error, even a crash. */
#ifndef EIDKIOSK_TTY_H
#define EIDKIOSK_TTY_H

#include <stdbool.h>

/* Start curses on the terminal. kiosk: raw mode, so Ctrl-C, Ctrl-Z and
 * Ctrl-\ arrive as keys (and are ignored) instead of signals. Returns -1
 * with *cause when there is no usable terminal. */
int tty_start(bool kiosk, char **cause);

/* Give the terminal back (endwin). Safe to call twice; also at exit. */
void tty_stop(void);

/* Whether curses is running. */
bool tty_active(void);

/* Leave curses for a moment (SIGTSTP outside kiosk mode) and return. */
void tty_suspend(void);

/* Restore the terminal, wipe the secrets, print the message, exit 1. */
void tty_fatal(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#endif
