/* main.c - eidkiosk: options, settings and the configuration check (all
 * before the screen starts, so problems are printed as "file:line:
 * message" on a normal terminal), then the card service, the terminal and
 * the loop. Exit 0 ok, 1 runtime failure, 2 usage or configuration error. */
#include "build-config.h"
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/stat.h>
#include "audit.h"
#include "cardinfo_cmd.h"
#include "cause.h"
#include "confcheck.h"
#include "demo.h"
#include "diag.h"
#include "fsm.h"
#include "lang.h"
#include "loop.h"
#include "monitor.h"
#include "secret.h"
#include "settings.h"
#include "staff_code.h"
#include "speech.h"
#include "theme.h"
#include "tty.h"
#include "ui.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/usr/local/etc/eidkiosk"
#endif
#define DEFAULT_CONFIG SYSCONFDIR "/eidkiosk.conf"

enum mode { M_KIOSK, M_CHECK, M_CARD_INFO, M_MONITOR, M_VERSION, M_HELP,
            M_HASH_STAFF,
            M_DUMP_FSM, M_VERIFY_AUDIT, M_AUDIT_INIT };

struct opts {
	enum mode mode;
	int nmodes;
	const char *config;      /* --config, NULL: the default file */
	const char *lang;
	const char *reader;
	const char *terminal;    /* --terminal NAME */
	bool demo, json, reset;
	char **files;            /* --verify-audit FILE... */
	const char *key;         /* --key: the audit trail's initial key */
	int nfiles;
	const char *iterations;  /* --hash-staff-code --iterations N */
};

/* The help text. */
static void main_usage(FILE *out)
{
	fprintf(out,
	    "Usage: eidkiosk [OPTION]...\n"
	    "Activate and look after the chip of a Finnish ID card, as a "
	    "full-screen kiosk.\n\n"
	    "  -c, --config FILE   site settings (default %s)\n"
	    "      --lang CODE     start in this language (fi, sv, en)\n"
	    "      --reader TEXT   use the card reader whose name contains TEXT\n"
	    "      --terminal NAME this kiosk's name when several run on one "
	    "machine: its\n"
	    "                      own monitor socket, audit trail and pcscd "
	    "socket;\n"
	    "                      with --monitor, the kiosk to watch\n"
	    "      --demo          built-in virtual card, no reader needed; not "
	    "locked down:\n"
	    "                      F5 inserts/removes the card, F6 picks its "
	    "state, Ctrl-C quits\n"
	    "      --monitor       staff monitor: the kiosk's state, live\n"
	    "      --reset         with --monitor: send a stuck kiosk back to "
	    "the start\n"
	    "      --check-config  check every configuration file and exit\n"
	    "      --card-info     print the inserted card's state and exit\n"
	    "      --json          with --card-info: as JSON\n"
	    "      --dump-fsm      print the state machine as Graphviz\n"
	    "      --hash-staff-code [--iterations N]\n"
	    "                      read a staff code (no echo) and print its "
	    "salted hash\n"
	    "                      for the file staff.code_file names\n"
	    "      --verify-audit [--key FILE] FILE...\n"
	    "                      check audit files, oldest first, with the "
	    "trail's\n"
	    "                      initial key (default audit.key_file.initial);"
	    " 1 if tampered\n"
	    "      --audit-init [--key FILE]\n"
	    "                      start an audit trail: make audit.key_file, "
	    "the initial\n"
	    "                      key to FILE or stdout\n"
	    "  -V, --version       versions of eidkiosk and its libraries\n"
	    "  -h, --help          this help\n\n"
	    "Exit status: 0 ok, 1 runtime failure, 2 usage or configuration "
	    "error.\n", DEFAULT_CONFIG);
}

/* Versions of the program and the libraries it was built with or runs. */
static void main_version(void)
{
	char v[512];

	diag_versions(v, sizeof v, "\n");
	puts(v);
}

/* Note a mode option. */
static void main_mode(struct opts *o, enum mode m)
{
	o->mode = m;
	o->nmodes++;
}

/* Parse the command line; -1 on a usage error (already explained). */
static int main_parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "lang", required_argument, NULL, 'l' },
		{ "reader", required_argument, NULL, 'r' },
		{ "terminal", required_argument, NULL, 'T' },
		{ "demo", no_argument, NULL, 'd' },
		{ "monitor", no_argument, NULL, 'm' },
		{ "reset", no_argument, NULL, 'R' },
		{ "check-config", no_argument, NULL, 'k' },
		{ "card-info", no_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },
		{ "dump-fsm", no_argument, NULL, 'D' },
		{ "hash-staff-code", no_argument, NULL, 'H' },
		{ "iterations", required_argument, NULL, 'I' },
		{ "verify-audit", no_argument, NULL, 'A' },
		{ "audit-init", no_argument, NULL, 'a' },
		{ "key", required_argument, NULL, 'K' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof *o);
	while ((c = getopt_long(argc, argv, "c:Vh", lo, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'l': o->lang = optarg; break;
		case 'r': o->reader = optarg; break;
		case 'T': o->terminal = optarg; break;
		case 'd': o->demo = true; break;
		case 'j': o->json = true; break;
		case 'R': o->reset = true; break;
		case 'm': main_mode(o, M_MONITOR); break;
		case 'k': main_mode(o, M_CHECK); break;
		case 'i': main_mode(o, M_CARD_INFO); break;
		case 'D': main_mode(o, M_DUMP_FSM); break;
		case 'H': main_mode(o, M_HASH_STAFF); break;
		case 'I': o->iterations = optarg; break;
		case 'A': main_mode(o, M_VERIFY_AUDIT); break;
		case 'a': main_mode(o, M_AUDIT_INIT); break;
		case 'K': o->key = optarg; break;
		case 'V': main_mode(o, M_VERSION); break;
		case 'h': main_mode(o, M_HELP); break;
		default: goto usage;
		}
	}
	o->files = argv + optind;
	o->nfiles = argc - optind;
	if (o->mode == M_VERIFY_AUDIT && o->nfiles == 0) {
		fprintf(stderr, "eidkiosk: --verify-audit needs the audit files\n");
		goto usage;
	}
	if (optind < argc && o->mode != M_VERIFY_AUDIT) {
		fprintf(stderr, "eidkiosk: unexpected argument '%s'\n", argv[optind]);
		goto usage;
	}
	if (o->nmodes > 1) {
		fprintf(stderr, "eidkiosk: choose only one of --monitor, "
		        "--check-config, --card-info, --dump-fsm, --verify-audit, "
		        "--audit-init, "
		        "--version, --help\n");
		goto usage;
	}
	if (o->iterations && o->mode != M_HASH_STAFF) {
		fprintf(stderr, "eidkiosk: --iterations goes with "
		        "--hash-staff-code\n");
		goto usage;
	}
	if (o->key && o->mode != M_VERIFY_AUDIT && o->mode != M_AUDIT_INIT) {
		fprintf(stderr, "eidkiosk: --key goes with --verify-audit or "
		        "--audit-init\n");
		goto usage;
	}
	if (o->json && o->mode != M_CARD_INFO) {
		fprintf(stderr, "eidkiosk: --json goes with --card-info\n");
		goto usage;
	}
	if (o->reset && o->mode != M_MONITOR) {
		fprintf(stderr, "eidkiosk: --reset goes with --monitor\n");
		goto usage;
	}
	return 0;
usage:
	fprintf(stderr, "Try 'eidkiosk --help'.\n");
	return -1;
}

/* Settings from --config, the default file, or built-in defaults when the
 * default file does not exist. *path is the file read (NULL: none).
 * Returns 0, or -1 with the problems in *cause. */
static int main_settings(const struct opts *o, struct settings *s,
                         const char **path, char **cause)
{
	settings_defaults(s);
	*path = o->config;
	if (!*path) {
		if (access(DEFAULT_CONFIG, F_OK) != 0 && errno == ENOENT)
			return 0;
		*path = DEFAULT_CONFIG;
	}
	return settings_load(s, *path, cause);
}

/* --lang and --reader over the settings; -1 on a usage error. */
static int main_overrides(const struct opts *o, struct settings *s,
                          const char *path, int *lang)
{
	const char *want = o->lang ? o->lang : s->lang_default;

	if (o->reader)
		snprintf(s->reader, sizeof s->reader, "%s", o->reader);
	/* libpcsclite reads it at its first call: before the card thread */
	if (s->pcscd_socket[0])
		setenv("PCSCLITE_CSOCK_NAME", s->pcscd_socket, 1);
	if (o->demo)
		s->kiosk = false;   /* a demo is not a kiosk: Ctrl-C quits */
	*lang = -1;
	for (int i = 0; i < s->nlangs; i++)
		if (strcmp(s->langs[i], want) == 0)
			*lang = i;
	if (*lang < 0 && o->lang) {
		fprintf(stderr, "eidkiosk: --lang %s: not one of the languages "
		        "offered (language.offered in %s)\n", o->lang,
		        path ? path : "the built-in settings");
		return -1;
	}
	if (*lang < 0)
		*lang = 0;
	return 0;
}

/* --check-config: every problem, or "configuration OK". */
static int main_check(const struct settings *s, const char *path)
{
	int n = confcheck_all(s, path, stdout);

	if (n > 0) {
		fprintf(stdout, "%d problem%s found\n", n, n == 1 ? "" : "s");
		return 2;
	}
	printf("configuration OK\n");
	return 0;
}

/* A failure said on stderr: cause (none when there is no message), freed;
 * returns status. */
static int main_fail(char *cause, const char *none, int status)
{
	fprintf(stderr, "%s\n", cause ? cause : none);
	free(cause);
	return status;
}

/* Load every offered language and the themes (the site's, and the one a
 * citizen can switch to); 2 on a problem. */
static int main_load_text(const struct settings *s, struct lang *langs,
                          struct theme theme[2])
{
	char *cause = NULL;

	for (int i = 0; i < s->nlangs; i++) {
		if (lang_load_code(&langs[i], s->lang_dir, s->langs[i], &cause) < 0)
			goto fail;
	}
	if (theme_load_name(&theme[0], s->theme_dir, s->theme, &cause) < 0 ||
	    theme_load_name(&theme[1], s->theme_dir, s->contrast_theme,
	                    &cause) < 0)
		goto fail;
	return 0;
fail:
	return main_fail(cause, "eidkiosk: cannot load texts", 2);
}

/* What the card service needs of the settings. */
static struct card_config main_card_config(const struct settings *s)
{
	return (struct card_config){ .reader_match = s->reader,
	                             .cards_conf = s->cards_file,
	                             .ca_file = s->ca_file };
}

/* The card service: demo or PC/SC. */
static struct card_service *main_card(const struct opts *o,
                                      const struct settings *s)
{
	struct card_config cc = main_card_config(s);
	struct card_service *cs;
	char *cause = NULL;

	cs = o->demo ? card_start_demo(&cc, &cause)
	             : card_start_pcsc(&cc, &cause);
	if (!cs)
		main_fail(cause, "eidkiosk: no card service", 1);
	return cs;
}

/* The staff monitor's socket, before the screen starts; the kiosk serves
 * citizens without it if it cannot be opened (said on stderr and syslog). */
static struct monitor *main_monitor(const struct settings *s)
{
	char *err = NULL, dir[256], *slash;
	struct monitor *m;

	if (!s->monitor_socket[0])
		return NULL;
	snprintf(dir, sizeof dir, "%s", s->monitor_socket);
	if ((slash = strrchr(dir, '/')) && slash != dir) {
		struct group *gr = getgrnam(s->staff_group);
		*slash = '\0';
		if (mkdir(dir, 0750) == 0) {
			if (gr && chown(dir, (uid_t)-1, gr->gr_gid) < 0)
				syslog(LOG_WARNING, "%s: %s", dir, strerror(errno));
		} else if (errno != EEXIST) {
			syslog(LOG_WARNING, "%s: %s", dir, strerror(errno));
		}
	}
	m = monitor_open(s->monitor_socket, s->staff_group,
	                 s->staff_reset_allowed, &err);
	if (!m) {
		fprintf(stderr, "eidkiosk: staff monitor disabled: %s\n",
		        cause_text(err));
		syslog(LOG_WARNING, "staff monitor disabled: %s",
		       cause_text(err));
	}
	free(err);
	return m;
}

/* The audit trail, before the screen starts: the local file when it can be
 * used, else syslog only (said on stderr and syslog). The demo's made-up
 * cards go to syslog only. */
static struct audit *main_audit(const struct settings *s, bool demo)
{
	char *err = NULL;
	struct audit *a = audit_open(demo ? "" : s->audit_file,
	                             s->audit_key_file, s->terminal, &err);

	if (!a) {
		fprintf(stderr, "eidkiosk: audit file disabled: %s\n",
		        cause_text(err));
		syslog(LOG_WARNING, "audit file disabled: %s", cause_text(err));
		a = audit_open_disabled(cause_text(err));
	}
	free(err);
	audit_set_on_failure(a, s->audit_on_failure);
	return a;
}

/* --terminal NAME over the settings; -1 on a usage error (said). */
static int main_terminal(struct settings *s, const char *name)
{
	char *err = NULL;

	if (!name || settings_terminal(s, name, &err) == 0)
		return 0;
	fprintf(stderr, "eidkiosk: %s\n", cause_text(err));
	free(err);
	return -1;
}

/* eidkiosk --monitor. Under an sshd ForceCommand the command the staff
 * member asked for arrives in SSH_ORIGINAL_COMMAND: "reset", a kiosk's
 * terminal name, or both ("ssh kiosk reset", "ssh kiosk counter2"). */
static int main_monitor_client(struct settings *s, bool reset)
{
	const char *asked = getenv("SSH_ORIGINAL_COMMAND");
	char words[160], *w, *save = NULL;

	snprintf(words, sizeof words, "%s", asked ? asked : "");
	for (w = strtok_r(words, " \t", &save); w;
	     w = strtok_r(NULL, " \t", &save)) {
		if (strcmp(w, "reset") == 0 || strcmp(w, "--reset") == 0) {
			reset = true;
		} else if (s->terminal[0] || main_terminal(s, w) < 0) {
			fprintf(stderr, "eidkiosk: the monitor takes 'reset' and "
			        "one kiosk's terminal name, not '%s'\n", asked);
			return 2;
		}
	}
	return monitor_client_run(s->monitor_socket, reset);
}

/* eidkiosk --hash-staff-code [--iterations N]. */
static int main_hash_staff(const struct opts *o)
{
	unsigned long iter = STAFF_ITER_DEFAULT;
	char *end = NULL;

	if (o->iterations) {
		iter = strtoul(o->iterations, &end, 10);
		if (*o->iterations == '\0' || *end || iter < STAFF_ITER_MIN) {
			fprintf(stderr, "eidkiosk: --iterations takes a number of at "
			        "least %d\n", STAFF_ITER_MIN);
			return 2;
		}
	}
	return staff_code_cmd(stdin, stdout, stderr, iter);
}

/* The staff code's hash, for the kiosk only (the monitor and --card-info
 * never read it): a file others may read, or anything but a salted hash,
 * stops the start. */
static int main_staff_code(struct settings *s)
{
	char *err = NULL;

	if (!s->staff_code_file[0])
		return 0;
	if (staff_code_load(s->staff_code_file, &s->staff_code, &err) < 0)
		return main_fail(err, "eidkiosk: out of memory", 2);
	s->staff_code_set = true;
	return 0;
}

/* The speech helper, when citizens may use speech; without it the kiosk
 * serves on and tells whoever asks for speech that there is none. */
static struct speech *main_speech(const struct settings *s)
{
	struct speech *sp;
	char *why = NULL;

	if (!s->speech_enabled)
		return NULL;
	sp = speech_start(s, &why);
	if (!sp)
		syslog(LOG_WARNING, "%s", cause_text(why));
	free(why);
	return sp;
}

/* The kiosk itself: card service, terminal, loop. */
static int main_kiosk(const struct opts *o, struct settings *s,
                      const char *path, int lang,
                      struct lang *langs, const struct theme theme[2])
{
	struct loop_config lc = { .set = s, .demo = o->demo, .lang = lang,
	                          .config_path = path, .langs = langs };
	char *cause = NULL;
	sigset_t sigs;
	int status;

	/* ascii = "never" promises UTF-8: curses needs a UTF-8 locale for it */
	if (s->ascii == ASCII_NEVER && strcmp(nl_langinfo(CODESET), "UTF-8"))
		setlocale(LC_CTYPE, "C.UTF-8");
	secret_harden_process();
	if (secret_arena_init() < 0)
		syslog(LOG_WARNING, "secrets cannot be locked in memory");
	loop_block_signals(&sigs);       /* before any thread starts */
	if (!(lc.cs = main_card(o, s)))
		return 1;
	lc.mon = main_monitor(s);
	lc.audit = main_audit(s, o->demo);
	lc.speech = main_speech(s);
	monitor_set_audit(lc.mon, lc.audit);
	if (tty_start(s->kiosk, &cause) < 0) {
		main_fail(cause, "eidkiosk: cannot start the terminal", 1);
		speech_stop(lc.speech);
		monitor_close(lc.mon);
		audit_close(lc.audit);
		card_stop(lc.cs);
		return 1;
	}
	if (!(lc.ui = ui_new(s, langs, theme)))
		tty_fatal("out of memory");
	status = loop_run(&lc, &sigs);
	speech_stop(lc.speech);
	ui_free(lc.ui);
	tty_stop();
	monitor_close(lc.mon);       /* its last records before audit_stop */
	audit_close(lc.audit);
	card_stop(lc.cs);
	return status;
}

/* Configuration problems before the screen starts, all of them at once.
 * When the settings file itself is wrong, only its own problems: the other
 * files' paths come from it. */
static int main_config_ok(const struct settings *s, const char *cause)
{
	if (cause) {
		fprintf(stderr, "%s\n", cause);
		return 2;
	}
	return confcheck_all(s, NULL, stderr) > 0 ? 2 : 0;
}

/* The modes that need only a path of the settings: the monitor (its
 * socket), --audit-init and --verify-audit (the key). */
static int main_tool(const struct opts *o, struct settings *s)
{
	if (o->mode == M_MONITOR)
		return main_monitor_client(s, o->reset);
	if (o->mode == M_AUDIT_INIT)
		return audit_init(s->audit_key_file, o->key, stdout, stderr);
	return audit_verify(o->key, s->audit_key_file, o->files, o->nfiles,
	                    stdout, stderr);
}

/* The syslog tag: "eidkiosk", or "eidkiosk-NAME" for --terminal NAME, so
 * that the journal tells the kiosks of one machine apart. */
static const char *main_syslog_tag(const struct settings *s)
{
	static char tag[48];

	snprintf(tag, sizeof tag, "eidkiosk%s%s", s->terminal[0] ? "-" : "",
	         s->terminal);
	return tag;
}

int main(int argc, char **argv)
{
	struct lang langs[SETTINGS_MAX_LANGS];
	struct settings s;
	struct theme theme[2];
	struct opts o;
	const char *path;
	char *cause = NULL;
	int lang, rc;

	setlocale(LC_ALL, "");
	if (main_parse(argc, argv, &o) < 0)
		return 2;
	switch (o.mode) {
	case M_HELP: main_usage(stdout); return 0;
	case M_VERSION: main_version(); return 0;
	case M_DUMP_FSM: fsm_dump(&fsm_kiosk, stdout); return 0;
	case M_HASH_STAFF: return main_hash_staff(&o);
	default: break;
	}
	if (main_settings(&o, &s, &path, &cause) < 0 && !cause)
		cause = strdup("eidkiosk: cannot read the settings");
	if (main_terminal(&s, o.terminal) < 0) {
		free(cause);
		return 2;
	}
	if (o.mode == M_MONITOR || o.mode == M_VERIFY_AUDIT ||
	    o.mode == M_AUDIT_INIT)
		return cause ? main_fail(cause, "", 2) : main_tool(&o, &s);
	rc = main_overrides(&o, &s, path, &lang) < 0 ? 2
	     : o.mode == M_CHECK ? main_check(&s, path)
	     : main_config_ok(&s, cause);
	free(cause);
	if (rc != 0 || o.mode == M_CHECK)
		return rc;
	if (o.mode == M_CARD_INFO) {
		struct card_config cc = main_card_config(&s);
		return cardinfo_run(&cc, o.json, stdout, stderr);
	}
	if ((rc = main_staff_code(&s)) != 0)
		return rc;
	memset(langs, 0, sizeof langs);
	openlog(main_syslog_tag(&s), LOG_PID, LOG_USER);
	if ((rc = main_load_text(&s, langs, theme)) == 0)
		rc = main_kiosk(&o, &s, path, lang, langs, theme);
	for (int i = 0; i < SETTINGS_MAX_LANGS; i++)
		lang_free(&langs[i]);
	closelog();
	return rc;
}
