/* audit_queue.c - how a record reaches the file. A record is made at once:
 * its seq, its MAC under the key of that seq, then the key moves on and
 * the old one is gone; syslog gets the line there and then. The line goes
 * to the file (O_APPEND, fdatasync; a short write is cut back off), or,
 * when the file cannot be written, waits in memory (AUDIT_QUEUE_MAX lines)
 * and is written, in order, at the next record or retry. When the queue is
 * full, records are lost to the file (never to syslog) until it has been
 * emptied; then audit_lost names them (first_seq..last_seq: the verifier
 * accepts that announced gap) and audit_held says how many came late.
 * The state (audit_key.c) is saved after each record. */
#include "build-config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <openssl/crypto.h>
#include "audit_int.h"
#include "cause.h"

#define AUDIT_SYSLOG (LOG_AUTHPRIV | LOG_NOTICE)
#define AUDIT_SYSLOG_ERR (LOG_AUTHPRIV | LOG_ERR)

ssize_t (*audit_write_fn)(int fd, const void *buf, size_t n) = write;

/* Save the state (audit_int.h). */
void audit_save(struct audit *a)
{
	char *err = NULL;

	if (audit_state_save(a->key_path, &a->st, &err) == 0) {
		a->key_stale = false;
		return;
	}
	if (!a->key_stale)
		syslog(AUDIT_SYSLOG_ERR, "audit: the key could not be saved, the "
		       "key file holds an older one: %s", cause_text(err));
	free(err);
	a->key_stale = true;
}

/* Write one line to the file, all of it and on disk, or none of it; the
 * chain's written end moves on. 0, or -1 (the file is closed, to be
 * opened again next time). */
static int file_write(struct audit *a, const char *line, size_t n)
{
	struct stat st;
	ssize_t w = 0;
	int e;

	errno = 0;
	if ((a->fd < 0 && audit_file_open(a, !a->opened) < 0) ||
	    fstat(a->fd, &st) < 0)
		goto fail;
	w = audit_write_fn(a->fd, line, n);
	if (w == (ssize_t)n && fdatasync(a->fd) == 0) {
		a->end = st.st_size + (off_t)n;
		a->st.wseq = strtoull(line + 4, NULL, 10);
		memcpy(a->st.wmac, line + n - 1 - AUDIT_HEX, AUDIT_HEX);
		a->st.dev = (unsigned long long)a->dev;
		a->st.ino = (unsigned long long)a->ino;
		return 0;
	}
fail:
	e = errno ? errno : ENOSPC;
	if (w > 0 && ftruncate(a->fd, st.st_size) < 0)
		syslog(AUDIT_SYSLOG_ERR, "audit: %s: a cut record stays: %m",
		       a->path);
	if (a->qn == 0 && !a->lost_first)
		syslog(AUDIT_SYSLOG_ERR, "audit: cannot write to %s (%s): records "
		       "wait in memory", a->path, strerror(e));
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
	return -1;
}

/* The next retry: a while after this failure, longer each time a retry
 * that was due fails (a record in between tries too, but waits no longer
 * for it). */
static void retry_later(struct audit *a)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (a->retry_at.tv_sec && (now.tv_sec < a->retry_at.tv_sec ||
	    (now.tv_sec == a->retry_at.tv_sec &&
	     now.tv_nsec < a->retry_at.tv_nsec)))
		return;                 /* not due yet: keep it */
	a->retry_at = now;
	a->backoff_ms = a->backoff_ms ? a->backoff_ms * 2 : AUDIT_RETRY_MIN_MS;
	if (a->backoff_ms > AUDIT_RETRY_MAX_MS)
		a->backoff_ms = AUDIT_RETRY_MAX_MS;
	a->retry_at.tv_sec += a->backoff_ms / 1000;
	a->retry_at.tv_nsec += (long)(a->backoff_ms % 1000) * 1000000L;
	if (a->retry_at.tv_nsec >= 1000000000L) {
		a->retry_at.tv_sec++;
		a->retry_at.tv_nsec -= 1000000000L;
	}
}

/* Keep a line for later, or count it lost when there is no room (or
 * records are lost already: the gap must stay one, announced, range). */
static void hold(struct audit *a, const char *line, size_t n)
{
	unsigned long long seq = a->st.seq;
	char *copy = NULL;

	if (!a->lost_first && a->qn < AUDIT_QUEUE_MAX && (copy = malloc(n + 1))) {
		memcpy(copy, line, n + 1);
		a->q[(a->qhead + a->qn++) % AUDIT_QUEUE_MAX] = copy;
		if (!a->held_n++)
			a->held_first = seq;
		a->held_last = seq;
	} else {
		if (!a->lost_first) {
			syslog(AUDIT_SYSLOG_ERR, "audit: %u records wait for %s: "
			       "from seq %llu on, records are lost to the file "
			       "(syslog has them)", a->qn, a->path, seq);
			a->lost_first = seq;
			a->lost_reason = "queue_full";
		}
		a->lost_last = seq;
		a->lost_total++;
	}
	retry_later(a);
}

/* Make a record and put it on its way (audit_int.h). */
int audit_emit(struct audit *a, const char *event, const char *fields)
{
	char line[AUDIT_LINE_MAX];
	int n = audit_line_format(line, sizeof line, a->st.key, a->st.seq + 1,
	                          time(NULL), a->st.mac, event, fields);
	int rc = -1;

	if (n < 0 || audit_key_evolve(a->st.key) < 0) {
		syslog(AUDIT_SYSLOG_ERR, "audit: cannot make a record: event=%s%s%s",
		       event, *fields ? " " : "", fields);
		return -1;
	}
	a->st.seq++;
	memcpy(a->st.mac, line + n - 1 - AUDIT_HEX, AUDIT_HEX);
	syslog(AUDIT_SYSLOG, "%.*s", n - 1, line);
	if (a->qn == 0 && !a->lost_first && file_write(a, line, (size_t)n) == 0)
		rc = 0;
	else
		hold(a, line, (size_t)n);
	audit_save(a);
	OPENSSL_cleanse(line, sizeof line);   /* hex that a memory scan for
	                                       * codes could mistake for one */
	return rc;
}

/* Write the records owed (audit_int.h). */
void audit_announce(struct audit *a)
{
	char f[256];
	const char *ev;
	unsigned long long first, last;

	if (a->qn > 0)
		return;
	if (a->lost_first) {            /* right after the lost records */
		first = a->lost_first;
		last = a->lost_last;
		a->lost_first = a->lost_last = 0;
		snprintf(f, sizeof f, "count=%llu first_seq=%llu last_seq=%llu "
		         "reason=%s", last - first + 1, first, last, a->lost_reason);
		audit_emit(a, "audit_lost", f);
	}
	if (a->gap_reason) {
		snprintf(f, sizeof f, "reason=%s expected_seq=%llu found_seq=%llu",
		         a->gap_reason, a->gap_expected, a->gap_found);
		a->found = a->gap_reason;
		a->gap_reason = NULL;
		audit_emit(a, "audit_gap", f);
	}
	if ((ev = a->open_event)) {
		snprintf(f, sizeof f, "version=%s pid=%ld format=%d%s%s%s",
		         PACKAGE_VERSION, (long)getpid(), AUDIT_FORMAT,
		         a->terminal[0] ? " terminal=" : "", a->terminal,
		         a->open_note);
		a->open_event = NULL;
		a->open_note[0] = '\0';
		audit_emit(a, ev, f);
	}
	if (a->held_n && a->qn == 0) {
		snprintf(f, sizeof f, "count=%llu first_seq=%llu last_seq=%llu",
		         a->held_n, a->held_first, a->held_last);
		a->held_n = 0;
		audit_emit(a, "audit_held", f);
	}
}

/* Write what waits (audit_int.h). */
int audit_flush(struct audit *a)
{
	while (a->qn > 0) {
		char *line = a->q[a->qhead];
		if (file_write(a, line, strlen(line)) < 0) {
			retry_later(a);
			audit_save(a);
			return -1;
		}
		OPENSSL_cleanse(line, strlen(line));
		free(line);
		a->q[a->qhead] = NULL;
		a->qhead = (a->qhead + 1) % AUDIT_QUEUE_MAX;
		a->qn--;
		audit_save(a);          /* each one: a crash loses nothing */
	}
	a->backoff_ms = 0;
	a->retry_at.tv_sec = a->retry_at.tv_nsec = 0;
	audit_announce(a);
	return a->qn == 0 && !a->lost_first ? 0 : -1;
}
