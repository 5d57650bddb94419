/* test_vt.c - the console lock (src/ui/vt.c): on anything but a Linux VT
 * (a pty, as under tmux or ssh, or a pipe) it changes nothing and unlocks
 * safely. On a real VT it locks switching and makes Scroll Lock inert,
 * and puts the keymap back; that part changes the machine's console for
 * a moment, so it runs only when EK_TEST_VT names the VT on screen (e.g.
 * EK_TEST_VT=/dev/tty1, as root on a machine with a console). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <fcntl.h>
#include <pty.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/input-event-codes.h>
#include <linux/kd.h>
#include <linux/keyboard.h>
#include <cmocka.h>
#include "vt.h"

/* A pty and a pipe are no VT: nothing is locked, unlocking is harmless. */
static void test_not_a_vt(void **state)
{
	int master, slave, p[2];

	(void)state;
	assert_int_equal(openpty(&master, &slave, NULL, NULL, NULL), 0);
	assert_int_equal(vt_lock(slave), 0);
	vt_unlock();
	vt_unlock();
	assert_int_equal(pipe(p), 0);
	assert_int_equal(vt_lock(p[0]), 0);
	vt_unlock();
	close(master);
	close(slave);
	close(p[0]);
	close(p[1]);
}

/* The Scroll Lock key's action in the plain keymap table. */
static unsigned short scroll_lock_key(int fd)
{
	struct kbentry e = { 0, KEY_SCROLLLOCK, 0 };

	assert_int_equal(ioctl(fd, KDGKBENT, &e), 0);
	return e.kb_value;
}

/* On the VT on screen: Hold off the key while locked, back afterwards. */
static void test_real_vt(void **state)
{
	const char *dev = getenv("EK_TEST_VT");
	unsigned short before;
	int fd;

	(void)state;
	if (!dev || !*dev)
		skip();
	fd = open(dev, O_RDWR | O_NOCTTY);
	assert_true(fd >= 0);
	before = scroll_lock_key(fd);
	assert_int_equal(vt_lock(fd), 1);
	assert_int_equal(scroll_lock_key(fd), before == K_HOLD ? K_HOLE : before);
	vt_unlock();
	assert_int_equal(scroll_lock_key(fd), before);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_a_vt), cmocka_unit_test(test_real_vt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
