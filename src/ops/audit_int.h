/* audit_int.h - private to src/ops/audit*.c and its unit test: the keys
 * and the chain's state (audit_key.c), one record line (audit_line.c), the
 * writer's own state and its paths to the file (audit.c, audit_queue.c,
 * audit_tail.c). */
#ifndef EIDKIOSK_AUDIT_INT_H
#define EIDKIOSK_AUDIT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>
#include <sys/types.h>

#define AUDIT_KEY_LEN 32
#define AUDIT_HEX 64               /* a MAC or prev in hex */
#define AUDIT_LINE_MAX 1024        /* one record with its newline */
#define AUDIT_FIELDS_MAX 768       /* the "k=v ..." part */
#define AUDIT_EVENT_MAX 32
#define AUDIT_QUEUE_MAX 256        /* records held in memory for the file */
#define AUDIT_FORMAT 2             /* evolving keys; 1 was one fixed key */
#define AUDIT_RETRY_MIN_MS 1000    /* first retry after a failed write */
#define AUDIT_RETRY_MAX_MS 30000   /* retries back off up to this */
#define AUDIT_INITIAL_SUFFIX ".initial"

/* One parsed record. body_len: the bytes the MAC covers. */
struct audit_rec {
	unsigned long long seq;
	char time[24];
	char prev[AUDIT_HEX + 1];
	char event[AUDIT_EVENT_MAX + 1];
	char mac[AUDIT_HEX + 1];
	size_t body_len;
};

/* The chain's state, kept in audit.key_file and rewritten per record. */
struct audit_state {
	unsigned char key[AUDIT_KEY_LEN];  /* the key of record seq + 1 */
	unsigned long long seq;            /* the last record made; 0 none */
	char mac[AUDIT_HEX + 1];           /* its mac */
	unsigned long long wseq;           /* the last record in the file */
	char wmac[AUDIT_HEX + 1];          /* its mac */
	unsigned long long dev, ino;       /* the file that holds it */
};

/* The writer. */
struct audit {
	int fd;                        /* -1: not open */
	char path[512];                /* "" = syslog only */
	char key_path[512];
	struct audit_state st;
	dev_t dev;                     /* the open file */
	ino_t ino;
	off_t end;                     /* its size after our last write */
	unsigned long long tail_seq;   /* the seq it ended with when opened */
	bool opened;                   /* the file was open once (checked) */
	bool disabled;                 /* a file was wanted but cannot be */
	bool stop;                     /* audit.on_failure = "stop" */
	bool key_stale;                /* the state could not be saved */
	const char *found;             /* what was wrong with the file, sticky */
	/* records for the file to come, in this order (audit_announce) */
	unsigned long long lost_first, lost_last;   /* 0: none */
	const char *lost_reason;
	const char *gap_reason;        /* audit_gap to write; NULL none */
	unsigned long long gap_expected, gap_found;
	const char *open_event;        /* audit_start|open|rotate to write */
	char open_note[96];            /* more fields for it, or "" */
	char terminal[33];             /* --terminal, in the opening record */
	/* records held for the file */
	char *q[AUDIT_QUEUE_MAX];
	unsigned qhead, qn;
	unsigned long long held_first, held_last, held_n;
	unsigned long long lost_total; /* records lost from the file */
	struct timespec retry_at;      /* CLOCK_MONOTONIC */
	int backoff_ms;
};

/* Unit tests replace the file write to fail on cue (default: write). */
extern ssize_t (*audit_write_fn)(int fd, const void *buf, size_t n);

/* ---- keys and state (audit_key.c) ---- */

/* K(i+1) = HMAC-SHA256(K(i), "eidkiosk audit key evolve"), in place. */
int audit_key_evolve(unsigned char key[AUDIT_KEY_LEN]);

/* The state from path: 0 read, 1 no such file, 2 an old fixed key (its
 * bytes in st->key), -1 with *cause. */
int audit_state_load(const char *path, struct audit_state *st,
                     char **cause);

/* Write the state atomically (temp file, fsync, rename); 0 or -1 with
 * *cause. */
int audit_state_save(const char *path, const struct audit_state *st,
                     char **cause);

/* A new trail from the initial key k1: the state file at path (which must
 * not exist) and the initial key to initial (O_EXCL, 0600) or, when
 * initial is NULL, to out. 0 or -1 with *cause. */
int audit_trail_new(const char *path, const unsigned char k1[AUDIT_KEY_LEN],
                    const char *initial, FILE *out, char **cause);

/* The key a verifier starts from: an initial key (*fixed false) or an old
 * fixed key (*fixed true). 0 or -1 with *cause. */
int audit_initial_load(const char *path, unsigned char k1[AUDIT_KEY_LEN],
                       bool *fixed, char **cause);

/* The key of any record from the initial key, keeping a key every
 * AUDIT_KEYS_EVERY records so that going back costs little. */
struct audit_keys {
	unsigned char k1[AUDIT_KEY_LEN], cur[AUDIT_KEY_LEN];
	unsigned long long cur_seq;        /* cur is its key */
	unsigned long long hi;             /* the furthest seq walked to */
	bool fixed;                        /* one key for every record */
	unsigned long long skip_max;       /* how far past the furthest */
	unsigned char (*cp)[AUDIT_KEY_LEN];/* the key of seq 1 + i * EVERY */
	size_t ncp;
};
#define AUDIT_KEYS_EVERY 1024
#define AUDIT_SKIP_MAX (1ULL << 24)

void audit_keys_init(struct audit_keys *ks, const unsigned char *k1,
                     bool fixed);
/* The key of record seq into out; -1 when seq is further than skip_max
 * beyond every key made so far (or out of memory). */
int audit_keys_get(struct audit_keys *ks, unsigned long long seq,
                   unsigned char out[AUDIT_KEY_LEN]);
void audit_keys_free(struct audit_keys *ks);

/* Check files as one chain with a key stream; kiosk: the state to
 * compare the last file with, or NULL (audit_verify.c). */
int audit_verify_run(struct audit_keys *ks, const struct audit_state *kiosk,
                     char *const files[], int nfiles, FILE *out, FILE *err);

/* ---- one record line (audit_line.c) ---- */

/* HMAC-SHA256 of data in lower-case hex; 0 or -1. */
int audit_mac_hex(const unsigned char key[AUDIT_KEY_LEN], const char *data,
                  size_t n, char out[AUDIT_HEX + 1]);

/* A whole line with its newline into buf; its length, or -1 when it does
 * not fit. fields: cleaned "k=v ..." or "". */
int audit_line_format(char *buf, size_t bufsz,
                      const unsigned char key[AUDIT_KEY_LEN],
                      unsigned long long seq, time_t t, const char *prev,
                      const char *event, const char *fields);

/* Parse a line (no newline). 0, or -1 with *why saying what is wrong. */
int audit_line_parse(const char *line, size_t len, struct audit_rec *r,
                     const char **why);

/* Whether the record's MAC is right for the key. */
bool audit_line_mac_ok(const unsigned char key[AUDIT_KEY_LEN],
                       const char *line, const struct audit_rec *r);

/* The value of field name in a parsed record's line into buf, or NULL. */
const char *audit_line_field(const char *line, const struct audit_rec *r,
                             const char *name, char *buf, size_t bufsz);

/* The number in field name=N of a parsed record's line, or 0. */
unsigned long long audit_line_num(const char *line,
                                  const struct audit_rec *r,
                                  const char *name);

/* Clean "k=v k=v" text into out (see audit_record in audit.h). */
void audit_fields_clean(const char *in, char *out, size_t outsz);

/* Clean an event name: [a-z0-9_], at most AUDIT_EVENT_MAX. */
void audit_event_clean(const char *in, char out[AUDIT_EVENT_MAX + 1]);

/* Whether s holds exactly n lower-case hex digits. */
bool audit_is_hex(const char *s, size_t n);

/* The chain before the first record: 64 zeros. */
extern const char audit_zero_mac[AUDIT_HEX + 1];

/* ---- the writer's paths to the file ---- */

/* Make a record (next seq, this key, then the key moves on; syslog gets
 * it at once) and put it in the file, or hold it, or count it lost; 0
 * when it is in the file (audit_queue.c). */
int audit_emit(struct audit *a, const char *event, const char *fields);

/* Write the held records, then the records owed (audit_announce); 0 when
 * nothing waits any more. */
int audit_flush(struct audit *a);

/* Write the records owed, in order: lost, gap, open/rotate, held. Only
 * when nothing is held (they follow the held records). */
void audit_announce(struct audit *a);

/* Save the state; a failure is noted (key_stale) and said once. */
void audit_save(struct audit *a);

/* What the end of the file says against the chain's written end. */
enum audit_tail {
	AUDIT_TAIL_EMPTY,     /* nothing in it */
	AUDIT_TAIL_SAME,      /* it ends with the last record written */
	AUDIT_TAIL_NEXT,      /* one more, written before a crash kept the
	                       * state from being saved (at start only) */
	AUDIT_TAIL_SHORT,     /* it ends before it */
	AUDIT_TAIL_OTHER,     /* it ends with something the kiosk did not write */
};

/* Open the file at the path and compare its end with the state: a file
 * cut or changed becomes an audit_gap owed, one more record written
 * before a crash moves the state on. Its audit_tail, or -1 when it cannot
 * be opened (audit_tail.c). */
int audit_file_open(struct audit *a, bool starting);

/* Before a record, with nothing held: follow a file rotated away, and
 * notice one cut, replaced or changed behind the writer's back. force:
 * reopen even when it looks the same. */
void audit_file_check(struct audit *a, bool force);

/* At start: open the file, compare it with the state, and owe the
 * records that say what was found and that the kiosk started. */
void audit_begin(struct audit *a);

#endif
