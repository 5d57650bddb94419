/* secret_file.c - reading a file that holds a secret, refused when its
 * mode lets others read or change it: the file is checked on the open
 * descriptor (fstat), so it cannot be swapped between check and read. */
#include "build-config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cause.h"
#include "secret_file.h"

/* A secret file read when its mode keeps others out (secret_file.h). */
int secret_file_read(const char *path, mode_t forbid, const char *mend,
                     char *buf, size_t cap, bool *missing, char **cause)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	ssize_t n = -1;

	if (missing)
		*missing = fd < 0 && errno == ENOENT;
	if (fd < 0) {
		cause_set(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		cause_set(cause, "%s: not a regular file", path);
	else if (st.st_mode & forbid)
		cause_set(cause, "%s: others may read or change it (mode "
		          "%03o): %s", path, (unsigned)(st.st_mode & 0777),
		          mend);
	else if ((n = read(fd, buf, cap - 1)) < 0)
		cause_set(cause, "%s: %s", path, strerror(errno));
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}
