/* test_audit_writer.c - the audit trail's writer: the file's end compared
 * with the kiosk's key file at start and while running (a cut tail, a
 * rewound or changed file is recorded as audit_gap and stays the alarm;
 * one record written before a crash is taken up), records held in memory
 * while the file cannot be written and written later in order (audit_held),
 * records lost when the queue overflows or the kiosk stops (audit_lost,
 * which verifies), log rotation, and syslog only. */
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

#include "audit_test_util.h"

/* Copy a file (the old copy an attacker keeps). */
static void copy(const char *from, const char *to)
{
	char buf[65536];
	FILE *in = fopen(from, "r"), *out = fopen(to, "w");
	size_t n;

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	fclose(out);
}

/* The alarm is the word given (NULL: none). */
static void alarm_is(const struct audit *a, const char *word)
{
	const char *got = audit_alarm(a);

	if (word ? !got || strcmp(got, word) != 0 : got != NULL)
		fail_msg("alarm '%s', expected '%s'", got ? got : "(none)",
		         word ? word : "(none)");
}

/* Records removed behind a running writer, in place or by an older copy
 * put in its place, are recorded at its next record and stay the alarm;
 * the verifier sees the gap. */
static void test_running_gap(void **state)
{
	char tmp[128], lines[16][AUDIT_LINE_MAX];
	static const int keep2[] = { 0, 1, -1 };
	struct audit *a = at_open();

	(void)state;
	for (int i = 0; i < 3; i++)
		assert_int_equal(audit_record(a, "card_op", "op=verify"), 0);
	assert_int_equal(at_lines(at_log, lines, 16), 4);
	at_put_lines(at_log, lines, keep2);            /* same inode */
	alarm_is(a, NULL);
	assert_int_equal(audit_record(a, "journey_end", "reason=done"), 0);
	alarm_is(a, "tail_cut");
	assert_true(at_has(at_log, "seq=5 time="));
	assert_true(at_has(at_log, " event=audit_gap reason=tail_cut "
	                   "expected_seq=4 found_seq=2 mac="));
	assert_int_equal(at_verify(false, 1, at_log), 1);
	at_expect("audit.log:3: seq 5 follows seq 2");
	snprintf(tmp, sizeof tmp, "%s.new", at_log);
	at_put_lines(tmp, lines, keep2);
	assert_int_equal(rename(tmp, at_log), 0);       /* an older copy */
	assert_int_equal(audit_record(a, "journey_end", "reason=done"), 0);
	alarm_is(a, "rewound");
	assert_true(at_has(at_log, " event=audit_gap reason=rewound "
	                   "expected_seq=6 found_seq=2 mac="));
	assert_true(at_has(at_log, "seq=8 "));
	audit_close(a);
	assert_int_equal(at_verify(false, 1, at_log), 1);
	at_expect("audit.log:3: seq 7 follows seq 2");
	at_expect("audit_gap reason=rewound");
}

/* A tail cut while the kiosk was stopped: the verifier sees it against
 * the kiosk's key file (not from the file alone), and the next start
 * records it, goes on after the cut records' seq numbers, and alarms. */
static void test_cut_while_stopped(void **state)
{
	char lines[16][AUDIT_LINE_MAX];
	struct audit *a;

	(void)state;
	at_trail(3);                                   /* seq 1..5 */
	assert_int_equal(at_lines(at_log, lines, 16), 5);
	assert_int_equal(truncate(at_log, (off_t)(strlen(lines[0]) +
	                          strlen(lines[1]) + strlen(lines[2]))), 0);
	assert_int_equal(at_verify(false, 1, at_log), 0);
	at_expect("ends at seq 3 mac=");
	assert_int_equal(at_verify(true, 1, at_log), 1);
	at_expect("the file ends at seq 3, but the kiosk's key file says it "
	          "wrote up to seq 5: seq 4..5 were cut from its end");
	a = at_open();
	alarm_is(a, "tail_cut");
	audit_close(a);
	assert_int_equal(at_lines(at_log, lines, 16), 6);
	assert_non_null(strstr(lines[3], "seq=6 "));
	assert_non_null(strstr(lines[3], " event=audit_gap reason=tail_cut "
	                       "expected_seq=5 found_seq=3 mac="));
	assert_non_null(strstr(lines[4], " event=audit_open "));
	assert_int_equal(at_verify(true, 1, at_log), 1);
	at_expect("audit.log:4: seq 6 follows seq 3");
}

/* An older copy of the file put back while the kiosk was stopped. */
static void test_rewound_while_stopped(void **state)
{
	char old[128];
	struct audit *a;

	(void)state;
	snprintf(old, sizeof old, "%s.old", at_log);
	at_trail(1);                                   /* seq 1..3 */
	copy(at_log, old);
	at_trail(2);                                   /* seq 4..7 */
	assert_int_equal(rename(old, at_log), 0);
	a = at_open();
	alarm_is(a, "rewound");
	assert_true(at_has(at_log, "seq=8 "));
	assert_true(at_has(at_log, " event=audit_gap reason=rewound "
	                   "expected_seq=7 found_seq=3 mac="));
	audit_close(a);
}

/* A file that ends with something the kiosk did not write, and a file
 * gone while the kiosk was stopped. */
static void test_changed_and_missing(void **state)
{
	FILE *f;
	struct audit *a;

	(void)state;
	at_trail(1);
	f = fopen(at_log, "a");
	fputs("seq=4 something else\n", f);
	fclose(f);
	a = at_open();
	alarm_is(a, "changed");
	audit_close(a);
	assert_int_equal(unlink(at_log), 0);
	a = at_open();
	alarm_is(a, "missing");
	audit_close(a);
	assert_true(at_has(at_log, " event=audit_rotate "));
	assert_true(at_has(at_log, " event=audit_gap reason=missing "
	                   "expected_seq=6 found_seq=0 mac="));
}

/* A crash after a record reached the file but before the key file was
 * saved: the next start takes that record up, with no alarm. */
static void test_crash_before_save(void **state)
{
	char saved[128];
	struct audit *a;

	(void)state;
	snprintf(saved, sizeof saved, "%s.saved", at_key);
	a = at_open();                                 /* seq 1 */
	assert_int_equal(audit_record(a, "card_op", "op=verify"), 0);
	copy(at_key, saved);
	assert_int_equal(chmod(saved, 0600), 0);
	audit_close(a);                                /* seq 3, then "crash" */
	assert_int_equal(rename(saved, at_key), 0);
	a = at_open();
	alarm_is(a, NULL);
	audit_close(a);
	assert_true(at_has(at_log, "seq=4 "));
	assert_int_equal(at_verify(true, 1, at_log), 0);
	at_expect("ok: 5 records, seq 1..5");
}

/* While the file cannot be written, records wait (a line cut short by a
 * full disk is taken back off), a retry is due and a "stop" site blocks;
 * once it can, they are written in order, chained, with audit_held. */
static void test_held_then_written(void **state)
{
	struct audit_status st;
	struct audit *a = at_open();
	struct stat sb;
	int ms;

	(void)state;
	assert_int_equal(stat(at_log, &sb), 0);
	at_writes(AT_WRITES_HALF);
	assert_int_equal(audit_record(a, "card_op", "op=a"), -1);
	at_writes(AT_WRITES_FAIL);
	for (int i = 0; i < 3; i++)
		assert_int_equal(audit_record(a, "card_op", "op=b"), -1);
	assert_int_equal(audit_retry(a), -1);
	audit_status(a, &st);
	assert_int_equal(st.health, AUDIT_HELD);
	assert_string_equal(st.word, "held");
	assert_int_equal(st.held, 4);
	alarm_is(a, "held");
	ms = audit_retry_ms(a);
	assert_true(ms >= 0 && ms <= 2000);
	assert_false(audit_blocking(a));
	audit_set_on_failure(a, "stop");
	assert_true(audit_blocking(a));
	assert_true(at_has(at_log, "seq=1 "));
	assert_false(at_has(at_log, "seq=2 "));         /* no half line */
	at_writes(AT_WRITES_OK);
	assert_int_equal(audit_retry(a), 0);
	alarm_is(a, NULL);
	assert_false(audit_blocking(a));
	assert_int_equal(audit_retry_ms(a), -1);
	assert_true(at_has(at_log, "seq=6 "));
	assert_true(at_has(at_log, " event=audit_held count=4 first_seq=2 "
	                   "last_seq=5 mac="));
	audit_close(a);
	assert_int_equal(at_verify(true, 1, at_log), 0);
	at_expect("ok: 7 records, seq 1..7");
}

/* Beyond the queue, records are lost to the file (syslog has them) until
 * it is written: then audit_lost names exactly which, and still verifies;
 * the alarm says records were lost. */
static void test_lost_then_named(void **state)
{
	struct audit_status st;
	struct audit *a = at_open();                   /* seq 1 */
	char want[96];

	(void)state;
	at_writes(AT_WRITES_FAIL);
	for (int i = 0; i < AUDIT_QUEUE_MAX + 10; i++)
		audit_record(a, "card_op", "op=x n=%d", i);  /* seq 2..267 */
	audit_status(a, &st);
	assert_int_equal(st.health, AUDIT_LOST);
	assert_int_equal(st.held, AUDIT_QUEUE_MAX);
	assert_int_equal(st.lost, 10);
	alarm_is(a, "lost");
	at_writes(AT_WRITES_OK);
	assert_int_equal(audit_record(a, "journey_end", "reason=done"), 0);
	alarm_is(a, "lost");                            /* since start */
	audit_close(a);
	snprintf(want, sizeof want, " event=audit_lost count=10 first_seq=%d "
	         "last_seq=%d reason=queue_full mac=", AUDIT_QUEUE_MAX + 2,
	         AUDIT_QUEUE_MAX + 11);
	assert_true(at_has(at_log, want));
	assert_true(at_has(at_log, " event=audit_held count=256 first_seq=2 "
	                   "last_seq=257 mac="));
	assert_int_equal(at_verify(true, 1, at_log), 0);
	at_expect("seq 258..267 (10 records) never reached the file");
	at_expect(", 10 lost to the file (syslog has them)");
}

/* Records still waiting when the kiosk stops are named at the next start;
 * a caller cannot pose as this module (audit_* events). */
static void test_lost_at_stop(void **state)
{
	struct audit *a = at_open();                   /* seq 1 */

	(void)state;
	assert_int_equal(audit_record(a, "audit_lost", "first_seq=1"), 0);
	at_writes(AT_WRITES_FAIL);
	assert_int_equal(audit_record(a, "card_op", "op=x"), -1);
	audit_close(a);                                /* seq 4: held, lost */
	at_writes(AT_WRITES_OK);
	a = at_open();
	alarm_is(a, "lost");
	audit_close(a);
	assert_true(at_has(at_log, "seq=2 time="));
	assert_true(at_has(at_log, " event=x_audit_lost first_seq=1 mac="));
	assert_true(at_has(at_log, " event=audit_lost count=2 first_seq=3 "
	                   "last_seq=4 reason=stopped mac="));
	assert_int_equal(at_verify(true, 1, at_log), 0);
	at_expect("seq 3..4 (2 records) never reached the file");
}

/* Rotation while running and before a restart: each file verifies alone
 * and the set as one chain, in order only. */
static void test_rotation(void **state)
{
	char old1[128], old2[128], lines[16][AUDIT_LINE_MAX];
	struct audit *a;

	(void)state;
	snprintf(old1, sizeof old1, "%s.1", at_log);
	snprintf(old2, sizeof old2, "%s.2", at_log);
	a = at_open();
	assert_int_equal(audit_record(a, "journey_start", "journey=activate"), 0);
	assert_int_equal(rename(at_log, old1), 0);     /* logrotate, running */
	assert_int_equal(audit_record(a, "journey_end", "reason=done"), 0);
	alarm_is(a, NULL);
	audit_close(a);
	assert_int_equal(at_lines(at_log, lines, 16), 3);
	assert_non_null(strstr(lines[0], "seq=3 "));
	assert_non_null(strstr(lines[0], "event=audit_rotate"));
	assert_int_equal(rename(old1, old2), 0);       /* rotated while stopped */
	assert_int_equal(rename(at_log, old1), 0);
	a = at_open();
	alarm_is(a, NULL);
	audit_close(a);
	assert_int_equal(at_lines(at_log, lines, 16), 2);
	assert_non_null(strstr(lines[0], "seq=6 "));
	assert_non_null(strstr(lines[0], "event=audit_rotate"));
	assert_int_equal(at_verify(false, 1, old1), 0);
	at_expect("ok: 3 records, seq 3..5");
	assert_int_equal(at_verify(true, 1, at_log), 0);
	assert_int_equal(at_verify(true, 3, old2, old1, at_log), 0);
	at_expect("ok: 7 records, seq 1..7");
	assert_int_equal(at_verify(false, 3, old1, old2, at_log), 1);
	at_expect("audit.log.2:1: a new trail starts here");
	assert_int_equal(at_verify(false, 2, old2, at_log), 1);
	at_expect("audit.log:1: seq 6 follows seq 2");
}

/* A record cut by a crash is mended on the next start (one problem, the
 * cut line), and the chain goes on from the last whole record. */
static void test_crash_cut(void **state)
{
	char lines[16][AUDIT_LINE_MAX];
	FILE *f;

	(void)state;
	at_trail(1);
	f = fopen(at_log, "a");
	assert_non_null(f);
	fputs("seq=4 time=2025", f);
	fclose(f);
	at_trail(0);
	assert_int_equal(at_lines(at_log, lines, 16), 6);
	assert_string_equal(lines[3], "seq=4 time=2025\n");
	assert_non_null(strstr(lines[4], "seq=4 "));
	assert_int_equal(at_verify(true, 1, at_log), 1);
	at_expect("audit.log:4: not an audit record");
	at_expect("1 problem found");
}

/* Without a file, records go to syslog only and no key is needed; a file
 * that could not be used is an alarm, and blocks a "stop" site. */
static void test_syslog_only(void **state)
{
	char *err = NULL;
	struct audit_status st;
	struct audit *a = audit_open("", NULL, NULL, &err);

	(void)state;
	assert_non_null(a);
	assert_int_equal(audit_record(a, "journey_end", "reason=idle"), 0);
	audit_status(a, &st);
	assert_string_equal(st.word, "syslog_only");
	alarm_is(a, NULL);
	audit_close(a);
	assert_int_equal(access(at_key, F_OK), -1);
	assert_int_equal(audit_record(NULL, "x", NULL), 0);
	a = audit_open_disabled("the key is refused");
	assert_int_equal(audit_record(a, "journey_end", "reason=idle"), -1);
	alarm_is(a, "disabled");
	assert_false(audit_blocking(a));
	audit_set_on_failure(a, "stop");
	assert_true(audit_blocking(a));
	audit_close(a);
	free(err);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, at_setup, at_teardown)
	const struct CMUnitTest tests[] = {
		T(test_running_gap),
		T(test_cut_while_stopped),
		T(test_rewound_while_stopped),
		T(test_changed_and_missing),
		T(test_crash_before_save),
		T(test_held_then_written),
		T(test_lost_then_named),
		T(test_lost_at_stop),
		T(test_rotation),
		T(test_crash_cut),
		T(test_syslog_only),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
