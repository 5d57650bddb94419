/* audit_test_util.h - helpers shared by the audit trail's unit tests
 * (test_audit.c, test_audit_writer.c): a fresh directory with the trail's
 * file and key file, a writer, the verifier's output, the file's lines. */
#ifndef EIDKIOSK_AUDIT_TEST_UTIL_H
#define EIDKIOSK_AUDIT_TEST_UTIL_H

#include <stdbool.h>
#include "audit.h"
#include "audit_int.h"

/* The test's directory, its audit file, key file (a subdirectory, made by
 * the writer), initial key (next to it), and the verifier's last output. */
extern char at_dir[64], at_log[96], at_key[96], at_initial[112];
extern char at_out[8192];

/* cmocka setup and teardown: make at_dir and the paths; remove it all
 * (and put the file write back, if a test replaced it). */
int at_setup(void **state);
int at_teardown(void **state);

/* audit_open on at_log and at_key; fails the test when it cannot. */
struct audit *at_open(void);

/* A run of the writer: opened, n card_op records, closed. */
void at_trail(int n);

/* The verifier on files, with the initial key next to the key file, and
 * the kiosk's key file to compare with when state; output in at_out. */
int at_verify(bool state, int n, ...);

/* The verifier on one file with another key (no kiosk state). */
int at_verify_key(const char *key, const char *file);

/* Fail unless the verifier's last output holds (or lacks) text. */
void at_expect(const char *text);
void at_expect_not(const char *text);

/* The lines of a file, each with its newline; how many. */
int at_lines(const char *path, char lines[][AUDIT_LINE_MAX], int max);

/* Write lines back, in the order given by idx (-1 ends). */
void at_put_lines(const char *path, char lines[][AUDIT_LINE_MAX],
                  const int *idx);

/* Whether a file has a line holding text. */
bool at_has(const char *path, const char *text);

/* Make every write to the audit file fail (ENOSPC), or write half a line
 * then fail, or work again. */
enum at_writes { AT_WRITES_OK, AT_WRITES_FAIL, AT_WRITES_HALF };
void at_writes(enum at_writes how);

#endif
