/* fuzz_tlv.c - strict BER-TLV on arbitrary bytes: every TLV found must lie
 * inside the input, tlv_find must agree with a walk by tlv_next, and
 * constructed values are walked down (nested and truncated data). */
#include "build-config.h"
#include <string.h>
#include "fuzz.h"
#include "tlv.h"

#define DEPTH_MAX 16

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

/* Whether the first tag byte says "constructed". */
static int constructed(unsigned tag)
{
	while (tag > 0xFF)
		tag >>= 8;
	return (tag & 0x20) != 0;
}

/* Walk one level of p..p+n, descending into constructed values; returns
 * whether the level was well-formed to the end. */
static int walk(const uint8_t *p, size_t n, int depth)
{
	static const unsigned tags[] = { 0x04, 0x30, 0x62, 0x80, 0x81, 0xA0,
	                                 0xDF21, 0xDF2F, 0x5F20 };
	unsigned first_tag[sizeof tags / sizeof tags[0]] = { 0 };
	int seen[sizeof tags / sizeof tags[0]] = { 0 };
	const uint8_t *first_val[sizeof tags / sizeof tags[0]] = { 0 };
	size_t off = 0;
	int ok = 1;

	while (off < n) {
		struct tlv t;
		int r = tlv_next(p + off, n - off, &t);
		if (r < 0) {
			ok = 0;
			break;
		}
		/* Header + value, all inside what was given. */
		FZ_CHECK(r > 0 && (size_t)r <= n - off);
		FZ_CHECK(t.val >= p + off && t.val + t.len == p + off + (size_t)r);
		FZ_CHECK(t.tag != 0 && t.tag <= 0xFFFFFF);
		for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
			if (t.tag == tags[i] && !seen[i]) {
				seen[i] = 1;
				first_tag[i] = t.tag;
				first_val[i] = t.val;
			}
		if (constructed(t.tag) && depth < DEPTH_MAX)
			(void)walk(t.val, t.len, depth + 1);
		off += (size_t)r;
	}
	/* tlv_find: -1 exactly when the walk failed, else the first match. */
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		struct tlv f;
		int rc = tlv_find(p, n, tags[i], &f);
		if (!ok) {
			FZ_CHECK(rc == -1);
			continue;
		}
		FZ_CHECK(rc == (seen[i] ? 0 : 1));
		if (rc == 0)
			FZ_CHECK(f.tag == first_tag[i] && f.val == first_val[i]);
	}
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct tlv t;

	FZ_CHECK(tlv_next(NULL, n, &t) == -1);
	(void)walk(d, n, 0);
	return 0;
}
