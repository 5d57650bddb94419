/* secret.c - the arena where codes live: a few fixed slots in one private
 * mapping that is locked in RAM (never swapped) and left out of core dumps,
 * wiped with OPENSSL_cleanse. */
#include "build-config.h"

#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include <openssl/crypto.h>

#include "secret.h"

/* One journey holds at most: activation code, PIN1 twice, PIN2 twice, an
 * old PIN; eight leaves room for a screen that keeps one more. */
#define SECRET_SLOTS 8

/*
 * Thread safety. The main thread owns every secret: it allocates them,
 * fills them from the keyboard and wipes them. While a card request runs,
 * the card thread reads the digits of the secrets it borrowed (card.h);
 * meanwhile the main thread may still allocate, free or wipe *other* slots,
 * or wipe everything on an idle timeout or card removal. The mutex keeps
 * the slot table consistent between threads and makes every write to slot
 * memory happen whole, never interleaved with a wipe_all. It does not make
 * it safe to wipe a secret the card thread is still reading: the borrow
 * rule (wipe when CEV_RESULT arrives) covers that. Not async-signal-safe:
 * signal handlers must set a flag, not call in here.
 */
static pthread_mutex_t arena_lock = PTHREAD_MUTEX_INITIALIZER;

/* The mapping: the slots, then the card thread's scratch room. */
struct arena_map {
	struct secret slots[SECRET_SLOTS];
	unsigned char scratch[SECRET_SCRATCH];
};

/* Used when the mapping itself fails: secrets still work, unlocked. */
static struct arena_map arena_fallback;

static struct {
	struct secret *slots;      /* SECRET_SLOTS slots, mapped or fallback */
	unsigned char *scratch;    /* SECRET_SCRATCH bytes after them */
	size_t scratch_used;
	size_t map_len;            /* bytes mapped; 0 for the fallback */
	bool used[SECRET_SLOTS];
	bool ready;
	int init_rc;               /* what secret_arena_init reported */
} arena;

/* Lock pages into RAM. Sanitizer runtimes replace mlock() with a no-op
 * (they cannot lock their shadow memory), so ask the kernel directly:
 * the sanitizer build then locks exactly like the release build. */
static int arena_mlock(void *p, size_t len)
{
	return (int)syscall(SYS_mlock, p, len);
}

/* Map, exclude from dumps and lock the slots; called with the lock held. */
static int arena_setup(void)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t need = sizeof(struct arena_map);
	size_t len = (need + (size_t)page - 1) / (size_t)page * (size_t)page;
	struct arena_map *p;
	int rc = 0;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	         -1, 0);
	if (p == MAP_FAILED) {
		arena.slots = arena_fallback.slots;
		arena.scratch = arena_fallback.scratch;
		arena.map_len = 0;
		return -1;
	}
	if (madvise(p, len, MADV_DONTDUMP) != 0)
		rc = -1;
	/* RLIMIT_MEMLOCK may forbid this; the caller warns and carries on. */
	if (arena_mlock(p, len) != 0)
		rc = -1;
	arena.slots = p->slots;
	arena.scratch = p->scratch;
	arena.map_len = len;
	return rc;
}

/* Set the arena up once; later calls report the first result. Every
 * exit wipes it (a return from main, exit, tty_fatal): no exit path has
 * to remember to. */
static int arena_init_locked(void)
{
	if (!arena.ready) {
		arena.init_rc = arena_setup();
		arena.ready = true;
		atexit(secret_wipe_all);
	}
	return arena.init_rc;
}

/* Reserve the locked arena; 0, or -1 when it could not be locked. */
int secret_arena_init(void)
{
	int rc;

	pthread_mutex_lock(&arena_lock);
	rc = arena_init_locked();
	pthread_mutex_unlock(&arena_lock);
	return rc;
}

/* The slot index of s, asserting it came from the arena. */
static size_t slot_index(const struct secret *s)
{
	uintptr_t base = (uintptr_t)arena.slots, p = (uintptr_t)s;
	size_t i;

	assert(arena.ready && p >= base);
	i = (size_t)(p - base) / sizeof(struct secret);
	assert(i < SECRET_SLOTS && &arena.slots[i] == s);
	return i;
}

/* A zeroed slot, or NULL when every slot is taken. */
struct secret *secret_new(void)
{
	struct secret *s = NULL;
	size_t i;

	pthread_mutex_lock(&arena_lock);
	(void)arena_init_locked();   /* lazily, if main did not */
	for (i = 0; i < SECRET_SLOTS; i++) {
		if (!arena.used[i]) {
			arena.used[i] = true;
			s = &arena.slots[i];
			OPENSSL_cleanse(s, sizeof *s);
			break;
		}
	}
	pthread_mutex_unlock(&arena_lock);
	return s;
}

/* Append a typed character; the PIN rules judge whether it is a digit. */
int secret_push(struct secret *s, char c)
{
	int rc = -1;

	assert(s != NULL);
	pthread_mutex_lock(&arena_lock);
	if (s->len < SECRET_MAX) {
		s->d[s->len++] = c;
		rc = 0;
	}
	pthread_mutex_unlock(&arena_lock);
	return rc;
}

/* Backspace: drop the last character and wipe its byte. */
void secret_pop(struct secret *s)
{
	assert(s != NULL);
	pthread_mutex_lock(&arena_lock);
	if (s->len > 0) {
		s->len--;
		OPENSSL_cleanse(&s->d[s->len], 1);
	}
	pthread_mutex_unlock(&arena_lock);
}

/* Wipe the content and keep the slot. */
void secret_wipe(struct secret *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&arena_lock);
	OPENSSL_cleanse(s, sizeof *s);
	pthread_mutex_unlock(&arena_lock);
}

/* Wipe and give the slot back. Freeing a free slot again is harmless. */
void secret_free(struct secret *s)
{
	size_t i;

	if (s == NULL)
		return;
	pthread_mutex_lock(&arena_lock);
	i = slot_index(s);
	OPENSSL_cleanse(s, sizeof *s);
	arena.used[i] = false;
	pthread_mutex_unlock(&arena_lock);
}

/* The next n bytes of the scratch room, or NULL when they do not fit. */
void *secret_scratch_take(size_t n)
{
	void *p = NULL;

	pthread_mutex_lock(&arena_lock);
	(void)arena_init_locked();
	if (n <= SECRET_SCRATCH - arena.scratch_used) {
		p = arena.scratch + arena.scratch_used;
		arena.scratch_used += n;
	}
	pthread_mutex_unlock(&arena_lock);
	return p;
}

/* Wipe the last bytes taken and give them back. */
void secret_scratch_give(void *p, size_t n)
{
	if (p == NULL)
		return;
	OPENSSL_cleanse(p, n);
	pthread_mutex_lock(&arena_lock);
	assert(n <= arena.scratch_used &&
	       (unsigned char *)p == arena.scratch + arena.scratch_used - n);
	arena.scratch_used -= n;
	pthread_mutex_unlock(&arena_lock);
}

/* Wipe every slot, taken or not; owners keep their (now empty) slots. */
void secret_wipe_all(void)
{
	pthread_mutex_lock(&arena_lock);
	if (arena.ready)
		OPENSSL_cleanse(arena.slots, SECRET_SLOTS * sizeof(struct secret));
	pthread_mutex_unlock(&arena_lock);
}

/* No core file, and no ptrace attach by other processes of the same user:
 * a crash must not write codes to disk nor a neighbour read them out of
 * memory. Best effort; there is nothing useful to report on failure. */
void secret_harden_process(void)
{
	struct rlimit rl = { 0, 0 };

	(void)setrlimit(RLIMIT_CORE, &rl);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}
