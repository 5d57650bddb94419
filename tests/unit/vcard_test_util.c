/* vcard_test_util.c - helpers shared by the virtual card's unit tests. */
#include "build-config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "vcard_test_util.h"

static char dir_buf[64];

/* Remove the test directory and what the tests left in it. */
static void dir_cleanup(void)
{
	char cmd[128];

	if (dir_buf[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir_buf);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir_buf);
	}
}

const char *tv_dir(void)
{
	if (!dir_buf[0]) {
		snprintf(dir_buf, sizeof(dir_buf), "/tmp/test_vcard.XXXXXX");
		assert_non_null(mkdtemp(dir_buf));
		atexit(dir_cleanup);
	}
	return dir_buf;
}

size_t tv_hex(const char *hex, uint8_t *out)
{
	size_t n = 0;
	unsigned v;

	while (*hex) {
		if (*hex == ' ') {
			hex++;
			continue;
		}
		assert_int_equal(sscanf(hex, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	return n;
}

uint16_t tv_raw(struct vcard *vc, const uint8_t *cmd, size_t clen,
                uint8_t *data, size_t *dlen)
{
	uint8_t resp[300];
	size_t n;

	memset(resp, 0xEE, sizeof(resp));
	n = vcard_process(vc, cmd, clen, resp);
	assert_true(n >= 2 && n <= 258);
	assert_int_equal(resp[n], 0xEE);   /* wrote no more than it said */
	if (data)
		memcpy(data, resp, n - 2);
	if (dlen)
		*dlen = n - 2;
	return (uint16_t)(resp[n - 2] << 8 | resp[n - 1]);
}

uint16_t tv_x(struct vcard *vc, const char *hex, uint8_t *data, size_t *dlen)
{
	uint8_t cmd[300];

	return tv_raw(vc, cmd, tv_hex(hex, cmd), data, dlen);
}

uint16_t tv_t0(struct vcard *vc, const uint8_t *cmd, size_t clen,
               uint8_t *data, size_t *dlen)
{
	uint8_t again[300], get[5] = { 0x00, 0xC0, 0x00, 0x00, 0x00 };
	size_t n = 0, got;
	uint16_t sw = tv_raw(vc, cmd, clen, data, &n);

	if ((sw & 0xFF00) == 0x6C00) {
		memcpy(again, cmd, clen);
		again[clen - 1] = (uint8_t)sw;
		sw = tv_raw(vc, again, clen, data, &n);
	}
	while ((sw & 0xFF00) == 0x6100) {
		get[4] = (uint8_t)sw;
		sw = tv_raw(vc, get, 5, data + n, &got);
		n += got;
	}
	*dlen = n;
	return sw;
}

/* Right-pad digits with 00 to 12 bytes. */
static void pad(const char *digits, uint8_t *out)
{
	memset(out, 0, 12);
	memcpy(out, digits, strlen(digits));
}

uint16_t tv_code(struct vcard *vc, uint8_t ins, uint8_t ref, const char *a,
                 const char *b)
{
	uint8_t cmd[5 + 24] = { 0x00, ins, 0x00, ref, b ? 24 : 12 };

	pad(a, cmd + 5);
	if (b)
		pad(b, cmd + 17);
	return tv_raw(vc, cmd, b ? 29 : 17, NULL, NULL);
}

void tv_card_spec(struct vcard *vc, const struct vcard_spec *sp)
{
	char *cause = NULL;
	int rc = vcard_create(vc, sp, &cause);

	if (rc < 0)
		fail_msg("vcard_create: %s", cause ? cause : "?");
	assert_int_equal(tv_x(vc, "00 A4 04 0C 0C A000000063504B43532D3135",
	                      NULL, NULL), 0x9000);
}

void tv_card(struct vcard *vc, enum vcard_start st)
{
	struct vcard_spec sp = { .start = st, .ca_dir = tv_dir() };

	tv_card_spec(vc, &sp);
}

void tv_status(struct vcard *vc, uint8_t ref, int *tries, int *unset)
{
	uint8_t cmd[10] = { 0x00, 0xCB, 0x00, 0xFF, 0x05, 0xA0, 0x03, 0x83, 0x01,
	                    ref }, d[300];
	size_t n;

	assert_int_equal(tv_t0(vc, cmd, sizeof(cmd), d, &n), 0x9000);
	assert_true(n == 9 || n == 13);
	assert_int_equal(d[0], 0xA0);
	assert_int_equal(d[1], n - 2);
	assert_memory_equal(d + 2, "\x83\x01", 2);
	assert_int_equal(d[4], ref);
	assert_memory_equal(d + 5, "\xDF\x21\x01", 3);
	*tries = d[8];
	*unset = n == 13;
	if (n == 13)
		assert_memory_equal(d + 9, "\xDF\x2F\x01\x00", 3 + 1);
}

uint8_t *tv_read_file(struct vcard *vc, const char *path_hex, size_t *len)
{
	uint8_t cmd[16] = { 0x00, 0xA4, 0x08, 0x04 }, fcp[300], *buf;
	size_t n, size, off = 0, got;

	n = tv_hex(path_hex, cmd + 5);
	cmd[4] = (uint8_t)n;
	assert_int_equal(tv_t0(vc, cmd, 5 + n, fcp, &got), 0x9000);
	assert_int_equal(got, 13);
	assert_memory_equal(fcp, "\x62\x0B\x80\x02", 4);
	size = (size_t)fcp[4] << 8 | fcp[5];
	assert_memory_equal(fcp + 6, "\x82\x01\x01\x83\x02", 5);
	assert_memory_equal(fcp + 11, cmd + 5 + n - 2, 2);
	buf = malloc(size + 256);
	assert_non_null(buf);
	while (off < size) {
		uint8_t rb[5] = { 0x00, 0xB0, (uint8_t)(off >> 8), (uint8_t)off, 0x00 };

		assert_int_equal(tv_t0(vc, rb, 5, buf + off, &got), 0x9000);
		assert_true(got > 0);
		off += got;
	}
	assert_int_equal(off, size);
	*len = size;
	return buf;
}
