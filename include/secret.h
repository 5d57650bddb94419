/* secret.h - codes live only in locked, never-dumped memory and are wiped
 * the moment they are no longer needed. */
#ifndef EIDKIOSK_SECRET_H
#define EIDKIOSK_SECRET_H

#include <stddef.h>

#define SECRET_MAX 16

struct secret {
	char d[SECRET_MAX];  /* ASCII digits, not NUL-terminated */
	size_t len;
};

/* Reserve the locked arena (mlock, MADV_DONTDUMP); call once at start,
 * before any secret_new. Returns 0, or -1 if memory cannot be locked
 * (secrets then still work, unlocked, and a warning is logged). */
int secret_arena_init(void);

/* A zeroed secret from the arena, or NULL when all slots are taken. */
struct secret *secret_new(void);

/* Append one digit; returns -1 when full. */
int secret_push(struct secret *s, char c);

/* Remove the last digit (wiping it). */
void secret_pop(struct secret *s);

/* Wipe the content (OPENSSL_cleanse), keep the slot. NULL is fine. */
void secret_wipe(struct secret *s);

/* Wipe and return the slot to the arena. NULL is fine. */
void secret_free(struct secret *s);

/* Room for copies of codes on their way to the card (a padded body, the
 * command bytes), in the same locked, never-dumped mapping: the card
 * thread takes n bytes and gives them back, wiped, in the reverse order.
 * NULL when the room (SECRET_SCRATCH bytes) is used up. One thread at a
 * time: the card thread, or a test. */
#define SECRET_SCRATCH 1024
void *secret_scratch_take(size_t n);
void secret_scratch_give(void *p, size_t n);

/* Wipe every slot: idle timeout, card removal; every exit (atexit, once
 * the arena is set up). */
void secret_wipe_all(void);

/* Make the process undumpable: RLIMIT_CORE=0, PR_SET_DUMPABLE 0. */
void secret_harden_process(void);

#endif
