/* fuzz_monitor.c - the kiosk's side of the staff monitor, through real
 * UNIX sockets: a script of client actions (connect, send bytes, read a
 * little or a lot, stop reading, half-close, close) and state changes the
 * kiosk publishes, with the server's poll/handle step after each. The
 * server must never crash or block, must send every client whole lines of
 * the protocol (greeting first, states whole as published, a reset
 * answer that matches the site setting), and must let every client go
 * once it has gone, leaving no fd open.
 * Input: byte 0 bit 0 = staff.reset_allowed; then op bytes (low 3 bits)
 * with their arguments, see run_op. */
#include "build-config.h"
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "fuzz.h"
#include "monitor.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

#define CLIENTS 10           /* more than the server takes */

struct client {
	int fd;
	char line[MONITOR_LINE_MAX + 1];
	size_t len;
	unsigned lines;
	bool ended;          /* the server closed it, or said error */
};

struct run {
	const uint8_t *d;
	size_t n, off;
	struct monitor *m;
	bool reset_allowed;
	struct client c[CLIENTS];
	int nc;
};

static uint8_t next(struct run *r)
{
	return r->off < r->n ? r->d[r->off++] : 0;
}

/* Poll the server's fds without waiting and let it handle them. */
static void serve(struct run *r)
{
	struct pollfd fds[1 + MONITOR_CLIENTS_MAX];
	int k = monitor_pollfds(r->m, fds);

	FZ_CHECK(k >= 1 && k <= 1 + MONITOR_CLIENTS_MAX);
	if (poll(fds, (nfds_t)k, 0) < 0)
		FZ_CHECK(errno == EINTR);
	if (monitor_handle(r->m, fds, k))
		FZ_CHECK(r->reset_allowed);
}

/* FNV-1a of n bytes: every state line the kiosk publishes here carries
 * the hash of its payload, so a line made of pieces of two is caught. */
static uint32_t fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

/* Whether line (without '\n') is whole as published: "state h=HASH " and
 * the payload it hashes. */
static bool state_whole(const char *line, size_t len)
{
	char hex[9];

	if (len < 17 || line[16] != ' ')
		return false;
	snprintf(hex, sizeof hex, "%08x", fnv(line + 17, len - 17));
	return memcmp(line + 8, hex, 8) == 0;
}

/* One whole line a client got, without its '\n'. */
static void check_line(struct run *r, struct client *c)
{
	const char *l = c->line;
	size_t len = c->len;

	FZ_CHECK(!c->ended);
	if (c->lines++ == 0) {
		/* A greeting, or why it was refused. */
		FZ_CHECK((len == 18 && memcmp(l, "eidkiosk-monitor 1", 18) == 0) ||
		         strncmp(l, "error: ", 7) == 0);
	} else if (strncmp(l, "state h=", 8) == 0) {
		FZ_CHECK(state_whole(l, len));
	} else if (strncmp(l, "reset ok", 8) == 0) {
		FZ_CHECK(len == 8 && r->reset_allowed);
	} else if (strncmp(l, "reset refused: ", 15) == 0) {
		FZ_CHECK(!r->reset_allowed);
	} else {
		FZ_CHECK(strncmp(l, "error: ", 7) == 0);
	}
	if (strncmp(l, "error: ", 7) == 0)
		c->ended = true;
	c->len = 0;
}

/* Read up to want bytes a client has been sent. */
static void client_read(struct run *r, struct client *c, size_t want)
{
	char buf[512];

	while (want > 0 && c->fd >= 0) {
		ssize_t got = recv(c->fd, buf, want < sizeof buf ? want : sizeof buf,
		                   MSG_DONTWAIT);
		if (got == 0) {
			/* Closed (a line cut short is possible only when the
			 * server dropped a client that misbehaved). */
			c->ended = true;
			return;
		}
		if (got < 0) {
			FZ_CHECK(errno == EAGAIN || errno == ECONNRESET);
			return;
		}
		for (ssize_t i = 0; i < got; i++) {
			if (buf[i] == '\n') {
				check_line(r, c);
				continue;
			}
			FZ_CHECK(c->len < MONITOR_LINE_MAX - 1);
			c->line[c->len++] = buf[i];
		}
		want -= (size_t)got;
	}
}

static void client_close(struct run *r, int k)
{
	close(r->c[k].fd);
	r->c[k] = r->c[--r->nc];
}

/* Publish "state h=HASH payload\n" (payload printable, no '\n'). */
static void publish(struct run *r, const char *payload)
{
	char line[MONITOR_LINE_MAX];
	size_t n = strlen(payload);

	snprintf(line, sizeof line, "state h=%08x %s\n", fnv(payload, n), payload);
	FZ_CHECK(strlen(line) == 18 + n);
	monitor_publish(r->m, line);
}

static void run_op(struct run *r, const char *path)
{
	uint8_t op = next(r);
	struct client *c = r->nc ? &r->c[next(r) % r->nc] : NULL;
	char line[MONITOR_LINE_MAX];
	size_t len;

	switch (op & 7) {
	case 0: {               /* connect */
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		int fd;
		if (r->nc == CLIENTS)
			break;
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		FZ_CHECK(fd >= 0);
		snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
		if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
			FZ_CHECK(errno == EAGAIN);   /* backlog full */
			close(fd);
			break;
		}
		r->c[r->nc++] = (struct client){ .fd = fd };
		break;
	}
	case 1:                 /* a client sends bytes */
		len = next(r) % 96;
		if (len > r->n - r->off)
			len = r->n - r->off;
		if (c)
			(void)!send(c->fd, r->d + r->off, len,
			            MSG_DONTWAIT | MSG_NOSIGNAL);
		r->off += len;
		break;
	case 2:                 /* a client reads a little */
		if (c)
			client_read(r, c, 1 + next(r) % 64);
		break;
	case 3:                 /* a client goes away */
		if (c)
			client_close(r, (int)(c - r->c));
		break;
	case 4:                 /* the state changes: any printable text */
		len = 0;
		for (size_t k = next(r); k > 0 && len < sizeof line - 20; k--) {
			uint8_t b = next(r);
			line[len++] = b >= 0x20 && b < 0x7f ? (char)b : '_';
		}
		line[len] = '\0';
		publish(r, line);
		break;
	case 5:                 /* many changes, long lines: queues fill */
		for (int k = 1 + next(r) % 64; k > 0; k--) {
			snprintf(line, sizeof line, "seq=%d pad=%0*d", k,
			         (int)(sizeof line - 40), 0);
			publish(r, line);
		}
		break;
	case 6:                 /* a client stops sending */
		if (c)
			shutdown(c->fd, SHUT_WR);
		break;
	case 7:                 /* a client reads everything */
		if (c)
			client_read(r, c, 1 << 20);
		break;
	}
}

/* How many fds the process has open: the same before and after an input
 * when every fd opened meanwhile was closed. */
static int open_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	int n = 0;

	FZ_CHECK(dir != NULL);
	while (readdir(dir))
		n++;
	closedir(dir);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static char path[300];
	struct run *r;
	char *err = NULL;
	struct pollfd fds[1 + MONITOR_CLIENTS_MAX];
	int rounds = 0, fds_before;

	if (!path[0])
		snprintf(path, sizeof path, "%s/monitor.sock", fz_tmpdir());
	fds_before = open_fds();
	r = calloc(1, sizeof *r);
	FZ_CHECK(r != NULL);
	r->d = d;
	r->n = n;
	r->reset_allowed = n > 0 && (d[0] & 1);
	r->off = 1;
	r->m = monitor_open(path, "", r->reset_allowed, &err);
	if (!r->m) {
		fprintf(stderr, "fuzz: monitor_open: %s\n", err);
		abort();
	}
	while (r->off < r->n) {
		run_op(r, path);
		serve(r);
	}
	/* Everyone reads what is left, then leaves: the server must let
	 * every client go. */
	for (int k = 0; k < r->nc; k++)
		client_read(r, &r->c[k], 1 << 20);
	while (r->nc > 0)
		client_close(r, 0);
	do {
		serve(r);
		FZ_CHECK(++rounds < 64);
	} while (monitor_pollfds(r->m, fds) > 1);
	monitor_close(r->m);
	/* No socket of the server's outlives it. */
	FZ_CHECK(open_fds() == fds_before);
	free(r);
	return 0;
}
