/* test_vcard_run.c - the eidkiosk-vcard program as other tests use it:
 * init/show/check (generations, --issued, --atr), and "run" against a fake
 * vpcd on a loopback port (framing, ATR, state saved before the reply,
 * redacted log, reconnect, SIGTERM, every --fault, and --reader tpdu|apdu
 * with T=0 violations logged and reported). Waits are polls with
 * deadlines; programs left running by a failed test are killed at exit. */
#include "build-config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "vcard.h"
#include "vcard_state.h"
#include "vcard_test_util.h"

#define DEADLINE_MS 10000

static const char select_app[] = "00A4040C0CA000000063504B43532D3135";
static const char verify_bad[] = "002000110C393939390000000000000000";
static const char atr_2022[] = "3B7F96000080" "31B865B0850500111224608290" "00";

/* The programs this test started, killed at exit if still running. */
static pid_t kids[64];
static size_t nkids;

/* Kill what a failed test left running (only our own children). */
static void kids_reap(void)
{
	int st;

	for (size_t i = 0; i < nkids; i++)
		if (waitpid(kids[i], &st, WNOHANG) == 0) {
			kill(kids[i], SIGKILL);
			waitpid(kids[i], &st, 0);
		}
}

/* The program under test, from the build tree. */
static const char *vcard_bin(void)
{
	static char path[1024];
	const char *top = getenv("top_builddir");

	snprintf(path, sizeof path, "%s/eidkiosk-vcard", top ? top : ".");
	if (access(path, X_OK) != 0)
		fail_msg("%s not built (run make first)", path);
	return path;
}

/* Milliseconds on a monotonic clock. */
static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Start the program with args (NULL-terminated), stdin from text, stdout
 * into the file out and stderr into err (each if not NULL). */
static pid_t spawn_io(const char *const *args, const char *text,
                      const char *out, const char *err)
{
	int p[2];
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(p[0], 0);
		close(p[0]);
		close(p[1]);
		if ((out && !freopen(out, "w", stdout)) ||
		    (err && !freopen(err, "w", stderr)))
			_exit(126);
		execv(vcard_bin(), (char *const *)args);
		_exit(127);
	}
	if (nkids < sizeof kids / sizeof *kids)
		kids[nkids++] = pid;
	close(p[0]);
	if (text && write(p[1], text, strlen(text)) < 0)
		fail_msg("write: %s", strerror(errno));
	close(p[1]);
	return pid;
}

/* The same with stdout into out only. */
static pid_t spawn_out(const char *const *args, const char *text,
                       const char *out)
{
	return spawn_io(args, text, out, NULL);
}

/* The same with stdout and stderr left alone. */
static pid_t spawn(const char *const *args, const char *text)
{
	return spawn_io(args, text, NULL, NULL);
}

/* Exit status of pid, waiting at most ms; fails the test on a hang. */
static int wait_exit(pid_t pid, long ms)
{
	long end = now_ms() + ms;
	int st;

	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (now_ms() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			fail_msg("eidkiosk-vcard did not exit in time");
		}
		poll(NULL, 0, 10);
	}
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

/* Run the program to completion; its exit status. */
static int run_cli(const char *const *args, const char *text)
{
	return wait_exit(spawn(args, text), DEADLINE_MS);
}

/* A path in the test directory. */
static const char *tpath(const char *name)
{
	static char buf[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s/%s", tv_dir(), name);
	return buf[i];
}

/* A listening loopback socket on a free port. */
static int listen_any(int *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
	                         .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

/* Accept the card's connection within the deadline. */
static int accept_card(int lfd)
{
	struct pollfd p = { .fd = lfd, .events = POLLIN };

	if (poll(&p, 1, DEADLINE_MS) != 1)
		fail_msg("the virtual card did not connect");
	return accept(lfd, NULL, NULL);
}

/* Send one frame (hex payload). */
static void send_hex(int fd, const char *hex)
{
	uint8_t b[300];
	size_t n = tv_hex(hex, b + 2);

	b[0] = (uint8_t)(n >> 8);
	b[1] = (uint8_t)n;
	assert_int_equal(send(fd, b, n + 2, MSG_NOSIGNAL), (ssize_t)(n + 2));
}

/* Read exactly n bytes within ms: 0, -1 closed, -2 timeout. */
static int recv_n(int fd, uint8_t *b, size_t n, long ms)
{
	long end = now_ms() + ms;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t r;

	while (n > 0) {
		long left = end - now_ms();

		if (left <= 0 || poll(&p, 1, (int)left) != 1)
			return -2;
		r = read(fd, b, n);
		if (r <= 0)
			return -1;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

/* One reply frame as uppercase hex in out; -1 closed, -2 timeout. */
static int recv_hex(int fd, char *out, long ms)
{
	uint8_t h[2], b[300];
	size_t n;
	int r = recv_n(fd, h, 2, ms);

	if (r < 0)
		return r;
	n = (size_t)h[0] << 8 | h[1];
	assert_true(n < sizeof b);
	if ((r = recv_n(fd, b, n, ms)) < 0)
		return r;
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02X", b[i]);
	out[2 * n] = '\0';
	return 0;
}

/* Send a frame and expect this reply (hex). */
static void expect(int fd, const char *cmd, const char *want)
{
	char got[700];

	send_hex(fd, cmd);
	assert_int_equal(recv_hex(fd, got, DEADLINE_MS), 0);
	assert_string_equal(got, want);
}

/* A fresh card state file. */
static void make_card(const char *state, const char *start)
{
	const char *args[] = { "eidkiosk-vcard", "init", state, "--start", start,
	                       "--ca", tv_dir(), NULL };

	assert_int_equal(run_cli(args, NULL), 0);
}

/* PIN1 tries left in the saved state. */
static int saved_pin1_tries(const char *state)
{
	struct vcard vc;
	char *cause = NULL;
	int t;

	if (vcard_state_load(&vc, state, &cause) < 0)
		fail_msg("%s", cause);
	t = vc.pin1.tries;
	vcard_free(&vc);
	return t;
}

/* Start "run" on port with an optional fault, log, reader kind (its
 * --reader) and stderr file. */
static pid_t start_run_as(const char *state, int port, const char *fault,
                          const char *log, const char *reader,
                          const char *err)
{
	static char ps[16];
	const char *args[12] = { "eidkiosk-vcard", "run", state, "--port", ps };
	int n = 5;

	snprintf(ps, sizeof ps, "%d", port);
	if (fault) {
		args[n++] = "--fault";
		args[n++] = fault;
	}
	if (log) {
		args[n++] = "--log";
		args[n++] = log;
	}
	if (reader) {
		args[n++] = "--reader";
		args[n++] = reader;
	}
	args[n] = NULL;
	return spawn_io(args, NULL, NULL, err);
}

/* Start "run" on port with an optional fault and log. */
static pid_t start_run(const char *state, int port, const char *fault,
                       const char *log)
{
	return start_run_as(state, port, fault, log, NULL, NULL);
}

/* Remove the card: SIGTERM, exit 0, close our end. */
static void end_run(pid_t pid, int fd)
{
	kill(pid, SIGTERM);
	assert_int_equal(wait_exit(pid, DEADLINE_MS), 0);
	close(fd);
}

/* Read a whole text file into buf. */
static void slurp(const char *path, char *buf, size_t size)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, size - 1, fp);
	buf[n] = '\0';
	fclose(fp);
}

/* init, show and check as scripts use them. */
static void test_cli(void **state)
{
	const char *st = tpath("cli.state");
	const char *init[] = { "eidkiosk-vcard", "init", st, "--start", "pin1-set",
	                       "--gen", "2025", "--puk", "7654321", "--docnum",
	                       "AB1234567", "--pin1", "8642", NULL };
	const char *show[] = { "eidkiosk-vcard", "show", st, NULL };
	const char *c1[] = { "eidkiosk-vcard", "check", st, "--code", "pin1", NULL };
	const char *c2[] = { "eidkiosk-vcard", "check", st, "--code", "pin2", NULL };
	const char *cp[] = { "eidkiosk-vcard", "check", st, "--code", "puk", NULL };
	const char *bad[] = { "eidkiosk-vcard", "init", st, "--start", "nope", NULL };
	const char *bad2[] = { "eidkiosk-vcard", "init", st, "--pin1", "12", NULL };
	char out[512];

	assert_int_equal(run_cli(init, NULL), 0);
	assert_int_equal(wait_exit(spawn_out(show, NULL, tpath("show.txt")),
	                           DEADLINE_MS), 0);
	slurp(tpath("show.txt"), out, sizeof out);
	assert_string_equal(out, "gen 2025\n"
	                    "atr 3B7F9600008031B865B085051024122460829000\n"
	                    "docnum AB1234567\n"
	                    "pin1 tries=5 max=5 activated=yes\n"
	                    "pin2 tries=5 max=5 activated=no\n"
	                    "puk tries=5 max=5 activated=yes\nlocked no\n");
	assert_null(strstr(out, "8642"));
	assert_int_equal(run_cli(c1, "8642\n"), 0);
	assert_int_equal(run_cli(c1, "1357\n"), 1);
	assert_int_equal(run_cli(c2, "246801\n"), 1);
	assert_int_equal(run_cli(cp, "7654321"), 0);
	assert_int_equal(run_cli(bad, NULL), 2);
	assert_int_equal(run_cli(bad2, NULL), 1);
}

/* init of a v3.1 card with its own ATR and day of issue; show prints
 * them; bad values are usage errors (2). */
static void test_cli_v31(void **state)
{
	const char *st = tpath("v31.state");
	const char *init[] = { "eidkiosk-vcard", "init", st, "--gen", "3.1",
	                       "--start", "active", "--issued", "2021-03-04",
	                       "--atr", "3B 8F 80 01 80 31 B8 65 B0 85 05 00 11 "
	                       "12 24 60 82 90 00 5A", "--ca", tv_dir(), NULL };
	const char *show[] = { "eidkiosk-vcard", "show", st, NULL };
	static const char *const bad[][2] = {
		{ "--gen", "3.0" }, { "--issued", "2021-02-30" },
		{ "--issued", "04.03.2021" }, { "--atr", "3B" }, { "--atr", "3B7" },
		{ "--atr", "3B7F96000080 31B865B0850500111224608290"
		           "00 0102030405060708090A0B0C0D0E" },
	};
	char out[512], *cause = NULL;
	struct vcard vc;

	assert_int_equal(run_cli(init, NULL), 0);
	assert_int_equal(wait_exit(spawn_out(show, NULL, tpath("show31.txt")),
	                           DEADLINE_MS), 0);
	slurp(tpath("show31.txt"), out, sizeof out);
	assert_non_null(strstr(out, "gen 3.1\n"
	                       "atr 3B8F80018031B865B085050011122460829000" "5A\n"));
	assert_int_equal(vcard_state_load(&vc, st, &cause), 0);
	assert_int_equal(vc.gen, VCARD_31);
	assert_int_equal(vc.atr_len, 20);
	vcard_free(&vc);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *args[] = { "eidkiosk-vcard", "init", tpath("bad.state"),
		                       bad[i][0], bad[i][1], NULL };

		assert_int_equal(run_cli(args, NULL), 2);
	}
}

/* A session through the fake vpcd: ATR, APDUs, saved state, redacted log,
 * reconnect after a drop, SIGTERM. */
static void test_run_session(void **state)
{
	const char *st = tpath("run.state"), *log = tpath("run.log");
	char text[4096];
	int port, lfd = listen_any(&port), fd;
	pid_t pid;

	make_card(st, "active");
	pid = start_run(st, port, NULL, log);
	fd = accept_card(lfd);
	send_hex(fd, "01");
	expect(fd, "04", atr_2022);
	expect(fd, select_app, "9000");
	expect(fd, verify_bad, "63C4");
	assert_int_equal(saved_pin1_tries(st), 4);
	expect(fd, "00A40804025032", "6106");
	expect(fd, "00C0000006", "620481020080" "9000");
	close(fd);
	fd = accept_card(lfd);           /* reconnects: a new insertion */
	send_hex(fd, "01");
	expect(fd, "00200011", "6985");  /* volatile state was forgotten */
	kill(pid, SIGTERM);
	assert_int_equal(wait_exit(pid, DEADLINE_MS), 0);
	assert_int_equal(recv_hex(fd, text, DEADLINE_MS), -1);
	close(fd);
	close(lfd);
	slurp(log, text, sizeof text);
	assert_non_null(strstr(text, "002000110C <redacted 12 bytes> -> 63C4\n"));
	assert_non_null(strstr(text, select_app));
	assert_null(strstr(text, "39393939"));
	assert_int_equal(saved_pin1_tries(st), 4);
}

/* The card waits (with backoff) for vpcd to listen. */
static void test_run_waits_for_vpcd(void **state)
{
	const char *st = tpath("wait.state");
	int port, lfd = listen_any(&port), fd;
	struct pollfd p;
	pid_t pid;

	make_card(st, "new");
	close(lfd);                      /* nobody listens on port now */
	pid = start_run(st, port, NULL, NULL);
	p.fd = -1;
	poll(&p, 0, 300);                /* let it fail a few times */
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	{
		struct sockaddr_in a = { .sin_family = AF_INET,
		                         .sin_port = htons((uint16_t)port),
		                         .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		int one = 1;

		setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		assert_int_equal(bind(lfd, (struct sockaddr *)&a, sizeof a), 0);
		assert_int_equal(listen(lfd, 4), 0);
	}
	fd = accept_card(lfd);
	expect(fd, select_app, "9000");
	kill(pid, SIGINT);
	assert_int_equal(wait_exit(pid, DEADLINE_MS), 0);
	close(fd);
	close(lfd);
}

/* Run with a fault; send select then the wrong VERIFY; returns the card's
 * socket for more checks (the process id in *pid). */
static int fault_session(const char *fault, const char *st, int *lfd,
                         pid_t *pid, char *second, int *rc2, const char *log)
{
	int port, fd, quiet;

	*lfd = listen_any(&port);
	make_card(st, "active");
	*pid = start_run(st, port, fault, log);
	fd = accept_card(*lfd);
	expect(fd, "04", atr_2022);
	send_hex(fd, select_app);
	assert_int_equal(recv_hex(fd, second, DEADLINE_MS), 0);
	send_hex(fd, verify_bad);
	/* mute and slow must stay silent for a while; the others answer or
	 * close at once, given time on a loaded machine */
	quiet = strncmp(fault, "mute", 4) == 0 || strncmp(fault, "slow", 4) == 0;
	*rc2 = recv_hex(fd, second, quiet ? 500 : DEADLINE_MS);
	return fd;
}

/* vanish-before / vanish-after: the card goes away, exit 0; the state is
 * saved after a processed command. */
static void test_fault_vanish(void **state)
{
	const char *st = tpath("vanish.state");
	char got[700];
	int lfd, fd, rc;
	pid_t pid;

	fd = fault_session("vanish-before:2", st, &lfd, &pid, got, &rc, NULL);
	assert_int_equal(rc, -1);
	assert_int_equal(wait_exit(pid, DEADLINE_MS), 0);
	assert_int_equal(saved_pin1_tries(st), 5);
	close(fd);
	close(lfd);
	fd = fault_session("vanish-after:2", st, &lfd, &pid, got, &rc, NULL);
	assert_int_equal(rc, -1);
	assert_int_equal(wait_exit(pid, DEADLINE_MS), 0);
	assert_int_equal(saved_pin1_tries(st), 4);
	close(fd);
	close(lfd);
}

/* garbage-at answers one byte 6F; mute-at answers nothing but keeps the
 * connection (control messages still answered); slow delays replies. */
static void test_fault_garbage_mute_slow(void **state)
{
	const char *st = tpath("fault.state");
	char got[700], text[2048];
	int lfd, fd, rc;
	pid_t pid;
	long t0;

	fd = fault_session("garbage-at:2", st, &lfd, &pid, got, &rc, NULL);
	assert_int_equal(rc, 0);
	assert_string_equal(got, "6F");
	expect(fd, verify_bad, "63C4");
	end_run(pid, fd);
	close(lfd);
	fd = fault_session("mute-at:2", st, &lfd, &pid, got, &rc,
	                   tpath("mute.log"));
	assert_int_equal(rc, -2);
	expect(fd, "04", atr_2022);
	end_run(pid, fd);
	assert_int_equal(saved_pin1_tries(st), 5);
	close(lfd);
	slurp(tpath("mute.log"), text, sizeof text);
	assert_non_null(strstr(text, "002000110C <redacted 12 bytes> -> # fault: muted"));
	assert_null(strstr(text, "39393939"));
	t0 = now_ms();
	fd = fault_session("slow:700", st, &lfd, &pid, got, &rc, NULL);
	assert_int_equal(rc, -2);        /* not within 500 ms of the select... */
	assert_int_equal(recv_hex(fd, got, DEADLINE_MS), 0);
	assert_string_equal(got, "63C4");
	assert_true(now_ms() - t0 >= 1400);
	end_run(pid, fd);
	close(lfd);
}

/* Behind the default TPDU-level reader a command with data and Le gets
 * 6700, a log line and a stderr line naming header and Lc, never a PIN;
 * without Le it is served. Behind --reader apdu the same command gets
 * its data at once and nothing is reported. */
static void test_run_t0_violation(void **state)
{
	static const char get_le[] = "00CB00FF05A003830111" "00";
	static const char pin_info[] = "A023830111" "8C04F0000000" "9C04F0000000"
	                               "DF210405FFA503" "DF2702FFFF" "DF28010C"
	                               "DF2F0101";
	char st[256], log[256], text[4096], want[128];
	int port, lfd = listen_any(&port), fd;
	pid_t pid;

	snprintf(st, sizeof st, "%s", tpath("t0.state"));
	snprintf(log, sizeof log, "%s", tpath("t0.log"));
	make_card(st, "active");
	pid = start_run_as(st, port, NULL, log, "tpdu", tpath("t0.err"));
	fd = accept_card(lfd);
	expect(fd, select_app, "9000");
	expect(fd, get_le, "6700");
	expect(fd, "002000110C393939390000000000000000" "00", "6700");
	expect(fd, "00CB00FF05A003830111", "6125");
	snprintf(want, sizeof want, "%s9000", pin_info);
	expect(fd, "00C0000025", want);
	end_run(pid, fd);
	slurp(tpath("t0.err"), text, sizeof text);
	assert_non_null(strstr(text, "eidkiosk-vcard: T=0 violation: 00CB00FF "
	                       "Lc=05 carries Le on a command with data "
	                       "(answered 6700)\n"));
	assert_non_null(strstr(text, "T=0 violation: 00200011 Lc=0C"));
	assert_non_null(strstr(text, "2 T=0 violation(s)"));
	assert_null(strstr(text, "3939"));
	slurp(log, text, sizeof text);
	assert_non_null(strstr(text, "00CB00FF05A00383011100 -> 6700 # T=0 violation"));
	assert_non_null(strstr(text, "002000110C <redacted 13 bytes> -> 6700 # T=0 violation"));
	assert_null(strstr(text, "3939"));
	assert_int_equal(saved_pin1_tries(st), 5);
	pid = start_run_as(st, port, NULL, log, "apdu", tpath("apdu.err"));
	fd = accept_card(lfd);
	expect(fd, select_app, "9000");
	expect(fd, get_le, want);
	end_run(pid, fd);
	close(lfd);
	slurp(tpath("apdu.err"), text, sizeof text);
	assert_null(strstr(text, "violation"));
	assert_int_equal(run_cli((const char *[]){ "eidkiosk-vcard", "run", st,
	                                           "--reader", "t1", NULL }, NULL), 2);
}

/* Run the tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli),
		cmocka_unit_test(test_cli_v31),
		cmocka_unit_test(test_run_session),
		cmocka_unit_test(test_run_waits_for_vpcd),
		cmocka_unit_test(test_fault_vanish),
		cmocka_unit_test(test_fault_garbage_mute_slow),
		cmocka_unit_test(test_run_t0_violation),
	};

	signal(SIGPIPE, SIG_IGN);
	atexit(kids_reap);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
