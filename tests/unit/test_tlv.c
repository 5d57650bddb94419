/* test_tlv.c - strict BER-TLV: good shapes read right, bad shapes refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "tlv.h"

/* Parse hex into out; returns the byte count. */
static size_t hex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned v;

	while (*s) {
		if (*s == ' ') {
			s++;
			continue;
		}
		assert_int_equal(sscanf(s, "%2x", &v), 1);
		assert_true(n < max);
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

/* Single-byte tags, short and long lengths. */
static void test_next_good(void **state)
{
	static const struct {
		const char *in; unsigned tag; size_t len; int used;
	} t[] = {
		{ "04 02 41 42", 0x04, 2, 4 },
		{ "04 00", 0x04, 0, 2 },
		{ "30 00 FF", 0x30, 0, 2 },         /* stops at its own end */
		{ "04 81 01 41", 0x04, 1, 4 },      /* long form, accepted */
		{ "04 82 00 01 41", 0x04, 1, 5 },
		{ "04 83 00 00 01 41", 0x04, 1, 6 },
		{ "DF 21 01 05", 0xDF21, 1, 4 },
		{ "5F 81 01 00", 0x5F8101, 0, 4 },  /* three tag bytes */
		{ "A0 03 83 01 11", 0xA0, 3, 5 },
	};
	uint8_t b[64];
	struct tlv out;

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		size_t n = hex(t[i].in, b, sizeof b);
		assert_int_equal(tlv_next(b, n, &out), t[i].used);
		assert_int_equal(out.tag, t[i].tag);
		assert_int_equal(out.len, t[i].len);
		assert_ptr_equal(out.val, b + t[i].used - t[i].len);
	}
}

/* A value of 300 bytes with a two-byte length. */
static void test_next_long_value(void **state)
{
	uint8_t b[4 + 300];
	struct tlv out;

	memset(b, 0xAB, sizeof b);
	b[0] = 0x30;
	b[1] = 0x82;
	b[2] = 0x01;
	b[3] = 0x2C;
	assert_int_equal(tlv_next(b, sizeof b, &out), (int)sizeof b);
	assert_int_equal(out.len, 300);
	assert_int_equal(tlv_next(b, sizeof b - 1, &out), -1);
}

/* Every way of being broken is -1. */
static void test_next_bad(void **state)
{
	static const char *const bad[] = {
		"",                      /* nothing */
		"04",                    /* tag, no length */
		"04 03 41 42",           /* value truncated */
		"04 05",                 /* length beyond the data */
		"30 80 04 00 00 00",     /* indefinite length */
		"04 84 00 00 00 01 41",  /* 4 length bytes */
		"04 FF",                 /* 127 length bytes */
		"04 81",                 /* long length, no length byte */
		"04 82 00",              /* long length truncated */
		"04 83 00 01",           /* long length truncated */
		"04 82 FF FF 00",        /* huge length, little data */
		"DF",                    /* multi-byte tag cut short */
		"DF 81",                 /* multi-byte tag cut short */
		"DF 81 81 01 01 00",     /* 4-byte tag */
		"DF 80 01 01 00",        /* non-minimal tag encoding */
		"1F 81 82 83 84 01 00",  /* long tag */
		"00 00",                 /* end-of-contents is no tag */
		"FF 01 00",              /* padding is no tag */
	};
	uint8_t b[64];
	struct tlv out;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t n = hex(bad[i], b, sizeof b);
		assert_int_equal(tlv_next(b, n, &out), -1);
	}
	assert_int_equal(tlv_next(NULL, 0, &out), -1);
}

/* Found, first of two, not found, and the empty run. */
static void test_find(void **state)
{
	uint8_t b[64];
	struct tlv out;
	size_t n = hex("83 01 11 DF 21 01 03 DF 2F 01 00 DF 21 01 09", b,
	               sizeof b);

	assert_int_equal(tlv_find(b, n, 0xDF21, &out), 0);
	assert_int_equal(out.len, 1);
	assert_int_equal(out.val[0], 0x03);
	assert_int_equal(tlv_find(b, n, 0xDF2F, &out), 0);
	assert_int_equal(out.val[0], 0x00);
	assert_int_equal(tlv_find(b, n, 0x83, &out), 0);
	assert_int_equal(out.val[0], 0x11);
	assert_int_equal(tlv_find(b, n, 0x84, &out), 1);
	assert_int_equal(tlv_find(b, n, 0x21, &out), 1);  /* no partial tag */
	assert_int_equal(tlv_find(b, 0, 0x83, &out), 1);
	/* Tags are found on one level only. */
	n = hex("A0 03 83 01 11", b, sizeof b);
	assert_int_equal(tlv_find(b, n, 0x83, &out), 1);
	assert_int_equal(tlv_find(b, n, 0xA0, &out), 0);
}

/* Anything malformed anywhere in the run, even after a match, is -1. */
static void test_find_bad(void **state)
{
	static const char *const bad[] = {
		"83 01 11 00",                 /* trailing byte */
		"83 01 11 DF",                 /* trailing tag start */
		"83 01 11 DF 21 02 03",        /* last value truncated */
		"83 05 11",                    /* first length too long */
		"83 01 11 04 80 00 00",        /* indefinite after a match */
		"83 01 11 04 84 00 00 00 00",  /* 4 length bytes after */
		"DF 81 81 01 01 00",           /* 4-byte tag */
	};
	uint8_t b[64];
	struct tlv out;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t n = hex(bad[i], b, sizeof b);
		assert_int_equal(tlv_find(b, n, 0x83, &out), -1);
	}
}

/* Nested walk: SEQUENCE, then its children. */
static void test_nested(void **state)
{
	uint8_t b[64];
	struct tlv seq, num;
	size_t n = hex("30 82 00 0B 02 01 00 04 06 41 42 43 31 32 33 00 00", b,
	               sizeof b);

	assert_int_equal(tlv_next(b, n, &seq), 15);
	assert_int_equal(seq.tag, 0x30);
	assert_int_equal(tlv_find(seq.val, seq.len, 0x04, &num), 0);
	assert_int_equal(num.len, 6);
	assert_memory_equal(num.val, "ABC123", 6);
	/* The padding after the SEQUENCE is no TLV run of its own. */
	assert_int_equal(tlv_find(b, n, 0x30, &seq), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next_good),
		cmocka_unit_test(test_next_long_value),
		cmocka_unit_test(test_next_bad),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_find_bad),
		cmocka_unit_test(test_nested),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
