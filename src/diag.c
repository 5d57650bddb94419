/* diag.c - facts for the staff service screen that come from outside the
 * model: library versions, a configuration check run again now (files may
 * have been edited since start-up). */
#include "build-config.h"
#include <stdio.h>
#include <curses.h>
#include <libconfig.h>
#include <openssl/crypto.h>
#include <PCSC/pcsclite.h>
#include "confcheck.h"
#include "diag.h"

void diag_versions(char *buf, size_t n, const char *sep)
{
	snprintf(buf, n, "eidkiosk %s%s%s%spcsc-lite %s%s%s%s"
	         "libconfig %d.%d.%d", PACKAGE_VERSION, sep, curses_version(), sep,
	         PCSCLITE_VERSION_NUMBER, sep, OpenSSL_version(OPENSSL_VERSION),
	         sep, LIBCONFIG_VER_MAJOR, LIBCONFIG_VER_MINOR,
	         LIBCONFIG_VER_REVISION);
}

int diag_config_problems(const struct settings *s, const char *path)
{
	FILE *null = fopen("/dev/null", "w");
	int n;

	if (!null)
		return -1;
	n = confcheck_all(s, path, null);
	fclose(null);
	return n;
}
