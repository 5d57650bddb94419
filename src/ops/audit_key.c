/* audit_key.c - the audit trail's HMAC key: 32 random bytes kept as 64 hex
 * digits in a file only its owner may read (mode 0600), made on the kiosk's
 * first start. Whoever holds it can forge records, so a file others can
 * read or write is refused. */
#include "build-config.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/stat.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include "audit_int.h"
#include "hex.h"

/* Read the key from an open file; 0 or -1 with err. */
static int key_read(int fd, const char *path, unsigned char *key,
                    char *err, size_t errsz)
{
	char hex[2 * AUDIT_KEY_LEN + 8];
	struct stat st;
	ssize_t n;
	int rc = -1;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errsz, "%s: not a regular file", path);
		return -1;
	}
	if (st.st_mode & 077) {
		snprintf(err, errsz, "%s: others may read or change the audit key "
		         "(mode %03o); make it 600 and owned by the kiosk's user",
		         path, (unsigned)(st.st_mode & 0777));
		return -1;
	}
	n = read(fd, hex, sizeof hex - 1);
	while (n > 0 && isspace((unsigned char)hex[n - 1]))
		n--;
	if (n == 2 * AUDIT_KEY_LEN) {
		hex[n] = '\0';
		rc = hex_decode(hex, key, AUDIT_KEY_LEN) == AUDIT_KEY_LEN ? 0 : -1;
	}
	if (rc < 0)
		snprintf(err, errsz, "%s: not an audit key (64 hex digits "
		         "expected)", path);
	OPENSSL_cleanse(hex, sizeof hex);
	return rc;
}

/* Make the key file with fresh random bytes; 0, 1 when another process
 * made it first, -1 with err. */
static int key_make(const char *path, unsigned char *key, char *err,
                    size_t errsz)
{
	char hex[2 * AUDIT_KEY_LEN + 2], dir[512], *slash;
	int fd, rc = 0;

	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			snprintf(err, errsz, "%s: %s", dir, strerror(errno));
			return -1;
		}
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	          0600);
	if (fd < 0 && errno == EEXIST)
		return 1;
	if (fd < 0 || RAND_bytes(key, AUDIT_KEY_LEN) != 1) {
		snprintf(err, errsz, "%s: cannot make the audit key: %s", path,
		         fd < 0 ? strerror(errno) : "no random bytes");
		if (fd >= 0)
			close(fd), unlink(path);
		return -1;
	}
	for (int i = 0; i < AUDIT_KEY_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", key[i]);
	hex[2 * AUDIT_KEY_LEN] = '\n';
	if (write(fd, hex, 2 * AUDIT_KEY_LEN + 1) != 2 * AUDIT_KEY_LEN + 1 ||
	    fsync(fd) < 0) {
		snprintf(err, errsz, "%s: cannot write the audit key: %s", path,
		         strerror(errno));
		unlink(path);
		rc = -1;
	}
	OPENSSL_cleanse(hex, sizeof hex);
	close(fd);
	return rc;
}

/* Load the key, or make it when create and it does not exist. */
int audit_key_load(const char *path, unsigned char key[AUDIT_KEY_LEN],
                   bool create, char *err, size_t errsz)
{
	int fd, rc;

	if (!path || !*path) {
		snprintf(err, errsz, "no audit key file set (audit.key_file)");
		return -1;
	}
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		if ((rc = key_make(path, key, err, errsz)) <= 0) {
			if (rc == 0)
				syslog(LOG_AUTHPRIV | LOG_NOTICE,
				       "audit key made: %s", path);
			return rc < 0 ? -1 : 1;
		}
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd < 0) {
		snprintf(err, errsz, "%s: cannot read the audit key: %s", path,
		         strerror(errno));
		return -1;
	}
	rc = key_read(fd, path, key, err, errsz);
	close(fd);
	return rc;
}
