/* pcscd_other.c - a pcscd that speaks another version of pcsc-lite's
 * client protocol, as an older daemon at the far end of an SSH-forwarded
 * socket would: it answers each client's version exchange with its own
 * version and SCARD_E_SERVICE_STOPPED, as pcscd does on a mismatch, and
 * closes. Nothing else of pcscd is needed to show how the kiosk tells it.
 *     pcscd_other SOCKET MAJOR MINOR    (until killed)
 * The socket is made before the first line on stdout ("ready"). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <PCSC/pcsclite.h>

struct version { int32_t major, minor; uint32_t rv; };

/* Read exactly n bytes; 0 on success. */
static int read_all(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/* One client: its header and version, then ours with the refusal. */
static void serve(int c, int32_t major, int32_t minor)
{
	uint32_t hdr[2];
	struct version v;

	if (read_all(c, hdr, sizeof hdr) == 0 && read_all(c, &v, sizeof v) == 0) {
		fprintf(stderr, "pcscd_other: client speaks %d:%d\n", (int)v.major,
		        (int)v.minor);
		v.major = major;
		v.minor = minor;
		v.rv = (uint32_t)SCARD_E_SERVICE_STOPPED;
		if (write(c, &v, sizeof v) != (ssize_t)sizeof v)
			perror("pcscd_other: write");
	}
	close(c);
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, c;

	if (argc != 4 || strlen(argv[1]) >= sizeof sa.sun_path) {
		fprintf(stderr, "usage: pcscd_other SOCKET MAJOR MINOR\n");
		return 2;
	}
	memcpy(sa.sun_path, argv[1], strlen(argv[1]) + 1);
	unlink(argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    listen(fd, 8) < 0) {
		perror(argv[1]);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	while ((c = accept(fd, NULL, NULL)) >= 0)
		serve(c, atoi(argv[2]), atoi(argv[3]));
	perror("pcscd_other: accept");
	return 1;
}
