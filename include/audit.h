/* audit.h - the audit trail: what happened at the kiosk, never a code.
 * Every record goes to syslog (authpriv, ident "eidkiosk") at once and,
 * when a file is set, is appended to it as one line chained to the one
 * before, so that a removed, reordered or edited record is detected:
 *
 *   seq=N time=2025-01-31T12:00:00Z prev=HEX64 event=NAME k=v ... mac=HEX64
 *
 * mac = HMAC-SHA256(K(N), everything before " mac="); prev = the mac of
 * the record before (64 zeros for the first of a trail). The key moves on
 * with every record, K(N+1) = HMAC-SHA256(K(N), "eidkiosk audit key
 * evolve"), and the kiosk keeps only the next one (audit.key_file, with
 * the seq and mac the file must end with): stealing it forges nothing
 * written before. The verifier starts from the trail's initial key K(1),
 * which the operator keeps off the kiosk. man eidkiosk.conf(5) explains
 * the format and `eidkiosk --verify-audit`.
 *
 * Events the kiosk records (values are single words, no spaces):
 *   audit_start    a new trail (seq 1): version pid format=2
 *                  [initial_key=made] [upgraded_from=fixed_key]
 *                  [found=no_state found_seq=N]
 *   audit_open     the kiosk started, or reopened its file: version pid
 *   audit_rotate   the first record of a file after log rotation
 *   audit_stop     the kiosk stopped
 *   audit_gap      the file does not end as the kiosk left it:
 *                  reason=tail_cut|rewound|changed|missing
 *                  expected_seq=N found_seq=N
 *   audit_lost     records that never reached the file (syslog has them):
 *                  count first_seq last_seq reason=queue_full|stopped;
 *                  it stands right after them and the verifier accepts it
 *   audit_held     records written late, after the file could not be
 *                  written: count first_seq last_seq
 *   journey_start  journey=activate|unblock|change|test lang=fi profile=NAME
 *   card_op        op=NAME result=ok|wrong_code|blocked|removed|error
 *                  tries_before=N tries_after=N
 *   card_not_served advice=NAME atr=HEX known=NAME|-
 *   journey_end    reason=NAME
 *   staff_code, staff_key, staff_service, staff_action, staff_reset
 *                  what staff did at the kiosk (eidkiosk.conf(5))
 *   monitor_connect, monitor_disconnect, monitor_reset, monitor_refused
 *                  the staff monitor (include/monitor.h): uid=N(name) ...
 * Events named audit_* are this module's own: a caller's become x_audit_*.
 *
 * When the file cannot be written (disk full, I/O error, directory gone)
 * records wait in memory, up to 256, and are written in order at the next
 * record or audit_retry(); beyond that they are lost to the file (never to
 * syslog) and audit_lost names them. The main loop calls audit_retry()
 * when audit_retry_ms() says a retry is due (a timer; no thread).
 *
 * Not thread-safe: the main loop's thread records. */
#ifndef EIDKIOSK_AUDIT_H
#define EIDKIOSK_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct audit;

/* Open the trail. path NULL or "": syslog only (no key needed). Otherwise
 * the chain goes on from the state in key_path. When key_path does not
 * exist, a new trail starts: its initial key goes to key_path.initial
 * (mode 0600; named on stderr and syslog, for the operator to move off the
 * kiosk). An old key file (one fixed key) is set aside with its file as
 * key_path.v1 and path.v1, and a new trail starts. The file's end is
 * compared with the state (audit_gap, audit_lost) and audit_start,
 * audit_open or audit_rotate is recorded. A file that cannot be written
 * yet is no failure: records wait (audit_status). terminal (NULL: none)
 * names the kiosk in the opening record when several share a machine.
 * NULL with *cause when the key file cannot be used or made. */
struct audit *audit_open(const char *path, const char *key_path,
                         const char *terminal, char **cause);

/* A trail to use after audit_open failed (why: its message): records go
 * to syslog only, the alarm is "disabled", and a site with
 * audit.on_failure "stop" is blocked. NULL only when out of memory. */
struct audit *audit_open_disabled(const char *why);

/* audit.on_failure: "stop" makes audit_blocking() true while records
 * cannot reach the file; anything else ("continue") never does. */
void audit_set_on_failure(struct audit *a, const char *policy);

/* Record an event with "k=v k=v" fields (printf format; NULL for none).
 * Values are single words: spaces and control characters inside a value
 * become '_', and a value of nothing but 4 or more digits (the shape of a
 * code) is written as "redacted". Records that wait are written first;
 * a file moved away (logrotate) is followed, one cut or replaced behind
 * the kiosk's back is recorded (audit_gap). 0 when the record is in the
 * file (or syslog only is wanted); -1 when it waits, was lost to the file,
 * or the file is disabled (syslog has it). NULL a: nothing. */
int audit_record(struct audit *a, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reopen the file now (e.g. on a signal after rotation); 0 or -1. */
int audit_reopen(struct audit *a);

/* Write the records that wait, then audit_lost/audit_held; 0 when nothing
 * waits any more, -1 when the file still cannot be written. */
int audit_retry(struct audit *a);

/* Milliseconds until audit_retry() is due (0: now), or -1 when nothing
 * waits. Retries back off from 1 s to 30 s while the file stays broken. */
int audit_retry_ms(const struct audit *a);

/* Record audit_stop, close the file, wipe the key. NULL is fine. Records
 * that still wait are lost to the file (audit_lost at the next start). */
void audit_close(struct audit *a);

/* What staff should be told, one word, or NULL when all is well, most
 * urgent first: "disabled" (no file: syslog only), "lost" (records are
 * being lost to the file now), "held" (records wait for the file), what
 * was found wrong with the file since start ("tail_cut", "rewound",
 * "changed", "missing", "no_state"; see audit_gap), "lost" (records were
 * lost to the file since start), "key_not_saved" (the key file could not
 * be rewritten: it holds an older key). */
const char *audit_alarm(const struct audit *a);

/* Whether journeys should not start: audit.on_failure is "stop" and
 * records cannot reach the file now (held, lost or disabled). */
bool audit_blocking(const struct audit *a);

enum audit_health {
	AUDIT_OK,           /* every record is in the file */
	AUDIT_HELD,         /* records wait in memory for the file */
	AUDIT_LOST,         /* the queue is full: records are being lost */
	AUDIT_SYSLOG_ONLY,  /* no file set (or the demo) */
	AUDIT_DISABLED,     /* a file was set but cannot be used */
};

/* The trail's state for the monitor and the service screen. */
struct audit_status {
	enum audit_health health;
	const char *word;          /* "ok", "held", "lost", "syslog_only",
	                            * "disabled" */
	unsigned held;             /* records waiting in memory */
	unsigned long long lost;   /* records lost to the file since start */
	const char *found;         /* NULL, or as in audit_alarm() */
	bool key_stale;            /* the key file holds an older key */
	unsigned long long seq;    /* the last record made */
};

/* Fill s (a NULL trail is syslog only). */
void audit_status(const struct audit *a, struct audit_status *s);

/* eidkiosk --audit-init: start a trail. Makes key_path (which must not
 * exist) and writes the initial key to initial_path (made 0600, must not
 * exist) or, when NULL, to out. 0, 1 when it cannot be written, 2 when
 * key_path exists (a trail goes on with it); messages to err. */
int audit_init(const char *key_path, const char *initial_path, FILE *out,
               FILE *err);

/* Check files, oldest first, as one chain with the initial key in
 * key_path (NULL: state_path.initial), or an old fixed key. When
 * state_path (the kiosk's audit.key_file) can be read and names the last
 * file as the one it writes, the files must end as the kiosk says.
 * Problems go to out as "FILE:LINE: what", then "N problems found"; on
 * success one line "ok: N records, seq A..B, ends at seq B mac=HEX".
 * A file or the key that cannot be read goes to err. Returns 0 ok,
 * 1 tampered or broken, 2 a file or the key cannot be read. */
int audit_verify(const char *key_path, const char *state_path,
                 char *const files[], int nfiles, FILE *out, FILE *err);

#endif
