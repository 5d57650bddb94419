/* audit.c - the audit trail writer: every record to syslog and, when a file
 * is set, appended to it (O_APPEND, fdatasync per record) chained to the
 * one before by HMAC-SHA256. A file moved away by logrotate is noticed at
 * the next record (its inode changed or it is gone) and the new file
 * starts with audit_rotate, which continues the old file's chain. */
#include "build-config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <openssl/crypto.h>
#include "audit.h"
#include "audit_int.h"

#define AUDIT_SYSLOG (LOG_AUTHPRIV | LOG_NOTICE)
#define TAIL_READ 4096   /* enough for the last whole record */

struct audit {
	int fd;                        /* -1: no file (syslog only, or failed) */
	char path[512];                /* "" = syslog only */
	unsigned char key[AUDIT_KEY_LEN];
	unsigned long long seq;        /* the last record written; 0 none */
	char prev[AUDIT_HEX + 1];      /* its mac */
	dev_t dev;
	ino_t ino;
};

/* The last whole, genuine record in fd; 0 found, -1 none or not genuine.
 * *partial: the file does not end with a newline (a cut record). */
static int audit_tail(const struct audit *a, int fd, struct audit_rec *r,
                      bool *partial)
{
	char buf[TAIL_READ + 1], *end, *nl;
	const char *why;
	struct stat st;
	off_t from;
	ssize_t n;

	*partial = false;
	if (fstat(fd, &st) < 0 || st.st_size == 0)
		return -1;
	from = st.st_size > TAIL_READ ? st.st_size - TAIL_READ : 0;
	if ((n = pread(fd, buf, TAIL_READ, from)) <= 0)
		return -1;
	buf[n] = '\0';
	*partial = buf[n - 1] != '\n';
	if (!(end = memrchr(buf, '\n', (size_t)n)))
		return -1;
	*end = '\0';                   /* the last newline ends the last record */
	nl = memrchr(buf, '\n', (size_t)(end - buf));
	if (!nl && from > 0)
		return -1;             /* a record longer than TAIL_READ */
	nl = nl ? nl + 1 : buf;
	if (audit_line_parse(nl, (size_t)(end - nl), r, &why) < 0 ||
	    !audit_line_mac_ok(a->key, nl, r))
		return -1;
	return 0;
}

/* Write one record and send the same line to syslog (an operator compares
 * the end of the file with it); 0 or -1. The chain moves on only when the
 * record is in the file. */
static int audit_write(struct audit *a, const char *event, const char *fields)
{
	char line[AUDIT_LINE_MAX];
	int n = audit_line_format(line, sizeof line, a->key, a->seq + 1,
	                          time(NULL), a->prev, event, fields);

	if (n < 0)
		return -1;
	if (a->fd < 0 || write(a->fd, line, (size_t)n) != n ||
	    fdatasync(a->fd) < 0) {
		syslog(LOG_AUTHPRIV | LOG_ERR, "audit: not written to %s (%s): "
		       "event=%s%s%s", a->path, a->fd < 0 ? "not open"
		       : strerror(errno), event, *fields ? " " : "", fields);
		if (a->fd >= 0)
			close(a->fd);
		a->fd = -1;            /* reopened, cut record mended, next time */
		return -1;
	}
	memcpy(a->prev, line + n - 1 - AUDIT_HEX, AUDIT_HEX);
	a->seq++;
	syslog(AUDIT_SYSLOG, "%.*s", n - 1, line);
	return 0;
}

/* The chain at the end of path.1 (a rotated file), for a new file opened
 * before the kiosk wrote anything since the rotation; 0 found, or -1. */
static int audit_from_rotated(struct audit *a)
{
	char alt[sizeof a->path + 2];
	struct audit_rec r;
	bool partial;
	int fd, rc = -1;

	snprintf(alt, sizeof alt, "%s.1", a->path);
	if ((fd = open(alt, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return -1;
	if (audit_tail(a, fd, &r, &partial) == 0 && !partial) {
		a->seq = r.seq;
		memcpy(a->prev, r.mac, sizeof a->prev);
		rc = 0;
	}
	close(fd);
	return rc;
}

/* Open the file at a->path and continue the chain in it. A running trail
 * goes on from its chain in memory, whatever the file now holds: records
 * removed behind its back then show as a gap. A new trail goes on from
 * the file's last record, or for a new file from the end of path.1 (it
 * was rotated while the kiosk was stopped), else starts anew. 0 or -1. */
static int audit_attach(struct audit *a, char *err, size_t errsz)
{
	const char *event = "audit_open";
	char fields[96];
	struct audit_rec r;
	struct stat st;
	bool partial, found;

	a->fd = open(a->path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW |
	             O_CLOEXEC, 0640);
	if (a->fd < 0 || fstat(a->fd, &st) < 0) {
		snprintf(err, errsz, "%s: %s", a->path, strerror(errno));
		if (a->fd >= 0)
			close(a->fd);
		return a->fd = -1;
	}
	a->dev = st.st_dev;
	a->ino = st.st_ino;
	found = audit_tail(a, a->fd, &r, &partial) == 0;
	if (a->seq > 0) {
		if (st.st_size == 0)
			event = "audit_rotate";
	} else if (found) {
		a->seq = r.seq;
		memcpy(a->prev, r.mac, sizeof a->prev);
	} else if (st.st_size > 0 || audit_from_rotated(a) < 0) {
		event = "audit_start";     /* nothing to go on from that is genuine */
	} else {
		event = "audit_rotate";
	}
	/* a record cut by a crash: end its line so the next one stands alone */
	if (partial && write(a->fd, "\n", 1) != 1) {
		snprintf(err, errsz, "%s: %s", a->path, strerror(errno));
		close(a->fd);
		return a->fd = -1;
	}
	snprintf(fields, sizeof fields, "version=%s pid=%ld", PACKAGE_VERSION,
	         (long)getpid());
	if (audit_write(a, event, fields) < 0) {
		snprintf(err, errsz, "%s: cannot write a record", a->path);
		return -1;
	}
	return 0;
}

/* Open the trail (audit.h). */
struct audit *audit_open(const char *path, const char *key_path,
                         char *err, size_t errsz)
{
	struct audit *a = calloc(1, sizeof *a);

	if (!a) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	a->fd = -1;
	memcpy(a->prev, audit_zero_mac, sizeof a->prev);
	if (!path || !*path)
		return a;
	if (strlen(path) >= sizeof a->path) {
		snprintf(err, errsz, "%s: name too long", path);
		free(a);
		return NULL;
	}
	snprintf(a->path, sizeof a->path, "%s", path);
	if (audit_key_load(key_path, a->key, true, err, errsz) < 0 ||
	    audit_attach(a, err, errsz) < 0) {
		OPENSSL_cleanse(a->key, sizeof a->key);
		free(a);
		return NULL;
	}
	return a;
}

/* Whether the file at the path is still the one open (not rotated away). */
static bool audit_same_file(const struct audit *a)
{
	struct stat st;

	return a->fd >= 0 && stat(a->path, &st) == 0 && st.st_dev == a->dev &&
	       st.st_ino == a->ino;
}

/* Reopen the file (audit.h). */
int audit_reopen(struct audit *a)
{
	char err[256];

	if (!a || !a->path[0])
		return 0;
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
	if (audit_attach(a, err, sizeof err) < 0) {
		syslog(LOG_AUTHPRIV | LOG_ERR, "audit: %s", err);
		return -1;
	}
	return 0;
}

/* Record an event (audit.h). */
int audit_record(struct audit *a, const char *event, const char *fmt, ...)
{
	char raw[AUDIT_FIELDS_MAX], fields[AUDIT_FIELDS_MAX];
	char ev[AUDIT_EVENT_MAX + 1];
	va_list ap;

	if (!a)
		return 0;
	raw[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(raw, sizeof raw, fmt, ap);
		va_end(ap);
	}
	audit_fields_clean(raw, fields, sizeof fields);
	OPENSSL_cleanse(raw, sizeof raw);   /* in case a caller erred */
	audit_event_clean(event, ev);
	if (!a->path[0]) {
		syslog(AUDIT_SYSLOG, "event=%s%s%s", ev, *fields ? " " : "", fields);
		return 0;
	}
	if (!audit_same_file(a))
		audit_reopen(a);
	return audit_write(a, ev, fields);
}

/* Close the trail (audit.h). */
void audit_close(struct audit *a)
{
	if (!a)
		return;
	if (a->path[0]) {
		if (!audit_same_file(a))
			audit_reopen(a);
		audit_write(a, "audit_stop", "");
	}
	if (a->fd >= 0)
		close(a->fd);
	OPENSSL_cleanse(a->key, sizeof a->key);
	free(a);
}
