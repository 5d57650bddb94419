/* fuzz_settings.c - the site settings loader on arbitrary file content:
 * settings_load over the defaults, then what the rest of the kiosk takes
 * for granted about the result (terminated strings, counts in range). */
#include "build-config.h"
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

#define TERMINATED(f) FZ_CHECK(memchr((f), 0, sizeof (f)) != NULL)

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct settings s;
	char *cause = NULL, buf[8];
	const char *path;
	int rc;

	path = fz_write_file("eidkiosk.conf", d, n);
	settings_defaults(&s);
	rc = settings_load(&s, path, &cause);
	FZ_CHECK(rc == 0 || rc == -1);
	/* A failure says why; success says nothing. */
	FZ_CHECK(rc == 0 ? cause == NULL : cause != NULL && *cause);
	free(cause);

	TERMINATED(s.site_name);
	TERMINATED(s.site_help);
	TERMINATED(s.reader);
	TERMINATED(s.cards_file);
	TERMINATED(s.ca_file);
	TERMINATED(s.lang_dir);
	TERMINATED(s.theme_dir);
	TERMINATED(s.lang_default);
	TERMINATED(s.theme);
	TERMINATED(s.staff_code_file);
	TERMINATED(s.staff_group);
	TERMINATED(s.monitor_socket);
	TERMINATED(s.audit_file);
	TERMINATED(s.audit_key_file);
	FZ_CHECK(s.nlangs >= 0 && s.nlangs <= SETTINGS_MAX_LANGS);
	for (int i = 0; i < s.nlangs; i++)
		TERMINATED(s.langs[i]);
	FZ_CHECK(s.npuk_lengths >= 0 &&
	         s.npuk_lengths <= (int)(sizeof s.puk_lengths /
	                                 sizeof s.puk_lengths[0]));
	for (int i = 0; i < SETTINGS_MAX_KEYS; i++) {
		FZ_CHECK(settings_key_name(s.key_language[i], buf, sizeof buf));
		FZ_CHECK(settings_key_name(s.key_staff[i], buf, sizeof buf));
		FZ_CHECK(memchr(buf, 0, sizeof buf) != NULL);
	}
	if (rc == 0) {
		/* What the table promises of a file that loaded. */
		FZ_CHECK(s.code_timeout >= 10 && s.code_timeout <= 300);
		FZ_CHECK(s.idle_timeout >= 15 && s.idle_timeout <= 3600);
		FZ_CHECK(s.nlangs >= 1);
		FZ_CHECK(s.npuk_lengths >= 1);
		FZ_CHECK(s.cards_file[0] && s.lang_dir[0] && s.theme_dir[0]);
	}
	return 0;
}
