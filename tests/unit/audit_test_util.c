/* audit_test_util.c - helpers shared by the audit trail's unit tests. */
#include "build-config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "audit_test_util.h"

char at_dir[64], at_log[96], at_key[96], at_initial[112], at_out[8192];

/* A fresh directory with the trail's paths in it. */
int at_setup(void **state)
{
	(void)state;
	snprintf(at_dir, sizeof at_dir, "/tmp/test_audit.XXXXXX");
	if (!mkdtemp(at_dir))
		return -1;
	snprintf(at_log, sizeof at_log, "%s/audit.log", at_dir);
	snprintf(at_key, sizeof at_key, "%s/key/audit.key", at_dir);
	snprintf(at_initial, sizeof at_initial, "%s%s", at_key,
	         AUDIT_INITIAL_SUFFIX);
	return 0;
}

/* Remove what a test left. */
int at_teardown(void **state)
{
	char cmd[128];

	(void)state;
	at_writes(AT_WRITES_OK);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", at_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Open the trail or fail. */
struct audit *at_open(void)
{
	char *err = NULL;
	struct audit *a = audit_open(at_log, at_key, NULL, &err);

	if (!a)
		fail_msg("audit_open: %s", err);
	free(err);
	return a;
}

/* One run of the writer with n records. */
void at_trail(int n)
{
	struct audit *a = at_open();

	for (int i = 0; i < n; i++)
		assert_int_equal(audit_record(a, "card_op", "op=activate result=ok "
		                 "tries_before=%d tries_after=%d", 5, 5), 0);
	audit_close(a);
}

/* The verifier with a key and the kiosk's state on files; output kept. */
static int verify_files(const char *key, const char *st, char **files,
                        int n)
{
	FILE *out = fmemopen(at_out, sizeof at_out, "w");
	int rc;

	assert_non_null(out);
	rc = audit_verify(key, st, files, n, out, out);
	fclose(out);
	return rc;
}

/* The verifier on files. */
int at_verify(bool state, int n, ...)
{
	char *files[8];
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		files[i] = va_arg(ap, char *);
	va_end(ap);
	return verify_files(at_initial, state ? at_key : NULL, files, n);
}

/* The verifier on one file with another key. */
int at_verify_key(const char *key, const char *file)
{
	char *files[1] = { (char *)file };

	return verify_files(key, NULL, files, 1);
}

/* The verifier's output holds text. */
void at_expect(const char *text)
{
	if (!strstr(at_out, text))
		fail_msg("expected '%s' in:\n%s", text, at_out);
}

/* The verifier's output lacks text. */
void at_expect_not(const char *text)
{
	if (strstr(at_out, text))
		fail_msg("did not expect '%s' in:\n%s", text, at_out);
}

/* The file's lines. */
int at_lines(const char *path, char lines[][AUDIT_LINE_MAX], int max)
{
	FILE *f = fopen(path, "r");
	int n = 0;

	assert_non_null(f);
	while (n < max && fgets(lines[n], AUDIT_LINE_MAX, f))
		n++;
	fclose(f);
	return n;
}

/* Write lines back in the order idx gives. */
void at_put_lines(const char *path, char lines[][AUDIT_LINE_MAX],
                  const int *idx)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	for (; *idx >= 0; idx++)
		fputs(lines[*idx], f);
	fclose(f);
}

/* Whether a line of the file holds text. */
bool at_has(const char *path, const char *text)
{
	char line[AUDIT_LINE_MAX];
	FILE *f = fopen(path, "r");
	bool found = false;

	assert_non_null(f);
	while (!found && fgets(line, sizeof line, f))
		found = strstr(line, text) != NULL;
	fclose(f);
	return found;
}

/* A full disk. */
static ssize_t write_fail(int fd, const void *buf, size_t n)
{
	(void)fd;
	(void)buf;
	(void)n;
	errno = ENOSPC;
	return -1;
}

/* A disk that fills in the middle of a line. */
static ssize_t write_half(int fd, const void *buf, size_t n)
{
	ssize_t w = write(fd, buf, n / 2);

	errno = ENOSPC;
	return w;
}

/* How writes to the audit file go from now on. */
void at_writes(enum at_writes how)
{
	audit_write_fn = how == AT_WRITES_FAIL ? write_fail
	                 : how == AT_WRITES_HALF ? write_half : write;
}
