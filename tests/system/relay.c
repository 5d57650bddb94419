/* relay.c - a slow link for the system tests: a TCP relay on loopback that
 * holds every byte for a fixed time in each direction (this kernel has no
 * netem qdisc to delay loopback), and counts what passes, so that a test
 * sees what a terminal far away would: ssh to the kiosk through it.
 *
 *   relay [--delay-ms MS] [--count FILE] [--trace FILE] PORT TARGET
 *
 * Listens on 127.0.0.1:PORT; each connection accepted there is connected
 * to 127.0.0.1:TARGET and both directions are forwarded, each chunk read
 * delivered MS milliseconds later (default 0), in order. "up" is from the
 * client to TARGET, "down" from TARGET to the client.
 *
 * --count FILE is rewritten whole (a new file renamed over it, so a reader
 * never sees half of it) each time data is delivered and each time a
 * connection comes or goes:
 *     up BYTES WRITES
 *     down BYTES WRITES
 *     connections ACCEPTED OPEN
 * --trace FILE gets a line per delivery: "MS up|down BYTES", MS the wall
 * clock in milliseconds (the tests' EPOCHREALTIME), for telling a
 * countdown's ticks from a key's echo.
 *
 * One poll() loop; a chunk waits in a timestamped queue, and poll's time-out
 * is the next chunk's due time: nothing sleeps, nothing spins. */
#include "build-config.h"
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#define RELAY_CONNS 8
#define RELAY_READ 16384
#define RELAY_QUEUE_MAX (1024 * 1024)   /* bytes held per direction */

enum { UP, DOWN };

struct chunk {
	struct chunk *next;
	int64_t due_ms;          /* monotonic */
	size_t len, off;
	unsigned char data[];
};

/* One direction of one connection: from fd "from" to fd "to". */
struct flow {
	int from, to;
	struct chunk *head, *tail;
	size_t held;
	bool eof;                /* from has ended: shut "to" once drained */
	bool shut;
};

struct conn {
	bool used;
	struct flow f[2];
};

struct relay {
	int lfd;
	int64_t delay_ms;
	const char *count_path;
	FILE *trace;
	struct conn c[RELAY_CONNS];
	unsigned long long bytes[2], writes[2];
	unsigned long accepted;
	int open;
};

static volatile sig_atomic_t relay_stop;

/* SIGTERM and SIGINT end the loop, so the counts are written once more. */
static void relay_on_signal(int sig)
{
	(void)sig;
	relay_stop = 1;
}

/* Milliseconds on the clock given: monotonic for due times, the wall
 * clock for the trace. */
static int64_t relay_ms(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Write the counts to a new file and rename it over the old: a test polls
 * the file and must never read it half written. */
static void relay_write_counts(const struct relay *r)
{
	char tmp[4096];
	FILE *f;

	if (!r->count_path)
		return;
	snprintf(tmp, sizeof tmp, "%s.tmp", r->count_path);
	if (!(f = fopen(tmp, "w")))
		return;
	fprintf(f, "up %llu %llu\ndown %llu %llu\nconnections %lu %d\n",
	        r->bytes[UP], r->writes[UP], r->bytes[DOWN], r->writes[DOWN],
	        r->accepted, r->open);
	if (fclose(f) == 0)
		rename(tmp, r->count_path);
}

/* A socket that does not wait for more bytes before it sends (Nagle):
 * the relay's delay is to be the only one it adds. */
static void relay_nodelay(int fd)
{
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* The listening socket on 127.0.0.1:port. */
static int relay_listen(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
	                          .sin_port = htons((uint16_t)port),
	                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 8) < 0) {
		perror("relay: listen");
		return -1;
	}
	return fd;
}

/* A connection to 127.0.0.1:port (loopback: connect does not wait). */
static int relay_connect(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
	                          .sin_port = htons((uint16_t)port),
	                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		perror("relay: connect");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Free what a flow still holds. */
static void relay_flow_free(struct flow *f)
{
	while (f->head) {
		struct chunk *c = f->head;

		f->head = c->next;
		free(c);
	}
	f->tail = NULL;
	f->held = 0;
}

/* Close a connection in both directions, whatever it still holds. */
static void relay_close(struct relay *r, struct conn *c)
{
	relay_flow_free(&c->f[UP]);
	relay_flow_free(&c->f[DOWN]);
	close(c->f[UP].from);
	close(c->f[UP].to);
	memset(c, 0, sizeof *c);
	r->open--;
	relay_write_counts(r);
}

/* Take a client and pair it with a new connection to the target. */
static void relay_accept(struct relay *r, int target)
{
	int cfd = accept4(r->lfd, NULL, NULL, SOCK_CLOEXEC), tfd;
	struct conn *c = NULL;

	if (cfd < 0)
		return;
	for (int i = 0; i < RELAY_CONNS && !c; i++)
		if (!r->c[i].used)
			c = &r->c[i];
	if (!c || (tfd = relay_connect(target)) < 0) {
		close(cfd);
		return;
	}
	relay_nodelay(cfd);
	relay_nodelay(tfd);
	memset(c, 0, sizeof *c);
	c->used = true;
	c->f[UP] = (struct flow){ .from = cfd, .to = tfd };
	c->f[DOWN] = (struct flow){ .from = tfd, .to = cfd };
	r->accepted++;
	r->open++;
	relay_write_counts(r);
}

/* Read what the flow's source has into a chunk due delay_ms from now.
 * Returns -1 when the connection is broken. */
static int relay_read(struct relay *r, struct flow *f)
{
	unsigned char buf[RELAY_READ];
	struct chunk *c;
	ssize_t n = read(f->from, buf, sizeof buf);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	if (n == 0) {
		f->eof = true;
		return 0;
	}
	if (!(c = malloc(sizeof *c + (size_t)n)))
		return -1;
	*c = (struct chunk){ .due_ms = relay_ms(CLOCK_MONOTONIC) + r->delay_ms,
	                     .len = (size_t)n };
	memcpy(c->data, buf, (size_t)n);
	if (f->tail)
		f->tail->next = c;
	else
		f->head = c;
	f->tail = c;
	f->held += (size_t)n;
	return 0;
}

/* Count a delivery, in the count file and the trace. */
static void relay_count(struct relay *r, int dir, size_t n)
{
	r->bytes[dir] += n;
	r->writes[dir]++;
	if (r->trace)
		fprintf(r->trace, "%lld %s %zu\n",
		        (long long)relay_ms(CLOCK_REALTIME), dir == UP ? "up" : "down", n);
	relay_write_counts(r);
}

/* Deliver the chunks that are due, as far as the receiver takes them;
 * shut its sending side once the source ended and all is delivered.
 * Returns -1 when the connection is broken. */
static int relay_write(struct relay *r, struct flow *f, int dir)
{
	int64_t now = relay_ms(CLOCK_MONOTONIC);

	while (f->head && f->head->due_ms <= now) {
		struct chunk *c = f->head;
		ssize_t n = send(f->to, c->data + c->off, c->len - c->off,
		                 MSG_NOSIGNAL);

		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		relay_count(r, dir, (size_t)n);
		f->held -= (size_t)n;
		c->off += (size_t)n;
		if (c->off < c->len)
			return 0;
		f->head = c->next;
		if (!f->head)
			f->tail = NULL;
		free(c);
	}
	if (f->eof && !f->head && !f->shut) {
		shutdown(f->to, SHUT_WR);
		f->shut = true;
	}
	return 0;
}

/* The events a flow waits for on its two ends, and how long until its
 * next chunk is due (-1: none waits). */
static int relay_flow_wait(const struct flow *f, short *from_ev,
                           short *to_ev, int64_t now)
{
	if (!f->eof && f->held < RELAY_QUEUE_MAX)
		*from_ev |= POLLIN;
	if (!f->head)
		return -1;
	if (f->head->due_ms > now)
		return (int)(f->head->due_ms - now);
	*to_ev |= POLLOUT;
	return -1;
}

/* The smaller of two time-outs, -1 being none. */
static int relay_min(int a, int b)
{
	return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

/* A pollfd for one end of a connection: an end nothing is wanted of is
 * left out (a negative fd), so that its hang-up does not wake the loop
 * while the other direction still holds chunks. */
static struct pollfd relay_pollfd(int fd, short ev)
{
	return (struct pollfd){ ev ? fd : -1, ev, 0 };
}

/* One pass: wait for sockets or the next due chunk, then move data. */
static void relay_pass(struct relay *r, int target)
{
	struct pollfd p[1 + 2 * RELAY_CONNS] = { { r->lfd, POLLIN, 0 } };
	int64_t now = relay_ms(CLOCK_MONOTONIC);
	int n = 1, timeout = -1, idx[RELAY_CONNS] = { 0 };
	const short ready = POLLIN | POLLHUP | POLLERR;

	for (int i = 0; i < RELAY_CONNS; i++) {
		struct conn *c = &r->c[i];
		short ev[2] = { 0, 0 };      /* client side, target side */

		if (!c->used)
			continue;
		timeout = relay_min(timeout, relay_flow_wait(&c->f[UP], &ev[0], &ev[1], now));
		timeout = relay_min(timeout, relay_flow_wait(&c->f[DOWN], &ev[1], &ev[0], now));
		idx[i] = n;
		p[n++] = relay_pollfd(c->f[UP].from, ev[0]);
		p[n++] = relay_pollfd(c->f[UP].to, ev[1]);
	}
	if (poll(p, (nfds_t)n, timeout) < 0)
		return;
	for (int i = 0; i < RELAY_CONNS; i++) {
		struct conn *c = &r->c[i];
		int bad = 0;

		if (!idx[i])
			continue;
		if (p[idx[i]].revents & ready)
			bad |= relay_read(r, &c->f[UP]);
		if (p[idx[i] + 1].revents & ready)
			bad |= relay_read(r, &c->f[DOWN]);
		bad |= relay_write(r, &c->f[UP], UP);
		bad |= relay_write(r, &c->f[DOWN], DOWN);
		if (bad || (c->f[UP].shut && c->f[DOWN].shut))
			relay_close(r, c);
	}
	if (p[0].revents & POLLIN)
		relay_accept(r, target);
}

/* A port number, 1 to 65535. */
static int relay_port(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v > 0 && v < 65536 ? (int)v : -1;
}

/* The options; -1 on a usage error. */
static int relay_opts(int argc, char **argv, struct relay *r, int *port,
                      int *target)
{
	static const struct option lo[] = {
		{ "delay-ms", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'c' },
		{ "trace", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	int o;

	while ((o = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (o == 'd')
			r->delay_ms = strtol(optarg, NULL, 10);
		else if (o == 'c')
			r->count_path = optarg;
		else if (o == 't' && !(r->trace = fopen(optarg, "a")))
			return -1;
		else if (o != 't')
			return -1;
	}
	if (argc - optind != 2 || r->delay_ms < 0)
		return -1;
	*port = relay_port(argv[optind]);
	*target = relay_port(argv[optind + 1]);
	return *port < 0 || *target < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	static struct relay r;
	struct sigaction sa = { .sa_handler = relay_on_signal };
	int port, target;

	if (relay_opts(argc, argv, &r, &port, &target) < 0) {
		fprintf(stderr, "usage: relay [--delay-ms MS] [--count FILE] "
		        "[--trace FILE] PORT TARGET\n");
		return 2;
	}
	if (r.trace)
		setvbuf(r.trace, NULL, _IOLBF, 0);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if ((r.lfd = relay_listen(port)) < 0)
		return 1;
	relay_write_counts(&r);
	while (!relay_stop)
		relay_pass(&r, target);
	for (int i = 0; i < RELAY_CONNS; i++)
		if (r.c[i].used)
			relay_close(&r, &r.c[i]);
	return 0;
}
