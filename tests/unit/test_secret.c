/* test_secret.c - the secret arena: slots, wiping, locked and undumpable
 * memory (read back from /proc/self/smaps), process hardening. */
#include "build-config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <cmocka.h>

#include "secret.h"

/* More slots than any arena could sensibly have: a bound for loops. */
#define SLOTS_CAP 256

/* What smaps says about the mapping holding an address. */
struct region {
	char vmflags[256];   /* " rd wr mr mw me lo dd ..." */
	long locked_kb;
};

/* Whether a smaps line starts a mapping; fills its bounds. */
static int smaps_header(const char *line, uintptr_t *lo, uintptr_t *hi)
{
	unsigned long a, b;
	int used = 0;

	if (sscanf(line, "%lx-%lx %*s%n", &a, &b, &used) != 2 || used == 0)
		return 0;
	*lo = a;
	*hi = b;
	return 1;
}

/* Read the smaps entry of the mapping containing p; 0 found, -1 not. */
static int region_of(const void *p, struct region *r)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	uintptr_t lo, hi, a = (uintptr_t)p;
	int inside = 0, found = -1;

	memset(r, 0, sizeof *r);
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		if (smaps_header(line, &lo, &hi)) {
			if (inside)
				break;
			inside = a >= lo && a < hi;
			continue;
		}
		if (!inside)
			continue;
		found = 0;
		if (strncmp(line, "Locked:", 7) == 0)
			r->locked_kb = strtol(line + 7, NULL, 10);
		else if (strncmp(line, "VmFlags:", 8) == 0)
			snprintf(r->vmflags, sizeof r->vmflags, "%.*s ",
			         (int)strcspn(line + 8, "\n"), line + 8);
	}
	fclose(f);
	return found;
}

/* Whether a two-letter VmFlags mnemonic is set. */
static int has_flag(const struct region *r, const char *flag)
{
	char key[8];

	snprintf(key, sizeof key, " %s ", flag);
	return strstr(r->vmflags, key) != NULL;
}

/* Take every free slot into v; returns how many. */
static size_t take_all(struct secret **v)
{
	size_t n = 0;

	while (n < SLOTS_CAP && (v[n] = secret_new()) != NULL)
		n++;
	return n;
}

/* Give back n slots. */
static void free_all(struct secret **v, size_t n)
{
	while (n > 0)
		secret_free(v[--n]);
}

/* Whether every byte of the struct is zero. */
static int all_zero(const struct secret *s)
{
	const unsigned char *b = (const unsigned char *)s;

	for (size_t i = 0; i < sizeof *s; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

/* Run fn in a child process and expect it to exit 0; the child reports
 * which check failed by its exit code. The fork tests come first in main():
 * they need an arena that was never set up. */
static void in_child(int (*fn)(void))
{
	int st = 0;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fn());
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	if (WEXITSTATUS(st) != 0)
		print_error("child failed check %d\n", WEXITSTATUS(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* secret_new without secret_arena_init sets the arena up, locked. */
static int child_lazy(void)
{
	struct secret *s = secret_new();
	struct region r;

	if (s == NULL)
		return 1;
	if (region_of(s, &r) != 0)
		return 2;
	if (!has_flag(&r, "lo") || !has_flag(&r, "dd"))
		return 3;
	return secret_arena_init() == 0 ? 0 : 4;
}

static void test_lazy_init(void **state)
{
	(void)state;
	in_child(child_lazy);
}

/* exit() wipes the arena: a handler registered before it was set up runs
 * after its wipe and finds the code gone (a fork test: a fresh arena). */
static struct secret *exit_secret;

static void exit_check(void)
{
	_exit(all_zero(exit_secret) ? 0 : 3);
}

static int child_exit_wipes(void)
{
	if (atexit(exit_check) != 0)
		return 1;
	exit_secret = secret_new();
	if (!exit_secret || secret_push(exit_secret, '7') != 0)
		return 2;
	exit(0);
}

static void test_exit_wipes(void **state)
{
	(void)state;
	in_child(child_exit_wipes);
}

/* Drop CAP_IPC_LOCK so RLIMIT_MEMLOCK applies even to root. */
static int drop_ipc_lock(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	unsigned bit = 1u << (CAP_IPC_LOCK % 32);

	memset(d, 0, sizeof d);
	if (syscall(SYS_capget, &h, d) != 0)
		return -1;
	d[CAP_IPC_LOCK / 32].effective &= ~bit;
	d[CAP_IPC_LOCK / 32].permitted &= ~bit;
	d[CAP_IPC_LOCK / 32].inheritable &= ~bit;
	return (int)syscall(SYS_capset, &h, d);
}

/* With no right to lock memory: init says -1, secrets still work and are
 * still left out of dumps. */
static int child_no_mlock(void)
{
	struct rlimit rl = { 0, 0 };
	struct secret *s;
	struct region r;

	if (drop_ipc_lock() != 0 || setrlimit(RLIMIT_MEMLOCK, &rl) != 0)
		return 1;
	if (secret_arena_init() != -1)
		return 2;
	s = secret_new();
	if (s == NULL || secret_push(s, '4') != 0 || s->len != 1 || s->d[0] != '4')
		return 3;
	if (region_of(s, &r) != 0 || has_flag(&r, "lo") || !has_flag(&r, "dd"))
		return 4;
	secret_free(s);
	return 0;
}

static void test_mlock_refused(void **state)
{
	(void)state;
	in_child(child_no_mlock);
}

/* Hardening: no core file, not dumpable. */
static int child_harden(void)
{
	struct rlimit rl;

	secret_harden_process();
	if (getrlimit(RLIMIT_CORE, &rl) != 0 || rl.rlim_cur != 0 || rl.rlim_max != 0)
		return 1;
	return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0 ? 0 : 2;
}

static void test_harden(void **state)
{
	(void)state;
	in_child(child_harden);
}

/* Init locks memory here (root, or RLIMIT_MEMLOCK of at least a page) and
 * a second call reports the same. */
static void test_init(void **state)
{
	(void)state;
	if (secret_arena_init() != 0)
		fail_msg("mlock refused: raise RLIMIT_MEMLOCK (ulimit -l) to run this test");
	assert_int_equal(secret_arena_init(), 0);
}

/* The slots sit in a locked (lo, Locked: > 0) and dontdump (dd) mapping. */
static void test_region_locked_dontdump(void **state)
{
	struct secret *s = secret_new();
	struct region r;

	(void)state;
	assert_non_null(s);
	assert_int_equal(region_of(s, &r), 0);
	if (!has_flag(&r, "lo") || !has_flag(&r, "dd"))
		fail_msg("VmFlags of the arena lack lo or dd:%s", r.vmflags);
	assert_true(r.locked_kb >= 4);
	secret_free(s);
}

/* The scratch room: in the same locked, never-dumped mapping, taken and
 * given back in order, wiped when given back, refused beyond its size. */
static void test_scratch(void **state)
{
	unsigned char *a = secret_scratch_take(300), *b, *c;
	struct region r;

	(void)state;
	assert_non_null(a);
	assert_int_equal(region_of(a, &r), 0);
	if (!has_flag(&r, "lo") || !has_flag(&r, "dd"))
		fail_msg("VmFlags of the scratch room lack lo or dd:%s", r.vmflags);
	b = secret_scratch_take(SECRET_SCRATCH - 300);
	assert_non_null(b);
	assert_ptr_equal(b, a + 300);
	assert_null(secret_scratch_take(1));
	memset(b, '7', SECRET_SCRATCH - 300);
	secret_scratch_give(b, SECRET_SCRATCH - 300);
	for (size_t i = 0; i < SECRET_SCRATCH - 300; i++)
		assert_int_equal(b[i], 0);
	c = secret_scratch_take(10);
	assert_ptr_equal(c, b);
	secret_scratch_give(c, 10);
	secret_scratch_give(a, 300);
	assert_ptr_equal(secret_scratch_take(SECRET_SCRATCH), a);
	secret_scratch_give(a, SECRET_SCRATCH);
}

/* SECRET_MAX characters fit, one more does not and changes nothing. */
static void test_push_limit(void **state)
{
	struct secret *s = secret_new();
	size_t i;

	(void)state;
	assert_non_null(s);
	assert_int_equal(s->len, 0);
	for (i = 0; i < SECRET_MAX; i++)
		assert_int_equal(secret_push(s, (char)('0' + i % 10)), 0);
	assert_int_equal(secret_push(s, '7'), -1);
	assert_int_equal(s->len, SECRET_MAX);
	assert_int_equal(s->d[SECRET_MAX - 1], '0' + (SECRET_MAX - 1) % 10);
	secret_free(s);
}

/* Backspace wipes the byte it drops; on empty it does nothing. */
static void test_pop_wipes(void **state)
{
	struct secret *s = secret_new();

	(void)state;
	assert_non_null(s);
	secret_push(s, '1');
	secret_push(s, '2');
	secret_push(s, '3');
	secret_pop(s);
	assert_int_equal(s->len, 2);
	assert_int_equal(s->d[2], 0);
	assert_memory_equal(s->d, "12", 2);
	secret_pop(s);
	secret_pop(s);
	secret_pop(s);
	assert_int_equal(s->len, 0);
	assert_true(all_zero(s));
	secret_free(s);
}

/* Wipe empties the secret but keeps the slot; NULL is accepted. */
static void test_wipe(void **state)
{
	struct secret *v[SLOTS_CAP];
	struct secret *s = secret_new();
	size_t n;

	(void)state;
	assert_non_null(s);
	secret_push(s, '9');
	secret_push(s, '8');
	secret_wipe(s);
	assert_true(all_zero(s));
	secret_wipe(NULL);
	secret_free(NULL);
	n = take_all(v);
	for (size_t i = 0; i < n; i++)
		assert_ptr_not_equal(v[i], s);
	free_all(v, n);
	secret_free(s);
}

/* Exhaust the arena, free one slot, and get exactly that slot back,
 * zeroed although its last owner left digits in it. */
static void test_exhaust_free_new(void **state)
{
	struct secret *v[SLOTS_CAP], *again;
	size_t n;

	(void)state;
	n = take_all(v);
	assert_true(n >= 6);            /* a whole activation journey */
	assert_true(n < SLOTS_CAP);
	assert_null(secret_new());
	secret_push(v[2], '5');
	secret_free(v[2]);
	assert_true(all_zero(v[2]));    /* still mapped: wiped on free */
	again = secret_new();
	assert_ptr_equal(again, v[2]);
	assert_true(all_zero(again));
	assert_null(secret_new());
	free_all(v, n);
	again = secret_new();
	assert_non_null(again);
	secret_free(again);
}

/* wipe_all zeroes every slot, and the slots stay taken. */
static void test_wipe_all(void **state)
{
	struct secret *v[SLOTS_CAP];
	size_t n, i, j;

	(void)state;
	n = take_all(v);
	assert_true(n > 0);
	for (i = 0; i < n; i++)
		for (j = 0; j < SECRET_MAX; j++)
			assert_int_equal(secret_push(v[i], (char)('1' + j % 9)), 0);
	secret_wipe_all();
	for (i = 0; i < n; i++) {
		if (!all_zero(v[i]))
			fail_msg("slot %zu not wiped", i);
	}
	assert_null(secret_new());
	free_all(v, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* Fork tests first: their children need a fresh arena. */
		cmocka_unit_test(test_lazy_init),
		cmocka_unit_test(test_exit_wipes),
		cmocka_unit_test(test_mlock_refused),
		cmocka_unit_test(test_harden),
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_region_locked_dontdump),
		cmocka_unit_test(test_scratch),
		cmocka_unit_test(test_push_limit),
		cmocka_unit_test(test_pop_wipes),
		cmocka_unit_test(test_wipe),
		cmocka_unit_test(test_exhaust_free_new),
		cmocka_unit_test(test_wipe_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
