/* audit_int.h - private to src/ops/audit*.c and its unit test: the key,
 * one record line (format, parse, MAC) and the field cleaner. */
#ifndef EIDKIOSK_AUDIT_INT_H
#define EIDKIOSK_AUDIT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define AUDIT_KEY_LEN 32
#define AUDIT_HEX 64               /* a MAC or prev in hex */
#define AUDIT_LINE_MAX 1024        /* one record with its newline */
#define AUDIT_FIELDS_MAX 768       /* the "k=v ..." part */
#define AUDIT_EVENT_MAX 32

/* One parsed record. body_len: the bytes the MAC covers. */
struct audit_rec {
	unsigned long long seq;
	char time[24];
	char prev[AUDIT_HEX + 1];
	char event[AUDIT_EVENT_MAX + 1];
	char mac[AUDIT_HEX + 1];
	size_t body_len;
};

/* The key: load it, or with create make it when the file does not exist.
 * 0 loaded, 1 made, -1 with a message in err. */
int audit_key_load(const char *path, unsigned char key[AUDIT_KEY_LEN],
                   bool create, char *err, size_t errsz);

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

/* Clean "k=v k=v" text into out (see audit_record in audit.h). */
void audit_fields_clean(const char *in, char *out, size_t outsz);

/* Clean an event name: [a-z0-9_], at most AUDIT_EVENT_MAX. */
void audit_event_clean(const char *in, char out[AUDIT_EVENT_MAX + 1]);

/* The chain before the first record: 64 zeros. */
extern const char audit_zero_mac[AUDIT_HEX + 1];

#endif
