/* vcard_util.c - small helpers the virtual card's files share: atomic
 * file replacement (error messages: cause.h). */
#include "build-config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vcard_int.h"

/* Open a temporary file beside path. */
int vcard_atomic_open(const char *path, unsigned mode, char **tmp, FILE **fp)
{
	int fd, e;

	*fp = NULL;
	if (asprintf(tmp, "%s.tmpXXXXXX", path) < 0) {
		*tmp = NULL;
		errno = ENOMEM;
		return -1;
	}
	fd = mkstemp(*tmp);
	if (fd < 0)
		goto fail;
	if (fchmod(fd, (mode_t)mode) < 0 || !(*fp = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
		unlink(*tmp);
		errno = e;
		goto fail;
	}
	return 0;
fail:
	e = errno;
	free(*tmp);
	*tmp = NULL;
	errno = e;
	return -1;
}

/* Flush, fsync and rename the temporary over path. */
int vcard_atomic_commit(FILE *fp, char *tmp, const char *path)
{
	int bad = fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) < 0;
	int e = errno;

	if (fclose(fp) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (!bad && rename(tmp, path) < 0) {
		bad = 1;
		e = errno;
	}
	if (bad)
		unlink(tmp);
	free(tmp);
	errno = e;
	return bad ? -1 : 0;
}

/* Close and remove the temporary. */
void vcard_atomic_abort(FILE *fp, char *tmp)
{
	int e = errno;

	if (fp)
		fclose(fp);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	errno = e;
}
