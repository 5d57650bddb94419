/* monclient.c - a misbehaving staff monitor client for the system tests,
 * over the kiosk's real socket:
 *     monclient SOCKET silent    connect with a tiny receive buffer and
 *                                never read (until killed)
 *     monclient SOCKET garbage   send bytes that are no command; print
 *                                what the kiosk answers until it closes
 *     monclient SOCKET long      send a line longer than any command
 *     monclient SOCKET read      send nothing; print what the kiosk sends
 *                                until it closes (a refused connection) */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

/* Connect with a small receive buffer (so the kiosk's side fills fast). */
static int mc_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0), small = 1024;

	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small) ||
	    connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		perror(path);
		return -1;
	}
	return fd;
}

/* Print what the kiosk sends until it closes the connection. */
static int mc_drain(int fd)
{
	char buf[512];
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	printf("closed\n");
	return 0;
}

int main(int argc, char **argv)
{
	static const char junk[] = "\x01\x02 \xff\xfe hello\r\nreset\n";
	char line[200];
	int fd;

	if (argc != 3 || (fd = mc_connect(argv[1])) < 0)
		return 2;
	if (strcmp(argv[2], "silent") == 0) {
		printf("connected\n");
		fflush(stdout);
		pause();
		return 0;
	}
	if (strcmp(argv[2], "read") == 0)
		return mc_drain(fd);
	if (strcmp(argv[2], "garbage") == 0) {
		if (write(fd, junk, sizeof junk - 1) < 0)
			return 1;
		return mc_drain(fd);
	}
	if (strcmp(argv[2], "long") == 0) {
		memset(line, 'x', sizeof line);
		if (write(fd, line, sizeof line) < 0)
			return 1;
		return mc_drain(fd);
	}
	return 2;
}
