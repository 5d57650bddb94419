/* conf_file.c - read a configuration file once, refuse what libconfig
 * must not see, and parse it from memory (see conf_file.h). */
#include "build-config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <openssl/crypto.h>
#include "cause.h"
#include "conf_file.h"
#include "confcheck.h"

int conf_file_include_line(const char *text, size_t n)
{
	static const char inc[] = "@include";
	size_t i = 0;
	int line = 1;

	while (i < n) {
		while (i < n && (text[i] == ' ' || text[i] == '\t'))
			i++;
		if (n - i >= sizeof inc - 1 &&
		    strncasecmp(text + i, inc, sizeof inc - 1) == 0)
			return line;
		while (i < n && text[i] != '\n')
			i++;
		i++;
		line++;
	}
	return 0;
}

/* The 1-based line of the first NUL byte in text[0..n), or 0. */
static int nul_line(const char *text, size_t n)
{
	const char *z = memchr(text, '\0', n), *p;
	int line = 1;

	if (!z)
		return 0;
	for (p = text; (p = memchr(p, '\n', (size_t)(z - p))); p++)
		line++;
	return line;
}

/* Read the whole file into a NUL-terminated buffer; NULL with *cause. */
static char *slurp(const char *path, size_t *len, char **cause)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f) {
		cause_set(cause, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (!(buf = malloc(CONF_FILE_MAX + 1))) {
		cause_set(cause, "out of memory");
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, CONF_FILE_MAX + 1, f);
	if (ferror(f)) {
		cause_set(cause, "cannot read: %s",
		          errno ? strerror(errno) : "I/O error");
		n = 0, free(buf), buf = NULL;
	} else if (n > CONF_FILE_MAX) {
		cause_set(cause, "larger than %d KiB: not a configuration "
		          "file", CONF_FILE_MAX / 1024);
		free(buf), buf = NULL;
	} else {
		buf[n] = '\0';
		*len = n;
	}
	fclose(f);
	return buf;
}

/* Parse a file from memory once it is known fit (conf_file.h). */
int conf_file_parse(config_t *cfg, const char *path, int *line,
                    char **cause)
{
	size_t n = 0;
	char *text = slurp(path, &n, cause);
	int rc = -1;

	*line = 0;
	if (!text)
		return -1;
	if ((*line = conf_file_include_line(text, n)) > 0) {
		cause_set(cause, "@include is not supported: put the "
		          "settings in this file itself");
	} else if ((*line = nul_line(text, n)) > 0) {
		cause_set(cause, "a NUL byte: this is not a text file");
	} else if (config_read_string(cfg, text) != CONFIG_TRUE) {
		*line = config_error_line(cfg);
		cause_set(cause, "%s", config_error_text(cfg));
	} else {
		rc = 0;
	}
	/* The settings file holds the staff code's hash: leave no copy. */
	OPENSSL_cleanse(text, n);
	free(text);
	return rc;
}

/* A file parsed, or one problem "file:line: why" in p (conf_file.h). */
int conf_file_load(config_t *cfg, const char *path, struct conf_problems *p)
{
	char *why = NULL;
	int line;

	if (conf_file_parse(cfg, path, &line, &why) == 0)
		return 0;
	conf_problem_add(p, path, line, "%s", cause_text(why));
	free(why);
	return -1;
}
