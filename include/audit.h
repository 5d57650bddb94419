/* audit.h - the audit trail: what happened at the kiosk, never a code.
 * Every record goes to syslog (authpriv, ident "eidkiosk") and, when a file
 * is set, is appended to it as one line chained to the one before by a keyed
 * hash, so that a removed, reordered or edited record is detected:
 *
 *   seq=N time=2025-01-31T12:00:00Z prev=HEX64 event=NAME k=v ... mac=HEX64
 *
 * mac = HMAC-SHA256(key, everything before " mac="); prev = the mac of the
 * record before (64 zeros for the first of a trail). A file starts with
 * event=audit_start (seq=1) or, after log rotation, event=audit_rotate,
 * which continues the previous file's chain. man eidkiosk.conf(5) explains
 * the format and `eidkiosk --verify-audit`.
 *
 * Events the kiosk records (values are single words, no spaces):
 *   audit_start, audit_open, audit_rotate, audit_stop   this module's own
 *   journey_start  journey=activate|unblock|change|test lang=fi profile=NAME
 *   card_op        op=NAME result=ok|wrong_code|blocked|removed|error
 *                  tries_before=N tries_after=N
 *   journey_end    reason=NAME
 *
 * Not thread-safe: the main loop's thread records. */
#ifndef EIDKIOSK_AUDIT_H
#define EIDKIOSK_AUDIT_H

#include <stddef.h>
#include <stdio.h>

struct audit;

/* Open the trail. path NULL or "": syslog only (no key needed). Otherwise
 * the key is read from key_path, or made (32 random bytes, mode 0600) when
 * the file does not exist; the trail continues the chain at the end of
 * path (or of path.1 when path is new, after a rotation), and an
 * audit_start or audit_open record is written. NULL with a message in err
 * when the file or the key cannot be used. */
struct audit *audit_open(const char *path, const char *key_path,
                         char *err, size_t errsz);

/* Record an event with "k=v k=v" fields (printf format; NULL for none).
 * Values are single words: spaces and control characters inside a value
 * become '_', and a value of nothing but 4 or more digits (the shape of a
 * code) is written as "redacted". Reopens the file first
 * when it was moved away (logrotate). 0, or -1 when the record could not be
 * written to the file (it still went to syslog). NULL a: nothing. */
int audit_record(struct audit *a, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reopen the file now (e.g. on a signal after rotation); 0 or -1. */
int audit_reopen(struct audit *a);

/* Record audit_stop, close the file, wipe the key. NULL is fine. */
void audit_close(struct audit *a);

/* Check files, oldest first, as one chain with the key in key_path.
 * Problems go to out as "FILE:LINE: what", then "N problems found"; on
 * success one line "ok: N records, seq A..B, ends at seq B mac=HEX".
 * A file or the key that cannot be read goes to err. Returns 0 ok,
 * 1 tampered or broken, 2 a file or the key cannot be read. */
int audit_verify(const char *key_path, char *const files[], int nfiles,
                 FILE *out, FILE *err);

#endif
