/* auditrec.c - a test driver for the audit trail: opens it as the kiosk
 * would and records one event per line read from stdin ("EVENT k=v ..."),
 * answering "ok" or "fail" on stdout after each, so a test can move the
 * file between records (log rotation) and see what the running writer
 * does. "reopen" reopens the file; end of input closes the trail. syslog
 * gets LOG_PERROR, so its copy of every record also appears on stderr.
 *
 *   auditrec LOG KEY */
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include "audit.h"

int main(int argc, char **argv)
{
	char line[1024], err[256], *sp;
	struct audit *a;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: auditrec LOG KEY\n");
		return 2;
	}
	openlog("eidkiosk", LOG_PID | LOG_PERROR, LOG_USER);
	if (!(a = audit_open(argv[1], argv[2], err, sizeof err))) {
		fprintf(stderr, "auditrec: %s\n", err);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, "reopen") == 0) {
			rc = audit_reopen(a);
		} else {
			if ((sp = strchr(line, ' ')))
				*sp++ = '\0';
			rc = audit_record(a, line, "%s", sp ? sp : "");
		}
		printf("%s\n", rc == 0 ? "ok" : "fail");
	}
	audit_close(a);
	closelog();
	return 0;
}
