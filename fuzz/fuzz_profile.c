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
		for (int key = 0; key < KEY_COUNT; key++)
			FZ_CHECK(p->cert_path_len[key] >= 2 &&
			         p->cert_path_len[key] <= PROFILE_PATH_MAX);
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
