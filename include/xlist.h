/* xlist.h - an enum and its names made from one X-macro list, so that a
 * value cannot be added without its name. A header writes the list once,
 *     #define THING_LIST(X) X(TH_ONE, "one", "one_key") X(TH_TWO, ...)
 * (the first name for logs, further ones for other readers), then
 *     enum thing { THING_LIST(XLIST_ENUM) };
 * and the module's name function
 *     static const char *const names[] = { THING_LIST(XLIST_NAME) };
 *     return XLIST_LOOKUP(names, t, "?"); */
#ifndef EIDKIOSK_XLIST_H
#define EIDKIOSK_XLIST_H

/* The enumerator of a list entry. */
#define XLIST_ENUM(id, ...) id,

/* The entry's first name, at its enumerator's index. */
#define XLIST_NAME(id, name, ...) [id] = name,

/* The entry's second name (a list of three: id, name, key). */
#define XLIST_KEY(id, name, key) [id] = key,

/* names[k], or dflt when k is not one of the list's values. */
#define XLIST_LOOKUP(names, k, dflt) \
	((unsigned)(k) < sizeof (names) / sizeof (names)[0] ? (names)[k] \
	                                                  : (dflt))

#endif
