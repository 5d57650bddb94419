/* settings.h - site settings from eidkiosk.conf (libconfig). A table of
 * {name, type, min, max, default} in settings.c drives parsing, defaults
 * and --check-config. */
#ifndef EIDKIOSK_SETTINGS_H
#define EIDKIOSK_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include "pin_rules.h"
#include "staff_code.h"

#define SETTINGS_MAX_LANGS 8
#define SETTINGS_MAX_KEYS 4
#define SETTINGS_VOLUMES 4         /* speech volume levels */
#define SETTINGS_SOCKET_MAX 107    /* a unix socket path: sun_path less its NUL */

enum ascii_mode { ASCII_AUTO, ASCII_ALWAYS, ASCII_NEVER };

struct settings {
	char site_name[96];
	char site_help[256];       /* "Ask the staff at the counter" etc. */
	char reader[128];          /* reader name fragment, "" = first with a card */
	char pcscd_socket[256];    /* pcscd's socket, "" = libpcsclite's choice */
	char terminal[33];         /* --terminal: this kiosk's name, "" = none */
	char cards_file[256];      /* card profiles */
	char ca_file[256];         /* CA certificates for chain checks */
	char lang_dir[256];
	char theme_dir[256];
	char lang_default[4];      /* "fi" */
	char langs[SETTINGS_MAX_LANGS][4];  /* offered, in switch order */
	int nlangs;
	char theme[32];            /* "default", "high-contrast", "mono" */
	char contrast_theme[32];   /* the one a citizen can switch to */
	enum ascii_mode ascii;
	int code_timeout;          /* seconds per code entry, default 30; each
	                              key starts them again, up to: */
	int code_timeout_max;      /* seconds one entry may take in all;
	                              0 = four countdowns */
	int idle_question;         /* seconds "Are you still there?" waits */
	int idle_timeout;          /* seconds on other screens, default 60 */
	int max_entry_timeouts;    /* code timeouts in a row before back to start */
	int more_time_factor;      /* the visit's more-time mode: every time
	                              above this many times longer */
	struct pin_policy pin[2];  /* PIN1, PIN2: DVV rules by default */
	int puk_lengths[4];        /* accepted activation code lengths: 7, 8 */
	int npuk_lengths;
	int key_language[SETTINGS_MAX_KEYS];  /* curses key codes; 0 ends */
	int key_staff[SETTINGS_MAX_KEYS];
	int key_more_time[SETTINGS_MAX_KEYS];
	int key_speech[SETTINGS_MAX_KEYS];    /* speech on/off, repeat, stop */
	int key_volume[SETTINGS_MAX_KEYS];    /* next speech volume */
	int same_key_ms;           /* a code entry ignores the same key again
	                              within this time (auto-repeat, tremor);
	                              0 = off */
	bool keypad_nav_digits;    /* keypad keys with NumLock off are digits */
	bool speech_enabled;       /* citizens may turn speech on */
	char speech_output[12];    /* "speakers" or "headset" (only) */
	char speech_device[128];   /* ALSA device, or "dir:PATH" (WAV files) */
	char speech_headset[256];  /* the headset switch: "auto", a device, "" */
	int speech_rate;           /* words per minute */
	int speech_volume;         /* the level each visit starts at, 1-4 */
	char speech_program[256];  /* eidkiosk-speech; "" = the installed one */
	char staff_code_file[256]; /* the salted staff code hash; "" = none */
	int staff_max_wrong;       /* wrong staff codes before the key closes */
	int staff_lockout_s;       /* closed this long, doubling each time */
	bool staff_code_set;       /* the kiosk read staff.code_file into: */
	struct staff_hash staff_code;
	char staff_group[32];      /* group allowed to use --monitor */
	bool staff_reset_allowed;
	char monitor_socket[256];
	char audit_file[256];
	char audit_key_file[256];  /* the audit chain's current key and head */
	char audit_on_failure[12]; /* "continue" or "stop" (audit.h) */
	bool kiosk;                /* lock-down: ignore Ctrl-C/Z/\ */
};

/* Defaults (DVV rules, files under SYSCONFDIR). */
void settings_defaults(struct settings *s);

/* Load a file over the defaults. On error returns -1 with *cause
 * (malloc'd) "file:line: message"; all problems found are reported, one per
 * line. */
int settings_load(struct settings *s, const char *path, char **cause);

/* --terminal NAME: one of several kiosks on one machine. NAME (letters,
 * digits, - and _, at most 32) goes into the paths that must be this
 * kiosk's own, before their extension: monitor socket, audit file and key,
 * pcscd socket (/run/eidkiosk/monitor.sock -> monitor-NAME.sock). -1 with
 * *cause when NAME or a path that results is not usable. */
int settings_terminal(struct settings *s, const char *name, char **cause);

/* The keymap name of a curses key code ("F2", "/") for hints such as
 * "{key} = language"; buf needs 8 bytes. */
const char *settings_key_name(int key, char *buf, size_t bufsz);

/* Whether the site lets the kiosk speak only into a headset
 * (speech.output = "headset"). */
bool settings_headset_only(const struct settings *s);

#endif
