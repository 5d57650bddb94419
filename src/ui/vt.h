/* vt.h - the Linux console's own keys while the kiosk is shown on a
 * virtual terminal (tty.c calls these). Private to src/ui/. */
#ifndef EIDKIOSK_VT_H
#define EIDKIOSK_VT_H

/* When fd is the VT on screen: lock VT switching and take Hold off the
 * Scroll Lock key. 1 done, 0 not a VT on screen (nothing changed), -1 a
 * VT but not allowed (no CAP_SYS_TTY_CONFIG; said in syslog). */
int vt_lock(int fd);

/* Undo vt_lock. Safe to call twice, and from a signal handler. */
void vt_unlock(void);

#endif
