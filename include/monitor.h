/* monitor.h - the staff monitor: the kiosk publishes one line of state on
 * a local UNIX socket each time it changes; `eidkiosk --monitor` shows
 * them live. Never a code, never anything typed, not even how many digits.
 *
 * Protocol (text, one line each way, at most MONITOR_LINE_MAX bytes):
 *   kiosk -> client: "eidkiosk-monitor 1\n", then "state k=v k=v ...\n"
 *                    on every change, "reset ok\n" / "reset refused: ...\n",
 *                    "error: ...\n" (then the kiosk closes the connection)
 *   client -> kiosk: "reset\n" (staff reset, when the site allows it)
 * Only root, the kiosk's own user and members of the staff group get in
 * (the peer's credentials, SO_PEERCRED); the socket's mode and group are
 * a second fence. A client that does not read only ever misses states in
 * between: its queue keeps the latest; one that misbehaves is dropped.
 * One user holds at most MONITOR_PER_USER_MAX of the MONITOR_CLIENTS_MAX
 * slots (`--monitor --reset` counts too while it waits for the answer),
 * so one staff member cannot lock the others out. */
#ifndef EIDKIOSK_MONITOR_H
#define EIDKIOSK_MONITOR_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "app.h"

#define MONITOR_LINE_MAX 512
#define MONITOR_CLIENTS_MAX 8
#define MONITOR_PER_USER_MAX 2

/* ---- the state line (monitor_state.c) ---- */

/* The facts outside the model the line shows. */
struct monitor_facts {
	const char *lang;          /* language code */
	const char *reader;        /* reader name, "" when none */
	const char *atr;           /* the card's ATR in hex, "" when none */
	const char *audit;         /* "ok", or the audit trail's alarm word */
};

/* "state screen=enter_pin1 journey=activate step=2/5 ..." with '\n'; the
 * last field, reader_name="...", has '"' and '\' escaped with '\' (the name
 * itself was cleaned as it came from pcscd, outside.h), so the line always
 * parses as key=value words; a name too long for the line is cut between
 * characters, before the closing quote. */
size_t monitor_state_line(const struct app *a, const struct monitor_facts *f,
                          char *buf, size_t n);

/* ---- who may connect (monitor_peer.c) ---- */

/* Whether the user uid (primary group gid) may use the monitor: root, the
 * kiosk's own user, or a member of group (by name). */
bool monitor_peer_allowed(uid_t uid, gid_t gid, const char *group);

/* ---- the kiosk's side (monitor_server.c) ---- */

struct monitor;
struct audit;

/* Listen on path (a stale socket there is replaced); the socket gets mode
 * 0660 and the staff group when it exists. NULL with *cause on failure. */
struct monitor *monitor_open(const char *path, const char *group,
                             bool reset_allowed, char **cause);

/* The fds to poll (listener and clients), at most 1 + MONITOR_CLIENTS_MAX. */
int monitor_pollfds(const struct monitor *m, struct pollfd *out);

/* Handle what poll reported on those fds (same order). Returns true when
 * an allowed reset was asked for. */
bool monitor_handle(struct monitor *m, const struct pollfd *fds, int n);

/* Whether any monitor is connected: without one there is nobody to
 * publish the state to. */
bool monitor_watched(const struct monitor *m);

/* Send the state line to every client, if it changed since the last one. */
void monitor_publish(struct monitor *m, const char *line);

/* Record in a (NULL: nowhere) who connects, is refused, disconnects and
 * asks for a reset: monitor_connect, monitor_refused (at most one every
 * 10 s, with the number left out), monitor_disconnect, monitor_reset, each
 * with uid=N(name). m NULL is fine. a must outlive monitor_close. */
void monitor_set_audit(struct monitor *m, struct audit *a);

/* Close everything (recorded as disconnections) and remove the socket. */
void monitor_close(struct monitor *m);

/* ---- `eidkiosk --monitor` (monitor_client.c) ---- */

/* Connect to path and print the kiosk's states until it goes away (exit
 * 1), or with reset ask for a reset and print the answer (0 done, 1
 * refused). Clear messages for a missing kiosk or a refusal. */
int monitor_client_run(const char *path, bool reset);

#endif
