/* diag.h - what the staff service screen shows about the machine beside
 * the model's card in the reader (app.seen): the card service and readers,
 * the versions of the program and its libraries, and a fresh
 * configuration check. Gathered by the loop when the service screen
 * opens. */
#ifndef EIDKIOSK_DIAG_H
#define EIDKIOSK_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include "audit.h"
#include "settings.h"

struct diag {
	bool pcscd_up;
	char pcscd_problem[200]; /* why it is down, when known (card_problem) */
	char readers[256];       /* "A, B"; "" none */
	char versions[256];
	int config_problems;     /* -1: could not check */
	struct audit_status audit;   /* the audit trail's health */
};

/* "eidkiosk 0.1, ncurses 6.4.20221231, pcsc-lite 1.9.9, ..." with sep
 * between the items. */
void diag_versions(char *buf, size_t n, const char *sep);

/* Problems eidkiosk --check-config would report now (nothing printed). */
int diag_config_problems(const struct settings *s, const char *path);

#endif
