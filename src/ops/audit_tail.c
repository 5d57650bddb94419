/* audit_tail.c - the file as the writer finds it. The state (audit_key.c)
 * says which record the file must end with (seq and mac); at start, at
 * each reopen and whenever the file changed size behind the writer's
 * back, its end is compared with that. A file that ends earlier was cut
 * (the same file) or rewound (another, older copy in its place); one that
 * ends with anything else was changed; an empty one where records should
 * be is missing unless it was rotated (the old file, now path.1, ends as
 * the state says). Each is owed as an audit_gap record and stays the
 * trail's alarm; the verifier sees the same gap in the chain. */
#include "build-config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/stat.h>
#include <openssl/crypto.h>
#include "audit_int.h"

#define TAIL_READ 4096   /* the last two whole records, at least */

/* The last whole line of the file open on fd (no newline) into buf; its
 * length, or -1 when there is none. *partial: the file does not end
 * with a newline. */
static int tail_line(int fd, off_t size, char *buf, const char **line,
                     bool *partial)
{
	off_t from = size > TAIL_READ ? size - TAIL_READ : 0;
	ssize_t n = pread(fd, buf, TAIL_READ, from);
	char *end, *nl;

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	*partial = buf[n - 1] != '\n';
	if (!(end = memrchr(buf, '\n', (size_t)n)))
		return -1;
	nl = memrchr(buf, '\n', (size_t)(end - buf));
	if (!nl && from > 0)
		return -1;             /* a line longer than the window */
	*line = nl ? nl + 1 : buf;
	return (int)(end - *line);
}

/* Whether the record after the written end is one the kiosk made: a held
 * one up to the last made (the last must carry its mac), or the next,
 * under the key the state holds. */
static bool next_ok(const struct audit *a, const char *line,
                    const struct audit_rec *r)
{
	if (r->seq < a->st.seq)
		return true;            /* its MAC is the verifier's to check */
	if (r->seq == a->st.seq)
		return strcmp(r->mac, a->st.mac) == 0;
	return audit_line_mac_ok(a->st.key, line, r);
}

/* Take up the record after the written end: the state moves on to it. */
static void take_up(struct audit *a, const struct audit_rec *r)
{
	a->st.wseq = r->seq;
	memcpy(a->st.wmac, r->mac, sizeof a->st.wmac);
	if (r->seq > a->st.seq) {
		a->st.seq = r->seq;
		memcpy(a->st.mac, r->mac, sizeof a->st.mac);
		audit_key_evolve(a->st.key);
	}
}

/* Compare the end of the file open on fd with the state; *found: the
 * seq it ends with (0 none). starting: one more record may be taken up. */
static enum audit_tail tail_compare(struct audit *a, int fd, bool starting,
                                    unsigned long long *found, bool *partial)
{
	char buf[TAIL_READ + 1];
	const char *line, *why;
	enum audit_tail t = AUDIT_TAIL_OTHER;
	struct audit_rec r;
	struct stat st;
	int n;

	*found = 0;
	*partial = false;
	if (fstat(fd, &st) < 0)
		return AUDIT_TAIL_OTHER;
	if (st.st_size == 0)
		return AUDIT_TAIL_EMPTY;
	n = tail_line(fd, st.st_size, buf, &line, partial);
	if (n >= 0 && audit_line_parse(line, (size_t)n, &r, &why) == 0) {
		*found = r.seq;
		if (r.seq == a->st.wseq && strcmp(r.mac, a->st.wmac) == 0)
			t = AUDIT_TAIL_SAME;
		else if (r.seq < a->st.wseq)
			t = AUDIT_TAIL_SHORT;
		else if (starting && r.seq == a->st.wseq + 1 &&
		         strcmp(r.prev, a->st.wmac) == 0 && next_ok(a, line, &r))
			t = AUDIT_TAIL_NEXT;
	}
	if (t == AUDIT_TAIL_NEXT)
		take_up(a, &r);
	/* hex that a memory scan for codes could mistake for one */
	OPENSSL_cleanse(buf, sizeof buf);
	return t;
}

/* Owe an audit_gap: what the file should end with, what it does. */
static void gap(struct audit *a, const char *reason, unsigned long long found)
{
	if (!a->gap_reason) {
		a->gap_reason = reason;
		a->gap_expected = a->st.wseq;
		a->gap_found = found;
	}
	a->found = reason;
	syslog(LOG_AUTHPRIV | LOG_ERR, "audit: %s: %s: it should end at seq "
	       "%llu, it ends at seq %llu", a->path, reason, a->st.wseq, found);
}

/* Whether path.1 ends as the state says: the file was rotated. */
static bool rotated(struct audit *a)
{
	char alt[sizeof a->path + 2];
	unsigned long long found;
	bool partial, same;
	int fd;

	snprintf(alt, sizeof alt, "%s.1", a->path);
	if ((fd = open(alt, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return false;
	same = tail_compare(a, fd, false, &found, &partial) == AUDIT_TAIL_SAME;
	close(fd);
	return same;
}

/* Open the file and compare its end (audit_int.h). */
int audit_file_open(struct audit *a, bool starting)
{
	unsigned long long found;
	enum audit_tail t;
	struct stat st;
	bool partial;

	a->fd = open(a->path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW |
	             O_CLOEXEC, 0640);
	if (a->fd < 0 || fstat(a->fd, &st) < 0) {
		if (a->fd >= 0)
			close(a->fd);
		return a->fd = -1;
	}
	a->dev = st.st_dev;
	a->ino = st.st_ino;
	a->end = st.st_size;
	a->opened = true;
	t = tail_compare(a, a->fd, starting, &found, &partial);
	a->tail_seq = found;
	if (a->st.seq == 0)
		;                       /* a new trail: nothing to compare */
	else if (t == AUDIT_TAIL_SHORT)
		gap(a, a->ino == a->st.ino ? "tail_cut" : "rewound", found);
	else if (t == AUDIT_TAIL_OTHER || (partial && !starting))
		gap(a, "changed", found);
	else if (t == AUDIT_TAIL_EMPTY && a->st.wseq > 0 && !rotated(a))
		gap(a, "missing", 0);   /* neither there nor rotated away */
	/* a record cut by a crash: end its line so the next one stands alone */
	if (partial && write(a->fd, "\n", 1) != 1) {
		close(a->fd);
		return a->fd = -1;
	}
	a->end += partial;
	return (int)t;
}

/* Follow or check the file before a record (audit_int.h). */
void audit_file_check(struct audit *a, bool force)
{
	unsigned long long found;
	struct stat st;
	bool partial;
	int t;

	if (a->fd < 0)
		return;                 /* the next write opens it */
	if (!force && stat(a->path, &st) == 0 && st.st_dev == a->dev &&
	    st.st_ino == a->ino) {
		if (fstat(a->fd, &st) < 0 || st.st_size == a->end)
			return;
		t = tail_compare(a, a->fd, false, &found, &partial);
		gap(a, t == AUDIT_TAIL_EMPTY || t == AUDIT_TAIL_SHORT ? "tail_cut"
		       : "changed", found);
		if (partial && write(a->fd, "\n", 1) == 1)
			st.st_size++;   /* our next line stands alone */
		a->end = st.st_size;
		return;
	}
	close(a->fd);
	a->fd = -1;
	if ((t = audit_file_open(a, false)) >= 0)
		a->open_event = t == AUDIT_TAIL_EMPTY ? "audit_rotate"
		                : "audit_open";
}

/* At start (audit_int.h). */
void audit_begin(struct audit *a)
{
	int t = audit_file_open(a, true);
	size_t n = strlen(a->open_note);

	a->open_event = a->st.seq == 0 ? "audit_start" : "audit_open";
	if (t >= 0 && a->st.seq == 0 && t != AUDIT_TAIL_EMPTY) {
		a->found = "no_state";  /* records of a trail whose key is gone */
		snprintf(a->open_note + n, sizeof a->open_note - n, " found=no_state"
		         " found_seq=%llu", a->tail_seq);
		syslog(LOG_AUTHPRIV | LOG_ERR, "audit: %s holds records, but the "
		       "key file was new: a new trail starts after them", a->path);
	} else if (t == AUDIT_TAIL_EMPTY && a->st.wseq > 0) {
		a->open_event = "audit_rotate";
	}
	if ((t == AUDIT_TAIL_SAME || t == AUDIT_TAIL_NEXT ||
	     (t == AUDIT_TAIL_EMPTY && !a->gap_reason)) &&
	    a->st.wseq < a->st.seq) {
		a->lost_first = a->st.wseq + 1;   /* held when the kiosk stopped */
		a->lost_last = a->st.seq;
		a->lost_reason = "stopped";
		a->lost_total += a->lost_last - a->lost_first + 1;
	}
	audit_announce(a);
}
