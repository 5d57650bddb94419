/* pcsc_probe.c - why pcscd answers but will not talk: a daemon that speaks
 * another version of pcsc-lite's own client protocol (as through an
 * SSH-forwarded socket from a terminal whose pcsc-lite is older).
 * libpcsclite says only SCARD_E_SERVICE_STOPPED then; asking the daemon
 * its version ourselves lets staff read both sides. The exchange is
 * pcsc-lite's CMD_VERSION: a header {size, command} and {major, minor, rv},
 * host byte order (the socket is local or forwarded from a like machine).
 * Version 0:0 is never served, so the daemon answers with its own. */
#include "build-config.h"
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "pcsc_int.h"

#define PROBE_CMD_VERSION 0x11
#define PROBE_WAIT_MS 2000
#define PROBE_DEFAULT_SOCKET "/run/pcscd/pcscd.comm"   /* pcsc-lite's */

struct probe_version {
	int32_t major, minor;
	uint32_t rv;
};

/* The socket libpcsclite uses. */
static const char *probe_socket(void)
{
	const char *s = getenv("PCSCLITE_CSOCK_NAME");

	return s && *s ? s : PROBE_DEFAULT_SOCKET;
}

/* Read exactly n bytes within the probe's time; false otherwise. */
static bool probe_read(int fd, void *buf, size_t n)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t got = 0;

	while (got < n) {
		ssize_t r;

		if (poll(&p, 1, PROBE_WAIT_MS) <= 0)
			return false;
		r = read(fd, (char *)buf + got, n - got);
		if (r <= 0)
			return r < 0 && errno == EINTR;
		got += (size_t)r;
	}
	return true;
}

/* Ask the daemon its protocol version; false when it does not answer. */
static bool probe_version(const char *path, struct probe_version *v)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	uint32_t hdr[2] = { sizeof *v, PROBE_CMD_VERSION };
	struct probe_version ask = { 0, 0, 0 };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok;

	if (fd < 0 || strlen(path) >= sizeof sa.sun_path) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	     send(fd, hdr, sizeof hdr, MSG_NOSIGNAL) == (ssize_t)sizeof hdr &&
	     send(fd, &ask, sizeof ask, MSG_NOSIGNAL) == (ssize_t)sizeof ask &&
	     probe_read(fd, v, sizeof *v);
	close(fd);
	return ok;
}

void pcsc_problem(LONG rv, char *buf, size_t n)
{
	struct probe_version v;
	const char *path = probe_socket();

	buf[0] = '\0';
	if (rv != SCARD_E_SERVICE_STOPPED)
		return;
	if (probe_version(path, &v))
		snprintf(buf, n, "pcscd at %s speaks PC/SC protocol %d:%d, which "
		         "this kiosk's pcsc-lite %s does not: update pcsc-lite on "
		         "one side", path, (int)v.major, (int)v.minor,
		         PCSCLITE_VERSION_NUMBER);
	else
		snprintf(buf, n, "pcscd at %s refused the connection (%s)", path,
		         pcsc_stringify_error(rv));
}
