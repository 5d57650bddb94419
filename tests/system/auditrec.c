/* auditrec.c - a test driver for the audit trail: opens it as the kiosk
 * would and records one event per line read from stdin ("EVENT k=v ..."),
 * answering "ok" or "fail" on stdout after each, so a test can move the
 * file between records (log rotation) and see what the running writer
 * does. "reopen" reopens the file, "retry" writes what waits, "status"
 * answers "health=WORD held=N lost=N alarm=WORD|- blocking=yes|no
 * retry=MS"; end of input closes the trail. --stop is audit.on_failure =
 * "stop". syslog gets LOG_PERROR, so its copy of every record also
 * appears on stderr.
 *
 *   auditrec [--stop] LOG KEY
 *   auditrec forge KEYHEX     (each line of stdin, a record without its
 *                              " mac=...", printed with the MAC under
 *                              that key: what a thief of a key can make) */
#include "build-config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include "audit.h"
#include "audit_int.h"
#include "hex.h"

/* Print each line of stdin with its MAC under the key in hex. */
static int forge(const char *keyhex)
{
	unsigned char key[AUDIT_KEY_LEN];
	char line[AUDIT_LINE_MAX], mac[AUDIT_HEX + 1];

	if (hex_decode(keyhex, key, sizeof key) != AUDIT_KEY_LEN) {
		fprintf(stderr, "auditrec: forge: a key is 64 hex digits\n");
		return 2;
	}
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		if (audit_mac_hex(key, line, strlen(line), mac) < 0)
			return 1;
		printf("%s mac=%s\n", line, mac);
	}
	return 0;
}

/* Answer a "status" line. */
static void status(const struct audit *a)
{
	struct audit_status s;
	const char *alarm = audit_alarm(a);

	audit_status(a, &s);
	printf("health=%s held=%u lost=%llu alarm=%s blocking=%s retry=%d\n",
	       s.word, s.held, s.lost, alarm ? alarm : "-",
	       audit_blocking(a) ? "yes" : "no", audit_retry_ms(a));
}

/* One command from stdin; 0 ok. */
static int command(struct audit *a, char *line)
{
	char *sp;

	if (strcmp(line, "reopen") == 0)
		return audit_reopen(a);
	if (strcmp(line, "retry") == 0)
		return audit_retry(a);
	if ((sp = strchr(line, ' ')))
		*sp++ = '\0';
	return audit_record(a, line, "%s", sp ? sp : "");
}

int main(int argc, char **argv)
{
	char line[1024], *err = NULL;
	bool stop = argc > 1 && strcmp(argv[1], "--stop") == 0;
	struct audit *a;

	if (argc == 3 && strcmp(argv[1], "forge") == 0)
		return forge(argv[2]);
	if (argc != 3 + stop) {
		fprintf(stderr, "usage: auditrec [--stop] LOG KEY | forge KEYHEX\n");
		return 2;
	}
	openlog("eidkiosk", LOG_PID | LOG_PERROR, LOG_USER);
	if (!(a = audit_open(argv[1 + stop], argv[2 + stop], NULL, &err))) {
		fprintf(stderr, "auditrec: %s\n", err ? err : "out of memory");
		free(err);
		return 1;
	}
	audit_set_on_failure(a, stop ? "stop" : "continue");
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, "status") == 0)
			status(a);
		else
			printf("%s\n", command(a, line) == 0 ? "ok" : "fail");
	}
	audit_close(a);
	closelog();
	return 0;
}
