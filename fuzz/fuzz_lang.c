/* fuzz_lang.c - the language catalog loader on arbitrary file content:
 * lang_load, then on a catalog that loaded, the placeholder check against
 * the English catalog and lang_format of every text into a small buffer
 * (cut at a UTF-8 boundary, always terminated). */
#include "build-config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

/* The reference catalog, loaded once. */
static const struct lang *english(void)
{
	static struct lang en;
	char path[512], *cause = NULL;

	if (en.text[0])
		return &en;
	snprintf(path, sizeof path, "%s/conf/lang/en.conf", fz_srcdir());
	if (lang_load(&en, path, &cause) < 0) {
		fprintf(stderr, "fuzz: %s\n", cause);
		exit(1);
	}
	return &en;
}

/* lang_format into sizes from none to roomy: each result is a prefix of
 * the whole one, terminated, and never ends inside a UTF-8 character. */
static void format_text(const char *text)
{
	static const char *const keys[] = { "n", "key", "min", "max", "step",
	                                    "steps", "path", NULL };
	static const char *const vals[] = { "3", "F2", "4", "12",
	                                    "\xC3\xA4\xE2\x82\xAC", "5",
	                                    "/run/eidkiosk/monitor.sock", NULL };
	static const size_t sizes[] = { 1, 2, 3, 7, 64 };
	size_t full = lang_format(text, keys, vals, NULL, 0);
	char *whole = malloc(full + 1), out[64];

	FZ_CHECK(whole != NULL);
	FZ_CHECK(lang_format(text, keys, vals, whole, full + 1) == full);
	FZ_CHECK(strlen(whole) == full);
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		size_t need = lang_format(text, keys, vals, out, sizes[i]);
		size_t got = strnlen(out, sizes[i]);
		FZ_CHECK(need == full && got < sizes[i]);
		FZ_CHECK(memcmp(out, whole, got) == 0);
		if (need < sizes[i])
			FZ_CHECK(got == need);
		else    /* (a text may begin with a stray continuation byte) */
			FZ_CHECK(got == 0 ||
			         ((unsigned char)whole[got] & 0xC0) != 0x80);
	}
	free(whole);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const struct lang *en = english();
	struct lang l;
	char *cause = NULL;
	const char *path;
	int rc;

	path = fz_write_file("xx.conf", d, n);
	rc = lang_load(&l, path, &cause);
	FZ_CHECK(rc == 0 ? cause == NULL : cause != NULL && *cause);
	free(cause);
	cause = NULL;
	if (rc < 0) {
		/* The catalog is left empty on failure. */
		for (int i = 0; i < MSG_COUNT; i++)
			FZ_CHECK(l.text[i] == NULL);
		return 0;
	}
	FZ_CHECK(memchr(l.code, 0, sizeof l.code) && memchr(l.name, 0, sizeof l.name));
	for (int i = 0; i < MSG_COUNT; i++) {
		FZ_CHECK(l.text[i] != NULL);
		FZ_CHECK(lang_get(&l, (enum msg_id)i) == l.text[i]);
		format_text(l.text[i]);
	}
	rc = lang_check_placeholders(&l, en, &cause);
	FZ_CHECK(rc >= 0 && (rc == 0 || cause != NULL));
	free(cause);
	lang_free(&l);
	return 0;
}
