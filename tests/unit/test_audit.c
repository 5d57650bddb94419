/* test_audit.c - the audit trail: record lines and their MAC, the field
 * cleaner (one line, single words, no codes), the key file, and the
 * verifier finding every changed, removed, reordered or cut record while
 * accepting restarts and log rotation. */
#include "build-config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "audit.h"
#include "audit_int.h"

static char dir[64], logp[96], keyp[96], outbuf[8192];

/* A fresh directory with the log and key paths in it. */
static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_audit.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(logp, sizeof logp, "%s/audit.log", dir);
	snprintf(keyp, sizeof keyp, "%s/key/audit.key", dir);
	return 0;
}

/* Remove what a test left. */
static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Write the trail with n journey records, opened and closed once. */
static void write_trail(int n)
{
	char err[256];
	struct audit *a = audit_open(logp, keyp, err, sizeof err);

	if (!a)
		fail_msg("audit_open: %s", err);
	for (int i = 0; i < n; i++)
		assert_int_equal(audit_record(a, "card_op", "op=activate result=ok "
		                 "tries_before=%d tries_after=%d", 5, 5), 0);
	audit_close(a);
}

/* Run the verifier on files; its output lands in outbuf. */
static int verify(int n, ...)
{
	char *files[8];
	va_list ap;
	FILE *out = fmemopen(outbuf, sizeof outbuf, "w");
	int rc;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		files[i] = va_arg(ap, char *);
	va_end(ap);
	rc = audit_verify(keyp, files, n, out, out);
	fclose(out);
	return rc;
}

/* Assert the verifier's output holds text. */
static void expect_out(const char *text)
{
	if (!strstr(outbuf, text))
		fail_msg("expected '%s' in:\n%s", text, outbuf);
}

/* The file's lines, each with its newline; returns how many. */
static int read_lines(const char *path, char lines[][AUDIT_LINE_MAX], int max)
{
	FILE *f = fopen(path, "r");
	int n = 0;

	assert_non_null(f);
	while (n < max && fgets(lines[n], AUDIT_LINE_MAX, f))
		n++;
	fclose(f);
	return n;
}

/* Write lines back, in the order given by idx (-1 ends). */
static void write_lines(const char *path, char lines[][AUDIT_LINE_MAX],
                        const int *idx)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	for (; *idx >= 0; idx++)
		fputs(lines[*idx], f);
	fclose(f);
}

/* A formatted line parses back with a right MAC, under the right key only. */
static void test_line_roundtrip(void **state)
{
	unsigned char key[AUDIT_KEY_LEN] = { 1, 2, 3 }, other[AUDIT_KEY_LEN];
	char line[AUDIT_LINE_MAX];
	struct audit_rec r;
	const char *why;
	int n;

	(void)state;
	memset(other, 7, sizeof other);
	n = audit_line_format(line, sizeof line, key, 42, 0, audit_zero_mac,
	                      "journey_end", "reason=done");
	assert_true(n > 0);
	assert_int_equal(line[n - 1], '\n');
	assert_int_equal(strncmp(line, "seq=42 time=1970-01-01T00:00:00Z prev=",
	                         38), 0);
	assert_non_null(strstr(line, " event=journey_end reason=done mac="));
	assert_int_equal(audit_line_parse(line, (size_t)n - 1, &r, &why), 0);
	assert_int_equal(r.seq, 42);
	assert_string_equal(r.event, "journey_end");
	assert_string_equal(r.prev, audit_zero_mac);
	assert_true(audit_line_mac_ok(key, line, &r));
	assert_false(audit_line_mac_ok(other, line, &r));
	line[50] ^= 1;                     /* one changed bit */
	assert_false(audit_line_mac_ok(key, line, &r));
	assert_int_equal(audit_line_parse("seq=1 event=x", 13, &r, &why), -1);
}

/* Fields stay single words on one line, and nothing code-like survives. */
static void test_fields_clean(void **state)
{
	char out[AUDIT_FIELDS_MAX], ev[AUDIT_EVENT_MAX + 1];

	(void)state;
	audit_fields_clean("reason=card removed\nnow x=1", out, sizeof out);
	assert_string_equal(out, "reason=card_removed_now x=1");
	audit_fields_clean("op=change pin=1357 puk=12345678 t=5", out, sizeof out);
	assert_string_equal(out, "op=change pin=redacted puk=redacted t=5");
	audit_fields_clean("stray words a=b\x01" "c", out, sizeof out);
	assert_string_equal(out, "note=stray_words a=b_c");
	audit_fields_clean("mac=00 seq=9 event=x", out, sizeof out);
	assert_string_equal(out, "x_mac=00 x_seq=9 x_event=x");
	audit_fields_clean("profile=FinEID 2022 lang=fi n=123", out, sizeof out);
	assert_string_equal(out, "profile=FinEID_2022 lang=fi n=123");
	audit_fields_clean("", out, sizeof out);
	assert_string_equal(out, "");
	audit_event_clean("Card Op!", ev);
	assert_string_equal(ev, "card_op_");
}

/* The key is made with mode 0600 once, then read back; others' access or
 * a broken key file is refused. */
static void test_key_file(void **state)
{
	unsigned char k1[AUDIT_KEY_LEN], k2[AUDIT_KEY_LEN];
	char err[256];
	struct stat st;

	(void)state;
	assert_int_equal(audit_key_load(keyp, k1, false, err, sizeof err), -1);
	assert_int_equal(audit_key_load(keyp, k1, true, err, sizeof err), 1);
	assert_int_equal(stat(keyp, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 65);
	assert_int_equal(audit_key_load(keyp, k2, true, err, sizeof err), 0);
	assert_memory_equal(k1, k2, sizeof k1);
	assert_int_equal(chmod(keyp, 0644), 0);
	assert_int_equal(audit_key_load(keyp, k2, false, err, sizeof err), -1);
	assert_non_null(strstr(err, "make it 600"));
	assert_int_equal(chmod(keyp, 0600), 0);
	assert_int_equal(truncate(keyp, 10), 0);
	assert_int_equal(audit_key_load(keyp, k2, false, err, sizeof err), -1);
	assert_non_null(strstr(err, "not an audit key"));
}

/* A trail written over two runs verifies and says where it ends. */
static void test_write_and_verify(void **state)
{
	char lines[16][AUDIT_LINE_MAX];

	(void)state;
	write_trail(2);
	write_trail(1);                    /* a restart continues the chain */
	assert_int_equal(read_lines(logp, lines, 16), 7);
	assert_non_null(strstr(lines[0], "seq=1 "));
	assert_non_null(strstr(lines[0], "event=audit_start version="));
	assert_non_null(strstr(lines[3], "event=audit_stop"));
	assert_non_null(strstr(lines[4], "seq=5 "));
	assert_non_null(strstr(lines[4], "event=audit_open"));
	assert_int_equal(verify(1, logp), 0);
	expect_out("ok: 7 records, seq 1..7, ends at seq 7 mac=");
	expect_out("(kiosk stopped)");
}

/* An edited, removed, reordered or cut record is found, with its line. */
static void test_tampering_found(void **state)
{
	char lines[16][AUDIT_LINE_MAX];
	static const int all[] = { 0, 1, 2, 3, 4, -1 }, drop[] = { 0, 1, 3, 4, -1 },
	                 swap[] = { 0, 2, 1, 3, 4, -1 }, head[] = { 1, 2, 3, 4, -1 };
	char *p;

	(void)state;
	write_trail(3);
	assert_int_equal(read_lines(logp, lines, 16), 5);
	p = strstr(lines[2], "result=ok");
	memcpy(p, "result=no", 9);
	write_lines(logp, lines, all);
	assert_int_equal(verify(1, logp), 1);
	expect_out("audit.log:3: seq 3: mac does not match");
	expect_out("1 problem found");
	memcpy(p, "result=ok", 9);
	write_lines(logp, lines, drop);
	assert_int_equal(verify(1, logp), 1);
	expect_out("audit.log:3: seq 4 follows seq 2");
	write_lines(logp, lines, swap);
	assert_int_equal(verify(1, logp), 1);
	expect_out("audit.log:2: seq 3 follows seq 1");
	write_lines(logp, lines, head);
	assert_int_equal(verify(1, logp), 1);
	expect_out("audit.log:1: the file begins with seq 2");
	write_lines(logp, lines, all);
	assert_int_equal(truncate(logp, (off_t)(strlen(lines[0]) + 20)), 0);
	assert_int_equal(verify(1, logp), 1);
	expect_out("audit.log:2: the last record is cut short");
}

/* Records removed behind a running writer, in place or by a new file put
 * in its place, show as a gap at the next record. */
static void test_running_gap(void **state)
{
	char err[256], tmp[128], lines[16][AUDIT_LINE_MAX];
	static const int keep2[] = { 0, 1, -1 };
	struct audit *a = audit_open(logp, keyp, err, sizeof err);

	(void)state;
	assert_non_null(a);
	for (int i = 0; i < 3; i++)
		assert_int_equal(audit_record(a, "card_op", "op=verify"), 0);
	assert_int_equal(read_lines(logp, lines, 16), 4);
	write_lines(logp, lines, keep2);               /* same inode */
	assert_int_equal(audit_record(a, "journey_end", "reason=done"), 0);
	assert_int_equal(verify(1, logp), 1);
	expect_out("audit.log:3: seq 5 follows seq 2");
	snprintf(tmp, sizeof tmp, "%s.new", logp);
	assert_int_equal(read_lines(logp, lines, 16), 3);
	write_lines(tmp, lines, keep2);
	assert_int_equal(rename(tmp, logp), 0);        /* a new inode */
	assert_int_equal(audit_record(a, "journey_end", "reason=done"), 0);
	audit_close(a);
	assert_int_equal(verify(1, logp), 1);
	expect_out("audit.log:3: seq 6 follows seq 2");
}

/* A clean cut of the tail verifies, but the end it reports moves: that is
 * what the operator compares with syslog. */
static void test_tail_cut_shows(void **state)
{
	char lines[16][AUDIT_LINE_MAX];
	static const int first3[] = { 0, 1, 2, -1 };

	(void)state;
	write_trail(3);
	assert_int_equal(read_lines(logp, lines, 16), 5);
	write_lines(logp, lines, first3);
	assert_int_equal(verify(1, logp), 0);
	expect_out("ends at seq 3 mac=");
}

/* A wrong key fails every record and says so. */
static void test_wrong_key(void **state)
{
	unsigned char k[AUDIT_KEY_LEN];
	char err[256];

	(void)state;
	write_trail(1);
	assert_int_equal(unlink(keyp), 0);
	assert_int_equal(audit_key_load(keyp, k, true, err, sizeof err), 1);
	assert_int_equal(verify(1, logp), 1);
	expect_out("no record matches the key");
	assert_int_equal(unlink(keyp), 0);
	assert_int_equal(verify(1, logp), 2);  /* no key at all */
}

/* Rotation while running and before a restart: each file verifies alone
 * and the set as one chain, in order only. */
static void test_rotation(void **state)
{
	char err[256], old1[128], old2[128], lines[16][AUDIT_LINE_MAX];
	struct audit *a;

	(void)state;
	snprintf(old1, sizeof old1, "%s.1", logp);
	snprintf(old2, sizeof old2, "%s.2", logp);
	a = audit_open(logp, keyp, err, sizeof err);
	assert_non_null(a);
	assert_int_equal(audit_record(a, "journey_start", "journey=activate"), 0);
	assert_int_equal(rename(logp, old1), 0);       /* logrotate, running */
	assert_int_equal(audit_record(a, "journey_end", "reason=done"), 0);
	audit_close(a);
	assert_int_equal(read_lines(logp, lines, 16), 3);
	assert_non_null(strstr(lines[0], "seq=3 "));
	assert_non_null(strstr(lines[0], "event=audit_rotate"));
	assert_int_equal(rename(old1, old2), 0);       /* rotated while stopped */
	assert_int_equal(rename(logp, old1), 0);
	write_trail(0);
	assert_int_equal(read_lines(logp, lines, 16), 2);
	assert_non_null(strstr(lines[0], "seq=6 "));
	assert_non_null(strstr(lines[0], "event=audit_rotate"));
	assert_int_equal(verify(1, old1), 0);
	expect_out("ok: 3 records, seq 3..5");
	assert_int_equal(verify(1, logp), 0);
	assert_int_equal(verify(3, old2, old1, logp), 0);
	expect_out("ok: 7 records, seq 1..7");
	assert_int_equal(verify(3, old1, old2, logp), 1);  /* out of order */
	expect_out("audit.log.2:1: a new trail starts here");
	assert_int_equal(verify(2, old2, logp), 1);    /* a file left out */
	expect_out("audit.log:1: seq 6 follows seq 2");
}

/* A record cut by a crash is mended on the next start (one problem, the
 * cut line), and the chain goes on from the last whole record. */
static void test_crash_cut(void **state)
{
	char lines[16][AUDIT_LINE_MAX];
	FILE *f;

	(void)state;
	write_trail(1);
	f = fopen(logp, "a");
	assert_non_null(f);
	fputs("seq=4 time=2025", f);
	fclose(f);
	write_trail(0);
	assert_int_equal(read_lines(logp, lines, 16), 6);
	assert_string_equal(lines[3], "seq=4 time=2025\n");
	assert_non_null(strstr(lines[4], "seq=4 "));
	assert_int_equal(verify(1, logp), 1);
	expect_out("audit.log:4: not an audit record");
	expect_out("1 problem found");
}

/* Without a file, records go to syslog only and no key is needed. */
static void test_syslog_only(void **state)
{
	char err[256];
	struct audit *a = audit_open("", NULL, err, sizeof err);

	(void)state;
	assert_non_null(a);
	assert_int_equal(audit_record(a, "journey_end", "reason=idle"), 0);
	audit_close(a);
	assert_int_equal(access(keyp, F_OK), -1);
	assert_int_equal(audit_record(NULL, "x", NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_roundtrip),
		cmocka_unit_test(test_fields_clean),
		cmocka_unit_test_setup_teardown(test_key_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_and_verify, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_tampering_found, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_running_gap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tail_cut_shows, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crash_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syslog_only, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
