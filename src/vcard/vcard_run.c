/* vcard_run.c - "eidkiosk-vcard run": the virtual card as a vpcd client.
 * Connecting inserts the card, closing removes it. Frames are a 2-byte
 * big-endian length and a payload; a 1-byte payload is a control message.
 * Signals arrive through a signalfd so that no global state is needed.
 * Behind a TPDU-level reader (--reader tpdu, the default) a command that is
 * no valid T=0 TPDU is logged and reported on stderr as a "T=0 violation". */
#include "build-config.h"
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include "vcard.h"
#include "vcard_cli.h"
#include "vcard_state.h"
#include "hex.h"

#define FRAME_MAX 65535
#define BACKOFF_MIN_MS 50
#define BACKOFF_MAX_MS 1000

/* How serving one connection ended. */
enum run_end { RE_GO_ON, RE_DROPPED, RE_SIGNAL, RE_VANISH, RE_FAILED };

struct run_ctx {
	const struct vcard_run_opts *o;
	struct vcard vc;
	int sigfd;
	FILE *log;
	long count;          /* APDUs since the process started */
	uint8_t cmd[FRAME_MAX];
};

/* Parse one --fault SPEC (see vcard_cli.h). */
int vcard_fault_parse(struct vcard_run_opts *o, const char *spec)
{
	static const struct { const char *name; size_t off; } kinds[] = {
		{ "vanish-before:", offsetof(struct vcard_run_opts, vanish_before) },
		{ "vanish-after:", offsetof(struct vcard_run_opts, vanish_after) },
		{ "slow:", offsetof(struct vcard_run_opts, slow_ms) },
		{ "slow-write:", offsetof(struct vcard_run_opts, slow_write_ms) },
		{ "mute-at:", offsetof(struct vcard_run_opts, mute_at) },
		{ "garbage-at:", offsetof(struct vcard_run_opts, garbage_at) },
		{ "refuse-status:", offsetof(struct vcard_run_opts, refuse_status) },
	};

	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		size_t n = strlen(kinds[i].name);
		bool ref = kinds[i].off == offsetof(struct vcard_run_opts,
		                                    refuse_status);
		char *end;
		long v;

		if (strncmp(spec, kinds[i].name, n) != 0)
			continue;
		errno = 0;
		v = strtol(spec + n, &end, ref ? 16 : 10);
		if (!spec[n] || *end || errno || v < 1 ||
		    v > (ref ? 0xFF : 100000000L))
			return -1;
		*(long *)(void *)((char *)o + kinds[i].off) = v;
		return 0;
	}
	return -1;
}

/* Write a line to the log, if there is one. */
static void log_line(struct run_ctx *c, const char *prefix,
                     const uint8_t *b, size_t n, const char *suffix)
{
	if (!c->log)
		return;
	fputs(prefix, c->log);
	hex_fput(c->log, b, n, true);
	fputs(suffix, c->log);
	fflush(c->log);
}

/* Whether a command carries codes (VERIFY, CHANGE, RESET RETRY COUNTER
 * with data). */
static bool carries_code(const uint8_t *cmd, size_t clen)
{
	return clen > 5 && cmd[0] == 0x00 &&
	       (cmd[1] == 0x20 || cmd[1] == 0x24 || cmd[1] == 0x2C);
}

/* The command part of a log line: hex, but only the header of commands
 * that carry codes. */
static void log_cmd(struct run_ctx *c, const uint8_t *cmd, size_t clen)
{
	char mid[48];

	if (carries_code(cmd, clen)) {
		snprintf(mid, sizeof mid, " <redacted %zu bytes>", clen - 5);
		log_line(c, "", cmd, 5, mid);
	} else {
		log_line(c, "", cmd, clen, "");
	}
}

/* One line per APDU: command, then the response in hex. */
static void log_apdu(struct run_ctx *c, const uint8_t *cmd, size_t clen,
                     const uint8_t *resp, size_t rlen)
{
	log_cmd(c, cmd, clen);
	log_line(c, " -> ", resp, rlen, "\n");
}

/* A command refused as no T=0 TPDU (data and Le): a log line, and a line
 * on stderr with its header and Lc, never its body (it may carry a PIN). */
static void log_violation(struct run_ctx *c, size_t clen, const uint8_t *resp,
                          size_t rlen)
{
	const uint8_t *h = c->cmd;

	log_cmd(c, h, clen);
	log_line(c, " -> ", resp, rlen,
	         " # T=0 violation: Le on a command with data\n");
	fprintf(stderr, "eidkiosk-vcard: T=0 violation: %02X%02X%02X%02X "
	        "Lc=%02X carries Le on a command with data (answered %02X%02X)\n",
	        h[0], h[1], h[2], h[3], h[4], resp[0], resp[1]);
}

/* Wait ms milliseconds unless a signal comes first: 0 waited, 1 signal. */
static int wait_ms(struct run_ctx *c, long ms)
{
	struct pollfd p = { .fd = c->sigfd, .events = POLLIN };

	return poll(&p, 1, (int)ms) > 0;
}

/* Connect once to a resolved address, waiting in poll for the answer
 * while listening to signals. fd, -1 failure, -2 signal. */
static int connect_one(struct run_ctx *c, const struct addrinfo *ai)
{
	struct pollfd p[2] = { { .events = POLLOUT }, { .fd = c->sigfd, .events = POLLIN } };
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
	                ai->ai_protocol), err = 0, one = 1;
	socklen_t el = sizeof err;

	if (fd < 0)
		return -1;
	p[0].fd = fd;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		if (errno != EINPROGRESS || poll(p, 2, 5000) <= 0)
			goto fail;
		if (p[1].revents) {
			close(fd);
			return -2;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0 || err)
			goto fail;
	}
	if (fcntl(fd, F_SETFL, 0) < 0 ||
	    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0)
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

/* Connect to vpcd, retrying with a growing pause until it listens.
 * fd, or -2 when a signal asked us to stop. */
static int connect_backoff(struct run_ctx *c)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	long delay = BACKOFF_MIN_MS;
	int fd;

	for (;;) {
		fd = -1;
		if (getaddrinfo(c->o->host, c->o->port, &hints, &res) == 0) {
			for (ai = res; ai && fd == -1; ai = ai->ai_next)
				fd = connect_one(c, ai);
			freeaddrinfo(res);
		}
		if (fd >= 0 || fd == -2)
			return fd;
		if (wait_ms(c, delay))
			return -2;
		delay = delay * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : delay * 2;
	}
}

/* Read exactly n bytes: 0 done, 1 connection closed or failed, 2 signal. */
static int read_full(struct run_ctx *c, int fd, uint8_t *buf, size_t n)
{
	struct pollfd p[2] = { { .fd = fd, .events = POLLIN },
	                       { .fd = c->sigfd, .events = POLLIN } };
	int one = 1;
	ssize_t r;

	while (n > 0) {
		/* the driver writes each frame in two pieces: ack at once */
		setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		if (p[1].revents)
			return 2;
		r = read(fd, buf, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 1;
		buf += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Send a length-prefixed frame in one write: 0 ok, -1 failure. */
static int send_frame(int fd, const uint8_t *data, size_t n)
{
	uint8_t buf[2 + 258];

	if (n > sizeof buf - 2)
		return -1;
	buf[0] = (uint8_t)(n >> 8);
	buf[1] = (uint8_t)n;
	memcpy(buf + 2, data, n);
	return send(fd, buf, n + 2, MSG_NOSIGNAL) == (ssize_t)(n + 2) ? 0 : -1;
}

/* Save the card; a failure ends the run. */
static int save(struct run_ctx *c)
{
	char *cause = NULL;

	if (vcard_state_save(&c->vc, c->o->state, &cause) == 0)
		return 0;
	fprintf(stderr, "eidkiosk-vcard: %s\n", cause ? cause : "cannot save");
	free(cause);
	return -1;
}

/* A 1-byte control message: power off/on and reset forget volatile
 * state; 04 asks for the ATR. */
static int control(struct run_ctx *c, int fd, uint8_t what)
{
	static const char *const names[] = { "power off", "power on", "reset",
	                                     "?", "ATR" };
	uint8_t atr[33];
	char line[32];

	snprintf(line, sizeof line, "# %s\n", what < 5 ? names[what] : "?");
	log_line(c, "", NULL, 0, line);
	if (what <= 2)
		vcard_reset(&c->vc);
	if (what != 4)
		return 0;
	return send_frame(fd, atr, vcard_atr(&c->vc, atr));
}

/* Whether the refuse-status fault answers cmd: a GET DATA of the status
 * of that code reference (00 CB 00 FF 05 A0 03 83 01 REF), as a card that
 * will not tell it answers: 6A88. */
static bool refuses_status(const struct vcard_run_opts *o, const uint8_t *cmd,
                           size_t clen)
{
	return o->refuse_status && clen >= 10 && cmd[1] == 0xCB &&
	       cmd[4] == 0x05 && memcmp(cmd + 5, "\xA0\x03\x83\x01", 4) == 0 &&
	       cmd[9] == (uint8_t)o->refuse_status;
}

/* One command APDU with the faults that apply to it. */
static enum run_end apdu(struct run_ctx *c, int fd, size_t clen)
{
	static const uint8_t ref_not_found[2] = { 0x6A, 0x88 };
	const struct vcard_run_opts *o = c->o;
	unsigned long refused = c->vc.t0_violations;
	uint8_t resp[258], junk = 0x6F;
	size_t rlen;

	c->count++;
	if (c->count == o->vanish_before) {
		log_line(c, "", NULL, 0, "# fault: vanish before this command\n");
		return RE_VANISH;
	}
	if (o->mute_at && c->count >= o->mute_at) {
		log_cmd(c, c->cmd, clen);
		log_line(c, " -> ", NULL, 0, "# fault: muted\n");
		return RE_GO_ON;
	}
	if (c->count == o->garbage_at) {
		log_cmd(c, c->cmd, clen);
		log_line(c, " -> ", &junk, 1, " # fault: 1-byte garbage\n");
		return send_frame(fd, &junk, 1) < 0 ? RE_DROPPED : RE_GO_ON;
	}
	if (refuses_status(o, c->cmd, clen)) {
		log_cmd(c, c->cmd, clen);
		log_line(c, " -> ", ref_not_found, 2, " # fault: status refused\n");
		return send_frame(fd, ref_not_found, 2) < 0 ? RE_DROPPED : RE_GO_ON;
	}
	rlen = vcard_process(&c->vc, c->cmd, clen, resp);
	if ((c->vc.changed || c->count == o->vanish_after) && save(c) < 0)
		return RE_FAILED;
	if (c->vc.t0_violations != refused)
		log_violation(c, clen, resp, rlen);
	else
		log_apdu(c, c->cmd, clen, resp, rlen);
	if (c->count == o->vanish_after) {
		log_line(c, "", NULL, 0, "# fault: vanish after this command\n");
		return RE_VANISH;
	}
	if (o->slow_ms && wait_ms(c, o->slow_ms))
		return RE_SIGNAL;
	/* a card takes its time to write a code (EEPROM) */
	if (o->slow_write_ms && carries_code(c->cmd, clen) &&
	    wait_ms(c, o->slow_write_ms))
		return RE_SIGNAL;
	return send_frame(fd, resp, rlen) < 0 ? RE_DROPPED : RE_GO_ON;
}

/* Serve one connection (one insertion) until it ends. */
static enum run_end serve(struct run_ctx *c, int fd)
{
	uint8_t hdr[2];
	size_t len;
	int r;

	vcard_reset(&c->vc);
	for (;;) {
		r = read_full(c, fd, hdr, 2);
		if (r == 0) {
			len = (size_t)hdr[0] << 8 | hdr[1];
			r = read_full(c, fd, c->cmd, len);
		}
		if (r)
			return r == 2 ? RE_SIGNAL : RE_DROPPED;
		if (len == 1) {
			if (control(c, fd, c->cmd[0]) < 0)
				return RE_DROPPED;
		} else if (len > 1) {
			enum run_end e = apdu(c, fd, len);

			if (e != RE_GO_ON)
				return e;
		}
	}
}

/* Block SIGTERM and SIGINT and hear them on a signalfd; SIGPIPE ignored. */
static int signals_setup(void)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC);
}

/* Load the card and open the log. 0, or -1 after a message. */
static int run_open(struct run_ctx *c)
{
	char *cause = NULL;

	if (vcard_state_load(&c->vc, c->o->state, &cause) < 0) {
		fprintf(stderr, "eidkiosk-vcard: %s\n", cause ? cause : "cannot load");
		free(cause);
		return -1;
	}
	c->vc.link = c->o->link;
	if (c->o->log && !(c->log = fopen(c->o->log, "a"))) {
		fprintf(stderr, "eidkiosk-vcard: %s: %s\n", c->o->log, strerror(errno));
		vcard_free(&c->vc);
		return -1;
	}
	return 0;
}

/* Serve the card until a signal or a vanish fault (see vcard_cli.h). */
int vcard_run(const struct vcard_run_opts *o)
{
	struct run_ctx *c = calloc(1, sizeof *c);
	enum run_end e = RE_DROPPED;
	int fd, status;

	if (!c)
		return 1;
	c->o = o;
	if (run_open(c) < 0 || (c->sigfd = signals_setup()) < 0) {
		free(c);
		return 1;
	}
	while (e == RE_DROPPED) {
		if ((fd = connect_backoff(c)) < 0)
			break;
		log_line(c, "", NULL, 0, "# connected (card inserted)\n");
		e = serve(c, fd);
		close(fd);
		log_line(c, "", NULL, 0, "# disconnected\n");
	}
	status = e == RE_FAILED || save(c) < 0 ? 1 : 0;
	if (c->vc.t0_violations)
		fprintf(stderr, "eidkiosk-vcard: %lu T=0 violation(s) in this run\n",
		        c->vc.t0_violations);
	if (c->log)
		fclose(c->log);
	close(c->sigfd);
	vcard_free(&c->vc);
	OPENSSL_cleanse(c->cmd, sizeof c->cmd);
	free(c);
	return status;
}
