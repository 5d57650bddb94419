/* conf_file.h - how every loader hands a file to libconfig: read once,
 * checked for what libconfig must not see, then parsed from memory. */
#ifndef EIDKIOSK_CONF_FILE_H
#define EIDKIOSK_CONF_FILE_H

#include <stddef.h>
#include <libconfig.h>

/* Largest configuration file accepted; ours are a few kilobytes. */
#define CONF_FILE_MAX (1024 * 1024)

/* Parse path into cfg. Refused before libconfig sees them: "@include"
 * (an included file escapes --check-config, and a directory there makes
 * libconfig 1.5's scanner exit() the whole process), NUL bytes (libconfig
 * would silently stop reading there) and files over CONF_FILE_MAX.
 * Returns 0, or -1 with *line (0 = the file as a whole) and *cause (what
 * is wrong there, without the file's name) set. */
int conf_file_parse(config_t *cfg, const char *path, int *line,
                    char **cause);

/* conf_file_parse for the settings, language and theme loaders: a file
 * that cannot be parsed becomes one "file:line: why" problem in p.
 * Returns 0, or -1 when the problem was added. */
struct conf_problems;
int conf_file_load(config_t *cfg, const char *path, struct conf_problems *p);

/* The refusal rule alone, for the fuzz targets and tests: the 1-based
 * line of text[0..n) that libconfig would take as an include (a line
 * starting, after blanks, with "@include" in any case), or 0. */
int conf_file_include_line(const char *text, size_t n);

#endif
