/* jack.c - the headset switch from the input layer. Sound cards with jack
 * detection (HDA codecs, most USB audio) report plugging as EV_SW
 * SW_HEADPHONE_INSERT on an input device; reading it needs no sound
 * server and works without sight: plugging in starts speech mode. */
#include "build-config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/input.h>
#include "jack.h"

#define BIT_SET(bits, n) ((bits)[(n) / 8] & (1u << ((n) % 8)))

/* Whether fd is an input device with a headphone switch; *in its state. */
static bool jack_has_switch(int fd, bool *in)
{
	unsigned char sw[SW_MAX / 8 + 1];

	memset(sw, 0, sizeof sw);
	if (ioctl(fd, EVIOCGBIT(EV_SW, sizeof sw), sw) < 0 ||
	    !BIT_SET(sw, SW_HEADPHONE_INSERT))
		return false;
	memset(sw, 0, sizeof sw);
	if (ioctl(fd, EVIOCGSW(sizeof sw), sw) >= 0)
		*in = BIT_SET(sw, SW_HEADPHONE_INSERT);
	return true;
}

/* The first /dev/input/event* with a headphone switch. */
static int jack_find(bool *in)
{
	DIR *d = opendir("/dev/input");
	struct dirent *e;
	char path[300];
	int fd = -1;

	if (!d)
		return -1;
	while (fd < 0 && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "event", 5) != 0)
			continue;
		snprintf(path, sizeof path, "/dev/input/%s", e->d_name);
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0 && !jack_has_switch(fd, in)) {
			close(fd);
			fd = -1;
		}
	}
	closedir(d);
	return fd;
}

int jack_open(const char *spec, bool *in)
{
	int fd;

	*in = false;
	if (!spec[0])
		return -1;
	if (strcmp(spec, "auto") == 0)
		return jack_find(in);
	/* A named device: its state when it can tell (an input device), else
	 * unplugged until it reports a change. */
	fd = open(spec, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0)
		jack_has_switch(fd, in);
	return fd;
}

int jack_read(int fd, bool *in)
{
	struct input_event ev[16];
	int changed = 0;
	ssize_t n;

	while ((n = read(fd, ev, sizeof ev)) > 0) {
		for (size_t i = 0; i < (size_t)n / sizeof ev[0]; i++) {
			if (ev[i].type != EV_SW || ev[i].code != SW_HEADPHONE_INSERT)
				continue;
			if (*in != (ev[i].value != 0))
				changed = 1;
			*in = ev[i].value != 0;
		}
	}
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		return -1;
	return changed;
}
