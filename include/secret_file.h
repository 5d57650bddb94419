/* secret_file.h - a small file holding a secret (the staff code's hash,
 * the audit key) read only when nobody it is not meant for could read or
 * change it: a regular file, not a link, none of the forbidden mode bits. */
#ifndef EIDKIOSK_SECRET_FILE_H
#define EIDKIOSK_SECRET_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Read path into buf (room for cap - 1 bytes and a NUL). forbid is the
 * mode bits it must not have (077: owner only; 027: group may read);
 * mend says how to set it right. Returns the length, or -1 with *cause;
 * *missing (when not NULL) tells that the file does not exist. */
int secret_file_read(const char *path, mode_t forbid, const char *mend,
                     char *buf, size_t cap, bool *missing, char **cause);

#endif
