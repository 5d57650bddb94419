/* test_audit.c - the audit trail: record lines and their MAC, the field
 * cleaner (one line, single words, no codes), the key files and the key
 * that evolves with every record (a stolen current key forges nothing
 * before it), and the verifier finding every changed, removed, reordered
 * or cut record. The writer's side (cut and rewound files, records held
 * and lost) is test_audit_writer.c. */
#include "cause.h"
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

/* A formatted line parses back with a right MAC, under the right key only. */
static void test_line_roundtrip(void **state)
{
	unsigned char key[AUDIT_KEY_LEN] = { 1, 2, 3 }, other[AUDIT_KEY_LEN];
	char line[AUDIT_LINE_MAX], v[16];
	struct audit_rec r;
	const char *why;
	int n;

	(void)state;
	memset(other, 7, sizeof other);
	n = audit_line_format(line, sizeof line, key, 42, 0, audit_zero_mac,
	                      "audit_lost", "count=3 first_seq=7 reason=x");
	assert_true(n > 0);
	assert_int_equal(line[n - 1], '\n');
	assert_int_equal(strncmp(line, "seq=42 time=1970-01-01T00:00:00Z prev=",
	                         38), 0);
	assert_non_null(strstr(line, " event=audit_lost count=3 first_seq=7 "
	                       "reason=x mac="));
	assert_int_equal(audit_line_parse(line, (size_t)n - 1, &r, &why), 0);
	assert_int_equal(r.seq, 42);
	assert_string_equal(r.event, "audit_lost");
	assert_string_equal(r.prev, audit_zero_mac);
	assert_int_equal(audit_line_num(line, &r, "first_seq"), 7);
	assert_int_equal(audit_line_num(line, &r, "last_seq"), 0);
	assert_string_equal(audit_line_field(line, &r, "reason", v, sizeof v),
	                    "x");
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

/* The first start makes the key file and the initial key, both owner-only;
 * a key file others may read, or one that is not a key file, is refused;
 * the verifier refuses the kiosk's current key in place of the initial. */
static void test_key_files(void **state)
{
	struct audit_state st;
	char *err = NULL;
	struct stat sb;

	(void)state;
	at_trail(0);
	assert_int_equal(stat(at_key, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(at_initial, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_true(at_has(at_initial, "eidkiosk-audit-initial-key 2"));
	assert_int_equal(audit_state_load(at_key, &st, &err), 0);
	assert_int_equal(st.seq, 2);
	assert_int_equal(st.wseq, 2);
	assert_string_equal(st.mac, st.wmac);
	assert_int_equal(audit_initial_load(at_key, st.key, &(bool){ 0 },
	                                    &err), -1);
	assert_non_null(strstr(err, "is the kiosk's current key"));
	cause_drop(&err);
	assert_int_equal(at_verify_key(at_key, at_log), 2);
	assert_int_equal(chmod(at_key, 0644), 0);
	assert_null(audit_open(at_log, at_key, NULL, &err));
	assert_non_null(strstr(err, "make it 600"));
	cause_drop(&err);
	assert_int_equal(chmod(at_key, 0600), 0);
	assert_int_equal(truncate(at_key, 30), 0);
	assert_null(audit_open(at_log, at_key, NULL, &err));
	assert_non_null(strstr(err, "not an audit key file"));
	cause_drop(&err);
}

/* The key moves on with every record and the kiosk keeps only the next:
 * it cannot make an old record's MAC, and an old record rewritten with it
 * is found. */
static void test_stolen_key(void **state)
{
	unsigned char k1[AUDIT_KEY_LEN], k[AUDIT_KEY_LEN];
	char lines[8][AUDIT_LINE_MAX], *err = NULL, mac[AUDIT_HEX + 1], *m;
	static const int all[] = { 0, 1, 2, 3, 4, -1 };
	struct audit_state stolen;
	struct audit_keys ks;
	struct audit_rec r;
	const char *why;
	bool fixed;

	(void)state;
	at_trail(3);                       /* seq 1..5 */
	assert_int_equal(audit_state_load(at_key, &stolen, &err), 0);
	assert_int_equal(audit_initial_load(at_initial, k1, &fixed, &err), 0);
	assert_false(fixed);
	audit_keys_init(&ks, k1, false);
	assert_int_equal(audit_keys_get(&ks, 6, k), 0);
	assert_memory_equal(k, stolen.key, sizeof k);   /* K(6) = evolved K(1) */
	assert_int_equal(audit_keys_get(&ks, 2, k), 0);
	assert_memory_not_equal(k, stolen.key, sizeof k);
	audit_keys_free(&ks);
	assert_int_equal(at_lines(at_log, lines, 8), 5);
	assert_int_equal(audit_line_parse(lines[1], strlen(lines[1]) - 1, &r,
	                                  &why), 0);
	assert_true(audit_line_mac_ok(k, lines[1], &r));
	assert_false(audit_line_mac_ok(stolen.key, lines[1], &r));
	/* the thief changes record 3 and MACs it again with the key it has */
	memcpy(strstr(lines[2], "result=ok"), "result=no", 9);
	m = strstr(lines[2], " mac=");
	assert_int_equal(audit_mac_hex(stolen.key, lines[2],
	                               (size_t)(m - lines[2]), mac), 0);
	memcpy(m + 5, mac, AUDIT_HEX);
	at_put_lines(at_log, lines, all);
	assert_int_equal(at_verify(false, 1, at_log), 1);
	at_expect("audit.log:3: seq 3: mac does not match");
	free(err);
}

/* Keys of any seq, in any order, are those of one walk from K(1); a seq
 * too far beyond every key made is refused, not walked to. */
static void test_key_stream(void **state)
{
	static const unsigned long long ask[] = { 3000, 5, 2049, 1025, 1, 2050,
	                                          3001, 1024 };
	unsigned char k1[AUDIT_KEY_LEN] = { 9 }, walk[3002][AUDIT_KEY_LEN];
	unsigned char k[AUDIT_KEY_LEN];
	struct audit_keys ks;

	(void)state;
	memcpy(walk[1], k1, sizeof k1);
	for (int i = 2; i < 3002; i++) {
		memcpy(walk[i], walk[i - 1], AUDIT_KEY_LEN);
		assert_int_equal(audit_key_evolve(walk[i]), 0);
	}
	audit_keys_init(&ks, k1, false);
	for (size_t i = 0; i < sizeof ask / sizeof ask[0]; i++) {
		assert_int_equal(audit_keys_get(&ks, ask[i], k), 0);
		assert_memory_equal(k, walk[ask[i]], sizeof k);
	}
	ks.skip_max = 100;
	assert_int_equal(audit_keys_get(&ks, 3200, k), -1);
	assert_int_equal(audit_keys_get(&ks, 3090, k), 0);
	audit_keys_free(&ks);
	audit_keys_init(&ks, k1, true);    /* an old trail: one fixed key */
	assert_int_equal(audit_keys_get(&ks, 77, k), 0);
	assert_memory_equal(k, k1, sizeof k);
	audit_keys_free(&ks);
}

/* A trail written over two runs verifies and says where it ends. */
static void test_write_and_verify(void **state)
{
	char lines[16][AUDIT_LINE_MAX];

	(void)state;
	at_trail(2);
	at_trail(1);                       /* a restart continues the chain */
	assert_int_equal(at_lines(at_log, lines, 16), 7);
	assert_non_null(strstr(lines[0], "seq=1 "));
	assert_non_null(strstr(lines[0], "event=audit_start version="));
	assert_non_null(strstr(lines[0], " format=2 initial_key=made mac="));
	assert_non_null(strstr(lines[3], "event=audit_stop"));
	assert_non_null(strstr(lines[4], "seq=5 "));
	assert_non_null(strstr(lines[4], "event=audit_open"));
	assert_null(strstr(lines[4], "initial_key"));
	assert_int_equal(at_verify(true, 1, at_log), 0);
	at_expect("ok: 7 records, seq 1..7, ends at seq 7 mac=");
	at_expect("(kiosk stopped)");
}

/* An edited, removed, reordered or cut record is found, with its line. */
static void test_tampering_found(void **state)
{
	char lines[16][AUDIT_LINE_MAX];
	static const int all[] = { 0, 1, 2, 3, 4, -1 },
	                 drop[] = { 0, 1, 3, 4, -1 },
	                 swap[] = { 0, 2, 1, 3, 4, -1 },
	                 head[] = { 1, 2, 3, 4, -1 };
	char *p;

	(void)state;
	at_trail(3);
	assert_int_equal(at_lines(at_log, lines, 16), 5);
	p = strstr(lines[2], "result=ok");
	memcpy(p, "result=no", 9);
	at_put_lines(at_log, lines, all);
	assert_int_equal(at_verify(false, 1, at_log), 1);
	at_expect("audit.log:3: seq 3: mac does not match");
	at_expect("1 problem found");
	memcpy(p, "result=ok", 9);
	at_put_lines(at_log, lines, drop);
	assert_int_equal(at_verify(false, 1, at_log), 1);
	at_expect("audit.log:3: seq 4 follows seq 2");
	at_put_lines(at_log, lines, swap);
	assert_int_equal(at_verify(false, 1, at_log), 1);
	at_expect("audit.log:2: seq 3 follows seq 1");
	at_expect_not("mac does not match");   /* keys by seq, in any order */
	at_put_lines(at_log, lines, head);
	assert_int_equal(at_verify(false, 1, at_log), 1);
	at_expect("audit.log:1: the file begins with seq 2");
	at_put_lines(at_log, lines, all);
	assert_int_equal(truncate(at_log, (off_t)(strlen(lines[0]) + 20)), 0);
	assert_int_equal(at_verify(false, 1, at_log), 1);
	at_expect("audit.log:2: the last record is cut short");
}

/* Another trail's initial key fails every record and says so; no key is
 * a usage problem. */
static void test_wrong_key(void **state)
{
	unsigned char other[AUDIT_KEY_LEN] = { 42 };
	char *err = NULL, key2[128], init2[128];

	(void)state;
	at_trail(1);
	snprintf(key2, sizeof key2, "%s/other.key", at_dir);
	snprintf(init2, sizeof init2, "%s/other.initial", at_dir);
	assert_int_equal(audit_trail_new(key2, other, init2, NULL, &err), 0);
	assert_int_equal(at_verify_key(init2, at_log), 1);
	at_expect("no record matches the key");
	assert_int_equal(unlink(at_initial), 0);
	assert_int_equal(at_verify(false, 1, at_log), 2);  /* no key at all */
	free(err);
}

/* A trail of an older eidkiosk (one fixed key, 64 hex digits) is set
 * aside with its key as .v1, where it still verifies; a new trail starts. */
static void test_old_fixed_key(void **state)
{
	unsigned char k[AUDIT_KEY_LEN];
	char line[AUDIT_LINE_MAX], old[128], oldkey[128];
	FILE *f;
	int n;

	(void)state;
	memset(k, 0x5a, sizeof k);
	snprintf(old, sizeof old, "%s/key", at_dir);
	assert_int_equal(mkdir(old, 0700), 0);
	f = fopen(at_key, "w");
	for (int i = 0; i < AUDIT_KEY_LEN; i++)
		fprintf(f, "%02x", k[i]);
	fclose(f);
	assert_int_equal(chmod(at_key, 0600), 0);
	n = audit_line_format(line, sizeof line, k, 1, 0, audit_zero_mac,
	                      "audit_start", "version=0.0.9");
	f = fopen(at_log, "w");
	fwrite(line, 1, (size_t)n, f);
	fclose(f);
	at_trail(1);
	snprintf(old, sizeof old, "%s.v1", at_log);
	snprintf(oldkey, sizeof oldkey, "%s.v1", at_key);
	assert_true(at_has(at_log, "seq=1 "));
	assert_true(at_has(at_log, " initial_key=made upgraded_from=fixed_key"));
	assert_int_equal(at_verify(true, 1, at_log), 0);
	assert_int_equal(at_verify_key(oldkey, old), 0);
	at_expect("ok: 1 records, seq 1..1");
	at_expect("one fixed key (no forward security)");
}

/* --audit-init: the key file and the initial key, to a file or out; not
 * over a trail that goes on. */
static void test_audit_init(void **state)
{
	char buf[512];
	FILE *out = fmemopen(buf, sizeof buf, "w");

	(void)state;
	assert_int_equal(audit_init(at_key, NULL, out, stderr), 0);
	fclose(out);
	assert_non_null(strstr(buf, "eidkiosk-audit-initial-key 2\n"));
	assert_int_equal(audit_init(at_key, at_initial, stdout, stderr), 2);
	assert_int_equal(unlink(at_key), 0);
	assert_int_equal(audit_init(at_key, at_initial, stdout, stderr), 0);
	at_trail(1);
	assert_int_equal(at_verify(true, 1, at_log), 0);
	at_expect("ok: 3 records, seq 1..3");
	assert_false(at_has(at_log, "initial_key=made"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_roundtrip),
		cmocka_unit_test(test_fields_clean),
		cmocka_unit_test(test_key_stream),
		cmocka_unit_test_setup_teardown(test_key_files, at_setup,
		                                at_teardown),
		cmocka_unit_test_setup_teardown(test_stolen_key, at_setup,
		                                at_teardown),
		cmocka_unit_test_setup_teardown(test_write_and_verify, at_setup,
		                                at_teardown),
		cmocka_unit_test_setup_teardown(test_tampering_found, at_setup,
		                                at_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key, at_setup,
		                                at_teardown),
		cmocka_unit_test_setup_teardown(test_old_fixed_key, at_setup,
		                                at_teardown),
		cmocka_unit_test_setup_teardown(test_audit_init, at_setup,
		                                at_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
