/* profile.c - card profiles once loaded (profile_load.c): which profile
 * serves a card, which known card one is that none serves, and the names
 * messages and JSON use. */
#include "build-config.h"
#include <stdlib.h>
#include "profile.h"

static const char *const code_names[] = { CODE_LIST(XLIST_NAME) };
static const char *const key_names[] = { KEY_LIST(XLIST_NAME) };
static const char *const sig_names[] = { SIG_SCHEME_LIST(XLIST_NAME) };
static const char *const advice_names[] = { CARD_ADVICE_LIST(XLIST_NAME) };

/* Whether (atr & mask) == (want & mask) over n bytes of equal length. */
static int atr_matches(const uint8_t *want, const uint8_t *mask, size_t len,
                       const uint8_t *atr, size_t n)
{
	if (len != n)
		return 0;
	for (size_t k = 0; k < n; k++)
		if ((atr[k] ^ want[k]) & mask[k])
			return 0;
	return 1;
}

/* The first profile whose masked ATR equals the masked atr. */
const struct card_profile *profile_match(const struct profile_set *s,
                                         const uint8_t *atr, size_t n)
{
	if (s == NULL || atr == NULL)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		if (atr_matches(s->v[i].atr, s->v[i].atr_mask, s->v[i].atr_len,
		                atr, n))
			return &s->v[i];
	return NULL;
}

/* The first known, not served card whose masked ATR equals atr's. */
const struct known_card *profile_known(const struct profile_set *s,
                                       const uint8_t *atr, size_t n)
{
	if (s == NULL || atr == NULL)
		return NULL;
	for (size_t i = 0; i < s->nknown; i++)
		if (atr_matches(s->known[i].atr, s->known[i].atr_mask,
		                s->known[i].atr_len, atr, n))
			return &s->known[i];
	return NULL;
}

/* Release the profiles of a set; the set is left empty. */
void profile_free(struct profile_set *s)
{
	if (s == NULL)
		return;
	free(s->v);
	free(s->known);
	s->v = NULL;
	s->n = 0;
	s->known = NULL;
	s->nknown = 0;
}

/* Name of a code for messages and JSON. */
const char *profile_code_name(enum code_id c)
{
	return XLIST_LOOKUP(code_names, c, "?");
}

/* Name of a key for messages and JSON. */
const char *profile_key_name(enum key_id k)
{
	return XLIST_LOOKUP(key_names, k, "?");
}

/* Name of a signature scheme, as cards.conf writes it. */
const char *profile_sig_name(enum sig_scheme s)
{
	return XLIST_LOOKUP(sig_names, s, "?");
}

/* Name of an advice, as cards.conf and the audit trail write it. */
const char *profile_advice_name(enum card_advice a)
{
	return XLIST_LOOKUP(advice_names, a, "?");
}
