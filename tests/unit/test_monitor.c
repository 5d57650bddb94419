/* test_monitor.c - the staff monitor's pieces: the state line holds the
 * model's public facts and nothing typed; the server keeps a client that
 * does not read on whole lines ending with the latest state, answers
 * commands, drops garbage; who may connect; one user holds at most
 * MONITOR_PER_USER_MAX slots; connections, refusals, resets and
 * disconnections are in the audit trail with the peer's uid. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <cmocka.h>
#include <pwd.h>
#include "cause.h"
#include "audit.h"
#include "monitor.h"

/* A model at PIN1 entry with digits typed into every secret. */
static void test_state_line(void **state)
{
	static struct app a;
	struct settings set;
	struct monitor_facts f = { "sv", "Reader 00", "", "held" };
	char line[MONITOR_LINE_MAX];

	(void)state;
	secret_arena_init();
	settings_defaults(&set);
	assert_int_equal(app_init(&a, &set, NULL, NULL, 0), 0);
	a.fsm.state = ST_ENTER_PIN1;
	a.kind = J_ACTIVATE;
	a.need[0] = a.need[1] = true;
	a.count_left = 17;
	a.count_total = 30;
	a.card_in = a.card_ok = true;
	a.reader = RD_OK;
	a.info.code[CODE_PIN1].tries_left = 5;
	a.info.code[CODE_PIN2].tries_left = 4;
	a.info.code[CODE_PUK].tries_left = 3;
	a.notice = MSG_RULE_RUN;
	for (const char *p = "98765432"; *p; p++) {
		secret_push(a.puk, *p);
		secret_push(a.pin[0], *p);
	}
	monitor_state_line(&a, &f, line, sizeof line);
	assert_string_equal(line,
	    "state screen=enter_pin1 journey=activate step=2/5 countdown=17/30 "
	    "lang=sv pin1_tries=5 pin2_tries=4 puk_tries=3 verdict=- "
	    "notice=rule_run card=in atr=- audit=held reader=ok "
	    "reader_name=\"Reader 00\"\n");
	assert_null(strstr(line, "9876"));
	assert_null(strstr(line, "8"));           /* not even the length */
	app_free(&a);
}

/* Parse a state line as the monitor's readers do: key=value words, a value
 * in "..." with \" and \\ inside; the value of key into out. Fails the test
 * on a line that does not parse. */
static void line_value(const char *line, const char *key, char *out, size_t n)
{
	const char *p = line + strlen("state ");
	size_t o = 0, kl = strlen(key);
	bool mine;

	assert_memory_equal(line, "state ", 6);
	out[0] = '\0';
	while (*p && *p != '\n') {
		const char *eq = strchr(p, '=');
		assert_non_null(eq);
		mine = (size_t)(eq - p) == kl && memcmp(p, key, kl) == 0;
		p = eq + 1;
		if (*p == '"') {
			for (p++; *p != '"'; p++) {
				assert_true(*p != '\0' && *p != '\n');
				if (*p == '\\')
					assert_true(*++p == '"' || *p == '\\');
				if (mine && o + 1 < n)
					out[o++] = *p;
			}
			p++;
		} else {
			for (; *p != ' ' && *p != '\n' && *p; p++)
				if (mine && o + 1 < n)
					out[o++] = *p;
		}
		if (mine)
			out[o] = '\0';
		assert_true(*p == ' ' || *p == '\n');
		if (*p == ' ')
			p++;
	}
	assert_string_equal(p, "\n");
}

/* A reader's name with quotes, backslashes, spaces and key=value inside
 * stays one quoted value; a name too long for the line is cut between
 * characters (never inside an a-umlaut) and the line still parses. */
static void test_state_line_quoted(void **state)
{
	static struct app a;
	static const char evil[] = "Evil\" reader=\"fake\\\" x=1 \xC3\xA4\\";
	struct settings set;
	struct monitor_facts f = { "fi", evil, "3B00", "ok" };
	char line[MONITOR_LINE_MAX], v[MONITOR_LINE_MAX], name[400];
	size_t len;

	(void)state;
	secret_arena_init();
	settings_defaults(&set);
	assert_int_equal(app_init(&a, &set, NULL, NULL, 0), 0);
	len = monitor_state_line(&a, &f, line, sizeof line);
	assert_int_equal(len, strlen(line));
	assert_non_null(strstr(line, " reader_name=\"Evil\\\" reader=\\\"fake"
	                             "\\\\\\\" x=1 \xC3\xA4\\\\\"\n"));
	line_value(line, "reader_name", v, sizeof v);
	assert_string_equal(v, evil);
	line_value(line, "reader", v, sizeof v);
	assert_string_equal(v, "unknown");
	for (size_t i = 0; i + 2 < sizeof name; i += 2)   /* "\ä"\ä... */
		memcpy(name + i, i % 4 ? "\xC3\xA4" : "\"\\", 2);
	name[sizeof name - 2] = '\0';
	f.reader = name;
	len = monitor_state_line(&a, &f, line, sizeof line);
	assert_int_equal(len, strlen(line));
	assert_true(len < sizeof line);
	line_value(line, "reader_name", v, sizeof v);
	assert_true(strlen(v) > 100 && strncmp(v, name, strlen(v)) == 0);
	assert_true(((unsigned char)name[strlen(v)] & 0xC0) != 0x80);
	app_free(&a);
}

/* Serve: accept and answer whatever poll reports, until nothing is left. */
static bool serve(struct monitor *m)
{
	struct pollfd p[1 + MONITOR_CLIENTS_MAX];
	bool reset = false;
	int n;

	for (;;) {
		n = monitor_pollfds(m, p);
		if (poll(p, (nfds_t)n, 50) <= 0)
			return reset;
		reset |= monitor_handle(m, p, n);
	}
}

/* A client connected to path. */
static int client(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	return fd;
}

/* Everything the client can read within a short while. */
static size_t drain(int fd, char *buf, size_t n)
{
	struct pollfd p = { fd, POLLIN, 0 };
	size_t got = 0;
	ssize_t r;

	while (got + 1 < n && poll(&p, 1, 100) > 0 &&
	       (r = read(fd, buf + got, n - 1 - got)) > 0)
		got += (size_t)r;
	buf[got] = '\0';
	return got;
}

/* A socket path in a fresh temp dir. */
static void sock_path(char *path, size_t n)
{
	char dir[] = "/tmp/test_monitor.XXXXXX";

	assert_non_null(mkdtemp(dir));
	snprintf(path, n, "%s/m.sock", dir);
}

/* A client that does not read: the kiosk never waits for it, and when it
 * reads at last it gets whole lines and the latest state last. */
static void test_slow_client(void **state)
{
	static char buf[1 << 20];
	char path[108], line[MONITOR_LINE_MAX], *err = NULL;
	struct monitor *m;
	int fd;

	(void)state;
	sock_path(path, sizeof path);
	m = monitor_open(path, "", false, &err);
	assert_non_null(m);
	fd = client(path);
	serve(m);
	for (int i = 0; i < 5000; i++) {
		snprintf(line, sizeof line, "state n=%d %0200d\n", i, 0);
		monitor_publish(m, line);
	}
	/* The client reads at last; the kiosk's loop goes on serving. */
	for (size_t got = 0, n = 1; n > 0; got += n) {
		serve(m);
		n = drain(fd, buf + got, sizeof buf - got);
	}
	assert_memory_equal(buf, "eidkiosk-monitor 1\n", 19);
	for (char *p = buf + 19, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);                  /* whole lines only */
		assert_memory_equal(p, "state n=", 8);
		p += 8 + strspn(p + 8, "0123456789");
		assert_int_equal(*p, ' ');
		assert_int_equal(strspn(p + 1, "0"), 200);
		assert_ptr_equal(p + 201, nl);
	}
	assert_non_null(strstr(buf, "state n=4999 "));
	assert_true(strlen(buf) < 200000);        /* most states were skipped */
	close(fd);
	monitor_close(m);
	assert_int_not_equal(access(path, F_OK), 0);
	*strrchr(path, '/') = '\0';
	rmdir(path);
	free(err);
}

/* Commands: a refused reset, an allowed one, garbage drops the client. */
static void test_commands(void **state)
{
	char path[108], *err = NULL, buf[512];
	struct monitor *m;
	int fd;

	(void)state;
	sock_path(path, sizeof path);
	m = monitor_open(path, "", false, &err);
	fd = client(path);
	serve(m);
	assert_int_equal(write(fd, "reset\n", 6), 6);
	assert_false(serve(m));
	drain(fd, buf, sizeof buf);
	assert_non_null(strstr(buf, "reset refused: "));
	assert_int_equal(write(fd, "\x01what\n", 6), 6);
	serve(m);
	drain(fd, buf, sizeof buf);
	assert_string_equal(buf, "error: unknown command\n");
	assert_int_equal(read(fd, buf, sizeof buf), 0);   /* dropped */
	close(fd);
	monitor_close(m);

	m = monitor_open(path, "", true, &err);
	assert_non_null(m);
	fd = client(path);
	serve(m);
	assert_int_equal(write(fd, "reset\n", 6), 6);
	assert_true(serve(m));
	drain(fd, buf, sizeof buf);
	assert_non_null(strstr(buf, "reset ok\n"));
	/* A second kiosk on the same socket is refused. */
	assert_null(monitor_open(path, "", true, &err));
	assert_non_null(strstr(err, "another kiosk"));
	cause_drop(&err);
	close(fd);
	monitor_close(m);
	*strrchr(path, '/') = '\0';
	rmdir(path);
	free(err);
}

/* How many lines of file match every one of the words. */
static int count_lines(const char *file, const char *w1, const char *w2)
{
	char line[1024];
	FILE *f = fopen(file, "r");
	int n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof line, f))
		n += strstr(line, w1) && (!w2 || strstr(line, w2));
	fclose(f);
	return n;
}

/* The trail test_per_user leaves: three connections, one record for the
 * burst of refusals, the reset, the disconnections (one closed by the
 * client, two by the kiosk's stop), each naming the user; no uid is
 * redacted as if it were a code. */
static void per_user_audit(const char *log)
{
	struct passwd *pw = getpwuid(getuid());
	char who[96];

	snprintf(who, sizeof who, " uid=%u(%s)", (unsigned)getuid(),
	         pw ? pw->pw_name : "?");
	assert_int_equal(count_lines(log, "event=monitor_connect", who), 3);
	assert_int_equal(count_lines(log, "event=monitor_refused", who), 1);
	assert_int_equal(count_lines(log, "event=monitor_refused",
	                             " reason=user_limit skipped=0 "), 1);
	assert_int_equal(count_lines(log, "event=monitor_reset", who), 1);
	assert_int_equal(count_lines(log, "event=monitor_reset", " result=ok "), 1);
	assert_int_equal(count_lines(log, "event=monitor_disconnect", who), 3);
	assert_int_equal(count_lines(log, "event=monitor_disconnect",
	                             " reason=closed "), 1);
	assert_int_equal(count_lines(log, "event=monitor_disconnect",
	                             " reason=kiosk_stop "), 2);
	assert_int_equal(count_lines(log, "redacted", NULL), 0);
}

/* One user gets MONITOR_PER_USER_MAX slots and a clear refusal after
 * that; a slot given back can be taken again; all of it is audited. */
static void test_per_user(void **state)
{
	char path[108], dir[108], log[128], key[128], *err = NULL, buf[512];
	int fd[MONITOR_PER_USER_MAX + 4];
	struct monitor *m;
	struct audit *a;

	(void)state;
	sock_path(path, sizeof path);
	snprintf(dir, sizeof dir, "%.*s", (int)(strrchr(path, '/') - path), path);
	snprintf(log, sizeof log, "%s/audit.log", dir);
	snprintf(key, sizeof key, "%s/audit.key", dir);
	assert_non_null(a = audit_open(log, key, NULL, &err));
	assert_non_null(m = monitor_open(path, "", true, &err));
	monitor_set_audit(m, a);
	for (int i = 0; i < MONITOR_PER_USER_MAX; i++) {
		fd[i] = client(path);
		serve(m);
		drain(fd[i], buf, sizeof buf);
		assert_string_equal(buf, "eidkiosk-monitor 1\n");
	}
	for (int i = MONITOR_PER_USER_MAX; i < MONITOR_PER_USER_MAX + 3; i++) {
		fd[i] = client(path);
		serve(m);
		drain(fd[i], buf, sizeof buf);
		assert_string_equal(buf, "error: too many monitors of one user are "
		                    "connected: at most 2 each; close one first\n");
		assert_int_equal(read(fd[i], buf, sizeof buf), 0);   /* closed */
		close(fd[i]);
	}
	close(fd[0]);                         /* a slot given back ... */
	serve(m);
	fd[0] = client(path);                 /* ... is taken again */
	serve(m);
	drain(fd[0], buf, sizeof buf);
	assert_string_equal(buf, "eidkiosk-monitor 1\n");
	assert_int_equal(write(fd[1], "reset\n", 6), 6);
	assert_true(serve(m));
	monitor_close(m);
	audit_close(a);
	for (int i = 0; i < MONITOR_PER_USER_MAX; i++)
		close(fd[i]);

	per_user_audit(log);
	unlink(log);
	unlink(key);
	rmdir(dir);
	free(err);
}

/* Root and the kiosk's own user; nobody else without the group. */
static void test_peers(void **state)
{
	(void)state;
	assert_true(monitor_peer_allowed(0, 0, "no-such-group"));
	assert_true(monitor_peer_allowed(geteuid(), 4242, ""));
	assert_false(monitor_peer_allowed(4242, 4242, "no-such-group"));
	assert_false(monitor_peer_allowed(4242, 4242, ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_line),
		cmocka_unit_test(test_state_line_quoted),
		cmocka_unit_test(test_slow_client),
		cmocka_unit_test(test_commands), cmocka_unit_test(test_per_user),
		cmocka_unit_test(test_peers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
