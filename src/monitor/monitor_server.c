/* monitor_server.c - the kiosk's end of the staff monitor: a non-blocking
 * UNIX socket served from the main poll() loop. Nothing a client does can
 * stall the kiosk: every socket is non-blocking, each client has a small
 * queue that keeps only the latest state when the client does not read,
 * and a client that sends anything but a short known command is dropped.
 * No user holds more than MONITOR_PER_USER_MAX of the slots. Connections,
 * disconnections, refusals and resets go to the audit trail with the
 * peer's uid (refusals at most one every MON_REFUSED_GAP seconds). */
#include "build-config.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "audit.h"
#include "cause.h"
#include "monitor.h"

#define MON_OUT_MAX 4096        /* queued bytes per client */
#define MON_IN_MAX 64           /* a command line */
#define MON_SNDBUF 8192         /* the kernel's share of a client's queue */
#define MON_WHO_MAX 48          /* "4201(name)" */
#define MON_REFUSED_GAP 10      /* seconds between two refusal records */

struct mon_client {
	int fd;
	uid_t uid;                  /* the peer's, from SO_PEERCRED */
	char who[MON_WHO_MAX];      /* uid and name, for the audit trail */
	char out[MON_OUT_MAX];
	size_t outoff, outlen;      /* unsent: out[outoff .. outlen) */
	bool cont;                  /* out[0] continues a line half sent */
	char in[MON_IN_MAX];
	size_t inlen;
};

struct monitor {
	int lfd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char group[64];
	bool reset_allowed;
	struct mon_client c[MONITOR_CLIENTS_MAX];
	int nc;
	char last[MONITOR_LINE_MAX];
	struct audit *audit;        /* the trail, or NULL */
	bool refused_any;           /* a refusal was recorded ... */
	time_t refused_at;          /* ... at this monotonic second */
	unsigned refused_skipped;   /* refusals not recorded since */
};

/* The peer as the audit trail shows it: "4201(ekclerk)". The name keeps
 * the value apart from a code's shape (all digits, which is redacted) and
 * is cut to [A-Za-z0-9._-]. */
static void mon_who(uid_t uid, char *buf, size_t n)
{
	struct passwd *pw;
	const char *name;
	size_t len;

	if (uid == (uid_t)-1) {
		snprintf(buf, n, "unknown");
		return;
	}
	pw = getpwuid(uid);
	name = pw ? pw->pw_name : "?";
	len = (size_t)snprintf(buf, n, "%u(", (unsigned)uid);
	for (; *name && len + 2 < n; name++) {
		unsigned char c = (unsigned char)*name;
		buf[len++] = (char)((c < 0x80 && (isalnum(c) || strchr("._-", c)))
		                    ? c : '_');
	}
	snprintf(buf + len, n - len, ")");
}

/* Send what is queued, as much as the socket takes now. */
static void mon_flush(struct mon_client *c)
{
	while (c->outoff < c->outlen) {
		ssize_t w = send(c->fd, c->out + c->outoff, c->outlen - c->outoff,
		                 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w <= 0)
			break;
		c->outoff += (size_t)w;
	}
	if (c->outoff == c->outlen) {
		c->outoff = c->outlen = 0;
		c->cont = false;
	}
}

/* Whether the client has received part of the line at outoff. */
static bool mon_mid_line(const struct mon_client *c)
{
	return c->outoff > 0 ? c->out[c->outoff - 1] != '\n' : c->cont;
}

/* Queue a line. When the client has not read what it was sent, the lines
 * not yet started are dropped (states: the latest says it all); a line
 * half sent is finished first, so the stream stays whole lines. */
static void mon_queue(struct mon_client *c, const char *line)
{
	size_t n = strlen(line);

	if (c->outlen + n > sizeof c->out) {
		size_t keep = c->outoff;
		bool mid = mon_mid_line(c);
		if (mid) {
			char *nl = memchr(c->out + c->outoff, '\n',
			                  c->outlen - c->outoff);
			keep = nl ? (size_t)(nl + 1 - c->out) : c->outlen;
		}
		memmove(c->out, c->out + c->outoff, keep - c->outoff);
		c->outlen = keep - c->outoff;
		c->outoff = 0;
		c->cont = mid && c->outlen > 0;
	}
	if (c->outlen + n <= sizeof c->out) {
		memcpy(c->out + c->outlen, line, n);
		c->outlen += n;
	}
	mon_flush(c);
}

/* Drop client i (why: a word for the audit trail). With nobody watching
 * the kiosk stops publishing, so the last line would go stale: forget it;
 * the next publish is news again. */
static void mon_drop(struct monitor *m, int i, const char *why)
{
	audit_record(m->audit, "monitor_disconnect", "uid=%s reason=%s",
	             m->c[i].who, why);
	close(m->c[i].fd);
	m->c[i] = m->c[--m->nc];
	if (m->nc == 0)
		m->last[0] = '\0';
}

/* Tell a connection why it is refused, and close it. */
static void mon_refuse(int fd, const char *why)
{
	char line[256];
	int n = snprintf(line, sizeof line, "error: %s\n", why);

	if (n > 0)
		(void)!send(fd, line, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
	close(fd);
}

/* Record a refused connection, at most one every MON_REFUSED_GAP seconds:
 * a client knocking in a loop cannot flood the trail. The refusals left
 * out are counted in the next record (skipped=N). */
static void mon_audit_refused(struct monitor *m, uid_t uid, const char *why)
{
	struct timespec now;
	char who[MON_WHO_MAX];

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (m->refused_any && now.tv_sec - m->refused_at < MON_REFUSED_GAP) {
		m->refused_skipped++;
		return;
	}
	mon_who(uid, who, sizeof who);
	audit_record(m->audit, "monitor_refused", "uid=%s reason=%s skipped=%u",
	             who, why, m->refused_skipped);
	m->refused_any = true;
	m->refused_at = now.tv_sec;
	m->refused_skipped = 0;
}

/* Why the peer on fd may not connect now (a word for the audit trail,
 * the line for the peer in line), or NULL: staff only, at most
 * MONITOR_PER_USER_MAX connections each, MONITOR_CLIENTS_MAX in all. */
static const char *mon_refusal(const struct monitor *m, int fd,
                               struct ucred *cr, char *line, size_t n)
{
	socklen_t len = sizeof *cr;
	int mine = 0;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, cr, &len) < 0)
		cr->uid = (uid_t)-1;
	if (cr->uid == (uid_t)-1 ||
	    !monitor_peer_allowed(cr->uid, cr->gid, m->group)) {
		snprintf(line, n, "refused: only members of the staff group "
		         "'%s' may monitor this kiosk", m->group);
		return "not_staff";
	}
	for (int i = 0; i < m->nc; i++)
		mine += m->c[i].uid == cr->uid;
	if (mine >= MONITOR_PER_USER_MAX) {
		snprintf(line, n, "too many monitors of one user are connected: "
		         "at most %d each; close one first", MONITOR_PER_USER_MAX);
		return "user_limit";
	}
	if (m->nc == MONITOR_CLIENTS_MAX) {
		snprintf(line, n, "too many monitors are connected");
		return "full";
	}
	return NULL;
}

/* A new connection: check who it is, greet it with the current state. */
static void mon_accept(struct monitor *m)
{
	struct ucred cr;
	struct mon_client *c;
	char why[160];
	const char *no;
	int fd;

	while ((fd = accept4(m->lfd, NULL, NULL,
	                     SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		if ((no = mon_refusal(m, fd, &cr, why, sizeof why))) {
			mon_audit_refused(m, cr.uid, no);
			mon_refuse(fd, why);
			continue;
		}
		/* A small kernel buffer: a client that stops reading meets
		 * mon_queue's latest-state rule soon, not after 200 KiB. */
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &(int){ MON_SNDBUF },
		                 sizeof(int));
		c = &m->c[m->nc++];
		*c = (struct mon_client){ .fd = fd, .uid = cr.uid };
		mon_who(cr.uid, c->who, sizeof c->who);
		audit_record(m->audit, "monitor_connect", "uid=%s", c->who);
		mon_queue(c, "eidkiosk-monitor 1\n");
		if (m->last[0])
			mon_queue(c, m->last);
	}
}

/* One command line from client i: NULL, or why the client is dropped. */
static const char *mon_command(struct monitor *m, int i, const char *cmd,
                               bool *reset)
{
	if (strcmp(cmd, "reset") != 0) {
		mon_queue(&m->c[i], "error: unknown command\n");
		return "unknown_command";
	}
	audit_record(m->audit, "monitor_reset", "uid=%s result=%s", m->c[i].who,
	             m->reset_allowed ? "ok" : "refused");
	if (!m->reset_allowed) {
		mon_queue(&m->c[i], "reset refused: the site settings do not "
		          "allow a reset from the monitor\n");
		return NULL;
	}
	mon_queue(&m->c[i], "reset ok\n");
	*reset = true;
	return NULL;
}

/* Read what client i sent: NULL, or why it is dropped (it closed, or
 * misbehaved). */
static const char *mon_read(struct monitor *m, int i, bool *reset)
{
	struct mon_client *c = &m->c[i];
	ssize_t r = recv(c->fd, c->in + c->inlen, sizeof c->in - c->inlen,
	                 MSG_DONTWAIT);
	const char *why;
	char *nl;

	if (r == 0)
		return "closed";
	if (r < 0)
		return errno == EAGAIN || errno == EINTR ? NULL : "closed";
	c->inlen += (size_t)r;
	while ((nl = memchr(c->in, '\n', c->inlen))) {
		*nl = '\0';
		if ((why = mon_command(m, i, c->in, reset)))
			return why;
		c->inlen -= (size_t)(nl + 1 - c->in);
		memmove(c->in, nl + 1, c->inlen);
	}
	if (c->inlen == sizeof c->in) {
		mon_queue(c, "error: line too long\n");
		return "line_too_long";
	}
	return NULL;
}

/* The client whose fd this is, or -1. */
static int mon_find(const struct monitor *m, int fd)
{
	for (int i = 0; i < m->nc; i++)
		if (m->c[i].fd == fd)
			return i;
	return -1;
}

int monitor_pollfds(const struct monitor *m, struct pollfd *out)
{
	out[0] = (struct pollfd){ m->lfd, POLLIN, 0 };
	for (int i = 0; i < m->nc; i++)
		out[1 + i] = (struct pollfd){ m->c[i].fd,
			POLLIN | (m->c[i].outlen ? POLLOUT : 0), 0 };
	return 1 + m->nc;
}

bool monitor_handle(struct monitor *m, const struct pollfd *fds, int n)
{
	bool reset = false;
	const char *why;

	for (int k = 1; k < n; k++) {
		int i = mon_find(m, fds[k].fd);
		if (i < 0 || !fds[k].revents)
			continue;
		if (fds[k].revents & POLLOUT)
			mon_flush(&m->c[i]);
		if ((fds[k].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    (why = mon_read(m, i, &reset)))
			mon_drop(m, i, why);
	}
	if (n > 0 && (fds[0].revents & POLLIN))
		mon_accept(m);
	return reset;
}

bool monitor_watched(const struct monitor *m)
{
	return m && m->nc > 0;
}

void monitor_publish(struct monitor *m, const char *line)
{
	if (!m || strcmp(line, m->last) == 0)
		return;
	snprintf(m->last, sizeof m->last, "%s", line);
	for (int i = 0; i < m->nc; i++)
		mon_queue(&m->c[i], m->last);
}

/* Replace a socket left by a kiosk that is gone; refuse to take over one
 * that still answers. */
static int mon_clear_path(const struct sockaddr_un *sa, char **cause)
{
	struct stat st;
	int fd;

	if (lstat(sa->sun_path, &st) < 0)
		return 0;
	if (!S_ISSOCK(st.st_mode)) {
		cause_set(cause, "%s: exists and is not a socket", sa->sun_path);
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (const struct sockaddr *)sa, sizeof *sa) == 0) {
		close(fd);
		cause_set(cause, "%s: another kiosk is serving it", sa->sun_path);
		return -1;
	}
	if (fd >= 0)
		close(fd);
	unlink(sa->sun_path);
	return 0;
}

/* Bind with mode 0660 (umask around bind) and the staff group. */
static int mon_bind(struct monitor *m, const struct sockaddr_un *sa,
                    char **cause)
{
	struct group *gr = m->group[0] ? getgrnam(m->group) : NULL;
	mode_t old = umask(0117);
	int rc = bind(m->lfd, (const struct sockaddr *)sa, sizeof *sa);

	umask(old);
	if (rc < 0 || listen(m->lfd, MONITOR_CLIENTS_MAX) < 0) {
		cause_set(cause, "%s: %s", sa->sun_path, strerror(errno));
		return -1;
	}
	if (gr && chown(sa->sun_path, (uid_t)-1, gr->gr_gid) < 0)
		return 0;           /* not ours to give: mode 0660 still fences */
	return 0;
}

/* Listen for staff monitors (monitor.h). */
struct monitor *monitor_open(const char *path, const char *group,
                             bool reset_allowed, char **cause)
{
	static struct monitor mon;   /* one per kiosk */
	struct monitor *m = &mon;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	if (strlen(path) >= sizeof sa.sun_path) {
		cause_set(cause, "%s: path too long for a socket", path);
		return NULL;
	}
	memset(m, 0, sizeof *m);
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	snprintf(m->path, sizeof m->path, "%s", path);
	snprintf(m->group, sizeof m->group, "%s", group ? group : "");
	m->reset_allowed = reset_allowed;
	if (mon_clear_path(&sa, cause) < 0)
		return NULL;
	m->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (m->lfd < 0) {
		cause_set(cause, "socket: %s", strerror(errno));
		return NULL;
	}
	if (mon_bind(m, &sa, cause) < 0) {
		close(m->lfd);
		return NULL;
	}
	return m;
}

/* Where connections, refusals, resets and disconnections are recorded. */
void monitor_set_audit(struct monitor *m, struct audit *a)
{
	if (m)
		m->audit = a;
}

void monitor_close(struct monitor *m)
{
	if (!m)
		return;
	while (m->nc > 0)
		mon_drop(m, 0, "kiosk_stop");
	close(m->lfd);
	unlink(m->path);
}
