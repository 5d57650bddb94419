/* vt.c - the Linux console's own keys while the kiosk is shown on a
 * virtual terminal. The kernel acts on some keys before any termios
 * setting can: Alt-Fn and Ctrl-Alt-Fn switch to another VT, and Scroll
 * Lock ("Hold") stops the VT's output, so that the kiosk's next write
 * would block its one loop. When the kiosk's terminal is the VT on
 * screen, vt_lock locks VT switching (VT_LOCKSWITCH: by keys and by
 * chvt alike) and makes the Scroll Lock key do nothing in every keymap
 * table where it is Hold; vt_unlock puts both back. Both need
 * CAP_SYS_TTY_CONFIG, which the systemd unit grants; without it, or on
 * anything but a VT (a pty, ssh, tmux), nothing changes.
 *
 * Ctrl-S/Ctrl-Q are termios flow control, off in kiosk mode (raw() clears
 * IXON, and clearing it also restarts a VT held before the kiosk
 * started). Ctrl-Alt-Del and SysRq are the system's: see conf/console/.
 *
 * The lock and the keymap are the kernel's, for every VT, and outlive the
 * process: vt_unlock only uses ioctl and state written before, so tty.c's
 * crash handler calls it too. A SIGKILL leaves both in place until the
 * kiosk starts and stops again. */
#include "build-config.h"
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <syslog.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/input-event-codes.h>
#include <linux/kd.h>
#include <linux/keyboard.h>
#include <linux/major.h>
#include <linux/vt.h>
#include "vt.h"

static int vt_fd = -1;                  /* the VT vt_lock changed */
static bool vt_switch_locked;
static unsigned char vt_held[MAX_NR_KEYMAPS / 8];  /* tables changed */

/* Whether fd is a Linux VT (-1 not one); *shown: the one on screen. */
static int vt_shown(int fd, bool *shown)
{
	struct vt_stat vs;
	struct stat st;

	*shown = false;
	if (ioctl(fd, VT_GETSTATE, &vs) < 0 || fstat(fd, &st) < 0 ||
	    major(st.st_rdev) != TTY_MAJOR)
		return -1;
	*shown = minor(st.st_rdev) == 0 || minor(st.st_rdev) == vs.v_active;
	return 0;
}

/* Make the Scroll Lock key inert where it is Hold; the tables changed
 * are remembered for vt_hold_back. 0, or -1 with errno. */
static int vt_hold_off(int fd)
{
	int rc = 0;

	for (int t = 0; t < MAX_NR_KEYMAPS; t++) {
		struct kbentry e = { (unsigned char)t, KEY_SCROLLLOCK, 0 };

		if (ioctl(fd, KDGKBENT, &e) < 0 || e.kb_value != K_HOLD)
			continue;
		e.kb_value = K_HOLE;
		if (ioctl(fd, KDSKBENT, &e) < 0)
			rc = -1;
		else
			vt_held[t / 8] |= (unsigned char)(1u << (t % 8));
	}
	return rc;
}

/* Give Hold back to the tables vt_hold_off changed, unless someone has
 * bound the key to something else since. Async-signal-safe. */
static void vt_hold_back(void)
{
	for (int t = 0; t < MAX_NR_KEYMAPS; t++) {
		struct kbentry e = { (unsigned char)t, KEY_SCROLLLOCK, 0 };

		if (!(vt_held[t / 8] & (1u << (t % 8))))
			continue;
		vt_held[t / 8] &= (unsigned char)~(1u << (t % 8));
		if (ioctl(vt_fd, KDGKBENT, &e) == 0 && e.kb_value == K_HOLE) {
			e.kb_value = K_HOLD;
			(void)ioctl(vt_fd, KDSKBENT, &e);
		}
	}
}

/* Lock the VT on screen: switching and Scroll Lock (vt.h). */
int vt_lock(int fd)
{
	bool shown;
	int err = 0;

	if (vt_fd >= 0 || vt_shown(fd, &shown) < 0)
		return 0;
	if (!shown) {
		syslog(LOG_WARNING, "console: the kiosk's VT is not the one on "
		       "screen: VT switching is not locked");
		return 0;
	}
	vt_fd = fd;
	if (ioctl(fd, VT_LOCKSWITCH) == 0)
		vt_switch_locked = true;
	else
		err = errno;
	if (vt_hold_off(fd) < 0 && !err)
		err = errno;
	if (err) {
		syslog(LOG_WARNING, "console: cannot lock VT switching or Scroll "
		       "Lock: %s (the kiosk needs CAP_SYS_TTY_CONFIG)",
		       strerror(err));
		return -1;
	}
	syslog(LOG_INFO, "console: VT switching locked, Scroll Lock inert");
	return 1;
}

/* Undo vt_lock; async-signal-safe. */
void vt_unlock(void)
{
	if (vt_fd < 0)
		return;
	if (vt_switch_locked)
		(void)ioctl(vt_fd, VT_UNLOCKSWITCH);
	vt_switch_locked = false;
	vt_hold_back();
	vt_fd = -1;
}
