/* fuzz_profile.c - the card profile loader on arbitrary file content:
 * profile_load, the bounds fineid.c relies on in every profile, and ATR
 * matching with the profiles found. */
#include "build-config.h"
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "profile.h"
#include "secret.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const struct card_profile *m;
	struct profile_set set;
	char *cause = NULL;
	size_t k;
	const char *path;
	int rc;

	path = fz_write_file("cards.conf", d, n);
	rc = profile_load(path, &set, &cause);
	FZ_CHECK(rc == 0 ? cause == NULL : cause != NULL && *cause);
	free(cause);
	if (rc < 0) {
		FZ_CHECK(set.v == NULL && set.n == 0);
		return 0;
	}
	FZ_CHECK(set.n >= 1 && set.v != NULL);
	for (size_t i = 0; i < set.n; i++) {
		const struct card_profile *p = &set.v[i];
		FZ_CHECK(memchr(p->name, 0, sizeof p->name) && p->name[0]);
		FZ_CHECK(memchr(p->line_info, 0, sizeof p->line_info));
		FZ_CHECK(p->atr_len >= 1 && p->atr_len <= sizeof p->atr);
		FZ_CHECK(p->aid_len >= 1 && p->aid_len <= sizeof p->aid);
		FZ_CHECK(p->token_path_len >= 2 &&
		         p->token_path_len <= PROFILE_PATH_MAX);
		for (int key = 0; key < KEY_COUNT; key++) {
			const struct key_ref *kr = &p->key[key];
			FZ_CHECK(kr->cert_path_len >= 2 &&
			         kr->cert_path_len <= PROFILE_PATH_MAX &&
			         kr->cert_path_len % 2 == 0);
			FZ_CHECK(kr->hash_len >= 32 && kr->hash_len <= PROFILE_HASH_MAX);
			FZ_CHECK(kr->sig_len >= 1 && kr->sig_len <= PROFILE_SIG_MAX);
			FZ_CHECK(profile_sig_name(kr->sig)[0] != '?');
		}
		/* Two padded codes must fit one short APDU. */
		FZ_CHECK(p->pad_len >= 1 && 2 * p->pad_len <= 255);
		for (int c = 0; c < CODE_COUNT; c++)
			FZ_CHECK(p->code[c].min_len >= 1 &&
			         p->code[c].min_len <= p->code[c].max_len &&
			         p->code[c].max_len <= p->pad_len &&
			         p->code[c].max_len <= SECRET_MAX);
		/* Its own ATR matches it or a profile before it. */
		m = profile_match(&set, p->atr, p->atr_len);
		FZ_CHECK(m != NULL && m <= p);
	}
	for (size_t i = 0; i < set.nknown; i++) {
		const struct known_card *kc = &set.known[i];
		FZ_CHECK(memchr(kc->name, 0, sizeof kc->name) && kc->name[0]);
		FZ_CHECK(kc->atr_len >= 2 && kc->atr_len <= sizeof kc->atr);
		FZ_CHECK(kc->advice > ADV_NONE && kc->advice < ADV_COUNT);
	}
	/* The input's head as an ATR: a match is a masked equality. */
	k = n < sizeof set.v[0].atr ? n : sizeof set.v[0].atr;
	if ((m = profile_match(&set, d, k)) != NULL) {
		FZ_CHECK(m->atr_len == k);
		for (size_t i = 0; i < k; i++)
			FZ_CHECK(((d[i] ^ m->atr[i]) & m->atr_mask[i]) == 0);
	}
	profile_free(&set);
	FZ_CHECK(set.v == NULL && set.n == 0);
	return 0;
}
