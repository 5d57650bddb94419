/* fuzz_audit.c - the audit trail from both ends.
 * 1. eidkiosk --verify-audit on arbitrary files: the input, split at form
 *    feeds (\f) into up to 3 files checked as one chain, oldest first,
 *    with fuzz.h's key as the trail's initial key (the seeds are real
 *    trails made from it), and once more as an old trail's fixed key. A
 *    record far ahead is not walked to (skip_max kept small here).
 * 2. What audit_record writes for arbitrary caller text: the cleaned
 *    fields are single words, "k=v", with no value shaped like a code, and
 *    the line made of them always fits, parses back and carries a good MAC. */
#include "build-config.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "audit_int.h"
#include "fuzz.h"
#include "hex.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

#define FILES_MAX 3

/* The input as up to 3 files, verified as one chain, both ways. */
static void verify_files(const uint8_t *d, size_t n)
{
	static FILE *null;
	static const char *const names[FILES_MAX] = { "audit.log.2",
	                                              "audit.log.1", "audit.log" };
	char *files[FILES_MAX];
	unsigned char k1[AUDIT_KEY_LEN];
	struct audit_keys ks;
	size_t start = 0;
	int nf = 0, rc;

	if (!null && !(null = fopen("/dev/null", "w")))
		fz_fail(__FILE__, __LINE__, "open /dev/null");
	FZ_CHECK(hex_decode(fz_audit_key_hex, k1, sizeof k1) == AUDIT_KEY_LEN);
	for (size_t i = 0; i <= n && nf < FILES_MAX; i++) {
		if (i < n && (d[i] != '\f' || nf == FILES_MAX - 1))
			continue;
		files[nf] = (char *)fz_write_file(names[nf], d + start, i - start);
		nf++;
		start = i + 1;
	}
	for (int fixed = 0; fixed < 2; fixed++) {
		audit_keys_init(&ks, k1, fixed);
		ks.skip_max = 4096;
		rc = audit_verify_run(&ks, NULL, files, nf, null, null);
		audit_keys_free(&ks);
		FZ_CHECK(rc == 0 || rc == 1);
	}
}

/* Every token of cleaned fields: key=value, the key a word, the value
 * printable, not empty-keyed, and not 4 or more digits alone. */
static void check_fields(const char *f)
{
	while (*f) {
		size_t tl = strcspn(f, " ");
		const char *eq = memchr(f, '=', tl);
		size_t digits = 0, vl;

		FZ_CHECK(tl > 0);
		if (eq) {   /* (a token cut by the buffer may end in its key) */
			FZ_CHECK(eq > f);
			for (const char *k = f; k < eq; k++)
				FZ_CHECK(isalnum((unsigned char)*k) || *k == '_');
			vl = (size_t)(f + tl - eq - 1);
			while (digits < vl && isdigit((unsigned char)eq[1 + digits]))
				digits++;
			FZ_CHECK(!(digits == vl && vl >= 4));
		}
		for (size_t i = 0; i < tl; i++)
			FZ_CHECK(f[i] > ' ' && f[i] < 0x7f);
		f += tl;
		if (*f == ' ')
			f++;
		FZ_CHECK(*f != ' ');
	}
}

static void record_roundtrip(const uint8_t *d, size_t n)
{
	unsigned char key[AUDIT_KEY_LEN];
	char in[2 * AUDIT_FIELDS_MAX], fields[AUDIT_FIELDS_MAX];
	char ev[AUDIT_EVENT_MAX + 1], line[AUDIT_LINE_MAX];
	unsigned long long seq = 1;
	struct audit_rec r;
	const char *why = NULL;
	size_t k = n < sizeof in - 1 ? n : sizeof in - 1;
	int len;

	memset(key, 0x42, sizeof key);
	memcpy(in, d, k);
	in[k] = '\0';
	for (size_t i = 0; i < k && i < 8; i++)
		seq = seq * 251 + d[i];
	seq %= 10000000000000000000ULL;   /* at most 19 digits, as parsed */
	if (seq == 0)
		seq = 1;
	audit_event_clean(in, ev);
	FZ_CHECK(ev[0] && strspn(ev, "abcdefghijklmnopqrstuvwxyz0123456789_") ==
	         strlen(ev));
	audit_fields_clean(in, fields, sizeof fields);
	FZ_CHECK(strlen(fields) < sizeof fields);
	check_fields(fields);
	len = audit_line_format(line, sizeof line, key, seq, 1767225600,
	                        audit_zero_mac, ev, fields);
	FZ_CHECK(len > 0 && (size_t)len < sizeof line && line[len - 1] == '\n');
	FZ_CHECK(audit_line_parse(line, (size_t)len - 1, &r, &why) == 0);
	FZ_CHECK(r.seq == seq && strcmp(r.event, ev) == 0);
	FZ_CHECK(strcmp(r.prev, audit_zero_mac) == 0);
	FZ_CHECK(audit_line_mac_ok(key, line, &r));
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	verify_files(d, n);
	record_roundtrip(d, n);
	return 0;
}
