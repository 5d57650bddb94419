/* cause.h - the one error convention of functions that can fail for a
 * reason a person must read: they return -1 (or NULL) and set *cause to a
 * malloc'd message, which the caller prints and frees. */
#ifndef EIDKIOSK_CAUSE_H
#define EIDKIOSK_CAUSE_H

/* Set *cause to a malloc'd printf-style message; nothing when cause is
 * NULL (the caller does not want it). *cause is NULL when even that
 * cannot be allocated. What was in *cause is not freed: the caller frees
 * each message it is given. */
void cause_set(char **cause, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The text to show of a cause: "out of memory" when none could be made. */
const char *cause_text(const char *cause);

/* Free a message and forget it (*cause is NULL after). */
void cause_drop(char **cause);

#endif
