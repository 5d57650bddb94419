/* conf_test_util.h - helpers shared by the config loader unit tests. */
#ifndef EIDKIOSK_CONF_TEST_UTIL_H
#define EIDKIOSK_CONF_TEST_UTIL_H

/* The test's temporary directory; each test fills it in its setup. */
extern char tmpdir[64];

/* cmocka group setup and teardown: make tmpdir (/tmp/<program>.XXXXXX),
 * and remove it with everything in it. */
int tmpdir_make(void **state);
int tmpdir_remove(void **state);

/* Write text to tmpdir/name; returns the path (static buffer). */
const char *write_tmp(const char *name, const char *text);

/* Whether cause has exactly this line. */
int has_line(const char *cause, const char *line);

/* Number of lines in cause. */
int count_lines(const char *cause);

#endif
