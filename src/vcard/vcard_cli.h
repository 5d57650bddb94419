/* vcard_cli.h - eidkiosk-vcard's "run" mode, shared by its two files
 * (vcard_cli.c parses, vcard_run.c serves vpcd). Not a library contract. */
#ifndef EIDKIOSK_VCARD_CLI_H
#define EIDKIOSK_VCARD_CLI_H

#include "vcard.h"

/* What "eidkiosk-vcard run" was asked to do; fault numbers count APDUs
 * from 1, 0 means off. */
struct vcard_run_opts {
	const char *state;
	const char *host;   /* vpcd's address */
	const char *port;
	const char *log;    /* NULL: no log */
	enum vcard_link link;   /* the reader the card sits behind */
	long vanish_before, vanish_after, mute_at, garbage_at;
	long slow_ms;
	long slow_write_ms;     /* a command carrying a code waits this long */
	long refuse_status;     /* a code reference whose GET DATA gets 6A88 */
};

/* Parse one --fault SPEC ("vanish-before:N", "vanish-after:N", "slow:MS",
 * "slow-write:MS", "mute-at:N", "garbage-at:N", "refuse-status:REF" with
 * REF in hex) into o; 0 ok, -1 malformed. */
int vcard_fault_parse(struct vcard_run_opts *o, const char *spec);

/* Serve the card in o->state to vpcd until SIGTERM/SIGINT or a vanish
 * fault; returns the process exit status. */
int vcard_run(const struct vcard_run_opts *o);

#endif
