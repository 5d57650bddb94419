/* settings_keys.c - key names in the keymap ("/", "F2") and the curses key
 * codes they stand for. Digits, Enter, Backspace (and the keypad's '.')
 * and Esc are the citizen's own keys and cannot be mapped. */
#include "build-config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curses.h>
#include "settings.h"
#include "settings_int.h"

static const char *const reserved[] = {
	"Esc", "Escape", "Enter", "Return", "Backspace", "Delete", "Del",
	"Space", "Tab", NULL
};

/* The curses code of a key name; 0 unknown, -1 reserved. */
int settings_key_code(const char *name)
{
	size_t n = strlen(name);

	if (n == 1) {
		unsigned char c = (unsigned char)name[0];
		/* digits, and the keypad's decimal key: it erases (NumLock off
		 * it is Delete) */
		if ((c >= '0' && c <= '9') || c == '.')
			return -1;
		return (c > ' ' && c < 0x7f) ? c : 0;
	}
	if ((name[0] == 'F' || name[0] == 'f') && n <= 3 &&
	    strspn(name + 1, "0123456789") == n - 1) {
		int f = atoi(name + 1);
		return (f >= 1 && f <= 12) ? KEY_F(f) : 0;
	}
	for (int i = 0; reserved[i]; i++)
		if (strcasecmp(name, reserved[i]) == 0)
			return -1;
	return 0;
}

/* The name of a key code as the keymap writes it. */
const char *settings_key_name(int key, char *buf, size_t bufsz)
{
	if (key > ' ' && key < 0x7f)
		snprintf(buf, bufsz, "%c", key);
	else if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, bufsz, "F%d", key - KEY_F0);
	else
		snprintf(buf, bufsz, "?");
	return buf;
}
