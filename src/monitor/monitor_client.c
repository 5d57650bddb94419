/* monitor_client.c - `eidkiosk --monitor`, what staff run (often over SSH):
 * connect to the kiosk's socket and print each state line with the time
 * it arrived, or ask for a reset. Says plainly when no kiosk is running
 * or when the user is not allowed in. */
#include "build-config.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "monitor.h"
#include "outside.h"

/* Connect, or say why not; -1 then. */
static int client_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof sa.sun_path) {
		fprintf(stderr, "eidkiosk: %s: path too long\n", path);
		return -1;
	}
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
		return fd;
	if (errno == EACCES || errno == EPERM)
		fprintf(stderr, "eidkiosk: %s: permission denied: only members "
		        "of the kiosk's staff group may monitor it\n", path);
	else if (errno == ENOENT || errno == ECONNREFUSED)
		fprintf(stderr, "eidkiosk: %s: no kiosk is running here (%s)\n",
		        path, strerror(errno));
	else
		fprintf(stderr, "eidkiosk: %s: %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

/* One line from the kiosk into buf (without '\n'); false at the end. It
 * comes from outside this program and goes to a staff member's terminal:
 * cleaned on the way in (outside.h), whatever the kiosk sent. */
static bool client_line(FILE *in, char *buf, size_t n)
{
	char raw[MONITOR_LINE_MAX + 2];

	if (!fgets(raw, (int)sizeof raw, in))
		return false;
	outside_clean(buf, n, raw, strcspn(raw, "\n"));
	return true;
}

/* Print a state line with the local time it came. */
static void client_print(const char *line)
{
	char when[16];
	time_t now = time(NULL);
	struct tm tm;

	strftime(when, sizeof when, "%H:%M:%S", localtime_r(&now, &tm));
	printf("%s %s\n", when, line);
	fflush(stdout);
}

int monitor_client_run(const char *path, bool reset)
{
	char line[MONITOR_LINE_MAX + 2];
	FILE *in;
	int fd = client_connect(path);

	if (fd < 0)
		return 1;
	if (!(in = fdopen(fd, "r"))) {
		close(fd);
		return 1;
	}
	if (!client_line(in, line, sizeof line) ||
	    strncmp(line, "eidkiosk-monitor ", 17) != 0) {
		fprintf(stderr, "eidkiosk: %s\n", line[0] && !strncmp(line,
		        "error: ", 7) ? line + 7 : "the kiosk closed the connection");
		fclose(in);
		return 1;
	}
	if (reset && send(fd, "reset\n", 6, MSG_NOSIGNAL) != 6) {
		fprintf(stderr, "eidkiosk: cannot send the reset: %s\n",
		        strerror(errno));
		fclose(in);
		return 1;
	}
	while (client_line(in, line, sizeof line)) {
		if (!reset) {
			client_print(line);
			continue;
		}
		if (strncmp(line, "reset ", 6) == 0) {
			puts(line);
			fclose(in);
			return strcmp(line, "reset ok") == 0 ? 0 : 1;
		}
	}
	fprintf(stderr, "eidkiosk: the kiosk closed the connection\n");
	fclose(in);
	return 1;
}
