/* loop.h - the kiosk's one poll() loop: terminal keys, signals (signalfd),
 * the countdown/idle timer (timerfd, armed only while a timer runs) and
 * the card service's event fd. Nothing wakes it while nothing happens. */
#ifndef EIDKIOSK_LOOP_H
#define EIDKIOSK_LOOP_H

#include <signal.h>
#include <stdbool.h>
#include "card.h"
#include "monitor.h"
#include "settings.h"
#include "speech.h"
#include "ui.h"

struct loop_config {
	const struct settings *set;
	struct ui *ui;
	struct card_service *cs;
	bool demo;                 /* cs is the demo service: demo keys */
	int lang;                  /* index of the first language */
	struct monitor *mon;       /* the staff monitor's socket, or NULL */
	const char *config_path;   /* the settings file read (NULL: none) */
	struct audit *audit;       /* the audit trail, or NULL */
	struct speech *speech;     /* the speech helper, or NULL (none) */
	const struct lang *langs;  /* the offered languages, for speech */
};

/* The signals the loop reads from its signalfd. Block them with
 * loop_block_signals before any thread starts, so that every thread
 * inherits the mask and they reach the loop only. */
int loop_block_signals(sigset_t *set);

/* Run until the staff exit, SIGTERM or SIGHUP (and SIGINT/SIGQUIT outside
 * kiosk mode). Returns the exit status. */
int loop_run(const struct loop_config *cfg, const sigset_t *sigs);

#endif
