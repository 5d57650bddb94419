/* settings.c - site settings from eidkiosk.conf. One const table names every
 * setting with its type, limits, default and place in struct settings; the
 * same table fills the defaults, reads the file and explains mistakes. */
#include "build-config.h"
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libconfig.h>
#include "conf_file.h"
#include "confcheck.h"
#include "settings.h"
#include "settings_int.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/usr/local/etc/eidkiosk"
#endif

#define F(field) offsetof(struct settings, field), \
	sizeof(((struct settings *)0)->field)
#define FN(field, count) F(field), offsetof(struct settings, count)

/* Every setting. Ints: min..max; strings: min = 1 when it may not be empty.
 * Defaults are text, read by the same code that reads lists. */
static const struct setting_def defs[] = {
	{ "site.name", SET_STR, 0, 0, "", F(site_name), 0 },
	{ "site.help", SET_STR, 0, 0, "", F(site_help), 0 },
	{ "kiosk", SET_BOOL, 0, 1, "true", F(kiosk), 0 },
	{ "reader", SET_STR, 0, 0, "", F(reader), 0 },
	{ "pcscd_socket", SET_PATH, 0, 0, "", F(pcscd_socket), 0 },
	{ "files.cards", SET_PATH, 1, 0, SYSCONFDIR "/cards.conf", F(cards_file), 0 },
	{ "files.ca", SET_PATH, 1, 0, SYSCONFDIR "/ca.pem", F(ca_file), 0 },
	{ "files.lang_dir", SET_PATH, 1, 0, SYSCONFDIR "/lang", F(lang_dir), 0 },
	{ "files.theme_dir", SET_PATH, 1, 0, SYSCONFDIR "/themes", F(theme_dir), 0 },
	{ "language.default", SET_LANG, 0, 0, "fi", F(lang_default), 0 },
	{ "language.offered", SET_LANGS, 1, SETTINGS_MAX_LANGS, "fi sv en",
	  FN(langs, nlangs) },
	{ "display.theme", SET_NAME, 1, 0, "default", F(theme), 0 },
	{ "display.contrast_theme", SET_NAME, 1, 0, "high-contrast",
	  F(contrast_theme), 0 },
	{ "display.ascii", SET_ASCII, 0, 0, "auto", F(ascii), 0 },
	{ "timeouts.code_entry", SET_INT, 10, 300, "30", F(code_timeout), 0 },
	{ "timeouts.code_entry_max", SET_INT, 0, 3600, "0",
	  F(code_timeout_max), 0 },
	{ "timeouts.idle", SET_INT, 15, 3600, "60", F(idle_timeout), 0 },
	{ "timeouts.idle_question", SET_INT, 5, 300, "20", F(idle_question), 0 },
	{ "timeouts.max_code_timeouts", SET_INT, 1, 20, "3",
	  F(max_entry_timeouts), 0 },
	{ "timeouts.more_time_factor", SET_INT, 2, 10, "3",
	  F(more_time_factor), 0 },
	{ "pin1.min", SET_INT, 4, 12, "4", F(pin[0].min_len), 0 },
	{ "pin1.max", SET_INT, 4, 12, "8", F(pin[0].max_len), 0 },
	{ "pin1.forbid_same_digit", SET_BOOL, 0, 1, "true",
	  F(pin[0].forbid_same_digit), 0 },
	{ "pin1.forbid_run", SET_BOOL, 0, 1, "true", F(pin[0].forbid_run), 0 },
	{ "pin1.forbid_date", SET_BOOL, 0, 1, "true", F(pin[0].forbid_date), 0 },
	{ "pin2.min", SET_INT, 6, 12, "6", F(pin[1].min_len), 0 },
	{ "pin2.max", SET_INT, 6, 12, "8", F(pin[1].max_len), 0 },
	{ "pin2.forbid_same_digit", SET_BOOL, 0, 1, "true",
	  F(pin[1].forbid_same_digit), 0 },
	{ "pin2.forbid_run", SET_BOOL, 0, 1, "true", F(pin[1].forbid_run), 0 },
	{ "pin2.forbid_date", SET_BOOL, 0, 1, "true", F(pin[1].forbid_date), 0 },
	{ "activation_code.lengths", SET_INTS, 4, 12, "7 8",
	  FN(puk_lengths, npuk_lengths) },
	{ "keymap.language", SET_KEYS, 0, SETTINGS_MAX_KEYS - 1, "/ F2",
	  F(key_language), 0 },
	{ "keymap.more_time", SET_KEYS, 0, SETTINGS_MAX_KEYS - 1, "+",
	  F(key_more_time), 0 },
	{ "keymap.speech", SET_KEYS, 0, SETTINGS_MAX_KEYS - 1, "*",
	  F(key_speech), 0 },
	{ "keymap.volume", SET_KEYS, 0, SETTINGS_MAX_KEYS - 1, "-",
	  F(key_volume), 0 },
	{ "keys.same_key_ms", SET_INT, 0, 1000, "0", F(same_key_ms), 0 },
	{ "keys.numlock_off_digits", SET_BOOL, 0, 1, "true",
	  F(keypad_nav_digits), 0 },
	{ "speech.enabled", SET_BOOL, 0, 1, "true", F(speech_enabled), 0 },
	{ "speech.output", SET_NAME, 1, 0, "speakers", F(speech_output), 0 },
	{ "speech.device", SET_STR, 1, 0, "default", F(speech_device), 0 },
	{ "speech.headset", SET_STR, 0, 0, "auto", F(speech_headset), 0 },
	{ "speech.rate", SET_INT, 80, 450, "150", F(speech_rate), 0 },
	{ "speech.volume", SET_INT, 1, SETTINGS_VOLUMES, "2", F(speech_volume), 0 },
	{ "speech.program", SET_PATH, 0, 0, "", F(speech_program), 0 },
	{ "keymap.staff", SET_KEYS, 0, SETTINGS_MAX_KEYS - 1, "F12",
	  F(key_staff), 0 },
	{ "staff.code_file", SET_PATH, 0, 0, "", F(staff_code_file), 0 },
	{ "staff.max_wrong_codes", SET_INT, 1, 10, "3", F(staff_max_wrong), 0 },
	{ "staff.lockout_seconds", SET_INT, 10, 86400, "300",
	  F(staff_lockout_s), 0 },
	{ "staff.group", SET_NAME, 1, 0, "eidkiosk-staff", F(staff_group), 0 },
	{ "staff.reset_allowed", SET_BOOL, 0, 1, "false",
	  F(staff_reset_allowed), 0 },
	{ "staff.monitor_socket", SET_PATH, 1, 0, "/run/eidkiosk/monitor.sock",
	  F(monitor_socket), 0 },
	{ "audit.file", SET_PATH, 0, 0, "/var/log/eidkiosk/audit.log",
	  F(audit_file), 0 },
	{ "audit.key_file", SET_PATH, 1, 0, "/var/lib/eidkiosk/audit.key",
	  F(audit_key_file), 0 },
	{ "audit.on_failure", SET_NAME, 1, 0, "continue", F(audit_on_failure),
	  0 },
};

#define NDEFS (sizeof defs / sizeof defs[0])
_Static_assert(NDEFS <= SETTINGS_NDEFS_MAX, "grow SETTINGS_NDEFS_MAX");

/* The table, for the value readers and the checks. */
const struct setting_def *settings_table(size_t *n)
{
	*n = NDEFS;
	return defs;
}

/* The definition named name, or NULL. */
const struct setting_def *settings_find(const char *name)
{
	for (size_t i = 0; i < NDEFS; i++)
		if (strcmp(defs[i].name, name) == 0)
			return &defs[i];
	return NULL;
}

/* Fill every setting with its default. */
void settings_defaults(struct settings *s)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < NDEFS; i++)
		setting_default(s, &defs[i]);
}

/* Whether name is a group that holds settings ("timeouts"). */
static int settings_is_group(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < NDEFS; i++)
		if (strncmp(defs[i].name, name, n) == 0 && defs[i].name[n] == '.')
			return 1;
	return 0;
}

/* Compare a name with a candidate and keep the nearest. */
static void settings_nearer(const char *name, const char *cand,
                            const char **best, int *bestd)
{
	int d = conf_near_miss(name, cand);

	if (d >= 0 && d < *bestd && strcmp(name, cand) != 0) {
		*bestd = d;
		*best = cand;
	}
}

/* The known setting or group name nearest to an unknown one, or NULL:
 * whole names, group names, and last parts within the same group. */
static const char *settings_suggest(const char *name, char *buf, size_t bufsz)
{
	const char *best = NULL, *dot = strrchr(name, '.');
	int bestd = 99, d;
	char grp[64];

	for (size_t i = 0; i < NDEFS; i++) {
		const char *full = defs[i].name, *fdot = strchr(full, '.');
		settings_nearer(name, full, &best, &bestd);
		if (fdot && (size_t)(fdot - full) < sizeof grp) {
			snprintf(grp, sizeof grp, "%.*s", (int)(fdot - full), full);
			d = conf_near_miss(name, grp);
			if (d >= 0 && d < bestd && strcmp(name, grp) != 0) {
				bestd = d;
				snprintf(buf, bufsz, "%s", grp);
				best = buf;
			}
		}
		if (dot && fdot && (size_t)(fdot - full) == (size_t)(dot - name) &&
		    strncmp(full, name, (size_t)(dot - name)) == 0 &&
		    (d = conf_near_miss(dot + 1, fdot + 1)) >= 0 && d < bestd) {
			bestd = d;
			best = full;
		}
	}
	return best;
}

/* Settings that are gone, and what replaces them. */
static const struct { const char *name, *instead; } settings_retired[] = {
	{ "staff.code_sha256", "a plain SHA-256 of the staff code is too easy "
	  "to reverse: make a salted, slow hash with eidkiosk --hash-staff-code "
	  "into a file only root and the kiosk's group read, and name it in "
	  "staff.code_file" },
};

/* Report an unknown setting, with a hint when it looks like a typo or
 * what replaces it when it is gone. */
static void settings_unknown(struct sload *sl, const config_setting_t *m,
                             const char *full)
{
	char buf[64];
	const char *near = settings_suggest(full, buf, sizeof buf);

	for (size_t i = 0; i < sizeof settings_retired /
	                       sizeof settings_retired[0]; i++)
		if (strcmp(full, settings_retired[i].name) == 0) {
			conf_problem_add(&sl->p, sl->path, setting_line(m), "%s is "
			                 "no longer accepted: %s", full,
			                 settings_retired[i].instead);
			return;
		}
	if (near)
		conf_problem_add(&sl->p, sl->path, setting_line(m),
		                 "unknown setting '%s' (did you mean '%s'?)", full, near);
	else
		conf_problem_add(&sl->p, sl->path, setting_line(m),
		                 "unknown setting '%s'", full);
}

/* Read every member of a group, descending into known groups. */
static void settings_walk(struct sload *sl, const config_setting_t *grp,
                          const char *prefix)
{
	int n = config_setting_length(grp);

	for (int i = 0; i < n; i++) {
		config_setting_t *m = config_setting_get_elem(grp, (unsigned)i);
		const struct setting_def *d;
		char full[96];

		snprintf(full, sizeof full, "%s%s%s", prefix, *prefix ? "." : "",
		         config_setting_name(m));
		if ((d = settings_find(full)) != NULL) {
			sl->seen[d - defs] = setting_line(m);
			setting_read(sl, d, m);
		} else if (settings_is_group(full)) {
			if (config_setting_is_group(m))
				settings_walk(sl, m, full);
			else
				conf_problem_add(&sl->p, sl->path, setting_line(m),
				    "%s must be a group: %s = { ... };", full, full);
		} else {
			settings_unknown(sl, m, full);
		}
	}
}

/* Remember the directory of the file: relative paths are read from it. */
static void settings_set_dir(struct sload *sl, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(sl->dir, sizeof sl->dir, ".");
	else if (slash == path)
		snprintf(sl->dir, sizeof sl->dir, "/");
	else
		snprintf(sl->dir, sizeof sl->dir, "%.*s", (int)(slash - path), path);
}

/* A setting that is one of two words. */
static void settings_check_word(struct sload *sl, const char *name,
                                const char *v, const char *w1, const char *w2)
{
	const struct setting_def *d = settings_find(name);

	if (strcmp(v, w1) != 0 && strcmp(v, w2) != 0)
		conf_problem_add(&sl->p, sl->path, sl->seen[d - defs],
		                 "%s = \"%s\": use \"%s\" or \"%s\"", name, v,
		                 w1, w2);
}

/* Load a settings file over *s; every problem goes into *cause. */
int settings_load(struct settings *s, const char *path, char **cause)
{
	struct sload sl;
	config_t cfg;

	memset(&sl, 0, sizeof sl);
	sl.s = s;
	sl.path = path;
	settings_set_dir(&sl, path);
	config_init(&cfg);
	if (conf_file_load(&cfg, path, &sl.p) == 0) {
		settings_walk(&sl, config_root_setting(&cfg), "");
		settings_cross_check(&sl);
		settings_check_word(&sl, "audit.on_failure",
		                    s->audit_on_failure, "continue", "stop");
		settings_check_word(&sl, "speech.output", s->speech_output,
		                    "speakers", "headset");
	}
	config_destroy(&cfg);
	return conf_problems_finish(&sl.p, cause);
}

/* Whether speech goes only into a headset. */
bool settings_headset_only(const struct settings *s)
{
	return strcmp(s->speech_output, "headset") == 0;
}
