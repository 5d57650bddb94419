/* test_settings.c - defaults follow DVV's rules, the example file changes
 * nothing, and every mistake in a settings file is reported on its own
 * "file:line: message" line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <curses.h>
#include <cmocka.h>
#include "cause.h"
#include "conf_test_util.h"
#include "settings.h"


/* Assert that cause has the line "<path>:<rest>". */
static void expect_line(const char *cause, const char *path,
                        const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n = snprintf(line, sizeof line, "%s:", path);

	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	if (!has_line(cause, line))
		fail_msg("expected line\n  %s\nin\n%s", line, cause ? cause : "(none)");
}

/* Load text as a settings file over the defaults; returns the cause. */
static char *load_text(struct settings *s, const char *text, int expect_rc)
{
	char *cause = NULL;
	const char *path = write_tmp("eidkiosk.conf", text);

	settings_defaults(s);
	if (settings_load(s, path, &cause) != expect_rc)
		fail_msg("settings_load returned the wrong value; cause:\n%s",
		         cause ? cause : "(none)");
	return cause;
}

/* The defaults are DVV's rules and files under SYSCONFDIR. */
static void test_defaults(void **state)
{
	struct settings s;

	(void)state;
	settings_defaults(&s);
	assert_int_equal(s.pin[0].min_len, 4);
	assert_int_equal(s.pin[0].max_len, 8);
	assert_int_equal(s.pin[1].min_len, 6);
	assert_int_equal(s.pin[1].max_len, 8);
	for (int i = 0; i < 2; i++) {
		assert_true(s.pin[i].forbid_same_digit);
		assert_true(s.pin[i].forbid_run);
		assert_true(s.pin[i].forbid_date);
	}
	assert_int_equal(s.npuk_lengths, 2);
	assert_int_equal(s.puk_lengths[0], 7);
	assert_int_equal(s.puk_lengths[1], 8);
	assert_int_equal(s.code_timeout, 30);
	assert_int_equal(s.idle_timeout, 60);
	assert_int_equal(s.max_entry_timeouts, 3);
	assert_int_equal(s.nlangs, 3);
	assert_string_equal(s.langs[0], "fi");
	assert_string_equal(s.langs[1], "sv");
	assert_string_equal(s.langs[2], "en");
	assert_string_equal(s.lang_default, "fi");
	assert_string_equal(s.cards_file, SYSCONFDIR "/cards.conf");
	assert_string_equal(s.ca_file, SYSCONFDIR "/ca.pem");
	assert_string_equal(s.lang_dir, SYSCONFDIR "/lang");
	assert_string_equal(s.theme_dir, SYSCONFDIR "/themes");
	assert_string_equal(s.theme, "default");
	assert_int_equal(s.ascii, ASCII_AUTO);
	assert_int_equal(s.key_language[0], '/');
	assert_int_equal(s.key_language[1], KEY_F(2));
	assert_int_equal(s.key_language[2], 0);
	assert_int_equal(s.key_staff[0], KEY_F(12));
	assert_int_equal(s.key_staff[1], 0);
	assert_string_equal(s.staff_code_file, "");
	assert_false(s.staff_code_set);
	assert_int_equal(s.staff_max_wrong, 3);
	assert_int_equal(s.staff_lockout_s, 300);
	assert_string_equal(s.staff_group, "eidkiosk-staff");
	assert_false(s.staff_reset_allowed);
	assert_string_equal(s.monitor_socket, "/run/eidkiosk/monitor.sock");
	assert_string_equal(s.audit_file, "/var/log/eidkiosk/audit.log");
	assert_true(s.kiosk);
}

/* The shipped example loads without a problem and equals the defaults. */
static void test_example_is_defaults(void **state)
{
	struct settings a, b;
	char *cause = NULL;

	(void)state;
	settings_defaults(&a);
	settings_defaults(&b);
	if (settings_load(&b, TOP_SRCDIR "/conf/eidkiosk.conf", &cause) != 0)
		fail_msg("%s", cause);
	assert_null(cause);
	assert_memory_equal(&a, &b, sizeof a);
}

static void check_values(const struct settings *sp);

/* A file with every setting changed is read into the right fields. */
static void test_values(void **state)
{
	struct settings s;

	(void)state;
	assert_null(load_text(&s,
	    "site = { name = \"Pasila\"; help = \"Counter 3\"; };\n"
	    "kiosk = false;\nreader = \"Gemalto\";\n"
	    "files = { cards = \"c.conf\"; ca = \"/etc/ssl/x.pem\"; };\n"
	    "language = { default = \"sv\"; offered = [\"sv\", \"fi\"]; };\n"
	    "display = { theme = \"high-contrast\"; ascii = \"always\"; };\n"
	    "timeouts = { code_entry = 45; idle = 120; max_code_timeouts = 5; };\n"
	    "pin1 = { min = 5; max = 12; forbid_date = false; };\n"
	    "pin2 = { min = 7; max = 7; forbid_run = false; };\n"
	    "activation_code = { lengths = [8]; };\n"
	    "keymap = { language = [\"+\"]; staff = [\"F10\", \"*\"]; more_time = [\"-\"];\n"
	    "           speech = [\"F3\"]; volume = []; };\n"
	    "keys = { same_key_ms = 300; numlock_off_digits = false; };\n"
	    "speech = { output = \"headset\"; device = \"dir:/tmp/x\"; rate = 120;\n"
	    "           volume = 3; headset = \"\"; program = \"bin/speak\"; };\n"
	    "staff = { code_file = \"staff.code\"; reset_allowed = true;\n"
	    "          max_wrong_codes = 5; lockout_seconds = 60; };\n"
	    "audit = { file = \"\"; };\n", 0));
	check_values(&s);
}

/* What test_values expects to find after loading its file. */
static void check_values(const struct settings *sp)
{
	const struct settings s = *sp;
	char path[128];

	assert_string_equal(s.site_name, "Pasila");
	assert_string_equal(s.site_help, "Counter 3");
	assert_false(s.kiosk);
	assert_string_equal(s.reader, "Gemalto");
	snprintf(path, sizeof path, "%s/c.conf", tmpdir);
	assert_string_equal(s.cards_file, path);   /* relative to the file */
	assert_string_equal(s.ca_file, "/etc/ssl/x.pem");
	assert_string_equal(s.lang_default, "sv");
	assert_int_equal(s.nlangs, 2);
	assert_string_equal(s.langs[1], "fi");
	assert_string_equal(s.theme, "high-contrast");
	assert_int_equal(s.ascii, ASCII_ALWAYS);
	assert_int_equal(s.code_timeout, 45);
	assert_int_equal(s.idle_timeout, 120);
	assert_int_equal(s.max_entry_timeouts, 5);
	assert_int_equal(s.key_speech[0], KEY_F(3));
	assert_int_equal(s.key_volume[0], 0);
	assert_int_equal(s.same_key_ms, 300);
	assert_false(s.keypad_nav_digits);
	assert_string_equal(s.speech_output, "headset");
	assert_string_equal(s.speech_device, "dir:/tmp/x");
	assert_string_equal(s.speech_headset, "");
	assert_int_equal(s.speech_rate, 120);
	assert_int_equal(s.speech_volume, 3);
	snprintf(path, sizeof path, "%s/bin/speak", tmpdir);
	assert_string_equal(s.speech_program, path);
	assert_int_equal(s.pin[0].min_len, 5);
	assert_int_equal(s.pin[0].max_len, 12);
	assert_false(s.pin[0].forbid_date);
	assert_true(s.pin[0].forbid_run);
	assert_int_equal(s.pin[1].min_len, 7);
	assert_false(s.pin[1].forbid_run);
	assert_int_equal(s.npuk_lengths, 1);
	assert_int_equal(s.puk_lengths[0], 8);
	assert_int_equal(s.key_language[0], '+');
	assert_int_equal(s.key_more_time[0], '-');
	assert_int_equal(s.key_language[1], 0);
	assert_int_equal(s.key_staff[0], KEY_F(10));
	assert_int_equal(s.key_staff[1], '*');
	snprintf(path, sizeof path, "%s/staff.code", tmpdir);
	assert_string_equal(s.staff_code_file, path);
	assert_int_equal(s.staff_max_wrong, 5);
	assert_int_equal(s.staff_lockout_s, 60);
	assert_true(s.staff_reset_allowed);
	assert_string_equal(s.audit_file, "");
}

/* Every problem of a file, each on its own line with its line number. */
static void test_all_problems(void **state)
{
	struct settings s;
	char *cause;
	const char *p;

	(void)state;
	cause = load_text(&s,
	    "site = { nmae = \"x\"; };\n"
	    "timeouts = { idle = 5; code_entry = \"30\"; };\n"
	    "pin1 = { min = 9; max = 8; };\n"
	    "pin2 = { min = 4; max = 13; };\n"
	    "language = { default = \"de\"; offered = [\"fi\", \"EN\"]; };\n"
	    "keymap = { staff = [\"F2\"]; };\n"
	    "timeout = { idle = 60; };\n"
	    "kiosk = \"yes\";\n"
	    "activation_code = { lengths = [7, 13]; };\n"
	    "staff = { code_sha256 = \"abc\"; group = \"a b\"; };\n"
	    "display = { ascii = \"sometimes\"; };\n"
	    "speech = { output = \"loud\"; volume = 5; };\n", -1);
	p = write_tmp("eidkiosk.conf", "");   /* just for its path */
	expect_line(cause, p, "1: unknown setting 'site.nmae' (did you mean "
	            "'site.name'?)");
	expect_line(cause, p, "2: timeouts.idle = 5 is out of range (allowed "
	            "15..3600)");
	expect_line(cause, p, "2: timeouts.code_entry must be a whole number like "
	            "timeouts.code_entry = 30;");
	expect_line(cause, p, "3: pin1.min (9) is larger than pin1.max (8)");
	expect_line(cause, p, "4: pin2.min = 4 is out of range (allowed 6..12)");
	expect_line(cause, p, "4: pin2.max = 13 is out of range (allowed 6..12)");
	expect_line(cause, p, "5: language.default = \"de\" is not in "
	            "language.offered");
	expect_line(cause, p, "5: language.offered: \"EN\" is not a language code "
	            "like \"fi\"");
	expect_line(cause, p, "6: keymap: key \"F2\" is in both keymap.language "
	            "and keymap.staff");
	expect_line(cause, p, "12: speech.output = \"loud\": use \"speakers\" or "
	            "\"headset\"");
	expect_line(cause, p, "12: speech.volume = 5 is out of range (allowed "
	            "1..4)");
	expect_line(cause, p, "7: unknown setting 'timeout' (did you mean "
	            "'timeouts'?)");
	expect_line(cause, p, "8: kiosk must be true or false");
	expect_line(cause, p, "9: activation_code.lengths: 13 is out of range "
	            "(allowed 4..12)");
	expect_line(cause, p, "10: staff.code_sha256 is no longer accepted: a "
	            "plain SHA-256 of the staff code is too easy to reverse: make "
	            "a salted, slow hash with eidkiosk --hash-staff-code into a "
	            "file only root and the kiosk's group read, and name it in "
	            "staff.code_file");
	expect_line(cause, p, "10: staff.group = \"a b\": use only letters, "
	            "digits, '-', '_' and '.'");
	expect_line(cause, p, "11: display.ascii = \"sometimes\": use \"auto\", "
	            "\"always\" or \"never\"");
	assert_int_equal(count_lines(cause), 17);
	free(cause);
}

/* Keymap mistakes: repeats, reserved keys, unknown names, too many. */
static void test_keymap(void **state)
{
	struct settings s;
	char *cause;
	const char *p;

	(void)state;
	cause = load_text(&s,
	    "keymap = {\n"
	    "  language = [\"F2\", \"F2\", \"Esc\", \"F13\", \"5\"];\n"
	    "  staff = [\"Enter\", \"F11\", \"xy\"];\n"
	    "};\n", -1);
	p = write_tmp("eidkiosk.conf", "");
	expect_line(cause, p, "2: keymap.language must have 0 to 3 entries");
	expect_line(cause, p, "3: keymap.staff: key \"Enter\" is reserved (digits,"
	            " Enter, Backspace and Esc are the citizen's keys)");
	expect_line(cause, p, "3: keymap.staff: unknown key \"xy\" (use one "
	            "character like \"/\", or F1..F12)");
	assert_int_equal(count_lines(cause), 3);
	free(cause);

	cause = load_text(&s,
	    "keymap = { language = [\"F2\", \"F2\", \"5\"]; staff = [\"Esc\"]; };\n",
	    -1);
	expect_line(cause, p, "1: keymap.language: \"F2\" is listed twice");
	expect_line(cause, p, "1: keymap.language: key \"5\" is reserved (digits, "
	            "Enter, Backspace and Esc are the citizen's keys)");
	expect_line(cause, p, "1: keymap.staff: key \"Esc\" is reserved (digits, "
	            "Enter, Backspace and Esc are the citizen's keys)");
	assert_int_equal(count_lines(cause), 3);
	/* a bad list leaves the default in place */
	assert_int_equal(s.key_language[0], '/');
	assert_int_equal(s.key_staff[0], KEY_F(12));
	free(cause);
}

/* Wrong shapes: a value where a group belongs and the other way round. */
static void test_shapes(void **state)
{
	struct settings s;
	char *cause;
	const char *p;

	(void)state;
	cause = load_text(&s,
	    "pin1 = 4;\n"
	    "language = { offered = \"fi\"; default = 3; };\n"
	    "site = { name = [\"x\"]; };\n"
	    "staff = { monitor_socket = \"/run/"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    ".sock\"; };\n", -1);
	p = write_tmp("eidkiosk.conf", "");
	expect_line(cause, p, "1: pin1 must be a group: pin1 = { ... };");
	expect_line(cause, p, "2: language.offered must be a list in brackets, "
	            "like language.offered = [ ... ];");
	expect_line(cause, p, "2: language.default must be text in quotes, like "
	            "language.default = \"...\";");
	expect_line(cause, p, "3: site.name must be text in quotes, like "
	            "site.name = \"...\";");
	expect_line(cause, p, "4: staff.monitor_socket must be an absolute path of"
	            " at most 107 characters");
	assert_int_equal(count_lines(cause), 5);
	free(cause);
}

/* Syntax errors come with libconfig's line; a missing file is named. */
static void test_syntax_and_missing(void **state)
{
	struct settings s;
	char *cause;
	const char *p;

	(void)state;
	cause = load_text(&s, "kiosk = true;\nreader = ;\n", -1);
	p = write_tmp("eidkiosk.conf", "");
	expect_line(cause, p, "2: syntax error");
	assert_int_equal(count_lines(cause), 1);
	free(cause);

	cause = load_text(&s, "pin1 = { min = 5; };\npin1 = { max = 7; };\n", -1);
	expect_line(cause, p, "2: duplicate setting name");
	free(cause);

	cause = NULL;
	settings_defaults(&s);
	assert_int_equal(settings_load(&s, "/nonexistent/e.conf", &cause), -1);
	assert_string_equal(cause, "/nonexistent/e.conf: cannot open: No such file "
	                    "or directory");
	free(cause);
}

/* Near misses inside a group and at the top are suggested. */
static void test_did_you_mean(void **state)
{
	struct settings s;
	char *cause;
	const char *p;

	(void)state;
	cause = load_text(&s,
	    "timeouts = { idel = 60; code_entyr = 30; };\n"
	    "kiosc = true;\n"
	    "pin1 = { forbid_dates = true; };\n"
	    "colour = \"red\";\n", -1);
	p = write_tmp("eidkiosk.conf", "");
	expect_line(cause, p, "1: unknown setting 'timeouts.idel' (did you mean "
	            "'timeouts.idle'?)");
	expect_line(cause, p, "1: unknown setting 'timeouts.code_entyr' (did you "
	            "mean 'timeouts.code_entry'?)");
	expect_line(cause, p, "2: unknown setting 'kiosc' (did you mean 'kiosk'?)");
	expect_line(cause, p, "3: unknown setting 'pin1.forbid_dates' (did you "
	            "mean 'pin1.forbid_date'?)");
	expect_line(cause, p, "4: unknown setting 'colour'");
	assert_int_equal(count_lines(cause), 5);
	free(cause);
}

/* Key names go both ways. */
static void test_key_names(void **state)
{
	char buf[8];

	(void)state;
	assert_string_equal(settings_key_name('/', buf, sizeof buf), "/");
	assert_string_equal(settings_key_name(KEY_F(2), buf, sizeof buf), "F2");
	assert_string_equal(settings_key_name(KEY_F(12), buf, sizeof buf), "F12");
}

/* --terminal NAME: the kiosk's own paths get the name before their
 * extension; names that could leave the directory or a field are refused,
 * and so is a socket path that no longer fits. */
static void test_terminal(void **state)
{
	struct settings s;
	char *err = NULL;

	(void)state;
	settings_defaults(&s);
	snprintf(s.audit_key_file, sizeof s.audit_key_file, "/var/lib/x.y/key");
	assert_int_equal(settings_terminal(&s, "counter-2", &err), 0);
	assert_string_equal(s.terminal, "counter-2");
	assert_string_equal(s.monitor_socket, "/run/eidkiosk/monitor-counter-2.sock");
	assert_string_equal(s.audit_file, "/var/log/eidkiosk/audit-counter-2.log");
	assert_string_equal(s.audit_key_file, "/var/lib/x.y/key-counter-2");
	assert_string_equal(s.pcscd_socket, "");   /* unset stays unset */

	settings_defaults(&s);
	snprintf(s.pcscd_socket, sizeof s.pcscd_socket, "/run/t/.pcscd");
	assert_int_equal(settings_terminal(&s, "t_1", &err), 0);
	assert_string_equal(s.pcscd_socket, "/run/t/.pcscd-t_1");

	assert_int_equal(settings_terminal(&s, "", &err), -1);
	cause_drop(&err);
	assert_int_equal(settings_terminal(&s, "../x", &err), -1);
	cause_drop(&err);
	assert_int_equal(settings_terminal(&s, "a b", &err), -1);
	cause_drop(&err);
	assert_int_equal(settings_terminal(&s, "abcdefghijklmnopqrstuvwxyz0123456",
	                                   &err), -1);
	assert_non_null(strstr(err, "1 to 32"));
	cause_drop(&err);
	settings_defaults(&s);
	memset(s.monitor_socket, 'm', 100);
	s.monitor_socket[0] = '/';
	s.monitor_socket[100] = '\0';
	assert_int_equal(settings_terminal(&s, "abcdefgh", &err), -1);
	assert_non_null(strstr(err, "staff.monitor_socket gets too long"));
	cause_drop(&err);
}

/* Run every test of this file. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_example_is_defaults),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_all_problems),
		cmocka_unit_test(test_keymap),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_syntax_and_missing),
		cmocka_unit_test(test_did_you_mean),
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_terminal),
	};
	return cmocka_run_group_tests(tests, tmpdir_make, tmpdir_remove);
}
