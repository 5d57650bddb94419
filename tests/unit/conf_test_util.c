/* conf_test_util.c - temporary files and cause-text checks shared by the
 * settings, theme and language loader tests. */
#include "build-config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "conf_test_util.h"

char tmpdir[64];

int tmpdir_make(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/%s.XXXXXX",
	         program_invocation_short_name);
	return mkdtemp(tmpdir) ? 0 : -1;
}

int tmpdir_remove(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Write text to a file in the temporary directory; returns its path. */
const char *write_tmp(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Whether cause has exactly this line. */
int has_line(const char *cause, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = cause; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
			return 1;
	}
	return 0;
}

/* Number of lines in cause. */
int count_lines(const char *cause)
{
	int n = cause && *cause ? 1 : 0;

	for (const char *p = cause; p && *p; p++)
		n += *p == '\n';
	return n;
}
