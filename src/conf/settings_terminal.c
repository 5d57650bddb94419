/* settings_terminal.c - several kiosks on one machine (a tty1 kiosk and
 * citizens' kiosks over SSH): each is named with --terminal, and the paths
 * that must be its own get the name, so no two share a monitor socket, an
 * audit trail (whose forward-secure key one writer evolves) or a pcscd
 * socket forwarded from a terminal. */
#include "build-config.h"
#include <stdio.h>
#include <string.h>
#include "cause.h"
#include "settings.h"

#define TERMINAL_MAX 32

/* Letters, digits, - and _: safe in a path, a syslog tag and an audit
 * field. */
static bool terminal_name_ok(const char *name)
{
	size_t n = strlen(name);

	return n >= 1 && n <= TERMINAL_MAX &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                    "0123456789-_") == n;
}

/* path -> path with "-name" before the extension of its last part; false
 * when it does not fit in cap. An empty path stays empty. */
static bool terminal_path(char *path, size_t cap, const char *name)
{
	char out[512];
	const char *base = strrchr(path, '/');
	const char *dot = strrchr(base ? base + 1 : path, '.');
	size_t stem;

	if (!path[0])
		return true;
	if (!dot || dot == (base ? base + 1 : path))
		dot = path + strlen(path);
	stem = (size_t)(dot - path);
	if ((size_t)snprintf(out, sizeof out, "%.*s-%s%s", (int)stem, path, name,
	                     dot) >= cap)
		return false;
	memcpy(path, out, strlen(out) + 1);
	return true;
}

/* This kiosk's own paths for --terminal NAME (settings.h). */
int settings_terminal(struct settings *s, const char *name, char **cause)
{
	struct { char *path; size_t cap; const char *setting; } p[] = {
		{ s->monitor_socket, SETTINGS_SOCKET_MAX + 1, "staff.monitor_socket" },
		{ s->pcscd_socket, SETTINGS_SOCKET_MAX + 1, "pcscd_socket" },
		{ s->audit_file, sizeof s->audit_file, "audit.file" },
		{ s->audit_key_file, sizeof s->audit_key_file, "audit.key_file" },
	};

	if (!terminal_name_ok(name)) {
		cause_set(cause, "--terminal takes a name of 1 to %d letters, "
		          "digits, - and _", TERMINAL_MAX);
		return -1;
	}
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
		if (!terminal_path(p[i].path, p[i].cap, name)) {
			cause_set(cause, "--terminal %s: %s gets too long with "
			          "the name", name, p[i].setting);
			return -1;
		}
	snprintf(s->terminal, sizeof s->terminal, "%s", name);
	return 0;
}
