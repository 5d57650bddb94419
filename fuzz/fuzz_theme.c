/* fuzz_theme.c - the theme loader on arbitrary file content: theme_load over
 * the built-in theme; every role must then hold a colour curses can take
 * and attributes theme_attr maps. */
#include "build-config.h"
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const unsigned all = THEME_BOLD | THEME_REVERSE | THEME_UNDERLINE |
	                     THEME_DIM | THEME_BLINK;
	struct theme t;
	char *cause = NULL;
	const char *path;
	short pair;
	int rc;

	path = fz_write_file("fuzz.theme", d, n);
	theme_builtin(&t);
	rc = theme_load(&t, path, &cause);
	FZ_CHECK(rc == 0 ? cause == NULL : cause != NULL && *cause);
	free(cause);
	FZ_CHECK(memchr(t.name, 0, sizeof t.name) && memchr(t.title, 0, sizeof t.title));
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct theme_style *s = &t.role[r];
		FZ_CHECK(theme_role_name((enum theme_role)r) != NULL);
		if (rc < 0)
			continue;
		FZ_CHECK(s->fg >= -1 && s->fg <= 15 && s->bg >= -1 && s->bg <= 15);
		FZ_CHECK((s->attrs & ~all) == 0 && (s->mono & ~all) == 0);
		(void)theme_attr(&t, (enum theme_role)r, true, &pair);
		/* the terminal's own colours need no pair */
		FZ_CHECK(pair == (s->fg >= 0 || s->bg >= 0 ? r + 1 : 0));
		(void)theme_attr(&t, (enum theme_role)r, false, &pair);
		FZ_CHECK(pair == 0);
	}
	return 0;
}
