/* audit.c - the audit trail writer (audit.h): every record to syslog and,
 * when a file is set, to that file, chained to the one before by an HMAC
 * under a key that moves on with each record (audit_key.c). A record that
 * cannot be written yet waits in memory (audit_queue.c); the file's end is
 * compared with the kiosk's own note of it at start and whenever it moved
 * (audit_tail.c). What the kiosk shows staff comes from here. */
#include "build-config.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include "audit.h"
#include "audit_int.h"
#include "cause.h"

#define AUDIT_SYSLOG (LOG_AUTHPRIV | LOG_NOTICE)

/* An old trail with one fixed key: its key and file are set aside (.v1),
 * where they still verify (--key the .v1 key); 0 or -1 with *cause. */
static int audit_set_aside(struct audit *a, char **cause)
{
	char to[sizeof a->path + 4];

	snprintf(to, sizeof to, "%s.v1", a->key_path);
	if (access(to, F_OK) == 0 || rename(a->key_path, to) < 0) {
		cause_set(cause, "%s: cannot set the old fixed key aside as "
		          "%s", a->key_path, to);
		return -1;
	}
	snprintf(to, sizeof to, "%s.v1", a->path);
	if (access(a->path, F_OK) == 0 &&
	    (access(to, F_OK) == 0 || rename(a->path, to) < 0)) {
		cause_set(cause, "%s: cannot set the old trail aside as %s",
		          a->path, to);
		return -1;
	}
	syslog(LOG_AUTHPRIV | LOG_NOTICE, "audit: the trail with one fixed key "
	       "is now %s (its key %s.v1); a new trail starts", to, a->key_path);
	return 0;
}

/* A new trail: a random initial key, written next to the key file for the
 * operator to take away; 0 or -1 with *cause. */
static int audit_first_key(struct audit *a, char **cause)
{
	char initial[sizeof a->key_path + sizeof AUDIT_INITIAL_SUFFIX];
	unsigned char k1[AUDIT_KEY_LEN];
	int rc;

	snprintf(initial, sizeof initial, "%s%s", a->key_path,
	         AUDIT_INITIAL_SUFFIX);
	if (RAND_bytes(k1, sizeof k1) != 1) {
		cause_set(cause, "no random bytes for the audit key");
		return -1;
	}
	rc = audit_trail_new(a->key_path, k1, initial, NULL, cause);
	OPENSSL_cleanse(k1, sizeof k1);
	if (rc < 0 || audit_state_load(a->key_path, &a->st, cause) != 0)
		return -1;
	fprintf(stderr, "eidkiosk: audit: a new trail; its initial key is in "
	        "%s: move it off the kiosk, eidkiosk --verify-audit --key "
	        "needs it\n", initial);
	syslog(LOG_AUTHPRIV | LOG_NOTICE, "audit: a new trail; its initial key "
	       "is in %s: move it off the kiosk", initial);
	return 0;
}

/* The state from the key file, or a new trail; 0 or -1 with *cause. */
static int audit_keys_ready(struct audit *a, char **cause)
{
	int rc = audit_state_load(a->key_path, &a->st, cause);
	bool old = rc == 2;

	if (rc <= 0)
		return rc;
	if (old && audit_set_aside(a, cause) < 0)
		return -1;
	if (audit_first_key(a, cause) < 0)
		return -1;
	snprintf(a->open_note, sizeof a->open_note, " initial_key=made%s",
	         old ? " upgraded_from=fixed_key" : "");
	return 0;
}

/* A trail with no file yet; NULL when out of memory. */
static struct audit *audit_new(void)
{
	struct audit *a = calloc(1, sizeof *a);

	if (a)
		a->fd = -1;
	return a;
}

/* Open the trail (audit.h). */
struct audit *audit_open(const char *path, const char *key_path,
                         const char *terminal, char **cause)
{
	struct audit *a = audit_new();

	if (!a) {
		cause_set(cause, "out of memory");
		return NULL;
	}
	if (!path || !*path)
		return a;
	if (strlen(path) >= sizeof a->path ||
	    (key_path && strlen(key_path) >= sizeof a->key_path)) {
		cause_set(cause, "%s: name too long", path);
		free(a);
		return NULL;
	}
	snprintf(a->path, sizeof a->path, "%s", path);
	snprintf(a->key_path, sizeof a->key_path, "%s", key_path ? key_path : "");
	snprintf(a->terminal, sizeof a->terminal, "%s", terminal ? terminal : "");
	if (!a->key_path[0])
		cause_set(cause, "no audit key file set (audit.key_file)");
	if (!a->key_path[0] || audit_keys_ready(a, cause) < 0) {
		OPENSSL_cleanse(&a->st, sizeof a->st);
		free(a);
		return NULL;
	}
	audit_begin(a);
	return a;
}

/* A trail whose file cannot be used (audit.h). */
struct audit *audit_open_disabled(const char *why)
{
	struct audit *a = audit_new();

	if (a)
		a->disabled = true;
	syslog(LOG_AUTHPRIV | LOG_ERR, "audit: file disabled, syslog only: %s",
	       why ? why : "");
	return a;
}

/* The site's audit.on_failure (audit.h). */
void audit_set_on_failure(struct audit *a, const char *policy)
{
	if (a)
		a->stop = policy && strcmp(policy, "stop") == 0;
}

/* A record for the file: what waits goes first, then the file is checked
 * and what is owed is written, then this one. */
static int audit_put(struct audit *a, const char *event, const char *fields)
{
	if (a->qn > 0 || a->lost_first)
		audit_flush(a);
	if (a->qn == 0 && !a->lost_first) {
		audit_file_check(a, false);
		audit_announce(a);
	}
	return audit_emit(a, event, fields);
}

/* Record an event (audit.h). */
int audit_record(struct audit *a, const char *event, const char *fmt, ...)
{
	char raw[AUDIT_FIELDS_MAX], fields[AUDIT_FIELDS_MAX];
	char ev[AUDIT_EVENT_MAX + 1];
	va_list ap;

	if (!a)
		return 0;
	raw[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(raw, sizeof raw, fmt, ap);
		va_end(ap);
	}
	audit_fields_clean(raw, fields, sizeof fields);
	OPENSSL_cleanse(raw, sizeof raw);   /* in case a caller erred */
	audit_event_clean(event, ev);
	if (strncmp(ev, "audit_", 6) == 0) {   /* this module's own events */
		memmove(ev + 2, ev, sizeof ev - 3);
		memcpy(ev, "x_", 2);
		ev[AUDIT_EVENT_MAX] = '\0';
	}
	if (!a->path[0]) {
		syslog(AUDIT_SYSLOG, "event=%s%s%s", ev, *fields ? " " : "", fields);
		return a->disabled ? -1 : 0;
	}
	return audit_put(a, ev, fields);
}

/* Reopen the file now (audit.h). */
int audit_reopen(struct audit *a)
{
	if (!a || !a->path[0])
		return 0;
	if (a->qn > 0 || a->lost_first || a->fd < 0)
		return audit_flush(a);
	audit_file_check(a, true);
	audit_announce(a);
	return a->fd >= 0 && a->qn == 0 ? 0 : -1;
}

/* Write what waits, now (audit.h). */
int audit_retry(struct audit *a)
{
	if (!a || !a->path[0] || (a->qn == 0 && !a->lost_first))
		return 0;
	return audit_flush(a);
}

/* When the next retry is due (audit.h). */
int audit_retry_ms(const struct audit *a)
{
	struct timespec now;
	long long ms;

	if (!a || !a->path[0] || (a->qn == 0 && !a->lost_first))
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(a->retry_at.tv_sec - now.tv_sec) * 1000 +
	     (a->retry_at.tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : ms > AUDIT_RETRY_MAX_MS ? AUDIT_RETRY_MAX_MS : (int)ms;
}

/* Close the trail (audit.h). */
void audit_close(struct audit *a)
{
	if (!a)
		return;
	if (a->path[0])
		audit_put(a, "audit_stop", "");
	for (unsigned i = 0; i < a->qn; i++)
		free(a->q[(a->qhead + i) % AUDIT_QUEUE_MAX]);
	if (a->fd >= 0)
		close(a->fd);
	OPENSSL_cleanse(&a->st, sizeof a->st);
	free(a);
}

/* What is wrong, most urgent first (audit.h). */
const char *audit_alarm(const struct audit *a)
{
	if (!a)
		return NULL;
	if (a->disabled)
		return "disabled";
	if (a->lost_first)
		return "lost";
	if (a->qn > 0)
		return "held";
	if (a->found)
		return a->found;
	if (a->lost_total)
		return "lost";
	return a->key_stale ? "key_not_saved" : NULL;
}

/* Whether the site wants journeys to wait (audit.h). */
bool audit_blocking(const struct audit *a)
{
	return a && a->stop && (a->disabled || a->qn > 0 || a->lost_first);
}

/* The trail's state for staff (audit.h). */
void audit_status(const struct audit *a, struct audit_status *s)
{
	static const char *const words[] = { "ok", "held", "lost",
	                                     "syslog_only", "disabled" };

	memset(s, 0, sizeof *s);
	s->health = !a || (!a->path[0] && !a->disabled) ? AUDIT_SYSLOG_ONLY
	            : a->disabled ? AUDIT_DISABLED : a->lost_first ? AUDIT_LOST
	            : a->qn > 0 ? AUDIT_HELD : AUDIT_OK;
	s->word = words[s->health];
	if (!a)
		return;
	s->held = a->qn;
	s->lost = a->lost_total;
	s->found = a->found;
	s->key_stale = a->key_stale;
	s->seq = a->st.seq;
}

/* eidkiosk --audit-init (audit.h). */
int audit_init(const char *key_path, const char *initial_path, FILE *out,
               FILE *err)
{
	unsigned char k1[AUDIT_KEY_LEN];
	char *msg = NULL;
	int rc;

	if (!key_path || !*key_path || access(key_path, F_OK) == 0) {
		fprintf(err, "eidkiosk: %s: %s\n", key_path ? key_path : "",
		        key_path && *key_path ? "exists: an audit trail goes on "
		        "with it (to start anew, stop the kiosk and move it, its "
		        "initial key and the audit files away)"
		        : "no audit.key_file set");
		return 2;
	}
	if (RAND_bytes(k1, sizeof k1) != 1) {
		fprintf(err, "eidkiosk: no random bytes for the audit key\n");
		return 1;
	}
	rc = audit_trail_new(key_path, k1, initial_path, out, &msg);
	OPENSSL_cleanse(k1, sizeof k1);
	if (rc < 0) {
		fprintf(err, "eidkiosk: %s\n", cause_text(msg));
		free(msg);
		return 1;
	}
	if (initial_path)
		fprintf(out, "eidkiosk: a new audit trail: %s; its initial key "
		        "is in %s: keep it off the kiosk\n", key_path, initial_path);
	return 0;
}
